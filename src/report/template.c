/*
 * template: reading a report template into the checked model of
 * template.h: the template, its lookups, its workbook and its charts:
 * section (the dashboard: section is read by template_dash.c, the model is
 * resolved for a run by template_resolve.c).  Every error names the
 * template file, the line and the key at fault, so that an evaluator
 * editing a template can find the mistake without reading C.
 */
#include "report/template.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "report/template_parse.h"

/* ---------------------------------------------------------------- helpers */

void *tpl_own(tpl_report *t, void *p)
{
    g_ptr_array_add(t->allocs, p);
    return p;
}

void *tpl_calloc(tpl_report *t, size_t n, size_t sz)
{
    return tpl_own(t, rs_calloc(n, sz));
}

rs_status tpl_fail(const tpl_report *t, const yaml_node_t *node, const char *key, rs_error *e,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_status s = yd_vfail(t->doc, node, key, e, fmt, ap);
    va_end(ap);
    return s;
}

rs_status tpl_check_keys(tpl_report *t, yaml_node_t *map, const char *what,
                         const char *const *allowed, rs_error *e)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return tpl_fail(t, map, what, e, "expected a mapping");
    return yd_check_keys(t->doc, map, allowed, e);
}

/* The text of node n (a scalar or {zh: .., en: ..}) of doc into *out; key
 * names n in messages. */
static rs_status parse_text_node(tpl_report *t, yd_doc *doc, yaml_node_t *n, const char *key,
                                 rs_text *out, rs_error *e)
{
    static const char *const keys[] = {"zh", "en", NULL};
    rs_status s;
    out->line = yd_line(n);
    if (yd_scalar(n)) {
        out->zh = out->en = yd_scalar(n);
        return RS_OK;
    }
    if (!n || n->type != YAML_MAPPING_NODE) return yd_fail(doc, n, key, e, "expected a mapping");
    if ((s = yd_check_keys(doc, n, keys, e)) != RS_OK ||
        (s = yd_str(doc, n, "zh", false, &out->zh, e)) != RS_OK ||
        (s = yd_str(doc, n, "en", false, &out->en, e)) != RS_OK)
        return s;
    if (!text_given(out)) return yd_fail(doc, n, key, e, "needs zh or en");
    return RS_OK;
}

rs_status tpl_parse_text(tpl_report *t, yaml_node_t *map, const char *key, bool required,
                         rs_text *out, rs_error *e)
{
    yaml_node_t *n = yd_get(t->doc, map, key);
    if (!n) return required ? tpl_fail(t, map, key, e, "missing") : RS_OK;
    return parse_text_node(t, t->doc, n, key, out, e);
}

/* A list of names under key: one scalar or a sequence of scalars. */
static rs_status parse_names(tpl_report *t, yaml_node_t *map, const char *key, bool required,
                             const char ***out, size_t *n, rs_error *e)
{
    yaml_node_t *node = yd_get(t->doc, map, key);
    if (!node) return required ? tpl_fail(t, map, key, e, "missing") : RS_OK;
    size_t cnt = yd_scalar(node) ? 1 : yd_count(node);
    if (!yd_scalar(node) && (node->type != YAML_SEQUENCE_NODE || cnt == 0))
        return tpl_fail(t, node, key, e, "expected a name or a list of names");
    const char **v = tpl_calloc(t, cnt, sizeof *v);
    for (size_t i = 0; i < cnt; i++) {
        v[i] = yd_scalar(node) ? yd_scalar(node) : yd_scalar(yd_item(t->doc, node, i));
        if (!v[i] || !*v[i]) return tpl_fail(t, node, key, e, "item %zu is not a name", i + 1);
    }
    *out = v;
    *n = cnt;
    return RS_OK;
}

/* A row filter {field: F, equals|not: V} or {field: F, prefix|not_prefix:
 * P or [P, ...]} under key of map. */
static rs_status parse_where(tpl_report *t, yaml_node_t *map, const char *key, tpl_where *w,
                             rs_error *e)
{
    static const char *const keys[] = {"field", "equals", "not", "prefix", "not_prefix", NULL};
    static const struct {
        const char *key;
        tpl_where_op op;
        bool list;
    } ops[] = {{"equals", TPL_WHERE_EQUALS, false},
               {"not", TPL_WHERE_NOT, false},
               {"prefix", TPL_WHERE_PREFIX, true},
               {"not_prefix", TPL_WHERE_NOT_PREFIX, true}};
    yaml_node_t *n = yd_get(t->doc, map, key);
    rs_status s;
    if (!n) return RS_OK;
    if ((s = tpl_check_keys(t, n, key, keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "field", true, &w->field, e)) != RS_OK)
        return s;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (!yd_get(t->doc, n, ops[i].key)) continue;
        if (w->op != TPL_WHERE_NONE)
            return tpl_fail(t, n, key, e, "give one of equals, not, prefix, not_prefix");
        w->op = ops[i].op;
        if (ops[i].list) {
            s = parse_names(t, n, ops[i].key, true, &w->values, &w->nvalues, e);
        } else {
            w->values = tpl_calloc(t, 1, sizeof *w->values);
            w->nvalues = 1;
            s = yd_str(t->doc, n, ops[i].key, true, &w->values[0], e);
        }
        if (s != RS_OK) return s;
    }
    if (w->op == TPL_WHERE_NONE)
        return tpl_fail(t, n, key, e, "needs equals, not, prefix or not_prefix");
    w->node = n;
    return RS_OK;
}

