/*
 * engine: indicators, findings, statistics and trends for a region unit and
 * a month.  Every formula lives in the catalogue (queries/ind_*.sql,
 * find_*.sql, stat_*.sql, with the lists of indicators and statistics in
 * indicator_defs.sql and statistic_defs.sql); this file runs those queries
 * for the unit's code range, adds their per-region-code rows up the
 * hierarchy (engine_rollup), and shapes the result tables.
 *
 * Statistics columns (engine_statistics), in this order after region_code,
 * region_name, level; CAT is each of dibao_urban, dibao_rural,
 * tekun_centralized, tekun_dispersed, edge, rigid, monitor:
 *   CAT_households, CAT_persons, CAT_new, CAT_ended           INT
 *   for dibao_* and tekun_*: CAT_paid_month_fen, CAT_paid_ytd_fen  INT fen
 *   for dibao_*: CAT_avg_standard_fen, CAT_avg_benefit_fen    REAL fen or NULL
 *   then temp_count, temp_amount_fen, temp_count_ytd, temp_amount_ytd_fen.
 * (the exact list and order is queries/statistic_defs.sql).
 */
#include "engine/engine.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/home.h"
#include "base/parse.h"
#include "base/region.h"
#include "store/store.h"
#include "engine/catalog.h"
#include "engine/engine_rollup.h"
#include "engine/engine_units.h"

/* The arguments region=CODE, period=YYYY-MM of the engine's queries. */
typedef struct {
    int64_t unit;
    int month; /* yyyymm */
    char region[24];
    char period[16];
    catalog_arg args[2];
} unit_args;

static void unit_args_init(unit_args *a, int64_t unit, int period)
{
    a->unit = unit;
    a->month = period;
    snprintf(a->region, sizeof a->region, "%012lld", (long long)unit);
    month_format(period, a->period, sizeof a->period);
    a->args[0] = (catalog_arg){"region", a->region};
    a->args[1] = (catalog_arg){"period", a->period};
}

/* ---------------------------------------------------------------- helpers */

/* Text of column name in row of t, or NULL. */
static const char *cell_text(const rs_table *t, size_t row, const char *name)
{
    int c = table_col(t, name);
    const rs_value *v = c >= 0 ? table_cell(t, row, c) : NULL;
    return v && v->type == VAL_TEXT ? v->s : NULL;
}

/* The column "key" of a definitions table (indicator_defs or
 * statistic_defs) as a new array of borrowed strings; NULL on failure. */
static const char **def_keys(const rs_table *defs, const char *key, rs_error *e)
{
    const char **keys = rs_calloc(defs->nrows, sizeof *keys);
    for (size_t r = 0; r < defs->nrows; r++)
        if (!(keys[r] = cell_text(defs, r, key))) {
            rs_fail(e, RS_ETEMPLATE, "definitions lack column %s at row %zu", key, r + 1);
            free(keys);
            return NULL;
        }
    return keys;
}

/* Load a definitions query and start a rollup for unit with its keys. */
static rs_status start_rollup(store *db, const char *defs_query, const char *key, int64_t unit,
                              rs_table **defs, rollup **r, rs_error *e)
{
    const char **keys = NULL;
    rs_status s = catalog_run(db, defs_query, NULL, 0, defs, e);
    *r = NULL;
    if (s != RS_OK) return s;
    if (!(keys = def_keys(*defs, key, e))) return e->status;
    *r = rollup_new(unit, (int)(*defs)->nrows, keys);
    rollup_touch(*r, unit);
    free(keys);
    return s;
}

/* Run each query in names (NULL-terminated) for a and feed it into r. */
static rs_status feed_queries(store *db, rollup *r, const char *const *names, const unit_args *a,
                              rs_error *e)
{
    rs_status s = RS_OK;
    for (; *names && s == RS_OK; names++) {
        rs_table *t = NULL;
        if ((s = catalog_run(db, *names, a->args, 2, &t, e)) == RS_OK)
            s = rollup_add_table(r, t, *names, e);
        table_free(t);
    }
    return s;
}

/* Add to r the units records are coded at inside the unit: each record
 * unit itself (all_levels) or its ancestor one level below the unit. */
static rs_status touch_record_units(store *db, rollup *r, int64_t unit, bool all_levels,
                                    const unit_args *a, rs_error *e)
{
    rs_table *t = NULL;
    region_level lv = region_level_of(unit);
    rs_status s = catalog_run(db, "units_with_records", a->args, 1, &t, e);
    for (size_t row = 0; s == RS_OK && row < t->nrows; row++) {
        int64_t code = table_cell(t, row, 0)->i;
        if (region_level_of(code) <= lv) continue;
        if (!all_levels) code = region_ancestor(code, (region_level)(lv + 1));
        rollup_touch(r, code);
    }
    table_free(t);
    return s;
}

/* Division names of the unit's range, ordered by code (for name_of). */
static rs_status load_names(store *db, const unit_args *a, rs_table **names, rs_error *e)
{
    return catalog_run(db, "divisions_in", a->args, 1, names, e);
}

