/*
 * chartdef: reading chart definitions (charts/NAME.yaml) and selecting from
 * rs_tables the numbers a chart draws.  The YAML is checked key by key so
 * that a misspelt key or a wrong value fails before any drawing, naming the
 * file, the line and the key.
 */
#include "report/chartdef.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/home.h"

/* ---- allocation ------------------------------------------------------ */

/* A zeroed array of n items owned by def (freed by chartdef_free); NULL
 * when n is 0. */
static void *def_calloc(chart_def *def, size_t n, size_t size)
{
    if (n == 0) return NULL;
    void *p = rs_calloc(n, size);
    g_ptr_array_add(def->allocs, p);
    return p;
}

void chartdef_free(chart_def *def)
{
    if (!def) return;
    g_ptr_array_free(def->allocs, TRUE);
    free(def->name);
    g_string_chunk_free(def->pool);
    yd_free(def->doc);
    free(def);
}

/* ---- scalar values --------------------------------------------------- */

/* Read a text under key of map: a scalar (both languages) or {zh, en}. */
static rs_status parse_text(yd_doc *doc, yaml_node_t *map, const char *key, rs_text *out,
                            rs_error *e)
{
    static const char *const keys[] = {"zh", "en", NULL};
    yaml_node_t *n = yd_get(doc, map, key);
    rs_status s;
    if (!n) return RS_OK;
    out->line = yd_line(n);
    if (yd_scalar(n)) {
        out->zh = out->en = yd_scalar(n);
        return RS_OK;
    }
    if (n->type != YAML_MAPPING_NODE)
        return yd_fail(doc, n, key, e, "expected a text or {zh: .., en: ..}");
    if ((s = yd_check_keys(doc, n, keys, e)) != RS_OK ||
        (s = yd_str(doc, n, "zh", false, &out->zh, e)) != RS_OK)
        return s;
    return yd_str(doc, n, "en", false, &out->en, e);
}

/* Read a colour "#RRGGBB" under key; *has is set when present. */
static rs_status parse_color(yd_doc *doc, yaml_node_t *map, const char *key, uint32_t *out,
                             bool *has, rs_error *e)
{
    const char *v = NULL;
    rs_status s = yd_str(doc, map, key, false, &v, e);
    char *end;
    if (s != RS_OK || !v) return s;
    unsigned long x = strtoul(v + (v[0] == '#'), &end, 16);
    if (v[0] != '#' || strlen(v) != 7 || *end)
        return yd_fail(doc, yd_get(doc, map, key), key, e, "'%s' is not a colour like #1f77b4", v);
    *out = (uint32_t)x;
    if (has) *has = true;
    return RS_OK;
}

