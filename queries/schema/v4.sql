-- Schema version 4: payment_findings holds full values.
--
-- Until version 3 the stored rows of find_payments.sql carried the ID
-- number (and in F_UNDECLARED_RELATIVE's detail the staff member's name)
-- masked or not as the import that stored them was run, and every later
-- output showed them so.  Now the store keeps the full values: id_number,
-- and in a column of its own the name a finding's detail mentions (the
-- detail says {name_masked} where it goes); outputs mask them as they are
-- written (src/mask.h).  The old rows cannot be told apart, so they go:
-- with summary_months emptied, every month is computed from the base
-- tables until the next rebuild, which `init` runs right after this
-- upgrade (as every import does for the months it changes).
DELETE FROM payment_findings;
ALTER TABLE payment_findings RENAME COLUMN id_number_masked TO id_number;
ALTER TABLE payment_findings ADD COLUMN name TEXT;
DELETE FROM summary_months;
