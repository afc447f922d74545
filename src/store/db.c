/*
 * db: the SQLite store's connection, pragmas and schema migrations.
 */
#include "store/db.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/home.h"
#include "base/region.h"

const char *db_default_path(const char *opt)
{
    if (opt && *opt) return opt;
    const char *env = getenv("RELIEFSTAT_DB");
    return env && *env ? env : "reliefstat.db";
}

rs_status db_exec(sqlite3 *db, const char *sql, rs_error *e)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rs_fail(e, RS_ESQL, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return RS_ESQL;
    }
    return RS_OK;
}

/* Prepare each statement of sql in turn and hand it to fn (which may step
 * it) with ctx; stop at the first failure. */
static rs_status each_statement(sqlite3 *db, const char *sql,
                                rs_status (*fn)(sqlite3 *, sqlite3_stmt *, void *, rs_error *),
                                void *ctx, rs_error *e)
{
    rs_status s = RS_OK;
    while (*sql && s == RS_OK) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK)
            s = rs_fail(e, RS_ESQL, "%s", sqlite3_errmsg(db));
        else if (st && fn)
            s = fn(db, st, ctx, e);
        sqlite3_finalize(st);
        sql = tail && tail > sql ? tail : "";
    }
    return s;
}

/* An authorizer that allows everything and adds every table read to the
 * set arg. */
static int note_reads(void *arg, int action, const char *a1, const char *a2, const char *dbname,
                      const char *trigger)
{
    (void)a2, (void)dbname, (void)trigger;
    if (action == SQLITE_READ && a1 && !g_hash_table_contains(arg, a1))
        g_hash_table_add(arg, g_strdup(a1));
    return SQLITE_OK;
}

rs_status db_tables_read(sqlite3 *db, const char *sql, GHashTable *tables, rs_error *e)
{
    sqlite3_set_authorizer(db, note_reads, tables);
    rs_status s = each_statement(db, sql, NULL, NULL, e);
    sqlite3_set_authorizer(db, NULL, NULL);
    return s;
}

static rs_status step_with(sqlite3 *db, sqlite3_stmt *st, void *value, rs_error *e)
{
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, *(int64_t *)value);
    return sqlite3_step(st) == SQLITE_DONE ? RS_OK : rs_fail(e, RS_ESQL, "%s", sqlite3_errmsg(db));
}

rs_status db_exec_with(sqlite3 *db, const char *sql, int64_t value, rs_error *e)
{
    return each_statement(db, sql, step_with, &value, e);
}

rs_status db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, rs_error *e)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return rs_fail(e, RS_ESQL, "cannot prepare statement: %s", sqlite3_errmsg(db));
    return RS_OK;
}

/* PRAGMA user_version of db, or -1 if it cannot be read. */
static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

rs_status db_check_schema(sqlite3 *db, rs_error *e)
{
    int v = user_version(db);
    if (v < 0) /* not a wrong version: the store could not be read */
        return rs_fail(e, RS_ESQL, "cannot read the schema version: %s", sqlite3_errmsg(db));
    if (v != DB_SCHEMA_VERSION)
        return rs_fail(e, RS_EUSAGE,
                       "database schema version is %d, this program needs %d: run "
                       "`reliefstat init` first",
                       v, DB_SCHEMA_VERSION);
    return RS_OK;
}

rs_status db_open(const char *path, bool readonly, bool create, sqlite3 **out, rs_error *e)
{
    sqlite3 *db = NULL;
    int flags =
        readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    rs_status s = RS_OK;
    *out = NULL;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        /* A store that is not there is the user's to create; one that is
         * there but cannot be opened is a system failure. */
        bool missing = !create && access(path, F_OK) != 0 && errno == ENOENT;
        s = rs_fail(e, missing ? RS_EUSAGE : RS_EIO, "cannot open database %s: %s%s", path,
                    db ? sqlite3_errmsg(db) : "out of memory",
                    missing ? " (run `reliefstat init` to create it)" : "");
        goto fail;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    /* No extension may ever be loaded through SQL. */
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    if (readonly) {
        if ((s = db_exec(db, "PRAGMA query_only=1", e)) != RS_OK) goto fail;
    } else {
        /* synchronous=FULL: a commit is on disk before the command says it
         * succeeded (an import is one transaction, so this is one fsync). */
        s = db_exec(
            db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;", e);
        if (s != RS_OK) goto fail;
    }
    /* Readers sort in memory; the import's sorts (the index builds of a
     * first load, the summary refresh) are as big as the ledger and spill
     * to temporary files, which keeps its peak memory under 1 GiB at
     * region scale (bench/PROFILE.md). */
    if ((s = db_exec(db,
                     readonly ? "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
                              : "PRAGMA cache_size=-262144; PRAGMA temp_store=FILE;",
                     e)) != RS_OK)
        goto fail;
    /* A read-only connection is one read transaction: every query of a
     * report sees the same snapshot, even while an import commits. */
    if (readonly &&
        ((s = db_exec(db, "BEGIN", e)) != RS_OK || (s = db_check_schema(db, e)) != RS_OK))
        goto fail;
    *out = db;
    return RS_OK;
fail:
    if (s == RS_ESQL) rs_error_prefix(e, "%s", path);
    sqlite3_close(db);
    return s;
}

/* The state a snapshot shows (see db_open_twin) as text in buf. */
static bool snapshot_token(sqlite3 *db, char *buf, size_t n)
{
    static const char sql[] =
        "SELECT COALESCE((SELECT MAX(batch_id) FROM import_batches), 0) || '/' || "
        "(SELECT COUNT(*) FROM import_batches) || '/' || "
        "COALESCE((SELECT group_concat(name || '=' || value_e6, ';') "
        "FROM (SELECT name, value_e6 FROM param_defaults ORDER BY name)), '')";
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0);
    if (ok) snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return ok;
}

