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
 * The renderer of a template's `charts:` section (chart_renderer) writes
 * each chart of it into the run's output directory; render/gnuplot.c is the
 * other renderer of that section.
 */
#ifndef RS_CHART_H
#define RS_CHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"
#include "report/chartdef.h"
#include "report/report.h"
#include "report/template.h"

/* How a chart is drawn: the run's words, and whether its subtitle shows
 * (not on the dashboard's panels: the page says it). */
typedef struct {
    const tpl_words *words;
    bool no_subtitle;
} chart_opts;

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

/* ---- charts ---------------------------------------------------------- */

/* Draw def (resolved) with data d into the rectangle (x, y, w, h) of p's
 * context. */
void chart_draw(chart_pen *p, double x, double y, double w, double h, const chart_def *def,
                const chart_data *d, const chart_opts *o);

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

/* Write def (resolved) with data d to path as a file of def's size in
 * format fmt (a PNG has scale pixels per point), with the run's words. */
rs_status chart_render_file(const chart_def *def, const chart_data *d, const tpl_words *words,
                            tpl_file_format fmt, double scale, const char *path, rs_error *e);

/* The renderer of a template's charts: section with Cairo. */
extern const report_renderer chart_renderer;

#endif