/* The name of code from names (ordered by code), or NULL. */
static const char *name_of(const rs_table *names, int64_t code)
{
    size_t lo = 0, hi = names->nrows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int64_t c = table_cell(names, mid, 0)->i;
        if (c == code) {
            const rs_value *v = table_cell(names, mid, 1);
            return v->type == VAL_TEXT ? v->s : NULL;
        }
        if (c < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Set region_code, region_name (the code where names has none) and level
 * (level_name, or the code's own level when NULL) in columns 0-2 of row. */
static void set_unit_cells(rs_table *t, size_t row, const rs_table *names, int64_t code,
                           const char *level_name)
{
    char digits[24];
    table_set_int(t, row, 0, code);
    table_set_text(t, row, 1, region_label(name_of(names, code), code, digits, sizeof digits));
    table_set_text(t, row, 2, level_name ? level_name : region_level_name(region_level_of(code)));
}

/* True if unit code is listed at `levels` below report unit `unit`. */
static bool unit_listed(int64_t code, int64_t unit, engine_levels levels)
{
    return code == unit || levels == LEVELS_ALL ||
           (levels == LEVELS_CHILDREN && region_parent(code) == unit);
}

/* The shared listing of units (engine_units.h). */
rs_status engine_touch_units(store *db, rollup *r, int64_t unit, engine_levels levels, rs_error *e)
{
    unit_args a;
    if (levels == LEVELS_SELF) return RS_OK;
    unit_args_init(&a, unit, 0);
    return touch_record_units(db, r, unit, levels == LEVELS_ALL, &a, e);
}

rs_status engine_unit_names(store *db, int64_t unit, rs_table **names, rs_error *e)
{
    unit_args a;
    unit_args_init(&a, unit, 0);
    return load_names(db, &a, names, e);
}

void engine_set_unit_cells(rs_table *t, size_t row, const rs_table *names, int64_t code)
{
    set_unit_cells(t, row, names, code, NULL);
}

bool engine_unit_listed(int64_t code, int64_t unit, engine_levels levels)
{
    return unit_listed(code, unit, levels);
}

/* ---------------------------------------------------------------- indicators */

/* The month-bound queries the import summarises, in families rebuilt on
 * their own (queries/schema/v6.sql): each family's indicator queries, whose
 * rows go to indicator_summary, and its finding query, whose rows go to
 * payment_findings, both stored with the family's name.  A bank return file
 * changes what the bank family reads and nothing the ledger family does, so
 * it rebuilds the bank rules of its months alone.  finding_rate's numerator
 * is the finding_rate_fen of every family's findings, one per payment_id. */
typedef struct {
    const char *name;
    const char *const *indicators; /* NULL-terminated */
    const char *findings;
} summary_family;

static const char *const ledger_indicators[] = {"ind_payments", "ind_households", NULL};
static const char *const bank_indicators[] = {"ind_bank", NULL};
static const summary_family families[] = {
    {"ledger", ledger_indicators, "find_payments"},
    {"bank", bank_indicators, "find_bank"},
};
#define NFAMILIES (sizeof families / sizeof families[0])

/* The indicator queries always run from the base tables, and the one that
 * reads the stored rows of the summarised ones. */
static const char *const unsummarised_queries[] = {"ind_ytd", "ind_applications", "ind_report",
                                                   NULL};
static const char *const summary_query[] = {"ind_summary", NULL};

/* finding_rate's numerator as indicator rows (region_code, 'finding_rate',
 * fen, NULL): the finding_rate_fen of the n finding results found, counted
 * once per payment_id whichever of them names it. */
static rs_status finding_rate_rows(rs_table *const *found, size_t n, rs_table **out, rs_error *e)
{
    static const char *const cols[] = {"region_code", "indicator", "numerator", "denominator"};
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    rs_status s = RS_OK;
    *out = table_new(4, cols);
    for (size_t i = 0; i < n && s == RS_OK; i++) {
        const rs_table *fp = found[i];
        int cf = table_col(fp, "finding_rate_fen"), cr = table_col(fp, "region_code"),
            cp = table_col(fp, "payment_id");
        if (cf < 0 || cr < 0 || cp < 0) {
            s = rs_fail(e, RS_ETEMPLATE,
                        "a finding query lacks region_code, payment_id or "
                        "finding_rate_fen");
            break;
        }
        for (size_t row = 0; row < fp->nrows; row++) {
            const rs_value *v = table_cell(fp, row, cf), *id = table_cell(fp, row, cp);
            if (v->type != VAL_INT || id->type != VAL_TEXT) continue;
            if (!g_hash_table_add(seen, id->s)) continue;
            size_t k = table_add_row(*out);
            table_set_text(*out, k, 1, "finding_rate");
            table_set_int(*out, k, 0, table_cell(fp, row, cr)->i);
            table_set_int(*out, k, 2, v->i);
        }
    }
    g_hash_table_destroy(seen);
    return s;
}

/* What to do with one query's (region_code, key, numerator, denominator)
 * rows: add them to a rollup, or store them in indicator_summary. */
typedef rs_status (*rows_fn)(void *ctx, const rs_table *t, const char *what, rs_error *e);

static rs_status add_to_rollup(void *r, const rs_table *t, const char *what, rs_error *e)
{
    return rollup_add_table(r, t, what, e);
}

/* Run family f's queries for a from the base tables: each indicator
 * query's rows go to fn, the finding query's result to *found (the
 * caller frees it). */
static rs_status family_rows(store *db, const summary_family *f, const unit_args *a, rows_fn fn,
                             void *ctx, rs_table **found, rs_error *e)
{
    rs_status s = RS_OK;
    *found = NULL;
    for (const char *const *q = f->indicators; *q && s == RS_OK; q++) {
        rs_table *t = NULL;
        if ((s = catalog_run(db, *q, a->args, 2, &t, e)) == RS_OK) s = fn(ctx, t, *q, e);
        table_free(t);
    }
    if (s == RS_OK) s = catalog_run(db, f->findings, a->args, 2, found, e);
    return s;
}

/* The summarised indicators of a computed from the base tables, every
 * family's, added to r (finding_rate's numerator from all their
 * findings). */
static rs_status summarised_rows(store *db, const unit_args *a, rollup *r, rs_error *e)
{
    rs_table *found[NFAMILIES] = {NULL}, *rate = NULL;
    rs_status s = RS_OK;
    for (size_t i = 0; i < NFAMILIES && s == RS_OK; i++)
        s = family_rows(db, &families[i], a, add_to_rollup, r, &found[i], e);
    if (s == RS_OK && (s = finding_rate_rows(found, NFAMILIES, &rate, e)) == RS_OK)
        s = rollup_add_table(r, rate, "finding_rate", e);
    table_free(rate);
    for (size_t i = 0; i < NFAMILIES; i++)
        table_free(found[i]);
    return s;
}

/* True (in *yes) if the import summarised a's month. */
static rs_status month_summarised(store *db, const unit_args *a, bool *yes, rs_error *e)
{
    rs_table *t = NULL;
    rs_status s = catalog_run(db, "summary_month", &a->args[1], 1, &t, e);
    *yes = s == RS_OK && t->nrows == 1 && table_cell(t, 0, 0)->type == VAL_INT &&
           table_cell(t, 0, 0)->i == 1;
    table_free(t);
    return s;
}

/* Append the indicator rows of every listed unit of r to out. */
static void indicator_rows(const rollup *r, const rs_table *defs, const rs_table *names,
                           int64_t unit, engine_levels levels, const char *period, rs_table *out)
{
    size_t n = 0;
    int64_t *units = rollup_units(r, &n);
    for (size_t u = 0; u < n; u++) {
        if (!unit_listed(units[u], unit, levels)) continue;
        for (size_t k = 0; k < defs->nrows; k++) {
            int64_t num = 0, den = 0;
            const char *kind = cell_text(defs, k, "kind");
            bool money = kind && strcmp(kind, "money") == 0;
            size_t row = table_add_row(out);
            rollup_get(r, units[u], (int)k, &num, &den);
            set_unit_cells(out, row, names, units[u], NULL);
            table_set_text(out, row, 3, period);
            table_set_text(out, row, 4, cell_text(defs, k, "indicator"));
            table_set_text(out, row, 5, cell_text(defs, k, "name"));
            table_set_text(out, row, 6, cell_text(defs, k, "unit"));
            table_set_int(out, row, 7, num);
            if (money) {
                table_set_real(out, row, 9, (double)num / 100.0);
            } else {
                table_set_int(out, row, 8, den);
                if (den != 0) table_set_real(out, row, 9, (double)num / (double)den);
            }
        }
    }
    free(units);
}

/* The indicators of one month appended to out (engine_indicators' rows). */
static rs_status indicators_into(store *db, int64_t unit, int period, engine_levels levels,
                                 rs_table *out, rs_error *e)
{
    unit_args a;
    rs_table *defs = NULL, *names = NULL;
    rollup *r = NULL;
    bool summarised = false;
    rs_status s;
    unit_args_init(&a, unit, period);
    if ((s = start_rollup(db, "indicator_defs", "indicator", unit, &defs, &r, e)) != RS_OK)
        goto done;
    if ((s = feed_queries(db, r, unsummarised_queries, &a, e)) != RS_OK ||
        (s = month_summarised(db, &a, &summarised, e)) != RS_OK)
        goto done;
    s = summarised ? feed_queries(db, r, summary_query, &a, e) : summarised_rows(db, &a, r, e);
    if (s != RS_OK) goto done;
    if (levels != LEVELS_SELF &&
        (s = touch_record_units(db, r, unit, levels == LEVELS_ALL, &a, e)) != RS_OK)
        goto done;
    if ((s = load_names(db, &a, &names, e)) != RS_OK) goto done;
    indicator_rows(r, defs, names, unit, levels, a.period, out);
done:
    rollup_free(r);
    table_free(defs);
    table_free(names);
    return s;
}

static const char *const indicator_cols[] = {"region_code", "region_name", "level", "period",
                                             "indicator",   "name",        "unit",  "numerator",
                                             "denominator", "value"};

/* Fail unless unit is a valid code and period a real month (engine_units.h). */
rs_status engine_check_unit_period(int64_t unit, int period, rs_error *e)
{
    if (region_level_of(unit) == LEVEL_NONE)
        return rs_fail(e, RS_EUSAGE, "%lld is not a region code", (long long)unit);
    if (period < 100001 || period % 100 < 1 || period % 100 > 12)
        return rs_fail(e, RS_EUSAGE, "%d is not a month (yyyymm)", period);
    return RS_OK;
}

rs_status engine_indicators(store *db, int64_t unit, int period, engine_levels levels,
                            rs_table **out, rs_error *e)
{
    rs_status s = engine_check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    *out = table_new(10, indicator_cols);
    if ((s = indicators_into(db, unit, period, levels, *out, e)) != RS_OK) {
        table_free(*out);
        *out = NULL;
    }
    return s;
}

rs_status engine_trend(store *db, int64_t unit, int period, rs_table **out, rs_error *e)
{
    rs_status s = engine_check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    *out = table_new(10, indicator_cols);
    for (int m = month_add(period, -11); s == RS_OK && m <= period; m = month_add(m, 1))
        s = indicators_into(db, unit, m, LEVELS_SELF, *out, e);
    if (s != RS_OK) {
        table_free(*out);
        *out = NULL;
    }
    return s;
}

/* ---------------------------------------------------------------- findings */

/* The columns of the findings (engine.h), then the values a detail may
 * mention ({name_masked}: a person's name; {account_name_masked}: an
 * account holder's; {account_no_masked}: an account), which a query may
 * leave out.  The values are full, as the queries' and the store's: masking
 * is the outputs' (mask_table() fills the mentions in; an output that shows
 * the columns by name leaves the mentioned ones out). */
const char *const engine_finding_cols[ENGINE_FINDING_NCOLS] = {"code",
                                                               "region_code",
                                                               "period",
                                                               "payment_id",
                                                               "household_id",
                                                               "application_id",
                                                               "id_number_masked",
                                                               "amount_fen",
                                                               "detail",
                                                               "name_masked",
                                                               "account_name_masked",
                                                               "account_no_masked"};
#define MENTIONED_COL (ENGINE_FINDING_NCOLS - ENGINE_FINDING_MENTIONED)

/* One finding query run over one unit. */
typedef struct {
    const char *query;
    int64_t unit;
} finding_part;

/* Compare two text-or-NULL cells; NULL first. */
static int cmp_text(const rs_value *a, const rs_value *b)
{
    if (a->type != VAL_TEXT || b->type != VAL_TEXT)
        return (a->type == VAL_TEXT) - (b->type == VAL_TEXT);
    return strcmp(a->s, b->s);
}

/* Order of findings rows: code, region_code, payment_id, application_id,
 * household_id, id_number_masked, detail (column indexes of engine_finding_cols):
 * the order does not depend on which query or connection found a row. */
static int cmp_finding(const void *pa, const void *pb)
{
    const rs_value *a = pa, *b = pb;
    static const int text_order[] = {3, 5, 4, 6, 8};
    int c = cmp_text(&a[0], &b[0]);
    if (c) return c;
    if (a[1].i != b[1].i) return a[1].i < b[1].i ? -1 : 1;
    for (size_t k = 0; k < sizeof text_order / sizeof text_order[0]; k++)
        if ((c = cmp_text(&a[text_order[k]], &b[text_order[k]]))) return c;
    return 0;
}

void engine_findings_sort(rs_table *t)
{
    if (t->ncols == ENGINE_FINDING_NCOLS &&
        t->nrows > 1) /* no rows: cells may be NULL, not for qsort */
        qsort(t->cells, t->nrows, ENGINE_FINDING_NCOLS * sizeof *t->cells, cmp_finding);
}

/* Append the rows of finding query result t to out, with period set (and
 * the mentioned values empty where t has none). */
static rs_status append_findings(rs_table *out, const rs_table *t, const char *what,
                                 const char *period, rs_error *e)
{
    int src[ENGINE_FINDING_NCOLS];
    for (int c = 0; c < ENGINE_FINDING_NCOLS; c++) {
        src[c] = table_col(t, engine_finding_cols[c]);
        if (src[c] < 0 && c != 2 && c < MENTIONED_COL)
            return rs_fail(e, RS_ETEMPLATE, "%s lacks column %s", what, engine_finding_cols[c]);
    }
    for (size_t row = 0; row < t->nrows; row++) {
        size_t r = table_add_row(out);
        table_set_text(out, r, 2, period);
        for (int c = 0; c < ENGINE_FINDING_NCOLS; c++)
            if (src[c] >= 0 && c != 2) table_copy_value(out, r, c, table_cell(t, row, src[c]));
    }
    return RS_OK;
}

/* Run the n parts for month period on db, appending their rows to out. */
static rs_status run_parts(store *db, const finding_part *parts, size_t n, int period,
                           rs_table *out, rs_error *e)
{
    rs_status s = RS_OK;
    for (size_t i = 0; i < n && s == RS_OK; i++) {
        unit_args a;
        rs_table *t = NULL;
        unit_args_init(&a, parts[i].unit, period);
        if ((s = catalog_run(db, parts[i].query, a.args, 2, &t, e)) == RS_OK)
            s = append_findings(out, t, parts[i].query, a.period, e);
        table_free(t);
    }
    return s;
}

/* Work run on a second connection to the caller's snapshot, on a thread
 * of its own (engine_findings_start, and part of engine_findings). */
struct engine_job {
    GThread *thread;
    store *db; /* the twin (store_open_twin) */
    rs_status (*run)(engine_job *j);
    const finding_part *parts; /* for run_job_parts */
    size_t nparts;
    int64_t unit;
    int period;
    rs_table *t;
    rs_status s;
    rs_error e;
};

static gpointer job_main(gpointer p)
{
    engine_job *j = p;
    j->s = j->run(j);
    return NULL;
}

/* Start run on a twin of db; NULL when no twin or no thread can be had. */
static engine_job *job_start(store *db, rs_status (*run)(engine_job *), engine_job init)
{
    engine_job *j = rs_calloc(1, sizeof *j);
    *j = init;
    j->run = run;
    store_open_twin(db, &j->db);
    if (!j->db || !(j->thread = g_thread_try_new("reliefstat", job_main, j, NULL))) {
        store_close(j->db);
        free(j);
        return NULL;
    }
    return j;
}

rs_status engine_job_wait(engine_job *j, rs_table **out, rs_error *e)
{
    rs_status s;
    g_thread_join(j->thread);
    store_close(j->db);
    *out = j->s == RS_OK ? j->t : NULL;
    if (j->s != RS_OK) table_free(j->t);
    s = j->s == RS_OK ? RS_OK : rs_fail(e, j->s, "%s", j->e.msg);
    free(j);
    return s;
}

void engine_job_cancel(engine_job *j)
{
    rs_table *t = NULL;
    rs_error ignored;
    if (!j) return;
    store_interrupt(j->db);
    engine_job_wait(j, &t, &ignored);
    table_free(t);
}

static rs_status run_job_parts(engine_job *j)
{
    j->t = table_new(ENGINE_FINDING_NCOLS, engine_finding_cols);
    return run_parts(j->db, j->parts, j->nparts, j->period, j->t, &j->e);
}

static rs_status run_findings(engine_job *j)
{
    return engine_findings(j->db, j->unit, j->period, &j->t, &j->e);
}

engine_job *engine_findings_start(store *db, int64_t unit, int period)
{
    rs_error ignored;
    if (engine_check_unit_period(unit, period, &ignored) != RS_OK) return NULL;
    return job_start(db, run_findings, (engine_job){.unit = unit, .period = period});
}

/* A child unit and its number of households. */
typedef struct {
    int64_t code, households;
} child_unit;

/* The child units of unit that have households, largest first, in *out (*n
 * of them; none for a village). */
static rs_status household_children(store *db, int64_t unit, child_unit **out, size_t *n,
                                    rs_error *e)
{
    static const char sql[] = "SELECT region_code / :span * :span, COUNT(*) FROM households "
                              "WHERE region_code >= :unit AND region_code < :unit_end "
                              "GROUP BY 1 ORDER BY 2 DESC, 1";
    region_level lv = region_level_of(unit);
    int64_t child_span = 1;
    store_stmt *st = NULL;
    rs_status s;
    bool row;
    *out = NULL;
    *n = 0;
    if (lv >= LEVEL_VILLAGE) return RS_OK;
    for (int d = region_digits(lv + 1); d < 12; d++)
        child_span *= 10;
    if ((s = store_prepare(db, sql, &st, e)) != RS_OK) return s;
    store_bind_int64(st, ":span", child_span);
    store_bind_int64(st, ":unit", unit);
    store_bind_int64(st, ":unit_end", unit + region_span(unit));
    while ((s = store_step(st, &row, e)) == RS_OK && row) {
        *out = rs_realloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = (child_unit){store_column_int64(st, 0), store_column_int64(st, 1)};
    }
    store_finalize(st);
    return s;
}

/* The plan of a findings run: the finding queries and the units they run
 * over, on this connection (mine) and on the twin (twin). */
typedef struct {
    finding_part *mine, *twin;
    size_t nmine, ntwin;
} findings_plan;

/* Share the household rules of a summarised month between the two
 * connections: per child unit, largest first, on whichever has fewer
 * households so far (households are coded at villages, so the children
 * cover them all); the twin starts with the ledger-history rules, counted
 * as a seventh of the unit's households (their cost at region scale). */
static void plan_households(findings_plan *p, int64_t unit, const child_unit *children, size_t n)
{
    int64_t load_mine = 0, load_twin = 0;
    for (size_t i = 0; i < n; i++)
        load_twin += children[i].households / 7;
    if (n < 2) p->mine[p->nmine++] = (finding_part){"find_households", unit};
    for (size_t i = 0; n >= 2 && i < n; i++) {
        finding_part part = {"find_households", children[i].code};
        if (load_twin <= load_mine) {
            p->twin[p->ntwin++] = part;
            load_twin += children[i].households;
        } else {
            p->mine[p->nmine++] = part;
            load_mine += children[i].households;
        }
    }
}

/* Plan the findings of a on db's two cores.  For a month the import
 * summarised, the payment rules' rows are stored (find_payments_summary)
 * and the household rules (the bulk of the work) are shared out
 * (plan_households).  For any other month the payment and bank rules
 * (each family's finding query), which cost about as much as the household
 * rules, run on the twin.  The rules comparing a ledger row with the
 * payee's other months are never summarised: they run on the twin first.
 * Without a twin, run_plan runs everything here in turn. */
static rs_status plan_findings(store *db, const unit_args *a, findings_plan *p, rs_error *e)
{
    bool summarised = false;
    child_unit *children = NULL;
    size_t nchildren = 0;
    rs_status s;
    if ((s = month_summarised(db, a, &summarised, e)) != RS_OK ||
        (summarised && (s = household_children(db, a->unit, &children, &nchildren, e)) != RS_OK))
        return s;
    p->mine = rs_calloc(nchildren + 4 + NFAMILIES, sizeof *p->mine); /* room for twin's too */
    p->twin = rs_calloc(nchildren + 1 + NFAMILIES, sizeof *p->twin);
    p->mine[p->nmine++] = (finding_part){"find_applications", a->unit};
    p->mine[p->nmine++] = (finding_part){"find_exits", a->unit};
    p->twin[p->ntwin++] = (finding_part){"find_ledger_history", a->unit};
    if (!summarised) {
        for (size_t i = 0; i < NFAMILIES; i++)
            p->twin[p->ntwin++] = (finding_part){families[i].findings, a->unit};
        p->mine[p->nmine++] = (finding_part){"find_households", a->unit};
    } else {
        p->mine[p->nmine++] = (finding_part){"find_payments_summary", a->unit};
        plan_households(p, a->unit, children, nchildren);
    }
    free(children);
    return RS_OK;
}

/* Run plan p for a on db and its twin, appending the rows to res. */
static rs_status run_plan(store *db, findings_plan *p, const unit_args *a, rs_table *res,
                          rs_error *e)
{
    engine_job *job = NULL;
    rs_status s;
    if (p->ntwin &&
        !(job =
              job_start(db, run_job_parts,
                        (engine_job){.parts = p->twin, .nparts = p->ntwin, .period = a->month}))) {
        memcpy(p->mine + p->nmine, p->twin, p->ntwin * sizeof *p->twin); /* no twin: run here */
        p->nmine += p->ntwin;
    }
    s = run_parts(db, p->mine, p->nmine, a->month, res, e);
    if (job && s != RS_OK) { /* failed or cancelled (engine_job_cancel): stop the twin too */
        engine_job_cancel(job);
        job = NULL;
    }
    if (job) {
        rs_error je;
        rs_table *t = NULL;
        rs_status js = engine_job_wait(job, &t, &je);
        if (s == RS_OK && js != RS_OK) s = rs_fail(e, js, "%s", je.msg);
        if (s == RS_OK) s = append_findings(res, t, "findings", a->period, e);
        table_free(t);
    }
    return s;
}

rs_status engine_findings(store *db, int64_t unit, int period, rs_table **out, rs_error *e)
{
    unit_args a;
    findings_plan plan = {0};
    rs_table *res = NULL;
    rs_status s = engine_check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    unit_args_init(&a, unit, period);
    if ((s = plan_findings(db, &a, &plan, e)) == RS_OK) {
        res = table_new(ENGINE_FINDING_NCOLS, engine_finding_cols);
        s = run_plan(db, &plan, &a, res, e);
    }
    if (s == RS_OK) engine_findings_sort(res);
    free(plan.mine);
    free(plan.twin);
    if (s != RS_OK) table_free(res);
    *out = s == RS_OK ? res : NULL;
    return s;
}

/* True if the n bytes at s are a finding code or a prefix of one ending in
 * '_': F, E, R, O or Q, '_', then capital letters, digits and '_'. */
static bool code_pattern(const char *s, size_t n)
{
    if (n < 2 || !strchr("FEROQ", s[0]) || s[1] != '_') return false;
    for (size_t i = 2; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* True if code is named by codes (a list that engine_select_codes checked). */
static bool code_selected(const char *codes, const char *code)
{
    for (const char *p = codes; *p;) {
        size_t n = strcspn(p, ",");
        if (p[n - 1] == '_' ? strncmp(code, p, n) == 0
                            : strlen(code) == n && strncmp(code, p, n) == 0)
            return true;
        p += n + (p[n] == ',');
    }
    return false;
}

rs_status engine_select_codes(rs_table *t, const char *codes, rs_error *e)
{
    int cc = t ? table_col(t, "code") : -1;
    bool *keep = NULL;
    for (const char *p = codes;; p++) {
        size_t n = strcspn(p, ",");
        if (!code_pattern(p, n))
            return rs_fail(e, RS_EUSAGE,
                           "--codes '%s': '%.*s' is not a finding code or a prefix of one "
                           "(F_, E_, R_, O_, Q_, R_SHARED_ACCOUNT, F_BANK_, ...)",
                           codes, (int)n, p);
        p += n;
        if (!*p) break;
    }
    if (!t) return RS_OK;
    if (cc < 0) return rs_fail(e, RS_EINTERNAL, "the findings have no code column");
    keep = rs_calloc(t->nrows ? t->nrows : 1, sizeof *keep);
    for (size_t r = 0; r < t->nrows; r++) {
        const rs_value *v = table_cell(t, r, cc);
        keep[r] = v->type == VAL_TEXT && code_selected(codes, v->s);
    }
    table_keep_rows(t, keep);
    free(keep);
    return RS_OK;
}

/* ---------------------------------------------------------------- statistics */

static const char *const statistic_queries[] = {"stat_enrolments", "stat_money", "stat_temp",
                                                "stat_bank", NULL};

/* A new statistics table: region_code, region_name, level and the columns
 * of defs. */
static rs_table *new_statistics_table(const rs_table *defs)
{
    const char **cols = rs_calloc(defs->nrows + 3, sizeof *cols);
    rs_table *t = NULL;
    cols[0] = "region_code";
    cols[1] = "region_name";
    cols[2] = "level";
    for (size_t k = 0; k < defs->nrows; k++)
        cols[k + 3] = cell_text(defs, k, "statistic");
    t = table_new((int)defs->nrows + 3, cols);
    free(cols);
    return t;
}

/* Append the statistics row of code (labelled level_name, or its own level
 * when NULL) to out. */
static void statistics_row(rs_table *out, const rollup *r, const rs_table *defs,
                           const rs_table *names, int64_t code, const char *level_name)
{
    size_t row = table_add_row(out);
    set_unit_cells(out, row, names, code, level_name);
    for (size_t k = 0; k < defs->nrows; k++) {
        int64_t num = 0, den = 0;
        const char *kind = cell_text(defs, k, "kind");
        rollup_get(r, code, (int)k, &num, &den);
        if (kind && strcmp(kind, "ratio") == 0) {
            if (den != 0) table_set_real(out, row, (int)k + 3, (double)num / (double)den);
        } else {
            table_set_int(out, row, (int)k + 3, num);
        }
    }
}

rs_status engine_statistics(store *db, int64_t unit, int period, rs_table **out, rs_error *e)
{
    unit_args a;
    rs_table *defs = NULL, *names = NULL, *res = NULL;
    rollup *r = NULL;
    int64_t *units = NULL;
    size_t n = 0;
    rs_status s = engine_check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    unit_args_init(&a, unit, period);
    if ((s = start_rollup(db, "statistic_defs", "statistic", unit, &defs, &r, e)) != RS_OK)
        goto done;
    if ((s = feed_queries(db, r, statistic_queries, &a, e)) != RS_OK) goto done;
    if ((s = touch_record_units(db, r, unit, false, &a, e)) != RS_OK) goto done;
    if ((s = load_names(db, &a, &names, e)) != RS_OK) goto done;
    res = new_statistics_table(defs);
    units = rollup_units(r, &n);
    for (size_t u = 0; u < n; u++)
        if (region_parent(units[u]) == unit) statistics_row(res, r, defs, names, units[u], NULL);
    statistics_row(res, r, defs, names, unit, "total");
    *out = res;
    res = NULL;
done:
    free(units);
    rollup_free(r);
    table_free(defs);
    table_free(names);
    table_free(res);
    return s;
}

/* ---------------------------------------------------------------- summaries */

/* The SQL text of the file rel below the home directory, in *sql (freed by
 * the caller). */
static rs_status read_sql(const char *rel, char **sql, rs_error *e)
{
    char *path = home_path(rel);
    rs_status s = file_read(path, sql, NULL, e);
    free(path);
    return s;
}

/* Run the rel file (one or more statements without parameters) on db. */
static rs_status exec_file(store *db, const char *rel, rs_error *e)
{
    char *sql = NULL;
    rs_status s;
    if ((s = read_sql(rel, &sql, e)) == RS_OK && (s = store_exec(db, sql, e)) != RS_OK)
        rs_error_prefix(e, "%s", rel);
    free(sql);
    return s;
}

/* Run the prepared payment_summary.sql q (statement st) for month. */
static rs_status summarise_payments(store *db, const catalog_query *q, store_stmt *st, int month,
                                    rs_error *e)
{
    char text[16];
    catalog_arg arg = {"period", text};
    rs_status s;
    month_format(month, text, sizeof text);
    if ((s = catalog_bind(q, st, &arg, 1, e)) != RS_OK) return s;
    if ((s = store_run(st, e)) != RS_OK) rs_error_prefix(e, "%s", q->path);
    return s;
}

/* Rebuild payment_summary for month, or month by month for 0. */
static rs_status refresh_payment_summary(store *db, int month, rs_error *e)
{
    catalog_query *periods_q = NULL, *insert_q = NULL;
    store_stmt *periods = NULL, *insert = NULL;
    rs_status s;
    bool row = false;
    if ((s = store_exec_with(db, "DELETE FROM payment_summary WHERE :month IN (0, period)",
                             ":month", month, e)) != RS_OK ||
        (s = catalog_load_file("queries/refresh/ledger_periods.sql", &periods_q, e)) != RS_OK ||
        (s = catalog_load_file("queries/refresh/payment_summary.sql", &insert_q, e)) != RS_OK)
        goto done;
    if ((s = catalog_prepare(db, periods_q, NULL, 0, &periods, e)) != RS_OK ||
        (s = store_prepare(db, insert_q->sql, &insert, e)) != RS_OK)
        goto done;
    if (month) {
        s = summarise_payments(db, insert_q, insert, month, e);
        goto done;
    }
    while (s == RS_OK && (s = store_step(periods, &row, e)) == RS_OK && row)
        s = summarise_payments(db, insert_q, insert, (int)store_column_int64(periods, 0), e);
    if (s != RS_OK && !row) rs_error_prefix(e, "%s", periods_q->path);
done:
    store_finalize(periods);
    store_finalize(insert);
    catalog_free(periods_q);
    catalog_free(insert_q);
    return s;
}

/* Where summarised rows go: the prepared INSERTs of
 * queries/refresh/indicator_summary.sql and payment_findings.sql, the
 * month and the family. */
typedef struct {
    store *db;
    store_stmt *insert;   /* indicator_summary */
    store_stmt *findings; /* payment_findings */
    int period;
    const char *family;
} summary_sink;

/* Bind cell v of an indicator row to parameter name (a REAL truncated as
 * the rollup does, anything else but an integer as NULL). */
static void bind_count(store_stmt *st, const char *name, const rs_value *v)
{
    if (v->type == VAL_INT)
        store_bind_int64(st, name, v->i);
    else if (v->type == VAL_REAL)
        store_bind_int64(st, name, (int64_t)v->d);
    else
        store_bind_null(st, name);
}

static rs_status store_rows(void *ctx, const rs_table *t, const char *what, rs_error *e)
{
    summary_sink *k = ctx;
    rs_status s = rollup_check_table(t, what, e);
    for (size_t row = 0; s == RS_OK && row < t->nrows; row++) {
        store_bind_int64(k->insert, ":period", k->period);
        bind_count(k->insert, ":region_code", table_cell(t, row, 0));
        store_bind_text_ref(k->insert, ":indicator", table_cell(t, row, 1)->s);
        bind_count(k->insert, ":numerator", table_cell(t, row, 2));
        bind_count(k->insert, ":denominator", table_cell(t, row, 3));
        store_bind_text_ref(k->insert, ":family", k->family);
        if ((s = store_run(k->insert, e)) != RS_OK) rs_error_prefix(e, "indicator_summary");
    }
    return s;
}

/* Store the rows of finding query result fp in payment_findings: :period
 * is the month, :family the family, every other :NAME the column of that
 * name (NULL where fp has none). */
static rs_status store_findings(summary_sink *k, const rs_table *fp, rs_error *e)
{
    store_stmt *st = k->findings;
    int n = store_param_count(st), col[32];
    rs_status s = RS_OK;
    if (n > (int)(sizeof col / sizeof *col))
        return rs_fail(e, RS_ETEMPLATE, "payment_findings.sql: too many parameters");
    for (int i = 1; i <= n; i++) {
        const char *name = store_param_name(st, i);
        if (!name) return rs_fail(e, RS_ETEMPLATE, "payment_findings.sql: unnamed parameter");
        col[i - 1] = table_col(fp, name + 1);
        if (!strcmp(name + 1, "period"))
            store_bind_int64(st, name, k->period);
        else if (!strcmp(name + 1, "family"))
            store_bind_text_ref(st, name, k->family);
        else if (col[i - 1] < 0)
            store_bind_null(st, name);
    }
    for (size_t row = 0; row < fp->nrows && s == RS_OK; row++) {
        for (int i = 1; i <= n; i++) {
            const rs_value *v = col[i - 1] < 0 ? NULL : table_cell(fp, row, col[i - 1]);
            if (v && v->type == VAL_TEXT)
                store_bind_text_ref(st, store_param_name(st, i), v->s);
            else if (v)
                bind_count(st, store_param_name(st, i), v);
        }
        if ((s = store_run(st, e)) != RS_OK) rs_error_prefix(e, "payment_findings");
    }
    return s;
}

/* Prepare the statement of queries/refresh/NAME.sql in *st. */
static rs_status prepare_refresh(store *db, const char *rel, store_stmt **st, rs_error *e)
{
    char *sql = NULL;
    rs_status s = read_sql(rel, &sql, e);
    if (s == RS_OK && (s = store_prepare(db, sql, st, e)) != RS_OK) rs_error_prefix(e, "%s", rel);
    free(sql);
    return s;
}

/* The months (:month, or all for 0) and top-level units the families are
 * summarised over: the summarised queries' rows come from ledger rows and
 * households. */
static const char summary_units_sql[] =
    "SELECT m.period, u.code FROM (SELECT DISTINCT period FROM payment_summary "
    "WHERE :month IN (0, period)) m "
    "CROSS JOIN (SELECT region_code / 10000000000 * 10000000000 AS code FROM payment_summary "
    "UNION SELECT region_code / 10000000000 * 10000000000 FROM households) u ORDER BY 1, 2";

/* Delete family's stored rows of month (every month for 0). */
static rs_status clear_family(store *db, const summary_family *f, int month, rs_error *e)
{
    static const char *const sqls[] = {
        "DELETE FROM indicator_summary WHERE :month IN (0, period) AND family = :family",
        "DELETE FROM payment_findings WHERE :month IN (0, period) AND family = :family"};
    rs_status s = RS_OK;
    for (size_t i = 0; i < 2 && s == RS_OK; i++) {
        store_stmt *st = NULL;
        if ((s = store_prepare(db, sqls[i], &st, e)) == RS_OK) {
            store_bind_int64(st, ":month", month);
            store_bind_text_ref(st, ":family", f->name);
            if ((s = store_run(st, e)) != RS_OK) rs_error_prefix(e, "%s", sqls[i]);
        }
        store_finalize(st);
    }
    return s;
}

/* Rebuild family f's rows in indicator_summary and payment_findings for
 * month (every month of the ledger for 0): its queries over every
 * top-level unit with ledger rows or households (from payment_summary,
 * rebuilt first).  ctx is the family. */
static rs_status refresh_family(store *db, const void *ctx, int month, rs_error *e)
{
    const summary_family *f = ctx;
    summary_sink k = {.db = db, .family = f->name};
    store_stmt *units = NULL;
    rs_status s;
    bool row = false;
    if ((s = clear_family(db, f, month, e)) != RS_OK ||
        (s = prepare_refresh(db, "queries/refresh/indicator_summary.sql", &k.insert, e)) != RS_OK ||
        (s = prepare_refresh(db, "queries/refresh/payment_findings.sql", &k.findings, e)) !=
            RS_OK ||
        (s = store_prepare(db, summary_units_sql, &units, e)) != RS_OK)
        goto done;
    store_bind_int64(units, ":month", month);
    while (s == RS_OK && (s = store_step(units, &row, e)) == RS_OK && row) {
        unit_args a;
        rs_table *found = NULL;
        k.period = (int)store_column_int64(units, 0);
        unit_args_init(&a, store_column_int64(units, 1), k.period);
        if ((s = family_rows(db, f, &a, store_rows, &k, &found, e)) == RS_OK)
            s = store_findings(&k, found, e);
        table_free(found);
    }
    if (s != RS_OK && !row) rs_error_prefix(e, "indicator_summary");
done:
    store_finalize(units);
    store_finalize(k.insert);
    store_finalize(k.findings);
    return s;
}

/* How much of a summary an import's changes call for rebuilding. */
typedef enum { REBUILD_NONE, REBUILD_MONTHS, REBUILD_ALL } rebuild;

/* What the summary built by the n statements sqls must rebuild after
 * changes c (NULL: everything changed): nothing unless they read a changed
 * table; the changed months if the tables keyed by month (the ledger, the
 * bank returns) are all of those and changed in some months only; else
 * all of it. */
static rs_status rebuild_for(store *db, const char *const *sqls, size_t n, const import_changes *c,
                             rebuild *r, rs_error *e)
{
    GHashTable *read = NULL;
    rs_status s = RS_OK;
    *r = c ? REBUILD_NONE : REBUILD_ALL;
    if (!c) return RS_OK;
    read = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t i = 0; i < n && s == RS_OK; i++)
        s = store_tables_read(db, sqls[i], read, e);
    for (size_t i = 0; s == RS_OK && c->tables[i]; i++) {
        rebuild need =
            import_is_monthly(c->tables[i]) && c->ledger_months ? REBUILD_MONTHS : REBUILD_ALL;
        if (g_hash_table_contains(read, c->tables[i]) && need > *r) *r = need;
    }
    g_hash_table_destroy(read);
    return s;
}

/* rebuild_for the statements of the files rels below the home directory. */
static rs_status rebuild_for_files(store *db, const char *const *rels, size_t n,
                                   const import_changes *c, rebuild *r, rs_error *e)
{
    char *sqls[4] = {NULL};
    rs_status s = RS_OK;
    for (size_t i = 0; i < n && s == RS_OK; i++)
        if ((s = read_sql(rels[i], &sqls[i], e)) != RS_OK) rs_error_prefix(e, "%s", rels[i]);
    if (s == RS_OK) s = rebuild_for(db, (const char *const *)sqls, n, c, r, e);
    for (size_t i = 0; i < n; i++)
        free(sqls[i]);
    return s;
}

/* rebuild_for family f: its list of months and units and its catalogue
 * queries. */
static rs_status rebuild_for_family(store *db, const summary_family *f, const import_changes *c,
                                    rebuild *r, rs_error *e)
{
    enum { MAXQ = 4 };
    const char *names[MAXQ], *sqls[MAXQ + 1] = {summary_units_sql};
    catalog_query *q[MAXQ] = {NULL};
    size_t n = 0;
    rs_status s = store_register_functions(db, e);
    for (const char *const *i = f->indicators; *i && n < MAXQ - 1; i++)
        names[n++] = *i;
    names[n++] = f->findings;
    for (size_t i = 0; i < n && s == RS_OK; i++)
        if ((s = catalog_load(names[i], &q[i], e)) == RS_OK) sqls[i + 1] = q[i]->sql;
    if (s == RS_OK) s = rebuild_for(db, sqls, n + 1, c, r, e);
    for (size_t i = 0; i < n; i++)
        catalog_free(q[i]);
    return s;
}

/* Run refresh(db, ctx, month) for every changed month, or once for all (0). */
static rs_status rebuild_months(store *db, rebuild r, const import_changes *c,
                                rs_status (*refresh)(store *, const void *, int, rs_error *),
                                const void *ctx, rs_error *e)
{
    rs_status s = RS_OK;
    if (r == REBUILD_ALL) return refresh(db, ctx, 0, e);
    for (size_t i = 0; r == REBUILD_MONTHS && i < c->nledger_months && s == RS_OK; i++)
        s = refresh(db, ctx, c->ledger_months[i], e);
    return s;
}

/* refresh_payment_summary as rebuild_months calls it. */
static rs_status refresh_payments(store *db, const void *unused, int month, rs_error *e)
{
    (void)unused;
    return refresh_payment_summary(db, month, e);
}

rs_status engine_refresh_summaries(store *db, const import_changes *changes, rs_error *e)
{
    static const char *const payment_files[] = {"queries/refresh/ledger_periods.sql",
                                                "queries/refresh/payment_summary.sql"};
    static const char *const unit_files[] = {"queries/refresh/record_units.sql"};
    static const char months_sql[] = "DELETE FROM summary_months;"
                                     "INSERT INTO summary_months (period) "
                                     "SELECT DISTINCT period FROM payment_summary";
    /* Inside the caller's transaction if there is one, else in our own. */
    bool own = !store_in_transaction(db);
    rebuild pay = REBUILD_NONE, units = REBUILD_NONE, any = REBUILD_NONE;
    rs_status s = own ? store_begin(db, e) : RS_OK;
    /* Each summary is rebuilt only as far as a table its statements read
     * changed (the store lists them at prepare time); record_units
     * and the families' months read payment_summary, so they follow it.
     * record_units is cheap: rebuilt whole.  The families' months are
     * those of payment_summary, each family having rebuilt what its
     * changes called for. */
    if (s == RS_OK && (s = rebuild_for_files(db, payment_files, 2, changes, &pay, e)) == RS_OK)
        s = rebuild_months(db, pay, changes, refresh_payments, NULL, e);
    if (s == RS_OK && (s = rebuild_for_files(db, unit_files, 1, changes, &units, e)) == RS_OK &&
        (units != REBUILD_NONE || pay != REBUILD_NONE) &&
        (s = store_exec(db, "DELETE FROM record_units", e)) == RS_OK)
        s = exec_file(db, unit_files[0], e);
    for (size_t i = 0; i < NFAMILIES && s == RS_OK; i++) {
        rebuild fam = REBUILD_NONE;
        if ((s = rebuild_for_family(db, &families[i], changes, &fam, e)) != RS_OK) break;
        if (pay > fam) fam = pay;
        if (fam > any) any = fam;
        s = rebuild_months(db, fam, changes, refresh_family, &families[i], e);
    }
    if (s == RS_OK && any != REBUILD_NONE) s = store_exec(db, months_sql, e);
    if (own && s == RS_OK) return store_commit(db, e);
    if (own) store_rollback(db);
    return s;
}
