/*
 * xlsx: drawing a template's workbook with libxlsxwriter.  Each sheet is a
 * column of blocks (title, subtitle, text rows, gaps, tables) laid out top
 * to bottom; the widest table sets the width that titles are merged across.
 * Tables are shaped from their dataset (filter, pivot or group), then drawn
 * with their headers, body rows, total row and formats; numbers are always
 * written as numeric cells, money converted from fen to yuan.
 */
#include "render/xlsx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "base/alloc.h"
#include "base/common.h"
#include "base/file.h"

enum { V_BODY, V_TOTAL, V_ALERT, V_ALERT_TOTAL, NVARIANTS };
#define NTYPES (TPL_SEQ + 1)

/* The formats of one workbook, made once. */
typedef struct {
    lxw_format *title, *subtitle, *text, *text_right, *caption, *header, *empty, *alert_cf;
    lxw_format *cell[NTYPES][NVARIANTS];
    lxw_format *text_number[NVARIANTS]; /* a number in a text column */
} xlsx_formats;

typedef struct {
    const tpl_report *t;
    const report_source *src;
    lxw_workbook *wb;
    xlsx_formats f;
} render_state;

/* A shaped table ready to draw: body rows then total rows (indices into
 * data), and for each template column the indices of its fields (-1: a
 * pivot column absent from the data, shown empty). */
typedef struct {
    rs_table *data;
    size_t *body, nbody, *total, ntotal;
    int **field_idx; /* per column, nfields indices */
    int *type_idx;   /* per column: the type_by field, or -1 */
    int *flag_idx;   /* per column: the alert flag field, or -1 */
} shaped_table;

/* Where a drawn table landed, for charts. */
typedef struct {
    const tpl_table *tb;
    int header_row, first_row, last_row; /* body rows; last < first when empty */
} placed_table;

static rs_status lxw_fail(rs_error *e, lxw_error err, const char *what)
{
    return rs_fail(e, RS_EIO, "writing the workbook (%s): %s", what, lxw_strerror(err));
}

/* libxlsxwriter could not allocate (it returns NULL and carries on). */
static rs_status no_memory(rs_error *e)
{
    return rs_fail(e, RS_ENOMEM, "out of memory");
}

/* ---------------------------------------------------------------- formats */

static lxw_format *new_format(lxw_workbook *wb, const char *num, bool bold, bool border,
                              uint8_t align)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f) return NULL;
    format_set_font_name(f, "Noto Sans CJK SC");
    format_set_font_size(f, 10);
    if (num) format_set_num_format(f, num);
    if (bold) format_set_bold(f);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (align) format_set_align(f, align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

/* Apply variant v (total: bold with a fill; alert: red fill) to f. */
static void style_variant(lxw_format *f, int v)
{
    if (v == V_TOTAL || v == V_ALERT_TOTAL) {
        format_set_bold(f);
        format_set_bg_color(f, 0xF2F2F2);
    }
    if (v == V_ALERT || v == V_ALERT_TOTAL) {
        format_set_bg_color(f, 0xFFC7CE);
        format_set_font_color(f, 0x9C0006);
    }
}

static rs_status make_formats(render_state *st, rs_error *e)
{
    static const char *const nums[NTYPES] = {NULL,   "#,##0", "#,##0.00", "#,##0.00",
                                             "0.0%", NULL,    "0"};
    lxw_workbook *wb = st->wb;
    xlsx_formats *f = &st->f;
    if (!(f->title = new_format(wb, NULL, true, false, LXW_ALIGN_CENTER)) ||
        !(f->subtitle = new_format(wb, NULL, false, false, LXW_ALIGN_CENTER)) ||
        !(f->text = new_format(wb, NULL, false, false, LXW_ALIGN_LEFT)) ||
        !(f->text_right = new_format(wb, NULL, false, false, LXW_ALIGN_RIGHT)) ||
        !(f->caption = new_format(wb, NULL, true, false, LXW_ALIGN_LEFT)) ||
        !(f->header = new_format(wb, NULL, true, true, LXW_ALIGN_CENTER)) ||
        !(f->empty = new_format(wb, NULL, false, true, LXW_ALIGN_CENTER)) ||
        !(f->alert_cf = workbook_add_format(wb)))
        return no_memory(e);
    format_set_font_size(f->title, 16);
    format_set_font_size(f->caption, 11);
    format_set_text_wrap(f->header);
    format_set_bg_color(f->header, 0xDDEBF7);
    format_set_bg_color(f->alert_cf, 0xFFC7CE);
    format_set_font_color(f->alert_cf, 0x9C0006);
    for (int ty = 0; ty < NTYPES; ty++) {
        for (int v = 0; v < NVARIANTS; v++) {
            uint8_t align = ty == TPL_TEXT || ty == TPL_BLANK ? LXW_ALIGN_LEFT : 0;
            if (!(f->cell[ty][v] = new_format(wb, nums[ty], false, true, align)))
                return no_memory(e);
            style_variant(f->cell[ty][v], v);
            if (ty == TPL_TEXT) {
                if (!(f->text_number[v] = new_format(wb, "0", false, true, LXW_ALIGN_LEFT)))
                    return no_memory(e);
                style_variant(f->text_number[v], v);
            }
        }
    }
    return RS_OK;
}

/* ---------------------------------------------------------------- shaping */

/* The text of a value into buf (integers exactly, NULL as ""); returns buf
 * or the value's own string. */
STATIC const char *value_text(const rs_value *v, char *buf, size_t n)
{
    switch (v->type) {
    case VAL_INT:
        snprintf(buf, n, "%lld", (long long)v->i);
        return buf;
    case VAL_REAL:
        snprintf(buf, n, "%.15g", v->d);
        return buf;
    case VAL_TEXT:
        return v->s;
    default:
        buf[0] = '\0';
        return buf;
    }
}

/* Index of column name in t, or a template error at node naming the dataset
 * and its columns. */
static rs_status need_col(const tpl_report *tp, const yaml_node_t *node, const char *key,
                          const char *dataset, const rs_table *t, const char *name, int *out,
                          rs_error *e)
{
    char have[1024] = "";
    size_t len = 0;
    if ((*out = table_col(t, name)) >= 0) return RS_OK;
    for (int c = 0; c < t->ncols && len < sizeof have - 64; c++)
        len += (size_t)snprintf(have + len, sizeof have - len, "%s%s", c ? ", " : "", t->names[c]);
    return tpl_fail(tp, node, key, e, "dataset '%s' has no column '%s' (it has: %s)", dataset, name,
                    have);
}

/* The indices in t of the n columns names (named at tb's node under key)
 * into idx, failing as need_col. */
static rs_status need_cols(const tpl_report *tp, const tpl_table *tb, const char *key,
                           const rs_table *t, const char *const *names, size_t n, int *idx,
                           rs_error *e)
{
    rs_status s = RS_OK;
    for (size_t i = 0; i < n && s == RS_OK; i++)
        s = need_col(tp, tb->node, key, tb->dataset, t, names[i], &idx[i], e);
    return s;
}

/* True if row r of t passes w (resolved): equals or differs from its value,
 * starts or does not start with one of its prefixes. */
static bool where_pass(const rs_table *t, size_t r, int col, const tpl_where *w)
{
    char buf[64];
    const char *s = value_text(table_cell(t, r, col), buf, sizeof buf);
    bool prefixed = false;
    switch (w->op) {
    case TPL_WHERE_EQUALS:
        return strcmp(s, w->matches[0]) == 0;
    case TPL_WHERE_NOT:
        return strcmp(s, w->matches[0]) != 0;
    case TPL_WHERE_PREFIX:
    case TPL_WHERE_NOT_PREFIX:
        for (size_t i = 0; i < w->nvalues && !prefixed; i++)
            prefixed = strncmp(s, w->matches[i], strlen(w->matches[i])) == 0;
        return prefixed == (w->op == TPL_WHERE_PREFIX);
    default:
        return true;
    }
}

/* Index of s in the list v[0..n), or -1. */
static long find_name(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0) return (long)i;
    return -1;
}