/* ---------------------------------------------------------------- columns */

static rs_status parse_type_name(tpl_report *t, yaml_node_t *at, const char *key, const char *name,
                                 tpl_type *out, rs_error *e)
{
    static const char *const names[] = {"text", "int", "number", "yuan", "rate", "blank", "seq"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (tpl_type)i;
            return RS_OK;
        }
    }
    return tpl_fail(t, at, key, e,
                    "unknown type '%s' (text, int, number, yuan, rate, blank or seq)", name);
}

/* type_by: {field: F, map: {VALUE: TYPE, ...}}: a type chosen per row. */
static rs_status parse_type_by(tpl_report *t, yaml_node_t *n, tpl_column *c, rs_error *e)
{
    static const char *const keys[] = {"field", "map", NULL};
    rs_status s;
    if ((s = tpl_check_keys(t, n, "type_by", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "field", true, &c->type_field, e)) != RS_OK)
        return s;
    yaml_node_t *map = yd_get(t->doc, n, "map");
    if (!map || map->type != YAML_MAPPING_NODE || yd_count(map) == 0)
        return tpl_fail(t, map ? map : n, "map", e, "expected a mapping of values to types");
    c->ntypes = yd_count(map);
    c->type_keys = tpl_calloc(t, c->ntypes, sizeof *c->type_keys);
    c->type_vals = tpl_calloc(t, c->ntypes, sizeof *c->type_vals);
    for (size_t i = 0; i < c->ntypes; i++) {
        yaml_node_t *v = yd_value_at(t->doc, map, i);
        c->type_keys[i] = yd_key_at(t->doc, map, i);
        if (!yd_scalar(v)) return tpl_fail(t, v, c->type_keys[i], e, "expected a type name");
        if ((s = parse_type_name(t, v, c->type_keys[i], yd_scalar(v), &c->type_vals[i], e)) !=
            RS_OK)
            return s;
    }
    return RS_OK;
}

/* alert: {below: X} | {above: X} | {flag: FIELD}. */
static rs_status parse_alert(tpl_report *t, yaml_node_t *n, tpl_column *c, rs_error *e)
{
    static const char *const keys[] = {"below", "above", "flag", NULL};
    rs_status s = tpl_check_keys(t, n, "alert", keys, e);
    if (s != RS_OK) return s;
    if (yd_count(n) != 1) return tpl_fail(t, n, "alert", e, "give one of below, above, flag");
    const char *k = yd_key_at(t->doc, n, 0);
    c->alert = strcmp(k, "below") == 0   ? TPL_ALERT_BELOW
               : strcmp(k, "above") == 0 ? TPL_ALERT_ABOVE
                                         : TPL_ALERT_FLAG;
    return yd_str(t->doc, n, k, true, &c->alert_arg, e);
}

static rs_status parse_leaf(tpl_report *t, yaml_node_t *n, const rs_text *group, tpl_column *c,
                            rs_error *e)
{
    static const char *const keys[] = {"field",   "fields", "title", "title_unmasked", "type",
                                       "type_by", "lookup", "width", "alert",          NULL};
    const char *type = "text";
    rs_status s;
    c->node = n;
    c->threshold = NAN;
    if (group) c->group = *group;
    /* title_unmasked, when given, is the title in a run with --unmasked. */
    if ((s = tpl_check_keys(t, n, "columns", keys, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "title", true, &c->title, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "title_unmasked", false, &c->title_unmasked, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "type", false, &type, e)) != RS_OK ||
        (s = parse_type_name(t, yd_get(t->doc, n, "type"), "type", type, &c->type, e)) != RS_OK ||
        (s = tpl_parse_lookup(t, n, "lookup", &c->lookup, e)) != RS_OK ||
        (s = yd_double(t->doc, n, "width", false, &c->width, e)) != RS_OK)
        return s;
    if (yd_get(t->doc, n, "field") && yd_get(t->doc, n, "fields"))
        return tpl_fail(t, n, "fields", e, "give field or fields, not both");
    if ((s = parse_names(t, n, yd_get(t->doc, n, "field") ? "field" : "fields", false, &c->fields,
                         &c->nfields, e)) != RS_OK)
        return s;
    bool needs_field = c->type != TPL_BLANK && c->type != TPL_SEQ;
    if (needs_field != (c->nfields > 0))
        return tpl_fail(t, n, "field", e,
                        needs_field ? "missing" : "a blank or seq column takes no field");
    if (c->nfields > 1 && (c->type == TPL_TEXT || c->lookup))
        return tpl_fail(t, n, "fields", e, "only numeric columns add several fields");
    if (yd_get(t->doc, n, "type_by") &&
        (s = parse_type_by(t, yd_get(t->doc, n, "type_by"), c, e)) != RS_OK)
        return s;
    if (yd_get(t->doc, n, "alert") &&
        (s = parse_alert(t, yd_get(t->doc, n, "alert"), c, e)) != RS_OK)
        return s;
    return RS_OK;
}

