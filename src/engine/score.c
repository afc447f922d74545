/*
 * score: reading the scoring scheme and scoring units from their pooled
 * indicator rows.  The scheme file is a small CSV with '#' comments:
 *
 *   kind,code,weight,target,zero,direction,label_zh,label_en
 *   indicator,pay_on_time,15,1,0.9,higher,,
 *   grade,excellent,,90,,,优,Excellent
 *   minimum,weight_share,,0.6,,,数据不足,Insufficient data
 *
 * (columns in any order; for a grade, target is the lowest total earning
 * it; for the minimum, the least share of the weight with data).
 */
#include "engine/score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"

#define MAXFIELDS 16

enum { F_KIND, F_CODE, F_WEIGHT, F_TARGET, F_ZERO, F_DIRECTION, F_LABEL_ZH, F_LABEL_EN, NF };
static const char *const field_names[NF] = {"kind", "code",      "weight",   "target",
                                            "zero", "direction", "label_zh", "label_en"};

/* ---------------------------------------------------------------- loading */

/* Split line (modified in place) at commas into at most MAXFIELDS trimmed
 * fields; returns the count, or -1 when a field is quoted. */
static int split_line(char *line, char **f)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        char *end = p + strlen(p);
        while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            *--end = '\0';
        if (*p == '"' || n == MAXFIELDS) return -1;
        f[n++] = p;
        if (!comma) return n;
        p = comma + 1;
    }
}

/* Parse the number in field col of a line, failing with file:line:column. */
static rs_status parse_num(const char *name, int line, const char *col, const char *s, double *out,
                           rs_error *e)
{
    char *end;
    double d = strtod(s, &end);
    if (!*s || *end || !isfinite(d))
        return rs_fail(e, RS_EDATA, "%s:%d: column '%s': '%s' is not a number", name, line, col, s);
    *out = d;
    return RS_OK;
}

static rs_status add_indicator(score_scheme *sc, const char *name, int line, char **f, rs_error *e)
{
    score_item it = {0};
    rs_status s;
    if (score_find(sc, f[F_CODE]))
        return rs_fail(e, RS_EDATA, "%s:%d: column 'code': indicator '%s' listed twice", name, line,
                       f[F_CODE]);
    if ((s = parse_num(name, line, "weight", f[F_WEIGHT], &it.weight, e)) != RS_OK ||
        (s = parse_num(name, line, "target", f[F_TARGET], &it.target, e)) != RS_OK ||
        (s = parse_num(name, line, "zero", f[F_ZERO], &it.zero, e)) != RS_OK)
        return s;
    if (strcmp(f[F_DIRECTION], "higher") != 0 && strcmp(f[F_DIRECTION], "lower") != 0)
        return rs_fail(e, RS_EDATA, "%s:%d: column 'direction': '%s' is not higher or lower", name,
                       line, f[F_DIRECTION]);
    it.higher = strcmp(f[F_DIRECTION], "higher") == 0;
    if (it.weight <= 0)
        return rs_fail(e, RS_EDATA, "%s:%d: column 'weight': must be above 0", name, line);
    if (it.higher ? it.target <= it.zero : it.target >= it.zero)
        return rs_fail(e, RS_EDATA,
                       "%s:%d: column 'target': for direction %s the target must be %s the zero "
                       "point",
                       name, line, f[F_DIRECTION], it.higher ? "above" : "below");
    sc->items = rs_realloc(sc->items, (sc->nitems + 1) * sizeof *sc->items);
    it.indicator = rs_strdup(f[F_CODE]);
    sc->items[sc->nitems++] = it;
    return RS_OK;
}

static rs_status add_grade(score_scheme *sc, const char *name, int line, char **f, rs_error *e)
{
    score_grade g = {0};
    rs_status s = parse_num(name, line, "target", f[F_TARGET], &g.min, e);
    if (s != RS_OK) return s;
    if (!*f[F_LABEL_ZH] || !*f[F_LABEL_EN])
        return rs_fail(e, RS_EDATA, "%s:%d: a grade needs label_zh and label_en", name, line);
    sc->grades = rs_realloc(sc->grades, (sc->ngrades + 1) * sizeof *sc->grades);
    g.code = rs_strdup(f[F_CODE]);
    g.label_zh = rs_strdup(f[F_LABEL_ZH]);
    g.label_en = rs_strdup(f[F_LABEL_EN]);
    sc->grades[sc->ngrades++] = g;
    /* Keep the grades ordered by cut-off, highest first. */
    for (size_t i = sc->ngrades - 1; i > 0 && sc->grades[i].min > sc->grades[i - 1].min; i--) {
        score_grade tmp = sc->grades[i];
        sc->grades[i] = sc->grades[i - 1];
        sc->grades[i - 1] = tmp;
    }
    return RS_OK;
}

