/*
 * catalog: loading queries/NAME.sql, converting and binding parameters, and
 * running the statement read-only.  See catalog.h for the file format and
 * the derived parameters.
 */
#include "engine/catalog.h"

#include <ctype.h>
#include <dirent.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/common.h"
#include "base/file.h"
#include "base/home.h"
#include "base/parse.h"
#include "base/region.h"
#include "store/store.h"
#include "engine/sql_include.h"

static const char *const type_names[] = {"region", "month",   "date", "datetime",
                                         "money",  "decimal", "int",  "text"};
#define NTYPES ((int)(sizeof type_names / sizeof type_names[0]))

/* ---------------------------------------------------------------- loading */

/* True if name is a usable query name: [A-Za-z0-9_]+, at most 64 bytes. */
static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64) return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') return false;
    return true;
}

/* Append text to *acc (a malloc'd string or NULL) with a space between. */
static void append_words(char **acc, const char *text, size_t n)
{
    size_t old = *acc ? strlen(*acc) : 0;
    char *s = rs_realloc(*acc, old + n + 2);
    if (old) s[old++] = ' ';
    memcpy(s + old, text, n);
    s[old + n] = '\0';
    *acc = s;
}

/* Parse one "param: NAME TYPE [description]" declaration (after "--") into
 * q->params.  Returns a static reason on a malformed line, NULL if fine. */
static const char *parse_param_line(catalog_query *q, const char *s)
{
    char name[65], type[17];
    int used = 0;
    if (sscanf(s, " param: %64[A-Za-z0-9_] %16[a-z]%n", name, type, &used) != 2)
        return "expected '-- param: NAME TYPE [description]'";
    int t = 0;
    while (t < NTYPES && strcmp(type_names[t], type) != 0)
        t++;
    if (t == NTYPES)
        return "unknown parameter type (region, month, date, datetime, money, decimal, "
               "int, text)";
    for (int i = 0; i < q->nparams; i++)
        if (strcmp(q->params[i].name, name) == 0) return "parameter declared twice";
    q->params = rs_realloc(q->params, (size_t)(q->nparams + 1) * sizeof *q->params);
    catalog_param *p = &q->params[q->nparams];
    const char *d = s + used;
    while (*d == ' ' || *d == '\t')
        d++;
    p->name = rs_strdup(name);
    p->description = rs_strdup(d);
    p->type = (catalog_type)t;
    q->nparams++;
    return NULL;
}

/* Read the header comment of q->sql: description lines and declarations. */
static rs_status parse_header(catalog_query *q, rs_error *e)
{
    const char *line = q->sql;
    int lineno = 1;
    while (*line == '-' && line[1] == '-') {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", (int)(n - 2), line + 2);
        buf[strcspn(buf, "\r")] = '\0';
        const char *text = buf;
        while (*text == ' ')
            text++;
        if (strncmp(text, "param:", 6) == 0) {
            const char *why = parse_param_line(q, buf);
            if (why) return rs_fail(e, RS_ETEMPLATE, "%s:%d: %s", q->path, lineno, why);
        } else if (*text) {
            append_words(&q->description, text, strlen(text));
        }
        if (!end) break;
        line = end + 1;
        lineno++;
    }
    if (!q->description) q->description = rs_strdup("");
    return RS_OK;
}

rs_status catalog_load_file(const char *rel, catalog_query **out, rs_error *e)
{
    rs_status s = RS_OK;
    const char *base = strrchr(rel, '/');
    catalog_query *q = rs_calloc(1, sizeof *q);
    *out = NULL;
    base = base ? base + 1 : rel;
    q->name = rs_strndup(base, strcspn(base, "."));
    q->path = home_path(rel);
    if ((s = file_read(q->path, &q->sql, NULL, e)) != RS_OK) goto fail;
    if ((s = parse_header(q, e)) != RS_OK) goto fail;
    if ((s = sql_expand_includes(q->path, &q->sql, &q->included, e)) != RS_OK) goto fail;
    *out = q;
    return RS_OK;
fail:
    catalog_free(q);
    return s;
}

