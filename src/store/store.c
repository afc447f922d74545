/*
 * store: the dispatch of store.h to the connection's backend, and what is
 * written once for every backend on top of it: the schema migration and
 * its parameter defaults, a statement's rows as a table, a unit's name.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/home.h"
#include "base/region.h"
#include "store/store_backend.h"

/* The backends built in, in the order they are asked whether they take a
 * location. */
static const store_backend *const backends[] = {&store_pg_backend, &store_sqlite_backend};
#define NBACKENDS (sizeof backends / sizeof backends[0])

void store_init(void)
{
    for (size_t i = 0; i < NBACKENDS; i++)
        if (backends[i]->init) backends[i]->init();
}

const char *store_default_path(const char *opt)
{
    if (opt && *opt) return opt;
    const char *env = getenv("RELIEFSTAT_DB");
    return env && *env ? env : "reliefstat.db";
}

rs_status store_open(const char *where, unsigned flags, store **out, rs_error *e)
{
    *out = NULL;
    for (size_t i = 0; i < NBACKENDS; i++)
        if (backends[i]->accepts(where)) return backends[i]->open(where, flags, out, e);
    return rs_fail(e, RS_EUSAGE, "cannot open database %s: no store of this kind is built in",
                   where);
}

rs_status store_open_twin(store *db, store **out)
{
    return db->be->open_twin(db, out);
}

void store_close(store *db)
{
    if (db) db->be->close(db);
}

void store_interrupt(store *db)
{
    if (db) db->be->interrupt(db);
}

rs_status store_exec(store *db, const char *sql, rs_error *e)
{
    return db->be->exec(db, sql, e);
}

rs_status store_exec_with(store *db, const char *sql, const char *name, int64_t value, rs_error *e)
{
    return db->be->exec_with(db, sql, name, value, e);
}

rs_status store_prepare(store *db, const char *sql, store_stmt **st, rs_error *e)
{
    return db->be->prepare(db, sql, st, e);
}

store_check store_prepare_readonly(store *db, const char *sql, store_stmt **st, rs_error *e)
{
    return db->be->prepare_readonly(db, sql, st, e);
}

rs_status store_tables_read(store *db, const char *sql, GHashTable *tables, rs_error *e)
{
    return db->be->tables_read(db, sql, tables, e);
}

void store_bind_int64(store_stmt *st, const char *name, int64_t value)
{
    st->be->bind_int64(st, name, value);
}

void store_bind_double(store_stmt *st, const char *name, double value)
{
    st->be->bind_double(st, name, value);
}

void store_bind_text(store_stmt *st, const char *name, const char *text)
{
    st->be->bind_text(st, name, text, true);
}

void store_bind_text_ref(store_stmt *st, const char *name, const char *text)
{
    st->be->bind_text(st, name, text, false);
}

void store_bind_null(store_stmt *st, const char *name)
{
    st->be->bind_null(st, name);
}

void store_clear_bindings(store_stmt *st)
{
    st->be->clear_bindings(st);
}

int store_param_count(store_stmt *st)
{
    return st->be->param_count(st);
}

const char *store_param_name(store_stmt *st, int i)
{
    return st->be->param_name(st, i);
}

rs_status store_step(store_stmt *st, bool *row, rs_error *e)
{
    return st->be->step(st, row, e);
}

bool store_duplicate_key(store_stmt *st)
{
    return st->be->duplicate_key(st);
}

rs_status store_run(store_stmt *st, rs_error *e)
{
    bool row = true;
    rs_status s = RS_OK;
    while (s == RS_OK && row)
        s = store_step(st, &row, e);
    store_reset(st);
    return s;
}

void store_reset(store_stmt *st)
{
    st->be->reset(st);
}

void store_finalize(store_stmt *st)
{
    if (st) st->be->finalize(st);
}

int store_column_count(store_stmt *st)
{
    return st->be->column_count(st);
}

const char *store_column_name(store_stmt *st, int c)
{
    return st->be->column_name(st, c);
}

store_type store_column_type(store_stmt *st, int c)
{
    return st->be->column_type(st, c);
}

bool store_column_is_null(store_stmt *st, int c)
{
    return st->be->column_type(st, c) == STORE_NULL;
}

