-- Empty the summary tables before engine_refresh_summaries() rebuilds them.
DELETE FROM payment_summary;
DELETE FROM finding_summary;
DELETE FROM record_units;