/* The columns of a table: leaves, and groups {group: TEXT, columns: [...]}
 * whose leaves share the upper header. */
static rs_status parse_columns(tpl_report *t, yaml_node_t *seq, tpl_table *tb, rs_error *e)
{
    static const char *const group_keys[] = {"group", "columns", NULL};
    size_t n = 0;
    rs_status s;
    if (!seq || seq->type != YAML_SEQUENCE_NODE || yd_count(seq) == 0)
        return tpl_fail(t, seq ? seq : tb->node, "columns", e, "expected a list of columns");
    for (size_t i = 0; i < yd_count(seq); i++) {
        yaml_node_t *it = yd_item(t->doc, seq, i);
        yaml_node_t *sub = yd_get(t->doc, it, "columns");
        n += yd_get(t->doc, it, "group") ? yd_count(sub) : 1;
    }
    tb->cols = tpl_calloc(t, n, sizeof *tb->cols);
    for (size_t i = 0; i < yd_count(seq); i++) {
        yaml_node_t *it = yd_item(t->doc, seq, i);
        if (!yd_get(t->doc, it, "group")) {
            if ((s = parse_leaf(t, it, NULL, &tb->cols[tb->ncols++], e)) != RS_OK) return s;
            continue;
        }
        rs_text group = {0};
        yaml_node_t *sub = yd_get(t->doc, it, "columns");
        if ((s = tpl_check_keys(t, it, "columns", group_keys, e)) != RS_OK ||
            (s = tpl_parse_text(t, it, "group", true, &group, e)) != RS_OK)
            return s;
        if (!sub || sub->type != YAML_SEQUENCE_NODE || yd_count(sub) == 0)
            return tpl_fail(t, sub ? sub : it, "columns", e, "a group needs a list of columns");
        for (size_t j = 0; j < yd_count(sub); j++) {
            yaml_node_t *leaf = yd_item(t->doc, sub, j);
            if (yd_get(t->doc, leaf, "group"))
                return tpl_fail(t, leaf, "group", e, "headers have at most two levels");
            if ((s = parse_leaf(t, leaf, &group, &tb->cols[tb->ncols++], e)) != RS_OK) return s;
        }
        tb->two_level = true;
    }
    return RS_OK;
}

/* ---------------------------------------------------------------- tables */

static rs_status parse_pivot(tpl_report *t, yaml_node_t *n, tpl_table *tb, rs_error *e)
{
    static const char *const keys[] = {"row", "keep", "column", "values", NULL};
    rs_status s;
    if ((s = tpl_check_keys(t, n, "pivot", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "row", true, &tb->pivot_row, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "column", true, &tb->pivot_column, e)) != RS_OK ||
        (s = parse_names(t, n, "keep", false, &tb->pivot_keep, &tb->npivot_keep, e)) != RS_OK)
        return s;
    return parse_names(t, n, "values", true, &tb->pivot_values, &tb->npivot_values, e);
}

static rs_status parse_group(tpl_report *t, yaml_node_t *n, tpl_table *tb, rs_error *e)
{
    static const char *const keys[] = {"by", "sums", "keys", NULL};
    rs_status s;
    if ((s = tpl_check_keys(t, n, "group", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "by", true, &tb->group_by, e)) != RS_OK ||
        (s = parse_names(t, n, "sums", false, &tb->group_sums, &tb->ngroup_sums, e)) != RS_OK)
        return s;
    return parse_names(t, n, "keys", false, &tb->group_keys, &tb->ngroup_keys, e);
}

static rs_status parse_total(tpl_report *t, yaml_node_t *n, tpl_table *tb, rs_error *e)
{
    static const char *const keys[] = {"label", "match", "sum", NULL};
    bool sum = false;
    rs_status s;
    if ((s = tpl_check_keys(t, n, "total", keys, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "label", false, &tb->total_label, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "sum", false, &sum, e)) != RS_OK ||
        (s = parse_where(t, n, "match", &tb->total_where, e)) != RS_OK)
        return s;
    if (sum == (tb->total_where.op != TPL_WHERE_NONE))
        return tpl_fail(t, n, "total", e, "give either match or sum: true");
    tb->total = sum ? TPL_TOTAL_SUM : TPL_TOTAL_MATCH;
    return RS_OK;
}