/* Append a copy of s to the list *v of *n names unless present. */
static void add_name(char ***v, size_t *n, const char *s)
{
    if (find_name(*v, *n, s) >= 0) return;
    *v = rs_realloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = rs_strdup(s);
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The rows of in passing the table's where filter, as a new table. */
static rs_status filter_rows(const render_state *st, const tpl_table *tb, const rs_table *in,
                             rs_table **out, rs_error *e)
{
    int col = -1;
    rs_status s = RS_OK;
    rs_table *t = table_new(in->ncols, (const char *const *)in->names);
    if (tb->where.op != TPL_WHERE_NONE && (s = need_col(st->t, tb->where.node, "where", tb->dataset,
                                                        in, tb->where.field, &col, e)) != RS_OK)
        goto done;
    for (size_t r = 0; r < in->nrows; r++) {
        if (col >= 0 && !where_pass(in, r, col, &tb->where)) continue;
        size_t nr = table_add_row(t);
        for (int c = 0; c < in->ncols; c++)
            table_copy_value(t, nr, c, table_cell(in, r, c));
    }
done:
    if (s != RS_OK) {
        table_free(t);
        t = NULL;
    }
    *out = t;
    return s;
}

/* Pivot in: one row per distinct value of pivot_row (first-seen order)
 * holding that field, the keep fields (from its first row) and a column
 * "V.F" per distinct pivot_column value V and value field F. */
STATIC rs_status pivot_table(const tpl_report *tp, const tpl_table *tb, const rs_table *in,
                             rs_table **out, rs_error *e)
{
    char **keys = NULL, **vals = NULL, **names = NULL, buf[64];
    size_t nkeys = 0, nvals = 0, nnames = 0;
    int rc, cc, *keep = rs_calloc(tb->npivot_keep + 1, sizeof *keep);
    int *vc = rs_calloc(tb->npivot_values, sizeof *vc);
    rs_table *t = NULL;
    rs_status s = RS_OK;
    if ((s = need_col(tp, tb->node, "pivot", tb->dataset, in, tb->pivot_row, &rc, e)) != RS_OK ||
        (s = need_col(tp, tb->node, "pivot", tb->dataset, in, tb->pivot_column, &cc, e)) != RS_OK ||
        (s = need_cols(tp, tb, "keep", in, tb->pivot_keep, tb->npivot_keep, keep, e)) != RS_OK ||
        (s = need_cols(tp, tb, "values", in, tb->pivot_values, tb->npivot_values, vc, e)) != RS_OK)
        goto done;
    for (size_t r = 0; r < in->nrows; r++) {
        add_name(&keys, &nkeys, value_text(table_cell(in, r, rc), buf, sizeof buf));
        add_name(&vals, &nvals, value_text(table_cell(in, r, cc), buf, sizeof buf));
    }
    add_name(&names, &nnames, tb->pivot_row);
    for (size_t i = 0; i < tb->npivot_keep; i++)
        add_name(&names, &nnames, tb->pivot_keep[i]);
    for (size_t v = 0; v < nvals; v++) {
        for (size_t f = 0; f < tb->npivot_values; f++) {
            char name[256];
            snprintf(name, sizeof name, "%s.%s", vals[v], tb->pivot_values[f]);
            add_name(&names, &nnames, name);
        }
    }
    size_t fixed = 1 + tb->npivot_keep;
    t = table_new((int)nnames, (const char *const *)names);
    for (size_t k = 0; k < nkeys; k++)
        table_add_row(t);
    for (size_t r = 0; r < in->nrows; r++) {
        size_t k =
            (size_t)find_name(keys, nkeys, value_text(table_cell(in, r, rc), buf, sizeof buf));
        size_t v =
            (size_t)find_name(vals, nvals, value_text(table_cell(in, r, cc), buf, sizeof buf));
        if (table_cell(t, k, 0)->type == VAL_NULL) {
            table_copy_value(t, k, 0, table_cell(in, r, rc));
            for (size_t i = 0; i < tb->npivot_keep; i++)
                table_copy_value(t, k, (int)(1 + i), table_cell(in, r, keep[i]));
        }
        for (size_t f = 0; f < tb->npivot_values; f++)
            table_copy_value(t, k, (int)(fixed + v * tb->npivot_values + f),
                             table_cell(in, r, vc[f]));
    }
done:
    free_names(keys, nkeys);
    free_names(vals, nvals);
    free_names(names, nnames);
    free(keep);
    free(vc);
    if (s != RS_OK) {
        table_free(t);
        t = NULL;
    }
    *out = t;
    return s;
}

/* Add value v to the running sum in cell (row, col) of t: integers stay
 * integers, anything real makes the sum real; NULL adds nothing. */
static void add_to(rs_table *t, size_t row, int col, const rs_value *v)
{
    rs_value *sum = table_cell(t, row, col);
    if (v->type != VAL_INT && v->type != VAL_REAL) return;
    if (sum->type == VAL_NULL && v->type == VAL_INT)
        table_set_int(t, row, col, v->i);
    else if (sum->type == VAL_INT && v->type == VAL_INT)
        table_set_int(t, row, col, sum->i + v->i);
    else
        table_set_real(t, row, col,
                       (sum->type == VAL_INT    ? (double)sum->i
                        : sum->type == VAL_REAL ? sum->d
                                                : 0) +
                           (v->type == VAL_INT ? (double)v->i : v->d));
}

/* Group in by group_by: one row per value (the listed keys first, then the
 * others as first seen) with "count" and the sums of group_sums. */
STATIC rs_status group_table(const tpl_report *tp, const tpl_table *tb, const rs_table *in,
                             rs_table **out, rs_error *e)
{
    char **keys = NULL, **names = NULL, buf[64];
    size_t nkeys = 0, nnames = 0;
    int bc, *sc = rs_calloc(tb->ngroup_sums + 1, sizeof *sc);
    rs_table *t = NULL;
    rs_status s = RS_OK;
    if ((s = need_col(tp, tb->node, "group", tb->dataset, in, tb->group_by, &bc, e)) != RS_OK ||
        (s = need_cols(tp, tb, "sums", in, tb->group_sums, tb->ngroup_sums, sc, e)) != RS_OK)
        goto done;
    for (size_t i = 0; i < tb->ngroup_keys; i++)
        add_name(&keys, &nkeys, tb->group_keys[i]);
    size_t listed = nkeys;
    for (size_t r = 0; r < in->nrows; r++)
        add_name(&keys, &nkeys, value_text(table_cell(in, r, bc), buf, sizeof buf));
    add_name(&names, &nnames, tb->group_by);
    add_name(&names, &nnames, "count");
    for (size_t i = 0; i < tb->ngroup_sums; i++)
        add_name(&names, &nnames, tb->group_sums[i]);
    t = table_new((int)nnames, (const char *const *)names);
    for (size_t k = 0; k < nkeys; k++) {
        table_add_row(t);
        if (k < listed) table_set_text(t, k, 0, keys[k]);
        table_set_int(t, k, 1, 0);
    }
    for (size_t r = 0; r < in->nrows; r++) {
        size_t k =
            (size_t)find_name(keys, nkeys, value_text(table_cell(in, r, bc), buf, sizeof buf));
        if (table_cell(t, k, 0)->type == VAL_NULL) table_copy_value(t, k, 0, table_cell(in, r, bc));
        table_set_int(t, k, 1, table_cell(t, k, 1)->i + 1);
        for (size_t i = 0; i < tb->ngroup_sums; i++)
            add_to(t, k, (int)(2 + i), table_cell(in, r, sc[i]));
    }
done:
    free_names(keys, nkeys);
    free_names(names, nnames);
    free(sc);
    if (s != RS_OK) {
        table_free(t);
        t = NULL;
    }
    *out = t;
    return s;
}

static void shaped_free(shaped_table *sh, const tpl_table *tb)
{
    table_free(sh->data);
    free(sh->body);
    free(sh->total);
    if (sh->field_idx)
        for (size_t i = 0; i < tb->ncols; i++)
            free(sh->field_idx[i]);
    free(sh->field_idx);
    free(sh->type_idx);
    free(sh->flag_idx);
    memset(sh, 0, sizeof *sh);
}

/* Resolve every column's fields, type_by and alert against sh->data. */
static rs_status resolve_columns(render_state *st, const tpl_table *tb, shaped_table *sh,
                                 rs_error *e)
{
    bool pivoted = tb->pivot_row != NULL;
    rs_status s;
    sh->field_idx = rs_calloc(tb->ncols, sizeof *sh->field_idx);
    sh->type_idx = rs_calloc(tb->ncols, sizeof *sh->type_idx);
    sh->flag_idx = rs_calloc(tb->ncols, sizeof *sh->flag_idx);
    for (size_t i = 0; i < tb->ncols; i++) {
        const tpl_column *c = &tb->cols[i];
        sh->type_idx[i] = sh->flag_idx[i] = -1;
        sh->field_idx[i] = rs_calloc(c->nfields + 1, sizeof(int));
        for (size_t f = 0; f < c->nfields; f++) {
            /* A pivot's columns exist only for values present in the data. */
            if (pivoted && strchr(c->fields[f], '.'))
                sh->field_idx[i][f] = table_col(sh->data, c->fields[f]);
            else if ((s = need_col(st->t, c->node, "field", tb->dataset, sh->data, c->fields[f],
                                   &sh->field_idx[i][f], e)) != RS_OK)
                return s;
        }
        if (c->type_field && (s = need_col(st->t, c->node, "type_by", tb->dataset, sh->data,
                                           c->type_field, &sh->type_idx[i], e)) != RS_OK)
            return s;
        if (c->alert == TPL_ALERT_FLAG &&
            (s = need_col(st->t, c->node, "alert", tb->dataset, sh->data, c->alert_arg,
                          &sh->flag_idx[i], e)) != RS_OK)
            return s;
    }
    return RS_OK;
}

/* Shape dataset in for table tb: filter, pivot or group, split body and
 * total rows, resolve columns.  sh is filled on success (free with
 * shaped_free); in is not changed. */
static rs_status shape(render_state *st, const tpl_table *tb, const rs_table *in, shaped_table *sh,
                       rs_error *e)
{
    rs_table *filtered = NULL;
    int tc = -1;
    rs_status s = filter_rows(st, tb, in, &filtered, e);
    memset(sh, 0, sizeof *sh);
    if (s != RS_OK) return s;
    if (tb->pivot_row)
        s = pivot_table(st->t, tb, filtered, &sh->data, e);
    else if (tb->group_by)
        s = group_table(st->t, tb, filtered, &sh->data, e);
    else {
        sh->data = filtered;
        filtered = NULL;
    }
    if (s != RS_OK) goto done;
    sh->body = rs_calloc(sh->data->nrows + 1, sizeof *sh->body);
    sh->total = rs_calloc(sh->data->nrows + 1, sizeof *sh->total);
    if (tb->total == TPL_TOTAL_MATCH &&
        (s = need_col(st->t, tb->total_where.node, "match", tb->dataset, sh->data,
                      tb->total_where.field, &tc, e)) != RS_OK)
        goto done;
    for (size_t r = 0; r < sh->data->nrows; r++) {
        if (tc >= 0 && where_pass(sh->data, r, tc, &tb->total_where))
            sh->total[sh->ntotal++] = r;
        else
            sh->body[sh->nbody++] = r;
    }
    s = resolve_columns(st, tb, sh, e);
done:
    table_free(filtered);
    if (s != RS_OK) shaped_free(sh, tb);
    return s;
}

/* ---------------------------------------------------------------- cells */

/* The value of column c in row r: its one field, or the sum of its fields
 * (NULL when all are NULL). */
static rs_value column_value(const tpl_table *tb, const shaped_table *sh, size_t c, size_t r)
{
    rs_value v = {0};
    for (size_t f = 0; f < tb->cols[c].nfields; f++) {
        int idx = sh->field_idx[c][f];
        if (idx < 0) continue;
        const rs_value *x = table_cell(sh->data, r, idx);
        if (tb->cols[c].nfields == 1) return *x;
        if (x->type == VAL_INT && v.type != VAL_REAL) {
            v.type = VAL_INT;
            v.i += x->i;
        } else if (x->type == VAL_INT || x->type == VAL_REAL) {
            v.d = (v.type == VAL_INT ? (double)v.i : v.d) +
                  (x->type == VAL_INT ? (double)x->i : x->d);
            v.type = VAL_REAL;
        }
    }
    return v;
}

/* The type column c takes in row r (its type_by map, else its type). */
static tpl_type column_type(const tpl_table *tb, const shaped_table *sh, size_t c, size_t r)
{
    const tpl_column *col = &tb->cols[c];
    char buf[64];
    if (sh->type_idx[c] < 0) return col->type;
    const char *k = value_text(table_cell(sh->data, r, sh->type_idx[c]), buf, sizeof buf);
    for (size_t i = 0; i < col->ntypes; i++)
        if (strcmp(col->type_keys[i], k) == 0) return col->type_vals[i];
    return col->type;
}

/* The number a numeric cell shows for v of type ty (fen become yuan). */
static double shown_number(const rs_value *v, tpl_type ty)
{
    double d = v->type == VAL_INT ? (double)v->i : v->d;
    return ty == TPL_YUAN ? d / 100.0 : d;
}

/* Write one cell of a table. */
static rs_status write_cell(render_state *st, lxw_worksheet *ws, int row, int col,
                            const tpl_column *c, tpl_type ty, const rs_value *v, long seq,
                            int variant, rs_error *e)
{
    lxw_format *fmt = st->f.cell[ty][variant];
    char buf[64];
    lxw_error err;
    if (ty == TPL_SEQ)
        err = seq > 0 ? worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)seq, fmt)
                      : worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, fmt);
    else if (ty == TPL_BLANK || v->type == VAL_NULL)
        err = worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, fmt);
    else if (v->type == VAL_TEXT || c->lookup) {
        const char *s = value_text(v, buf, sizeof buf);
        const char *shown = c->lookup ? tpl_lookup_text(c->lookup, s) : NULL;
        err = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, shown ? shown : s,
                                     st->f.cell[TPL_TEXT][variant]);
    } else if (ty == TPL_TEXT)
        err = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, shown_number(v, ty),
                                     v->type == VAL_INT ? st->f.text_number[variant] : fmt);
    else
        err = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, shown_number(v, ty), fmt);
    return err == LXW_NO_ERROR ? RS_OK : lxw_fail(e, err, "cell");
}