int64_t store_column_int64(store_stmt *st, int c)
{
    return st->be->column_int64(st, c);
}

double store_column_double(store_stmt *st, int c)
{
    return st->be->column_double(st, c);
}

const char *store_column_text(store_stmt *st, int c)
{
    return st->be->column_text(st, c);
}

void store_stmt_trace(store_stmt *st, char *buf, size_t n)
{
    st->be->stmt_trace(st, buf, n);
}

rs_status store_begin(store *db, rs_error *e)
{
    return db->be->begin(db, e);
}

rs_status store_commit(store *db, rs_error *e)
{
    return db->be->commit(db, e);
}

void store_rollback(store *db)
{
    db->be->rollback(db);
}

void store_busy_timeout(store *db, int ms)
{
    db->be->busy_timeout(db, ms);
}

bool store_in_transaction(store *db)
{
    return db->be->in_transaction(db);
}

int64_t store_last_insert_id(store *db)
{
    return db->be->last_insert_id(db);
}

const char *store_row_id(store *db)
{
    return db->be->row_id;
}

bool store_insert_unchecked(store *db)
{
    return db->be->insert_unchecked;
}

rs_status store_need_month(store *db, int period, rs_error *e)
{
    return db->be->need_month ? db->be->need_month(db, period, e) : RS_OK;
}

bool store_can_copy(store *db)
{
    return db->be->copy_begin != NULL;
}

rs_status store_copy_begin(store *db, const char *table, const char *const *cols, int n,
                           rs_error *e)
{
    if (!db->be->copy_begin) return rs_fail(e, RS_ESQL, "the store has no bulk loading");
    return db->be->copy_begin(db, table, cols, n, e);
}

rs_status store_copy_row(store *db, const char *const *values, rs_error *e)
{
    return db->be->copy_row(db, values, e);
}

rs_status store_copy_end(store *db, bool keep, rs_error *e)
{
    return db->be->copy_end ? db->be->copy_end(db, keep, e) : RS_OK;
}

rs_status store_loaded(store *db, const char *table, rs_error *e)
{
    return db->be->loaded ? db->be->loaded(db, table, e) : RS_OK;
}

char *store_sql_path(store *db, const char *rel)
{
    const char *dir = db->be->dialect_dir;
    if (dir && strncmp(rel, "queries/", 8) == 0) {
        char *own = g_strdup_printf("%s/%s", dir, rel + 8), *path = home_path(own);
        bool have = g_file_test(path, G_FILE_TEST_EXISTS);
        free(path);
        if (have) {
            char *r = strdup(own);
            g_free(own);
            return r;
        }
        g_free(own);
    }
    return strdup(rel);
}

rs_status store_register_functions(store *db, rs_error *e)
{
    return db->be->register_functions(db, e);
}

/* ---------------------------------------------------------------- schema */

rs_status store_check_schema(store *db, rs_error *e)
{
    int v = db->be->schema_version(db);
    if (v < 0) /* not a wrong version: the store could not be read */
        return rs_fail(e, RS_ESQL, "cannot read the schema version: %s", db->be->errmsg(db));
    if (v != STORE_SCHEMA_VERSION)
        return rs_fail(e, RS_EUSAGE,
                       "database schema version is %d, this program needs %d: run "
                       "`reliefstat init` first",
                       v, STORE_SCHEMA_VERSION);
    return RS_OK;
}

/* Apply the SQL file rel (below home). */
static rs_status apply_file(store *db, const char *rel, rs_error *e)
{
    char *path = home_path(rel), *sql = NULL;
    rs_status s;
    if ((s = file_read(path, &sql, NULL, e)) == RS_OK) {
        s = store_exec(db, sql, e);
        if (s != RS_OK) rs_error_prefix(e, "%s", path);
    }
    free(sql);
    free(path);
    return s;
}

/* Apply the backend's schema file v<version>.sql. */
static rs_status apply_version(store *db, int version, rs_error *e)
{
    char rel[128];
    snprintf(rel, sizeof rel, "%s/v%d.sql", db->be->schema_dir, version);
    return apply_file(db, rel, e);
}

/* Replace param_defaults with seeds/param_defaults.csv (lines "name,value_e6"
 * after a header; '#' starts a comment line). */
