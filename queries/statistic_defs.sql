-- The columns of the monthly statement's statistics (indicators.md
-- "Statistics"), in order: column name and kind ('count', 'fen': summed up
-- the hierarchy; 'ratio': numerator / denominator, each summed, as REAL).
-- Categories: dibao_urban, dibao_rural (by the household's urban_rural),
-- tekun_centralized, tekun_dispersed (by the enrolment's care_mode; empty
-- counts as dispersed), edge, rigid, monitor.  Per category: households and
-- persons (distinct, of enrolments active at end of P; persons alive at
-- P.end), new (enrolments starting in P), ended (enrolments ending in P);
-- dibao and tekun money in P and year to date; dibao's persons-weighted
-- average standard and 月人均补助 (money paid in P / persons).  temp_*:
-- approved temp applications received in P (count) and their amounts, and
-- the same year to date.  Filled by stat_enrolments, stat_money, stat_temp.
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
UNION ALL SELECT 29, 'edge_households', 'count'
UNION ALL SELECT 30, 'edge_persons', 'count'
UNION ALL SELECT 31, 'edge_new', 'count'
UNION ALL SELECT 32, 'edge_ended', 'count'
UNION ALL SELECT 33, 'rigid_households', 'count'
UNION ALL SELECT 34, 'rigid_persons', 'count'
UNION ALL SELECT 35, 'rigid_new', 'count'
UNION ALL SELECT 36, 'rigid_ended', 'count'
UNION ALL SELECT 37, 'monitor_households', 'count'
UNION ALL SELECT 38, 'monitor_persons', 'count'
UNION ALL SELECT 39, 'monitor_new', 'count'
UNION ALL SELECT 40, 'monitor_ended', 'count'
UNION ALL SELECT 41, 'temp_count', 'count'
UNION ALL SELECT 42, 'temp_amount_fen', 'fen'
UNION ALL SELECT 43, 'temp_count_ytd', 'count'
UNION ALL SELECT 44, 'temp_amount_ytd_fen', 'fen'
ORDER BY 1