/* The minimum share of weight with data (at most one row). */
static rs_status add_minimum(score_scheme *sc, const char *name, int line, char **f, rs_error *e)
{
    double share;
    rs_status s = parse_num(name, line, "target", f[F_TARGET], &share, e);
    if (s != RS_OK) return s;
    if (strcmp(f[F_CODE], "weight_share") != 0)
        return rs_fail(e, RS_EDATA, "%s:%d: column 'code': a minimum is 'weight_share', not '%s'",
                       name, line, f[F_CODE]);
    if (sc->short_zh) return rs_fail(e, RS_EDATA, "%s:%d: the minimum is given twice", name, line);
    if (share < 0 || share > 1)
        return rs_fail(e, RS_EDATA, "%s:%d: column 'target': the share '%s' is not in 0..1", name,
                       line, f[F_TARGET]);
    if (!*f[F_LABEL_ZH] || !*f[F_LABEL_EN])
        return rs_fail(e, RS_EDATA, "%s:%d: the minimum needs label_zh and label_en", name, line);
    sc->min_share = share;
    sc->short_zh = rs_strdup(f[F_LABEL_ZH]);
    sc->short_en = rs_strdup(f[F_LABEL_EN]);
    return RS_OK;
}

rs_status score_parse(const char *name, const char *text, score_scheme **out, rs_error *e)
{
    score_scheme *sc = rs_calloc(1, sizeof *sc);
    char *copy = rs_strdup(text), *save = NULL, *fields[MAXFIELDS], *f[NF];
    int map[NF], line = 0;
    bool header = false;
    rs_status s = RS_OK;
    *out = NULL;
    for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        line++;
        while (*ln == ' ' || *ln == '\r')
            ln++;
        if (!*ln || *ln == '#') continue;
        int n = split_line(ln, fields);
        if (n < 0) {
            s = rs_fail(e, RS_EDATA, "%s:%d: quoted fields or more than %d columns", name, line,
                        MAXFIELDS);
            goto done;
        }
        if (!header) {
            for (int k = 0; k < NF; k++) {
                map[k] = -1;
                for (int c = 0; c < n; c++)
                    if (strcmp(fields[c], field_names[k]) == 0) map[k] = c;
                if (map[k] < 0) {
                    s = rs_fail(e, RS_EDATA, "%s:%d: missing column '%s'", name, line,
                                field_names[k]);
                    goto done;
                }
            }
            header = true;
            continue;
        }
        for (int k = 0; k < NF; k++)
            f[k] = map[k] < n ? fields[map[k]] : "";
        if (strcmp(f[F_KIND], "indicator") == 0)
            s = add_indicator(sc, name, line, f, e);
        else if (strcmp(f[F_KIND], "grade") == 0)
            s = add_grade(sc, name, line, f, e);
        else if (strcmp(f[F_KIND], "minimum") == 0)
            s = add_minimum(sc, name, line, f, e);
        else
            s = rs_fail(e, RS_EDATA,
                        "%s:%d: column 'kind': '%s' is not indicator, grade or minimum", name, line,
                        f[F_KIND]);
        if (s != RS_OK) goto done;
    }
    if (sc->nitems == 0 || sc->ngrades == 0)
        s = rs_fail(e, RS_EDATA, "%s: needs at least one indicator and one grade", name);
    else if (sc->grades[sc->ngrades - 1].min > 0)
        s = rs_fail(e, RS_EDATA, "%s: the lowest grade must start at 0 so every score has one",
                    name);
done:
    free(copy);
    if (s != RS_OK) {
        score_free(sc);
        sc = NULL;
    }
    *out = sc;
    return s;
}

rs_status score_load(const char *path, score_scheme **out, rs_error *e)
{
    char *text = NULL;
    rs_status s = file_read(path, &text, NULL, e);
    if (s == RS_OK) s = score_parse(path, text, out, e);
    free(text);
    return s;
}

void score_free(score_scheme *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nitems; i++)
        free(s->items[i].indicator);
    for (size_t i = 0; i < s->ngrades; i++) {
        free(s->grades[i].code);
        free(s->grades[i].label_zh);
        free(s->grades[i].label_en);
    }
    free(s->items);
    free(s->grades);
    free(s->short_zh);
    free(s->short_en);
    free(s);
}

/* ---------------------------------------------------------------- scoring */

const score_item *score_find(const score_scheme *s, const char *indicator)
{
    for (size_t i = 0; i < s->nitems; i++)
        if (strcmp(s->items[i].indicator, indicator) == 0) return &s->items[i];
    return NULL;
}

double score_points(const score_item *it, double value)
{
    double f = (value - it->zero) / (it->target - it->zero);
    return it->weight * (f < 0 ? 0 : f > 1 ? 1 : f);
}