/* ---------------------------------------------------------------- layout */

/* Display width of UTF-8 text in character cells (CJK counts two). */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80) w += *p < 0x80 ? 1.0 : 2.0;
    return w;
}

/* Merge cells (r, c0)..(r1, c1) with text, or write one cell. */
static rs_status put_text(lxw_worksheet *ws, int r, int c0, int r1, int c1, const char *text,
                          lxw_format *f, rs_error *e)
{
    lxw_error err = (r == r1 && c0 == c1)
                        ? worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c0, text, f)
                        : worksheet_merge_range(ws, (lxw_row_t)r, (lxw_col_t)c0, (lxw_row_t)r1,
                                                (lxw_col_t)c1, text, f);
    return err == LXW_NO_ERROR ? RS_OK : lxw_fail(e, err, "text");
}

/* Write the header rows of tb at row; returns the number of rows used. */
static rs_status write_header(render_state *st, lxw_worksheet *ws, const tpl_table *tb, int row,
                              int *used, rs_error *e)
{
    int last = tb->two_level ? row + 1 : row;
    rs_status s = RS_OK;
    for (size_t i = 0; i < tb->ncols && s == RS_OK; i++) {
        const tpl_column *c = &tb->cols[i];
        const char *title = c->title.shown, *group = c->group.shown;
        if (!*group) {
            s = put_text(ws, row, (int)i, last, (int)i, title, st->f.header, e);
            continue;
        }
        if (i == 0 || strcmp(group, tb->cols[i - 1].group.shown) != 0) {
            size_t j = i;
            while (j + 1 < tb->ncols && strcmp(group, tb->cols[j + 1].group.shown) == 0)
                j++;
            s = put_text(ws, row, (int)i, row, (int)j, group, st->f.header, e);
        }
        if (s == RS_OK) s = put_text(ws, last, (int)i, last, (int)i, title, st->f.header, e);
    }
    *used = last - row + 1;
    if (s == RS_OK) worksheet_set_row(ws, (lxw_row_t)last, tb->two_level ? 30 : 32, NULL);
    return s;
}

