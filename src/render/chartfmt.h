/*
 * chartfmt: how a chart's numbers and words are shown, whichever renderer
 * draws it (Cairo, render/chart.c; gnuplot, render/gnuplot.c; the
 * dashboard's panels): numbers formatted for labels, nice ticks, value
 * axes with their money unit, axis titles, the colours of series, bars and
 * tiles, and a tile's texts.  The words come from the run's words
 * (tpl_words: 元 or 万元, 目标 ...), the texts from the chart definition
 * as resolved for the run.
 */
#ifndef RS_CHARTFMT_H
#define RS_CHARTFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/chartdef.h"
#include "report/template.h"

/* Colours every renderer uses (0xRRGGBB). */
enum {
    CHART_COL_TITLE = 0x222222,
    CHART_COL_TEXT = 0x444444,
    CHART_COL_MUTED = 0x777777,
    CHART_COL_GRID = 0xe3e3e3,
    CHART_COL_AXIS = 0x999999,
    CHART_COL_GREEN = 0x2e9d4f,
    CHART_COL_AMBER = 0xe8a317,
    CHART_COL_RED = 0xd62728,
    CHART_COL_NEUTRAL = 0x4e79a7
};

/* Format v (in the units of chart_data: money in yuan) for a label: rates
 * as 96.5%, money in the words' yuan or large unit (with the unit when
 * with_unit), counts with thousands separators.  Returns buf. */
char *chart_format_value(double v, chart_format f, const tpl_words *w, bool with_unit, char *buf,
                         size_t n);

/* Nice ticks for [lo, hi]: a step of 1, 2 or 5 times a power of ten and
 * bounds widened to multiples of it, aiming at about `want` intervals. */
void chart_nice_ticks(double lo, double hi, int want, double *tlo, double *thi, double *step);

/* A value axis of a chart: the series on it, their range in nice ticks and
 * the money unit they are shown in. */
typedef struct {
    bool used;
    chart_format fmt;
    double lo, hi, step;
    double div;       /* money shown in unit = div yuan */
    const char *unit; /* money unit, else NULL */
    int decimals;
} chart_axis;

/* Set up value axis k (0 left, 1 right) of def for the series on it: its
 * range (stacked sums when def->stacked, and the targets on it; from zero
 * when zero), ticks, money unit and decimals; want is the number of
 * intervals aimed at. */
void chart_axis_setup(const chart_def *def, const chart_data *d, int k, bool zero, int want,
                      const tpl_words *w, chart_axis *a);

/* Tick label of v on axis a, into buf; returns buf. */
char *chart_axis_label(const chart_axis *a, double v, char *buf, size_t n);

/* A value label on a bar, in the axis's unit (money without the unit,
 * which the axis title carries), into buf; returns buf. */
char *chart_bar_label(const chart_axis *a, double v, const tpl_words *w, char *buf, size_t n);

/* Title of value axis k: the definition's y title and the money unit, if
 * any, into buf; returns buf. */
char *chart_axis_title(const chart_def *def, const chart_axis *a, int k, const tpl_words *w,
                       char *buf, size_t n);

/* The divisor of the values drawn on value axis k of def (money: the large
 * unit where large) and the axis title with the unit, into title. */
void chart_axis_unit(const chart_def *def, const chart_data *d, int k, const tpl_words *w,
                     double *div, char *title, size_t n);

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
void chart_tile_texts(const chart_tile *def, const chart_tile_data *t, const tpl_words *w,
                      char *value, size_t vn, char *note, size_t nn);

#endif
