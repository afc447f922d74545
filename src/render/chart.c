/*
 * chart: the Cairo/Pango chart renderer.  Draws horizontal ranking bars,
 * vertical (grouped or stacked) bars, lines on one or two value axes, donuts
 * and KPI tiles from a chart_def and its chart_data, into any rectangle of
 * any Cairo surface.  Labels are measured with Pango before they are placed:
 * category labels are rotated, ellipsized or thinned out so that they never
 * overlap or leave the canvas, and axis ticks are nice numbers.
 */
#include "render/chart.h"

#include <math.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "render/chartfmt.h"

#define CJK_FAMILY "Noto Sans CJK SC"
#define PAD        8.0

/* ==== text ============================================================= */

static PangoFontMap *font_map;
static PangoContext *text_ctx;

rs_status chart_fonts_init(rs_error *e)
{
    rs_status s = RS_OK;
    PangoFontDescription *want = NULL, *got = NULL;
    PangoFont *font = NULL;
    cairo_font_options_t *fo = NULL;
    if (text_ctx) return RS_OK;
    font_map = pango_cairo_font_map_new();
    text_ctx = pango_font_map_create_context(font_map);
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(text_ctx, fo);
    pango_cairo_context_set_resolution(text_ctx, 72.0);
    pango_context_set_round_glyph_positions(text_ctx, FALSE);
    pango_context_set_language(text_ctx, pango_language_from_string("zh-cn"));
    want = pango_font_description_from_string(CJK_FAMILY " 10");
    font = pango_font_map_load_font(font_map, text_ctx, want);
    got = font ? pango_font_describe(font) : NULL;
    if (!got || !pango_font_description_get_family(got) ||
        strncmp(pango_font_description_get_family(got), "Noto Sans CJK", 13) != 0) {
        s = rs_fail(
            e, RS_EINTERNAL,
            "font '%s' not found through fontconfig (got '%s'); install fonts-noto-cjk", CJK_FAMILY,
            got && pango_font_description_get_family(got) ? pango_font_description_get_family(got)
                                                          : "none");
        chart_fonts_done();
    }
    pango_font_description_free(got);
    if (font) g_object_unref(font);
    pango_font_description_free(want);
    cairo_font_options_destroy(fo);
    return s;
}

void chart_fonts_done(void)
{
    if (text_ctx) g_object_unref(text_ctx);
    if (font_map) g_object_unref(font_map);
    text_ctx = NULL;
    font_map = NULL;
}

void chart_color(cairo_t *cr, uint32_t rgb, double a)
{
    cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                          (rgb & 0xff) / 255.0, a);
}

/* A layout of text in font f, or NULL (with p's error set) when the fonts
 * are not set up or lack a glyph of text.  The caller unrefs it. */
