/*
 * outliers: the modified z-score of indicators.md "Outliers" and the
 * outliers table of a unit and month.  The series' sums come from one
 * catalogue query per run (queries/outlier_series.sql), added up the
 * hierarchy with the rollup the indicators use, keyed by month; the
 * parameters come from queries/outlier_params.sql for every unit's own
 * code.  This file only judges and shapes.
 */
#include "engine/outliers.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/parse.h"
#include "engine/catalog.h"
#include "engine/engine_rollup.h"
#include "engine/engine_units.h"

/* ---------------------------------------------------------------- the statistic */

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

double outlier_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* The modified z-score of x against med and the deviations dev (n, sorted
 * in place) into r: by MAD, else by MeanAD, else 0 or infinite. */
static void judge_score(double *dev, size_t n, double x, double med, outlier_result *r)
{
    double sum = 0;
    r->mad = outlier_median(dev, n);
    if (r->mad > 0) {
        r->score = 0.6745 * (x - med) / r->mad;
        return;
    }
    for (size_t i = 0; i < n; i++)
        sum += dev[i];
    double mean_ad = sum / (double)n;
    if (mean_ad > 0)
        r->score = (x - med) / (1.253314 * mean_ad);
    else
        r->infinite = x != med;
}

void outlier_judge(const double *h, size_t n, bool has_x, double x, double threshold,
                   double min_change, outlier_result *r)
{
    memset(r, 0, sizeof *r);
    if (!has_x || n < OUTLIER_MIN_HISTORY) return;
    double *v = rs_malloc(2 * n * sizeof *v), *dev = v + n;
    memcpy(v, h, n * sizeof *v);
    r->examined = true;
    r->median = outlier_median(v, n);
    for (size_t i = 0; i < n; i++)
        dev[i] = fabs(h[i] - r->median);
    judge_score(dev, n, x, r->median, r);
    free(v);
    r->beyond = r->infinite || fabs(r->score) > threshold;
    r->matters = r->median == 0 ? x != 0 : fabs(x - r->median) >= min_change * fabs(r->median);
    r->flagged = r->beyond && r->matters;
}

/* ---------------------------------------------------------------- the parameters */

/* The two parameters of one unit. */
typedef struct {
    double threshold, min_change;
    int have; /* bit 0: threshold, bit 1: min_change */
} unit_params;

/* The parameters of queries/outlier_params.sql as a new map (code ->
 * unit_params) the caller destroys. */
static rs_status load_params(store *db, const catalog_arg *args, GHashTable **out, rs_error *e)
{
    rs_table *t = NULL;
    rs_status s = catalog_run(db, "outlier_params", args, 2, &t, e);
    *out = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    for (size_t r = 0; s == RS_OK && r < t->nrows; r++) {
        const rs_value *code = table_cell(t, r, 0), *name = table_cell(t, r, 1),
                       *v = table_cell(t, r, 2);
        if (code->type != VAL_INT || name->type != VAL_TEXT || v->type != VAL_INT) continue;
        unit_params *p = g_hash_table_lookup(*out, &code->i);
        if (!p) {
            int64_t *key = g_memdup2(&code->i, sizeof code->i);
            p = g_new0(unit_params, 1);
            g_hash_table_insert(*out, key, p);
        }
        bool threshold = strcmp(name->s, "outlier_threshold") == 0;
        *(threshold ? &p->threshold : &p->min_change) = (double)v->i / 1e6;
        p->have |= threshold ? 1 : 2;
    }
    table_free(t);
    return s;
}

/* The parameters of unit code from params, or an error naming the one
 * that has no value. */
static rs_status params_of(GHashTable *params, int64_t code, const unit_params **out, rs_error *e)
{
    const unit_params *p = g_hash_table_lookup(params, &code);
    *out = p;
    if (p && p->have == 3) return RS_OK;
    return rs_fail(e, RS_EINTERNAL, "no value of %s for region %012lld",
                   p && (p->have & 1) ? "outlier_min_change" : "outlier_threshold",
                   (long long)code);
}

/* ---------------------------------------------------------------- the table */

static const char *const series_names[] = {"paid_month", "paid_rows", "paid_per_row"};
#define NSERIES 3
#define NMONTHS (OUTLIER_HISTORY_MONTHS + 1) /* the history, then P */

static const char *const outlier_cols[] = {
    "region_code", "region_name", "level",    "period",  "series",  "unit",   "value", "median",
    "mad",         "score",       "infinite", "flagged", "history", "change", "status"};
#define NCOLS (int)(sizeof outlier_cols / sizeof outlier_cols[0])

/* The value of series k in a month of money num (fen) and rows den; false
 * when it has none (paid_per_row of a month without rows). */
static bool series_value(int k, int64_t num, int64_t den, double *v)
{
    *v = k == 0 ? (double)num : k == 1 ? (double)den : den ? (double)num / (double)den : 0;
    return k < 2 || den != 0;
}

/* The status code of a judgement. */
static const char *status_of(const outlier_result *r, bool has_x)
{
    if (!has_x) return "no_value";
    if (!r->examined) return "short_history";
    if (r->flagged) return r->infinite ? "outlier_infinite" : "outlier";
    return r->beyond ? "small_change" : "normal";
}

/* Append the row of series k of unit code to out, judged from the sums of
 * r (months in key order: the history, then P). */