static rs_status load_param_defaults(store *db, rs_error *e)
{
    char *path = home_path("seeds/param_defaults.csv"), *text = NULL, *save = NULL;
    store_stmt *st = NULL;
    rs_status s;
    int lineno = 0;
    if ((s = file_read(path, &text, NULL, e)) != RS_OK) goto done;
    if ((s = store_exec(db, "DELETE FROM param_defaults", e)) != RS_OK) goto done;
    if ((s = store_prepare(db, "INSERT INTO param_defaults(name, value_e6) VALUES (:name, :value)",
                           &st, e)) != RS_OK)
        goto done;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[64];
        long long v;
        lineno++;
        if (lineno == 1 || line[0] == '#') continue;
        if (sscanf(line, "%63[^,],%lld", name, &v) != 2) {
            s = rs_fail(e, RS_EDATA, "%s:%d: expected name,value_e6", path, lineno);
            goto done;
        }
        store_bind_text(st, ":name", name);
        store_bind_int64(st, ":value", v);
        if ((s = store_run(st, e)) != RS_OK) {
            rs_error_prefix(e, "%s:%d", path, lineno);
            goto done;
        }
    }
done:
    store_finalize(st);
    free(text);
    free(path);
    return s;
}

rs_status store_migrate(store *db, rs_error *e)
{
    rs_status s;
    int v = db->be->schema_version(db);
    if (v < 0) return rs_fail(e, RS_ESQL, "cannot read the schema version: %s", db->be->errmsg(db));
    if (v > STORE_SCHEMA_VERSION)
        return rs_fail(e, RS_EUSAGE, "database schema version %d is newer than this program's (%d)",
                       v, STORE_SCHEMA_VERSION);
    if ((s = store_begin(db, e)) != RS_OK) return s;
    /* An empty store (0) starts from the backend's first file. */
    for (int next = v == 0 && db->be->schema_base > 1 ? db->be->schema_base : v + 1;
         next <= STORE_SCHEMA_VERSION; next++) {
        if ((s = apply_version(db, next, e)) != RS_OK) goto fail;
        if ((s = db->be->set_schema_version(db, next, e)) != RS_OK) goto fail;
    }
    if (db->be->schema_always && (s = apply_file(db, db->be->schema_always, e)) != RS_OK) goto fail;
    if ((s = load_param_defaults(db, e)) != RS_OK) goto fail;
    return store_commit(db, e);
fail:
    store_rollback(db);
    return s;
}

/* ---------------------------------------------------------------- rows */

rs_status store_table(store_stmt *st, rs_table **out, rs_error *e)
{
    int ncols = store_column_count(st);
    const char **names = rs_calloc((size_t)ncols, sizeof *names);
    rs_status s;
    bool row;
    for (int c = 0; c < ncols; c++)
        names[c] = store_column_name(st, c);
    rs_table *t = table_new(ncols, names);
    free(names);
    while ((s = store_step(st, &row, e)) == RS_OK && row) {
        size_t r = table_add_row(t);
        for (int c = 0; c < ncols; c++) {
            switch (store_column_type(st, c)) {
            case STORE_INT:
                table_set_int(t, r, c, store_column_int64(st, c));
                break;
            case STORE_REAL:
                table_set_real(t, r, c, store_column_double(st, c));
                break;
            case STORE_NULL:
                break;
            default:
                table_set_text(t, r, c, store_column_text(st, c));
            }
        }
    }
    if (s != RS_OK) {
        table_free(t);
        t = NULL;
    }
    *out = t;
    return s;
}

bool store_region_name(store *db, int64_t code, char *buf, size_t n)
{
    store_stmt *st = NULL;
    const char *name = NULL;
    rs_error ignored;
    bool row = false;
    if (store_prepare(db, "SELECT name FROM divisions WHERE code = :code", &st, &ignored) ==
        RS_OK) {
        store_bind_int64(st, ":code", code);
        if (store_step(st, &row, &ignored) == RS_OK && row) name = store_column_text(st, 0);
    }
    bool known = name && *name;
    if (known)
        snprintf(buf, n, "%s", name);
    else
        region_label(NULL, code, buf, n);
    store_finalize(st);
    return known;
}
