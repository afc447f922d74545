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
#include "base/region.h"
#include "base/version.h"
#include "store/db.h"
#include "render/gnuplot.h"

#define CJK_FAMILY "Noto Sans CJK SC"
#define PAD        8.0

enum {
    COL_TITLE = 0x222222,
    COL_TEXT = 0x444444,
    COL_MUTED = 0x777777,
    COL_GRID = 0xe3e3e3,
    COL_AXIS = 0x999999,
    COL_GREEN = 0x2e9d4f,
    COL_AMBER = 0xe8a317,
    COL_RED = 0xd62728,
    COL_NEUTRAL = 0x4e79a7
};

static const uint32_t palette[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                   0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};

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

/* ==== numbers ========================================================== */

/* Write |v| rounded to decimals with thousands separators, sign first. */
static char *group_digits(double v, int decimals, char *buf, size_t n)
{
    char raw[64], *dot;
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    bool neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    if (neg && o + 1 < n) buf[o++] = '-';
    for (size_t i = 0; i < intlen && o + 1 < n; i++) {
        if (i && (intlen - i) % 3 == 0 && o + 1 < n) buf[o++] = ',';
        buf[o++] = raw[i];
    }
    snprintf(buf + o, n - o, "%s", dot ? dot : "");
    return buf;
}

/* Divisor and unit name for money of magnitude maxabs (in yuan). */
static double money_div(double maxabs, const char *lang, const char **unit)
{
    bool en = lang && strcmp(lang, "en") == 0;
    if (en) {
        *unit = maxabs >= 1e6 ? "million yuan" : "yuan";
        return maxabs >= 1e6 ? 1e6 : 1.0;
    }
    *unit = maxabs >= 1e5 ? "万元" : "元";
    return maxabs >= 1e5 ? 1e4 : 1.0;
}

char *chart_format_value(double v, chart_format f, const char *lang, bool with_unit, char *buf,
                         size_t n)
{
    char num[64];
    const char *unit;
    if (isnan(v)) {
        snprintf(buf, n, "—");
        return buf;
    }
    switch (f) {
    case FMT_RATE:
        snprintf(buf, n, "%.1f%%", v * 100.0);
        break;
    case FMT_FEN:
    case FMT_YUAN: {
        double div = money_div(fabs(v), lang, &unit);
        group_digits(v / div, 2, num, sizeof num);
        snprintf(buf, n, "%s%s%s", num, with_unit ? " " : "", with_unit ? unit : "");
        break;
    }
    case FMT_COUNT:
        group_digits(v, 0, buf, n);
        break;
    default:
        group_digits(v, fabs(v - round(v)) < 1e-9 ? 0 : 2, buf, n);
    }
    return buf;
}

/* A nice number near x: 1, 2, 5 or 10 times a power of ten, rounded to the
 * nearest when round, else the smallest not below x. */
static double nice_num(double x, bool round_it)
{
    double ex = floor(log10(x)), f = x / pow(10, ex), nf;
    if (round_it)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * pow(10, ex);
}

void chart_nice_ticks(double lo, double hi, int want, double *tlo, double *thi, double *step)
{
    if (!(hi > lo)) {
        double pad = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= lo == 0 ? 0 : pad;
        hi += pad;
    }
    *step = nice_num(nice_num(hi - lo, false) / (want > 1 ? want : 1), true);
    *tlo = floor(lo / *step + 1e-9) * *step;
    *thi = ceil(hi / *step - 1e-9) * *step;
    if (fabs(*tlo) < *step * 1e-9) *tlo = 0;
}

/* ==== value axes ======================================================= */

typedef struct {
    bool used;
    chart_format fmt;
    double lo, hi, step;
    double div;       /* money shown in unit = div yuan */
    const char *unit; /* money unit, else NULL */
    int decimals;
} axis;

uint32_t chart_series_color(const chart_def *def, size_t i)
{
    return def->series[i].has_color ? def->series[i].color
                                    : palette[i % (sizeof palette / sizeof palette[0])];
}

/* Extend [*lo, *hi] by v unless v is NAN. */
static void widen(double v, double *lo, double *hi)
{
    if (isnan(v)) return;
    if (v < *lo) *lo = v;
    if (v > *hi) *hi = v;
}

/* Set up value axis k (0 left, 1 right) for the series on it: its range
 * (stacked sums when def->stacked, and the targets on it), ticks, money
 * unit and decimals.  want: the number of intervals aimed at. */
