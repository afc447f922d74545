/*
 * table: a result set held in memory: named columns and rows of values, as
 * returned by a catalogue query or built by the engine, and handed to the
 * renderers (terminal/CSV/JSON output, workbooks, charts).
 *
 * Column naming convention, shared by queries and renderers: a column whose
 * name ends in "_fen" holds money in integer fen; renderers show it as yuan
 * with two decimals under the name without the suffix.  A column whose name
 * ends in "_masked" holds a full ID number or name that outputs mask
 * (mask.h).
 * Ownership: a table owns its names and text values; table_free() frees all.
 */
#ifndef RS_TABLE_H
#define RS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef enum { VAL_NULL = 0, VAL_INT, VAL_REAL, VAL_TEXT } val_type;

typedef struct {
    val_type type;
    int64_t i;
    double d;
    char *s;
} rs_value;

typedef struct {
    int ncols;
    char **names;
    size_t nrows, cap;
    rs_value *cells; /* nrows * ncols, row-major */
} rs_table;

/* A new empty table with the given column names (copied), which the caller
 * frees with table_free(). */
rs_table *table_new(int ncols, const char *const *names);

/* Free t and everything it owns; NULL is allowed. */
void table_free(rs_table *t);

/* Append an all-NULL row; returns its index. */
size_t table_add_row(rs_table *t);

/* The cell at (row, col); row and col must be in range. */
rs_value *table_cell(const rs_table *t, size_t row, int col);

/* Index of the column called name, or -1. */
int table_col(const rs_table *t, const char *name);

/* True if column col holds money in fen (its name ends in "_fen"). */
bool table_col_is_money(const rs_table *t, int col);

/* Remove column col (in range) and its values from t. */
void table_drop_col(rs_table *t, int col);

/* Keep the rows r of t for which keep[r] (of t->nrows) is true, in their
 * order; the others are removed and their values freed. */
void table_keep_rows(rs_table *t, const bool *keep);

void table_set_int(rs_table *t, size_t row, int col, int64_t v);
void table_set_real(rs_table *t, size_t row, int col, double v);
/* Copies s; NULL stores NULL. */
void table_set_text(rs_table *t, size_t row, int col, const char *s);

/* Copy value v (of another table; text is copied) into cell (row, col); a
 * NULL v leaves the cell as it is. */
void table_copy_value(rs_table *t, size_t row, int col, const rs_value *v);

/* Format fen as yuan with two decimals ("-12.50") into buf (>= 32 bytes). */
char *money_format(int64_t fen, char *buf, size_t n);

#endif
