/*
 * output: terminal tables, CSV and JSON from an rs_table.
 */
#include "base/output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"

rs_status output_parse_format(const char *name, out_format *out, rs_error *e)
{
    if (!name)
        *out = isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_CSV;
    else if (strcmp(name, "table") == 0)
        *out = OUT_TABLE;
    else if (strcmp(name, "csv") == 0)
        *out = OUT_CSV;
    else if (strcmp(name, "json") == 0)
        *out = OUT_JSON;
    else
        return rs_fail(e, RS_EUSAGE, "unknown format '%s' (use table, csv or json)", name);
    return RS_OK;
}

const char *output_col_name(const rs_table *t, int c, char *buf, size_t n)
{
    size_t len = strlen(t->names[c]);
    if (table_col_is_money(t, c)) len -= 4;
    snprintf(buf, n, "%.*s", (int)len, t->names[c]);
    return buf;
}

const char *output_cell_text(const rs_table *t, size_t row, int col, char *buf, size_t n)
{
    const rs_value *v = table_cell(t, row, col);
    switch (v->type) {
    case VAL_NULL:
        buf[0] = '\0';
        break;
    case VAL_INT:
        if (table_col_is_money(t, col))
            money_format(v->i, buf, n);
        else
            snprintf(buf, n, "%" PRId64, v->i);
        break;
    case VAL_REAL:
        if (table_col_is_money(t, col))
            money_format((int64_t)(v->d >= 0 ? v->d + 0.5 : v->d - 0.5), buf, n);
        else
            snprintf(buf, n, "%.6g", v->d);
        break;
    case VAL_TEXT:
        snprintf(buf, n, "%s", v->s);
        break;
    }
    return buf;
}

/* Display width of UTF-8 text: East Asian characters count two columns. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xc0) == 0x80) continue;
        w += *p >= 0xe0 ? 2 : 1;
    }
    return w;
}

static void write_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void output_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void write_csv(FILE *f, const rs_table *t, bool bom)
{
    char buf[1024];
    if (bom) fputs("\xEF\xBB\xBF", f);
    for (int c = 0; c < t->ncols; c++) {
        if (c) fputc(',', f);
        write_csv_field(f, output_col_name(t, c, buf, sizeof buf));
    }
    fputs("\n", f);
    for (size_t r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputc(',', f);
            write_csv_field(f, output_cell_text(t, r, c, buf, sizeof buf));
        }
        fputs("\n", f);
    }
}

static void write_json(FILE *f, const rs_table *t)
{
    char buf[1024];
    fputs("[", f);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs(r ? ",\n {" : "\n {", f);
        for (int c = 0; c < t->ncols; c++) {
            const rs_value *v = table_cell(t, r, c);
            if (c) fputs(", ", f);
            output_json_string(f, output_col_name(t, c, buf, sizeof buf));
            fputs(": ", f);
            output_cell_text(t, r, c, buf, sizeof buf);
            if (v->type == VAL_NULL)
                fputs("null", f);
            else if (v->type == VAL_TEXT)
                output_json_string(f, buf);
            else
                fputs(buf, f);
        }
        fputs("}", f);
    }
    fputs(t->nrows ? "\n]\n" : "]\n", f);
}

static void write_aligned(FILE *f, const rs_table *t)
{
    char buf[1024];
    size_t *width = rs_calloc((size_t)t->ncols, sizeof *width);
    for (int c = 0; c < t->ncols; c++) {
        width[c] = text_width(output_col_name(t, c, buf, sizeof buf));
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = text_width(output_cell_text(t, r, c, buf, sizeof buf));
            if (w > width[c]) width[c] = w;
        }
    }
    for (size_t r = 0; r <= t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *s = r == 0 ? output_col_name(t, c, buf, sizeof buf)
                                   : output_cell_text(t, r - 1, c, buf, sizeof buf);
            int numeric = r > 0 && table_cell(t, r - 1, c)->type != VAL_TEXT;
            size_t pad = width[c] - text_width(s);
            if (c) fputs("  ", f);
            if (numeric)
                fprintf(f, "%*s%s", (int)pad, "", s);
            else
                fprintf(f, "%s%*s", s, c + 1 < t->ncols ? (int)pad : 0, "");
        }
        fputc('\n', f);
    }
    free(width);
}

rs_status output_write(FILE *f, const rs_table *t, out_format fmt, bool bom, rs_error *e)
{
    switch (fmt) {
    case OUT_CSV:
        write_csv(f, t, bom);
        break;
    case OUT_JSON:
        write_json(f, t);
        break;
    case OUT_TABLE:
        write_aligned(f, t);
        break;
    }
    if (fflush(f) != 0 || ferror(f)) return rs_fail(e, RS_EIO, "cannot write output");
    return RS_OK;
}
