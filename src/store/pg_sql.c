/*
 * pg_sql: the PostgreSQL backend's pure parts, without libpq: turning the
 * store's SQL (one statement at a time, :name parameters) into what
 * PostgreSQL takes ($1..$N, the name of each kept), and the store type of a
 * result value of a PostgreSQL type.  Split off pg.c so that the unit tests
 * reach them without a server.
 */
#include "store/pg_int.h"

#include <string.h>

/* True if c may continue an identifier or a parameter's name. */
static bool ident_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || (unsigned char)c >= 0x80;
}

/* The end of the dollar-quote tag at p ("$tag$" or "$$"), or NULL if p
 * starts none. */
static const char *dollar_tag_end(const char *p)
{
    const char *q = p + 1;
    if (g_ascii_isdigit(*q)) return NULL; /* $1: a positional parameter */
    while (ident_char(*q))
        q++;
    return *q == '$' ? q + 1 : NULL;
}

/* The end of the quoted or commented part that starts at p, or p when none
 * starts there.  Handles '...' (with '' and, after E, backslashes),
 * "...", -- and nested block comments and $tag$...$tag$. */
STATIC const char *pg_sql_skip_quoted(const char *sql, const char *p)
{
    if (*p == '\'' || *p == '"') {
        char q = *p;
        bool esc = q == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
                   (p - 1 == sql || !ident_char(p[-2]));
        for (p++; *p; p++) {
            if (esc && *p == '\\' && p[1]) {
                p++;
            } else if (*p == q) {
                if (p[1] != q) return p + 1;
                p++;
            }
        }
        return p;
    }
    if (p[0] == '-' && p[1] == '-') return p + strcspn(p, "\n");
    if (p[0] == '/' && p[1] == '*') {
        int depth = 1;
        for (p += 2; *p && depth; p++) {
            if (p[0] == '/' && p[1] == '*')
                depth++, p++;
            else if (p[0] == '*' && p[1] == '/')
                depth--, p++;
        }
        return p;
    }
    if (*p == '$' && (p == sql || !ident_char(p[-1]))) {
        const char *end = dollar_tag_end(p);
        if (!end) return p;
        size_t n = (size_t)(end - p);
        const char *close = end;
        while ((close = strchr(close, '$')) && strncmp(close, p, n) != 0)
            close++;
        return close ? close + n : end + strlen(end);
    }
    return p;
}

int pg_param_index(GPtrArray *names, const char *name)
{
    for (guint i = 0; i < names->len; i++)
        if (strcmp(names->pdata[i], name) == 0) return (int)i + 1;
    return 0;
}

const char *pg_sql_convert(const char *sql, GString *out, GPtrArray *names, bool *empty)
{
    const char *p = sql;
    *empty = true;
    while (*p && *p != ';') {
        const char *q = pg_sql_skip_quoted(sql, p);
        if (q != p) {
            if (*p == '\'' || *p == '"' || *p == '$') *empty = false;
            g_string_append_len(out, p, q - p);
            p = q;
        } else if (p[0] == ':' && p[1] == ':') {
            g_string_append(out, "::");
            p += 2;
            *empty = false;
        } else if (p[0] == ':' && (g_ascii_isalpha(p[1]) || p[1] == '_') &&
                   (p == sql || !ident_char(p[-1]))) {
            const char *n = p + 1;
            while (ident_char(*n))
                n++;
            char *name = g_strndup(p, (gsize)(n - p));
            int i = pg_param_index(names, name);
            if (i == 0) {
                g_ptr_array_add(names, name);
                i = (int)names->len;
            } else {
                g_free(name);
            }
            g_string_append_printf(out, "$%d", i);
            p = n;
            *empty = false;
        } else {
            if (!g_ascii_isspace(*p)) *empty = false;
            g_string_append_c(out, *p++);
        }
    }
    return *p == ';' ? p + 1 : p;
}

/* Type OIDs (pg_type.dat), without the server headers. */
enum {
    OID_BOOL = 16,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700,
    OID_BYTEA = 17
};

store_type pg_value_type(unsigned oid, const char *value)
{
    if (!value) return STORE_NULL;
    switch (oid) {
    case OID_BOOL:
    case OID_INT8:
    case OID_INT2:
    case OID_INT4:
    case OID_OID:
        return STORE_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
        return STORE_REAL;
    case OID_NUMERIC:
        return strpbrk(value, ".eEN") ? STORE_REAL : STORE_INT;
    case OID_BYTEA:
        return STORE_BLOB;
    default:
        return STORE_TEXT;
    }
}

bool pg_type_is_bool(unsigned oid)
{
    return oid == OID_BOOL;
}

bool pg_type_is_integer(unsigned oid)
{
    return oid == OID_INT8 || oid == OID_INT2 || oid == OID_INT4 || oid == OID_NUMERIC;
}

unsigned pg_type_of_kind(pg_kind k)
{
    return k == PG_INT ? OID_INT8 : k == PG_REAL ? OID_FLOAT8 : 0;
}

bool pg_kind_fits(unsigned oid, pg_kind k, int64_t i)
{
    switch (k) {
    case PG_NULL:
    case PG_TEXT:
        return true;
    case PG_INT:
        if (oid == OID_INT4) return i >= INT32_MIN && i <= INT32_MAX;
        if (oid == OID_INT2) return i >= INT16_MIN && i <= INT16_MAX;
        return oid != OID_BOOL;
    case PG_REAL:
        return !(oid == OID_INT8 || oid == OID_INT2 || oid == OID_INT4 || oid == OID_BOOL);
    }
    return true;
}

bool pg_retry_typed(const char *state)
{
    static const char *const states[] = {"42P18", "42P08", "42725", "42883", "42804"};
    for (size_t i = 0; i < G_N_ELEMENTS(states); i++)
        if (strcmp(state, states[i]) == 0) return true;
    return false;
}

void pg_copy_value(GString *b, const char *v)
{
    if (!v) {
        g_string_append(b, "\\N");
        return;
    }
    for (; *v; v++) {
        switch (*v) {
        case '\\':
            g_string_append(b, "\\\\");
            break;
        case '\t':
            g_string_append(b, "\\t");
            break;
        case '\n':
            g_string_append(b, "\\n");
            break;
        case '\r':
            g_string_append(b, "\\r");
            break;
        default:
            g_string_append_c(b, *v);
        }
    }
}
