/*
 * template: a report pack's template (report_templates/NAME.yaml) read and
 * checked into a description the renderers draw from.  A template has the
 * top-level sections
 *
 *   title:      the pack's name (text)
 *   lookups:    named maps from a code to a text (zh/en), used by columns;
 *               or the name of a YAML file of such maps beside the template
 *   workbook:   the Excel workbook: file name, sheets, blocks, columns,
 *               native charts (drawn by xlsx.c)
 *   charts:     PNG charts (handed as a node to the chart renderer)
 *   dashboard:  the PDF dashboard (handed as a node to the dashboard renderer)
 *
 * Every text a reader sees is either one scalar or a mapping {zh: .., en: ..}
 * and may hold {variables} that the report runner expands.  A column's
 * title_unmasked, when given, is its title in a run with --unmasked (a
 * column of ID numbers says they are shown in full).  The whole
 * workbook section is checked when the template loads, so a misspelt key or
 * a wrong type fails before any query runs, naming file, line and key.
 *
 * Ownership: a tpl_report owns its YAML document and every structure below
 * it; strings point into the document; tpl_free() releases all.
 */
#ifndef RS_TEMPLATE_H
#define RS_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/yamldoc.h"

/* A text in both languages; either may be NULL (the other is used). */
typedef struct {
    const char *zh, *en;
} tpl_text;

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
    const yaml_node_t *node;
} tpl_where;

typedef struct {
    const char **fields; /* the values added (their sum when more than one) */
    size_t nfields;
    tpl_text title, group; /* group: the upper header of a two-level header */
    tpl_type type;
    const char *type_field; /* per-row type: type_map[value of this field] */
    const char **type_keys;
    tpl_type *type_vals;
    size_t ntypes;
    const char *lookup; /* show lookups[lookup][value] instead of the value */
    double width;       /* 0: a default by type */
    tpl_alert alert;
    const char *alert_arg; /* threshold for BELOW/ABOVE, field for FLAG */
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
    tpl_text total_label;
    tpl_column *cols;
    size_t ncols;
    bool two_level; /* some column has a group */
    bool autofilter, freeze;
    bool repeat_header; /* print the header rows atop every page (default true) */
    tpl_text caption, empty;
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
    tpl_text text, right; /* right: a second text aligned right (TEXT) */
    long gap;             /* empty rows (GAP) */
    tpl_table table;      /* TABLE */
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
    tpl_text title, y_title;
    const char *categories;
    const char **series;
    size_t nseries;
    long width, height; /* pixels */
    bool new_page;
    const yaml_node_t *node;
} tpl_chart;

typedef struct {
    tpl_text name;
    tpl_block *blocks;
    size_t nblocks;
    tpl_chart *charts;
    size_t ncharts;
    bool landscape;
    const yaml_node_t *node;
} tpl_sheet;

typedef struct {
    tpl_text file; /* output file name (with variables) */
    tpl_sheet *sheets;
    size_t nsheets;
} tpl_workbook;

typedef struct tpl_report {
    yd_doc *doc;
    char *path;
    tpl_text title;
    yaml_node_t *lookups;   /* mapping name -> mapping code -> text, or NULL */
    yd_doc *lookups_doc;    /* the document holding lookups (doc or its own file) */
    char *lookups_path;     /* that file when separate, else NULL */
    tpl_workbook *workbook; /* NULL when the template has no workbook */
    yaml_node_t *charts;    /* raw sections for other renderers, or NULL */
    yaml_node_t *dashboard;
    void **allocs; /* everything allocated for the structures above */
    size_t nallocs, capallocs;
} tpl_report;

/* Load and check the template at path.  On success *out is a new template
 * the caller frees with tpl_free(). */
rs_status tpl_load(const char *path, tpl_report **out, rs_error *e);

/* Same from YAML text; name is used in messages. */
rs_status tpl_load_string(const char *name, const char *text, size_t len, tpl_report **out,
                          rs_error *e);

/* Free t; NULL is allowed. */
void tpl_free(tpl_report *t);

/* The text in lang ("zh" or "en"), falling back to the other; "" if none. */
const char *tpl_text_get(const tpl_text *t, const char *lang);

/* Text of lookups[map][key] in lang, or NULL when the map has no such key. */
const char *tpl_lookup(const tpl_report *t, const char *map, const char *key, const char *lang);

/* Supplies the value of a {variable}: a string valid until the next call,
 * or NULL when the name is unknown. */
typedef const char *(*tpl_var_fn)(void *arg, const char *name);

/* Expand the {name} variables of text into a new string (*out, freed by
 * the caller).  "{{" and "}}" stand for braces.  An unknown variable fails
 * naming the template file and node's line. */
rs_status tpl_expand(const tpl_report *t, const yaml_node_t *node, const char *text, tpl_var_fn var,
                     void *arg, char **out, rs_error *e);

/* Fail with "FILE:LINE: key 'key': message" for node of t. */
rs_status tpl_fail(const tpl_report *t, const yaml_node_t *node, const char *key, rs_error *e,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
