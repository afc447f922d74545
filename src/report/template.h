/*
 * template: the model of a report pack, read from report_templates/NAME.yaml
 * and checked whole when it loads, so that a misspelt key or a wrong type
 * fails before any query runs, naming file, line and key.  A template has
 * the top-level sections
 *
 *   title:      the pack's name (text)
 *   lookups:    named maps from a code to a text (zh/en), used by columns;
 *               or the name of a YAML file of such maps beside the template
 *   workbook:   the Excel workbook: file name, sheets, blocks, columns,
 *               native charts (drawn by render/xlsx.c)
 *   charts:     chart files: a list of chart names (charts/NAME.yaml) or of
 *               {chart: NAME, file: NAME.png, format: png|svg|pdf, scale: 2}
 *               (drawn by render/chart.c or render/gnuplot.c)
 *   dashboard:  the PDF dashboard (drawn by render/dashboard.c; syntax
 *               there), or the name of a template file beside this one
 *               whose dashboard: section is drawn
 *
 * Every chart definition named (in charts: or a dashboard panel) is loaded
 * and checked with the template.  The model lists the datasets a run reads
 * (datasets, in the order first named).
 *
 * Every text a reader sees is one scalar or a mapping {zh: .., en: ..}
 * (rs_text) and may hold the report's {variables} (report.h).  A column's
 * title_unmasked, when given, is its title in a run with --unmasked (a
 * column of ID numbers says they are shown in full); the dashboard's
 * footer_unmasked likewise.  The model is resolved for a run once, before
 * anything is drawn (tpl_resolve): every text's shown form, every
 * condition's value, every alert's threshold, the lookups in the run's
 * language and the words the renderers add (report_templates/_words.yaml);
 * then the data of its charts are bound (tpl_bind_charts,
 * tpl_bind_dashboard).  Renderers read the resolved fields only.
 *
 * Ownership: a tpl_report owns its YAML documents, the chart definitions,
 * the template its dashboard comes from, and every structure and string
 * below it; tpl_free() releases all.
 */
#ifndef RS_TEMPLATE_H
#define RS_TEMPLATE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/text.h"
#include "base/yamldoc.h"
#include "report/chartdef.h"
#include "report/source.h"

/* A named map of codes to texts, and once resolved, to the texts of the
 * run's language. */
typedef struct {
    const char *name;
    const char **codes;
    rs_text *texts;
    size_t n;
    GHashTable *shown; /* code -> text as shown (tpl_resolve) */
} tpl_lookup;

/* How a column's values are shown.  Money in a table is integer fen (the
 * "_fen" convention of table.h); TPL_YUAN shows it as yuan. */
typedef enum {
    TPL_TEXT,   /* text; a number in a text column stays a number ("0" format) */
    TPL_INT,    /* #,##0 */
    TPL_NUMBER, /* #,##0.00 */
    TPL_YUAN,   /* fen shown as yuan, #,##0.00 */
    TPL_RATE,   /* a fraction shown as 0.0% */
    TPL_BLANK,  /* an empty column for the reader to fill in */
    TPL_SEQ     /* the row's sequence number, 1..n */
} tpl_type;

/* Colouring of a cell whose value misses a target. */
typedef enum {
    TPL_ALERT_NONE,
    TPL_ALERT_BELOW, /* value < threshold (a number or a {variable}) */
    TPL_ALERT_ABOVE, /* value > threshold */
    TPL_ALERT_FLAG   /* the row's field `flag` holds a non-zero number */
} tpl_alert;

/* A row filter: field equals / differs from a value, or starts / does not
 * start with one of a list of prefixes (prefix: [R_, O_]). */
typedef enum {
    TPL_WHERE_NONE,
    TPL_WHERE_EQUALS,
    TPL_WHERE_NOT,
    TPL_WHERE_PREFIX,
    TPL_WHERE_NOT_PREFIX
} tpl_where_op;

typedef struct {
    tpl_where_op op;
    const char *field;
    const char **values; /* one for EQUALS and NOT; each may hold {variables} */
    size_t nvalues;
    const char **matches; /* the values with them filled in (tpl_resolve) */
    const yaml_node_t *node;
} tpl_where;

typedef struct {
    const char **fields; /* the values added (their sum when more than one) */
    size_t nfields;
    rs_text title, title_unmasked, group; /* group: the upper header of a two-level header */
    tpl_type type;
    const char *type_field; /* per-row type: type_map[value of this field] */
    const char **type_keys;
    tpl_type *type_vals;
    size_t ntypes;
    const tpl_lookup *lookup; /* show lookup's text of the value instead of the value */
    double width;             /* 0: a default by type */
    tpl_alert alert;
    const char *alert_arg; /* threshold for BELOW/ABOVE, field for FLAG */
    double threshold;      /* BELOW/ABOVE: alert_arg resolved; NAN when it says nothing */
    const yaml_node_t *node;
} tpl_column;

