/*
 * dashboard: the leader dashboard PDF.  Lays out the pages of a template's
 * dashboard (the model of template.h, resolved for the run) on A4
 * landscape (header, rows of panels, footer), draws chart panels with
 * chart.c and record tables with the same Pango text layer, and writes the
 * PDF through a Cairo PDF surface, which embeds the subset of the CJK font
 * the text uses.
 */
#include "render/dashboard.h"

#include <cairo-pdf.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/parse.h"
#include "render/chart.h"
#include "render/chartfmt.h"

#define PAGE_W 841.89 /* A4 landscape, points */
#define PAGE_H 595.28
#define MARGIN 26.0
#define GAP    10.0

/* The state of one dashboard drawing. */
typedef struct {
    const tpl_report *t;     /* the run's template: its words */
    const tpl_report *owner; /* the template the dashboard is written in: its messages */
    const tpl_dashboard *d;
    const report_source *src;
    chart_pen pen;
} dash;

/* ---- tables -------------------------------------------------------------- */

/* A column of a table, against the dataset it shows. */
typedef struct {
    const tpl_dash_column *c;
    int col, fallback_col; /* fallback_col: -1 without a fallback */
    tpl_dash_format fmt;   /* never AUTO */
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

/* The text of cell (row, col) of t in the format of column c. */
static const char *cell_text(const dash *ds, const rs_table *t, size_t row, int col,
                             const dash_column *c, char *buf, size_t n)
{
    const rs_value *v = table_cell(t, row, col);
    double d = chart_cell_number(t, row, col);
    const char *shown;
    buf[0] = '\0';
    if (v->type == VAL_NULL) return buf;
    switch (c->fmt) {
    case TPL_DASH_FEN:
        if (v->type == VAL_INT) return fen_text(v->i, buf, n);
        return isnan(d) ? buf : fen_text((int64_t)llround(d), buf, n);
    case TPL_DASH_YUAN:
        return isnan(d) ? buf : fen_text((int64_t)llround(d * 100), buf, n);
    case TPL_DASH_RATE:
        return chart_format_value(d, FMT_RATE, &ds->t->words, false, buf, n);
    case TPL_DASH_COUNT:
        return chart_format_value(d, FMT_COUNT, &ds->t->words, false, buf, n);
    default:
        break;
    }
    if (v->type == VAL_TEXT) {
        shown = c->c->lookup ? tpl_lookup_text(c->c->lookup, v->s) : NULL;
        snprintf(buf, n, "%s", shown && *shown ? shown : v->s);
    } else if (v->type == VAL_INT)
        snprintf(buf, n, "%" PRId64, v->i);
    else
        snprintf(buf, n, "%g", v->d);
    return buf;
}

/* The text a row shows in column c: its field's, or its fallback's where
 * the field is empty. */
static const char *column_text(const dash *ds, const rs_table *t, size_t row, const dash_column *c,
                               char *buf, size_t n)
{
    cell_text(ds, t, row, c->col, c, buf, n);
    if (!*buf && c->fallback_col >= 0) cell_text(ds, t, row, c->fallback_col, c, buf, n);
    return buf;
}

/* The columns of tb against its dataset t, in a new array the caller frees. */
static rs_status table_columns(const dash *ds, const tpl_dash_table *tb, const rs_table *t,
                               dash_column **out, rs_error *e)
{
    dash_column *cols = rs_calloc(tb->ncols, sizeof *cols);
    for (size_t i = 0; i < tb->ncols; i++) {
        const tpl_dash_column *c = &tb->cols[i];
        dash_column *dc = &cols[i];
        dc->c = c;
        dc->col = table_col(t, c->field);
        dc->fallback_col = c->fallback ? table_col(t, c->fallback) : -1;
        dc->fmt = c->format != TPL_DASH_AUTO                       ? c->format
                  : dc->col >= 0 && table_col_is_money(t, dc->col) ? TPL_DASH_FEN
                                                                   : TPL_DASH_TEXT;
        if (dc->col < 0 || (c->fallback && dc->fallback_col < 0)) {
            bool field = dc->col < 0; /* read before cols is freed */
            free(cols);
            return tpl_fail(ds->owner, c->node, field ? "field" : "fallback", e,
                            "the dataset has no column '%s'", field ? c->field : c->fallback);
        }
    }
    *out = cols;
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

/* Where a table's rows go: the table's box, its columns and their widths. */
typedef struct {
    double x, w, top, row_h, head_h, total_w;
    const dash_column *cols;
    size_t ncols;
} table_box;

/* Draw one line of a table at y (its header when t is NULL), text cells
 * left-aligned, the others right-aligned. */
static void draw_table_line(dash *ds, const table_box *b, const rs_table *t, size_t row, double y,
                            double h)
{
    chart_font f = {.size = 8.5, .bold = !t, .color = 0x333333, .valign = 0};
    char buf[512];
    double cx = b->x + 8;
    for (size_t i = 0; i < b->ncols; i++) {
        double cw = (b->w - 16) * b->cols[i].c->width / b->total_w;
        bool num = b->cols[i].fmt != TPL_DASH_TEXT;
        f.align = num ? 1 : -1;
        f.max_width = cw - 8;
        const char *text =
            t ? column_text(ds, t, row, &b->cols[i], buf, sizeof buf) : b->cols[i].c->title.shown;
        chart_draw_text(&ds->pen, text, &f, num ? cx + cw - 4 : cx + 4, y + h / 2);
        cx += cw;
    }
}

/* Draw the header and the first `shown` rows of t in order, striped. */
static void draw_table_rows(dash *ds, const table_box *b, const rs_table *t, const size_t *order,
                            size_t shown)
{
    chart_color(ds->pen.cr, 0xeef1f5, 1);
    cairo_rectangle(ds->pen.cr, b->x + 8, b->top, b->w - 16, b->head_h);
    cairo_fill(ds->pen.cr);
    draw_table_line(ds, b, NULL, 0, b->top, b->head_h);
    for (size_t r = 0; r < shown; r++) {
        double ry = b->top + b->head_h + (double)r * b->row_h;
        if (r % 2) {
            chart_color(ds->pen.cr, 0xf7f8fa, 1);
            cairo_rectangle(ds->pen.cr, b->x + 8, ry, b->w - 16, b->row_h);
            cairo_fill(ds->pen.cr);
        }
        draw_table_line(ds, b, t, order[r], ry, b->row_h);
    }
}

/* Under the rows: the table's empty text, or how many rows it left out. */
static void draw_table_note(dash *ds, const tpl_dash_table *tb, const table_box *b,
                            const rs_table *t, size_t shown)
{
    static const char *const names[] = {"shown", "rows"};
    chart_font nf = {.size = 8.5, .color = 0x777777, .align = -1, .valign = -1};
    char buf[512], a[24], n[24];
    snprintf(a, sizeof a, "%zu", shown);
    snprintf(n, sizeof n, "%zu", t->nrows);
    if (!t->nrows)
        chart_draw_text(&ds->pen, tb->empty.shown, &nf, b->x + 12, b->top + b->head_h + 4);
    else if (shown < t->nrows)
        chart_draw_text(&ds->pen,
                        text_fill(ds->t->words.rows_shown, names, (const char *const[]){a, n}, 2,
                                  buf, sizeof buf),
                        &nf, b->x + 12, b->top + b->head_h + (double)shown * b->row_h + 3);
}

/* Draw table tb into (x, y, w, h): its title, the rows that fit (sorted,
 * at most its limit) and a note. */
static rs_status draw_table(dash *ds, const tpl_dash_table *tb, double x, double y, double w,
                            double h, rs_error *e)
{
    const rs_table *t;
    dash_column *cols = NULL;
    rs_status s;
    if ((s = ds->src->fetch(ds->src->arg, tb->dataset, &t, e)) != RS_OK ||
        (s = table_columns(ds, tb, t, &cols, e)) != RS_OK)
        return s;
    if (tb->sort && table_col(t, tb->sort) < 0) {
        free(cols);
        return tpl_fail(ds->owner, tb->node, "sort", e, "dataset '%s' has no column '%s'",
                        tb->dataset, tb->sort);
    }
    size_t *order = sorted_rows(t, tb->sort ? table_col(t, tb->sort) : -1);
    chart_font tf = {.size = 12, .bold = true, .color = 0x222222, .align = -1, .valign = -1};
    double tw, th;
    tf.max_width = w - 16;
    chart_text_size(&ds->pen, tb->title.shown, &tf, &tw, &th);
    chart_draw_text(&ds->pen, tb->title.shown, &tf, x + 8, y + 8);
    table_box b = {x, w, y + 8 + th + 6, 15.5, 18, 0, cols, tb->ncols};
    for (size_t i = 0; i < tb->ncols; i++)
        b.total_w += tb->cols[i].width;
    size_t rows = tb->limit > 0 && (size_t)tb->limit < t->nrows ? (size_t)tb->limit : t->nrows;
    size_t fit = (size_t)fmax(0, floor((y + h - 8 - b.top - b.head_h) / b.row_h));
    size_t shown = rows <= fit ? rows : fit ? fit - 1 : 0;
    draw_table_rows(ds, &b, t, order, shown);
    draw_table_note(ds, tb, &b, t, shown);
    free(order);
    free(cols);
    return ds->pen.status;
}

/* ---- pages --------------------------------------------------------------- */

/* Draw one panel (a chart or a table) into (x, y, w, h). */
static rs_status draw_panel(dash *ds, const tpl_dash_panel *p, double x, double y, double w,
                            double h, rs_error *e)
{
    chart_opts o = {&ds->t->words, true};
    if (!p->chart || p->chart->type != CHART_TILES) {
        chart_color(ds->pen.cr, 0xd9dde3, 1);
        cairo_set_line_width(ds->pen.cr, 0.6);
        cairo_rectangle(ds->pen.cr, x, y, w, h);
        cairo_stroke(ds->pen.cr);
    }
    if (p->table) return draw_table(ds, p->table, x, y, w, h, e);
    chart_draw(&ds->pen, x, y, w, h, p->chart, p->data, &o);
    return ds->pen.status;
}

/* Draw a row of panels, widths shared by weight, into (x, y, w, h). */
static rs_status draw_row(dash *ds, const tpl_dash_row *row, double x, double y, double w, double h,
                          rs_error *e)
{
    double total = 0, cx = x;
    rs_status s = RS_OK;
    for (size_t i = 0; i < row->npanels; i++)
        total += row->panels[i].width;
    for (size_t i = 0; i < row->npanels && s == RS_OK; i++) {
        double pw = (w - GAP * (double)(row->npanels - 1)) * row->panels[i].width / total;
        s = draw_panel(ds, &row->panels[i], cx, y, pw, h, e);
        cx += pw + GAP;
    }
    return s;
}

/* Header (title and subtitle) and footer (page i of n) of a page. */
static void draw_frame(dash *ds, size_t i, size_t n)
{
    static const char *const names[] = {"page", "pages"};
    char buf[512], page[24], pages[24];
    chart_font f = {.size = 17, .bold = true, .color = 0x1a2a40, .align = -1, .valign = -1};
    f.max_width = PAGE_W - 2 * MARGIN - 160;
    chart_draw_text(&ds->pen, ds->d->title.shown, &f, MARGIN, MARGIN - 8);
    f = (chart_font){.size = 10, .color = 0x666666, .align = 1, .valign = 1};
    chart_draw_text(&ds->pen, ds->d->subtitle.shown, &f, PAGE_W - MARGIN, MARGIN + 12);
    chart_color(ds->pen.cr, 0x1a2a40, 1);
    cairo_rectangle(ds->pen.cr, MARGIN, MARGIN + 17, PAGE_W - 2 * MARGIN, 1.2);
    cairo_fill(ds->pen.cr);
    f = (chart_font){.size = 8, .color = 0x888888, .align = 0, .valign = 1};
    snprintf(page, sizeof page, "%zu", i + 1);
    snprintf(pages, sizeof pages, "%zu", n);
    text_fill(ds->t->words.page, names, (const char *const[]){page, pages}, 2, buf, sizeof buf);
    chart_draw_text(&ds->pen, buf, &f, PAGE_W / 2, PAGE_H - MARGIN + 12);
    f.align = -1;
    chart_draw_text(&ds->pen, ds->d->footer.shown, &f, MARGIN, PAGE_H - MARGIN + 12);
}

/* Draw page pg: its rows top to bottom between header and footer, rows
 * without a height sharing what the others leave. */
static rs_status draw_page(dash *ds, const tpl_dash_page *pg, rs_error *e)
{
    double top = MARGIN + 28, bottom = PAGE_H - MARGIN - 8, fixed = 0, y = top;
    size_t flexible = 0;
    rs_status s = RS_OK;
    for (size_t i = 0; i < pg->nrows; i++) {
        fixed += pg->rows[i].height;
        flexible += pg->rows[i].height <= 0;
    }
    double share =
        (bottom - top - fixed - GAP * (double)(pg->nrows - 1)) / (double)(flexible ? flexible : 1);
    if (share < 60 && flexible)
        return tpl_fail(ds->owner, pg->node, "rows", e,
                        "the rows leave under 60 points for the others");
    for (size_t i = 0; i < pg->nrows && s == RS_OK; i++) {
        double hgt = pg->rows[i].height > 0 ? pg->rows[i].height : share;
        s = draw_row(ds, &pg->rows[i], MARGIN, y, PAGE_W - 2 * MARGIN, hgt, e);
        y += hgt + GAP;
    }
    return s;
}

rs_status dashboard_render_file(const tpl_report *t, const report_source *src, const char *path,
                                rs_error *e)
{
    dash ds = {
        .t = t, .owner = t->dashboard_of ? t->dashboard_of : t, .d = t->dashboard, .src = src};
    chart_sink sink = {0};
    rs_status s;
    if ((s = chart_fonts_init(e)) != RS_OK || (s = chart_sink_open(&sink, path, e)) != RS_OK)
        return s;
    cairo_surface_t *sf =
        cairo_pdf_surface_create_for_stream(chart_sink_write, &sink, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "reliefstat");
    ds.pen = (chart_pen){cairo_create(sf), RS_OK, e};
    for (size_t i = 0; i < ds.d->npages && s == RS_OK; i++) {
        draw_frame(&ds, i, ds.d->npages);
        if ((s = draw_page(&ds, &ds.d->pages[i], e)) == RS_OK && (s = ds.pen.status) == RS_OK)
            cairo_show_page(ds.pen.cr);
    }
    cairo_destroy(ds.pen.cr);
    s = chart_sink_finish(sf, &sink, s, path, e);
    chart_sink_close(&sink, path, NULL);
    return s;
}

/* The dashboard renderer: the PDF under the dashboard's file name. */
static rs_status render_dashboard(const tpl_report *t, const report_source *src,
                                  report_outputs *out, rs_error *e)
{
    return report_output_draw(out, t->dashboard->file.shown, dashboard_render_file, t, src, e);
}

const report_renderer dashboard_renderer = {"dashboard", render_dashboard};
