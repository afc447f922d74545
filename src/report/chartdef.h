/*
 * chartdef: chart definitions (charts/NAME.yaml) read into a chart_def, and
 * bound to the rs_tables that feed them.  A definition names its dataset,
 * the rows it keeps (`where`), the column of category labels and the
 * columns of its series, with titles in Chinese and English, colours,
 * number formats and target lines.  Nothing here knows what the numbers
 * mean: the renderers (render/chart.c, gnuplot.c, dashboard.c) draw a
 * chart_def resolved for the run (chartdef_resolve: its texts in the run's
 * language with the {variables} filled in, its conditions' values too) and
 * the chart_data bound to it.
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
 * Every text may hold the report's {variables} (report.h); a condition's
 * value too ("{unit}": the report's unit).  Errors name the file, the line
 * and the key.  Ownership: a chart_def owns its YAML document, its arrays
 * and the pool of its resolved texts; strings point into those;
 * chartdef_free() releases all.
 */
#ifndef RS_CHARTDEF_H
#define RS_CHARTDEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"
#include "base/text.h"
#include "base/yamldoc.h"
#include "report/source.h"

typedef enum { CHART_HBAR, CHART_BAR, CHART_LINE, CHART_DONUT, CHART_TILES } chart_type;

/* How values are shown.  FEN and YUAN are money (stored in fen or in yuan),
 * shown in 元, or in 万元 where large. */
typedef enum { FMT_NUMBER, FMT_COUNT, FMT_RATE, FMT_FEN, FMT_YUAN } chart_format;

/* How category labels are shown: as they are, or a 'YYYY-MM' month. */
typedef enum { CAT_TEXT, CAT_MONTH } chart_catfmt;

/* One condition on a row: column equals (or, negated, differs from)
 * value, which may hold {variables} ("{unit}"): match is the value with
 * them filled in (chartdef_resolve). */
typedef struct {
    const char *column, *value, *match;
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
    rs_text label;
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
    rs_text label;
    int axis;
    uint32_t color;
} chart_target;

/* A KPI tile: a value, and optionally the target that turns it green and
 * the zero point at and beyond which it turns red (amber in between).
 * When the tile shows one number (money) but is judged by another (a
 * rate), `judge` names the latter, shown as judge_label. */
typedef struct {
    rs_text label, suffix; /* suffix: shown after the value ("人") */
    chart_ref value, target, zero, judge;
    chart_format format, judge_format;
    rs_text judge_label;
    bool lower_is_better;
    bool optional; /* left out when its value has no data (a rate without cases) */
    const yaml_node_t *node;
} chart_tile;

typedef enum { SORT_NONE, SORT_ASC, SORT_DESC } chart_sort;

typedef struct chart_def {
    yd_doc *doc;
    char *name; /* file name without directory and .yaml */
    chart_type type;
    rs_text title, subtitle;
    rs_text y_title[2];
    rs_text total_label; /* donut: under the total in the middle; default 合计 / Total */
    rs_text empty;       /* shown when there is nothing to draw; default 无数据 / No data */
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
    GPtrArray *allocs;  /* every array above, freed by chartdef_free */
    GStringChunk *pool; /* the texts as shown, once resolved */
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

/* Resolve def for a run: every text's shown form (base/text.h) and every
 * condition's match.  An unknown variable fails naming file and line. */
rs_status chartdef_resolve(chart_def *def, const text_run *run, rs_error *e);

/* Call fn(name, arg) for each dataset def reads, in the order written
 * (a name may come more than once). */
void chartdef_datasets(const chart_def *def, void (*fn)(const char *name, void *arg), void *arg);

/* ---- binding to data ------------------------------------------------- */

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

/* Fetch from src and select the data of def (resolved) into *out (free
 * with chart_data_free); month categories are labelled with the words of
 * run (text_month).  A missing column fails naming the definition's file,
 * line and key. */
rs_status chart_data_bind(const chart_def *def, const report_source *src, const text_run *run,
                          chart_data **out, rs_error *e);

/* Free d; NULL is allowed. */
void chart_data_free(chart_data *d);

/* The value of cell (row, col) as a number; NAN for NULL or non-numeric text. */
double chart_cell_number(const rs_table *t, size_t row, int col);

/* Does row of t meet every condition of rows (resolved)? */
bool chart_row_matches(const rs_table *t, size_t row, const chart_rows *rows);

#endif