/* The label of a total row goes in the first text column (-1: no label). */
static long label_column(const tpl_table *tb)
{
    if (!text_given(&tb->total_label)) return -1;
    for (size_t i = 0; i < tb->ncols; i++)
        if (tb->cols[i].type == TPL_TEXT) return (long)i;
    return -1;
}

/* A total row of SUM() formulas over body rows first..last, each carrying
 * the sum it computes so that every reader shows it. */
static rs_status write_sum_row(render_state *st, lxw_worksheet *ws, const tpl_table *tb,
                               const shaped_table *sh, int row, int first, int last, rs_error *e)
{
    long label = label_column(tb);
    rs_status s = RS_OK;
    for (size_t i = 0; i < tb->ncols && s == RS_OK; i++) {
        tpl_type ty = tb->cols[i].type;
        lxw_format *fmt = st->f.cell[ty][V_TOTAL];
        lxw_error err;
        if ((long)i == label) {
            err = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i, tb->total_label.shown,
                                         fmt);
        } else if ((ty == TPL_INT || ty == TPL_NUMBER || ty == TPL_YUAN) && last >= first) {
            char range[32], formula[64];
            double sum = 0;
            for (size_t r = 0; r < sh->nbody; r++) {
                rs_value v = column_value(tb, sh, i, sh->body[r]);
                if (v.type == VAL_INT || v.type == VAL_REAL)
                    sum += shown_number(&v, column_type(tb, sh, i, sh->body[r]));
            }
            lxw_rowcol_to_range(range, (lxw_row_t)first, (lxw_col_t)i, (lxw_row_t)last,
                                (lxw_col_t)i);
            snprintf(formula, sizeof formula, "=SUM(%s)", range);
            err = worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)i, formula, fmt, sum);
        } else {
            err = worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)i, fmt);
        }
        if (err != LXW_NO_ERROR) s = lxw_fail(e, err, "total");
    }
    return s;
}