rs_status catalog_load(const char *name, catalog_query **out, rs_error *e)
{
    char rel[128], *path;
    FILE *probe;
    *out = NULL;
    if (!name_ok(name))
        return rs_fail(e, RS_EUSAGE, "'%s' is not a query name (letters, digits and _)", name);
    snprintf(rel, sizeof rel, "queries/%s.sql", name);
    path = home_path(rel);
    probe = fopen(path, "rb");
    if (!probe) {
        rs_fail(e, RS_EUSAGE, "no query named '%s' in the catalogue (%s); see `query --list`", name,
                path);
        free(path);
        return RS_EUSAGE;
    }
    fclose(probe);
    free(path);
    return catalog_load_file(rel, out, e);
}

void catalog_free(catalog_query *q)
{
    if (!q) return;
    for (int i = 0; i < q->nparams; i++) {
        free(q->params[i].name);
        free(q->params[i].description);
    }
    free(q->params);
    sql_free_included(q->included);
    free(q->name);
    free(q->path);
    free(q->description);
    free(q->sql);
    free(q);
}

/* ---------------------------------------------------------------- values */

/* A parameter's stored value and the values derived from it. */
typedef struct {
    bool is_text;
    const char *text;
    int64_t v;
    int64_t end, start, year_start, year_jdn, end_ymd, start_secs, end_secs, year_start_secs;
    int64_t first12, back12;
} param_value;

/* Convert the user's text for a parameter of type t into *pv; returns NULL
 * or a reason naming the expected form. */
static const char *convert_value(catalog_type t, const char *text, param_value *pv)
{
    memset(pv, 0, sizeof *pv);
    switch (t) {
    case CATALOG_REGION:
        if (region_parse(text, &pv->v))
            return "is not a region code (2, 4, 6, 9 or 12 digits, e.g. 652325)";
        pv->end = pv->v + region_span(pv->v);
        return NULL;
    case CATALOG_MONTH: {
        int ym, y, m, last;
        if (parse_month(text, &ym)) return "is not a month (YYYY-MM)";
        y = ym / 100;
        m = ym % 100;
        last = date_days_in_month(y, m);
        pv->v = ym;
        pv->start = month_first_jdn(ym);
        pv->end = month_last_jdn(ym);
        pv->year_start = y * 100 + 1;
        pv->year_jdn = date_to_jdn(y, 1, 1);
        pv->end_ymd = (int64_t)y * 10000 + m * 100 + last;
        pv->start_secs = date_jdn_to_seconds((int32_t)pv->start);
        pv->end_secs = date_jdn_to_seconds((int32_t)pv->end + 1);
        pv->year_start_secs = date_jdn_to_seconds((int32_t)pv->year_jdn);
        pv->first12 = month_add(ym, -11);
        pv->back12 = month_add(ym, -12);
        return NULL;
    }
    case CATALOG_DATE: {
        int32_t j;
        if (parse_date(text, &j)) return "is not a date (YYYY-MM-DD)";
        pv->v = j;
        return NULL;
    }
    case CATALOG_DATETIME:
        return parse_datetime(text, &pv->v) ? "is not a datetime (YYYY-MM-DD HH:MM)" : NULL;
    case CATALOG_MONEY:
        return parse_money(text, &pv->v) ? "is not an amount of yuan (at most 2 decimals)" : NULL;
    case CATALOG_DECIMAL:
        return parse_decimal_e6(text, &pv->v) ? "is not a decimal number" : NULL;
    case CATALOG_INT:
        return parse_int(text, &pv->v) ? "is not an integer" : NULL;
    case CATALOG_TEXT:
        pv->is_text = true;
        pv->text = text;
        return NULL;
    }
    return "has an unknown type";
}

/* The value a statement parameter named `want` (without ':') takes from
 * declared parameter p with value pv; false if `want` is not p or one of
 * its derived names. */
