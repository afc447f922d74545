/*
 * chart: drawing charts with Cairo and laying out their text with Pango.
 * A chart is a chart_def (chartdef.h) and the chart_data bound to it; it is
 * drawn into any rectangle of any Cairo context, so that the same code makes
 * PNG, SVG and PDF files and the panels of the PDF dashboard.
 *
 * All text goes through one shared Pango context on a private font map with
 * fixed font options (no hinting of outlines or metrics, resolution 72 so
 * that a font size is in user units): a label measures the same on a PNG
 * as on a PDF page.  The CJK font is "Noto Sans CJK SC", found through
 * fontconfig; a text with a character the font lacks is an error.
 *
 * A template's `charts:` section is a list of chart names (charts/NAME.yaml)
 * or of mappings {chart: NAME, file: NAME.png, format: png|svg|pdf,
 * scale: 2}; charts_render_section() writes each into the report's output
 * directory, or hands it to gnuplot (gnuplot.h) when the report asks.
 */
#ifndef RS_CHART_H
#define RS_CHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"
#include "base/yamldoc.h"
#include "report/chartdef.h"
#include "report/report.h"

/* The report's words that titles may use as {name}: unit_code, unit_name,
 * period (2024-09), period_zh (2024年9月), period_en (September 2024),
 * version (the program's). */
typedef struct {
    const char *lang;                                                   /* "zh" or "en" */
    const char *unit_code, *unit_name, *period, *period_zh, *period_en; /* may be NULL */
    bool no_subtitle;    /* the dashboard's panels: the page says it */
    const char *version; /* may be NULL */
} chart_vars;

/* Copy text into buf (of size n) with the {names} of v filled in; unknown
 * names are left as they are.  Returns buf. */
char *chart_expand(const char *text, const chart_vars *v, char *buf, size_t n);

/* ---- text ------------------------------------------------------------ */

/* A text style.  align: -1 left, 0 centre, 1 right of x; valign: -1 top,
 * 0 middle, 1 bottom of y; max_width > 0 ellipsizes longer text; angle in
 * degrees, counter-clockwise, about the anchor point. */
typedef struct {
    double size;
    bool bold;
    uint32_t color;
    int align, valign;
    double max_width;
    double angle;
    bool halo; /* clear a white box behind the text */
} chart_font;

/* A Cairo context with the first error met while drawing on it: once
 * status is not RS_OK, drawing calls do nothing. */
typedef struct {
    cairo_t *cr;
    rs_status status;
    rs_error *e;
} chart_pen;

/* Set up the shared font map and Pango context, checking that the CJK
 * font is installed; later calls do nothing. */
rs_status chart_fonts_init(rs_error *e);

/* Release the shared font map and context (at exit, for leak checkers). */
void chart_fonts_done(void);

/* Size of text in font f (after ellipsizing), in user units. */
void chart_text_size(chart_pen *p, const char *text, const chart_font *f, double *w, double *h);

/* Draw text in font f anchored at (x, y). */
void chart_draw_text(chart_pen *p, const char *text, const chart_font *f, double x, double y);

/* Set the source colour 0xRRGGBB, with alpha a. */
void chart_color(cairo_t *cr, uint32_t rgb, double a);

/* ---- numbers --------------------------------------------------------- */

/* Format v (in the units of chart_data: money in yuan) for a label: rates
 * as 96.5%, money in 元 or 万元 (with the unit when with_unit), counts
 * with thousands separators.  Returns buf. */
char *chart_format_value(double v, chart_format f, const char *lang, bool with_unit, char *buf,
                         size_t n);

/* Nice ticks for [lo, hi]: a step of 1, 2 or 5 times a power of ten and
 * bounds widened to multiples of it, aiming at about `want` intervals. */
void chart_nice_ticks(double lo, double hi, int want, double *tlo, double *thi, double *step);

/* The divisor of the values drawn on value axis k of def (money: 1e4 for
 * 万元 where large) and the axis title with the unit, into title. */
void chart_axis_unit(const chart_def *def, const chart_data *d, int k, const char *lang,
                     double *div, char *title, size_t n);

/* ---- charts ---------------------------------------------------------- */

/* Colour of series i of def (its own, or the palette's). */
uint32_t chart_series_color(const chart_def *def, size_t i);

/* Is bar value v a miss of def's first target (drawn in its miss colour)? */
bool chart_bar_misses(const chart_def *def, const chart_data *d, double v);

/* The traffic-light colour of a tile: green when its value (or judge)
 * meets the target, red at or beyond the zero point (or below target when
 * there is none), amber between; neutral without a target, grey without a
 * value. */
uint32_t chart_tile_color(const chart_tile *def, const chart_tile_data *t);

/* A tile's value as shown ("9,616 人") and its note ("目标 ≥ 100.0%", empty
 * without a target), into the buffers given. */
void chart_tile_texts(const chart_tile *def, const chart_tile_data *t, const char *lang,
                      char *value, size_t vn, char *note, size_t nn);

/* Draw def with data d into the rectangle (x, y, w, h) of p's context. */
void chart_draw(chart_pen *p, double x, double y, double w, double h, const chart_def *def,
                const chart_data *d, const chart_vars *v);

typedef enum { CHART_FILE_PNG, CHART_FILE_SVG, CHART_FILE_PDF } chart_file_format;

/* A file that Cairo writes through (cairo_*_surface_create_for_stream with
 * chart_sink_write): our own stdio stream, so that every failed write, the
 * last flush included, is seen and reported (a full disk, a file-size
 * limit) rather than leaving a truncated file behind a success. */
typedef struct {
    FILE *f;
    int err; /* errno of the first failed write, else 0 */
} chart_sink;

rs_status chart_sink_open(chart_sink *k, const char *path, rs_error *e);
cairo_status_t chart_sink_write(void *closure, const unsigned char *data, unsigned int len);
/* Close the file; an error if any write or the close failed. */
rs_status chart_sink_close(chart_sink *k, const char *path, rs_error *e);
/* Finish and destroy sf (drawn with status s), then close k: returns the
 * first error of the drawing, the file or cairo. */
rs_status chart_sink_finish(cairo_surface_t *sf, chart_sink *k, rs_status s, const char *path,
                            rs_error *e);

/* Write def with data d to path as a file of def's size (a PNG has scale
 * pixels per point). */
rs_status chart_render_file(const chart_def *def, const chart_data *d, const chart_vars *v,
                            chart_file_format fmt, double scale, const char *path, rs_error *e);

/* ---- the report's data ----------------------------------------------- */

/* A chart_source (chartdef.h) over report_dataset(): each dataset is
 * fetched once and kept until chart_cache_free(). */
typedef struct chart_cache chart_cache;

/* A new cache for ctx in *out (free with chart_cache_free), with *src set
 * up to read through it and *v holding the report's words; the strings
 * live as long as *out. */
rs_status chart_cache_open(report_ctx *ctx, chart_cache **out, chart_source *src, chart_vars *v,
                           rs_error *e);

/* Free c and its tables; NULL is allowed. */
void chart_cache_free(chart_cache *c);

/* Render each chart listed in a template's `charts:` section (doc's node
 * section) into ctx->out_dir: Cairo PNG files, or through gnuplot when
 * ctx->charts is "gnuplot". */
rs_status charts_render_section(report_ctx *ctx, yd_doc *doc, yaml_node_t *section, rs_error *e);

#endif
