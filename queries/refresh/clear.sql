-- Empty the summary tables before engine_refresh_summaries() rebuilds them.
DELETE FROM payment_summary;
DELETE FROM indicator_summary;
DELETE FROM summary_months;
DELETE FROM record_units;