/* Map the scalar under key to one of names (index into *out). */
static rs_status parse_enum(yd_doc *doc, yaml_node_t *map, const char *key,
                            const char *const *names, int *out, rs_error *e)
{
    const char *v = NULL;
    rs_status s = yd_str(doc, map, key, false, &v, e);
    char list[256] = "";
    if (s != RS_OK || !v) return s;
    for (int i = 0; names[i]; i++) {
        if (strcmp(names[i], v) == 0) {
            *out = i;
            return RS_OK;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    }
    return yd_fail(doc, yd_get(doc, map, key), key, e, "'%s' is not one of %s", v, list);
}

static const char *const format_names[] = {"number", "count", "rate", "fen", "yuan", NULL};

/* ---- rows and references --------------------------------------------- */

/* Read the conditions of mapping `key` of map into rows->where (appended). */
static rs_status parse_where(chart_def *def, yaml_node_t *map, const char *key, bool negate,
                             chart_rows *rows, rs_error *e)
{
    yaml_node_t *n = yd_get(def->doc, map, key);
    if (!n) return RS_OK;
    if (n->type != YAML_MAPPING_NODE)
        return yd_fail(def->doc, n, key, e, "expected a mapping of column: value");
    size_t old = rows->nwhere, add = yd_count(n);
    if (add == 0) return RS_OK; /* an empty mapping keeps every row */
    chart_where *w = def_calloc(def, old + add, sizeof *w);
    if (old) memcpy(w, rows->where, old * sizeof *w);
    for (size_t i = 0; i < add; i++) {
        yaml_node_t *v = yd_value_at(def->doc, n, i);
        if (!yd_scalar(v))
            return yd_fail(def->doc, v, yd_key_at(def->doc, n, i), e, "expected a single value");
        w[old + i] = (chart_where){.column = yd_key_at(def->doc, n, i),
                                   .value = yd_scalar(v),
                                   .negate = negate,
                                   .node = v};
    }
    rows->where = w;
    rows->nwhere = old + add;
    return RS_OK;
}

/* Read dataset/where/where_not of map into *rows, starting from inherit
 * (the chart's rows) when map names no dataset of its own. */
static rs_status parse_rows(chart_def *def, yaml_node_t *map, const chart_rows *inherit,
                            chart_rows *rows, rs_error *e)
{
    rs_status s;
    const char *dataset = NULL;
    if ((s = yd_str(def->doc, map, "dataset", false, &dataset, e)) != RS_OK) return s;
    if (dataset)
        *rows = (chart_rows){.dataset = dataset};
    else if (inherit)
        *rows = *inherit;
    rows->node = map;
    if ((s = parse_where(def, map, "where", false, rows, e)) != RS_OK ||
        (s = parse_where(def, map, "where_not", true, rows, e)) != RS_OK)
        return s;
    if (!rows->dataset) return yd_fail(def->doc, map, "dataset", e, "missing");
    return RS_OK;
}

/* Read a number under key of map: a constant, or {dataset?, where?,
 * where_not?, column} naming a cell of the first row chosen (column may be
 * a list of columns, summed). */
static rs_status parse_ref(chart_def *def, yaml_node_t *map, const char *key, chart_ref *ref,
                           rs_error *e)
{
    static const char *const keys[] = {"dataset", "where", "where_not", "column", NULL};
    yaml_node_t *n = yd_get(def->doc, map, key), *col;
    rs_status s;
    if (!n) return RS_OK;
    ref->set = true;
    ref->node = n;
    if (yd_scalar(n)) {
        ref->constant = true;
        return yd_double(def->doc, map, key, true, &ref->number, e);
    }
    if ((s = yd_check_keys(def->doc, n, keys, e)) != RS_OK ||
        (s = parse_rows(def, n, def->rows.dataset ? &def->rows : NULL, &ref->rows, e)) != RS_OK)
        return s;
    if (!(col = yd_get(def->doc, n, "column"))) return yd_fail(def->doc, n, "column", e, "missing");
    ref->ncolumns = yd_scalar(col) ? 1 : yd_count(col);
    if (!ref->ncolumns || (!yd_scalar(col) && col->type != YAML_SEQUENCE_NODE))
        return yd_fail(def->doc, col, "column", e, "expected a column or a list of columns");
    ref->columns = def_calloc(def, ref->ncolumns, sizeof *ref->columns);
    for (size_t i = 0; i < ref->ncolumns; i++) {
        yaml_node_t *c = yd_scalar(col) ? col : yd_item(def->doc, col, i);
        if (!(ref->columns[i] = yd_scalar(c)))
            return yd_fail(def->doc, c, "column", e, "expected a column name");
    }
    return RS_OK;
}

/* ---- the parts of a chart -------------------------------------------- */

/* The sequence under key of map (NULL when absent), with its length. */
static rs_status get_list(yd_doc *doc, yaml_node_t *map, const char *key, bool required,
                          yaml_node_t **out, size_t *n, rs_error *e)
{
    yaml_node_t *l = yd_get(doc, map, key);
    *out = l;
    *n = yd_count(l);
    if (!l && required) return yd_fail(doc, map, key, e, "missing");
    if (l && (l->type != YAML_SEQUENCE_NODE || *n == 0))
        return yd_fail(doc, l, key, e, "expected a non-empty list");
    return RS_OK;
}

/* Parses one item of a list into the item at out. */
typedef rs_status (*part_fn)(chart_def *def, yaml_node_t *n, void *out, rs_error *e);

/* Read series node n into the chart_series at out (a part_fn). */
static rs_status parse_series(chart_def *def, yaml_node_t *n, void *out, rs_error *e)
{
    chart_series *sr = out;
    static const char *const keys[] = {"column", "label",  "dataset", "where", "where_not",
                                       "axis",   "format", "color",   NULL};
    rs_status s;
    long axis = 0;
    int fmt = FMT_NUMBER;
    sr->node = n;
    if ((s = yd_check_keys(def->doc, n, keys, e)) != RS_OK ||
        (s = yd_str(def->doc, n, "column", true, &sr->column, e)) != RS_OK ||
        (s = parse_text(def->doc, n, "label", &sr->label, e)) != RS_OK ||
        (s = parse_color(def->doc, n, "color", &sr->color, &sr->has_color, e)) != RS_OK ||
        (s = yd_long(def->doc, n, "axis", false, &axis, e)) != RS_OK)
        return s;
    if (strlen(sr->column) > 4 && strcmp(sr->column + strlen(sr->column) - 4, "_fen") == 0)
        fmt = FMT_FEN;
    if ((s = parse_enum(def->doc, n, "format", format_names, &fmt, e)) != RS_OK) return s;
    sr->format = (chart_format)fmt;
    if (axis != 0 && axis != 1)
        return yd_fail(def->doc, yd_get(def->doc, n, "axis"), "axis", e,
                       "expected 0 (left) or 1 (right)");
    sr->axis = (int)axis;
    return parse_rows(def, n, def->rows.dataset ? &def->rows : NULL, &sr->rows, e);
}

/* Read target node n into the chart_target at out (a part_fn). */
static rs_status parse_target(chart_def *def, yaml_node_t *n, void *out, rs_error *e)
{
    chart_target *t = out;
    static const char *const keys[] = {"value", "label", "axis", "color", NULL};
    rs_status s;
    long axis = 0;
    t->color = 0xd62728;
    if ((s = yd_check_keys(def->doc, n, keys, e)) != RS_OK ||
        (s = parse_ref(def, n, "value", &t->value, e)) != RS_OK ||
        (s = parse_text(def->doc, n, "label", &t->label, e)) != RS_OK ||
        (s = parse_color(def->doc, n, "color", &t->color, NULL, e)) != RS_OK ||
        (s = yd_long(def->doc, n, "axis", false, &axis, e)) != RS_OK)
        return s;
    if (!t->value.set) return yd_fail(def->doc, n, "value", e, "missing");
    if (axis != 0 && axis != 1)
        return yd_fail(def->doc, yd_get(def->doc, n, "axis"), "axis", e,
                       "expected 0 (left) or 1 (right)");
    t->axis = (int)axis;
    return RS_OK;
}

/* Read tile node n into the chart_tile at out (a part_fn). */
static rs_status parse_tile(chart_def *def, yaml_node_t *n, void *out, rs_error *e)
{
    chart_tile *t = out;
    static const char *const keys[] = {"label",        "suffix",      "value",    "target",
                                       "zero",         "format",      "better",   "judge",
                                       "judge_format", "judge_label", "optional", NULL};
    static const char *const better[] = {"higher", "lower", NULL};
    rs_status s;
    int fmt = FMT_NUMBER, jfmt = FMT_RATE, lower = 0;
    t->node = n;
    if ((s = yd_check_keys(def->doc, n, keys, e)) != RS_OK ||
        (s = parse_text(def->doc, n, "label", &t->label, e)) != RS_OK ||
        (s = parse_text(def->doc, n, "suffix", &t->suffix, e)) != RS_OK ||
        (s = parse_ref(def, n, "value", &t->value, e)) != RS_OK ||
        (s = parse_ref(def, n, "target", &t->target, e)) != RS_OK ||
        (s = parse_ref(def, n, "zero", &t->zero, e)) != RS_OK ||
        (s = parse_ref(def, n, "judge", &t->judge, e)) != RS_OK ||
        (s = parse_text(def->doc, n, "judge_label", &t->judge_label, e)) != RS_OK ||
        (s = parse_enum(def->doc, n, "judge_format", format_names, &jfmt, e)) != RS_OK ||
        (s = parse_enum(def->doc, n, "format", format_names, &fmt, e)) != RS_OK ||
        (s = parse_enum(def->doc, n, "better", better, &lower, e)) != RS_OK ||
        (s = yd_bool(def->doc, n, "optional", false, &t->optional, e)) != RS_OK)
        return s;
    if (!t->value.set) return yd_fail(def->doc, n, "value", e, "missing");
    t->format = (chart_format)fmt;
    t->judge_format = (chart_format)jfmt;
    t->lower_is_better = lower == 1;
    return RS_OK;
}

/* Read the items of list `key` of root with fn into a new array (*arr) of
 * *n items of size bytes each. */
static rs_status parse_list(chart_def *def, yaml_node_t *root, const char *key, bool required,
                            part_fn fn, size_t size, void **arr, size_t *n, rs_error *e)
{
    yaml_node_t *l;
    rs_status s = get_list(def->doc, root, key, required, &l, n, e);
    if (s != RS_OK || !*n) return s;
    *arr = def_calloc(def, *n, size);
    for (size_t i = 0; i < *n; i++)
        if ((s = fn(def, yd_item(def->doc, l, i), (char *)*arr + i * size, e)) != RS_OK) return s;
    return RS_OK;
}

/* Fill def from the root mapping of its document. */
static rs_status parse_def(chart_def *def, rs_error *e)
{
    static const char *const keys[] = {
        "type",    "title",      "subtitle", "y_title",         "y2_title", "dataset",
        "where",   "where_not",  "category", "category_format", "sort",     "limit",
        "stacked", "miss_color", "miss",     "series",          "targets",  "tiles",
        "columns", "width",      "height",   "total_label",     "empty",    NULL};
    static const char *const types[] = {"hbar", "bar", "line", "donut", "tiles", NULL};
    static const char *const sorts[] = {"none", "asc", "desc", NULL};
    static const char *const catfmts[] = {"text", "month", NULL};
    static const char *const misses[] = {"below", "above", NULL};
    yaml_node_t *root = yd_root(def->doc);
    rs_status s;
    int type = -1, sort = SORT_NONE, catfmt = CAT_TEXT, miss = 0;
    if (!root) return rs_fail(e, RS_ETEMPLATE, "%s: empty chart definition", yd_name(def->doc));
    if ((s = yd_check_keys(def->doc, root, keys, e)) != RS_OK) return s;
    if (!yd_get(def->doc, root, "type")) return yd_fail(def->doc, root, "type", e, "missing");
    def->width = 640;
    def->height = 400;
    if ((s = parse_enum(def->doc, root, "type", types, &type, e)) != RS_OK ||
        (s = parse_enum(def->doc, root, "sort", sorts, &sort, e)) != RS_OK ||
        (s = parse_enum(def->doc, root, "category_format", catfmts, &catfmt, e)) != RS_OK ||
        (s = parse_enum(def->doc, root, "miss", misses, &miss, e)) != RS_OK ||
        (s = parse_text(def->doc, root, "title", &def->title, e)) != RS_OK ||
        (s = parse_text(def->doc, root, "subtitle", &def->subtitle, e)) != RS_OK ||
        (s = parse_text(def->doc, root, "y_title", &def->y_title[0], e)) != RS_OK ||
        (s = parse_text(def->doc, root, "y2_title", &def->y_title[1], e)) != RS_OK ||
        (s = parse_text(def->doc, root, "total_label", &def->total_label, e)) != RS_OK ||
        (s = parse_text(def->doc, root, "empty", &def->empty, e)) != RS_OK ||
        (s = yd_str(def->doc, root, "category", false, &def->category, e)) != RS_OK ||
        (s = yd_long(def->doc, root, "limit", false, &def->limit, e)) != RS_OK ||
        (s = yd_bool(def->doc, root, "stacked", false, &def->stacked, e)) != RS_OK ||
        (s = parse_color(def->doc, root, "miss_color", &def->miss_color, &def->has_miss_color,
                         e)) != RS_OK ||
        (s = yd_long(def->doc, root, "columns", false, &def->columns, e)) != RS_OK ||
        (s = yd_long(def->doc, root, "width", false, &def->width, e)) != RS_OK ||
        (s = yd_long(def->doc, root, "height", false, &def->height, e)) != RS_OK)
        return s;
    def->type = (chart_type)type;
    def->sort = (chart_sort)sort;
    def->catfmt = (chart_catfmt)catfmt;
    def->miss_above = miss == 1;
    def->category_node = yd_get(def->doc, root, "category");
    if (def->width < 100 || def->width > 4000 || def->height < 60 || def->height > 4000)
        return yd_fail(def->doc, root, "width", e,
                       "size %ldx%ld out of range (100..4000 x 60..4000)", def->width, def->height);
    if (def->limit < 0)
        return yd_fail(def->doc, yd_get(def->doc, root, "limit"), "limit", e,
                       "must not be negative");
    if (yd_get(def->doc, root, "dataset") &&
        (s = parse_rows(def, root, NULL, &def->rows, e)) != RS_OK)
        return s;
    if (def->type == CHART_TILES)
        s = parse_list(def, root, "tiles", true, parse_tile, sizeof *def->tiles,
                       (void **)&def->tiles, &def->ntiles, e);
    else if ((s = parse_list(def, root, "series", true, parse_series, sizeof *def->series,
                             (void **)&def->series, &def->nseries, e)) == RS_OK)
        s = parse_list(def, root, "targets", false, parse_target, sizeof *def->targets,
                       (void **)&def->targets, &def->ntargets, e);
    if (s != RS_OK) return s;
    if ((def->type == CHART_HBAR || def->type == CHART_BAR || def->type == CHART_LINE) &&
        !def->category)
        return yd_fail(def->doc, root, "category", e, "missing (a %s chart needs categories)",
                       types[type]);
    return RS_OK;
}

/* Take ownership of doc and parse it into *out; doc is freed on failure. */
static rs_status load_doc(const char *name, yd_doc *doc, chart_def **out, rs_error *e)
{
    rs_status s;
    chart_def *def = rs_calloc(1, sizeof *def);
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    size_t len = strlen(base);
    *out = NULL;
    def->doc = doc;
    def->pool = g_string_chunk_new(1024);
    def->allocs = g_ptr_array_new_with_free_func(free);
    if (len > 5 && strcmp(base + len - 5, ".yaml") == 0) len -= 5;
    def->name = rs_strndup(base, len);
    if ((s = parse_def(def, e)) == RS_OK) {
        *out = def;
        def = NULL;
    }
    chartdef_free(def);
    return s;
}

rs_status chartdef_load(const char *path, chart_def **out, rs_error *e)
{
    yd_doc *doc = NULL;
    rs_status s = yd_load(path, &doc, e);
    *out = NULL;
    return s != RS_OK ? s : load_doc(path, doc, out, e);
}

rs_status chartdef_load_string(const char *name, const char *text, size_t len, chart_def **out,
                               rs_error *e)
{
    yd_doc *doc = NULL;
    rs_status s = yd_load_string(name, text, len, &doc, e);
    *out = NULL;
    return s != RS_OK ? s : load_doc(name, doc, out, e);
}

rs_status chartdef_load_named(const char *name, chart_def **out, rs_error *e)
{
    char rel[512];
    *out = NULL;
    if (!*name || strchr(name, '/') || strlen(name) > 200)
        return rs_fail(e, RS_ETEMPLATE, "bad chart name '%s'", name);
    snprintf(rel, sizeof rel, "charts/%s.yaml", name);
    char *path = home_path(rel);
    rs_status s = chartdef_load(path, out, e);
    free(path);
    return s;
}

/* ---- resolving for a run ----------------------------------------------- */

/* Fill in the values of rows' conditions for run. */
static rs_status resolve_rows(chart_def *def, chart_rows *rows, const text_run *run, rs_error *e)
{
    for (size_t i = 0; i < rows->nwhere; i++) {
        chart_where *w = &rows->where[i];
        char *v = NULL;
        if (text_expand(w->value, run->var, run->arg, &v, e) != RS_OK) {
            rs_error_prefix(e, "%s:%d: key '%s'", yd_name(def->doc), yd_line(w->node), w->column);
            return RS_ETEMPLATE;
        }
        w->match = g_string_chunk_insert_const(def->pool, v);
        free(v);
    }
    return RS_OK;
}

/* Resolve the texts and conditions of tile t. */
static rs_status resolve_tile(chart_def *def, chart_tile *t, const text_run *run, rs_error *e)
{
    const char *file = yd_name(def->doc);
    chart_ref *refs[] = {&t->value, &t->target, &t->zero, &t->judge};
    rs_status s;
    if ((s = text_resolve(&t->label, file, run, def->pool, e)) != RS_OK ||
        (s = text_resolve(&t->suffix, file, run, def->pool, e)) != RS_OK ||
        (s = text_resolve(&t->judge_label, file, run, def->pool, e)) != RS_OK)
        return s;
    for (size_t i = 0; i < sizeof refs / sizeof refs[0] && s == RS_OK; i++)
        s = resolve_rows(def, &refs[i]->rows, run, e);
    return s;
}

rs_status chartdef_resolve(chart_def *def, const text_run *run, rs_error *e)
{
    const char *file = yd_name(def->doc);
    rs_text *texts[] = {&def->title,      &def->subtitle,    &def->y_title[0],
                        &def->y_title[1], &def->total_label, &def->empty};
    rs_status s = resolve_rows(def, &def->rows, run, e);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0] && s == RS_OK; i++)
        s = text_resolve(texts[i], file, run, def->pool, e);
    for (size_t i = 0; i < def->nseries && s == RS_OK; i++)
        if ((s = text_resolve(&def->series[i].label, file, run, def->pool, e)) == RS_OK)
            s = resolve_rows(def, &def->series[i].rows, run, e);
    for (size_t i = 0; i < def->ntargets && s == RS_OK; i++)
        if ((s = text_resolve(&def->targets[i].label, file, run, def->pool, e)) == RS_OK)
            s = resolve_rows(def, &def->targets[i].value.rows, run, e);
    for (size_t i = 0; i < def->ntiles && s == RS_OK; i++)
        s = resolve_tile(def, &def->tiles[i], run, e);
    return s;
}