static rs_status parse_table(tpl_report *t, yaml_node_t *n, tpl_table *tb, rs_error *e)
{
    static const char *const keys[] = {"dataset", "where",   "pivot",         "group",
                                       "total",   "columns", "freeze",        "autofilter",
                                       "caption", "empty",   "repeat_header", NULL};
    rs_status s;
    tb->node = n;
    tb->freeze = true;
    tb->repeat_header = true;
    if ((s = tpl_check_keys(t, n, "table", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "dataset", true, &tb->dataset, e)) != RS_OK ||
        (s = parse_where(t, n, "where", &tb->where, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "freeze", false, &tb->freeze, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "autofilter", false, &tb->autofilter, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "repeat_header", false, &tb->repeat_header, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "caption", false, &tb->caption, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "empty", false, &tb->empty, e)) != RS_OK)
        return s;
    if (yd_get(t->doc, n, "pivot") && yd_get(t->doc, n, "group"))
        return tpl_fail(t, n, "group", e, "a table takes pivot or group, not both");
    if (yd_get(t->doc, n, "pivot") &&
        (s = parse_pivot(t, yd_get(t->doc, n, "pivot"), tb, e)) != RS_OK)
        return s;
    if (yd_get(t->doc, n, "group") &&
        (s = parse_group(t, yd_get(t->doc, n, "group"), tb, e)) != RS_OK)
        return s;
    if (yd_get(t->doc, n, "total") &&
        (s = parse_total(t, yd_get(t->doc, n, "total"), tb, e)) != RS_OK)
        return s;
    return parse_columns(t, yd_get(t->doc, n, "columns"), tb, e);
}

/* ---------------------------------------------------------------- sheets */

static rs_status parse_block(tpl_report *t, yaml_node_t *n, tpl_block *b, rs_error *e)
{
    static const char *const keys[] = {"title", "subtitle", "text", "right", "gap", "table", NULL};
    static const struct {
        const char *key;
        tpl_block_kind kind;
    } kinds[] = {{"title", TPL_BLOCK_TITLE},
                 {"subtitle", TPL_BLOCK_SUBTITLE},
                 {"text", TPL_BLOCK_TEXT},
                 {"gap", TPL_BLOCK_GAP},
                 {"table", TPL_BLOCK_TABLE}};
    const char *kind = NULL;
    rs_status s = tpl_check_keys(t, n, "blocks", keys, e);
    if (s != RS_OK) return s;
    b->node = n;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (!yd_get(t->doc, n, kinds[i].key)) continue;
        if (kind)
            return tpl_fail(t, n, kinds[i].key, e,
                            "a block is one of title, subtitle, text, "
                            "gap, table (this one also has '%s')",
                            kind);
        kind = kinds[i].key;
        b->kind = kinds[i].kind;
    }
    if (!kind)
        return tpl_fail(t, n, "blocks", e, "a block needs title, subtitle, text, gap or table");
    if (yd_get(t->doc, n, "right") && b->kind != TPL_BLOCK_TEXT)
        return tpl_fail(t, yd_get(t->doc, n, "right"), "right", e, "only a text block has right");
    switch (b->kind) {
    case TPL_BLOCK_GAP:
        if ((s = yd_long(t->doc, n, "gap", true, &b->gap, e)) == RS_OK &&
            (b->gap < 1 || b->gap > 50))
            s = tpl_fail(t, n, "gap", e, "expected 1 to 50 rows");
        return s;
    case TPL_BLOCK_TABLE:
        return parse_table(t, yd_get(t->doc, n, "table"), &b->table, e);
    default:
        if ((s = tpl_parse_text(t, n, kind, true, &b->text, e)) != RS_OK) return s;
        return tpl_parse_text(t, n, "right", false, &b->right, e);
    }
}

/* The first table block of a sheet, or NULL. */
static const tpl_table *first_table(const tpl_sheet *sh)
{
    for (size_t i = 0; i < sh->nblocks; i++)
        if (sh->blocks[i].kind == TPL_BLOCK_TABLE) return &sh->blocks[i].table;
    return NULL;
}

/* True if tb has a single-field column showing field. */
static bool table_shows(const tpl_table *tb, const char *field)
{
    for (size_t i = 0; i < tb->ncols; i++)
        if (tb->cols[i].nfields == 1 && strcmp(tb->cols[i].fields[0], field) == 0) return true;
    return false;
}

