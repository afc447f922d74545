-- Rebuild record_units: every region code a household, ledger row (through
-- payment_summary, rebuilt first), application or budget is coded at.
INSERT INTO record_units (region_code)
SELECT region_code FROM households
UNION SELECT region_code FROM payment_summary
UNION SELECT region_code FROM applications
UNION SELECT region_code FROM budgets