static void series_row(rs_table *out, const rollup *r, int64_t code, int k, const unit_params *p,
                       const rs_table *names, const char *period)
{
    double h[OUTLIER_HISTORY_MONTHS], x = 0;
    size_t n = 0;
    int64_t num = 0, den = 0;
    outlier_result res;
    for (int m = 0; m < OUTLIER_HISTORY_MONTHS; m++)
        if (rollup_get(r, code, m, &num, &den) && den > 0) series_value(k, num, den, &h[n++]);
    num = den = 0;
    rollup_get(r, code, OUTLIER_HISTORY_MONTHS, &num, &den);
    bool has_x = series_value(k, num, den, &x);
    outlier_judge(h, n, has_x, x, p->threshold, p->min_change, &res);
    size_t row = table_add_row(out);
    engine_set_unit_cells(out, row, names, code);
    table_set_text(out, row, 3, period);
    table_set_text(out, row, 4, series_names[k]);
    table_set_text(out, row, 5, k == 1 ? "count" : "fen");
    if (has_x) table_set_real(out, row, 6, x);
    if (res.examined) {
        table_set_real(out, row, 7, res.median);
        table_set_real(out, row, 8, res.mad);
        if (!res.infinite) table_set_real(out, row, 9, res.score);
        if (res.median != 0) table_set_real(out, row, 13, (x - res.median) / res.median);
    }
    table_set_int(out, row, 10, res.infinite);
    table_set_int(out, row, 11, res.flagged);
    table_set_int(out, row, 12, (int64_t)n);
    table_set_text(out, row, 14, status_of(&res, has_x));
}

/* Append the rows of every unit of r listed at levels to out. */
static rs_status outlier_rows(const rollup *r, GHashTable *params, const rs_table *names,
                              int64_t unit, engine_levels levels, const char *period, rs_table *out,
                              rs_error *e)
{
    size_t n = 0;
    int64_t *units = rollup_units(r, &n);
    rs_status s = RS_OK;
    for (size_t u = 0; u < n && s == RS_OK; u++) {
        const unit_params *p;
        if (!engine_unit_listed(units[u], unit, levels)) continue;
        if ((s = params_of(params, units[u], &p, e)) != RS_OK) break;
        for (int k = 0; k < NSERIES; k++)
            series_row(out, r, units[u], k, p, names, period);
    }
    free(units);
    return s;
}

/* A new rollup under unit keyed by the months P - 12 .. P ('yyyymm'). */
static rollup *month_rollup(int64_t unit, int period)
{
    char keys[NMONTHS][8];
    const char *key_ptrs[NMONTHS];
    for (int m = 0; m < NMONTHS; m++) {
        snprintf(keys[m], sizeof keys[m], "%06d", month_add(period, m - OUTLIER_HISTORY_MONTHS));
        key_ptrs[m] = keys[m];
    }
    rollup *r = rollup_new(unit, NMONTHS, key_ptrs);
    rollup_touch(r, unit);
    return r;
}

rs_status engine_outliers(store *db, int64_t unit, int period, engine_levels levels, rs_table **out,
                          rs_error *e)
{
    char region[24], month[16];
    catalog_arg args[2] = {{"region", region}, {"period", month}};
    rs_table *series = NULL, *names = NULL;
    GHashTable *params = NULL;
    rollup *r = NULL;
    rs_status s = engine_check_unit_period(unit, period, e);
    *out = NULL;
    if (s != RS_OK) return s;
    snprintf(region, sizeof region, "%012lld", (long long)unit);
    month_format(period, month, sizeof month);
    r = month_rollup(unit, period);
    if ((s = catalog_run(db, "outlier_series", args, 2, &series, e)) != RS_OK ||
        (s = rollup_add_table(r, series, "outlier_series", e)) != RS_OK ||
        (s = engine_touch_units(db, r, unit, levels, e)) != RS_OK ||
        (s = load_params(db, args, &params, e)) != RS_OK ||
        (s = engine_unit_names(db, unit, &names, e)) != RS_OK)
        goto done;
    *out = table_new(NCOLS, outlier_cols);
    if ((s = outlier_rows(r, params, names, unit, levels, month, *out, e)) != RS_OK) {
        table_free(*out);
        *out = NULL;
    }
done:
    if (params) g_hash_table_destroy(params);
    rollup_free(r);
    table_free(series);
    table_free(names);
    return s;
}

void outlier_format_value(double v, bool money, char *buf, size_t n)
{
    if (money)
        money_format((int64_t)llround(v), buf, n);
    else
        snprintf(buf, n, v == floor(v) ? "%.0f" : "%.1f", v);
}

void engine_outliers_flagged_first(rs_table *t)
{
    int cf = table_col(t, "flagged");
    if (cf < 0 || t->nrows < 2) return;
    size_t width = (size_t)t->ncols, k = 0;
    rs_value *cells = rs_malloc(t->nrows * width * sizeof *cells);
    for (int pass = 1; pass >= 0; pass--)
        for (size_t r = 0; r < t->nrows; r++) {
            const rs_value *f = table_cell(t, r, cf);
            if ((f->type == VAL_INT && f->i != 0) != (pass == 1)) continue;
            memcpy(&cells[k++ * width], table_cell(t, r, 0), width * sizeof *cells);
        }
    free(t->cells);
    t->cells = cells;
    t->cap = t->nrows;
}