static rs_status parse_chart(tpl_report *t, yaml_node_t *n, const tpl_sheet *sh, tpl_chart *c,
                             rs_error *e)
{
    static const char *const keys[] = {"type",  "title",  "y_title",  "categories", "series",
                                       "width", "height", "new_page", NULL};
    static const char *const types[] = {"line", "column", "bar"};
    const char *type = NULL;
    const tpl_table *tb = first_table(sh);
    rs_status s;
    c->node = n;
    c->width = 720;
    c->height = 320;
    c->new_page = true;
    if ((s = tpl_check_keys(t, n, "charts", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "type", true, &type, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "title", true, &c->title, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "y_title", false, &c->y_title, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "categories", true, &c->categories, e)) != RS_OK ||
        (s = parse_names(t, n, "series", true, &c->series, &c->nseries, e)) != RS_OK ||
        (s = yd_long(t->doc, n, "width", false, &c->width, e)) != RS_OK ||
        (s = yd_long(t->doc, n, "height", false, &c->height, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "new_page", false, &c->new_page, e)) != RS_OK)
        return s;
    if (c->width < 100) return tpl_fail(t, n, "width", e, "expected at least 100 pixels");
    if (c->height < 100 || c->height > TPL_CHART_MAX_HEIGHT)
        return tpl_fail(t, n, "height", e, "expected 100 to %d pixels (a chart fits on a page)",
                        TPL_CHART_MAX_HEIGHT);
    size_t k = 0;
    while (k < 3 && strcmp(types[k], type) != 0)
        k++;
    if (k == 3)
        return tpl_fail(t, yd_get(t->doc, n, "type"), "type", e,
                        "unknown chart type '%s' (line, column or bar)", type);
    c->type = (tpl_chart_type)k;
    if (!tb) return tpl_fail(t, n, "charts", e, "a chart needs a table on its sheet");
    if (!table_shows(tb, c->categories))
        return tpl_fail(t, yd_get(t->doc, n, "categories"), "categories", e,
                        "'%s' is not a column of the sheet's first table", c->categories);
    for (size_t i = 0; i < c->nseries; i++)
        if (!table_shows(tb, c->series[i]))
            return tpl_fail(t, yd_get(t->doc, n, "series"), "series", e,
                            "'%s' is not a column of the sheet's first table", c->series[i]);
    return RS_OK;
}

/* Excel's rules for a sheet name: 1 to 31 characters, none of []:*?/\ . */
static rs_status check_sheet_name(tpl_report *t, yaml_node_t *n, const char *name, rs_error *e)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        chars += (*p & 0xc0) != 0x80;
    if (chars == 0 || chars > 31 || strpbrk(name, "[]:*?/\\"))
        return tpl_fail(t, n, "name", e,
                        "sheet name '%s' must be 1 to 31 characters without []:*?/\\", name);
    return RS_OK;
}

static rs_status parse_sheet(tpl_report *t, yaml_node_t *n, tpl_sheet *sh, rs_error *e)
{
    static const char *const keys[] = {"name", "blocks", "charts", "landscape", NULL};
    yaml_node_t *blocks = yd_get(t->doc, n, "blocks");
    yaml_node_t *charts = yd_get(t->doc, n, "charts");
    rs_status s;
    sh->node = n;
    sh->landscape = true;
    if ((s = tpl_check_keys(t, n, "sheets", keys, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "name", true, &sh->name, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "landscape", false, &sh->landscape, e)) != RS_OK ||
        (s = check_sheet_name(t, n, text_get(&sh->name, "zh"), e)) != RS_OK ||
        (s = check_sheet_name(t, n, text_get(&sh->name, "en"), e)) != RS_OK)
        return s;
    if (!blocks || blocks->type != YAML_SEQUENCE_NODE || yd_count(blocks) == 0)
        return tpl_fail(t, blocks ? blocks : n, "blocks", e, "expected a list of blocks");
    sh->nblocks = yd_count(blocks);
    sh->blocks = tpl_calloc(t, sh->nblocks, sizeof *sh->blocks);
    for (size_t i = 0; i < sh->nblocks; i++)
        if ((s = parse_block(t, yd_item(t->doc, blocks, i), &sh->blocks[i], e)) != RS_OK) return s;
    if (charts && charts->type != YAML_SEQUENCE_NODE)
        return tpl_fail(t, charts, "charts", e, "expected a list of charts");
    sh->ncharts = yd_count(charts);
    sh->charts = tpl_calloc(t, sh->ncharts, sizeof *sh->charts);
    for (size_t i = 0; i < sh->ncharts; i++)
        if ((s = parse_chart(t, yd_item(t->doc, charts, i), sh, &sh->charts[i], e)) != RS_OK)
            return s;
    return RS_OK;
}