static bool derived_value(const catalog_param *p, const param_value *pv, const char *want,
                          int64_t *v)
{
    static const struct {
        catalog_type type;
        const char *suffix;
        size_t offset;
    } derived[] = {
        {CATALOG_REGION, "_end", offsetof(param_value, end)},
        {CATALOG_MONTH, "_start", offsetof(param_value, start)},
        {CATALOG_MONTH, "_end", offsetof(param_value, end)},
        {CATALOG_MONTH, "_year_start", offsetof(param_value, year_start)},
        {CATALOG_MONTH, "_year_jdn", offsetof(param_value, year_jdn)},
        {CATALOG_MONTH, "_end_ymd", offsetof(param_value, end_ymd)},
        {CATALOG_MONTH, "_start_secs", offsetof(param_value, start_secs)},
        {CATALOG_MONTH, "_end_secs", offsetof(param_value, end_secs)},
        {CATALOG_MONTH, "_year_start_secs", offsetof(param_value, year_start_secs)},
        {CATALOG_MONTH, "_first12", offsetof(param_value, first12)},
        {CATALOG_MONTH, "_back12", offsetof(param_value, back12)},
    };
    size_t n = strlen(p->name);
    if (strncmp(want, p->name, n) != 0) return false;
    if (want[n] == '\0') {
        *v = pv->v;
        return true;
    }
    for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++)
        if (derived[i].type == p->type && strcmp(want + n, derived[i].suffix) == 0) {
            *v = *(const int64_t *)((const char *)pv + derived[i].offset);
            return true;
        }
    return false;
}

/* The text a user gave for the declared parameter name, or NULL. */
static const char *arg_value(const catalog_arg *args, size_t nargs, const char *name)
{
    for (size_t i = 0; i < nargs; i++)
        if (strcmp(args[i].key, name) == 0) return args[i].value;
    return NULL;
}

