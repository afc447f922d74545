-- Year-to-date money indicators of a unit and month, per region code inside
-- the unit: paid_ytd (amount_paid of ledger rows with period in
-- [year(P)-01, P], from the payment_summary table), budget_execution
-- (paid_ytd over the allocated money of budget rows of year(P)) and
-- matching_funds (allocated over required, of year(P)'s budget rows with
-- required set).  A budget coded at a county belongs to it and the units
-- above, never to a township.
-- Columns: region_code, indicator, numerator, denominator.
-- param: region region   the report unit
-- param: period month    the month (P)
WITH paid AS (
    SELECT region_code, SUM(paid_fen) AS paid
    FROM payment_summary
    WHERE period >= :period_year_start AND period <= :period
      AND region_code >= :region AND region_code < :region_end
    GROUP BY region_code
),
bud AS (
    SELECT region_code, SUM(allocated_fen) AS allocated,
           SUM(CASE WHEN required_fen IS NOT NULL THEN allocated_fen ELSE 0 END) AS allocated_req,
           SUM(CASE WHEN required_fen IS NOT NULL THEN required_fen ELSE 0 END) AS required
    FROM budgets
    WHERE year = :period_year_start / 100
      AND region_code >= :region AND region_code < :region_end
    GROUP BY region_code
)
SELECT region_code, 'paid_ytd' AS indicator, paid AS numerator, NULL AS denominator FROM paid
UNION ALL SELECT region_code, 'budget_execution', paid, 0 FROM paid
UNION ALL SELECT region_code, 'budget_execution', 0, allocated FROM bud
UNION ALL SELECT region_code, 'matching_funds', allocated_req, required FROM bud