static PangoLayout *make_layout(chart_pen *p, const char *text, const chart_font *f)
{
    if (p->status != RS_OK) return NULL;
    if (!text_ctx && (p->status = chart_fonts_init(p->e)) != RS_OK) return NULL;
    PangoLayout *l = pango_layout_new(text_ctx);
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, CJK_FAMILY);
    pango_font_description_set_weight(d, f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(d, f->size * PANGO_SCALE);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    pango_layout_set_text(l, text, -1);
    if (f->max_width > 0) {
        pango_layout_set_width(l, (int)(f->max_width * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    if (pango_layout_get_unknown_glyphs_count(l) > 0) {
        p->status = rs_fail(p->e, RS_EINTERNAL, "font '%s' lacks a glyph of the text '%s'",
                            CJK_FAMILY, text);
        g_object_unref(l);
        return NULL;
    }
    return l;
}

void chart_text_size(chart_pen *p, const char *text, const chart_font *f, double *w, double *h)
{
    PangoRectangle ink, logical;
    PangoLayout *l = make_layout(p, text, f);
    *w = *h = 0;
    if (!l) return;
    pango_layout_get_extents(l, &ink, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
    g_object_unref(l);
}

void chart_draw_text(chart_pen *p, const char *text, const chart_font *f, double x, double y)
{
    PangoRectangle ink, logical;
    PangoLayout *l = make_layout(p, text, f);
    if (!l) return;
    pango_layout_get_extents(l, &ink, &logical);
    double w = (double)logical.width / PANGO_SCALE, h = (double)logical.height / PANGO_SCALE;
    cairo_save(p->cr);
    cairo_translate(p->cr, x, y);
    if (f->angle != 0) cairo_rotate(p->cr, -f->angle * M_PI / 180.0);
    double dx = f->align < 0 ? 0 : f->align == 0 ? -w / 2 : -w;
    double dy = f->valign < 0 ? 0 : f->valign == 0 ? -h / 2 : -h;
    if (f->halo) {
        cairo_set_source_rgb(p->cr, 1, 1, 1);
        cairo_rectangle(p->cr, dx - 1.5, dy + h * 0.1, w + 3, h * 0.8);
        cairo_fill(p->cr);
    }
    cairo_move_to(p->cr, dx - (double)logical.x / PANGO_SCALE, dy);
    chart_color(p->cr, f->color, 1.0);
    pango_cairo_show_layout(p->cr, l);
    cairo_restore(p->cr);
    g_object_unref(l);
}

/* A font of size and colour, left/top aligned. */
static chart_font font_of(double size, bool bold, uint32_t color)
{
    return (chart_font){.size = size, .bold = bold, .color = color, .align = -1, .valign = -1};
}

/* Position of v on chart_axis a mapped to [p0, p1]. */
static double axis_pos(const chart_axis *a, double v, double p0, double p1)
{
    return p0 + (v - a->lo) / (a->hi - a->lo) * (p1 - p0);
}

/* Widest tick label of a. */
static double axis_label_width(chart_pen *p, const chart_axis *a, const chart_font *f)
{
    char buf[64];
    double best = 0, w, h;
    for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
        chart_text_size(p, chart_axis_label(a, v, buf, sizeof buf), f, &w, &h);
        best = fmax(best, w);
    }
    return best;
}

/* ==== frame: title, subtitle, legend ==================================== */

/* The label of series i, with the right axis marked when there are two. */
static char *series_label(const chart_def *def, size_t i, bool two_axes, const tpl_words *words,
                          char *buf, size_t n)
{
    static const char *const names[] = {"label"};
    const char *l = def->series[i].label.shown;
    if (two_axes && def->series[i].axis == 1)
        text_fill(words->right_axis, names, &l, 1, buf, n);
    else
        snprintf(buf, n, "%s", l);
    return buf;
}

/* Draw the legend of def's series in [x, x + w) from y; returns the height
 * used.  Line charts get a line swatch, the others a square. */
static double draw_legend(chart_pen *p, const chart_def *def, bool two_axes, const tpl_words *words,
                          double x, double y, double w)
{
    chart_font f = font_of(9, false, CHART_COL_TEXT);
    char buf[256];
    double cx = x, cy = y, row = 14;
    f.max_width = w - 20;
    for (size_t i = 0; i < def->nseries; i++) {
        double tw, th;
        series_label(def, i, two_axes, words, buf, sizeof buf);
        chart_text_size(p, buf, &f, &tw, &th);
        if (cx > x && cx + 16 + tw > x + w) {
            cx = x;
            cy += row;
        }
        chart_color(p->cr, chart_series_color(def, i), 1);
        if (def->type == CHART_LINE) {
            cairo_set_line_width(p->cr, 2);
            cairo_move_to(p->cr, cx, cy + 7);
            cairo_line_to(p->cr, cx + 12, cy + 7);
            cairo_stroke(p->cr);
        } else {
            cairo_rectangle(p->cr, cx + 1, cy + 2, 10, 10);
            cairo_fill(p->cr);
        }
        chart_draw_text(p, buf, &f, cx + 16, cy);
        cx += 16 + tw + 14;
    }
    return cy + row - y;
}

/* Draw title, subtitle and (for several series) the legend at the top of
 * the rectangle; returns the height they take. */
static double draw_header(chart_pen *p, const chart_def *def, const chart_opts *o, double x,
                          double y, double w)
{
    double tw, th, top = y + PAD;
    chart_font f = font_of(13, true, CHART_COL_TITLE);
    f.max_width = w - 2 * PAD;
    const char *title = def->title.shown, *sub = def->subtitle.shown;
    if (*title) {
        chart_text_size(p, title, &f, &tw, &th);
        chart_draw_text(p, title, &f, x + PAD, top);
        top += th + 1;
    }
    if (*sub && !o->no_subtitle) {
        f = font_of(9.5, false, CHART_COL_MUTED);
        f.max_width = w - 2 * PAD;
        chart_text_size(p, sub, &f, &tw, &th);
        chart_draw_text(p, sub, &f, x + PAD, top);
        top += th + 1;
    }
    bool two = false;
    for (size_t i = 0; i < def->nseries; i++)
        two = two || def->series[i].axis == 1;
    if (def->nseries > 1 && def->type != CHART_DONUT)
        top += 3 + draw_legend(p, def, two, o->words, x + PAD, top + 3, w - 2 * PAD);
    return top - y + 4;
}

/* A centred note (the words' 无数据) in the rectangle. */
static void draw_note(chart_pen *p, const char *text, double x, double y, double w, double h)
{
    chart_font f = font_of(11, false, CHART_COL_MUTED);
    f.align = f.valign = 0;
    chart_draw_text(p, text, &f, x + w / 2, y + h / 2);
}

/* Does d hold any value? */
static bool has_values(const chart_data *d)
{
    for (size_t i = 0; i < d->ncat * d->nser; i++)
        if (!isnan(d->v[i])) return true;
    return false;
}

/* Label of target t: its label and value, e.g. "目标 95.0%". */
static char *target_label(const chart_def *def, const chart_data *d, size_t t, const chart_axis *a,
                          const tpl_words *words, char *buf, size_t n)
{
    char num[64];
    chart_bar_label(a, d->targets[t], words, num, sizeof num);
    const char *l = def->targets[t].label.shown;
    snprintf(buf, n, "%s%s%s", l, *l ? " " : "", num);
    return buf;
}

/* Set a dashed line of colour rgb. */
static void dashed(cairo_t *cr, uint32_t rgb, double width)
{
    static const double dash[] = {5, 3};
    chart_color(cr, rgb, 1);
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, dash, 2, 0);
}

/* ==== category axis ===================================================== */

/* How category labels fit under slots of a given width. */
typedef struct {
    double size, max_w, angle, height, overhang; /* overhang: left of the first centre */
    size_t every;
} cat_plan;

/* Plan the labels of d's categories under slots `slot` wide, with at most
 * max_h of height: horizontal if they fit, else at 45 degrees, ellipsized,
 * and thinned out (every k-th) where even that would overlap. */
static cat_plan plan_categories(chart_pen *p, const chart_data *d, double slot, double max_h)
{
    cat_plan pl = {.size = 9, .every = 1};
    chart_font f = font_of(pl.size, false, CHART_COL_TEXT);
    double wmax = 0, h = 0, first = 0, w, th;
    pl.max_w = fmin(110, max_h / 0.7071 - 12);
    f.max_width = pl.max_w;
    for (size_t i = 0; i < d->ncat; i++) {
        chart_text_size(p, d->cats[i], &f, &w, &th);
        wmax = fmax(wmax, w);
        h = fmax(h, th);
        if (i == 0) first = w;
    }
    if (wmax <= slot * 0.92) {
        pl.height = h + 4;
        return pl;
    }
    pl.angle = 45;
    pl.every = (size_t)ceil(h * 1.1 / (slot * 0.7071));
    pl.every = pl.every ? pl.every : 1;
    pl.height = (wmax + h) * 0.7071 + 6;
    pl.overhang = first * 0.7071;
    return pl;
}

/* Draw category labels under slot centres x0 + (i + .5) * slot at y. */
static void draw_categories(chart_pen *p, const chart_data *d, const cat_plan *pl, double x0,
                            double slot, double y)
{
    chart_font f = font_of(pl->size, false, CHART_COL_TEXT);
    f.max_width = pl->max_w;
    f.angle = pl->angle;
    f.align = pl->angle != 0 ? 1 : 0;
    f.valign = pl->angle != 0 ? 0 : -1;
    for (size_t i = 0; i < d->ncat; i += pl->every)
        chart_draw_text(p, d->cats[i], &f, x0 + (i + 0.5) * slot, y + (pl->angle != 0 ? 6 : 3));
}

/* Horizontal grid lines and tick labels of value chart_axis a over the plot
 * (px0..px1, py0 top..py1 bottom); labels on the left (side 0) or right. */
static void draw_value_axis(chart_pen *p, const chart_axis *a, int side, double px0, double px1,
                            double py0, double py1, bool grid)
{
    char buf[64];
    chart_font f = font_of(8.5, false, CHART_COL_MUTED);
    f.align = side == 0 ? 1 : -1;
    f.valign = 0;
    for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
        double yy = axis_pos(a, v, py1, py0);
        if (grid) {
            chart_color(p->cr, CHART_COL_GRID, 1);
            cairo_set_line_width(p->cr, 0.6);
            cairo_move_to(p->cr, px0, yy);
            cairo_line_to(p->cr, px1, yy);
            cairo_stroke(p->cr);
        }
        chart_draw_text(p, chart_axis_label(a, v, buf, sizeof buf), &f,
                        side == 0 ? px0 - 4 : px1 + 4, yy);
    }
}

/* The title of value axis k, rotated along the axis at x. */
static void draw_axis_title(chart_pen *p, const chart_def *def, const chart_axis *a, int k,
                            const tpl_words *words, double x, double py0, double py1)
{
    char buf[256];
    chart_font f = font_of(8.5, false, CHART_COL_MUTED);
    f.angle = k == 0 ? 90 : -90;
    f.align = 0;
    f.valign = 0;
    f.max_width = py1 - py0;
    chart_axis_title(def, a, k, words, buf, sizeof buf);
    if (*buf) chart_draw_text(p, buf, &f, x, (py0 + py1) / 2);
}

/* ==== vertical bars and lines =========================================== */

/* The plot rectangle of a chart with a category axis below and one or two
 * value axes, and the category label plan. */
typedef struct {
    double x0, x1, y0, y1, slot;
    cat_plan cats;
} plot_box;

/* Lay out a plot box in (x, y, w, h): room for tick labels and axis titles
 * on the used sides, and for the category labels below. */
static plot_box plot_layout(chart_pen *p, const chart_def *def, const chart_data *d,
                            const chart_axis ax[2], const tpl_words *words, double x, double y,
                            double w, double h)
{
    chart_font f = font_of(8.5, false, CHART_COL_MUTED);
    plot_box b;
    char buf[256];
    double left = PAD + axis_label_width(p, &ax[0], &f) + 6, right = PAD + 6;
    if (*chart_axis_title(def, &ax[0], 0, words, buf, sizeof buf)) left += 14;
    if (ax[1].used) {
        right += axis_label_width(p, &ax[1], &f) + 4;
        if (*chart_axis_title(def, &ax[1], 1, words, buf, sizeof buf)) right += 14;
    }
    for (int pass = 0; pass < 2; pass++) {
        b.x0 = x + left;
        b.x1 = x + w - right;
        b.slot = (b.x1 - b.x0) / (double)(d->ncat ? d->ncat : 1);
        b.cats = plan_categories(p, d, b.slot, h * 0.35);
        if (b.cats.overhang - b.slot / 2 <= left - PAD) break;
        left = PAD + b.cats.overhang - b.slot / 2 + 2;
    }
    b.y0 = y + 6;
    b.y1 = y + h - PAD - b.cats.height;
    return b;
}

/* Frame lines of the plot: the baseline at value 0 (or the bottom). */
static void draw_baseline(chart_pen *p, const plot_box *b, const chart_axis *a)
{
    double yy = a->lo <= 0 && a->hi >= 0 ? axis_pos(a, 0, b->y1, b->y0) : b->y1;
    chart_color(p->cr, CHART_COL_AXIS, 1);
    cairo_set_line_width(p->cr, 0.8);
    cairo_move_to(p->cr, b->x0, yy);
    cairo_line_to(p->cr, b->x1, yy);
    cairo_stroke(p->cr);
}

/* Horizontal target lines across the plot, labelled at the right end. */
static void draw_htargets(chart_pen *p, const chart_def *def, const chart_data *d,
                          const chart_axis ax[2], const plot_box *b, const tpl_words *words)
{
    char buf[256];
    for (size_t t = 0; t < def->ntargets; t++) {
        const chart_axis *a = &ax[def->targets[t].axis];
        if (isnan(d->targets[t]) || !a->used) continue;
        double yy = axis_pos(a, d->targets[t], b->y1, b->y0);
        dashed(p->cr, def->targets[t].color, 1.2);
        cairo_move_to(p->cr, b->x0, yy);
        cairo_line_to(p->cr, b->x1, yy);
        cairo_stroke(p->cr);
        cairo_set_dash(p->cr, NULL, 0, 0);
        chart_font f = font_of(8.5, false, def->targets[t].color);
        f.align = 1;
        f.valign = 1;
        chart_draw_text(p, target_label(def, d, t, a, words, buf, sizeof buf), &f, b->x1 - 2,
                        yy - 1);
    }
}

/* Vertical bars: grouped, or stacked when def->stacked. */
static void draw_bar(chart_pen *p, const chart_def *def, const chart_data *d,
                     const tpl_words *words, double x, double y, double w, double h)
{
    chart_axis ax[2];
    char buf[64];
    chart_axis_setup(def, d, 0, true, 5, words, &ax[0]);
    chart_axis_setup(def, d, 1, true, 5, words, &ax[1]);
    plot_box b = plot_layout(p, def, d, ax, words, x, y, w, h);
    draw_value_axis(p, &ax[0], 0, b.x0, b.x1, b.y0, b.y1, true);
    draw_axis_title(p, def, &ax[0], 0, words, x + PAD + 5, b.y0, b.y1);
    size_t groups = def->stacked ? 1 : d->nser;
    double bw = fmin(b.slot * 0.7 / (double)groups, 40);
    chart_font vf = font_of(8, false, CHART_COL_TEXT);
    vf.align = 0;
    vf.valign = 1;
    for (size_t c = 0; c < d->ncat; c++) {
        double pos = 0, neg = 0, cx = b.x0 + (c + 0.5) * b.slot;
        for (size_t s = 0; s < d->nser; s++) {
            const chart_axis *a = &ax[def->series[s].axis];
            double v = d->v[s * d->ncat + c], base = 0, bx;
            if (isnan(v)) continue;
            if (def->stacked) {
                double *acc = v >= 0 ? &pos : &neg;
                base = *acc;
                *acc += v;
                bx = cx - bw / 2;
            } else {
                bx = cx - bw * (double)groups / 2 + bw * (double)s;
            }
            double ya = axis_pos(a, base, b.y1, b.y0), yb = axis_pos(a, base + v, b.y1, b.y0);
            chart_color(p->cr,
                        chart_bar_misses(def, d, v) ? def->miss_color : chart_series_color(def, s),
                        1);
            cairo_rectangle(p->cr, bx + 0.5, fmin(ya, yb), bw - 1, fabs(yb - ya));
            cairo_fill(p->cr);
            double lw, lh;
            chart_bar_label(a, v, words, buf, sizeof buf);
            chart_text_size(p, buf, &vf, &lw, &lh);
            if (!def->stacked && lw <= bw + 4 && fmin(ya, yb) - lh > b.y0)
                chart_draw_text(p, buf, &vf, bx + bw / 2, fmin(ya, yb) - 1);
        }
    }
    draw_baseline(p, &b, &ax[0]);
    draw_htargets(p, def, d, ax, &b, words);
    draw_categories(p, d, &b.cats, b.x0, b.slot, b.y1);
}

/* Lines over the categories on one or two value axes; NAN leaves a gap. */
static void draw_line(chart_pen *p, const chart_def *def, const chart_data *d,
                      const tpl_words *words, double x, double y, double w, double h)
{
    chart_axis ax[2];
    for (int k = 0; k < 2; k++) {
        bool rate = false;
        for (size_t s = 0; s < d->nser; s++)
            rate = rate || (def->series[s].axis == k && def->series[s].format == FMT_RATE);
        chart_axis_setup(def, d, k, !rate, 5, words, &ax[k]);
    }
    plot_box b = plot_layout(p, def, d, ax, words, x, y, w, h);
    draw_value_axis(p, &ax[0], 0, b.x0, b.x1, b.y0, b.y1, true);
    draw_axis_title(p, def, &ax[0], 0, words, x + PAD + 5, b.y0, b.y1);
    if (ax[1].used) {
        draw_value_axis(p, &ax[1], 1, b.x0, b.x1, b.y0, b.y1, false);
        draw_axis_title(p, def, &ax[1], 1, words, x + w - PAD - 5, b.y0, b.y1);
    }
    draw_baseline(p, &b, &ax[0]);
    draw_htargets(p, def, d, ax, &b, words);
    for (size_t s = 0; s < d->nser; s++) {
        const chart_axis *a = &ax[def->series[s].axis];
        bool down = false;
        chart_color(p->cr, chart_series_color(def, s), 1);
        cairo_set_line_width(p->cr, 2);
        cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
        for (size_t c = 0; c < d->ncat; c++) {
            double v = d->v[s * d->ncat + c];
            if (isnan(v)) {
                down = false;
                continue;
            }
            double px = b.x0 + (c + 0.5) * b.slot, py = axis_pos(a, v, b.y1, b.y0);
            if (down)
                cairo_line_to(p->cr, px, py);
            else
                cairo_move_to(p->cr, px, py);
            down = true;
        }
        cairo_stroke(p->cr);
        for (size_t c = 0; c < d->ncat; c++) {
            double v = d->v[s * d->ncat + c];
            if (isnan(v)) continue;
            cairo_arc(p->cr, b.x0 + (c + 0.5) * b.slot, axis_pos(a, v, b.y1, b.y0), 2.6, 0,
                      2 * M_PI);
            cairo_fill(p->cr);
        }
    }
    draw_categories(p, d, &b.cats, b.x0, b.slot, b.y1);
}

/* ==== horizontal ranking bars ============================================ */

/* The layout of a horizontal bar chart: its value axis along the bottom,
 * the plot's left and right ends (px0, px1), top and bottom (top, ylast),
 * the height of a row, the fonts of category and value labels, and which
 * category labels are drawn (every k-th, where rows are too thin). */
typedef struct {
    chart_axis a;
    double px0, px1, top, ylast, row_h, tick_h, title_h;
    chart_font cf, vf;
    size_t every;
} hbar_box;

/* Lay out def's horizontal bars in (x, y, w, h): room on the left for the
 * widest category label, on the right for the widest value label. */
static hbar_box hbar_layout(chart_pen *p, const chart_def *def, const chart_data *d,
                            const tpl_words *words, double x, double y, double w, double h)
{
    hbar_box b = {.tick_h = 14, .every = 1};
    char buf[256];
    double lw = 0, vw = 0, tw, th = 0;
    chart_axis_setup(def, d, 0, true, 4, words, &b.a);
    b.cf = font_of(9, false, CHART_COL_TEXT);
    b.vf = font_of(8, false, CHART_COL_TEXT);
    b.title_h = *chart_axis_title(def, &b.a, 0, words, buf, sizeof buf) ? 13 : 0;
    b.top = y + 4 + 12 * (double)def->ntargets; /* a row per target label */
    b.row_h = (y + h - PAD - b.tick_h - b.title_h - b.top) / (double)d->ncat;
    b.cf.size = fmax(6, fmin(9, b.row_h * 0.75));
    b.cf.max_width = w * 0.3;
    b.cf.align = 1;
    b.cf.valign = 0;
    for (size_t c = 0; c < d->ncat; c++) {
        chart_text_size(p, d->cats[c], &b.cf, &tw, &th);
        lw = fmax(lw, tw);
        for (size_t s = 0; s < d->nser; s++) {
            chart_text_size(p, chart_bar_label(&b.a, d->v[s * d->ncat + c], words, buf, sizeof buf),
                            &b.vf, &tw, &th);
            vw = fmax(vw, tw);
        }
    }
    if (th > 0 && b.row_h < b.cf.size * 1.15) b.every = (size_t)ceil(b.cf.size * 1.15 / b.row_h);
    b.px0 = x + PAD + lw + 6;
    b.px1 = x + w - PAD - vw - 6;
    b.ylast = y + h - PAD - b.tick_h - b.title_h;
    return b;
}

/* The grid and ticks along the bottom of b, and the axis title below. */
static void hbar_grid(chart_pen *p, const chart_def *def, const hbar_box *b, const tpl_words *words)
{
    char buf[256];
    chart_font tf = font_of(8.5, false, CHART_COL_MUTED);
    tf.align = 0;
    for (double v = b->a.lo; v <= b->a.hi + b->a.step * 1e-6; v += b->a.step) {
        double xx = axis_pos(&b->a, v, b->px0, b->px1);
        chart_color(p->cr, CHART_COL_GRID, 1);
        cairo_set_line_width(p->cr, 0.6);
        cairo_move_to(p->cr, xx, b->top);
        cairo_line_to(p->cr, xx, b->ylast);
        cairo_stroke(p->cr);
        chart_draw_text(p, chart_axis_label(&b->a, v, buf, sizeof buf), &tf, xx, b->ylast + 2);
    }
    if (b->title_h > 0)
        chart_draw_text(p, chart_axis_title(def, &b->a, 0, words, buf, sizeof buf), &tf,
                        (b->px0 + b->px1) / 2, b->ylast + b->tick_h);
}

/* Vertical target lines across b, each labelled in a row of its own above
 * the plot (kept inside the rectangle's right edge xmax). */
static void hbar_targets(chart_pen *p, const chart_def *def, const chart_data *d, const hbar_box *b,
                         const tpl_words *words, double xmax)
{
    char buf[256];
    double tw, th;
    for (size_t t = 0; t < def->ntargets; t++) {
        if (isnan(d->targets[t])) continue;
        double xx = axis_pos(&b->a, d->targets[t], b->px0, b->px1);
        double ty = b->top - 2 - 12 * (double)(def->ntargets - 1 - t);
        dashed(p->cr, def->targets[t].color, 1.2);
        cairo_move_to(p->cr, xx, ty);
        cairo_line_to(p->cr, xx, b->ylast);
        cairo_stroke(p->cr);
        cairo_set_dash(p->cr, NULL, 0, 0);
        chart_font f = font_of(8.5, false, def->targets[t].color);
        target_label(def, d, t, &b->a, words, buf, sizeof buf);
        chart_text_size(p, buf, &f, &tw, &th);
        f.align = xx + tw / 2 > xmax ? 1 : 0;
        f.valign = 1;
        chart_draw_text(p, buf, &f, f.align ? fmin(xx, xmax) : xx, ty);
    }
}

/* The bars of b, a row per category, each labelled with its value. */
static void hbar_bars(chart_pen *p, const chart_def *def, const chart_data *d, const hbar_box *b,
                      const tpl_words *words)
{
    char buf[256];
    double bh = fmin(b->row_h * 0.7 / (double)d->nser, 18), xa = axis_pos(&b->a, 0, b->px0, b->px1);
    chart_font vf = b->vf;
    vf.valign = 0;
    vf.halo = true;
    for (size_t c = 0; c < d->ncat; c++) {
        double cy = b->top + (c + 0.5) * b->row_h;
        if (c % b->every == 0) chart_draw_text(p, d->cats[c], &b->cf, b->px0 - 6, cy);
        for (size_t s = 0; s < d->nser; s++) {
            double v = d->v[s * d->ncat + c];
            double by = cy - bh * (double)d->nser / 2 + bh * (double)s;
            double xb = isnan(v) ? xa : axis_pos(&b->a, v, b->px0, b->px1);
            chart_color(p->cr,
                        chart_bar_misses(def, d, v) ? def->miss_color : chart_series_color(def, s),
                        1);
            cairo_rectangle(p->cr, fmin(xa, xb), by + 0.5, fabs(xb - xa), bh - 1);
            cairo_fill(p->cr);
            if (bh >= 6)
                chart_draw_text(p, chart_bar_label(&b->a, v, words, buf, sizeof buf), &vf,
                                fmax(xa, xb) + 3, by + bh / 2);
        }
    }
}

/* Horizontal bars, one row per category (top to bottom in data order), with
 * value labels at the bar ends and target lines across. */
static void draw_hbar(chart_pen *p, const chart_def *def, const chart_data *d,
                      const tpl_words *words, double x, double y, double w, double h)
{
    hbar_box b = hbar_layout(p, def, d, words, x, y, w, h);
    double x0 = axis_pos(&b.a, 0, b.px0, b.px1);
    hbar_grid(p, def, &b, words);
    hbar_targets(p, def, d, &b, words, x + w - PAD);
    hbar_bars(p, def, d, &b, words);
    chart_color(p->cr, CHART_COL_AXIS, 1);
    cairo_set_line_width(p->cr, 0.8);
    cairo_move_to(p->cr, x0, b.top);
    cairo_line_to(p->cr, x0, b.ylast);
    cairo_stroke(p->cr);
}

/* ==== donut ============================================================= */

/* A donut of the series' values in the first category, with a legend of
 * label, value and share on the right and the total in the middle. */
static void draw_donut(chart_pen *p, const chart_def *def, const chart_data *d,
                       const tpl_words *words, double x, double y, double w, double h)
{
    double total = 0, r = fmin(h - 2 * PAD, w * 0.45) / 2, cx = x + PAD + r, cy = y + h / 2;
    char buf[128], val[64];
    chart_format fmt = def->series[0].format;
    for (size_t s = 0; s < d->nser; s++)
        if (d->v[s * d->ncat] > 0) total += d->v[s * d->ncat];
    if (!(total > 0)) {
        draw_note(p, words->no_data, x, y, w, h);
        return;
    }
    double a0 = -M_PI / 2;
    chart_font pf = font_of(8.5, true, 0xffffff);
    pf.align = pf.valign = 0;
    for (size_t s = 0; s < d->nser; s++) {
        double v = d->v[s * d->ncat];
        if (!(v > 0)) continue;
        double a1 = a0 + v / total * 2 * M_PI;
        chart_color(p->cr, chart_series_color(def, s), 1);
        cairo_new_path(p->cr);
        cairo_arc(p->cr, cx, cy, r, a0, a1);
        cairo_arc_negative(p->cr, cx, cy, r * 0.58, a1, a0);
        cairo_close_path(p->cr);
        cairo_fill_preserve(p->cr);
        cairo_set_source_rgb(p->cr, 1, 1, 1);
        cairo_set_line_width(p->cr, 1);
        cairo_stroke(p->cr);
        if (a1 - a0 > 0.32) {
            snprintf(buf, sizeof buf, "%.0f%%", v / total * 100);
            chart_draw_text(p, buf, &pf, cx + cos((a0 + a1) / 2) * r * 0.79,
                            cy + sin((a0 + a1) / 2) * r * 0.79);
        }
        a0 = a1;
    }
    chart_font tf = font_of(fmin(14, r * 0.22), true, CHART_COL_TITLE);
    tf.align = 0;
    tf.valign = 1;
    tf.max_width = r * 1.1;
    chart_draw_text(p, chart_format_value(total, fmt, words, false, val, sizeof val), &tf, cx, cy);
    tf = font_of(fmin(9, r * 0.16), false, CHART_COL_MUTED);
    tf.align = 0;
    tf.max_width = r * 1.1;
    const char *tl = def->total_label.shown;
    chart_draw_text(p, *tl ? tl : words->total, &tf, cx, cy + 1);
    /* legend: swatch, label, value, share */
    double lx = cx + r + 18, lw = x + w - PAD - lx, row = fmin(18, (h - 2 * PAD) / d->nser);
    double ly = cy - row * (double)d->nser / 2;
    chart_font lf = font_of(fmin(9.5, row * 0.7), false, CHART_COL_TEXT);
    lf.valign = 0;
    lf.max_width = lw * 0.5;
    for (size_t s = 0; s < d->nser; s++, ly += row) {
        double v = d->v[s * d->ncat];
        chart_color(p->cr, chart_series_color(def, s), 1);
        cairo_rectangle(p->cr, lx, ly + row / 2 - 5, 10, 10);
        cairo_fill(p->cr);
        chart_draw_text(p, def->series[s].label.shown, &lf, lx + 15, ly + row / 2);
        chart_format_value(v, fmt, words, false, val, sizeof val);
        snprintf(buf, sizeof buf, "%s  %4.1f%%", val, v > 0 ? v / total * 100 : 0.0);
        chart_font rf = lf;
        rf.align = 1;
        rf.max_width = lw * 0.48;
        chart_draw_text(p, buf, &rf, x + w - PAD, ly + row / 2);
    }
}

/* ==== KPI tiles ========================================================== */

/* One tile in (x, y, w, h). */
static void draw_tile(chart_pen *p, const chart_tile *def, const chart_tile_data *t,
                      const tpl_words *words, double x, double y, double w, double h)
{
    char value[160], note[256];
    uint32_t col = chart_tile_color(def, t);
    double r = 5, tw, th;
    cairo_new_path(p->cr);
    cairo_arc(p->cr, x + w - r, y + r, r, -M_PI / 2, 0);
    cairo_arc(p->cr, x + w - r, y + h - r, r, 0, M_PI / 2);
    cairo_arc(p->cr, x + r, y + h - r, r, M_PI / 2, M_PI);
    cairo_arc(p->cr, x + r, y + r, r, M_PI, 1.5 * M_PI);
    cairo_close_path(p->cr);
    chart_color(p->cr, col, 0.10);
    cairo_fill_preserve(p->cr);
    chart_color(p->cr, col, 0.55);
    cairo_set_line_width(p->cr, 0.8);
    cairo_stroke(p->cr);
    chart_color(p->cr, col, 1);
    cairo_rectangle(p->cr, x, y + r, 4, h - 2 * r);
    cairo_fill(p->cr);
    chart_tile_texts(def, t, words, value, sizeof value, note, sizeof note);
    chart_font f = font_of(fmin(10, h * 0.13), false, CHART_COL_TEXT);
    f.max_width = w - 18;
    chart_draw_text(p, def->label.shown, &f, x + 11, y + h * 0.1);
    chart_font vf = font_of(fmin(22, h * 0.3), true, CHART_COL_TITLE);
    vf.valign = 0;
    for (chart_text_size(p, value, &vf, &tw, &th); tw > w - 18 && vf.size > 7;
         chart_text_size(p, value, &vf, &tw, &th))
        vf.size -= 1;
    vf.max_width = w - 18;
    chart_draw_text(p, value, &vf, x + 11, y + h * 0.52);
    if (*note) {
        f = font_of(fmin(8.5, h * 0.11), false, col == CHART_COL_NEUTRAL ? CHART_COL_MUTED : col);
        f.valign = 1;
        f.max_width = w - 18;
        chart_draw_text(p, note, &f, x + 11, y + h * 0.93);
    }
}

/* Tiles in a grid of def->columns per row (all in one row for 0), but for
 * the optional ones without a value, which are left out. */
static void draw_tiles(chart_pen *p, const chart_def *def, const chart_data *d,
                       const tpl_words *words, double x, double y, double w, double h)
{
    size_t shown = 0, k = 0;
    for (size_t i = 0; i < def->ntiles; i++)
        shown += !(def->tiles[i].optional && isnan(d->tiles[i].value));
    if (!shown) return;
    size_t cols = def->columns > 0 ? (size_t)def->columns : shown;
    size_t rows = (shown + cols - 1) / cols;
    double gap = 8, tw = (w - 2 * PAD - gap * (double)(cols - 1)) / (double)cols;
    double th = (h - 2 * PAD - gap * (double)(rows - 1)) / (double)rows;
    for (size_t i = 0; i < def->ntiles; i++) {
        if (def->tiles[i].optional && isnan(d->tiles[i].value)) continue;
        draw_tile(p, &def->tiles[i], &d->tiles[i], words, x + PAD + (double)(k % cols) * (tw + gap),
                  y + PAD + (double)(k / cols) * (th + gap), tw, th);
        k++;
    }
}

/* ==== charts ============================================================= */

void chart_draw(chart_pen *p, double x, double y, double w, double h, const chart_def *def,
                const chart_data *d, const chart_opts *o)
{
    const tpl_words *words = o->words;
    if (p->status != RS_OK) return;
    cairo_save(p->cr);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_clip(p->cr);
    double top = draw_header(p, def, o, x, y, w);
    double ph = h - top;
    if (def->type == CHART_TILES)
        draw_tiles(p, def, d, words, x, y + top - (top > 4 ? PAD : 4), w, ph + PAD);
    else if (!d->ncat || !has_values(d))
        draw_note(p, *def->empty.shown ? def->empty.shown : words->no_data, x, y + top, w, ph);
    else if (def->type == CHART_HBAR)
        draw_hbar(p, def, d, words, x, y + top, w, ph);
    else if (def->type == CHART_BAR)
        draw_bar(p, def, d, words, x, y + top, w, ph);
    else if (def->type == CHART_LINE)
        draw_line(p, def, d, words, x, y + top, w, ph);
    else
        draw_donut(p, def, d, words, x, y + top, w, ph);
    cairo_restore(p->cr);
}

rs_status chart_sink_open(chart_sink *k, const char *path, rs_error *e)
{
    k->err = 0;
    if (!(k->f = fopen(path, "wb"))) return rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
    return RS_OK;
}

cairo_status_t chart_sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    chart_sink *k = closure;
    if (k->err) return CAIRO_STATUS_WRITE_ERROR;
    if (fwrite(data, 1, len, k->f) == len) return CAIRO_STATUS_SUCCESS;
    k->err = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
}

