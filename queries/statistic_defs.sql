-- The columns of the monthly statement's statistics (indicators.md
-- "Statistics"), in order: column name and kind ('count', 'fen': summed up
-- the hierarchy; 'ratio': numerator / denominator, each summed, as REAL).
-- Categories: dibao_urban, dibao_rural (by the household's urban_rural),
-- tekun_centralized, tekun_dispersed (by the enrolment's care_mode; empty
-- counts as dispersed), edge, rigid, monitor (防止返贫监测对象), other
-- (其他困难人员).  Per category: households and persons (distinct, of
-- enrolments active at end of P; persons alive at P.end), new (enrolments
-- starting in P), ended (enrolments ending in P); dibao and tekun money in
-- P and year to date; dibao's persons-weighted average standard and
-- 月人均补助 (money paid in P / persons); the tekun centralized share
-- (集中供养率: centralized persons / tekun persons at end of P).  temp_*:
-- approved temp applications received in P (count) and their amounts, and
-- the same year to date.  special_ITEM_* (专项救助, items medical, education,
-- housing, employment, disaster, heating, funeral, other): paid rows of P
-- (人次), money paid on rows of P, and year to date.  all_*: paid_month and
-- paid_ytd of every item (合计).  bank_* (一卡通核对): the paid rows of P
-- (amount_paid > 0), those of counties covered by bank returns in P
-- (checked: bank_reconciled's denominator), matched (its numerator), and
-- the rows of F_BANK_FAILED, F_BANK_AMOUNT and F_BANK_MISSING; the rate
-- matched / checked.  Filled by stat_enrolments, stat_money, stat_temp,
-- stat_bank.
SELECT 1 AS ord, 'dibao_urban_households' AS statistic, 'count' AS kind
UNION ALL SELECT 2, 'dibao_urban_persons', 'count'
UNION ALL SELECT 3, 'dibao_urban_new', 'count'
UNION ALL SELECT 4, 'dibao_urban_ended', 'count'
UNION ALL SELECT 5, 'dibao_urban_paid_month_fen', 'fen'
UNION ALL SELECT 6, 'dibao_urban_paid_ytd_fen', 'fen'
UNION ALL SELECT 7, 'dibao_urban_avg_standard_fen', 'ratio'
UNION ALL SELECT 8, 'dibao_urban_avg_benefit_fen', 'ratio'
UNION ALL SELECT 9, 'dibao_rural_households', 'count'
UNION ALL SELECT 10, 'dibao_rural_persons', 'count'
UNION ALL SELECT 11, 'dibao_rural_new', 'count'
UNION ALL SELECT 12, 'dibao_rural_ended', 'count'
UNION ALL SELECT 13, 'dibao_rural_paid_month_fen', 'fen'
UNION ALL SELECT 14, 'dibao_rural_paid_ytd_fen', 'fen'
UNION ALL SELECT 15, 'dibao_rural_avg_standard_fen', 'ratio'
UNION ALL SELECT 16, 'dibao_rural_avg_benefit_fen', 'ratio'
UNION ALL SELECT 17, 'tekun_centralized_households', 'count'
UNION ALL SELECT 18, 'tekun_centralized_persons', 'count'
UNION ALL SELECT 19, 'tekun_centralized_new', 'count'
UNION ALL SELECT 20, 'tekun_centralized_ended', 'count'
UNION ALL SELECT 21, 'tekun_centralized_paid_month_fen', 'fen'
UNION ALL SELECT 22, 'tekun_centralized_paid_ytd_fen', 'fen'
UNION ALL SELECT 23, 'tekun_dispersed_households', 'count'
UNION ALL SELECT 24, 'tekun_dispersed_persons', 'count'
UNION ALL SELECT 25, 'tekun_dispersed_new', 'count'
UNION ALL SELECT 26, 'tekun_dispersed_ended', 'count'
UNION ALL SELECT 27, 'tekun_dispersed_paid_month_fen', 'fen'
UNION ALL SELECT 28, 'tekun_dispersed_paid_ytd_fen', 'fen'
UNION ALL SELECT 29, 'tekun_centralized_share', 'ratio'
UNION ALL SELECT 30, 'edge_households', 'count'
UNION ALL SELECT 31, 'edge_persons', 'count'
UNION ALL SELECT 32, 'edge_new', 'count'
UNION ALL SELECT 33, 'edge_ended', 'count'
UNION ALL SELECT 34, 'rigid_households', 'count'
UNION ALL SELECT 35, 'rigid_persons', 'count'
UNION ALL SELECT 36, 'rigid_new', 'count'
UNION ALL SELECT 37, 'rigid_ended', 'count'
UNION ALL SELECT 38, 'monitor_households', 'count'
UNION ALL SELECT 39, 'monitor_persons', 'count'
UNION ALL SELECT 40, 'monitor_new', 'count'
UNION ALL SELECT 41, 'monitor_ended', 'count'
UNION ALL SELECT 42, 'other_households', 'count'
UNION ALL SELECT 43, 'other_persons', 'count'
UNION ALL SELECT 44, 'other_new', 'count'
UNION ALL SELECT 45, 'other_ended', 'count'
UNION ALL SELECT 46, 'temp_count', 'count'
UNION ALL SELECT 47, 'temp_amount_fen', 'fen'
UNION ALL SELECT 48, 'temp_count_ytd', 'count'
UNION ALL SELECT 49, 'temp_amount_ytd_fen', 'fen'
UNION ALL SELECT 50, 'special_medical_count', 'count'
UNION ALL SELECT 51, 'special_medical_paid_month_fen', 'fen'
UNION ALL SELECT 52, 'special_medical_paid_ytd_fen', 'fen'
UNION ALL SELECT 53, 'special_education_count', 'count'
UNION ALL SELECT 54, 'special_education_paid_month_fen', 'fen'
UNION ALL SELECT 55, 'special_education_paid_ytd_fen', 'fen'
UNION ALL SELECT 56, 'special_housing_count', 'count'
UNION ALL SELECT 57, 'special_housing_paid_month_fen', 'fen'
UNION ALL SELECT 58, 'special_housing_paid_ytd_fen', 'fen'
UNION ALL SELECT 59, 'special_employment_count', 'count'
UNION ALL SELECT 60, 'special_employment_paid_month_fen', 'fen'
UNION ALL SELECT 61, 'special_employment_paid_ytd_fen', 'fen'
UNION ALL SELECT 62, 'special_disaster_count', 'count'
UNION ALL SELECT 63, 'special_disaster_paid_month_fen', 'fen'
UNION ALL SELECT 64, 'special_disaster_paid_ytd_fen', 'fen'
UNION ALL SELECT 65, 'special_heating_count', 'count'
UNION ALL SELECT 66, 'special_heating_paid_month_fen', 'fen'
UNION ALL SELECT 67, 'special_heating_paid_ytd_fen', 'fen'
UNION ALL SELECT 68, 'special_funeral_count', 'count'
UNION ALL SELECT 69, 'special_funeral_paid_month_fen', 'fen'
UNION ALL SELECT 70, 'special_funeral_paid_ytd_fen', 'fen'
UNION ALL SELECT 71, 'special_other_count', 'count'
UNION ALL SELECT 72, 'special_other_paid_month_fen', 'fen'
UNION ALL SELECT 73, 'special_other_paid_ytd_fen', 'fen'
UNION ALL SELECT 74, 'all_paid_month_fen', 'fen'
UNION ALL SELECT 75, 'all_paid_ytd_fen', 'fen'
UNION ALL SELECT 76, 'bank_paid_rows', 'count'
UNION ALL SELECT 77, 'bank_checked_rows', 'count'
UNION ALL SELECT 78, 'bank_matched_rows', 'count'
UNION ALL SELECT 79, 'bank_failed_rows', 'count'
UNION ALL SELECT 80, 'bank_amount_rows', 'count'
UNION ALL SELECT 81, 'bank_missing_rows', 'count'
UNION ALL SELECT 82, 'bank_reconciled_rate', 'ratio'
ORDER BY 1