static void axis_setup(const chart_def *def, const chart_data *d, int k, bool zero, int want,
                       const char *lang, axis *a)
{
    double lo = INFINITY, hi = -INFINITY;
    *a = (axis){.fmt = FMT_NUMBER, .div = 1};
    for (size_t s = 0; s < d->nser; s++)
        if (def->series[s].axis == k && !a->used) {
            a->used = true;
            a->fmt = def->series[s].format;
        }
    if (!a->used) return;
    for (size_t c = 0; c < d->ncat; c++) {
        double pos = 0, neg = 0;
        for (size_t s = 0; s < d->nser; s++) {
            double v = d->v[s * d->ncat + c];
            if (def->series[s].axis != k || isnan(v)) continue;
            if (def->stacked)
                *(v >= 0 ? &pos : &neg) += v;
            else
                widen(v, &lo, &hi);
        }
        if (def->stacked) {
            widen(pos, &lo, &hi);
            widen(neg, &lo, &hi);
        }
    }
    for (size_t t = 0; t < def->ntargets; t++)
        if (def->targets[t].axis == k) widen(d->targets[t], &lo, &hi);
    if (zero || !isfinite(lo)) widen(0, &lo, &hi);
    if (!isfinite(hi)) hi = lo;
    if (a->fmt == FMT_RATE && !zero && lo > 0) /* room below the lowest rate */
        lo = fmax(0, lo - (hi - lo) * 0.15);
    if (a->fmt == FMT_FEN || a->fmt == FMT_YUAN)
        a->div = money_div(fmax(fabs(lo), fabs(hi)), lang, &a->unit);
    chart_nice_ticks(lo / a->div, hi / a->div, want, &a->lo, &a->hi, &a->step);
    if (a->fmt == FMT_COUNT && a->step < 1)
        chart_nice_ticks(lo, fmax(hi, lo + want), want, &a->lo, &a->hi, &a->step);
    if (a->fmt == FMT_RATE && a->hi > 1 && hi <= 1) a->hi = 1;
    a->lo *= a->div;
    a->hi *= a->div;
    a->step *= a->div;
    double unit_step = a->step / a->div * (a->fmt == FMT_RATE ? 100 : 1);
    a->decimals = unit_step >= 1 ? 0 : (int)ceil(-log10(unit_step) - 1e-9);
    if (a->decimals > 3) a->decimals = 3;
}

/* Tick label of v on axis a. */
static char *axis_label(const axis *a, double v, char *buf, size_t n)
{
    char num[64];
    if (a->fmt == FMT_RATE) {
        snprintf(buf, n, "%.*f%%", a->decimals, v * 100);
        return buf;
    }
    group_digits(v / a->div, a->decimals, num, sizeof num);
    snprintf(buf, n, "%s", num);
    return buf;
}

/* A value label on a bar, in the axis's unit (money: without the unit,
 * which the axis title carries). */
static char *bar_label(const axis *a, double v, char *buf, size_t n)
{
    char num[64];
    if (isnan(v)) return strcpy(buf, "—");
    if (a->fmt == FMT_RATE)
        snprintf(buf, n, "%.1f%%", v * 100);
    else if (a->fmt == FMT_FEN || a->fmt == FMT_YUAN)
        snprintf(buf, n, "%s", group_digits(v / a->div, 2, num, sizeof num));
    else
        chart_format_value(v, a->fmt, NULL, false, buf, n);
    return buf;
}

/* Axis title: the definition's y title and the money unit, if any. */
static char *axis_title(const chart_def *def, const axis *a, int k, const char *lang, char *buf,
                        size_t n)
{
    const char *t = chart_text_get(&def->y_title[k], lang);
    bool en = lang && strcmp(lang, "en") == 0;
    if (a->unit && *t)
        snprintf(buf, n, en ? "%s (%s)" : "%s（%s）", t, a->unit);
    else
        snprintf(buf, n, "%s", a->unit ? a->unit : t);
    return buf;
}

void chart_axis_unit(const chart_def *def, const chart_data *d, int k, const char *lang,
                     double *div, char *title, size_t n)
{
    axis a;
    axis_setup(def, d, k, true, 5, lang, &a);
    *div = a.div;
    axis_title(def, &a, k, lang, title, n);
}

/* Position of v on axis a mapped to [p0, p1]. */
static double axis_pos(const axis *a, double v, double p0, double p1)
{
    return p0 + (v - a->lo) / (a->hi - a->lo) * (p1 - p0);
}

/* Widest tick label of a. */
static double axis_label_width(chart_pen *p, const axis *a, const chart_font *f)
{
    char buf[64];
    double best = 0, w, h;
    for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
        chart_text_size(p, axis_label(a, v, buf, sizeof buf), f, &w, &h);
        best = fmax(best, w);
    }
    return best;
}

/* ==== frame: title, subtitle, legend ==================================== */

char *chart_expand(const char *text, const chart_vars *v, char *buf, size_t n)
{
    const struct {
        const char *name, *value;
    } vars[] = {{"{unit_code}", v->unit_code}, {"{unit_name}", v->unit_name},
                {"{period}", v->period},       {"{period_zh}", v->period_zh},
                {"{period_en}", v->period_en}, {"{version}", v->version}};
    size_t o = 0;
    while (*text && o + 1 < n) {
        size_t i = 0;
        while (i < sizeof vars / sizeof vars[0] &&
               strncmp(text, vars[i].name, strlen(vars[i].name)) != 0)
            i++;
        if (i < sizeof vars / sizeof vars[0]) {
            int k = snprintf(buf + o, n - o, "%s", vars[i].value ? vars[i].value : "");
            o = k > 0 && o + (size_t)k < n ? o + (size_t)k : n - 1;
            text += strlen(vars[i].name);
        } else {
            buf[o++] = *text++;
        }
    }
    buf[o] = '\0';
    return buf;
}