/* Write the data row r of sh at sheet row `row`: body (seq > 0) or total. */
static rs_status write_row(render_state *st, lxw_worksheet *ws, const tpl_table *tb,
                           const shaped_table *sh, size_t r, int row, long seq, rs_error *e)
{
    bool total = seq == 0;
    long label = total ? label_column(tb) : -1;
    rs_status s = RS_OK;
    for (size_t i = 0; i < tb->ncols && s == RS_OK; i++) {
        rs_value v = column_value(tb, sh, i, r);
        tpl_type ty = column_type(tb, sh, i, r);
        bool alert = false;
        if (sh->flag_idx[i] >= 0) {
            const rs_value *fl = table_cell(sh->data, r, sh->flag_idx[i]);
            alert = (fl->type == VAL_INT && fl->i != 0) || (fl->type == VAL_REAL && fl->d != 0);
        }
        int variant = total ? (alert ? V_ALERT_TOTAL : V_TOTAL) : (alert ? V_ALERT : V_BODY);
        if ((long)i == label) {
            rs_value lab = {.type = VAL_TEXT, .s = (char *)tb->total_label.shown};
            s = write_cell(st, ws, row, (int)i, &(tpl_column){0}, TPL_TEXT, &lab, 0, variant, e);
        } else {
            s = write_cell(st, ws, row, (int)i, &tb->cols[i], ty, &v, seq, variant, e);
        }
    }
    return s;
}

/* Conditional colours for the BELOW/ABOVE alerts of tb over rows first..last. */
static rs_status add_alerts(render_state *st, lxw_worksheet *ws, const tpl_table *tb,
                            const shaped_table *sh, int first, int last, rs_error *e)
{
    for (size_t i = 0; i < tb->ncols; i++) {
        if (isnan(tb->cols[i].threshold) || last < first) continue;
        char cell[16], formula[96];
        lxw_rowcol_to_cell(cell, (lxw_row_t)first, (lxw_col_t)i);
        snprintf(formula, sizeof formula, "=AND(ISNUMBER(%s),%s%s%.10g)", cell, cell,
                 tb->cols[i].alert == TPL_ALERT_BELOW ? "<" : ">", tb->cols[i].threshold);
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                     .value_string = formula,
                                     .format = st->f.alert_cf};
        lxw_error err = worksheet_conditional_format_range(ws, (lxw_row_t)first, (lxw_col_t)i,
                                                           (lxw_row_t)last, (lxw_col_t)i, &cf);
        if (err != LXW_NO_ERROR) return lxw_fail(e, err, "conditional format");
    }
    return RS_OK;
}

/* Widen the columns of widths[] for tb's titles and text. */
/* Display width of the number d in the format of type ty (make_formats),
 * or 0 when ty shows no number. */
