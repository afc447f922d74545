/*
 * engine: the indicators, statistics and findings of indicators.md for a
 * region unit and a month, computed from the catalogue's SQL and rolled up
 * the hierarchy with rates pooled as sum(numerator) / sum(denominator).
 * Every function returns a new rs_table in *out (the caller frees it with
 * table_free) with the columns documented below; the renderers and the
 * command line consume these tables and nothing else.
 */
#ifndef RS_ENGINE_H
#define RS_ENGINE_H

#include <stdint.h>

#include "base/error.h"
#include "base/table.h"
#include "store/import.h"

typedef enum { LEVELS_SELF, LEVELS_CHILDREN, LEVELS_ALL } engine_levels;

/* Indicators for unit and period (yyyymm): unit itself (LEVELS_SELF), its
 * child units (LEVELS_CHILDREN: unit first, then its children), or it and
 * every unit below it that any record belongs to (LEVELS_ALL).  Columns:
 *   region_code INT, region_name TEXT, level TEXT ('county'...),
 *   period TEXT ('2024-09'), indicator TEXT (code, spec order),
 *   name TEXT (Chinese name), unit TEXT ('count' or 'fen': of num/den),
 *   numerator INT, denominator INT or NULL,
 *   value REAL or NULL (a rate as a fraction; for a money-only indicator
 *   the amount in yuan).
 * Rows are ordered by region_code, then indicator in the spec's order. */
rs_status engine_indicators(store *db, int64_t unit, int period, engine_levels levels,
                            rs_table **out, rs_error *e);

/* Findings for unit and period.  Columns: code TEXT, region_code INT,
 * period TEXT, payment_id TEXT, household_id TEXT, application_id TEXT,
 * id_number_masked TEXT, amount_fen INT or NULL, detail TEXT (Chinese
 * description of the evidence), then the values the detail may mention:
 * name_masked, account_name_masked, account_no_masked (TEXT or NULL).  The
 * values are full, as stored: an output masks them and fills the detail in
 * (mask_table), orders them again (engine_findings_sort) and need not show
 * the mentioned ones.  Ordered by code, region_code, payment_id,
 * application_id, household_id, id_number_masked, detail (full values).
 * For a month the import summarised, the payment rules' rows are
 * the stored ones (payment_findings) and the household rules run per child
 * unit on db and a twin connection (store_open_twin); for any other month the
 * payment rules run on the twin.  Without a twin, all runs on db. */
rs_status engine_findings(store *db, int64_t unit, int period, rs_table **out, rs_error *e);

/* The columns of engine_findings' table, in order; the last
 * ENGINE_FINDING_MENTIONED are the values its details mention, which an
 * output fills in (mask_table) and need not show. */
#define ENGINE_FINDING_NCOLS     12
#define ENGINE_FINDING_MENTIONED 3
extern const char *const engine_finding_cols[ENGINE_FINDING_NCOLS];

/* Order the findings t (engine_findings' table, the mentioned columns still there)
 * by code, region_code, payment_id, application_id, household_id,
 * id_number_masked and detail as they stand.  engine_findings orders its
 * full values; an output that masks them (mask_table) orders them again,
 * so that its rows are in the order of what it shows. */
void engine_findings_sort(rs_table *t);

/* Keep the rows of findings table t (engine_findings') whose code codes
 * names: a comma-separated list of codes (R_SHARED_ACCOUNT) and of
 * prefixes ending in '_' (R_, F_BANK_), for an export of some kinds alone.
 * Fails with RS_EUSAGE, t unchanged, when an entry is neither (a code is
 * F, E, R, O or Q, '_', then capital letters, digits and '_'); with t NULL
 * it only checks codes. */
rs_status engine_select_codes(rs_table *t, const char *codes, rs_error *e);

/* engine_findings computed in the background: on a second connection to
 * db's snapshot (store_open_twin), on a thread of its own.  NULL when no such
 * connection or thread can be had (or unit/period are invalid); the caller
 * then computes the findings itself. */
typedef struct engine_job engine_job;
engine_job *engine_findings_start(store *db, int64_t unit, int period);

/* Wait for job and free it: *out is its table, or the error its failure. */
rs_status engine_job_wait(engine_job *job, rs_table **out, rs_error *e);

/* Stop job (interrupting its queries), wait for it and free it; NULL is
 * allowed. */
void engine_job_cancel(engine_job *job);

/* The monthly statement's statistics (indicators.md "Statistics"): one row
 * per child unit of unit that any record belongs to, then one total row for
 * unit itself (its level column is 'total').  Columns: region_code,
 * region_name, level, then per category the counts and money listed in
 * engine.c's statistics column table (names such as
 * dibao_urban_households, dibao_urban_persons, dibao_urban_paid_month_fen,
 * dibao_urban_paid_ytd_fen, dibao_urban_avg_standard_fen (REAL),
 * dibao_urban_avg_benefit_fen (REAL), ..., temp_count, temp_amount_fen). */
rs_status engine_statistics(store *db, int64_t unit, int period, rs_table **out, rs_error *e);

/* Indicators of unit itself for the 12 months ending at period, oldest
 * first: the columns of engine_indicators, one row per month and indicator. */
rs_status engine_trend(store *db, int64_t unit, int period, rs_table **out, rs_error *e);

/* Rebuild the summary tables (payment_summary, record_units,
 * indicator_summary with payment_findings and summary_months) from the base
 * tables; the import calls it inside its transaction after loading
 * (import_options.refresh, which the commands set to this), so reports
 * stay fast.  Only a summary whose statements read a changed table
 * (or a summary rebuilt before it) is rebuilt, and only for the changed
 * ledger months when the ledger is all it reads of the changes.  changes
 * NULL rebuilds everything.  Every summarised query reads ledger rows of its
 * own month only (queries/README.md), which makes the months enough. */
rs_status engine_refresh_summaries(store *db, const import_changes *changes, rs_error *e);

#endif