/* The label of series i, with the right axis marked when there are two. */
static char *series_label(const chart_def *def, size_t i, bool two_axes, const char *lang,
                          char *buf, size_t n)
{
    bool en = lang && strcmp(lang, "en") == 0;
    const char *l = chart_text_get(&def->series[i].label, lang);
    if (two_axes && def->series[i].axis == 1)
        snprintf(buf, n, en ? "%s (right axis)" : "%s（右轴）", l);
    else
        snprintf(buf, n, "%s", l);
    return buf;
}

/* Draw the legend of def's series in [x, x + w) from y; returns the height
 * used.  Line charts get a line swatch, the others a square. */
static double draw_legend(chart_pen *p, const chart_def *def, bool two_axes, const char *lang,
                          double x, double y, double w)
{
    chart_font f = font_of(9, false, COL_TEXT);
    char buf[256];
    double cx = x, cy = y, row = 14;
    f.max_width = w - 20;
    for (size_t i = 0; i < def->nseries; i++) {
        double tw, th;
        series_label(def, i, two_axes, lang, buf, sizeof buf);
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
static double draw_header(chart_pen *p, const chart_def *def, const chart_vars *v, double x,
                          double y, double w)
{
    char buf[512];
    double tw, th, top = y + PAD;
    chart_font f = font_of(13, true, COL_TITLE);
    f.max_width = w - 2 * PAD;
    const char *title = chart_text_get(&def->title, v->lang);
    if (*title) {
        chart_expand(title, v, buf, sizeof buf);
        chart_text_size(p, buf, &f, &tw, &th);
        chart_draw_text(p, buf, &f, x + PAD, top);
        top += th + 1;
    }
    const char *sub = chart_text_get(&def->subtitle, v->lang);
    if (*sub && !v->no_subtitle) {
        f = font_of(9.5, false, COL_MUTED);
        f.max_width = w - 2 * PAD;
        chart_expand(sub, v, buf, sizeof buf);
        chart_text_size(p, buf, &f, &tw, &th);
        chart_draw_text(p, buf, &f, x + PAD, top);
        top += th + 1;
    }
    bool two = false;
    for (size_t i = 0; i < def->nseries; i++)
        two = two || def->series[i].axis == 1;
    if (def->nseries > 1 && def->type != CHART_DONUT)
        top += 3 + draw_legend(p, def, two, v->lang, x + PAD, top + 3, w - 2 * PAD);
    return top - y + 4;
}

/* A centred note ("无数据") in the rectangle. */
static void draw_note(chart_pen *p, const char *zh, const char *en, const char *lang, double x,
                      double y, double w, double h)
{
    chart_font f = font_of(11, false, COL_MUTED);
    f.align = f.valign = 0;
    chart_draw_text(p, lang && strcmp(lang, "en") == 0 ? en : zh, &f, x + w / 2, y + h / 2);
}

/* Does d hold any value? */
static bool has_values(const chart_data *d)
{
    for (size_t i = 0; i < d->ncat * d->nser; i++)
        if (!isnan(d->v[i])) return true;
    return false;
}

/* Label of target t: its label and value, e.g. "目标 95.0%". */
static char *target_label(const chart_def *def, const chart_data *d, size_t t, const axis *a,
                          const char *lang, char *buf, size_t n)
{
    char num[64];
    bar_label(a, d->targets[t], num, sizeof num);
    const char *l = chart_text_get(&def->targets[t].label, lang);
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
    chart_font f = font_of(pl.size, false, COL_TEXT);
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
    chart_font f = font_of(pl->size, false, COL_TEXT);
    f.max_width = pl->max_w;
    f.angle = pl->angle;
    f.align = pl->angle != 0 ? 1 : 0;
    f.valign = pl->angle != 0 ? 0 : -1;
    for (size_t i = 0; i < d->ncat; i += pl->every)
        chart_draw_text(p, d->cats[i], &f, x0 + (i + 0.5) * slot, y + (pl->angle != 0 ? 6 : 3));
}

/* Horizontal grid lines and tick labels of value axis a over the plot
 * (px0..px1, py0 top..py1 bottom); labels on the left (side 0) or right. */
static void draw_value_axis(chart_pen *p, const axis *a, int side, double px0, double px1,
                            double py0, double py1, bool grid)
{
    char buf[64];
    chart_font f = font_of(8.5, false, COL_MUTED);
    f.align = side == 0 ? 1 : -1;
    f.valign = 0;
    for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
        double yy = axis_pos(a, v, py1, py0);
        if (grid) {
            chart_color(p->cr, COL_GRID, 1);
            cairo_set_line_width(p->cr, 0.6);
            cairo_move_to(p->cr, px0, yy);
            cairo_line_to(p->cr, px1, yy);
            cairo_stroke(p->cr);
        }
        chart_draw_text(p, axis_label(a, v, buf, sizeof buf), &f, side == 0 ? px0 - 4 : px1 + 4,
                        yy);
    }
}

/* The title of value axis k, rotated along the axis at x. */
static void draw_axis_title(chart_pen *p, const chart_def *def, const axis *a, int k,
                            const char *lang, double x, double py0, double py1)
{
    char buf[256];
    chart_font f = font_of(8.5, false, COL_MUTED);
    f.angle = k == 0 ? 90 : -90;
    f.align = 0;
    f.valign = 0;
    f.max_width = py1 - py0;
    axis_title(def, a, k, lang, buf, sizeof buf);
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
                            const axis ax[2], const char *lang, double x, double y, double w,
                            double h)
{
    chart_font f = font_of(8.5, false, COL_MUTED);
    plot_box b;
    char buf[256];
    double left = PAD + axis_label_width(p, &ax[0], &f) + 6, right = PAD + 6;
    if (*axis_title(def, &ax[0], 0, lang, buf, sizeof buf)) left += 14;
    if (ax[1].used) {
        right += axis_label_width(p, &ax[1], &f) + 4;
        if (*axis_title(def, &ax[1], 1, lang, buf, sizeof buf)) right += 14;
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
static void draw_baseline(chart_pen *p, const plot_box *b, const axis *a)
{
    double yy = a->lo <= 0 && a->hi >= 0 ? axis_pos(a, 0, b->y1, b->y0) : b->y1;
    chart_color(p->cr, COL_AXIS, 1);
    cairo_set_line_width(p->cr, 0.8);
    cairo_move_to(p->cr, b->x0, yy);
    cairo_line_to(p->cr, b->x1, yy);
    cairo_stroke(p->cr);
}

/* Horizontal target lines across the plot, labelled at the right end. */
static void draw_htargets(chart_pen *p, const chart_def *def, const chart_data *d, const axis ax[2],
                          const plot_box *b, const char *lang)
{
    char buf[256];
    for (size_t t = 0; t < def->ntargets; t++) {
        const axis *a = &ax[def->targets[t].axis];
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
        chart_draw_text(p, target_label(def, d, t, a, lang, buf, sizeof buf), &f, b->x1 - 2,
                        yy - 1);
    }
}

bool chart_bar_misses(const chart_def *def, const chart_data *d, double v)
{
    if (!def->has_miss_color || !def->ntargets || isnan(d->targets[0]) || isnan(v)) return false;
    return def->miss_above ? v > d->targets[0] : v < d->targets[0];
}

/* Vertical bars: grouped, or stacked when def->stacked. */
static void draw_bar(chart_pen *p, const chart_def *def, const chart_data *d, const char *lang,
                     double x, double y, double w, double h)
{
    axis ax[2];
    char buf[64];
    axis_setup(def, d, 0, true, 5, lang, &ax[0]);
    axis_setup(def, d, 1, true, 5, lang, &ax[1]);
    plot_box b = plot_layout(p, def, d, ax, lang, x, y, w, h);
    draw_value_axis(p, &ax[0], 0, b.x0, b.x1, b.y0, b.y1, true);
    draw_axis_title(p, def, &ax[0], 0, lang, x + PAD + 5, b.y0, b.y1);
    size_t groups = def->stacked ? 1 : d->nser;
    double bw = fmin(b.slot * 0.7 / (double)groups, 40);
    chart_font vf = font_of(8, false, COL_TEXT);
    vf.align = 0;
    vf.valign = 1;
    for (size_t c = 0; c < d->ncat; c++) {
        double pos = 0, neg = 0, cx = b.x0 + (c + 0.5) * b.slot;
        for (size_t s = 0; s < d->nser; s++) {
            const axis *a = &ax[def->series[s].axis];
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
            bar_label(a, v, buf, sizeof buf);
            chart_text_size(p, buf, &vf, &lw, &lh);
            if (!def->stacked && lw <= bw + 4 && fmin(ya, yb) - lh > b.y0)
                chart_draw_text(p, buf, &vf, bx + bw / 2, fmin(ya, yb) - 1);
        }
    }
    draw_baseline(p, &b, &ax[0]);
    draw_htargets(p, def, d, ax, &b, lang);
    draw_categories(p, d, &b.cats, b.x0, b.slot, b.y1);
}

/* Lines over the categories on one or two value axes; NAN leaves a gap. */
static void draw_line(chart_pen *p, const chart_def *def, const chart_data *d, const char *lang,
                      double x, double y, double w, double h)
{
    axis ax[2];
    for (int k = 0; k < 2; k++) {
        bool rate = false;
        for (size_t s = 0; s < d->nser; s++)
            rate = rate || (def->series[s].axis == k && def->series[s].format == FMT_RATE);
        axis_setup(def, d, k, !rate, 5, lang, &ax[k]);
    }
    plot_box b = plot_layout(p, def, d, ax, lang, x, y, w, h);
    draw_value_axis(p, &ax[0], 0, b.x0, b.x1, b.y0, b.y1, true);
    draw_axis_title(p, def, &ax[0], 0, lang, x + PAD + 5, b.y0, b.y1);
    if (ax[1].used) {
        draw_value_axis(p, &ax[1], 1, b.x0, b.x1, b.y0, b.y1, false);
        draw_axis_title(p, def, &ax[1], 1, lang, x + w - PAD - 5, b.y0, b.y1);
    }
    draw_baseline(p, &b, &ax[0]);
    draw_htargets(p, def, d, ax, &b, lang);
    for (size_t s = 0; s < d->nser; s++) {
        const axis *a = &ax[def->series[s].axis];
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

/* Horizontal bars, one row per category (top to bottom in data order), with
 * value labels at the bar ends and target lines across. */
static void draw_hbar(chart_pen *p, const chart_def *def, const chart_data *d, const char *lang,
                      double x, double y, double w, double h)
{
    axis a;
    char buf[256];
    double lw = 0, vw = 0, tw, th, row_h;
    axis_setup(def, d, 0, true, 4, lang, &a);
    chart_font cf = font_of(9, false, COL_TEXT), vf = font_of(8, false, COL_TEXT);
    chart_font tf = font_of(8.5, false, COL_MUTED);
    double tick_h = 14, title_h = *axis_title(def, &a, 0, lang, buf, sizeof buf) ? 13 : 0;
    double top = y + 4 + 12 * (double)def->ntargets; /* a row per target label */
    row_h = (y + h - PAD - tick_h - title_h - top) / (double)d->ncat;
    cf.size = fmax(6, fmin(9, row_h * 0.75));
    cf.max_width = w * 0.3;
    cf.align = 1;
    cf.valign = 0;
    for (size_t c = 0; c < d->ncat; c++) {
        chart_text_size(p, d->cats[c], &cf, &tw, &th);
        lw = fmax(lw, tw);
        for (size_t s = 0; s < d->nser; s++) {
            chart_text_size(p, bar_label(&a, d->v[s * d->ncat + c], buf, sizeof buf), &vf, &tw,
                            &th);
            vw = fmax(vw, tw);
        }
    }
    size_t every = th > 0 && row_h < cf.size * 1.15 ? (size_t)ceil(cf.size * 1.15 / row_h) : 1;
    double px0 = x + PAD + lw + 6, px1 = x + w - PAD - vw - 6;
    double ylast = y + h - PAD - tick_h - title_h;
    /* grid and ticks along the bottom */
    tf.align = 0;
    for (double v = a.lo; v <= a.hi + a.step * 1e-6; v += a.step) {
        double xx = axis_pos(&a, v, px0, px1);
        chart_color(p->cr, COL_GRID, 1);
        cairo_set_line_width(p->cr, 0.6);
        cairo_move_to(p->cr, xx, top);
        cairo_line_to(p->cr, xx, ylast);
        cairo_stroke(p->cr);
        chart_draw_text(p, axis_label(&a, v, buf, sizeof buf), &tf, xx, ylast + 2);
    }
    if (title_h > 0)
        chart_draw_text(p, axis_title(def, &a, 0, lang, buf, sizeof buf), &tf, (px0 + px1) / 2,
                        ylast + tick_h);
    for (size_t t = 0; t < def->ntargets; t++) {
        if (isnan(d->targets[t])) continue;
        double xx = axis_pos(&a, d->targets[t], px0, px1);
        dashed(p->cr, def->targets[t].color, 1.2);
        cairo_move_to(p->cr, xx, top - 2 - 12 * (double)(def->ntargets - 1 - t));
        cairo_line_to(p->cr, xx, ylast);
        cairo_stroke(p->cr);
        cairo_set_dash(p->cr, NULL, 0, 0);
        chart_font f = font_of(8.5, false, def->targets[t].color);
        target_label(def, d, t, &a, lang, buf, sizeof buf);
        chart_text_size(p, buf, &f, &tw, &th);
        f.align = xx + tw / 2 > x + w - PAD ? 1 : 0;
        f.valign = 1;
        chart_draw_text(p, buf, &f, f.align ? fmin(xx, x + w - PAD) : xx,
                        top - 2 - 12 * (double)(def->ntargets - 1 - t));
    }
    double bh = fmin(row_h * 0.7 / (double)d->nser, 18);
    for (size_t c = 0; c < d->ncat; c++) {
        double cy = top + (c + 0.5) * row_h;
        if (c % every == 0) chart_draw_text(p, d->cats[c], &cf, px0 - 6, cy);
        for (size_t s = 0; s < d->nser; s++) {
            double v = d->v[s * d->ncat + c];
            double by = cy - bh * (double)d->nser / 2 + bh * (double)s;
            double xa = axis_pos(&a, 0, px0, px1), xb = isnan(v) ? xa : axis_pos(&a, v, px0, px1);
            chart_color(p->cr,
                        chart_bar_misses(def, d, v) ? def->miss_color : chart_series_color(def, s),
                        1);
            cairo_rectangle(p->cr, fmin(xa, xb), by + 0.5, fabs(xb - xa), bh - 1);
            cairo_fill(p->cr);
            vf.valign = 0;
            vf.halo = true;
            if (bh >= 6)
                chart_draw_text(p, bar_label(&a, v, buf, sizeof buf), &vf, fmax(xa, xb) + 3,
                                by + bh / 2);
        }
    }
    chart_color(p->cr, COL_AXIS, 1);
    cairo_set_line_width(p->cr, 0.8);
    cairo_move_to(p->cr, axis_pos(&a, 0, px0, px1), top);
    cairo_line_to(p->cr, axis_pos(&a, 0, px0, px1), ylast);
    cairo_stroke(p->cr);
}

/* ==== donut ============================================================= */

/* A donut of the series' values in the first category, with a legend of
 * label, value and share on the right and the total in the middle. */
static void draw_donut(chart_pen *p, const chart_def *def, const chart_data *d, const char *lang,
                       double x, double y, double w, double h)
{
    double total = 0, r = fmin(h - 2 * PAD, w * 0.45) / 2, cx = x + PAD + r, cy = y + h / 2;
    char buf[128], val[64];
    bool en = lang && strcmp(lang, "en") == 0;
    chart_format fmt = def->series[0].format;
    for (size_t s = 0; s < d->nser; s++)
        if (d->v[s * d->ncat] > 0) total += d->v[s * d->ncat];
    if (!(total > 0)) {
        draw_note(p, "无数据", "No data", lang, x, y, w, h);
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
    chart_font tf = font_of(fmin(14, r * 0.22), true, COL_TITLE);
    tf.align = 0;
    tf.valign = 1;
    tf.max_width = r * 1.1;
    chart_draw_text(p, chart_format_value(total, fmt, lang, false, val, sizeof val), &tf, cx, cy);
    tf = font_of(fmin(9, r * 0.16), false, COL_MUTED);
    tf.align = 0;
    tf.max_width = r * 1.1;
    const char *tl = chart_text_get(&def->total_label, lang);
    chart_draw_text(p, tl && *tl ? tl : en ? "Total" : "合计", &tf, cx, cy + 1);
    /* legend: swatch, label, value, share */
    double lx = cx + r + 18, lw = x + w - PAD - lx, row = fmin(18, (h - 2 * PAD) / d->nser);
    double ly = cy - row * (double)d->nser / 2;
    chart_font lf = font_of(fmin(9.5, row * 0.7), false, COL_TEXT);
    lf.valign = 0;
    lf.max_width = lw * 0.5;
    for (size_t s = 0; s < d->nser; s++, ly += row) {
        double v = d->v[s * d->ncat];
        chart_color(p->cr, chart_series_color(def, s), 1);
        cairo_rectangle(p->cr, lx, ly + row / 2 - 5, 10, 10);
        cairo_fill(p->cr);
        chart_draw_text(p, chart_text_get(&def->series[s].label, lang), &lf, lx + 15, ly + row / 2);
        chart_format_value(v, fmt, lang, false, val, sizeof val);
        snprintf(buf, sizeof buf, "%s  %4.1f%%", val, v > 0 ? v / total * 100 : 0.0);
        chart_font rf = lf;
        rf.align = 1;
        rf.max_width = lw * 0.48;
        chart_draw_text(p, buf, &rf, x + w - PAD, ly + row / 2);
    }
}

/* ==== KPI tiles ========================================================== */

uint32_t chart_tile_color(const chart_tile *def, const chart_tile_data *t)
{
    double sign = def->lower_is_better ? -1 : 1, v = def->judge.set ? t->judge : t->value;
    if (isnan(v)) return COL_AXIS;
    if (isnan(t->target)) return COL_NEUTRAL;
    if (sign * (v - t->target) >= -1e-12) return COL_GREEN;
    if (isnan(t->zero) || sign * (v - t->zero) <= 1e-12) return COL_RED;
    return COL_AMBER;
}

void chart_tile_texts(const chart_tile *def, const chart_tile_data *t, const char *lang,
                      char *value, size_t vn, char *note, size_t nn)
{
    char val[96], jv[128] = "";
    bool en = lang && strcmp(lang, "en") == 0;
    chart_format judged = def->judge.set ? def->judge_format : def->format;
    const char *suffix = chart_text_get(&def->suffix, lang);
    chart_format_value(t->value, def->format, lang, true, val, sizeof val);
    snprintf(value, vn, "%s%s%s", val, *suffix && !isnan(t->value) ? " " : "",
             isnan(t->value) ? "" : suffix);
    note[0] = '\0';
    if (isnan(t->target)) return;
    if (def->judge.set)
        snprintf(jv, sizeof jv, "%s %s · ", chart_text_get(&def->judge_label, lang),
                 chart_format_value(t->judge, judged, lang, true, val, sizeof val));
    chart_format_value(t->target, judged, lang, true, val, sizeof val);
    snprintf(note, nn, "%s%s %s %s", jv, en ? (*jv ? "target" : "Target") : "目标",
             def->lower_is_better ? "≤" : "≥", val);
}

/* One tile in (x, y, w, h). */
static void draw_tile(chart_pen *p, const chart_tile *def, const chart_tile_data *t,
                      const char *lang, double x, double y, double w, double h)
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
    chart_tile_texts(def, t, lang, value, sizeof value, note, sizeof note);
    chart_font f = font_of(fmin(10, h * 0.13), false, COL_TEXT);
    f.max_width = w - 18;
    chart_draw_text(p, chart_text_get(&def->label, lang), &f, x + 11, y + h * 0.1);
    chart_font vf = font_of(fmin(22, h * 0.3), true, COL_TITLE);
    vf.valign = 0;
    for (chart_text_size(p, value, &vf, &tw, &th); tw > w - 18 && vf.size > 7;
         chart_text_size(p, value, &vf, &tw, &th))
        vf.size -= 1;
    vf.max_width = w - 18;
    chart_draw_text(p, value, &vf, x + 11, y + h * 0.52);
    if (*note) {
        f = font_of(fmin(8.5, h * 0.11), false, col == COL_NEUTRAL ? COL_MUTED : col);
        f.valign = 1;
        f.max_width = w - 18;
        chart_draw_text(p, note, &f, x + 11, y + h * 0.93);
    }
}

/* Tiles in a grid of def->columns per row (all in one row for 0), but for
 * the optional ones without a value, which are left out. */
static void draw_tiles(chart_pen *p, const chart_def *def, const chart_data *d, const char *lang,
                       double x, double y, double w, double h)
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
        draw_tile(p, &def->tiles[i], &d->tiles[i], lang, x + PAD + (double)(k % cols) * (tw + gap),
                  y + PAD + (double)(k / cols) * (th + gap), tw, th);
        k++;
    }
}

/* ==== charts ============================================================= */

void chart_draw(chart_pen *p, double x, double y, double w, double h, const chart_def *def,
                const chart_data *d, const chart_vars *v)
{
    if (p->status != RS_OK) return;
    cairo_save(p->cr);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_clip(p->cr);
    double top = draw_header(p, def, v, x, y, w);
    double ph = h - top;
    if (def->type == CHART_TILES)
        draw_tiles(p, def, d, v->lang, x, y + top - (top > 4 ? PAD : 4), w, ph + PAD);
    else if (!d->ncat || !has_values(d))
        draw_note(p, def->empty.zh ? def->empty.zh : "无数据",
                  def->empty.en ? def->empty.en : "No data", v->lang, x, y + top, w, ph);
    else if (def->type == CHART_HBAR)
        draw_hbar(p, def, d, v->lang, x, y + top, w, ph);
    else if (def->type == CHART_BAR)
        draw_bar(p, def, d, v->lang, x, y + top, w, ph);
    else if (def->type == CHART_LINE)
        draw_line(p, def, d, v->lang, x, y + top, w, ph);
    else
        draw_donut(p, def, d, v->lang, x, y + top, w, ph);
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

rs_status chart_render_file(const chart_def *def, const chart_data *d, const chart_vars *v,
                            chart_file_format fmt, double scale, const char *path, rs_error *e)
{
    double w = (double)def->width, h = (double)def->height;
    chart_sink k;
    cairo_surface_t *sf;
    rs_status s;
    if ((s = chart_sink_open(&k, path, e)) != RS_OK) return s;
    if (fmt == CHART_FILE_PNG)
        sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale),
                                        (int)ceil(h * scale));
    else if (fmt == CHART_FILE_SVG)
        sf = cairo_svg_surface_create_for_stream(chart_sink_write, &k, w, h);
    else
        sf = cairo_pdf_surface_create_for_stream(chart_sink_write, &k, w, h);
    cairo_t *cr = cairo_create(sf);
    chart_pen p = {cr, RS_OK, e};
    if (fmt == CHART_FILE_PNG) cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_draw(&p, 0, 0, w, h, def, d, v);
    cairo_destroy(cr);
    cairo_status_t png = CAIRO_STATUS_SUCCESS;
    if ((s = p.status) == RS_OK && fmt == CHART_FILE_PNG)
        png = cairo_surface_write_to_png_stream(sf, chart_sink_write, &k);
    if ((s = chart_sink_finish(sf, &k, s, path, e)) == RS_OK && png != CAIRO_STATUS_SUCCESS)
        s = rs_fail(e, RS_EIO, "%s: %s", path, cairo_status_to_string(png));
    return s;
}

/* ==== the report's data ================================================== */

struct chart_cache {
    report_ctx *ctx;
    char **names;
    rs_table **tables;
    size_t n;
    char unit[24], period[16], period_zh[32], period_en[32], unit_name[256];
};

/* chart_fetch_fn over report_dataset(), fetching each name once. */
static rs_status cache_fetch(void *arg, const char *name, const rs_table **out, rs_error *e)
{
    chart_cache *c = arg;
    rs_table *t = NULL;
    rs_status s;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0) {
            *out = c->tables[i];
            return RS_OK;
        }
    if ((s = report_dataset(c->ctx, name, &t, e)) != RS_OK) return s;
    c->names = rs_realloc(c->names, (c->n + 1) * sizeof *c->names);
    c->tables = rs_realloc(c->tables, (c->n + 1) * sizeof *c->tables);
    c->names[c->n] = rs_strdup(name);
    c->tables[c->n++] = t;
    *out = t;
    return RS_OK;
}

void chart_cache_free(chart_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->names[i]);
        table_free(c->tables[i]);
    }
    free(c->names);
    free(c->tables);
    free(c);
}

