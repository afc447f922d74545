/*
 * template_dash: reading a template's dashboard: section into the model
 * (tpl_dashboard of template.h): its texts, its pages of rows of panels,
 * each panel's chart definition (loaded and checked here) or table, and the
 * tables with their columns.  The layout is drawn by render/dashboard.c,
 * whose header describes the syntax.  Split from template.c, which reads
 * the rest of a template.
 */
#include <stdio.h>
#include <string.h>

#include "report/template_parse.h"

/* One column of a dashboard table. */
static rs_status parse_dash_column(tpl_report *t, yaml_node_t *n, tpl_dash_column *c, rs_error *e)
{
    static const char *const keys[] = {"field",    "title", "title_unmasked", "lookup",
                                       "fallback", "width", "format",         NULL};
    static const char *const fmts[] = {"text", "count", "fen", "yuan", "rate"};
    const char *fmt = NULL;
    rs_status s;
    c->node = n;
    c->width = 1;
    c->format = TPL_DASH_AUTO;
    if ((s = tpl_check_keys(t, n, "columns", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "field", true, &c->field, e)) != RS_OK ||
        (s = tpl_parse_lookup(t, n, "lookup", &c->lookup, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "fallback", false, &c->fallback, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "format", false, &fmt, e)) != RS_OK ||
        (s = yd_double(t->doc, n, "width", false, &c->width, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "title", false, &c->title, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "title_unmasked", false, &c->title_unmasked, e)) != RS_OK)
        return s;
    for (size_t k = 0; fmt && k < sizeof fmts / sizeof fmts[0]; k++)
        if (strcmp(fmts[k], fmt) == 0) c->format = (tpl_dash_format)k;
    if (fmt && c->format == TPL_DASH_AUTO)
        return tpl_fail(t, n, "format", e, "'%s' is not text, count, fen, yuan or rate", fmt);
    if (c->width <= 0) return tpl_fail(t, n, "width", e, "must be positive");
    return RS_OK;
}

/* Table tables.NAME (node n) into tb. */
static rs_status parse_dash_table(tpl_report *t, const char *name, yaml_node_t *n,
                                  tpl_dash_table *tb, rs_error *e)
{
    static const char *const keys[] = {"dataset", "title",   "sort", "limit",
                                       "empty",   "columns", NULL};
    yaml_node_t *cols = yd_get(t->doc, n, "columns");
    rs_status s;
    tb->name = name;
    tb->node = n;
    if ((s = tpl_check_keys(t, n, name, keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "dataset", true, &tb->dataset, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "sort", false, &tb->sort, e)) != RS_OK ||
        (s = yd_long(t->doc, n, "limit", false, &tb->limit, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "title", false, &tb->title, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "empty", false, &tb->empty, e)) != RS_OK)
        return s;
    tb->ncols = yd_count(cols);
    if (!cols || cols->type != YAML_SEQUENCE_NODE || !tb->ncols)
        return tpl_fail(t, cols ? cols : n, "columns", e, "expected a list of columns");
    tb->cols = tpl_calloc(t, tb->ncols, sizeof *tb->cols);
    for (size_t i = 0; i < tb->ncols; i++)
        if ((s = parse_dash_column(t, yd_item(t->doc, cols, i), &tb->cols[i], e)) != RS_OK)
            return s;
    return RS_OK;
}

/* The tables: mapping (NULL: none). */
static rs_status parse_dash_tables(tpl_report *t, yaml_node_t *n, tpl_dashboard *d, rs_error *e)
{
    rs_status s = RS_OK;
    if (!n) return RS_OK;
    if (n->type != YAML_MAPPING_NODE)
        return tpl_fail(t, n, "tables", e, "expected a mapping of named tables");
    d->ntables = yd_count(n);
    d->tables = tpl_calloc(t, d->ntables, sizeof *d->tables);
    for (size_t i = 0; i < d->ntables && s == RS_OK; i++)
        s = parse_dash_table(t, yd_key_at(t->doc, n, i), yd_value_at(t->doc, n, i), &d->tables[i],
                             e);
    return s;
}