/* fn(the dataset of ref) when ref reads one. */
static void ref_dataset(const chart_ref *ref, void (*fn)(const char *, void *), void *arg)
{
    if (ref->set && !ref->constant) fn(ref->rows.dataset, arg);
}

void chartdef_datasets(const chart_def *def, void (*fn)(const char *name, void *arg), void *arg)
{
    if (def->rows.dataset) fn(def->rows.dataset, arg);
    for (size_t i = 0; i < def->nseries; i++)
        fn(def->series[i].rows.dataset, arg);
    for (size_t i = 0; i < def->ntargets; i++)
        ref_dataset(&def->targets[i].value, fn, arg);
    for (size_t i = 0; i < def->ntiles; i++) {
        ref_dataset(&def->tiles[i].value, fn, arg);
        ref_dataset(&def->tiles[i].target, fn, arg);
        ref_dataset(&def->tiles[i].zero, fn, arg);
        ref_dataset(&def->tiles[i].judge, fn, arg);
    }
}

/* ---- binding to data --------------------------------------------------- */

double chart_cell_number(const rs_table *t, size_t row, int col)
{
    const rs_value *v = table_cell(t, row, col);
    char *end;
    double d;
    switch (v->type) {
    case VAL_INT:
        return (double)v->i;
    case VAL_REAL:
        return v->d;
    case VAL_TEXT:
        d = strtod(v->s, &end);
        return end != v->s && !*end ? d : NAN;
    default:
        return NAN;
    }
}