rs_status db_open_twin(sqlite3 *db, sqlite3 **out)
{
    const char *path = sqlite3_db_filename(db, "main");
    char mine[512], theirs[512];
    sqlite3 *twin = NULL;
    rs_error ignored;
    *out = NULL;
    if (!path || !*path || sqlite3_db_readonly(db, "main") != 1) return RS_OK;
    if (db_open(path, true, false, &twin, &ignored) != RS_OK) return RS_OK;
    /* Two connections at work at once must stay within the memory one
     * had: the twin keeps a smaller page cache and sorts in temporary
     * files (bench/PROFILE.md). */
    if (db_exec(twin, "PRAGMA cache_size=-65536; PRAGMA temp_store=FILE;", &ignored) != RS_OK) {
        db_close(twin);
        return RS_OK;
    }
    if (snapshot_token(db, mine, sizeof mine) && snapshot_token(twin, theirs, sizeof theirs) &&
        strcmp(mine, theirs) == 0)
        *out = twin;
    else
        db_close(twin);
    return RS_OK;
}

void db_close(sqlite3 *db)
{
    if (db) sqlite3_close(db);
}

/* Apply queries/schema/v<version>.sql. */
static rs_status apply_version(sqlite3 *db, int version, rs_error *e)
{
    char rel[64], *path, *sql = NULL;
    rs_status s;
    snprintf(rel, sizeof rel, "queries/schema/v%d.sql", version);
    path = home_path(rel);
    if ((s = file_read(path, &sql, NULL, e)) == RS_OK) {
        s = db_exec(db, sql, e);
        if (s != RS_OK) rs_error_prefix(e, "%s", path);
    }
    free(sql);
    free(path);
    return s;
}

/* Replace param_defaults with seeds/param_defaults.csv (lines "name,value_e6"
 * after a header; '#' starts a comment line). */
static rs_status load_param_defaults(sqlite3 *db, rs_error *e)
{
    char *path = home_path("seeds/param_defaults.csv"), *text = NULL, *save = NULL;
    sqlite3_stmt *st = NULL;
    rs_status s;
    int lineno = 0;
    if ((s = file_read(path, &text, NULL, e)) != RS_OK) goto done;
    if ((s = db_exec(db, "DELETE FROM param_defaults", e)) != RS_OK) goto done;
    if ((s = db_prepare(db, "INSERT INTO param_defaults(name, value_e6) VALUES (?, ?)", &st, e)) !=
        RS_OK)
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
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, v);
        if (sqlite3_step(st) != SQLITE_DONE) {
            s = rs_fail(e, RS_ESQL, "%s:%d: %s", path, lineno, sqlite3_errmsg(db));
            goto done;
        }
        sqlite3_reset(st);
    }
done:
    sqlite3_finalize(st);
    free(text);
    free(path);
    return s;
}

rs_status db_migrate(sqlite3 *db, rs_error *e)
{
    rs_status s;
    int v = user_version(db);
    if (v < 0) return rs_fail(e, RS_ESQL, "cannot read the schema version: %s", sqlite3_errmsg(db));
    if (v > DB_SCHEMA_VERSION)
        return rs_fail(e, RS_EUSAGE, "database schema version %d is newer than this program's (%d)",
                       v, DB_SCHEMA_VERSION);
    if ((s = db_exec(db, "BEGIN IMMEDIATE", e)) != RS_OK) return s;
    for (int next = v + 1; next <= DB_SCHEMA_VERSION; next++) {
        char pragma[64];
        if ((s = apply_version(db, next, e)) != RS_OK) goto fail;
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", next);
        if ((s = db_exec(db, pragma, e)) != RS_OK) goto fail;
    }
    if ((s = load_param_defaults(db, e)) != RS_OK) goto fail;
    return db_exec(db, "COMMIT", e);
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return s;
}

/* ---- rows into base types ------------------------------------------------ */

rs_status table_from_stmt(sqlite3_stmt *st, rs_table **out, rs_error *e)
{
    int ncols = sqlite3_column_count(st), rc;
    const char **names = rs_calloc((size_t)ncols, sizeof *names);
    rs_status s = RS_OK;
    for (int c = 0; c < ncols; c++)
        names[c] = sqlite3_column_name(st, c);
    rs_table *t = table_new(ncols, names);
    free(names);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t r = table_add_row(t);
        for (int c = 0; c < ncols; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
                table_set_int(t, r, c, sqlite3_column_int64(st, c));
                break;
            case SQLITE_FLOAT:
                table_set_real(t, r, c, sqlite3_column_double(st, c));
                break;
            case SQLITE_NULL:
                break;
            default:
                table_set_text(t, r, c, (const char *)sqlite3_column_text(st, c));
            }
        }
    }
    if (rc != SQLITE_DONE) s = rs_fail(e, RS_ESQL, "%s", sqlite3_errmsg(sqlite3_db_handle(st)));
    if (s != RS_OK) {
        table_free(t);
        t = NULL;
    }
    *out = t;
    return s;
}

/* Writes into buf (size n) the name of code from divisions, or the code
 * itself when divisions does not list it (or the query fails); returns
 * whether divisions names it. */
bool region_name(sqlite3 *db, int64_t code, char *buf, size_t n)
{
    sqlite3_stmt *st = NULL;
    const char *name = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM divisions WHERE code = ?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(st, 1, code);
        if (sqlite3_step(st) == SQLITE_ROW) name = (const char *)sqlite3_column_text(st, 0);
    }
    bool known = name && *name;
    if (known)
        snprintf(buf, n, "%s", name);
    else
        region_label(NULL, code, buf, n);
    sqlite3_finalize(st);
    return known;
}