/* No two sheets may share a name in either language. */
static rs_status check_unique_names(tpl_report *t, const tpl_workbook *wb, rs_error *e)
{
    static const char *const langs[] = {"zh", "en"};
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < wb->nsheets; i++)
            for (size_t j = 0; j < i; j++)
                if (strcmp(text_get(&wb->sheets[i].name, langs[l]),
                           text_get(&wb->sheets[j].name, langs[l])) == 0)
                    return tpl_fail(t, wb->sheets[i].node, "name", e, "two sheets are called '%s'",
                                    text_get(&wb->sheets[i].name, langs[l]));
    return RS_OK;
}

static rs_status parse_workbook(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    static const char *const keys[] = {"file", "sheets", NULL};
    yaml_node_t *sheets = yd_get(t->doc, n, "sheets");
    tpl_workbook *wb = tpl_calloc(t, 1, sizeof *wb);
    rs_status s;
    if ((s = tpl_check_keys(t, n, "workbook", keys, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "file", true, &wb->file, e)) != RS_OK)
        return s;
    if (!sheets || sheets->type != YAML_SEQUENCE_NODE || yd_count(sheets) == 0)
        return tpl_fail(t, sheets ? sheets : n, "sheets", e, "expected a list of sheets");
    wb->nsheets = yd_count(sheets);
    wb->sheets = tpl_calloc(t, wb->nsheets, sizeof *wb->sheets);
    for (size_t i = 0; i < wb->nsheets; i++)
        if ((s = parse_sheet(t, yd_item(t->doc, sheets, i), &wb->sheets[i], e)) != RS_OK) return s;
    if ((s = check_unique_names(t, wb, e)) != RS_OK) return s;
    t->workbook = wb;
    return RS_OK;
}

/* ---------------------------------------------------------------- lookups */

/* Load the lookups file named by the scalar n, relative to the template's
 * directory, into t->lookups_doc. */
static rs_status load_lookups_file(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    const char *name = yd_scalar(n), *slash = strrchr(t->path, '/');
    rs_status s;
    if (strchr(name, '/') || !*name)
        return tpl_fail(t, n, "lookups", e, "'%s': give a file name beside the template", name);
    t->lookups_path = rs_sprintf("%.*s%s", slash ? (int)(slash - t->path + 1) : 0, t->path, name);
    if ((s = yd_load(t->lookups_path, &t->lookups_doc, e)) != RS_OK)
        rs_error_prefix(e, "%s:%d: key 'lookups'", t->path, yd_line(n));
    return s;
}

/* The map node (CODE: TEXT, ...) called name of doc into l. */
static rs_status parse_lookup_map(tpl_report *t, yd_doc *doc, const char *name, yaml_node_t *map,
                                  tpl_lookup *l, rs_error *e)
{
    rs_status s = RS_OK;
    if (!map || map->type != YAML_MAPPING_NODE)
        return yd_fail(doc, map, name, e, "expected a mapping");
    l->name = name;
    l->n = yd_count(map);
    l->codes = tpl_calloc(t, l->n, sizeof *l->codes);
    l->texts = tpl_calloc(t, l->n, sizeof *l->texts);
    for (size_t j = 0; s == RS_OK && j < l->n; j++) {
        l->codes[j] = yd_key_at(doc, map, j);
        s = parse_text_node(t, doc, yd_value_at(doc, map, j), l->codes[j], &l->texts[j], e);
    }
    return s;
}

/* lookups: {NAME: {CODE: TEXT, ...}, ...} where TEXT is a scalar or {zh, en};
 * inline (node n) or in a file of their own (n names it).  Messages name
 * the file holding the maps. */
static rs_status parse_lookups(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    rs_status s;
    t->lookups_doc = t->doc;
    if (!n) return RS_OK;
    if (yd_scalar(n)) {
        if ((s = load_lookups_file(t, n, e)) != RS_OK) return s;
        n = yd_root(t->lookups_doc);
    }
    yd_doc *doc = t->lookups_doc;
    if (!n || n->type != YAML_MAPPING_NODE)
        return yd_fail(doc, n, "lookups", e, "expected a mapping of named maps");
    t->nlookups = yd_count(n);
    t->lookups = tpl_calloc(t, t->nlookups, sizeof *t->lookups);
    for (size_t i = 0; i < t->nlookups; i++)
        if ((s = parse_lookup_map(t, doc, yd_key_at(doc, n, i), yd_value_at(doc, n, i),
                                  &t->lookups[i], e)) != RS_OK)
            return s;
    return RS_OK;
}

rs_status tpl_parse_lookup(tpl_report *t, yaml_node_t *map, const char *key, const tpl_lookup **out,
                           rs_error *e)
{
    const char *name = NULL;
    rs_status s = yd_str(t->doc, map, key, false, &name, e);
    if (s != RS_OK || !name) return s;
    for (size_t i = 0; i < t->nlookups; i++)
        if (strcmp(t->lookups[i].name, name) == 0) {
            *out = &t->lookups[i];
            return RS_OK;
        }
    return tpl_fail(t, yd_get(t->doc, map, key), key, e, "no lookup '%s' in lookups", name);
}