/* The text of cell (row, col) in buf. */
static const char *cell_text(const rs_table *t, size_t row, int col, char *buf, size_t n)
{
    const rs_value *v = table_cell(t, row, col);
    switch (v->type) {
    case VAL_INT:
        snprintf(buf, n, "%" PRId64, v->i);
        break;
    case VAL_REAL:
        snprintf(buf, n, "%.15g", v->d);
        break;
    case VAL_TEXT:
        snprintf(buf, n, "%s", v->s);
        break;
    default:
        buf[0] = '\0';
    }
    return buf;
}

bool chart_row_matches(const rs_table *t, size_t row, const chart_rows *rows)
{
    char buf[256];
    for (size_t i = 0; i < rows->nwhere; i++) {
        const chart_where *w = &rows->where[i];
        int c = table_col(t, w->column);
        const char *want = w->match ? w->match : w->value;
        bool eq = c >= 0 && strcmp(cell_text(t, row, c, buf, sizeof buf), want) == 0;
        if (eq == w->negate) return false;
    }
    return true;
}

/* Fetch rows' dataset and check that it has the columns the conditions and
 * the ncols columns (named at node under key) use. */
static rs_status fetch_rows(const chart_def *def, const chart_rows *rows,
                            const char *const *columns, size_t ncols, const yaml_node_t *node,
                            const char *key, const report_source *src, const rs_table **out,
                            rs_error *e)
{
    rs_status s = src->fetch(src->arg, rows->dataset, out, e);
    if (s != RS_OK) {
        rs_error_prefix(e, "%s:%d: dataset '%s'", yd_name(def->doc), yd_line(rows->node),
                        rows->dataset);
        return s;
    }
    for (size_t i = 0; i < rows->nwhere; i++)
        if (table_col(*out, rows->where[i].column) < 0)
            return yd_fail(def->doc, rows->where[i].node, rows->where[i].column, e,
                           "dataset '%s' has no column '%s'", rows->dataset, rows->where[i].column);
    for (size_t i = 0; i < ncols; i++)
        if (table_col(*out, columns[i]) < 0)
            return yd_fail(def->doc, node, key, e, "dataset '%s' has no column '%s'", rows->dataset,
                           columns[i]);
    return RS_OK;
}