static double number_width(double d, tpl_type ty)
{
    char buf[64];
    if (ty == TPL_RATE) return snprintf(buf, sizeof buf, "%.1f%%", d * 100);
    if (ty != TPL_INT && ty != TPL_NUMBER && ty != TPL_YUAN) return 0;
    int digits = snprintf(buf, sizeof buf, "%.0f", fabs(d));
    return digits + (digits - 1) / 3 + (d < 0) + (ty == TPL_INT ? 0 : 3);
}

static void measure(const render_state *st, const tpl_table *tb, const shaped_table *sh,
                    double *widths)
{
    static const double base[NTYPES] = {10, 9, 12, 13, 9, 24, 5};
    char buf[64];
    for (size_t i = 0; i < tb->ncols; i++) {
        const tpl_column *c = &tb->cols[i];
        double w = c->width > 0 ? c->width : base[c->type], sum = 0;
        double tw = text_width(c->title.shown) + 2;
        if (c->width <= 0 && tw > w) w = tw > 20 ? 20 : tw;
        for (size_t r = 0; c->width <= 0 && r < sh->data->nrows; r++) {
            rs_value v = column_value(tb, sh, i, r);
            double dw = 0;
            if (c->type == TPL_TEXT) {
                const char *s = value_text(&v, buf, sizeof buf);
                const char *shown = c->lookup ? tpl_lookup_text(c->lookup, s) : NULL;
                dw = text_width(shown ? shown : s);
            } else if (!c->lookup && (v.type == VAL_INT || v.type == VAL_REAL)) {
                /* Numbers too wide for the column would show as ###. */
                tpl_type ty = column_type(tb, sh, i, r);
                sum += fabs(shown_number(&v, ty));
                dw = number_width(shown_number(&v, ty), ty);
                if (tb->total == TPL_TOTAL_SUM && ty != TPL_RATE && number_width(sum, ty) > dw)
                    dw = number_width(sum, ty); /* a bound on the SUM() row */
            }
            if (dw + 2 > w) w = dw + 2 > 40 ? 40 : dw + 2;
        }
        if (w > widths[i]) widths[i] = w;
    }
}

/* ---------------------------------------------------------------- sheets */

/* Write a text, title or subtitle block across width columns at row. */
static rs_status write_text_block(render_state *st, lxw_worksheet *ws, const tpl_block *b, int row,
                                  int width, rs_error *e)
{
    int mid = width > 1 ? width / 2 : width;
    lxw_format *f = b->kind == TPL_BLOCK_TITLE      ? st->f.title
                    : b->kind == TPL_BLOCK_SUBTITLE ? st->f.subtitle
                                                    : st->f.text;
    rs_status s;
    if (text_given(&b->right) && width > 1) {
        if ((s = put_text(ws, row, 0, row, mid - 1, b->text.shown, f, e)) == RS_OK)
            s = put_text(ws, row, mid, row, width - 1, b->right.shown, st->f.text_right, e);
    } else {
        s = put_text(ws, row, 0, row, width - 1, b->text.shown, f, e);
    }
    if (s == RS_OK && b->kind == TPL_BLOCK_TITLE) worksheet_set_row(ws, (lxw_row_t)row, 30, NULL);
    return s;
}

/* Draw table block b at *row; advances *row past it and records where the
 * body landed in *pl.  The first table of a sheet (first) sets the frozen
 * panes, the repeated print rows (unless it says repeat_header: false) and
 * the autofilter. */
static rs_status write_table(render_state *st, lxw_worksheet *ws, const tpl_table *tb,
                             const shaped_table *sh, int *row, bool first, int width,
                             placed_table *pl, rs_error *e)
{
    int hdr = *row, used = 0;
    rs_status s = RS_OK;
    if (text_given(&tb->caption)) {
        if ((s = put_text(ws, hdr, 0, hdr, width - 1, tb->caption.shown, st->f.caption, e)) !=
            RS_OK)
            return s;
        hdr++;
    }
    if ((s = write_header(st, ws, tb, hdr, &used, e)) != RS_OK) return s;
    int r0 = hdr + used, r = r0;
    for (size_t i = 0; i < sh->nbody && s == RS_OK; i++)
        s = write_row(st, ws, tb, sh, sh->body[i], r++, (long)i + 1, e);
    int last_body = r - 1;
    if (s == RS_OK && sh->nbody == 0 && text_given(&tb->empty)) {
        s = put_text(ws, r, 0, r, (int)tb->ncols - 1, tb->empty.shown, st->f.empty, e);
        r++;
    }
    for (size_t i = 0; i < sh->ntotal && s == RS_OK; i++)
        s = write_row(st, ws, tb, sh, sh->total[i], r++, 0, e);
    if (s == RS_OK && tb->total == TPL_TOTAL_SUM)
        s = write_sum_row(st, ws, tb, sh, r++, r0, last_body, e);
    if (s == RS_OK) s = add_alerts(st, ws, tb, sh, r0, r - 1, e);
    if (s != RS_OK) return s;
    if (first) {
        if (tb->repeat_header) worksheet_repeat_rows(ws, (lxw_row_t)hdr, (lxw_row_t)(r0 - 1));
        if (tb->freeze) worksheet_freeze_panes(ws, (lxw_row_t)r0, 1);
        if (tb->autofilter && sh->nbody > 0)
            worksheet_autofilter(ws, (lxw_row_t)(r0 - 1), 0, (lxw_row_t)last_body,
                                 (lxw_col_t)(tb->ncols - 1));
    }
    *pl = (placed_table){tb, r0 - 1, r0, last_body};
    *row = r;
    return RS_OK;
}

/* Column index of the single-field column showing field in tb (checked at load). */
static int column_of(const tpl_table *tb, const char *field)
{
    for (size_t i = 0; i < tb->ncols; i++)
        if (tb->cols[i].nfields == 1 && strcmp(tb->cols[i].fields[0], field) == 0) return (int)i;
    return 0;
}

