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
#include "engine.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "db.h"
#include "engine_rollup.h"
#include "home.h"
#include "parse.h"
#include "region.h"

/* The arguments region=CODE, period=YYYY-MM of the engine's queries. */
typedef struct {
    char region[24];
    char period[16];
    catalog_arg args[2];
} unit_args;

static void unit_args_init(unit_args *a, int64_t unit, int period)
{
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

/* Copy cell (row, col) of src into (drow, dcol) of dst; false on ENOMEM. */
static bool copy_cell(rs_table *dst, size_t drow, int dcol, const rs_table *src, size_t row,
                      int col)
{
    const rs_value *v = table_cell(src, row, col);
    switch (v->type) {
    case VAL_INT:
        table_set_int(dst, drow, dcol, v->i);
        return true;
    case VAL_REAL:
        table_set_real(dst, drow, dcol, v->d);
        return true;
    case VAL_TEXT:
        return table_set_text(dst, drow, dcol, v->s);
    case VAL_NULL:
        return true;
    }
    return true;
}

/* The column "key" of a definitions table (indicator_defs or
 * statistic_defs) as a new array of borrowed strings; NULL on failure. */
static const char **def_keys(const rs_table *defs, const char *key, rs_error *e)
{
    const char **keys = calloc(defs->nrows ? defs->nrows : 1, sizeof *keys);
    if (!keys) {
        rs_fail(e, RS_ENOMEM, "out of memory");
        return NULL;
    }
    for (size_t r = 0; r < defs->nrows; r++)
        if (!(keys[r] = cell_text(defs, r, key))) {
            rs_fail(e, RS_ETEMPLATE, "definitions lack column %s at row %zu", key, r + 1);
            free(keys);
            return NULL;
        }
    return keys;
}

/* Load a definitions query and start a rollup for unit with its keys. */
static rs_status start_rollup(sqlite3 *db, const char *defs_query, const char *key, int64_t unit,
                              rs_table **defs, rollup **r, rs_error *e)
{
    const char **keys = NULL;
    rs_status s = catalog_run(db, defs_query, NULL, 0, defs, e);
    *r = NULL;
    if (s != RS_OK) return s;
    if (!(keys = def_keys(*defs, key, e))) return e->status;
    if (!(*r = rollup_new(unit, (int)(*defs)->nrows, keys)) || !rollup_touch(*r, unit))
        s = rs_fail(e, RS_ENOMEM, "out of memory");
    free(keys);
    return s;
}

/* Run each query in names (NULL-terminated) for a and feed it into r. */
static rs_status feed_queries(sqlite3 *db, rollup *r, const char *const *names, const unit_args *a,
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
static rs_status touch_record_units(sqlite3 *db, rollup *r, int64_t unit, bool all_levels,
                                    const unit_args *a, rs_error *e)
{
    rs_table *t = NULL;
    region_level lv = region_level_of(unit);
    rs_status s = catalog_run(db, "units_with_records", a->args, 1, &t, e);
    for (size_t row = 0; s == RS_OK && row < t->nrows; row++) {
        int64_t code = table_cell(t, row, 0)->i;
        if (region_level_of(code) <= lv) continue;
        if (!all_levels) code = region_ancestor(code, (region_level)(lv + 1));
        if (!rollup_touch(r, code)) s = rs_fail(e, RS_ENOMEM, "out of memory");
    }
    table_free(t);
    return s;
}

/* Division names of the unit's range, ordered by code (for name_of). */
static rs_status load_names(sqlite3 *db, const unit_args *a, rs_table **names, rs_error *e)
{
    return catalog_run(db, "divisions_in", a->args, 1, names, e);
}

/* The name of code from names (ordered by code), or "". */
static const char *name_of(const rs_table *names, int64_t code)
{
    size_t lo = 0, hi = names->nrows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int64_t c = table_cell(names, mid, 0)->i;
        if (c == code) {
            const rs_value *v = table_cell(names, mid, 1);
            return v->type == VAL_TEXT ? v->s : "";
        }
        if (c < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return "";
}

/* Set region_code, region_name and level (level_name, or the code's own
 * level when NULL) in columns 0-2 of row. */
static bool set_unit_cells(rs_table *t, size_t row, const rs_table *names, int64_t code,
                           const char *level_name)
{
    table_set_int(t, row, 0, code);
    return table_set_text(t, row, 1, name_of(names, code)) &&
           table_set_text(t, row, 2,
                          level_name ? level_name : region_level_name(region_level_of(code)));
}

/* True if unit code is listed at `levels` below report unit `unit`. */
static bool unit_listed(int64_t code, int64_t unit, engine_levels levels)
{
    return code == unit || levels == LEVELS_ALL ||
           (levels == LEVELS_CHILDREN && region_parent(code) == unit);
}

/* ---------------------------------------------------------------- indicators */

/* The indicator queries bound to one month that the import summarises
 * (queries/schema/v2.sql), and the ones always run from the base tables. */
static const char *const summarised_queries[] = {"ind_payments", "ind_households", NULL};
static const char *const unsummarised_queries[] = {"ind_ytd", "ind_applications", NULL};
static const char *const summary_query[] = {"ind_summary", NULL};

/* finding_rate's numerator as indicator rows (region_code, 'finding_rate',
 * fen, NULL): the finding_rate_fen of find_payments. */
static rs_status finding_rate_rows(sqlite3 *db, const unit_args *a, rs_table **out, rs_error *e)
{
    static const char *const cols[] = {"region_code", "indicator", "numerator", "denominator"};
    rs_table *t = NULL;
    rs_status s = catalog_run(db, "find_payments", a->args, 2, &t, e);
    int cf = s == RS_OK ? table_col(t, "finding_rate_fen") : -1;
    int cr = s == RS_OK ? table_col(t, "region_code") : -1;
    *out = NULL;
    if (s == RS_OK && (cf < 0 || cr < 0))
        s = rs_fail(e, RS_ETEMPLATE, "find_payments lacks region_code or finding_rate_fen");
    if (s == RS_OK && !(*out = table_new(4, cols))) s = rs_fail(e, RS_ENOMEM, "out of memory");
    for (size_t row = 0; s == RS_OK && row < t->nrows; row++) {
        const rs_value *v = table_cell(t, row, cf);
        long k;
        if (v->type != VAL_INT) continue;
        if ((k = table_add_row(*out)) < 0 || !table_set_text(*out, (size_t)k, 1, "finding_rate")) {
            s = rs_fail(e, RS_ENOMEM, "out of memory");
            break;
        }
        table_set_int(*out, (size_t)k, 0, table_cell(t, row, cr)->i);
        table_set_int(*out, (size_t)k, 2, v->i);
    }
    table_free(t);
    if (s != RS_OK) {
        table_free(*out);
        *out = NULL;
    }
    return s;
}

/* What to do with one query's (region_code, key, numerator, denominator)
 * rows: add them to a rollup, or store them in indicator_summary. */
typedef rs_status (*rows_fn)(void *ctx, const rs_table *t, const char *what, rs_error *e);

static rs_status add_to_rollup(void *r, const rs_table *t, const char *what, rs_error *e)
{
    return rollup_add_table(r, t, what, e);
}

/* Compute the summarised indicators of a from the base tables and hand
 * each query's rows to fn. */
static rs_status summarised_rows(sqlite3 *db, const unit_args *a, rows_fn fn, void *ctx,
                                 rs_error *e)
{
    rs_status s = RS_OK;
    for (const char *const *q = summarised_queries; *q && s == RS_OK; q++) {
        rs_table *t = NULL;
        if ((s = catalog_run(db, *q, a->args, 2, &t, e)) == RS_OK) s = fn(ctx, t, *q, e);
        table_free(t);
    }
    if (s == RS_OK) {
        rs_table *t = NULL;
        if ((s = finding_rate_rows(db, a, &t, e)) == RS_OK) s = fn(ctx, t, "find_payments", e);
        table_free(t);
    }
    return s;
}

/* True (in *yes) if the import summarised a's month. */
static rs_status month_summarised(sqlite3 *db, const unit_args *a, bool *yes, rs_error *e)
{
    rs_table *t = NULL;
    rs_status s = catalog_run(db, "summary_month", &a->args[1], 1, &t, e);
    *yes = s == RS_OK && t->nrows == 1 && table_cell(t, 0, 0)->type == VAL_INT &&
           table_cell(t, 0, 0)->i == 1;
    table_free(t);
    return s;
}

/* Append the indicator rows of every listed unit of r to out. */
static rs_status indicator_rows(const rollup *r, const rs_table *defs, const rs_table *names,
                                int64_t unit, engine_levels levels, const char *period,
                                rs_table *out, rs_error *e)
{
    size_t n = 0;
    int64_t *units = rollup_units(r, &n);
    rs_status s = RS_OK;
    if (!units) return rs_fail(e, RS_ENOMEM, "out of memory");
    for (size_t u = 0; u < n && s == RS_OK; u++) {
        if (!unit_listed(units[u], unit, levels)) continue;
        for (size_t k = 0; k < defs->nrows && s == RS_OK; k++) {
            int64_t num = 0, den = 0;
            const char *kind = cell_text(defs, k, "kind");
            bool money = kind && strcmp(kind, "money") == 0;
            long row = table_add_row(out);
            rollup_get(r, units[u], (int)k, &num, &den);
            if (row < 0 || !set_unit_cells(out, (size_t)row, names, units[u], NULL) ||
                !table_set_text(out, (size_t)row, 3, period) ||
                !table_set_text(out, (size_t)row, 4, cell_text(defs, k, "indicator")) ||
                !table_set_text(out, (size_t)row, 5, cell_text(defs, k, "name")) ||
                !table_set_text(out, (size_t)row, 6, cell_text(defs, k, "unit"))) {
                s = rs_fail(e, RS_ENOMEM, "out of memory");
                break;
            }
            table_set_int(out, (size_t)row, 7, num);
            if (money) {
                table_set_real(out, (size_t)row, 9, (double)num / 100.0);
            } else {
                table_set_int(out, (size_t)row, 8, den);
                if (den != 0) table_set_real(out, (size_t)row, 9, (double)num / (double)den);
            }
        }
    }
    free(units);
    return s;
}

/* The indicators of one month appended to out (engine_indicators' rows). */
static rs_status indicators_into(sqlite3 *db, int64_t unit, int period, engine_levels levels,
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
    s = summarised ? feed_queries(db, r, summary_query, &a, e)
                   : summarised_rows(db, &a, add_to_rollup, r, e);
    if (s != RS_OK) goto done;
    if (levels != LEVELS_SELF &&
        (s = touch_record_units(db, r, unit, levels == LEVELS_ALL, &a, e)) != RS_OK)
        goto done;
    if ((s = load_names(db, &a, &names, e)) != RS_OK) goto done;
    s = indicator_rows(r, defs, names, unit, levels, a.period, out, e);
done:
    rollup_free(r);
    table_free(defs);
    table_free(names);
    return s;
}

static const char *const indicator_cols[] = {"region_code", "region_name", "level", "period",
                                             "indicator",   "name",        "unit",  "numerator",
                                             "denominator", "value"};

/* A new empty table with the indicator columns, or NULL (error set). */
static rs_table *new_indicator_table(rs_error *e)
{
    rs_table *t = table_new(10, indicator_cols);
    if (!t) rs_fail(e, RS_ENOMEM, "out of memory");
    return t;
}

/* Fail unless unit is a valid code and period a real month. */
static rs_status check_unit_period(int64_t unit, int period, rs_error *e)
{
    if (region_level_of(unit) == LEVEL_NONE)
        return rs_fail(e, RS_EUSAGE, "%lld is not a region code", (long long)unit);
    if (period < 100001 || period % 100 < 1 || period % 100 > 12)
        return rs_fail(e, RS_EUSAGE, "%d is not a month (yyyymm)", period);
    return RS_OK;
}

rs_status engine_indicators(sqlite3 *db, int64_t unit, int period, engine_levels levels,
                            rs_table **out, rs_error *e)
{
    rs_status s = check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    if (!(*out = new_indicator_table(e))) return e->status;
    if ((s = indicators_into(db, unit, period, levels, *out, e)) != RS_OK) {
        table_free(*out);
        *out = NULL;
    }
    return s;
}

rs_status engine_trend(sqlite3 *db, int64_t unit, int period, rs_table **out, rs_error *e)
{
    rs_status s = check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    if (!(*out = new_indicator_table(e))) return e->status;
    for (int m = month_add(period, -11); s == RS_OK && m <= period; m = month_add(m, 1))
        s = indicators_into(db, unit, m, LEVELS_SELF, *out, e);
    if (s != RS_OK) {
        table_free(*out);
        *out = NULL;
    }
    return s;
}

/* ---------------------------------------------------------------- findings */

static const char *const finding_cols[] = {
    "code",           "region_code",      "period",     "payment_id", "household_id",
    "application_id", "id_number_masked", "amount_fen", "detail"};
#define NFINDING_COLS 9

static const char *const finding_queries[] = {"find_payments", "find_applications",
                                              "find_households", NULL};

/* Compare two text-or-NULL cells; NULL first. */
static int cmp_text(const rs_value *a, const rs_value *b)
{
    if (a->type != VAL_TEXT || b->type != VAL_TEXT)
        return (a->type == VAL_TEXT) - (b->type == VAL_TEXT);
    return strcmp(a->s, b->s);
}

/* Order of findings rows: code, region_code, payment_id, application_id,
 * household_id (column indexes of finding_cols). */
static int cmp_finding(const void *pa, const void *pb)
{
    const rs_value *a = pa, *b = pb;
    static const int text_order[] = {3, 5, 4};
    int c = cmp_text(&a[0], &b[0]);
    if (c) return c;
    if (a[1].i != b[1].i) return a[1].i < b[1].i ? -1 : 1;
    for (size_t k = 0; k < sizeof text_order / sizeof text_order[0]; k++)
        if ((c = cmp_text(&a[text_order[k]], &b[text_order[k]]))) return c;
    return cmp_text(&a[6], &b[6]);
}

/* Append the rows of finding query result t to out, with period set. */
static rs_status append_findings(rs_table *out, const rs_table *t, const char *what,
                                 const char *period, rs_error *e)
{
    int src[NFINDING_COLS];
    for (int c = 0; c < NFINDING_COLS; c++) {
        src[c] = table_col(t, finding_cols[c]);
        if (src[c] < 0 && c != 2)
            return rs_fail(e, RS_ETEMPLATE, "%s lacks column %s", what, finding_cols[c]);
    }
    for (size_t row = 0; row < t->nrows; row++) {
        long r = table_add_row(out);
        bool ok = r >= 0 && table_set_text(out, (size_t)r, 2, period);
        for (int c = 0; ok && c < NFINDING_COLS; c++)
            if (c != 2) ok = copy_cell(out, (size_t)r, c, t, row, src[c]);
        if (!ok) return rs_fail(e, RS_ENOMEM, "out of memory");
    }
    return RS_OK;
}

/* Work run on a second connection to the caller's snapshot, on a thread
 * of its own (engine_findings_start, and the payment rules inside
 * engine_findings). */
struct engine_job {
    GThread *thread;
    sqlite3 *db; /* the twin (db_open_twin) */
    rs_status (*run)(engine_job *j);
    const char *query; /* for run_query */
    int64_t unit;
    int period;
    unit_args a;
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

/* Start run on a twin of db for unit and period; NULL when no twin or no
 * thread can be had. */
static engine_job *job_start(sqlite3 *db, rs_status (*run)(engine_job *), const char *query,
                             int64_t unit, int period)
{
    engine_job *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    *j = (engine_job){.run = run, .query = query, .unit = unit, .period = period};
    unit_args_init(&j->a, unit, period);
    db_open_twin(db, &j->db);
    if (!j->db || !(j->thread = g_thread_try_new("reliefstat", job_main, j, NULL))) {
        db_close(j->db);
        free(j);
        return NULL;
    }
    return j;
}

rs_status engine_job_wait(engine_job *j, rs_table **out, rs_error *e)
{
    rs_status s;
    g_thread_join(j->thread);
    db_close(j->db);
    *out = j->s == RS_OK ? j->t : NULL;
    s = j->s == RS_OK ? RS_OK : rs_fail(e, j->s, "%s", j->e.msg);
    free(j);
    return s;
}

void engine_job_cancel(engine_job *j)
{
    rs_table *t = NULL;
    rs_error ignored;
    if (!j) return;
    sqlite3_interrupt(j->db);
    engine_job_wait(j, &t, &ignored);
    table_free(t);
}

static rs_status run_query(engine_job *j)
{
    return catalog_run(j->db, j->query, j->a.args, 2, &j->t, &j->e);
}

static rs_status run_findings(engine_job *j)
{
    return engine_findings(j->db, j->unit, j->period, &j->t, &j->e);
}

engine_job *engine_findings_start(sqlite3 *db, int64_t unit, int period)
{
    rs_error ignored;
    if (check_unit_period(unit, period, &ignored) != RS_OK) return NULL;
    return job_start(db, run_findings, NULL, unit, period);
}

rs_status engine_findings(sqlite3 *db, int64_t unit, int period, rs_table **out, rs_error *e)
{
    unit_args a;
    rs_table *res = NULL, *ts[sizeof finding_queries / sizeof *finding_queries] = {NULL};
    rs_status s = check_unit_period(unit, period, e);
    engine_job *job;
    *out = NULL;
    if (s != RS_OK) return s;
    unit_args_init(&a, unit, period);
    if (!(res = table_new(NFINDING_COLS, finding_cols)))
        return rs_fail(e, RS_ENOMEM, "out of memory");
    /* The payment rules and the household rules cost about the same: the
     * first runs on a twin connection, on the other core, when one can be
     * had; else all three run here in turn. */
    job = job_start(db, run_query, finding_queries[0], unit, period);
    for (int q = job ? 1 : 0; finding_queries[q] && s == RS_OK; q++)
        s = catalog_run(db, finding_queries[q], a.args, 2, &ts[q], e);
    if (job) {
        rs_error je;
        rs_status js = engine_job_wait(job, &ts[0], &je);
        if (s == RS_OK && js != RS_OK) s = rs_fail(e, js, "%s", je.msg);
    }
    for (int q = 0; finding_queries[q] && s == RS_OK; q++)
        s = append_findings(res, ts[q], finding_queries[q], a.period, e);
    for (size_t q = 0; q < sizeof ts / sizeof *ts; q++)
        table_free(ts[q]);
    if (s != RS_OK) {
        table_free(res);
        return s;
    }
    if (res->nrows > 1) /* no rows: cells may be NULL, which qsort may not get */
        qsort(res->cells, res->nrows, NFINDING_COLS * sizeof *res->cells, cmp_finding);
    *out = res;
    return RS_OK;
}

/* ---------------------------------------------------------------- statistics */

static const char *const statistic_queries[] = {"stat_enrolments", "stat_money", "stat_temp", NULL};

/* A new statistics table: region_code, region_name, level and the columns
 * of defs; NULL on ENOMEM. */
static rs_table *new_statistics_table(const rs_table *defs)
{
    const char **cols = calloc(defs->nrows + 3, sizeof *cols);
    rs_table *t = NULL;
    if (!cols) return NULL;
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
static rs_status statistics_row(rs_table *out, const rollup *r, const rs_table *defs,
                                const rs_table *names, int64_t code, const char *level_name,
                                rs_error *e)
{
    long row = table_add_row(out);
    if (row < 0 || !set_unit_cells(out, (size_t)row, names, code, level_name))
        return rs_fail(e, RS_ENOMEM, "out of memory");
    for (size_t k = 0; k < defs->nrows; k++) {
        int64_t num = 0, den = 0;
        const char *kind = cell_text(defs, k, "kind");
        rollup_get(r, code, (int)k, &num, &den);
        if (kind && strcmp(kind, "ratio") == 0) {
            if (den != 0) table_set_real(out, (size_t)row, (int)k + 3, (double)num / (double)den);
        } else {
            table_set_int(out, (size_t)row, (int)k + 3, num);
        }
    }
    return RS_OK;
}

rs_status engine_statistics(sqlite3 *db, int64_t unit, int period, rs_table **out, rs_error *e)
{
    unit_args a;
    rs_table *defs = NULL, *names = NULL, *res = NULL;
    rollup *r = NULL;
    int64_t *units = NULL;
    size_t n = 0;
    rs_status s = check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    unit_args_init(&a, unit, period);
    if ((s = start_rollup(db, "statistic_defs", "statistic", unit, &defs, &r, e)) != RS_OK)
        goto done;
    if ((s = feed_queries(db, r, statistic_queries, &a, e)) != RS_OK) goto done;
    if ((s = touch_record_units(db, r, unit, false, &a, e)) != RS_OK) goto done;
    if ((s = load_names(db, &a, &names, e)) != RS_OK) goto done;
    if (!(res = new_statistics_table(defs)) || !(units = rollup_units(r, &n))) {
        s = rs_fail(e, RS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t u = 0; u < n && s == RS_OK; u++)
        if (region_parent(units[u]) == unit)
            s = statistics_row(res, r, defs, names, units[u], NULL, e);
    if (s == RS_OK && (s = statistics_row(res, r, defs, names, unit, "total", e)) == RS_OK) {
        *out = res;
        res = NULL;
    }
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
    rs_status s = path ? db_read_file(path, sql, NULL, e) : rs_fail(e, RS_ENOMEM, "out of memory");
    free(path);
    return s;
}

/* Run the rel file (one or more statements without parameters) on db. */
static rs_status exec_file(sqlite3 *db, const char *rel, rs_error *e)
{
    char *sql = NULL;
    rs_status s;
    if ((s = read_sql(rel, &sql, e)) == RS_OK && (s = db_exec(db, sql, e)) != RS_OK)
        rs_error_prefix(e, "%s", rel);
    free(sql);
    return s;
}

/* Rebuild payment_summary month by month. */
static rs_status refresh_payment_summary(sqlite3 *db, rs_error *e)
{
    catalog_query *periods_q = NULL, *insert_q = NULL;
    sqlite3_stmt *periods = NULL, *insert = NULL;
    rs_status s;
    int rc;
    if ((s = catalog_load_file("queries/refresh/ledger_periods.sql", &periods_q, e)) != RS_OK ||
        (s = catalog_load_file("queries/refresh/payment_summary.sql", &insert_q, e)) != RS_OK)
        goto done;
    if ((s = catalog_prepare(db, periods_q, NULL, 0, &periods, e)) != RS_OK ||
        (s = db_prepare(db, insert_q->sql, &insert, e)) != RS_OK)
        goto done;
    while ((rc = sqlite3_step(periods)) == SQLITE_ROW) {
        char month[16];
        catalog_arg arg = {"period", month};
        month_format(sqlite3_column_int(periods, 0), month, sizeof month);
        if ((s = catalog_bind(insert_q, insert, &arg, 1, e)) != RS_OK) goto done;
        if (sqlite3_step(insert) != SQLITE_DONE) {
            s = rs_fail(e, RS_ESQL, "%s: %s", insert_q->path, sqlite3_errmsg(db));
            goto done;
        }
        sqlite3_reset(insert);
    }
    if (rc != SQLITE_DONE) s = rs_fail(e, RS_ESQL, "%s: %s", periods_q->path, sqlite3_errmsg(db));
done:
    sqlite3_finalize(periods);
    sqlite3_finalize(insert);
    catalog_free(periods_q);
    catalog_free(insert_q);
    return s;
}

/* Where summarised rows go: the prepared INSERT of
 * queries/refresh/indicator_summary.sql and the month. */
typedef struct {
    sqlite3 *db;
    sqlite3_stmt *insert;
    int period;
} summary_sink;

/* Bind cell v of an indicator row to parameter i (a REAL truncated as the
 * rollup does, anything else but an integer as NULL). */
static void bind_count(sqlite3_stmt *st, int i, const rs_value *v)
{
    if (v->type == VAL_INT)
        sqlite3_bind_int64(st, i, v->i);
    else if (v->type == VAL_REAL)
        sqlite3_bind_int64(st, i, (int64_t)v->d);
    else
        sqlite3_bind_null(st, i);
}

static rs_status store_rows(void *ctx, const rs_table *t, const char *what, rs_error *e)
{
    summary_sink *k = ctx;
    rs_status s = rollup_check_table(t, what, e);
    for (size_t row = 0; s == RS_OK && row < t->nrows; row++) {
        sqlite3_bind_int(k->insert, 1, k->period);
        bind_count(k->insert, 2, table_cell(t, row, 0));
        sqlite3_bind_text(k->insert, 3, table_cell(t, row, 1)->s, -1, SQLITE_STATIC);
        bind_count(k->insert, 4, table_cell(t, row, 2));
        bind_count(k->insert, 5, table_cell(t, row, 3));
        int rc = sqlite3_step(k->insert);
        sqlite3_reset(k->insert);
        if (rc != SQLITE_DONE)
            s = rs_fail(e, RS_ESQL, "indicator_summary: %s", sqlite3_errmsg(k->db));
    }
    return s;
}

/* Rebuild indicator_summary and summary_months: the summarised indicator
 * queries over every top-level unit with records, for every month of the
 * ledger (from payment_summary and record_units, rebuilt first). */
static rs_status refresh_indicator_summary(sqlite3 *db, rs_error *e)
{
    static const char units_sql[] =
        "SELECT m.period, u.code FROM (SELECT DISTINCT period FROM payment_summary) m "
        "CROSS JOIN (SELECT DISTINCT region_code / 10000000000 * 10000000000 AS code "
        "FROM record_units) u ORDER BY 1, 2";
    static const char month_sql[] = "INSERT INTO summary_months (period) "
                                    "SELECT DISTINCT period FROM payment_summary";
    char *sql = NULL;
    summary_sink k = {.db = db};
    sqlite3_stmt *units = NULL;
    rs_status s;
    int rc = SQLITE_DONE;
    if ((s = read_sql("queries/refresh/indicator_summary.sql", &sql, e)) != RS_OK ||
        (s = db_prepare(db, sql, &k.insert, e)) != RS_OK ||
        (s = db_prepare(db, units_sql, &units, e)) != RS_OK)
        goto done;
    while (s == RS_OK && (rc = sqlite3_step(units)) == SQLITE_ROW) {
        unit_args a;
        k.period = sqlite3_column_int(units, 0);
        unit_args_init(&a, sqlite3_column_int64(units, 1), k.period);
        s = summarised_rows(db, &a, store_rows, &k, e);
    }
    if (s == RS_OK && rc != SQLITE_DONE)
        s = rs_fail(e, RS_ESQL, "indicator_summary: %s", sqlite3_errmsg(db));
    if (s == RS_OK) s = db_exec(db, month_sql, e);
done:
    sqlite3_finalize(units);
    sqlite3_finalize(k.insert);
    free(sql);
    return s;
}

rs_status engine_refresh_summaries(sqlite3 *db, rs_error *e)
{
    /* Inside the caller's transaction if there is one, else in our own. */
    bool own = sqlite3_get_autocommit(db) != 0;
    rs_status s = own ? db_exec(db, "BEGIN IMMEDIATE", e) : RS_OK;
    if (s == RS_OK) s = exec_file(db, "queries/refresh/clear.sql", e);
    if (s == RS_OK) s = refresh_payment_summary(db, e);
    if (s == RS_OK) s = exec_file(db, "queries/refresh/record_units.sql", e);
    if (s == RS_OK) s = refresh_indicator_summary(db, e);
    if (own && s == RS_OK) return db_exec(db, "COMMIT", e);
    if (own) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return s;
}