typedef enum { TPL_TOTAL_NONE, TPL_TOTAL_MATCH, TPL_TOTAL_SUM } tpl_total_kind;

/* One table drawn from a dataset, after optional shaping:
 *   where  keep the rows that pass;
 *   pivot  one row per distinct `row` value, with a column "V.F" for each
 *          distinct value V of `column` and each field F of `values`;
 *   group  one row per distinct `by` value with a "count" column and the
 *          sums of `sums`; `keys` lists values shown even when absent.
 * Totals: MATCH moves the rows passing total_where to the end as the total
 * row; SUM adds a row of SUM() formulas carrying their computed values. */
typedef struct {
    const char *dataset;
    tpl_where where;
    const char *pivot_row, *pivot_column;
    const char **pivot_keep, **pivot_values;
    size_t npivot_keep, npivot_values;
    const char *group_by;
    const char **group_sums, **group_keys;
    size_t ngroup_sums, ngroup_keys;
    tpl_total_kind total;
    tpl_where total_where;
    rs_text total_label;
    tpl_column *cols;
    size_t ncols;
    bool two_level; /* some column has a group */
    bool autofilter, freeze;
    bool repeat_header; /* print the header rows atop every page (default true) */
    rs_text caption, empty;
    const yaml_node_t *node;
} tpl_table;

typedef enum {
    TPL_BLOCK_TITLE,
    TPL_BLOCK_SUBTITLE,
    TPL_BLOCK_TEXT,
    TPL_BLOCK_GAP,
    TPL_BLOCK_TABLE
} tpl_block_kind;

typedef struct {
    tpl_block_kind kind;
    rs_text text, right; /* right: a second text aligned right (TEXT) */
    long gap;            /* empty rows (GAP) */
    tpl_table table;     /* TABLE */
    const yaml_node_t *node;
} tpl_block;

typedef enum { TPL_CHART_LINE, TPL_CHART_COLUMN, TPL_CHART_BAR } tpl_chart_type;

/* A native Excel chart over the sheet's first table: categories from one
 * column, one series per field (each must be a column of that table).
 * Charts go below the sheet's content, one under the other.  A chart with
 * new_page (the default) starts a printed page, so that printing never cuts
 * it in two; its height is capped so that it fits on an A4 page. */
#define TPL_CHART_MAX_HEIGHT 600 /* pixels: under the printable height of A4 landscape */
typedef struct {
    tpl_chart_type type;
    rs_text title, y_title;
    const char *categories;
    const char **series;
    size_t nseries;
    long width, height; /* pixels */
    bool new_page;
    const yaml_node_t *node;
} tpl_chart;

typedef struct {
    rs_text name;
    tpl_block *blocks;
    size_t nblocks;
    tpl_chart *charts;
    size_t ncharts;
    bool landscape;
    const yaml_node_t *node;
} tpl_sheet;

typedef struct {
    rs_text file; /* output file name (with variables) */
    tpl_sheet *sheets;
    size_t nsheets;
} tpl_workbook;

/* ---- chart files --------------------------------------------------- */

typedef enum { TPL_FILE_PNG, TPL_FILE_SVG, TPL_FILE_PDF } tpl_file_format;

/* One item of the charts: section. */
typedef struct {
    chart_def *def;
    char *file; /* as given, or NAME.png (.svg, .pdf) */
    tpl_file_format format;
    double scale;     /* PNG pixels per point */
    chart_data *data; /* bound for the run (tpl_bind_charts) */
    const yaml_node_t *node;
} tpl_chart_item;

/* ---- the dashboard ------------------------------------------------- */

/* How a dashboard table shows a column: AUTO is fen for a money column of
 * the dataset (table.h), else text. */
typedef enum {
    TPL_DASH_TEXT,
    TPL_DASH_COUNT,
    TPL_DASH_FEN,
    TPL_DASH_YUAN,
    TPL_DASH_RATE,
    TPL_DASH_AUTO
} tpl_dash_format;

typedef struct {
    const char *field, *fallback; /* fallback: shown where field is empty */
    rs_text title, title_unmasked;
    const tpl_lookup *lookup;
    double width; /* a weight */
    tpl_dash_format format;
    const yaml_node_t *node;
} tpl_dash_column;