rs_status chart_sink_close(chart_sink *k, const char *path, rs_error *e)
{
    if (!k->f) return RS_OK;
    if (fflush(k->f) != 0 && !k->err) k->err = errno;
    if (fclose(k->f) != 0 && !k->err) k->err = errno;
    k->f = NULL;
    return k->err ? rs_fail(e, RS_EIO, "writing %s: %s", path, strerror(k->err)) : RS_OK;
}

rs_status chart_sink_finish(cairo_surface_t *sf, chart_sink *k, rs_status s, const char *path,
                            rs_error *e)
{
    cairo_surface_finish(sf);
    cairo_status_t cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    /* The first error stands: a drawing error's message is not replaced. */
    rs_status c = chart_sink_close(k, path, s == RS_OK ? e : NULL);
    if (s == RS_OK) s = c;
    if (s == RS_OK && cs != CAIRO_STATUS_SUCCESS)
        s = rs_fail(e, RS_EIO, "%s: %s", path, cairo_status_to_string(cs));
    return s;
}

rs_status chart_render_file(const chart_def *def, const chart_data *d, const tpl_words *words,
                            tpl_file_format fmt, double scale, const char *path, rs_error *e)
{
    chart_opts o = {words, false};
    double w = (double)def->width, h = (double)def->height;
    chart_sink k;
    cairo_surface_t *sf;
    rs_status s;
    if ((s = chart_sink_open(&k, path, e)) != RS_OK) return s;
    if (fmt == TPL_FILE_PNG)
        sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale),
                                        (int)ceil(h * scale));
    else if (fmt == TPL_FILE_SVG)
        sf = cairo_svg_surface_create_for_stream(chart_sink_write, &k, w, h);
    else
        sf = cairo_pdf_surface_create_for_stream(chart_sink_write, &k, w, h);
    cairo_t *cr = cairo_create(sf);
    chart_pen p = {cr, RS_OK, e};
    if (fmt == TPL_FILE_PNG) cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_draw(&p, 0, 0, w, h, def, d, &o);
    cairo_destroy(cr);
    cairo_status_t png = CAIRO_STATUS_SUCCESS;
    if ((s = p.status) == RS_OK && fmt == TPL_FILE_PNG)
        png = cairo_surface_write_to_png_stream(sf, chart_sink_write, &k);
    if ((s = chart_sink_finish(sf, &k, s, path, e)) == RS_OK && png != CAIRO_STATUS_SUCCESS)
        s = rs_fail(e, RS_EIO, "%s: %s", path, cairo_status_to_string(png));
    return s;
}

/* ==== the charts: section ================================================= */

/* Write chart item arg (a tpl_chart_item, bound) of the run's words to
 * path (a report_write_fn over a chart_job). */
typedef struct {
    const tpl_chart_item *it;
    const tpl_words *words;
} chart_job;

static rs_status write_chart(void *arg, const char *path, rs_error *e)
{
    const chart_job *job = arg;
    return chart_render_file(job->it->def, job->it->data, job->words, job->it->format,
                             job->it->scale, path, e);
}

/* The Cairo renderer of a template's charts: section: each chart, bound
 * for the run (tpl_bind_charts), into its file (PNG, SVG or PDF). */
static rs_status render_charts(const tpl_report *t, const report_source *src, report_outputs *out,
                               rs_error *e)
{
    rs_status s = chart_fonts_init(e);
    for (size_t i = 0; i < t->ncharts && s == RS_OK; i++) {
        chart_job job = {&t->charts[i], &t->words};
        s = report_output_write(out, t->charts[i].file, write_chart, &job, e);
    }
    return s;
}

const report_renderer chart_renderer = {"charts (Cairo)", render_charts};