/* Insert chart c over the table placed at pl, its top-left corner at row. */
static rs_status write_chart(render_state *st, lxw_worksheet *ws, const char *sheet_name,
                             const tpl_chart *c, const placed_table *pl, int row, rs_error *e)
{
    static const uint8_t types[] = {LXW_CHART_LINE, LXW_CHART_COLUMN, LXW_CHART_BAR};
    lxw_chart *chart = workbook_add_chart(st->wb, types[c->type]);
    if (!chart) return no_memory(e);
    chart_title_set_name(chart, c->title.shown);
    if (text_given(&c->y_title)) chart_axis_set_name(chart->y_axis, c->y_title.shown);
    int cat = column_of(pl->tb, c->categories);
    for (size_t k = 0; k < c->nseries; k++) {
        int col = column_of(pl->tb, c->series[k]);
        lxw_chart_series *se = chart_add_series(chart, NULL, NULL);
        if (!se) return no_memory(e);
        chart_series_set_categories(se, sheet_name, (lxw_row_t)pl->first_row, (lxw_col_t)cat,
                                    (lxw_row_t)pl->last_row, (lxw_col_t)cat);
        chart_series_set_values(se, sheet_name, (lxw_row_t)pl->first_row, (lxw_col_t)col,
                                (lxw_row_t)pl->last_row, (lxw_col_t)col);
        chart_series_set_name_range(se, sheet_name, (lxw_row_t)pl->header_row, (lxw_col_t)col);
        if (c->type == TPL_CHART_LINE) chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
        tpl_type ty = pl->tb->cols[col].type;
        if (k == 0 && ty != TPL_TEXT)
            chart_axis_set_num_format(chart->y_axis, ty == TPL_RATE ? "0%" : "#,##0");
    }
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_offset = 4,
                             .y_offset = 4,
                             .x_scale = (double)c->width / 480.0,
                             .y_scale = (double)c->height / 288.0};
    lxw_error err = worksheet_insert_chart_opt(ws, (lxw_row_t)row, 0, chart, &opt);
    return err == LXW_NO_ERROR ? RS_OK : lxw_fail(e, err, "chart");
}

/* Insert the native charts of sh below the sheet's content at *row, one
 * under the other, with a manual page break above each chart that asks for
 * a new page: a chart is never taller than a printed page (see
 * TPL_CHART_MAX_HEIGHT), so printing never cuts it in two. */
static rs_status write_charts(render_state *st, lxw_worksheet *ws, const char *sheet_name,
                              const tpl_sheet *sh, const placed_table *pl, int *row, rs_error *e)
{
    if (!pl->tb || pl->last_row < pl->first_row || sh->ncharts == 0) return RS_OK;
    lxw_row_t *breaks = rs_calloc(sh->ncharts + 1, sizeof *breaks); /* 0-terminated */
    size_t nbreaks = 0;
    rs_status s = RS_OK;
    for (size_t i = 0; i < sh->ncharts && s == RS_OK; i++) {
        const tpl_chart *c = &sh->charts[i];
        int top = *row + 1; /* below a blank row */
        if (c->new_page) breaks[nbreaks++] = (lxw_row_t)top;
        s = write_chart(st, ws, sheet_name, c, pl, top, e);
        *row = top + 1 + (int)(c->height / 20); /* rows of 20 px, and one spare */
    }
    if (s == RS_OK && nbreaks > 0) worksheet_set_h_pagebreaks(ws, breaks);
    free(breaks);
    return s;
}

/* Page set-up for printing: A4, landscape unless the sheet says otherwise,
 * fit to one page wide, page numbers in the footer. */
static void print_setup(lxw_worksheet *ws, const tpl_sheet *sh, const tpl_words *words)
{
    if (sh->landscape) worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_set_footer(ws, words->sheet_footer);
}

static rs_status render_sheet(render_state *st, const tpl_sheet *sh, rs_error *e)
{
    const char *name = sh->name.shown;
    lxw_worksheet *ws = workbook_add_worksheet(st->wb, name);
    shaped_table *shaped = rs_calloc(sh->nblocks, sizeof *shaped);
    double *widths = NULL;
    placed_table first_pl = {0}, pl;
    size_t maxcols = 1;
    int row = 0;
    bool seen_table = false;
    rs_status s = RS_OK;
    if (!ws) {
        free(shaped);
        return rs_fail(e, RS_EINTERNAL, "cannot add sheet '%s'", name);
    }
    for (size_t i = 0; i < sh->nblocks && s == RS_OK; i++) {
        const tpl_block *b = &sh->blocks[i];
        const rs_table *in = NULL;
        if (b->kind != TPL_BLOCK_TABLE) continue;
        if ((s = st->src->fetch(st->src->arg, b->table.dataset, &in, e)) == RS_OK)
            s = shape(st, &b->table, in, &shaped[i], e);
        if (b->table.ncols > maxcols) maxcols = b->table.ncols;
    }
    if (s == RS_OK) widths = rs_calloc(maxcols, sizeof *widths);
    for (size_t i = 0; i < sh->nblocks && s == RS_OK; i++) {
        const tpl_block *b = &sh->blocks[i];
        switch (b->kind) {
        case TPL_BLOCK_GAP:
            row += (int)b->gap;
            break;
        case TPL_BLOCK_TABLE:
            measure(st, &b->table, &shaped[i], widths);
            s = write_table(st, ws, &b->table, &shaped[i], &row, !seen_table, (int)maxcols, &pl, e);
            if (!seen_table) first_pl = pl;
            seen_table = true;
            break;
        default:
            s = write_text_block(st, ws, b, row++, (int)maxcols, e);
        }
    }
    if (s == RS_OK) s = write_charts(st, ws, name, sh, &first_pl, &row, e);
    for (size_t c = 0; s == RS_OK && c < maxcols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c] > 0 ? widths[c] : 10, NULL);
    if (s == RS_OK) print_setup(ws, sh, &st->t->words);
    for (size_t i = 0; i < sh->nblocks; i++)
        if (sh->blocks[i].kind == TPL_BLOCK_TABLE) shaped_free(&shaped[i], &sh->blocks[i].table);
    free(shaped);
    free(widths);
    return s;
}

