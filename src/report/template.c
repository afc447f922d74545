/*
 * template: reading a report template into checked structures.  Every
 * error names the template file, the line and the key at fault, so that an
 * evaluator editing a template can find the mistake without reading C.
 */
#include "report/template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/mask.h"

/* ---------------------------------------------------------------- helpers */

/* Zeroed memory for n items of size sz owned by t (freed by tpl_free). */
static void *tpl_calloc(tpl_report *t, size_t n, size_t sz)
{
    if (t->nallocs == t->capallocs) {
        t->capallocs = t->capallocs ? t->capallocs * 2 : 32;
        t->allocs = rs_realloc(t->allocs, t->capallocs * sizeof *t->allocs);
    }
    void *p = rs_calloc(n, sz);
    t->allocs[t->nallocs++] = p;
    return p;
}

rs_status tpl_fail(const tpl_report *t, const yaml_node_t *node, const char *key, rs_error *e,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return yd_fail(t->doc, node, key, e, "%s", msg);
}

/* Check that map is a mapping whose keys are all in allowed (NULL-ended). */
static rs_status check_keys(tpl_report *t, yaml_node_t *map, const char *what,
                            const char *const *allowed, rs_error *e)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return tpl_fail(t, map, what, e, "expected a mapping");
    return yd_check_keys(t->doc, map, allowed, e);
}

/* A text under key of map: a scalar, or {zh: .., en: ..}.  Absent: *out is
 * left empty, and an error only when required. */
static rs_status parse_text_node(tpl_report *t, yaml_node_t *n, const char *key, tpl_text *out,
                                 rs_error *e)
{
    static const char *const keys[] = {"zh", "en", NULL};
    rs_status s;
    if (yd_scalar(n)) {
        out->zh = out->en = yd_scalar(n);
        return RS_OK;
    }
    if ((s = check_keys(t, n, key, keys, e)) != RS_OK) return s;
    if ((s = yd_str(t->doc, n, "zh", false, &out->zh, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "en", false, &out->en, e)) != RS_OK)
        return s;
    if (!out->zh && !out->en) return tpl_fail(t, n, key, e, "needs zh or en");
    return RS_OK;
}