typedef struct {
    const char *name, *dataset, *sort; /* sort: descending by this field, NULL last */
    rs_text title, empty;
    long limit; /* 0: all the rows that fit */
    tpl_dash_column *cols;
    size_t ncols;
    const yaml_node_t *node;
} tpl_dash_table;

/* A panel: a chart (with its data, bound for the run) or a table. */
typedef struct {
    chart_def *chart;
    chart_data *data;
    const tpl_dash_table *table;
    double width; /* a weight */
    const yaml_node_t *node;
} tpl_dash_panel;

typedef struct {
    double height; /* points; 0: a share of what the fixed rows leave */
    tpl_dash_panel *panels;
    size_t npanels;
} tpl_dash_row;

typedef struct {
    tpl_dash_row *rows;
    size_t nrows;
    const yaml_node_t *node; /* its rows: */
} tpl_dash_page;

#define TPL_DASH_MAX_PAGES 3
typedef struct {
    rs_text file, title, subtitle, footer, footer_unmasked;
    tpl_dash_page *pages;
    size_t npages;
    tpl_dash_table *tables;
    size_t ntables;
} tpl_dashboard;

/* ---- the words renderers add ---------------------------------------- */

/* The words of report_templates/_words.yaml that renderers show, in the
 * run's language (tpl_resolve).  The patterns take the names given, filled
 * in with text_fill(). */
typedef struct {
    const char *lang;
    const char *no_data, *total, *yuan, *yuan_large, *target, *target_judged;
    const char *right_axis; /* {label} */
    const char *axis_unit;  /* {title}, {unit} */
    const char *page;       /* {page}, {pages} */
    const char *rows_shown; /* {shown}, {rows} */
    const char *sheet_footer;
    double yuan_large_size, yuan_large_from;
} tpl_words;

/* Read and check the words file at path into *out (every word a run
 * needs there, each pattern using only its names), and its renderers'
 * words in lang into *words (strings owned by *out).  Errors name the
 * file, the line and the word. */
rs_status tpl_words_load(const char *path, const char *lang, text_words **out, tpl_words *words,
                         rs_error *e);

/* ---- the template --------------------------------------------------- */

typedef struct tpl_report {
    yd_doc *doc;
    char *path;
    rs_text title;
    tpl_lookup *lookups;
    size_t nlookups;
    yd_doc *lookups_doc;    /* the document holding the lookups (doc or its own file) */
    char *lookups_path;     /* that file when separate, else NULL */
    tpl_workbook *workbook; /* NULL when the template has no workbook */
    tpl_chart_item *charts; /* the charts: section */
    size_t ncharts;
    tpl_dashboard *dashboard;        /* NULL when the template has none */
    struct tpl_report *dashboard_of; /* the template file it comes from, when not this one */
    const char **datasets;           /* the datasets a run reads, first named first */
    size_t ndatasets;
    tpl_words words;       /* tpl_resolve */
    GStringChunk *pool;    /* the texts as shown */
    GPtrArray *chart_defs; /* every chart definition loaded, owned */
    GPtrArray *allocs;     /* everything allocated for the structures above */
} tpl_report;

/* Load and check the template at path.  On success *out is a new template
 * the caller frees with tpl_free(). */
rs_status tpl_load(const char *path, tpl_report **out, rs_error *e);

/* Same from YAML text; name is used in messages. */
rs_status tpl_load_string(const char *name, const char *text, size_t len, tpl_report **out,
                          rs_error *e);

/* Free t; NULL is allowed. */
void tpl_free(tpl_report *t);

/* Resolve t for a run (see above): the language, variables and words of
 * run, and mask_unmasked for the titles of masked columns.  An unknown
 * variable, or a threshold that is not a number, fails naming file, line
 * and key. */
rs_status tpl_resolve(tpl_report *t, const text_run *run, const tpl_words *words, rs_error *e);

/* Bind the data of the charts of t's charts: section (tpl_bind_charts) or
 * of its dashboard's panels (tpl_bind_dashboard) from src, with the words
 * of run: t must be resolved.  Data bound before are replaced. */
rs_status tpl_bind_charts(tpl_report *t, const report_source *src, const text_run *run,
                          rs_error *e);
rs_status tpl_bind_dashboard(tpl_report *t, const report_source *src, const text_run *run,
                             rs_error *e);

/* The text of code in l as resolved, or NULL when l does not list it. */
const char *tpl_lookup_text(const tpl_lookup *l, const char *code);

/* Fail with "FILE:LINE: key 'key': message" for node of t. */
rs_status tpl_fail(const tpl_report *t, const yaml_node_t *node, const char *key, rs_error *e,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