/* ---------------------------------------------------------------- verify */

/* The n-byte little-endian integer at p. */
static uint32_t le(const unsigned char *p, int n)
{
    uint32_t v = 0;
    while (n-- > 0)
        v = v << 8 | p[n];
    return v;
}

/* True if the n bytes of XML at x end with the closing tag of their root
 * element, or the root element closes itself: a part cut short fails. */
STATIC bool xml_complete(const char *x, size_t n)
{
    const char *p = x, *end = x + n, *name;
    while ((p = memchr(p, '<', (size_t)(end - p))) && p + 1 < end && (p[1] == '?' || p[1] == '!'))
        p++;
    if (!p || p + 1 >= end) return false;
    name = ++p;
    while (p < end && !strchr(" \t\r\n/>", *p))
        p++;
    size_t len = (size_t)(p - name);
    while (end > p && strchr(" \t\r\n", end[-1]))
        end--;
    if (len == 0 || end - p < 1 || end[-1] != '>') return false;
    if (end - p >= 2 && end[-2] == '/' && !memchr(p, '<', (size_t)(end - p))) return true;
    return (size_t)(end - p) >= len + 3 && memcmp(end - len - 3, "</", 2) == 0 &&
           memcmp(end - len - 1, name, len) == 0;
}

/* Check the part whose central directory header is at h (of the zip z of
 * size bytes): an XML part must inflate to its recorded size and be
 * complete.  Returns false if it is not. */
static bool part_ok(const unsigned char *z, size_t size, const unsigned char *h)
{
    unsigned nlen = le(h + 28, 2), method = le(h + 10, 2);
    uint32_t csize = le(h + 20, 4), usize = le(h + 24, 4), local = le(h + 42, 4);
    const char *name = (const char *)h + 46;
    bool ok = false;
    if (!(nlen > 4 && memcmp(name + nlen - 4, ".xml", 4) == 0) &&
        !(nlen > 5 && memcmp(name + nlen - 5, ".rels", 5) == 0))
        return true;
    if ((size_t)local + 30 > size) return false;
    size_t data = (size_t)local + 30 + le(z + local + 26, 2) + le(z + local + 28, 2);
    if (data + csize > size) return false;
    char *xml = rs_malloc((size_t)usize + 1);
    if (method == 0) {
        ok = csize == usize && (memcpy(xml, z + data, usize), true);
    } else if (method == 8) {
        z_stream zs = {.next_in = (Bytef *)(z + data),
                       .avail_in = csize,
                       .next_out = (Bytef *)xml,
                       .avail_out = usize};
        if (inflateInit2(&zs, -MAX_WBITS) == Z_OK) {
            ok = inflate(&zs, Z_FINISH) == Z_STREAM_END && zs.total_out == usize;
            inflateEnd(&zs);
        }
    }
    ok = ok && xml_complete(xml, usize);
    free(xml);
    return ok;
}

/* Check the workbook written at path: a complete zip whose XML parts are
 * all complete.  libxlsxwriter writes each part to a temporary file without
 * checking those writes, so a full temporary disk or a file-size limit would
 * otherwise give a well-formed zip of truncated sheets. */
static rs_status verify_workbook(const char *path, rs_error *e)
{
    char *buf = NULL;
    size_t size = 0;
    rs_status s = file_read(path, &buf, &size, e);
    const unsigned char *z = (const unsigned char *)buf, *eocd = NULL, *h;
    if (s != RS_OK) return s;
    for (size_t i = size >= 22 ? size - 21 : 0; i-- > 0 && !eocd && size - i < 22 + 65536;)
        if (le(z + i, 4) == 0x06054b50) eocd = z + i;
    size_t at = eocd ? le(eocd + 16, 4) : size, n = eocd ? le(eocd + 10, 2) : 1;
    for (size_t k = 0; k < n && s == RS_OK; k++) {
        h = z + at;
        if (at + 46 > size || le(h, 4) != 0x02014b50 || !part_ok(z, size, h))
            s = rs_fail(e, RS_EIO,
                        "writing %s: the workbook came out incomplete (a temporary file could "
                        "not be written in full: disk full or file-size limit?)",
                        path);
        else
            at += 46 + le(h + 28, 2) + le(h + 30, 2) + le(h + 32, 2);
    }
    free(buf);
    return s;
}

rs_status xlsx_write(const tpl_report *t, const report_source *src, const char *path, rs_error *e)
{
    render_state st = {.t = t, .src = src};
    lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    rs_status s = RS_OK;
    if (!t->workbook)
        return rs_fail(e, RS_ETEMPLATE, "%s: the template has no workbook section", t->path);
    if (!(st.wb = workbook_new_opt(path, &opts)))
        return rs_fail(e, RS_EIO, "cannot create workbook %s", path);
    if ((s = make_formats(&st, e)) != RS_OK) goto done;
    lxw_doc_properties props = {
        .title = (char *)t->title.shown, .author = "reliefstat", .company = "reliefstat"};
    workbook_set_properties(st.wb, &props);
    for (size_t i = 0; i < t->workbook->nsheets && s == RS_OK; i++)
        s = render_sheet(&st, &t->workbook->sheets[i], e);
done:
    if (st.wb) {
        lxw_error err = workbook_close(st.wb);
        if (s == RS_OK && err != LXW_NO_ERROR)
            s = rs_fail(e, RS_EIO, "writing %s: %s", path, lxw_strerror(err));
        if (s == RS_OK) s = verify_workbook(path, e);
    }
    return s;
}

/* The workbook renderer: the workbook under its file name. */
static rs_status render_workbook(const tpl_report *t, const report_source *src, report_outputs *out,
                                 rs_error *e)
{
    return report_output_draw(out, t->workbook->file.shown, xlsx_write, t, src, e);
}

const report_renderer xlsx_renderer = {"workbook", render_workbook};