static rs_status parse_text(tpl_report *t, yaml_node_t *map, const char *key, bool required,
                            tpl_text *out, rs_error *e)
{
    yaml_node_t *n = yd_get(t->doc, map, key);
    if (!n) return required ? tpl_fail(t, map, key, e, "missing") : RS_OK;
    return parse_text_node(t, n, key, out, e);
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
    if ((s = check_keys(t, n, key, keys, e)) != RS_OK ||
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
    if ((s = check_keys(t, n, "type_by", keys, e)) != RS_OK ||
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
    rs_status s = check_keys(t, n, "alert", keys, e);
    if (s != RS_OK) return s;
    if (yd_count(n) != 1) return tpl_fail(t, n, "alert", e, "give one of below, above, flag");
    const char *k = yd_key_at(t->doc, n, 0);
    c->alert = strcmp(k, "below") == 0   ? TPL_ALERT_BELOW
               : strcmp(k, "above") == 0 ? TPL_ALERT_ABOVE
                                         : TPL_ALERT_FLAG;
    return yd_str(t->doc, n, k, true, &c->alert_arg, e);
}

static rs_status parse_leaf(tpl_report *t, yaml_node_t *n, const tpl_text *group, tpl_column *c,
                            rs_error *e)
{
    static const char *const keys[] = {"field",   "fields", "title", "title_unmasked", "type",
                                       "type_by", "lookup", "width", "alert",          NULL};
    const char *type = "text";
    tpl_text unmasked = {0};
    rs_status s;
    c->node = n;
    if (group) c->group = *group;
    /* title_unmasked, when given, is the title in a run with --unmasked. */
    if ((s = check_keys(t, n, "columns", keys, e)) != RS_OK ||
        (s = parse_text(t, n, "title", true, &c->title, e)) != RS_OK ||
        (s = parse_text(t, n, "title_unmasked", false, &unmasked, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "type", false, &type, e)) != RS_OK ||
        (s = parse_type_name(t, yd_get(t->doc, n, "type"), "type", type, &c->type, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "lookup", false, &c->lookup, e)) != RS_OK ||
        (s = yd_double(t->doc, n, "width", false, &c->width, e)) != RS_OK)
        return s;
    if (mask_unmasked && (unmasked.zh || unmasked.en)) c->title = unmasked;
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
    if (c->lookup && !yd_get(t->lookups_doc, t->lookups, c->lookup))
        return tpl_fail(t, yd_get(t->doc, n, "lookup"), "lookup", e, "no lookup '%s' in lookups",
                        c->lookup);
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
        tpl_text group = {0};
        yaml_node_t *sub = yd_get(t->doc, it, "columns");
        if ((s = check_keys(t, it, "columns", group_keys, e)) != RS_OK ||
            (s = parse_text(t, it, "group", true, &group, e)) != RS_OK)
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
    if ((s = check_keys(t, n, "pivot", keys, e)) != RS_OK ||
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
    if ((s = check_keys(t, n, "group", keys, e)) != RS_OK ||
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
    if ((s = check_keys(t, n, "total", keys, e)) != RS_OK ||
        (s = parse_text(t, n, "label", false, &tb->total_label, e)) != RS_OK ||
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
    if ((s = check_keys(t, n, "table", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "dataset", true, &tb->dataset, e)) != RS_OK ||
        (s = parse_where(t, n, "where", &tb->where, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "freeze", false, &tb->freeze, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "autofilter", false, &tb->autofilter, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "repeat_header", false, &tb->repeat_header, e)) != RS_OK ||
        (s = parse_text(t, n, "caption", false, &tb->caption, e)) != RS_OK ||
        (s = parse_text(t, n, "empty", false, &tb->empty, e)) != RS_OK)
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
    rs_status s = check_keys(t, n, "blocks", keys, e);
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
        if ((s = parse_text(t, n, kind, true, &b->text, e)) != RS_OK) return s;
        return parse_text(t, n, "right", false, &b->right, e);
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
    if ((s = check_keys(t, n, "charts", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "type", true, &type, e)) != RS_OK ||
        (s = parse_text(t, n, "title", true, &c->title, e)) != RS_OK ||
        (s = parse_text(t, n, "y_title", false, &c->y_title, e)) != RS_OK ||
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
    if ((s = check_keys(t, n, "sheets", keys, e)) != RS_OK ||
        (s = parse_text(t, n, "name", true, &sh->name, e)) != RS_OK ||
        (s = yd_bool(t->doc, n, "landscape", false, &sh->landscape, e)) != RS_OK ||
        (s = check_sheet_name(t, n, tpl_text_get(&sh->name, "zh"), e)) != RS_OK ||
        (s = check_sheet_name(t, n, tpl_text_get(&sh->name, "en"), e)) != RS_OK)
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
                if (strcmp(tpl_text_get(&wb->sheets[i].name, langs[l]),
                           tpl_text_get(&wb->sheets[j].name, langs[l])) == 0)
                    return tpl_fail(t, wb->sheets[i].node, "name", e, "two sheets are called '%s'",
                                    tpl_text_get(&wb->sheets[i].name, langs[l]));
    return RS_OK;
}

static rs_status parse_workbook(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    static const char *const keys[] = {"file", "sheets", NULL};
    yaml_node_t *sheets = yd_get(t->doc, n, "sheets");
    tpl_workbook *wb = tpl_calloc(t, 1, sizeof *wb);
    rs_status s;
    if ((s = check_keys(t, n, "workbook", keys, e)) != RS_OK ||
        (s = parse_text(t, n, "file", true, &wb->file, e)) != RS_OK)
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

/* Load the lookups file named by the scalar n, relative to the template's
 * directory, into t->lookups_doc. */
static rs_status load_lookups_file(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    const char *name = yd_scalar(n), *slash = strrchr(t->path, '/');
    rs_status s;
    if (strchr(name, '/') || !*name)
        return tpl_fail(t, n, "lookups", e, "'%s': give a file name beside the template", name);
    t->lookups_path = rs_sprintf("%.*s%s", slash ? (int)(slash - t->path + 1) : 0, t->path, name);
    if ((s = yd_load(t->lookups_path, &t->lookups_doc, e)) != RS_OK) {
        rs_error_prefix(e, "%s:%d: key 'lookups'", t->path, yd_line(n));
        return s;
    }
    t->lookups = yd_root(t->lookups_doc);
    return RS_OK;
}

/* lookups: {NAME: {CODE: TEXT, ...}, ...} where TEXT is a scalar or {zh, en};
 * inline or in a file of their own. */
static rs_status check_lookups(tpl_report *t, rs_error *e)
{
    tpl_text tx;
    rs_status s = RS_OK;
    yd_doc *own = t->doc;
    t->lookups_doc = t->doc;
    if (!t->lookups) return RS_OK;
    if (yd_scalar(t->lookups) && (s = load_lookups_file(t, t->lookups, e)) != RS_OK) return s;
    t->doc = t->lookups_doc; /* messages below name the file holding the maps */
    if (!t->lookups || t->lookups->type != YAML_MAPPING_NODE)
        s = tpl_fail(t, t->lookups, "lookups", e, "expected a mapping of named maps");
    for (size_t i = 0; s == RS_OK && i < yd_count(t->lookups); i++) {
        yaml_node_t *map = yd_value_at(t->doc, t->lookups, i);
        if (!map || map->type != YAML_MAPPING_NODE)
            s = tpl_fail(t, map, yd_key_at(t->doc, t->lookups, i), e, "expected a mapping");
        for (size_t j = 0; s == RS_OK && j < yd_count(map); j++)
            s = parse_text_node(t, yd_value_at(t->doc, map, j), yd_key_at(t->doc, map, j), &tx, e);
    }
    t->doc = own;
    return s;
}

/* ---------------------------------------------------------------- public */

rs_status tpl_load_string(const char *name, const char *text, size_t len, tpl_report **out,
                          rs_error *e)
{
    static const char *const keys[] = {"title",  "description", "lookups", "workbook",
                                       "charts", "dashboard",   NULL};
    tpl_report *t = rs_calloc(1, sizeof *t);
    yaml_node_t *root;
    rs_status s;
    *out = NULL;
    t->path = rs_strdup(name);
    if ((s = yd_load_string(name, text, len, &t->doc, e)) != RS_OK) goto done;
    root = yd_root(t->doc);
    if ((s = check_keys(t, root, "template", keys, e)) != RS_OK ||
        (s = parse_text(t, root, "title", true, &t->title, e)) != RS_OK)
        goto done;
    t->lookups = yd_get(t->doc, root, "lookups");
    t->charts = yd_get(t->doc, root, "charts");
    t->dashboard = yd_get(t->doc, root, "dashboard");
    if ((s = check_lookups(t, e)) != RS_OK) goto done;
    if (yd_get(t->doc, root, "workbook") &&
        (s = parse_workbook(t, yd_get(t->doc, root, "workbook"), e)) != RS_OK)
        goto done;
    if (!t->workbook && !t->charts && !t->dashboard)
        s = tpl_fail(t, root, "workbook", e, "a template needs workbook, charts or dashboard");
done:
    if (s != RS_OK) {
        tpl_free(t);
        t = NULL;
    }
    *out = t;
    return s;
}

rs_status tpl_load(const char *path, tpl_report **out, rs_error *e)
{
    char *text = NULL;
    size_t len = 0;
    rs_status s = file_read(path, &text, &len, e);
    if (s == RS_OK) s = tpl_load_string(path, text, len, out, e);
    free(text);
    return s;
}

void tpl_free(tpl_report *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nallocs; i++)
        free(t->allocs[i]);
    free(t->allocs);
    if (t->lookups_doc != t->doc) yd_free(t->lookups_doc);
    yd_free(t->doc);
    free(t->lookups_path);
    free(t->path);
    free(t);
}

const char *tpl_text_get(const tpl_text *t, const char *lang)
{
    const char *first = strcmp(lang, "en") == 0 ? t->en : t->zh;
    const char *other = strcmp(lang, "en") == 0 ? t->zh : t->en;
    return first ? first : other ? other : "";
}

const char *tpl_lookup(const tpl_report *t, const char *map, const char *key, const char *lang)
{
    yaml_node_t *m = yd_get(t->lookups_doc, t->lookups, map);
    yaml_node_t *v = yd_get(t->lookups_doc, m, key);
    tpl_text tx = {0};
    if (!v) return NULL;
    if (yd_scalar(v)) return yd_scalar(v);
    tx.zh = yd_scalar(yd_get(t->lookups_doc, v, "zh"));
    tx.en = yd_scalar(yd_get(t->lookups_doc, v, "en"));
    return tpl_text_get(&tx, lang);
}

/* Append n bytes of s to the growing buffer *buf (length *len, capacity
 * *cap). */
static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = rs_realloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

rs_status tpl_expand(const tpl_report *t, const yaml_node_t *node, const char *text, tpl_var_fn var,
                     void *arg, char **out, rs_error *e)
{
    char *buf = NULL, name[128];
    size_t len = 0, cap = 0;
    rs_status s = RS_OK;
    const char *p = text;
    *out = NULL;
    append(&buf, &len, &cap, "", 0);
    while (*p) {
        size_t run = strcspn(p, "{}");
        const char *close;
        append(&buf, &len, &cap, p, run);
        p += run;
        if (!*p) break;
        if (p[0] == p[1]) { /* "{{" or "}}" */
            append(&buf, &len, &cap, p, 1);
            p += 2;
            continue;
        }
        close = strchr(p, '}');
        if (*p == '}' || !close || (size_t)(close - p - 1) >= sizeof name) {
            s = tpl_fail(t, node, NULL, e, "unbalanced braces in \"%s\"", text);
            goto fail;
        }
        memcpy(name, p + 1, (size_t)(close - p - 1));
        name[close - p - 1] = '\0';
        const char *v = var(arg, name);
        if (!v) {
            s = tpl_fail(t, node, NULL, e, "unknown variable {%s} in \"%s\"", name, text);
            goto fail;
        }
        append(&buf, &len, &cap, v, strlen(v));
        p = close + 1;
    }
    *out = buf;
    return RS_OK;
fail:
    free(buf);
    return s;
}