/* Resolve ref to a number in *out (NAN when unset or no row matches). */
static rs_status bind_ref(const chart_def *def, const chart_ref *ref, const report_source *src,
                          double *out, rs_error *e)
{
    const rs_table *t;
    rs_status s;
    *out = NAN;
    if (!ref->set) return RS_OK;
    if (ref->constant) {
        *out = ref->number;
        return RS_OK;
    }
    if ((s = fetch_rows(def, &ref->rows, ref->columns, ref->ncolumns, ref->node, "column", src, &t,
                        e)) != RS_OK)
        return s;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!chart_row_matches(t, r, &ref->rows)) continue;
        for (size_t i = 0; i < ref->ncolumns; i++) {
            double v = chart_cell_number(t, r, table_col(t, ref->columns[i]));
            if (!isnan(v)) *out = isnan(*out) ? v : *out + v;
        }
        break;
    }
    return RS_OK;
}

/* The label shown for category key number i: a month 'YYYY-MM' (or yyyymm)
 * shows in the words of an axis month ("9月", "Sep"), with the year on the
 * first label and on January. */
static char *category_label(const chart_def *def, const char *key, size_t i, const text_run *run)
{
    int y, m;
    char buf[64];
    if (def->catfmt != CAT_MONTH ||
        (sscanf(key, "%4d-%2d", &y, &m) != 2 &&
         (strlen(key) != 6 || sscanf(key, "%4d%2d", &y, &m) != 2)) ||
        m < 1 || m > 12)
        return rs_strdup(key);
    text_month_form form = i == 0 || m == 1 ? TEXT_MONTH_AXIS_YEAR : TEXT_MONTH_AXIS;
    return rs_strdup(text_month(run->words, run->lang, form, y, m, buf, sizeof buf));
}