/* ---------------------------------------------------------------- charts: */

rs_status tpl_load_chart(tpl_report *t, const yaml_node_t *at, const char *name, chart_def **out,
                         rs_error *e)
{
    rs_status s = chartdef_load_named(name, out, e);
    if (s != RS_OK) {
        rs_error_prefix(e, "%s:%d: chart '%s'", t->path, yd_line(at), name);
        return s;
    }
    g_ptr_array_add(t->chart_defs, *out);
    return RS_OK;
}

/* One item of the charts: section: a chart name or {chart, file, format,
 * scale}. */
static rs_status parse_chart_item(tpl_report *t, yaml_node_t *n, tpl_chart_item *it, rs_error *e)
{
    static const char *const keys[] = {"chart", "file", "format", "scale", NULL};
    static const char *const exts[] = {"png", "svg", "pdf"};
    const char *name = yd_scalar(n), *file = NULL, *format = "png";
    rs_status s;
    size_t k = 0;
    it->node = n;
    it->scale = 2;
    if (!name && ((s = tpl_check_keys(t, n, "charts", keys, e)) != RS_OK ||
                  (s = yd_str(t->doc, n, "chart", true, &name, e)) != RS_OK ||
                  (s = yd_str(t->doc, n, "file", false, &file, e)) != RS_OK ||
                  (s = yd_str(t->doc, n, "format", false, &format, e)) != RS_OK ||
                  (s = yd_double(t->doc, n, "scale", false, &it->scale, e)) != RS_OK))
        return s;
    while (k < 3 && strcmp(format, exts[k]) != 0)
        k++;
    if (k == 3)
        return tpl_fail(t, yd_get(t->doc, n, "format"), "format", e, "'%s' is not png, svg or pdf",
                        format);
    if (it->scale < 0.25 || it->scale > 8)
        return tpl_fail(t, yd_get(t->doc, n, "scale"), "scale", e, "must be in 0.25..8");
    it->format = (tpl_file_format)k;
    if ((s = tpl_load_chart(t, n, name, &it->def, e)) != RS_OK) return s;
    it->file = tpl_own(t, file ? rs_strdup(file) : rs_sprintf("%s.%s", it->def->name, exts[k]));
    return RS_OK;
}

static rs_status parse_charts(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    rs_status s = RS_OK;
    if (n->type != YAML_SEQUENCE_NODE)
        return tpl_fail(t, n, "charts", e, "expected a list of charts");
    t->ncharts = yd_count(n);
    t->charts = tpl_calloc(t, t->ncharts, sizeof *t->charts);
    for (size_t i = 0; i < t->ncharts && s == RS_OK; i++)
        s = parse_chart_item(t, yd_item(t->doc, n, i), &t->charts[i], e);
    return s;
}

/* dashboard: a section, or the name of a template file beside this one
 * whose dashboard: section is drawn (so that the assessment pack and the
 * dashboard template share one layout). */
static rs_status parse_dashboard_of(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    const char *slash = strrchr(t->path, '/');
    rs_status s;
    if (!yd_scalar(n)) return tpl_parse_dashboard(t, n, e);
    char *file =
        rs_sprintf("%.*s%s", slash ? (int)(slash - t->path + 1) : 0, t->path, yd_scalar(n));
    if ((s = tpl_load(file, &t->dashboard_of, e)) != RS_OK)
        rs_error_prefix(e, "%s:%d: key 'dashboard'", t->path, yd_line(n));
    else if (!t->dashboard_of->dashboard || t->dashboard_of->dashboard_of)
        s = rs_fail(e, RS_EUSAGE, "%s:%d: dashboard: %s has no dashboard: section", t->path,
                    yd_line(n), file);
    if (s == RS_OK) t->dashboard = t->dashboard_of->dashboard;
    free(file);
    return s;
}

/* ---------------------------------------------------------------- datasets */

/* Add name to t's datasets unless it is there (a chartdef_datasets fn). */
static void add_dataset(const char *name, void *arg)
{
    tpl_report *t = arg;
    for (size_t i = 0; i < t->ndatasets; i++)
        if (strcmp(t->datasets[i], name) == 0) return;
    if (t->ndatasets % 16 == 0)
        t->datasets = rs_realloc(t->datasets, (t->ndatasets + 16) * sizeof *t->datasets);
    t->datasets[t->ndatasets++] = name;
}

/* List the datasets t reads: its tables', its charts' and its dashboard's
 * (the tables of its panels and their charts), in that order. */
