/*
 * dashboard: the leader dashboard PDF.  Lays out the pages of a template's
 * `dashboard:` section on A4 landscape (header, rows of panels, footer),
 * draws chart panels with chart.c and record tables with the same Pango
 * text layer, and writes the PDF through a Cairo PDF surface, which embeds
 * the subset of the CJK font the text uses.
 */
#include "render/dashboard.h"

#include <cairo-pdf.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/home.h"
#include "base/mask.h"

#define PAGE_W    841.89 /* A4 landscape, points */
#define PAGE_H    595.28
#define MARGIN    26.0
#define GAP       10.0
#define MAX_PAGES 3

/* The state of one dashboard drawing. */
typedef struct {
    yd_doc *doc;
    yaml_node_t *section;
    yd_doc *lookups_doc; /* the lookups file, when the template names one */
    yaml_node_t *lookups;
    const chart_source *src;
    const chart_vars *v;
    const char *footer; /* left of the page number */
    chart_pen pen;
} dash;

/* ---- template values ----------------------------------------------------- */

/* The text under key of map in the dashboard's language ("" if absent), or
 * NULL with an error for anything but a scalar or {zh, en}. */
static const char *get_text(yd_doc *doc, yaml_node_t *map, const char *key, const char *lang,
                            rs_error *e)
{
    static const char *const keys[] = {"zh", "en", NULL};
    yaml_node_t *n = yd_get(doc, map, key);
    bool en = lang && strcmp(lang, "en") == 0;
    if (!n) return "";
    if (yd_scalar(n)) return yd_scalar(n);
    if (n->type != YAML_MAPPING_NODE || yd_check_keys(doc, n, keys, e) != RS_OK) {
        yd_fail(doc, n, key, e, "expected a text or {zh: .., en: ..}");
        return NULL;
    }
    const char *zh = yd_scalar(yd_get(doc, n, "zh")), *eng = yd_scalar(yd_get(doc, n, "en"));
    const char *t = en ? (eng ? eng : zh) : (zh ? zh : eng);
    return t ? t : "";
}

/* Open the template's lookups: its root `lookups:` mapping, or the file it
 * names in report_templates/. */
static rs_status open_lookups(dash *ds, rs_error *e)
{
    yaml_node_t *l = yd_get(ds->doc, yd_root(ds->doc), "lookups");
    char rel[512];
    if (!l || !yd_scalar(l)) {
        ds->lookups = l;
        return RS_OK;
    }
    if (strchr(yd_scalar(l), '/'))
        return yd_fail(ds->doc, l, "lookups", e, "a file name in report_templates/ expected");
    snprintf(rel, sizeof rel, "report_templates/%s", yd_scalar(l));
    char *path = home_path(rel);
    rs_status s = yd_load(path, &ds->lookups_doc, e);
    free(path);
    if (s == RS_OK) ds->lookups = yd_root(ds->lookups_doc);
    return s;
}

/* The name of code in lookup map `map`, or code itself when not listed. */
static const char *lookup(dash *ds, const char *map, const char *code)
{
    yd_doc *doc = ds->lookups_doc ? ds->lookups_doc : ds->doc;
    yaml_node_t *m = ds->lookups ? yd_get(doc, ds->lookups, map) : NULL;
    const char *t = m && yd_get(doc, m, code) ? get_text(doc, m, code, ds->v->lang, NULL) : NULL;
    return t && *t ? t : code;
}

/* ---- tables -------------------------------------------------------------- */

typedef enum { CELL_TEXT, CELL_COUNT, CELL_FEN, CELL_YUAN, CELL_RATE } cell_format;

/* One column of a dashboard table; `fallback` is shown where field is
 * empty (a region's code where it has no name). */
typedef struct {
    const char *field, *title, *lookup, *fallback;
    int col, fallback_col;
    double width;
    cell_format fmt;
} dash_column;

