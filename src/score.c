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
#include "score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

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
    score_item *items = realloc(sc->items, (sc->nitems + 1) * sizeof *items);
    if (!items) return rs_fail(e, RS_ENOMEM, "out of memory");
    sc->items = items;
    if (!(it.indicator = strdup(f[F_CODE]))) return rs_fail(e, RS_ENOMEM, "out of memory");
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
    score_grade *gr = realloc(sc->grades, (sc->ngrades + 1) * sizeof *gr);
    if (!gr) return rs_fail(e, RS_ENOMEM, "out of memory");
    sc->grades = gr;
    g.code = strdup(f[F_CODE]);
    g.label_zh = strdup(f[F_LABEL_ZH]);
    g.label_en = strdup(f[F_LABEL_EN]);
    sc->grades[sc->ngrades++] = g;
    if (!g.code || !g.label_zh || !g.label_en) return rs_fail(e, RS_ENOMEM, "out of memory");
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
    sc->short_zh = strdup(f[F_LABEL_ZH]);
    sc->short_en = strdup(f[F_LABEL_EN]);
    if (!sc->short_zh || !sc->short_en) return rs_fail(e, RS_ENOMEM, "out of memory");
    return RS_OK;
}

rs_status score_parse(const char *name, const char *text, score_scheme **out, rs_error *e)
{
    score_scheme *sc = calloc(1, sizeof *sc);
    char *copy = strdup(text), *save = NULL, *fields[MAXFIELDS], *f[NF];
    int map[NF], line = 0;
    bool header = false;
    rs_status s = RS_OK;
    *out = NULL;
    if (!sc || !copy) {
        s = rs_fail(e, RS_ENOMEM, "out of memory");
        goto done;
    }
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
    rs_status s = db_read_file(path, &text, NULL, e);
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

static rs_status copy_cell(rs_table *dst, size_t r, int c, const rs_value *v, rs_error *e)
{
    if (v->type == VAL_INT)
        table_set_int(dst, r, c, v->i);
    else if (v->type == VAL_REAL)
        table_set_real(dst, r, c, v->d);
    else if (v->type == VAL_TEXT && !table_set_text(dst, r, c, v->s))
        return rs_fail(e, RS_ENOMEM, "out of memory");
    return RS_OK;
}

enum { I_CODE, I_NAME, I_LEVEL, I_IND, I_INDNAME, I_UNIT, I_NUM, I_DEN, I_VALUE, NIN };

/* Build the detail table and accumulate each unit's points into units. */
static rs_status score_detail(const score_scheme *s, const rs_table *in, const int *ic,
                              unit_score *units, size_t nunits, rs_table **out, rs_error *e)
{
    static const char *const names[] = {
        "region_code", "region_name", "level", "indicator", "name",      "unit",
        "numerator",   "denominator", "value", "weight",    "target",    "zero_point",
        "direction",   "score",       "met",   "missed",    "value_type"};
    rs_table *t = table_new(17, names);
    rs_status s2 = RS_OK;
    if (!t) return rs_fail(e, RS_ENOMEM, "out of memory");
    for (size_t r = 0; r < in->nrows && s2 == RS_OK; r++) {
        long nr = table_add_row(t);
        if (nr < 0) {
            s2 = rs_fail(e, RS_ENOMEM, "out of memory");
            break;
        }
        for (int c = 0; c < NIN && s2 == RS_OK; c++)
            s2 = copy_cell(t, (size_t)nr, c, table_cell(in, r, ic[c]), e);
        const rs_value *ind = table_cell(in, r, ic[I_IND]), *val = table_cell(in, r, ic[I_VALUE]);
        bool rate = table_cell(in, r, ic[I_DEN])->type != VAL_NULL;
        if (s2 == RS_OK && !table_set_text(t, (size_t)nr, 16, rate ? "rate" : "yuan"))
            s2 = rs_fail(e, RS_ENOMEM, "out of memory");
        const score_item *it = ind->type == VAL_TEXT ? score_find(s, ind->s) : NULL;
        if (!it || s2 != RS_OK) continue;
        table_set_real(t, (size_t)nr, 9, it->weight);
        table_set_real(t, (size_t)nr, 10, it->target);
        table_set_real(t, (size_t)nr, 11, it->zero);
        if (!table_set_text(t, (size_t)nr, 12, it->higher ? "higher" : "lower"))
            s2 = rs_fail(e, RS_ENOMEM, "out of memory");
        if (val->type != VAL_INT && val->type != VAL_REAL) continue;
        double v = val->type == VAL_INT ? (double)val->i : val->d, pts = score_points(it, v);
        table_set_real(t, (size_t)nr, 13, (double)score_round2(pts) / 100.0);
        table_set_int(t, (size_t)nr, 14, score_met(it, v));
        table_set_int(t, (size_t)nr, 15, !score_met(it, v));
        int64_t code = table_cell(in, r, ic[I_CODE])->i;
        for (size_t u = 0; u < nunits; u++) {
            if (units[u].code != code) continue;
            units[u].weights += it->weight;
            units[u].item_points[it - s->items] = pts;
        }
    }
    if (s2 != RS_OK) {
        table_free(t);
        t = NULL;
    }
    *out = t;
    return s2;
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
static rs_status summary_row(const score_scheme *s, const rs_table *in, const int *ic,
                             const unit_score *u, double all_weights, bool is_unit,
                             const char *lang, rs_table *t, size_t r, rs_error *e)
{
    bool en = strcmp(lang, "en") == 0;
    rs_status st = RS_OK;
    for (int c = 0; c < 3 && st == RS_OK; c++)
        st = copy_cell(t, r, c, table_cell(in, u->first_row, ic[c]), e);
    if (st != RS_OK) return st;
    table_set_int(t, r, 3, is_unit);
    table_set_real(t, r, 7, u->weights / all_weights);
    if (!u->scored) return RS_OK;
    const score_grade *g = score_grade_of(s, (double)u->total / 100.0);
    const char *grade =
        u->enough ? (en ? g->label_en : g->label_zh) : (en ? s->short_en : s->short_zh);
    table_set_real(t, r, 4, (double)u->total / 100.0);
    if (u->rank > 0) table_set_int(t, r, 5, u->rank);
    if (!table_set_text(t, r, 6, grade)) return rs_fail(e, RS_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->nitems; i++)
        if (!isnan(u->item_points[i]))
            table_set_real(t, r, (int)(8 + i), (double)u->shown[i] / 100.0);
    return RS_OK;
}

static rs_status score_summary(const score_scheme *s, const rs_table *in, const int *ic,
                               unit_score *units, size_t nunits, int64_t unit, const char *lang,
                               rs_table **out, rs_error *e)
{
    size_t ncols = 8 + s->nitems;
    char **names = calloc(ncols, sizeof *names);
    static const char *const fixed[] = {"region_code", "region_name", "level", "is_unit",
                                        "score",       "rank",        "grade", "weight_share"};
    rs_table *t = NULL;
    double all_weights = 0;
    rs_status st = RS_OK;
    if (!names) return rs_fail(e, RS_ENOMEM, "out of memory");
    for (size_t i = 0; i < ncols; i++) {
        if (i < 8)
            names[i] = strdup(fixed[i]);
        else if (asprintf(&names[i], "%s.score", s->items[i - 8].indicator) < 0)
            names[i] = NULL;
        if (!names[i]) goto nomem;
    }
    if (!(t = table_new((int)ncols, (const char *const *)names))) goto nomem;
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
    for (size_t u = 0; u < nunits && st == RS_OK; u++) {
        long r = table_add_row(t);
        if (r < 0) goto nomem;
        st = summary_row(s, in, ic, &units[u], all_weights, units[u].code == unit, lang, t,
                         (size_t)r, e);
    }
    goto done;
nomem:
    st = rs_fail(e, RS_ENOMEM, "out of memory");
done:
    for (size_t i = 0; i < ncols; i++)
        free(names[i]);
    free(names);
    if (st != RS_OK) {
        table_free(t);
        t = NULL;
    }
    *out = t;
    return st;
}

rs_status score_tables(const score_scheme *s, const rs_table *in, int64_t unit, const char *lang,
                       rs_table **detail, rs_table **summary, rs_error *e)
{
    static const char *const need[NIN] = {"region_code", "region_name", "level",
                                          "indicator",   "name",        "unit",
                                          "numerator",   "denominator", "value"};
    int ic[NIN];
    unit_score *units = calloc(in->nrows + 1, sizeof *units);
    size_t nunits = 0;
    rs_status st = RS_OK;
    *detail = *summary = NULL;
    if (!units) return rs_fail(e, RS_ENOMEM, "out of memory");
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
        if (!(units[nunits].item_points = malloc((s->nitems + 1) * sizeof(double))) ||
            !(units[nunits].shown = calloc(s->nitems + 1, sizeof(int64_t)))) {
            free(units[nunits].item_points);
            st = rs_fail(e, RS_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < s->nitems; i++)
            units[nunits].item_points[i] = NAN;
        nunits++;
    }
    if ((st = score_detail(s, in, ic, units, nunits, detail, e)) == RS_OK)
        st = score_summary(s, in, ic, units, nunits, unit, lang, summary, e);
done:
    for (size_t u = 0; u < nunits; u++) {
        free(units[u].item_points);
        free(units[u].shown);
    }
    free(units);
    if (st != RS_OK) {
        table_free(*detail);
        *detail = NULL;
    }
    return st;
}