static void list_datasets(tpl_report *t)
{
    for (size_t i = 0; t->workbook && i < t->workbook->nsheets; i++)
        for (size_t j = 0; j < t->workbook->sheets[i].nblocks; j++)
            if (t->workbook->sheets[i].blocks[j].kind == TPL_BLOCK_TABLE)
                add_dataset(t->workbook->sheets[i].blocks[j].table.dataset, t);
    for (size_t i = 0; i < t->ncharts; i++)
        chartdef_datasets(t->charts[i].def, add_dataset, t);
    for (size_t p = 0; t->dashboard && p < t->dashboard->npages; p++)
        for (size_t r = 0; r < t->dashboard->pages[p].nrows; r++) {
            const tpl_dash_row *row = &t->dashboard->pages[p].rows[r];
            for (size_t k = 0; k < row->npanels; k++) {
                if (row->panels[k].chart) chartdef_datasets(row->panels[k].chart, add_dataset, t);
                if (row->panels[k].table) add_dataset(row->panels[k].table->dataset, t);
            }
        }
}

/* ---------------------------------------------------------------- public */

/* Read the sections of t's root mapping. */
static rs_status parse_template(tpl_report *t, rs_error *e)
{
    static const char *const keys[] = {"title",  "description", "lookups", "workbook",
                                       "charts", "dashboard",   NULL};
    yaml_node_t *root = yd_root(t->doc), *n;
    rs_status s;
    if ((s = tpl_check_keys(t, root, "template", keys, e)) != RS_OK ||
        (s = tpl_parse_text(t, root, "title", true, &t->title, e)) != RS_OK ||
        (s = parse_lookups(t, yd_get(t->doc, root, "lookups"), e)) != RS_OK)
        return s;
    if ((n = yd_get(t->doc, root, "workbook")) && (s = parse_workbook(t, n, e)) != RS_OK) return s;
    if ((n = yd_get(t->doc, root, "charts")) && (s = parse_charts(t, n, e)) != RS_OK) return s;
    if ((n = yd_get(t->doc, root, "dashboard")) && (s = parse_dashboard_of(t, n, e)) != RS_OK)
        return s;
    if (!t->workbook && !yd_get(t->doc, root, "charts") && !t->dashboard)
        return tpl_fail(t, root, "workbook", e, "a template needs workbook, charts or dashboard");
    list_datasets(t);
    return RS_OK;
}

/* Read and check the template of text, or when text is NULL of the file
 * at name, into *out (NULL on failure). */
static rs_status template_load(const char *name, const char *text, size_t len, tpl_report **out,
                               rs_error *e)
{
    yd_doc *doc = NULL;
    rs_status s = text ? yd_load_string(name, text, len, &doc, e) : yd_load(name, &doc, e);
    *out = NULL;
    if (s != RS_OK) return s;
    tpl_report *t = rs_calloc(1, sizeof *t);
    t->doc = doc;
    t->path = rs_strdup(name);
    t->pool = g_string_chunk_new(4096);
    t->allocs = g_ptr_array_new_with_free_func(free);
    t->chart_defs = g_ptr_array_new_with_free_func((GDestroyNotify)chartdef_free);
    if ((s = parse_template(t, e)) != RS_OK)
        tpl_free(t);
    else
        *out = t;
    return s;
}

rs_status tpl_load_string(const char *name, const char *text, size_t len, tpl_report **out,
                          rs_error *e)
{
    return template_load(name, text, len, out, e);
}

rs_status tpl_load(const char *path, tpl_report **out, rs_error *e)
{
    return template_load(path, NULL, 0, out, e);
}

/* Free the chart data bound to t's charts and panels. */
static void free_chart_data(tpl_report *t)
{
    for (size_t i = 0; i < t->ncharts; i++)
        chart_data_free(t->charts[i].data);
    for (size_t p = 0; t->dashboard && !t->dashboard_of && p < t->dashboard->npages; p++)
        for (size_t r = 0; r < t->dashboard->pages[p].nrows; r++)
            for (size_t k = 0; k < t->dashboard->pages[p].rows[r].npanels; k++)
                chart_data_free(t->dashboard->pages[p].rows[r].panels[k].data);
}

void tpl_free(tpl_report *t)
{
    if (!t) return;
    free_chart_data(t);
    for (size_t i = 0; i < t->nlookups; i++)
        if (t->lookups[i].shown) g_hash_table_destroy(t->lookups[i].shown);
    tpl_free(t->dashboard_of);
    g_ptr_array_free(t->allocs, TRUE);
    free(t->datasets);
    g_ptr_array_free(t->chart_defs, TRUE);
    g_string_chunk_free(t->pool);
    if (t->lookups_doc != t->doc) yd_free(t->lookups_doc);
    yd_free(t->doc);
    free(t->lookups_path);
    free(t->path);
    free(t);
}

const char *tpl_lookup_text(const tpl_lookup *l, const char *code)
{
    return l->shown ? g_hash_table_lookup(l->shown, code) : NULL;
}