/* Add key to keys[0..*n) unless it is there. */
static void add_category(char ***keys, size_t *n, size_t *cap, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*keys)[i], key) == 0) return;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *keys = rs_realloc(*keys, *cap * sizeof **keys);
    }
    (*keys)[(*n)++] = rs_strdup(key);
}

/* Scale of a series' values into what is drawn: money in fen becomes yuan. */
static double format_scale(chart_format f)
{
    return f == FMT_FEN ? 0.01 : 1.0;
}

/* Collect the category keys of every series, in order of first appearance. */
static rs_status bind_categories(const chart_def *def, const report_source *src, char ***keys,
                                 size_t *n, rs_error *e)
{
    size_t cap = 0;
    char buf[256];
    rs_status s;
    for (size_t k = 0; k < def->nseries; k++) {
        const chart_series *sr = &def->series[k];
        const rs_table *t;
        if ((s = fetch_rows(def, &sr->rows, &sr->column, 1, sr->node, "column", src, &t, e)) !=
            RS_OK)
            return s;
        if (!def->category) {
            if (*n == 0) add_category(keys, n, &cap, "");
            continue;
        }
        int cc = table_col(t, def->category);
        if (cc < 0)
            return yd_fail(def->doc, def->category_node, "category", e,
                           "dataset '%s' has no column '%s'", sr->rows.dataset, def->category);
        for (size_t r = 0; r < t->nrows; r++)
            if (chart_row_matches(t, r, &sr->rows))
                add_category(keys, n, &cap, cell_text(t, r, cc, buf, sizeof buf));
    }
    return RS_OK;
}

