/*
 * table: in-memory result sets.
 */
#include "base/table.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

rs_table *table_new(int ncols, const char *const *names)
{
    rs_table *t = rs_calloc(1, sizeof *t);
    t->ncols = ncols;
    t->names = rs_calloc((size_t)ncols, sizeof *t->names);
    for (int c = 0; c < ncols; c++)
        t->names[c] = rs_strdup(names[c] ? names[c] : "");
    return t;
}

void table_free(rs_table *t)
{
    if (!t) return;
    for (size_t k = 0; k < t->nrows * (size_t)t->ncols; k++)
        free(t->cells[k].s);
    free(t->cells);
    for (int c = 0; c < t->ncols; c++)
        free(t->names[c]);
    free(t->names);
    free(t);
}

size_t table_add_row(rs_table *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = rs_realloc(t->cells, t->cap * (size_t)t->ncols * sizeof *t->cells);
    }
    memset(t->cells + t->nrows * (size_t)t->ncols, 0, (size_t)t->ncols * sizeof *t->cells);
    return t->nrows++;
}

void table_drop_col(rs_table *t, int col)
{
    size_t k = 0;
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            rs_value *v = table_cell(t, r, c);
            if (c == col)
                free(v->s);
            else
                t->cells[k++] = *v; /* k never passes the cell being read */
        }
    free(t->names[col]);
    memmove(t->names + col, t->names + col + 1, (size_t)(t->ncols - col - 1) * sizeof *t->names);
    t->ncols--;
}

void table_keep_rows(rs_table *t, const bool *keep)
{
    size_t k = 0, n = (size_t)t->ncols;
    for (size_t r = 0; r < t->nrows; r++) {
        rs_value *row = t->cells + r * n;
        if (!keep[r]) {
            for (size_t c = 0; c < n; c++)
                free(row[c].s);
            continue;
        }
        if (k != r) memmove(t->cells + k * n, row, n * sizeof *row); /* k < r: already read */
        k++;
    }
    t->nrows = k;
}

rs_value *table_cell(const rs_table *t, size_t row, int col)
{
    return &t->cells[row * (size_t)t->ncols + (size_t)col];
}

int table_col(const rs_table *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->names[c], name) == 0) return c;
    return -1;
}

bool table_col_is_money(const rs_table *t, int col)
{
    size_t n = strlen(t->names[col]);
    return n > 4 && strcmp(t->names[col] + n - 4, "_fen") == 0;
}

/* Empty a cell before it is set again. */
static rs_value *reset_cell(rs_table *t, size_t row, int col)
{
    rs_value *v = table_cell(t, row, col);
    free(v->s);
    memset(v, 0, sizeof *v);
    return v;
}

void table_set_int(rs_table *t, size_t row, int col, int64_t x)
{
    rs_value *v = reset_cell(t, row, col);
    v->type = VAL_INT;
    v->i = x;
}

void table_set_real(rs_table *t, size_t row, int col, double x)
{
    rs_value *v = reset_cell(t, row, col);
    v->type = VAL_REAL;
    v->d = x;
}

void table_set_text(rs_table *t, size_t row, int col, const char *s)
{
    rs_value *v = reset_cell(t, row, col);
    if (!s) return;
    v->s = rs_strdup(s);
    v->type = VAL_TEXT;
}

void table_copy_value(rs_table *t, size_t row, int col, const rs_value *v)
{
    if (v->type == VAL_INT)
        table_set_int(t, row, col, v->i);
    else if (v->type == VAL_REAL)
        table_set_real(t, row, col, v->d);
    else if (v->type == VAL_TEXT)
        table_set_text(t, row, col, v->s);
}

char *money_format(int64_t fen, char *buf, size_t n)
{
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(buf, n, "%s%" PRIu64 ".%02" PRIu64, fen < 0 ? "-" : "", a / 100, a % 100);
    return buf;
}