/* One panel: {chart: NAME} or {table: NAME}, with a width. */
static rs_status parse_panel(tpl_report *t, yaml_node_t *n, const tpl_dashboard *d,
                             tpl_dash_panel *p, rs_error *e)
{
    static const char *const keys[] = {"chart", "table", "width", NULL};
    const char *chart = NULL, *table = NULL;
    rs_status s;
    p->node = n;
    p->width = 1;
    if ((s = tpl_check_keys(t, n, "panels", keys, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "chart", false, &chart, e)) != RS_OK ||
        (s = yd_str(t->doc, n, "table", false, &table, e)) != RS_OK ||
        (s = yd_double(t->doc, n, "width", false, &p->width, e)) != RS_OK)
        return s;
    if (!chart == !table)
        return tpl_fail(t, n, "chart", e, "a panel has either a chart or a table");
    if (p->width <= 0) return tpl_fail(t, n, "width", e, "must be positive");
    if (chart) return tpl_load_chart(t, n, chart, &p->chart, e);
    for (size_t i = 0; i < d->ntables; i++)
        if (strcmp(d->tables[i].name, table) == 0) p->table = &d->tables[i];
    if (!p->table) return tpl_fail(t, n, "table", e, "no table '%s' under tables:", table);
    return RS_OK;
}

/* One row: {height, panels}. */
static rs_status parse_row(tpl_report *t, yaml_node_t *n, const tpl_dashboard *d, tpl_dash_row *r,
                           rs_error *e)
{
    static const char *const keys[] = {"height", "panels", NULL};
    yaml_node_t *panels = yd_get(t->doc, n, "panels");
    rs_status s;
    if ((s = tpl_check_keys(t, n, "rows", keys, e)) != RS_OK ||
        (s = yd_double(t->doc, n, "height", false, &r->height, e)) != RS_OK)
        return s;
    if (r->height < 0) return tpl_fail(t, n, "height", e, "must not be negative");
    r->npanels = yd_count(panels);
    if (!panels || panels->type != YAML_SEQUENCE_NODE || !r->npanels)
        return tpl_fail(t, panels ? panels : n, "panels", e, "expected a list of panels");
    r->panels = tpl_calloc(t, r->npanels, sizeof *r->panels);
    for (size_t i = 0; i < r->npanels; i++)
        if ((s = parse_panel(t, yd_item(t->doc, panels, i), d, &r->panels[i], e)) != RS_OK)
            return s;
    return RS_OK;
}

/* One page: {rows: [...]}. */
static rs_status parse_page(tpl_report *t, yaml_node_t *n, const tpl_dashboard *d,
                            tpl_dash_page *pg, rs_error *e)
{
    static const char *const keys[] = {"rows", NULL};
    yaml_node_t *rows = yd_get(t->doc, n, "rows");
    rs_status s = tpl_check_keys(t, n, "pages", keys, e);
    if (s != RS_OK) return s;
    pg->nrows = yd_count(rows);
    pg->node = rows;
    if (!rows || rows->type != YAML_SEQUENCE_NODE || !pg->nrows)
        return tpl_fail(t, rows ? rows : n, "rows", e, "expected a list of rows");
    pg->rows = tpl_calloc(t, pg->nrows, sizeof *pg->rows);
    for (size_t i = 0; i < pg->nrows; i++)
        if ((s = parse_row(t, yd_item(t->doc, rows, i), d, &pg->rows[i], e)) != RS_OK) return s;
    return RS_OK;
}

rs_status tpl_parse_dashboard(tpl_report *t, yaml_node_t *n, rs_error *e)
{
    static const char *const keys[] = {"file",  "title",  "subtitle", "footer", "footer_unmasked",
                                       "pages", "tables", NULL};
    tpl_dashboard *d = tpl_calloc(t, 1, sizeof *d);
    yaml_node_t *pages = yd_get(t->doc, n, "pages");
    rs_status s;
    if ((s = tpl_check_keys(t, n, "dashboard", keys, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "file", false, &d->file, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "title", false, &d->title, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "subtitle", false, &d->subtitle, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "footer", false, &d->footer, e)) != RS_OK ||
        (s = tpl_parse_text(t, n, "footer_unmasked", false, &d->footer_unmasked, e)) != RS_OK ||
        (s = parse_dash_tables(t, yd_get(t->doc, n, "tables"), d, e)) != RS_OK)
        return s;
    d->npages = yd_count(pages);
    if (!pages || pages->type != YAML_SEQUENCE_NODE || d->npages < 1 ||
        d->npages > TPL_DASH_MAX_PAGES)
        return tpl_fail(t, pages ? pages : n, "pages", e, "expected a list of 1 to %d pages",
                        TPL_DASH_MAX_PAGES);
    d->pages = tpl_calloc(t, d->npages, sizeof *d->pages);
    for (size_t i = 0; i < d->npages; i++)
        if ((s = parse_page(t, yd_item(t->doc, pages, i), d, &d->pages[i], e)) != RS_OK) return s;
    t->dashboard = d;
    return RS_OK;
}
