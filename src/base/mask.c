/*
 * mask: masking ID numbers and names, and the output pass over a table.
 */
#include "base/mask.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

bool mask_unmasked = false;

/* Write s into buf of size n with every character but the first head and
 * the last tail replaced by '*'; all of them when s has no more than
 * head + tail characters (too short to show any part safely). */
static char *mask_middle(const char *s, size_t head, size_t tail, char *buf, size_t n)
{
    size_t len = strlen(s), k = 0;
    if (mask_unmasked || n == 0) {
        snprintf(buf, n, "%s", s);
        return buf;
    }
    bool all = len <= head + tail;
    for (size_t i = 0; i < len && k + 1 < n; i++)
        buf[k++] = !all && (i < head || i >= len - tail) ? s[i] : '*';
    buf[k] = '\0';
    return buf;
}

char *mask_id(const char *id, char *buf, size_t n)
{
    return mask_middle(id, 6, 4, buf, n);
}

char *mask_account(const char *account, char *buf, size_t n)
{
    return mask_middle(account, 4, 4, buf, n);
}

/* Length in bytes of the UTF-8 character starting with byte c. */
static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

char *mask_name(const char *name, char *buf, size_t n)
{
    size_t len = strlen(name), first;
    if (mask_unmasked || len == 0 || n == 0) {
        snprintf(buf, n, "%s", name);
        return buf;
    }
    /* A name of the 名·姓 form (买买提·艾力) keeps its given name, as the
     * spec's 买买提* shows; any other keeps its first character (张*). */
    const char *dot = strstr(name, "\u00b7");
    first = dot && dot > name ? (size_t)(dot - name) : utf8_len((unsigned char)name[0]);
    if (first > len) first = len;
    snprintf(buf, n, "%.*s*", (int)first, name);
    return buf;
}

mask_kind mask_column_kind(const char *name)
{
    static const char suffix[] = "_masked";
    size_t n = strlen(name), k = sizeof suffix - 1;
    if (n <= k || strcmp(name + n - k, suffix) != 0) return MASK_NONE;
    if (n - k >= 4 && strncmp(name + n - k - 4, "name", 4) == 0) return MASK_NAME;
    if (n - k >= 10 && strncmp(name + n - k - 10, "account_no", 10) == 0) return MASK_ACCOUNT;
    return MASK_ID;
}

/* Replace the text of cell v by its masked form (kind). */
static void mask_cell(rs_value *v, mask_kind kind)
{
    size_t n = strlen(v->s) + 2; /* a name of one character grows by the '*' */
    char *buf = rs_malloc(n);
    if (kind == MASK_ID)
        mask_id(v->s, buf, n);
    else if (kind == MASK_ACCOUNT)
        mask_account(v->s, buf, n);
    else
        mask_name(v->s, buf, n);
    free(v->s);
    v->s = buf;
}

/* The column of t that a reference {name} at text[0] names (a "_masked"
 * column), with *len the reference's length; -1 if it names none. */
static int referenced_col(const rs_table *t, const char *text, size_t *len)
{
    const char *end = strchr(text, '}');
    if (!end) return -1;
    *len = (size_t)(end - text) + 1;
    for (int c = 0; c < t->ncols; c++)
        if (mask_column_kind(t->names[c]) != MASK_NONE && strlen(t->names[c]) == *len - 2 &&
            strncmp(text + 1, t->names[c], *len - 2) == 0)
            return c;
    return -1;
}

/* Fill in the {column} references of cell v (row of t). */
static void fill_cell(const rs_table *t, size_t row, rs_value *v)
{
    GString *out = NULL;
    const char *p = v->s, *done = v->s;
    while ((p = strchr(p, '{'))) {
        size_t len = 0;
        int c = referenced_col(t, p, &len);
        if (c < 0) {
            p++;
            continue;
        }
        const rs_value *ref = table_cell(t, row, c);
        if (!out) out = g_string_sized_new(strlen(v->s) + 16);
        g_string_append_len(out, done, p - done);
        if (ref->type == VAL_TEXT) g_string_append(out, ref->s);
        p = done = p + len;
    }
    if (!out) return;
    g_string_append(out, done);
    free(v->s);
    v->s = rs_strdup(out->str);
    g_string_free(out, TRUE);
}

void mask_table(rs_table *t)
{
    bool any = false;
    for (int c = 0; c < t->ncols; c++) {
        mask_kind kind = mask_column_kind(t->names[c]);
        if (kind == MASK_NONE) continue;
        any = true;
        for (size_t r = 0; r < t->nrows && !mask_unmasked; r++) {
            rs_value *v = table_cell(t, r, c);
            if (v->type == VAL_TEXT) mask_cell(v, kind);
        }
    }
    for (int c = 0; any && c < t->ncols; c++) {
        if (mask_column_kind(t->names[c]) != MASK_NONE) continue;
        for (size_t r = 0; r < t->nrows; r++) {
            rs_value *v = table_cell(t, r, c);
            if (v->type == VAL_TEXT && strchr(v->s, '{')) fill_cell(t, r, v);
        }
    }
}