/* Fill d->v: for each series the value of the first matching row of each
 * category (keys as collected by bind_categories). */
static rs_status bind_values(const chart_def *def, const report_source *src, char **keys,
                             chart_data *d, rs_error *e)
{
    char buf[256];
    rs_status s;
    for (size_t k = 0; k < def->nseries; k++) {
        const chart_series *sr = &def->series[k];
        const rs_table *t;
        if ((s = src->fetch(src->arg, sr->rows.dataset, &t, e)) != RS_OK) return s;
        int vc = table_col(t, sr->column), cc = def->category ? table_col(t, def->category) : -1;
        for (size_t r = 0; r < t->nrows; r++) {
            if (!chart_row_matches(t, r, &sr->rows)) continue;
            size_t c = 0;
            if (cc >= 0)
                for (cell_text(t, r, cc, buf, sizeof buf); strcmp(keys[c], buf) != 0; c++)
                    ;
            double *slot = &d->v[k * d->ncat + c];
            if (isnan(*slot)) *slot = chart_cell_number(t, r, vc) * format_scale(sr->format);
        }
    }
    return RS_OK;
}

/* Reorder d's categories by the first series (NAN last) and keep the first
 * def->limit; keys are reordered alongside. */
static void sort_and_limit(const chart_def *def, chart_data *d, char **keys)
{
    size_t n = d->ncat;
    if (def->sort != SORT_NONE)
        for (size_t i = 1; i < n; i++) /* insertion sort: stable, n is small */
            for (size_t j = i; j > 0; j--) {
                double a = d->v[j - 1], b = d->v[j];
                bool swap = !isnan(b) && (isnan(a) || (def->sort == SORT_DESC ? b > a : b < a));
                if (!swap) break;
                for (size_t k = 0; k < d->nser; k++) {
                    double t = d->v[k * n + j];
                    d->v[k * n + j] = d->v[k * n + j - 1];
                    d->v[k * n + j - 1] = t;
                }
                char *tk = keys[j];
                keys[j] = keys[j - 1];
                keys[j - 1] = tk;
            }
    if (def->limit > 0 && (size_t)def->limit < n) {
        size_t keep = (size_t)def->limit;
        for (size_t k = 1; k < d->nser; k++)
            memmove(d->v + k * keep, d->v + k * n, keep * sizeof *d->v);
        for (size_t i = keep; i < n; i++)
            free(keys[i]);
        d->ncat = keep;
    }
}