int64_t score_round2(double x)
{
    char buf[40];
    /* x × 100 to 15 significant digits: what the decimal reading of x
     * says, without the binary tail (267.49999999999997 reads 267.5). */
    snprintf(buf, sizeof buf, "%.15g", x * 100.0);
    double y = strtod(buf, NULL);
    int64_t n = (int64_t)floor(fabs(y) + 0.5);
    return y < 0 ? -n : n;
}

bool score_met(const score_item *it, double value)
{
    const double eps = 1e-9;
    return it->higher ? value >= it->target - eps : value <= it->target + eps;
}

const score_grade *score_grade_of(const score_scheme *s, double total)
{
    for (size_t i = 0; i < s->ngrades; i++)
        if (total >= s->grades[i].min - 1e-9) return &s->grades[i];
    return &s->grades[s->ngrades - 1];
}

/* One unit's running totals while scoring. */
typedef struct {
    size_t first_row; /* its first row in the indicators table */
    int64_t code;
    double weights;      /* of the items with a value */
    double *item_points; /* per scheme item, NAN when no value */
    int64_t *shown;      /* per scheme item: its contribution out of 100, in hundredths */
    int64_t total;       /* Σ shown, in hundredths */
    bool scored;         /* some item has a value */
    bool enough;         /* its items with a value carry the minimum share of weight */
    long rank;           /* 1..: ranked; 0: not ranked; -1: the report unit */
} unit_score;

enum { I_CODE, I_NAME, I_LEVEL, I_IND, I_INDNAME, I_UNIT, I_NUM, I_DEN, I_VALUE, NIN };

/* The detail table (a new table the caller frees); accumulates each unit's
 * points into units. */
static rs_table *score_detail(const score_scheme *s, const rs_table *in, const int *ic,
                              unit_score *units, size_t nunits)
{
    static const char *const names[] = {
        "region_code", "region_name", "level", "indicator", "name",      "unit",
        "numerator",   "denominator", "value", "weight",    "target",    "zero_point",
        "direction",   "score",       "met",   "missed",    "value_type"};
    rs_table *t = table_new(17, names);
    for (size_t r = 0; r < in->nrows; r++) {
        size_t nr = table_add_row(t);
        for (int c = 0; c < NIN; c++)
            table_copy_value(t, nr, c, table_cell(in, r, ic[c]));
        const rs_value *ind = table_cell(in, r, ic[I_IND]), *val = table_cell(in, r, ic[I_VALUE]);
        bool rate = table_cell(in, r, ic[I_DEN])->type != VAL_NULL;
        table_set_text(t, nr, 16, rate ? "rate" : "yuan");
        const score_item *it = ind->type == VAL_TEXT ? score_find(s, ind->s) : NULL;
        if (!it) continue;
        table_set_real(t, nr, 9, it->weight);
        table_set_real(t, nr, 10, it->target);
        table_set_real(t, nr, 11, it->zero);
        table_set_text(t, nr, 12, it->higher ? "higher" : "lower");
        if (val->type != VAL_INT && val->type != VAL_REAL) continue;
        double v = val->type == VAL_INT ? (double)val->i : val->d, pts = score_points(it, v);
        table_set_real(t, nr, 13, (double)score_round2(pts) / 100.0);
        table_set_int(t, nr, 14, score_met(it, v));
        table_set_int(t, nr, 15, !score_met(it, v));
        int64_t code = table_cell(in, r, ic[I_CODE])->i;
        for (size_t u = 0; u < nunits; u++) {
            if (units[u].code != code) continue;
            units[u].weights += it->weight;
            units[u].item_points[it - s->items] = pts;
        }
    }
    return t;
}

/* Order for the summary: ranked units by rank, unranked after, by code. */
static int by_rank(const void *a, const void *b)
{
    const unit_score *x = a, *y = b;
    long rx = x->rank > 0 ? x->rank : (x->rank == 0 ? 1L << 30 : 1L << 31);
    long ry = y->rank > 0 ? y->rank : (y->rank == 0 ? 1L << 30 : 1L << 31);
    if (rx != ry) return rx < ry ? -1 : 1;
    return x->code < y->code ? -1 : x->code > y->code;
}

/* The unit's total as evaluators keep it: each item with a value
 * contributes 100 × points / Σweights of those items (the total rescaled
 * over them), rounded to hundredths; the total is the sum of those. */
static void unit_total(const score_scheme *s, double all_weights, unit_score *u)
{
    u->total = 0;
    u->scored = u->weights > 0;
    for (size_t i = 0; i < s->nitems; i++) {
        if (isnan(u->item_points[i])) continue;
        u->shown[i] = score_round2(100.0 * u->item_points[i] / u->weights);
        u->total += u->shown[i];
    }
    u->enough = u->scored && u->weights >= s->min_share * all_weights - 1e-9;
}