/* The declared parameters of q as "region, period" into buf. */
static const char *param_names(const catalog_query *q, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (int i = 0; i < q->nparams && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", q->params[i].name);
    if (q->nparams == 0) snprintf(buf, n, "none");
    return buf;
}

/* Check args against q's declarations and convert every value into pvs
 * (q->nparams entries). */
static rs_status convert_args(const catalog_query *q, const catalog_arg *args, size_t nargs,
                              param_value *pvs, rs_error *e)
{
    char names[512];
    for (size_t i = 0; i < nargs; i++) {
        int k = 0;
        while (k < q->nparams && strcmp(q->params[k].name, args[i].key) != 0)
            k++;
        if (k == q->nparams)
            return rs_fail(e, RS_EUSAGE, "query %s has no parameter '%s' (it takes: %s)", q->name,
                           args[i].key, param_names(q, names, sizeof names));
        for (size_t j = 0; j < i; j++)
            if (strcmp(args[j].key, args[i].key) == 0)
                return rs_fail(e, RS_EUSAGE, "parameter '%s' given twice", args[i].key);
    }
    for (int k = 0; k < q->nparams; k++) {
        const catalog_param *p = &q->params[k];
        const char *text = arg_value(args, nargs, p->name);
        const char *why;
        if (!text)
            return rs_fail(e, RS_EUSAGE, "query %s needs parameter '%s' (%s): give -p %s=VALUE",
                           q->name, p->name, type_names[p->type], p->name);
        if ((why = convert_value(p->type, text, &pvs[k])))
            return rs_fail(e, RS_EUSAGE, "parameter %s: '%s' %s", p->name, text, why);
    }
    return RS_OK;
}

rs_status catalog_bind(const catalog_query *q, store_stmt *st, const catalog_arg *args,
                       size_t nargs, rs_error *e)
{
    param_value *pvs = rs_calloc((size_t)q->nparams, sizeof *pvs);
    rs_status s = RS_OK;
    if ((s = convert_args(q, args, nargs, pvs, e)) != RS_OK) goto done;
    store_clear_bindings(st);
    for (int i = 1; i <= store_param_count(st); i++) {
        const char *pname = store_param_name(st, i);
        int k = 0;
        int64_t v = 0;
        if (!pname || pname[0] != ':') {
            s = rs_fail(e, RS_ETEMPLATE, "%s: only named parameters (:name) are allowed", q->path);
            goto done;
        }
        while (k < q->nparams && !derived_value(&q->params[k], &pvs[k], pname + 1, &v))
            k++;
        if (k == q->nparams) {
            s = rs_fail(e, RS_ETEMPLATE,
                        "%s: %s is neither declared nor derived from a "
                        "declared parameter",
                        q->path, pname);
            goto done;
        }
        if (pvs[k].is_text && strcmp(pname + 1, q->params[k].name) == 0)
            store_bind_text(st, pname, pvs[k].text);
        else
            store_bind_int64(st, pname, v);
    }
done:
    free(pvs);
    return s;
}

rs_status catalog_prepare(store *db, const catalog_query *q, const catalog_arg *args, size_t nargs,
                          store_stmt **st, rs_error *e)
{
    rs_error why;
    rs_status s;
    *st = NULL;
    if ((s = store_register_functions(db, e)) != RS_OK) return s;
    switch (store_prepare_readonly(db, q->sql, st, &why)) {
    case STORE_CHECK_OK:
        break;
    case STORE_CHECK_REFUSED:
        return rs_fail(e, RS_ETEMPLATE, "query %s refused: %s", q->name, why.msg);
    case STORE_CHECK_INVALID:
        return rs_fail(e, RS_ETEMPLATE, "query %s (%s): %s", q->name, q->path, why.msg);
    case STORE_CHECK_EMPTY:
        return rs_fail(e, RS_ETEMPLATE, "query %s (%s) holds no statement", q->name, q->path);
    case STORE_CHECK_SEVERAL:
        return rs_fail(e, RS_ETEMPLATE,
                       "query %s refused: a catalogue file must hold exactly one "
                       "statement",
                       q->name);
    case STORE_CHECK_WRITES:
        return rs_fail(e, RS_ETEMPLATE, "query %s refused: it would change the database", q->name);
    }
    if ((s = catalog_bind(q, *st, args, nargs, e)) != RS_OK) {
        store_finalize(*st);
        *st = NULL;
    }
    return s;
}

rs_status catalog_run(store *db, const char *name, const catalog_arg *args, size_t nargs,
                      rs_table **out, rs_error *e)
{
    catalog_query *q = NULL;
    store_stmt *st = NULL;
    rs_status s;
    *out = NULL;
    bool trace = getenv("RELIEFSTAT_TRACE") != NULL;
    gint64 start = trace ? g_get_monotonic_time() : 0;
    if ((s = catalog_load(name, &q, e)) != RS_OK) goto done;
    if ((s = catalog_prepare(db, q, args, nargs, &st, e)) != RS_OK) goto done;
    if ((s = store_table(st, out, e)) != RS_OK) rs_error_prefix(e, "query %s", name);
    /* RELIEFSTAT_TRACE=1: the time of every catalogue query, to find the
     * slow one, with SQLite's counts of virtual-machine steps and of rows
     * put in automatic indexes, which do not vary with the machine's load,
     * and whether it ran on a thread besides the main one (names and counts
     * only: no parameter values, no data). */
    if (trace && s == RS_OK) {
        char counts[128];
        store_stmt_trace(st, counts, sizeof counts);
        fprintf(stderr, "trace: %-20s %8zu rows %8.3f s %s%s\n", name, (*out)->nrows,
                (double)(g_get_monotonic_time() - start) / 1e6, counts,
                getpid() == (pid_t)syscall(SYS_gettid) ? "" : "  (second thread)");
    }
done:
    store_finalize(st);
    catalog_free(q);
    return s;
}

/* ---------------------------------------------------------------- listing */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add q as a row of the listing t. */
static void list_row(rs_table *t, const catalog_query *q)
{
    char params[1024];
    size_t k = 0;
    size_t r = table_add_row(t);
    params[0] = '\0';
    for (int i = 0; i < q->nparams && k < sizeof params; i++)
        k += (size_t)snprintf(params + k, sizeof params - k, "%s%s:%s", i ? " " : "",
                              q->params[i].name, type_names[q->params[i].type]);
    table_set_text(t, r, 0, q->name);
    table_set_text(t, r, 1, params);
    table_set_text(t, r, 2, q->description);
}

rs_status catalog_list(rs_table **out, rs_error *e)
{
    static const char *const cols[] = {"name", "parameters", "description"};
    char *dir = home_path("queries"), **names = NULL;
    size_t n = 0, cap = 0;
    rs_status s = RS_OK;
    rs_table *t = table_new(3, cols);
    DIR *d = opendir(dir);
    *out = NULL;
    if (!d) {
        s = rs_fail(e, RS_EIO, "cannot read the query catalogue %s", dir);
        goto done;
    }
    for (struct dirent *de; (de = readdir(d));) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".sql") != 0) continue;
        if (n == cap) names = rs_realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *names);
        names[n++] = rs_strndup(de->d_name, len - 4);
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && s == RS_OK; i++) {
        catalog_query *q = NULL;
        if ((s = catalog_load(names[i], &q, e)) == RS_OK) list_row(t, q);
        catalog_free(q);
    }
    if (s == RS_OK) {
        *out = t;
        t = NULL;
    }
done:
    if (d) closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(dir);
    table_free(t);
    return s;
}