rs_status chart_data_bind(const chart_def *def, const report_source *src, const text_run *run,
                          chart_data **out, rs_error *e)
{
    rs_status s;
    chart_data *d = rs_calloc(1, sizeof *d);
    char **keys = NULL;
    size_t nkeys = 0;
    *out = NULL;
    d->nser = def->nseries;
    if (def->ntiles) d->tiles = rs_calloc(def->ntiles, sizeof *d->tiles);
    for (size_t i = 0; i < def->ntiles; i++) {
        const chart_tile *t = &def->tiles[i];
        chart_tile_data *td = &d->tiles[i];
        if ((s = bind_ref(def, &t->value, src, &td->value, e)) != RS_OK ||
            (s = bind_ref(def, &t->target, src, &td->target, e)) != RS_OK ||
            (s = bind_ref(def, &t->zero, src, &td->zero, e)) != RS_OK ||
            (s = bind_ref(def, &t->judge, src, &td->judge, e)) != RS_OK)
            goto cleanup;
        td->judge *= format_scale(t->judge_format);
        chart_format judged = t->judge.set ? t->judge_format : t->format;
        td->value *= format_scale(t->format);
        td->target *= format_scale(judged);
        td->zero *= format_scale(judged);
    }
    if (def->ntargets) d->targets = rs_calloc(def->ntargets, sizeof *d->targets);
    for (size_t i = 0; i < def->ntargets; i++)
        if ((s = bind_ref(def, &def->targets[i].value, src, &d->targets[i], e)) != RS_OK)
            goto cleanup;
    if (def->nseries) {
        if ((s = bind_categories(def, src, &keys, &nkeys, e)) != RS_OK) goto cleanup;
        d->ncat = nkeys;
        d->v = rs_malloc(nkeys * d->nser * sizeof *d->v);
        for (size_t i = 0; i < nkeys * d->nser; i++)
            d->v[i] = NAN;
        if ((s = bind_values(def, src, keys, d, e)) != RS_OK) goto cleanup;
        sort_and_limit(def, d, keys);
        d->cats = rs_calloc(d->ncat, sizeof *d->cats);
        for (size_t i = 0; i < d->ncat; i++)
            d->cats[i] = category_label(def, keys[i], i, run);
        nkeys = d->ncat;
    }
    *out = d;
    d = NULL;
    s = RS_OK;
cleanup:
    for (size_t i = 0; i < nkeys; i++)
        free(keys[i]);
    free(keys);
    chart_data_free(d);
    return s;
}

void chart_data_free(chart_data *d)
{
    if (!d) return;
    if (d->cats)
        for (size_t i = 0; i < d->ncat; i++)
            free(d->cats[i]);
    free(d->cats);
    free(d->v);
    free(d->targets);
    free(d->tiles);
    free(d);
}