/* Write the summary row of unit u at row r of t (columns of score_summary). */
static void summary_row(const score_scheme *s, const rs_table *in, const int *ic,
                        const unit_score *u, double all_weights, bool is_unit, const char *lang,
                        rs_table *t, size_t r)
{
    bool en = strcmp(lang, "en") == 0;
    for (int c = 0; c < 3; c++)
        table_copy_value(t, r, c, table_cell(in, u->first_row, ic[c]));
    table_set_int(t, r, 3, is_unit);
    table_set_real(t, r, 7, u->weights / all_weights);
    if (!u->scored) return;
    const score_grade *g = score_grade_of(s, (double)u->total / 100.0);
    table_set_real(t, r, 4, (double)u->total / 100.0);
    if (u->rank > 0) table_set_int(t, r, 5, u->rank);
    table_set_text(t, r, 6,
                   u->enough ? (en ? g->label_en : g->label_zh) : (en ? s->short_en : s->short_zh));
    for (size_t i = 0; i < s->nitems; i++)
        if (!isnan(u->item_points[i]))
            table_set_real(t, r, (int)(8 + i), (double)u->shown[i] / 100.0);
}

/* The summary table (a new table the caller frees): units ranked, with
 * their grades in lang. */
static rs_table *score_summary(const score_scheme *s, const rs_table *in, const int *ic,
                               unit_score *units, size_t nunits, int64_t unit, const char *lang)
{
    size_t ncols = 8 + s->nitems;
    char **names = rs_calloc(ncols, sizeof *names);
    static const char *const fixed[] = {"region_code", "region_name", "level", "is_unit",
                                        "score",       "rank",        "grade", "weight_share"};
    double all_weights = 0;
    for (size_t i = 0; i < ncols; i++)
        names[i] = i < 8 ? rs_strdup(fixed[i]) : rs_sprintf("%s.score", s->items[i - 8].indicator);
    rs_table *t = table_new((int)ncols, (const char *const *)names);
    for (size_t i = 0; i < ncols; i++)
        free(names[i]);
    free(names);
    for (size_t i = 0; i < s->nitems; i++)
        all_weights += s->items[i].weight;
    /* Rank the other units with enough data among themselves: equal totals
     * (in hundredths, exact) share a rank. */
    for (size_t u = 0; u < nunits; u++) {
        unit_total(s, all_weights, &units[u]);
        units[u].rank = units[u].code == unit ? -1 : 0;
    }
    for (size_t u = 0; u < nunits; u++) {
        if (units[u].rank < 0 || !units[u].enough) continue;
        units[u].rank = 1;
        for (size_t v = 0; v < nunits; v++)
            if (units[v].code != unit && units[v].enough && units[v].total > units[u].total)
                units[u].rank++;
    }
    qsort(units, nunits, sizeof *units, by_rank);
    for (size_t u = 0; u < nunits; u++)
        summary_row(s, in, ic, &units[u], all_weights, units[u].code == unit, lang, t,
                    table_add_row(t));
    return t;
}

rs_status score_tables(const score_scheme *s, const rs_table *in, int64_t unit, const char *lang,
                       rs_table **detail, rs_table **summary, rs_error *e)
{
    static const char *const need[NIN] = {"region_code", "region_name", "level",
                                          "indicator",   "name",        "unit",
                                          "numerator",   "denominator", "value"};
    int ic[NIN];
    unit_score *units = rs_calloc(in->nrows + 1, sizeof *units);
    size_t nunits = 0;
    rs_status st = RS_OK;
    *detail = *summary = NULL;
    for (int c = 0; c < NIN; c++) {
        if ((ic[c] = table_col(in, need[c])) < 0) {
            st = rs_fail(e, RS_EINTERNAL, "indicators table lacks column '%s'", need[c]);
            goto done;
        }
    }
    for (size_t r = 0; r < in->nrows; r++) {
        int64_t code = table_cell(in, r, ic[I_CODE])->i;
        size_t u = 0;
        while (u < nunits && units[u].code != code)
            u++;
        if (u < nunits) continue;
        units[nunits] = (unit_score){.first_row = r, .code = code};
        units[nunits].item_points = rs_malloc((s->nitems + 1) * sizeof(double));
        units[nunits].shown = rs_calloc(s->nitems + 1, sizeof(int64_t));
        for (size_t i = 0; i < s->nitems; i++)
            units[nunits].item_points[i] = NAN;
        nunits++;
    }
    *detail = score_detail(s, in, ic, units, nunits);
    *summary = score_summary(s, in, ic, units, nunits, unit, lang);
done:
    for (size_t u = 0; u < nunits; u++) {
        free(units[u].item_points);
        free(units[u].shown);
    }
    free(units);
    return st;
}
