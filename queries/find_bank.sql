-- Findings of 一卡通 oversight on the ledger rows of a unit and month P
-- (indicators.md "Findings"): the paid rows (amount_paid > 0) with
-- period = P that belong to the unit, against the bank's return file of P
-- (a bank_returns row answers the ledger of its own period: a ledger row's
-- bank row is the one of its bank_ref with period P).
--   F_BANK_FAILED: the bank row's status is failed or reversed;
--   F_BANK_AMOUNT: it is success with an amount other than amount_paid;
--   F_BANK_MISSING: the row's county is covered by bank returns in P (some
--     bank_returns row of period P coded inside it) and the row has no
--     bank_ref or none with a bank row;
--   R_ACCOUNT_NAME: a payee in the roster whose bank row's account_name
--     differs from the payee's name (both trimmed of surrounding spaces,
--     ASCII and full-width U+3000: TRIM's second argument is those two);
--   R_SHARED_ACCOUNT: the row's account (its account_no, else its bank
--     row's) is the account of paid rows of P, of every region, whose
--     payees belong to at least shared_account_households households (a
--     payee's household: the persons row's, else the row's household_id,
--     else the payee's ID number; the parameter looked up for the row's own
--     region code); rows without an account are not examined.
-- Both R_ leads leave out the payees with a tekun enrolment of centralized
-- care in force during P (their own, or their household's): the money
-- goes to the care institution's account, under its name.
-- finding_rate_fen is amount_paid for an F_BANK_FAILED or F_BANK_AMOUNT
-- row with amount_due > 0 (finding_rate's numerator; the engine counts a
-- payment_id once whichever query names it).
-- Columns: code, region_code, payment_id, household_id (the ledger row's),
-- application_id, id_number_masked (the payee's), name_masked (the payee's
-- name, R_ACCOUNT_NAME), account_name_masked (the bank row's account_name),
-- account_no_masked (the account, R_SHARED_ACCOUNT), amount_fen
-- (amount_paid), detail, finding_rate_fen.  Full values, which every
-- output masks (src/base/mask.h).
-- param: region region   the report unit
-- param: period month    the month (P)
WITH
-- The payees of centralized care in P: a person's own tekun enrolment, or
-- every member of a household-scope one.
central AS MATERIALIZED (
    SELECT CASE WHEN e.id_number IS NULL THEN m.id_number ELSE e.id_number END AS id_number
    FROM enrolments e
    JOIN persons m ON m.household_id = e.household_id
    WHERE e.category = 'tekun' AND e.care_mode = 'centralized'
      AND (e.id_number IS NULL OR m.id_number = e.id_number)
      AND e.start_date <= :period_end
      AND (e.end_date IS NULL OR e.end_date >= :period_start
           OR e.gradual_exit_until >= :period_start)
),
-- Every paid row of P, of every region, with its bank row (the view
-- bank_ledger, queries/schema/v6.sql) and its payee's roster row, read
-- once (one pass over the month's ledger and one probe of each bank row
-- and roster row serve every rule below): its account, its payee's
-- household (payee_hh) and name, and whether the payee is of centralized
-- care.  Whether a row's county is covered is asked of the rows without a
-- bank row only (F_BANK_MISSING).
month AS MATERIALIZED (
    SELECT q.payment_id, q.region_code, q.household_id, q.id_number, q.amount_due_fen,
           q.amount_paid_fen, q.bank_ref, q.bank_found, q.status, q.bank_fen, q.reason,
           q.account_name, COALESCE(q.account_no, q.bank_account) AS account,
           CASE WHEN per.household_id IS NOT NULL THEN 'h' || per.household_id
                WHEN q.household_id IS NOT NULL THEN 'h' || q.household_id
                ELSE 'p' || q.id_number END AS payee_hh,
           per.id_number IS NOT NULL AS in_roster, per.name,
           q.id_number IN (SELECT id_number FROM central) AS central
    FROM bank_ledger q
    LEFT JOIN persons per ON per.id_number = q.id_number
    WHERE q.period = :period
),
-- The unit's paid rows of P.
bank_pay AS NOT MATERIALIZED (
    SELECT * FROM month WHERE region_code >= :region AND region_code < :region_end
),
-- Every paid row of P with an account, of every region, whose payee is not
-- of centralized care: its account and its payee's household.
accounts AS NOT MATERIALIZED (
    SELECT payment_id, account, payee_hh FROM month WHERE account IS NOT NULL AND NOT central
),
-- The smallest shared_account_households in force anywhere in P: an
-- account below it is shared for no row.
lowest AS (
    SELECT MIN(value_e6) AS min_e6
    FROM (SELECT value_e6 FROM params
          WHERE name = 'shared_account_households' AND effective_from <= :period
          UNION ALL
          SELECT value_e6 FROM param_defaults WHERE name = 'shared_account_households') v
),
shared AS MATERIALIZED (
    SELECT a.account, COUNT(DISTINCT a.payee_hh) AS households
    FROM accounts a
    GROUP BY a.account
    HAVING COUNT(DISTINCT a.payee_hh) * 1000000 >= (SELECT min_e6 FROM lowest)
),
-- The unit's rows on a shared account, with the parameter of their own
-- region code.
param_keys AS (
    SELECT u.payment_id, u.region_code, u.household_id, u.id_number, u.amount_due_fen,
           u.amount_paid_fen, u.account, s.households, 'shared_account_households' AS name
    FROM bank_pay u
    JOIN shared s ON s.account = u.account
    WHERE NOT u.central
),
-- include: lib/param_at.sql
on_shared AS (
    SELECT payment_id, region_code, household_id, id_number, amount_due_fen, amount_paid_fen,
           account, households, value_e6 AS min_e6
    FROM param_at
),
hit AS (
    SELECT 'F_BANK_FAILED' AS code, payment_id, region_code, household_id, id_number,
           amount_due_fen, amount_paid_fen, NULL AS name, NULL AS account_name, NULL AS account,
           '一卡通回盘状态为' || CASE status WHEN 'failed' THEN '失败' ELSE '退回' END
               || CASE WHEN reason IS NOT NULL THEN '（' || reason || '）' ELSE '' END
               || '，台账记为实发 ' || fmt_yuan(amount_paid_fen) || ' 元' AS detail
    FROM bank_pay WHERE status IN ('failed', 'reversed')
    UNION ALL
    SELECT 'F_BANK_AMOUNT', payment_id, region_code, household_id, id_number, amount_due_fen,
           amount_paid_fen, NULL, NULL, NULL,
           '一卡通回盘入账 ' || fmt_yuan(bank_fen) || ' 元，台账实发 '
               || fmt_yuan(amount_paid_fen) || ' 元'
    FROM bank_pay WHERE status = 'success' AND bank_fen <> amount_paid_fen
    UNION ALL
    SELECT 'F_BANK_MISSING', payment_id, region_code, household_id, id_number, amount_due_fen,
           amount_paid_fen, NULL, NULL, NULL,
           CASE WHEN bank_ref IS NULL THEN '台账无银行流水号，'
                ELSE '银行流水号 ' || bank_ref || ' ' END
               || '在本县本月的一卡通回盘中无记录'
    FROM bank_pay u WHERE bank_found IS NULL
      AND EXISTS (SELECT 1 FROM bank_returns c
                  WHERE c.period = :period
                    AND c.region_code >= u.region_code / 1000000 * 1000000
                    AND c.region_code < u.region_code / 1000000 * 1000000 + 1000000)
    UNION ALL
    SELECT 'R_ACCOUNT_NAME', u.payment_id, u.region_code, u.household_id, u.id_number,
           u.amount_due_fen, u.amount_paid_fen, u.name, u.account_name, NULL,
           '一卡通回盘户名 {account_name_masked} 与领款人姓名 {name_masked} 不一致'
    FROM bank_pay u
    WHERE u.bank_found IS NOT NULL AND u.in_roster AND NOT u.central
      AND TRIM(u.account_name, ' 　') <> TRIM(u.name, ' 　')
    UNION ALL
    SELECT 'R_SHARED_ACCOUNT', payment_id, region_code, household_id, id_number, amount_due_fen,
           amount_paid_fen, NULL, NULL, account,
           '收款账号 {account_no_masked} 本月为 ' || households || ' 户领款（'
               || ((min_e6 + 999999) / 1000000) || ' 户及以上为一卡多户）'
    FROM on_shared WHERE households * 1000000 >= min_e6
)
SELECT code, region_code, payment_id, household_id, NULL AS application_id,
       id_number AS id_number_masked, name AS name_masked, account_name AS account_name_masked,
       account AS account_no_masked, amount_paid_fen AS amount_fen, detail,
       CASE WHEN code IN ('F_BANK_FAILED', 'F_BANK_AMOUNT') AND amount_due_fen > 0
            THEN amount_paid_fen END AS finding_rate_fen
FROM hit
