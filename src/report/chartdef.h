/*
 * chartdef: chart definitions (charts/NAME.yaml) read into a chart_def, and
 * bound to the rs_tables that feed them.  A definition names its dataset,
 * the rows it keeps (`where`), the column of category labels and the
 * columns of its series, with titles in Chinese and English, colours,
 * number formats and target lines.  Nothing here knows what the numbers
 * mean: the renderers (chart.c, gnuplot.c, dashboard.c) draw a chart_data.
 *
 * A definition file looks like
 *
 *   type: hbar              # hbar | bar | line | donut | tiles
 *   title: {zh: 按时发放率排名, en: On-time payment rate by unit}
 *   dataset: indicators_children
 *   where: {indicator: pay_on_time}
 *   where_not: {region_code: "{unit}"}
 *   category: region_name
 *   sort: desc               # none | asc | desc, by the first series
 *   series:
 *     - {column: value, label: {zh: 按时发放率, en: On-time rate}, format: rate}
 *   targets:
 *     - {value: 0.95, label: {zh: 目标, en: Target}}
 *
 * Errors name the file, the line and the key.  Ownership: a chart_def owns
 * its YAML document and its arrays; strings point into the document;
 * chartdef_free() releases all.
 */
#ifndef RS_CHARTDEF_H
#define RS_CHARTDEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"
#include "base/yamldoc.h"

typedef enum { CHART_HBAR, CHART_BAR, CHART_LINE, CHART_DONUT, CHART_TILES } chart_type;

/* How values are shown.  FEN and YUAN are money (stored in fen or in yuan),
 * shown in 元, or in 万元 where large. */
typedef enum { FMT_NUMBER, FMT_COUNT, FMT_RATE, FMT_FEN, FMT_YUAN } chart_format;

/* How category labels are shown: as they are, or a 'YYYY-MM' month. */
typedef enum { CAT_TEXT, CAT_MONTH } chart_catfmt;

/* A text in both languages; either may be NULL (the other is used). */
typedef struct {
    const char *zh, *en;
} chart_text;

/* One condition on a row: column equals (or, negated, differs from) value.
 * The value may be "{unit}" or "{period}", filled in from the report. */
typedef struct {
    const char *column, *value;
    bool negate;
    const yaml_node_t *node;
} chart_where;

/* A choice of rows: a dataset and the conditions its rows must meet. */
typedef struct {
    const char *dataset;
    chart_where *where;
    size_t nwhere;
    const yaml_node_t *node;
} chart_rows;

/* A single number: a constant, or a column (or the sum of several) of the
 * first row chosen. */
typedef struct {
    bool set, constant;
    double number;
    chart_rows rows;
    const char **columns;
    size_t ncolumns;
    const yaml_node_t *node;
} chart_ref;

typedef struct {
    chart_text label;
    const char *column;
    chart_rows rows; /* the chart's rows unless the series names its own */
    int axis;        /* 0: left (or only) axis, 1: right axis */
    chart_format format;
    uint32_t color; /* 0xRRGGBB */
    bool has_color;
    const yaml_node_t *node;
} chart_series;

/* A target line across the plot, on an axis. */
typedef struct {
    chart_ref value;
    chart_text label;
    int axis;
    uint32_t color;
} chart_target;

/* A KPI tile: a value, and optionally the target that turns it green and
 * the zero point at and beyond which it turns red (amber in between).
 * When the tile shows one number (money) but is judged by another (a
 * rate), `judge` names the latter, shown as judge_label. */
typedef struct {
    chart_text label, suffix; /* suffix: shown after the value ("人") */
    chart_ref value, target, zero, judge;
    chart_format format, judge_format;
    chart_text judge_label;
    bool lower_is_better;
    bool optional; /* left out when its value has no data (a rate without cases) */
    const yaml_node_t *node;
} chart_tile;

typedef enum { SORT_NONE, SORT_ASC, SORT_DESC } chart_sort;

typedef struct chart_def {
    yd_doc *doc;
    char *name; /* file name without directory and .yaml */
    chart_type type;
    chart_text title, subtitle;
    chart_text y_title[2];
    chart_text total_label; /* donut: under the total in the middle; default 合计 / Total */
    chart_text empty;       /* shown when there is nothing to draw; default 无数据 / No data */
    chart_rows rows;
    const char *category;
    chart_catfmt catfmt;
    chart_sort sort;
    long limit; /* keep the first N categories after sorting; 0: all */
    bool stacked;
    uint32_t miss_color; /* hbar/bar: bars missing the first target */
    bool has_miss_color;
    bool miss_above; /* a bar misses when above the target, not below */
    chart_series *series;
    size_t nseries;
    chart_target *targets;
    size_t ntargets;
    chart_tile *tiles;
    size_t ntiles;
    long columns;       /* tiles per row; 0: all in one row */
    long width, height; /* size in points (PNG: pixels at scale 1) */
    const yaml_node_t *category_node;
    void **allocs; /* every array above, freed by chartdef_free */
    size_t nallocs;
} chart_def;

/* Read the chart definition file at path into *out (free with
 * chartdef_free).  Every key is checked; errors name file, line and key. */
rs_status chartdef_load(const char *path, chart_def **out, rs_error *e);

/* Same from YAML text; name is used in messages and as the chart's name. */
rs_status chartdef_load_string(const char *name, const char *text, size_t len, chart_def **out,
                               rs_error *e);

/* Load charts/NAME.yaml from the project home (home.h). */
rs_status chartdef_load_named(const char *name, chart_def **out, rs_error *e);

/* Free def; NULL is allowed. */
void chartdef_free(chart_def *def);

/* The text in lang ("zh" or "en"), falling back to the other; "" if none. */
const char *chart_text_get(const chart_text *t, const char *lang);

/* ---- binding to data ------------------------------------------------- */

/* Supplies the named dataset: *out is borrowed (owned by the source) and
 * stays valid while the chart is drawn. */
typedef rs_status (*chart_fetch_fn)(void *arg, const char *dataset, const rs_table **out,
                                    rs_error *e);

/* Where a chart's data come from, and the values of "{unit}"/"{period}". */
typedef struct {
    chart_fetch_fn fetch;
    void *arg;
    const char *unit, *period;
} chart_source;

/* A tile's numbers; NAN where absent. */
typedef struct {
    double value, target, zero, judge;
} chart_tile_data;

/* A chart's numbers: ncat categories (labels as shown) and, for each series,
 * one value per category (NAN where the data have none). */
typedef struct {
    size_t ncat, nser;
    char **cats;
    double *v; /* nser * ncat, series-major: v[s * ncat + c] */
    double *targets;
    chart_tile_data *tiles;
} chart_data;

/* Fetch and select the data of def into *out (free with chart_data_free).
 * A missing column fails naming the definition's file, line and key. */
rs_status chart_data_bind(const chart_def *def, const chart_source *src, const char *lang,
                          chart_data **out, rs_error *e);

/* Free d; NULL is allowed. */
void chart_data_free(chart_data *d);

/* The value of cell (row, col) as a number; NAN for NULL or non-numeric text. */
double chart_cell_number(const rs_table *t, size_t row, int col);

/* Does row of t meet every condition of rows (with src's variables)? */
bool chart_row_matches(const rs_table *t, size_t row, const chart_rows *rows,
                       const chart_source *src);

#endif