/* Format integer fen as yuan with thousands separators ("12,345.60"). */
static char *fen_text(int64_t fen, char *buf, size_t n)
{
    char raw[40];
    money_format(fen, raw, sizeof raw);
    const char *digits = raw + (raw[0] == '-');
    size_t intlen = strcspn(digits, "."), o = 0;
    if (raw[0] == '-' && o + 1 < n) buf[o++] = '-';
    for (size_t i = 0; i < intlen && o + 2 < n; i++) {
        if (i && (intlen - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = digits[i];
    }
    snprintf(buf + o, n - o, "%s", digits + intlen);
    return buf;
}

/* The text of cell (row, c->col) of t as column c shows it. */
static const char *cell_text(dash *ds, const rs_table *t, size_t row, const dash_column *c,
                             char *buf, size_t n)
{
    const rs_value *v = table_cell(t, row, c->col);
    double d = chart_cell_number(t, row, c->col);
    buf[0] = '\0';
    if (v->type == VAL_NULL) return buf;
    switch (c->fmt) {
    case CELL_FEN:
        if (v->type == VAL_INT) return fen_text(v->i, buf, n);
        return isnan(d) ? buf : fen_text((int64_t)llround(d), buf, n);
    case CELL_YUAN:
        return isnan(d) ? buf : fen_text((int64_t)llround(d * 100), buf, n);
    case CELL_RATE:
        return chart_format_value(d, FMT_RATE, ds->v->lang, false, buf, n);
    case CELL_COUNT:
        return chart_format_value(d, FMT_COUNT, ds->v->lang, false, buf, n);
    default:
        break;
    }
    if (v->type == VAL_TEXT)
        snprintf(buf, n, "%s", c->lookup ? lookup(ds, c->lookup, v->s) : v->s);
    else if (v->type == VAL_INT)
        snprintf(buf, n, "%" PRId64, v->i);
    else
        snprintf(buf, n, "%g", v->d);
    return buf;
}

/* Read the columns of table definition tn against the dataset t into a new
 * array *out (the caller frees) of *n columns. */
static rs_status read_columns(dash *ds, yaml_node_t *tn, const rs_table *t, dash_column **out,
                              size_t *n, rs_error *e)
{
    static const char *const keys[] = {"field",    "title", "title_unmasked", "lookup",
                                       "fallback", "width", "format",         NULL};
    static const char *const fmts[] = {"text", "count", "fen", "yuan", "rate", NULL};
    yaml_node_t *cols = yd_get(ds->doc, tn, "columns");
    rs_status s;
    *n = yd_count(cols);
    if (!cols || cols->type != YAML_SEQUENCE_NODE || !*n)
        return yd_fail(ds->doc, cols ? cols : tn, "columns", e, "expected a list of columns");
    *out = rs_calloc(*n, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        yaml_node_t *cn = yd_item(ds->doc, cols, i);
        dash_column *c = &(*out)[i];
        const char *fmt = NULL;
        c->width = 1;
        if ((s = yd_check_keys(ds->doc, cn, keys, e)) != RS_OK ||
            (s = yd_str(ds->doc, cn, "field", true, &c->field, e)) != RS_OK ||
            (s = yd_str(ds->doc, cn, "lookup", false, &c->lookup, e)) != RS_OK ||
            (s = yd_str(ds->doc, cn, "fallback", false, &c->fallback, e)) != RS_OK ||
            (s = yd_str(ds->doc, cn, "format", false, &fmt, e)) != RS_OK ||
            (s = yd_double(ds->doc, cn, "width", false, &c->width, e)) != RS_OK)
            return s;
        /* title_unmasked, when given, is the title in a run with --unmasked. */
        bool own = mask_unmasked && yd_get(ds->doc, cn, "title_unmasked");
        c->title = get_text(ds->doc, cn, own ? "title_unmasked" : "title", ds->v->lang, e);
        if (!c->title) return RS_ETEMPLATE;
        if ((c->col = table_col(t, c->field)) < 0)
            return yd_fail(ds->doc, cn, "field", e, "the dataset has no column '%s'", c->field);
        c->fallback_col = c->fallback ? table_col(t, c->fallback) : -1;
        if (c->fallback && c->fallback_col < 0)
            return yd_fail(ds->doc, cn, "fallback", e, "the dataset has no column '%s'",
                           c->fallback);
        c->fmt = table_col_is_money(t, c->col) ? CELL_FEN : CELL_TEXT;
        for (int k = 0; fmt && fmts[k]; k++)
            if (strcmp(fmts[k], fmt) == 0) c->fmt = (cell_format)k;
        if (fmt && strcmp(fmts[c->fmt], fmt) != 0)
            return yd_fail(ds->doc, cn, "format", e, "'%s' is not text, count, fen, yuan or rate",
                           fmt);
        if (c->width <= 0) return yd_fail(ds->doc, cn, "width", e, "must be positive");
    }
    return RS_OK;
}

/* Row numbers of t ordered by column `sort` descending (NULL last), stable;
 * a new array the caller frees. */
static size_t *sorted_rows(const rs_table *t, int sort)
{
    size_t *order = rs_malloc(t->nrows * sizeof *order);
    for (size_t i = 0; i < t->nrows; i++) {
        size_t j = i;
        double v = sort >= 0 ? chart_cell_number(t, i, sort) : NAN;
        while (j > 0 && sort >= 0 && !isnan(v)) {
            double u = chart_cell_number(t, order[j - 1], sort);
            if (!isnan(u) && u >= v) break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    return order;
}

/* Draw table `name` of the section's tables into (x, y, w, h). */
static rs_status draw_table(dash *ds, const char *name, yaml_node_t *panel, double x, double y,
                            double w, double h, rs_error *e)
{
    static const char *const keys[] = {"dataset", "title",   "sort", "limit",
                                       "empty",   "columns", NULL};
    yaml_node_t *tn = yd_get(ds->doc, yd_get(ds->doc, ds->section, "tables"), name);
    const char *dataset = NULL, *sort = NULL, *title, *empty;
    const rs_table *t;
    dash_column *cols = NULL;
    size_t ncols = 0, *order = NULL;
    long limit = 0;
    char buf[512];
    rs_status s;
    bool en = ds->v->lang && strcmp(ds->v->lang, "en") == 0;
    if (!tn) return yd_fail(ds->doc, panel, "table", e, "no table '%s' under tables:", name);
    if ((s = yd_check_keys(ds->doc, tn, keys, e)) != RS_OK ||
        (s = yd_str(ds->doc, tn, "dataset", true, &dataset, e)) != RS_OK ||
        (s = yd_str(ds->doc, tn, "sort", false, &sort, e)) != RS_OK ||
        (s = yd_long(ds->doc, tn, "limit", false, &limit, e)) != RS_OK)
        return s;
    if (!(title = get_text(ds->doc, tn, "title", ds->v->lang, e)) ||
        !(empty = get_text(ds->doc, tn, "empty", ds->v->lang, e)))
        return RS_ETEMPLATE;
    if ((s = ds->src->fetch(ds->src->arg, dataset, &t, e)) != RS_OK) return s;
    if ((s = read_columns(ds, tn, t, &cols, &ncols, e)) != RS_OK) goto cleanup;
    if (sort && table_col(t, sort) < 0) {
        s = yd_fail(ds->doc, tn, "sort", e, "dataset '%s' has no column '%s'", dataset, sort);
        goto cleanup;
    }
    order = sorted_rows(t, sort ? table_col(t, sort) : -1);
    chart_pen *p = &ds->pen;
    chart_font tf = {.size = 12, .bold = true, .color = 0x222222, .align = -1, .valign = -1};
    double tw, th, row_h = 15.5, head_h = 18, total_w = 0;
    tf.max_width = w - 16;
    chart_expand(title, ds->v, buf, sizeof buf);
    chart_text_size(p, buf, &tf, &tw, &th);
    chart_draw_text(p, buf, &tf, x + 8, y + 8);
    double top = y + 8 + th + 6, cx;
    size_t rows = limit > 0 && (size_t)limit < t->nrows ? (size_t)limit : t->nrows;
    size_t fit = (size_t)fmax(0, floor((y + h - 8 - top - head_h) / row_h));
    size_t shown = rows <= fit ? rows : fit ? fit - 1 : 0;
    for (size_t i = 0; i < ncols; i++)
        total_w += cols[i].width;
    /* header */
    chart_color(p->cr, 0xeef1f5, 1);
    cairo_rectangle(p->cr, x + 8, top, w - 16, head_h);
    cairo_fill(p->cr);
    chart_font hf = {.size = 8.5, .bold = true, .color = 0x333333, .valign = 0};
    chart_font cf = {.size = 8.5, .color = 0x333333, .valign = 0};
    cx = x + 8;
    for (size_t i = 0; i < ncols; i++) {
        double cw = (w - 16) * cols[i].width / total_w;
        bool num = cols[i].fmt != CELL_TEXT;
        hf.align = num ? 1 : -1;
        hf.max_width = cw - 8;
        chart_draw_text(p, cols[i].title, &hf, num ? cx + cw - 4 : cx + 4, top + head_h / 2);
        cx += cw;
    }
    for (size_t r = 0; r < shown; r++) {
        double ry = top + head_h + (double)r * row_h;
        if (r % 2) {
            chart_color(p->cr, 0xf7f8fa, 1);
            cairo_rectangle(p->cr, x + 8, ry, w - 16, row_h);
            cairo_fill(p->cr);
        }
        cx = x + 8;
        for (size_t i = 0; i < ncols; i++) {
            double cw = (w - 16) * cols[i].width / total_w;
            bool num = cols[i].fmt != CELL_TEXT;
            cf.align = num ? 1 : -1;
            cf.max_width = cw - 8;
            cell_text(ds, t, order[r], &cols[i], buf, sizeof buf);
            chart_draw_text(p, buf, &cf, num ? cx + cw - 4 : cx + 4, ry + row_h / 2);
            cx += cw;
        }
    }
    chart_font nf = {.size = 8.5, .color = 0x777777, .align = -1, .valign = -1};
    if (!t->nrows)
        chart_draw_text(p, empty, &nf, x + 12, top + head_h + 4);
    else if (shown < t->nrows) {
        snprintf(buf, sizeof buf,
                 en ? "%zu of %zu shown; the full list is in the workbook"
                    : "列出 %zu 条（共 %zu 条），完整清单见工作簿",
                 shown, t->nrows);
        chart_draw_text(p, buf, &nf, x + 12, top + head_h + (double)shown * row_h + 3);
    }
    s = p->status;
cleanup:
    free(order);
    free(cols);
    return s;
}

/* ---- pages --------------------------------------------------------------- */

/* Draw one panel ({chart: NAME} or {table: NAME}) into (x, y, w, h). */
static rs_status draw_panel(dash *ds, yaml_node_t *panel, double x, double y, double w, double h,
                            rs_error *e)
{
    static const char *const keys[] = {"chart", "table", "width", NULL};
    const char *chart = NULL, *table = NULL;
    chart_def *def = NULL;
    chart_data *d = NULL;
    rs_status s;
    if ((s = yd_check_keys(ds->doc, panel, keys, e)) != RS_OK ||
        (s = yd_str(ds->doc, panel, "chart", false, &chart, e)) != RS_OK ||
        (s = yd_str(ds->doc, panel, "table", false, &table, e)) != RS_OK)
        return s;
    if (!chart == !table)
        return yd_fail(ds->doc, panel, "chart", e, "a panel has either a chart or a table");
    if (chart && (s = chartdef_load_named(chart, &def, e)) != RS_OK) {
        rs_error_prefix(e, "%s:%d: chart '%s'", yd_name(ds->doc), yd_line(panel), chart);
        return s;
    }
    if (!def || def->type != CHART_TILES) {
        chart_color(ds->pen.cr, 0xd9dde3, 1);
        cairo_set_line_width(ds->pen.cr, 0.6);
        cairo_rectangle(ds->pen.cr, x, y, w, h);
        cairo_stroke(ds->pen.cr);
    }
    if (table) return draw_table(ds, table, panel, x, y, w, h, e);
    chart_vars v = *ds->v;
    v.no_subtitle = true;
    if ((s = chart_data_bind(def, ds->src, v.lang, &d, e)) == RS_OK) {
        chart_draw(&ds->pen, x, y, w, h, def, d, &v);
        s = ds->pen.status;
    }
    chart_data_free(d);
    chartdef_free(def);
    return s;
}

/* Draw a row of panels, widths shared by weight, into (x, y, w, h). */
static rs_status draw_row(dash *ds, yaml_node_t *row, double x, double y, double w, double h,
                          rs_error *e)
{
    yaml_node_t *panels = yd_get(ds->doc, row, "panels");
    size_t n = yd_count(panels);
    double total = 0, cx = x;
    rs_status s = RS_OK;
    if (!panels || panels->type != YAML_SEQUENCE_NODE || !n)
        return yd_fail(ds->doc, panels ? panels : row, "panels", e, "expected a list of panels");
    for (size_t i = 0; i < n; i++) {
        double wt = 1;
        if ((s = yd_double(ds->doc, yd_item(ds->doc, panels, i), "width", false, &wt, e)) != RS_OK)
            return s;
        if (wt <= 0)
            return yd_fail(ds->doc, yd_item(ds->doc, panels, i), "width", e, "must be positive");
        total += wt;
    }
    for (size_t i = 0; i < n && s == RS_OK; i++) {
        yaml_node_t *panel = yd_item(ds->doc, panels, i);
        double wt = 1;
        yd_double(ds->doc, panel, "width", false, &wt, e);
        double pw = (w - GAP * (double)(n - 1)) * wt / total;
        s = draw_panel(ds, panel, cx, y, pw, h, e);
        cx += pw + GAP;
    }
    return s;
}

/* Header (title and subtitle) and footer (page i of n) of a page. */
static void draw_frame(dash *ds, const char *title, const char *subtitle, size_t i, size_t n)
{
    char buf[512];
    bool en = ds->v->lang && strcmp(ds->v->lang, "en") == 0;
    chart_font f = {.size = 17, .bold = true, .color = 0x1a2a40, .align = -1, .valign = -1};
    f.max_width = PAGE_W - 2 * MARGIN - 160;
    chart_draw_text(&ds->pen, chart_expand(title, ds->v, buf, sizeof buf), &f, MARGIN, MARGIN - 8);
    f = (chart_font){.size = 10, .color = 0x666666, .align = 1, .valign = 1};
    chart_draw_text(&ds->pen, chart_expand(subtitle, ds->v, buf, sizeof buf), &f, PAGE_W - MARGIN,
                    MARGIN + 12);
    chart_color(ds->pen.cr, 0x1a2a40, 1);
    cairo_rectangle(ds->pen.cr, MARGIN, MARGIN + 17, PAGE_W - 2 * MARGIN, 1.2);
    cairo_fill(ds->pen.cr);
    f = (chart_font){.size = 8, .color = 0x888888, .align = 0, .valign = 1};
    snprintf(buf, sizeof buf, en ? "Page %zu of %zu" : "第 %zu 页 / 共 %zu 页", i + 1, n);
    chart_draw_text(&ds->pen, buf, &f, PAGE_W / 2, PAGE_H - MARGIN + 12);
    f.align = -1;
    chart_draw_text(&ds->pen, chart_expand(ds->footer, ds->v, buf, sizeof buf), &f, MARGIN,
                    PAGE_H - MARGIN + 12);
}

/* Draw page node pg: its rows top to bottom between header and footer. */
static rs_status draw_page(dash *ds, yaml_node_t *pg, rs_error *e)
{
    static const char *const keys[] = {"rows", NULL};
    static const char *const row_keys[] = {"height", "panels", NULL};
    yaml_node_t *rows = yd_get(ds->doc, pg, "rows");
    size_t n = yd_count(rows), flexible = 0;
    double top = MARGIN + 28, bottom = PAGE_H - MARGIN - 8, fixed = 0, y = top;
    rs_status s;
    if ((s = yd_check_keys(ds->doc, pg, keys, e)) != RS_OK) return s;
    if (!rows || rows->type != YAML_SEQUENCE_NODE || !n)
        return yd_fail(ds->doc, rows ? rows : pg, "rows", e, "expected a list of rows");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *row = yd_item(ds->doc, rows, i);
        double hgt = 0;
        if ((s = yd_check_keys(ds->doc, row, row_keys, e)) != RS_OK ||
            (s = yd_double(ds->doc, row, "height", false, &hgt, e)) != RS_OK)
            return s;
        fixed += hgt;
        flexible += hgt <= 0;
    }
    double share =
        (bottom - top - fixed - GAP * (double)(n - 1)) / (double)(flexible ? flexible : 1);
    if (share < 60 && flexible)
        return yd_fail(ds->doc, rows, "rows", e, "the rows leave under 60 points for the others");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *row = yd_item(ds->doc, rows, i);
        double hgt = 0;
        yd_double(ds->doc, row, "height", false, &hgt, e);
        hgt = hgt > 0 ? hgt : share;
        if ((s = draw_row(ds, row, MARGIN, y, PAGE_W - 2 * MARGIN, hgt, e)) != RS_OK) return s;
        y += hgt + GAP;
    }
    return RS_OK;
}

rs_status dashboard_render(yd_doc *doc, yaml_node_t *section, const chart_source *src,
                           const chart_vars *v, const char *path, rs_error *e)
{
    static const char *const keys[] = {"file",  "title",  "subtitle", "footer", "footer_unmasked",
                                       "pages", "tables", NULL};
    dash ds = {.doc = doc, .section = section, .src = src, .v = v};
    cairo_surface_t *sf;
    chart_sink sink = {0};
    yaml_node_t *pages;
    const char *title, *subtitle;
    size_t n;
    rs_status s;
    if ((s = yd_check_keys(doc, section, keys, e)) != RS_OK || (s = chart_fonts_init(e)) != RS_OK ||
        (s = open_lookups(&ds, e)) != RS_OK)
        goto cleanup;
    pages = yd_get(doc, section, "pages");
    n = yd_count(pages);
    if (!pages || pages->type != YAML_SEQUENCE_NODE || n < 1 || n > MAX_PAGES) {
        s = yd_fail(doc, pages ? pages : section, "pages", e, "expected a list of 1 to %d pages",
                    MAX_PAGES);
        goto cleanup;
    }
    /* The footer says whether the IDs are masked: the run's --unmasked
     * picks the text. */
    if (!(title = get_text(doc, section, "title", v->lang, e)) ||
        !(subtitle = get_text(doc, section, "subtitle", v->lang, e)) ||
        !(ds.footer =
              get_text(doc, section, mask_unmasked ? "footer_unmasked" : "footer", v->lang, e))) {
        s = RS_ETEMPLATE;
        goto cleanup;
    }
    if (!*ds.footer) ds.footer = "reliefstat {version}";
    if (!*subtitle)
        subtitle = v->lang && strcmp(v->lang, "en") == 0 ? "{unit_name} · {period_en}"
                                                         : "{unit_name} · {period_zh}";
    if ((s = chart_sink_open(&sink, path, e)) != RS_OK) goto cleanup;
    sf = cairo_pdf_surface_create_for_stream(chart_sink_write, &sink, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "reliefstat");
    ds.pen = (chart_pen){cairo_create(sf), RS_OK, e};
    for (size_t i = 0; i < n && s == RS_OK; i++) {
        draw_frame(&ds, title, subtitle, i, n);
        if ((s = draw_page(&ds, yd_item(doc, pages, i), e)) == RS_OK &&
            (s = ds.pen.status) == RS_OK)
            cairo_show_page(ds.pen.cr);
    }
    cairo_destroy(ds.pen.cr);
    s = chart_sink_finish(sf, &sink, s, path, e);
cleanup:
    chart_sink_close(&sink, path, NULL);
    yd_free(ds.lookups_doc);
    return s;
}

rs_status dashboard_render_section(report_ctx *ctx, yd_doc *doc, yaml_node_t *section, rs_error *e)
{
    chart_cache *cache = NULL;
    chart_source src;
    chart_vars v;
    char name[512];
    char *tmp = NULL;
    const char *file;
    rs_status s;
    if ((s = chart_cache_open(ctx, &cache, &src, &v, e)) != RS_OK) return s;
    if (!(file = get_text(doc, section, "file", ctx->lang, e))) {
        s = RS_ETEMPLATE;
        goto cleanup;
    }
    chart_expand(*file ? file : "dashboard_{unit_code}_{period}.pdf", &v, name, sizeof name);
    if (!(tmp = report_output_begin(ctx, name, e))) {
        s = e->status != RS_OK ? e->status : RS_EIO;
        goto cleanup;
    }
    if ((s = dashboard_render(doc, section, &src, &v, tmp, e)) != RS_OK ||
        (s = report_output_commit(ctx, tmp, name, e)) != RS_OK)
        report_output_abort(tmp);
cleanup:
    free(tmp);
    chart_cache_free(cache);
    return s;
}