rs_status chart_cache_open(report_ctx *ctx, chart_cache **out, chart_source *src, chart_vars *v,
                           rs_error *e)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    chart_cache *c = rs_calloc(1, sizeof *c);
    int y = ctx->period / 100, m = ctx->period % 100;
    *out = NULL;
    c->ctx = ctx;
    snprintf(c->unit, sizeof c->unit, "%lld", (long long)ctx->unit);
    snprintf(c->period, sizeof c->period, "%04d-%02d", y, m);
    snprintf(c->period_zh, sizeof c->period_zh, "%d年%d月", y, m);
    snprintf(c->period_en, sizeof c->period_en, "%s %d", months[(m + 11) % 12], y);
    region_name(ctx->db, ctx->unit, c->unit_name, sizeof c->unit_name);
    *src = (chart_source){cache_fetch, c, c->unit, c->period};
    *v = (chart_vars){ctx->lang,    c->unit,      c->unit_name, c->period,
                      c->period_zh, c->period_en, false,        RELIEFSTAT_VERSION};
    *out = c;
    return RS_OK;
}

/* ==== the template's charts: section ===================================== */

/* Render one item of a charts: section: a chart name or {chart, file,
 * format, scale}. */
static rs_status render_item(report_ctx *ctx, yd_doc *doc, yaml_node_t *item,
                             const chart_source *src, const chart_vars *v, rs_error *e)
{
    static const char *const keys[] = {"chart", "file", "format", "scale", NULL};
    static const char *const exts[] = {"png", "svg", "pdf"};
    const char *name = yd_scalar(item), *file = NULL, *format = "png";
    double scale = 2;
    char fname[512];
    chart_def *def = NULL;
    chart_data *d = NULL;
    char *tmp = NULL;
    rs_status s;
    int fmt = 0;
    if (!name) {
        if ((s = yd_check_keys(doc, item, keys, e)) != RS_OK ||
            (s = yd_str(doc, item, "chart", true, &name, e)) != RS_OK ||
            (s = yd_str(doc, item, "file", false, &file, e)) != RS_OK ||
            (s = yd_str(doc, item, "format", false, &format, e)) != RS_OK ||
            (s = yd_double(doc, item, "scale", false, &scale, e)) != RS_OK)
            return s;
    }
    while (fmt < 3 && strcmp(format, exts[fmt]) != 0)
        fmt++;
    if (fmt == 3)
        return yd_fail(doc, yd_get(doc, item, "format"), "format", e, "'%s' is not png, svg or pdf",
                       format);
    if (scale < 0.25 || scale > 8)
        return yd_fail(doc, yd_get(doc, item, "scale"), "scale", e, "must be in 0.25..8");
    if ((s = chartdef_load_named(name, &def, e)) != RS_OK) {
        rs_error_prefix(e, "%s:%d: chart '%s'", yd_name(doc), yd_line(item), name);
        return s;
    }
    snprintf(fname, sizeof fname, "%s", file ? file : def->name);
    if (!file) snprintf(fname + strlen(fname), sizeof fname - strlen(fname), ".%s", exts[fmt]);
    if ((s = chart_data_bind(def, src, ctx->lang, &d, e)) != RS_OK) goto cleanup;
    if (ctx->charts && strcmp(ctx->charts, "gnuplot") == 0) {
        s = gnuplot_render(ctx, def, d, v, scale, fname, e);
        goto cleanup;
    }
    if (!(tmp = report_output_begin(ctx, fname, e))) {
        s = e->status != RS_OK ? e->status : RS_EIO;
        goto cleanup;
    }
    if ((s = chart_render_file(def, d, v, (chart_file_format)fmt, scale, tmp, e)) != RS_OK ||
        (s = report_output_commit(ctx, tmp, fname, e)) != RS_OK)
        report_output_abort(tmp);
cleanup:
    free(tmp);
    chart_data_free(d);
    chartdef_free(def);
    return s;
}

rs_status charts_render_section(report_ctx *ctx, yd_doc *doc, yaml_node_t *section, rs_error *e)
{
    chart_cache *cache = NULL;
    chart_source src;
    chart_vars v;
    rs_status s;
    if (!section || section->type != YAML_SEQUENCE_NODE)
        return yd_fail(doc, section, "charts", e, "expected a list of charts");
    if ((s = chart_fonts_init(e)) != RS_OK ||
        (s = chart_cache_open(ctx, &cache, &src, &v, e)) != RS_OK)
        return s;
    for (size_t i = 0; i < yd_count(section) && s == RS_OK; i++)
        s = render_item(ctx, doc, yd_item(doc, section, i), &src, &v, e);
    chart_cache_free(cache);
    return s;
}
