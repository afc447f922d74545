/*
 * output: printing a result table for a terminal (aligned columns), as CSV
 * (RFC 4180, UTF-8) or as JSON (an array of objects).  Money columns (named
 * *_fen) are shown as yuan with two decimals under the name without "_fen".
 */
#ifndef RS_OUTPUT_H
#define RS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "base/error.h"
#include "base/table.h"

typedef enum { OUT_TABLE, OUT_CSV, OUT_JSON } out_format;

/* Parse "table", "csv" or "json"; NULL means table on a terminal, else csv. */
rs_status output_parse_format(const char *name, out_format *out, rs_error *e);

/* Write t to f in format fmt.  bom: start CSV with a UTF-8 byte order mark
 * (for files Excel opens; never on standard output). */
rs_status output_write(FILE *f, const rs_table *t, out_format fmt, bool bom, rs_error *e);

/* The display name of column c (its name without a "_fen" suffix) into buf. */
const char *output_col_name(const rs_table *t, int c, char *buf, size_t n);

/* Write s to f as a JSON string (quotes, backslashes and control
 * characters escaped; UTF-8 passed through). */
void output_json_string(FILE *f, const char *s);

/* Format one cell as text into buf (money as yuan, NULL as ""); returns buf. */
const char *output_cell_text(const rs_table *t, size_t row, int col, char *buf, size_t n);

#endif
