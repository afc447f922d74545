/*
 * sqlite: the SQLite backend of the store (store_backend.h): a file
 * opened in WAL mode for writers, a read transaction held for the life of
 * a read-only connection, statements bound by name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/common.h"
#include "store/sqlite_int.h"
#include "store/store_backend.h"

typedef struct {
    store base;
    sqlite3 *db;
    bool guarded;    /* inside store_begin's transaction: only store_commit commits */
    bool committing; /* store_commit's COMMIT is under way */
} sq_store;

typedef struct {
    store_stmt base;
    sqlite3_stmt *st;
    int last_rc;          /* what the last step returned */
    int next;             /* the parameter after the last one bound: the likely next */
    char bind_error[160]; /* the first failed bind since the last reset, or "" */
} sq_stmt;

static sqlite3 *DB(store *db)
{
    return ((sq_store *)db)->db;
}

static sq_stmt *ST(store_stmt *st)
{
    return (sq_stmt *)st;
}

static bool sq_accepts(const char *where)
{
    return strstr(where, "://") == NULL;
}

static void sq_init(void)
{
    /* Each connection is used by one thread at a time (the twin runs on
     * a thread of its own): no per-connection mutex, and no global memory
     * statistics, whose mutex every allocation would take. */
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static const char *sq_errmsg(store *db)
{
    return sqlite3_errmsg(DB(db));
}

static rs_status sq_exec(store *db, const char *sql, rs_error *e)
{
    char *msg = NULL;
    if (sqlite3_exec(DB(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        rs_fail(e, RS_ESQL, "%s", msg ? msg : sqlite3_errmsg(DB(db)));
        sqlite3_free(msg);
        return RS_ESQL;
    }
    return RS_OK;
}

/* ---------------------------------------------------------------- statements */

static store_stmt *wrap(sqlite3_stmt *raw)
{
    sq_stmt *s = rs_calloc(1, sizeof *s);
    s->base.be = &store_sqlite_backend;
    s->st = raw;
    return &s->base;
}

static rs_status sq_prepare(store *db, const char *sql, store_stmt **st, rs_error *e)
{
    sqlite3_stmt *raw = NULL;
    *st = NULL;
    if (sqlite3_prepare_v2(DB(db), sql, -1, &raw, NULL) != SQLITE_OK)
        return rs_fail(e, RS_ESQL, "cannot prepare statement: %s", sqlite3_errmsg(DB(db)));
    *st = wrap(raw);
    return RS_OK;
}

static void sq_finalize(store_stmt *st)
{
    sqlite3_finalize(ST(st)->st);
    free(st);
}

/* The index of parameter name in s, or 0 (with the bind error kept).
 * Callers mostly bind in the order of the statement's parameters, so the
 * one after the last bound is tried first (the import binds every column
 * of every row). */
static int param_index(sq_stmt *s, const char *name)
{
    const char *guess = s->next ? sqlite3_bind_parameter_name(s->st, s->next) : NULL;
    int i = guess && strcmp(guess, name) == 0 ? s->next : sqlite3_bind_parameter_index(s->st, name);
    s->next = i && i < sqlite3_bind_parameter_count(s->st) ? i + 1 : 1;
    if (i == 0 && !s->bind_error[0])
        snprintf(s->bind_error, sizeof s->bind_error, "cannot bind %s: no such parameter", name);
    return i;
}

/* Keep the failure rc of binding name, if it is the first. */
static void bind_done(sq_stmt *s, const char *name, int rc)
{
    if (rc != SQLITE_OK && !s->bind_error[0])
        snprintf(s->bind_error, sizeof s->bind_error, "cannot bind %s: %s", name,
                 sqlite3_errstr(rc));
}

static void sq_bind_int64(store_stmt *st, const char *name, int64_t v)
{
    int i = param_index(ST(st), name);
    if (i) bind_done(ST(st), name, sqlite3_bind_int64(ST(st)->st, i, v));
}

static void sq_bind_double(store_stmt *st, const char *name, double v)
{
    int i = param_index(ST(st), name);
    if (i) bind_done(ST(st), name, sqlite3_bind_double(ST(st)->st, i, v));
}

static void sq_bind_text(store_stmt *st, const char *name, const char *text, bool copy)
{
    int i = param_index(ST(st), name);
    if (i)
        bind_done(ST(st), name,
                  text ? sqlite3_bind_text(ST(st)->st, i, text, -1,
                                           copy ? SQLITE_TRANSIENT : SQLITE_STATIC)
                       : sqlite3_bind_null(ST(st)->st, i));
}

static void sq_bind_null(store_stmt *st, const char *name)
{
    int i = param_index(ST(st), name);
    if (i) bind_done(ST(st), name, sqlite3_bind_null(ST(st)->st, i));
}

static void sq_clear_bindings(store_stmt *st)
{
    sqlite3_clear_bindings(ST(st)->st);
    ST(st)->bind_error[0] = '\0';
}

static int sq_param_count(store_stmt *st)
{
    return sqlite3_bind_parameter_count(ST(st)->st);
}

static const char *sq_param_name(store_stmt *st, int i)
{
    return sqlite3_bind_parameter_name(ST(st)->st, i);
}

static rs_status sq_step(store_stmt *st, bool *row, rs_error *e)
{
    sq_stmt *s = ST(st);
    int rc;
    *row = false;
    if (s->bind_error[0]) return rs_fail(e, RS_ESQL, "%s", s->bind_error);
    rc = s->last_rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) *row = true;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return RS_OK;
    return rs_fail(e, RS_ESQL, "%s", sqlite3_errmsg(sqlite3_db_handle(s->st)));
}

static bool sq_duplicate_key(store_stmt *st)
{
    return ST(st)->last_rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}

static void sq_reset(store_stmt *st)
{
    sqlite3_reset(ST(st)->st);
    ST(st)->bind_error[0] = '\0';
}

static int sq_column_count(store_stmt *st)
{
    return sqlite3_column_count(ST(st)->st);
}

static const char *sq_column_name(store_stmt *st, int c)
{
    return sqlite3_column_name(ST(st)->st, c);
}

static store_type sq_column_type(store_stmt *st, int c)
{
    switch (sqlite3_column_type(ST(st)->st, c)) {
    case SQLITE_INTEGER:
        return STORE_INT;
    case SQLITE_FLOAT:
        return STORE_REAL;
    case SQLITE_NULL:
        return STORE_NULL;
    case SQLITE_BLOB:
        return STORE_BLOB;
    default:
        return STORE_TEXT;
    }
}

static int64_t sq_column_int64(store_stmt *st, int c)
{
    return sqlite3_column_int64(ST(st)->st, c);
}

static double sq_column_double(store_stmt *st, int c)
{
    return sqlite3_column_double(ST(st)->st, c);
}

static const char *sq_column_text(store_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(ST(st)->st, c);
}

static void sq_stmt_trace(store_stmt *st, char *buf, size_t n)
{
    snprintf(buf, n, "%12d vm steps %9d autoindex rows",
             sqlite3_stmt_status(ST(st)->st, SQLITE_STMTSTATUS_VM_STEP, 0),
             sqlite3_stmt_status(ST(st)->st, SQLITE_STMTSTATUS_AUTOINDEX, 0));
}

/* Prepare each statement of sql in turn and hand it to fn (which may step
 * it) with ctx; stop at the first failure. */
static rs_status each_statement(sqlite3 *db, const char *sql,
                                rs_status (*fn)(sqlite3 *, sqlite3_stmt *, const void *,
                                                rs_error *),
                                const void *ctx, rs_error *e)
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

static rs_status sq_tables_read(store *db, const char *sql, GHashTable *tables, rs_error *e)
{
    sqlite3_set_authorizer(DB(db), note_reads, tables);
    rs_status s = each_statement(DB(db), sql, NULL, NULL, e);
    sqlite3_set_authorizer(DB(db), NULL, NULL);
    return s;
}

/* A parameter's name and value for step_with. */
typedef struct {
    const char *name;
    int64_t value;
} named_value;

static rs_status step_with(sqlite3 *db, sqlite3_stmt *st, const void *arg, rs_error *e)
{
    const named_value *nv = arg;
    int i = sqlite3_bind_parameter_index(st, nv->name);
    if (i > 0) sqlite3_bind_int64(st, i, nv->value);
    return sqlite3_step(st) == SQLITE_DONE ? RS_OK : rs_fail(e, RS_ESQL, "%s", sqlite3_errmsg(db));
}

static rs_status sq_exec_with(store *db, const char *sql, const char *name, int64_t value,
                              rs_error *e)
{
    named_value nv = {name, value};
    return each_statement(DB(db), sql, step_with, &nv, e);
}

/* ---------------------------------------------------------------- read-only guard */

/* Schema introspection PRAGMAs a catalogue query may use. */
static const char *const pragma_ok[] = {"table_info", "table_xinfo", "index_list",
                                        "index_info", "index_xinfo", "foreign_key_list",
                                        "table_list", "user_version"};

/* The authorizer of catalogue statements: deny anything but reading; why
 * (160 bytes) gets what it refused. */
static int guard(void *arg, int action, const char *a1, const char *a2, const char *db,
                 const char *trigger)
{
    char *why = arg;
    const size_t n = 160;
    (void)db, (void)trigger;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        if (a2 && strcmp(a2, "load_extension") == 0) {
            snprintf(why, n, "load_extension() is not allowed");
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    case SQLITE_PRAGMA:
        for (size_t i = 0; i < sizeof pragma_ok / sizeof pragma_ok[0]; i++)
            if (a1 && strcmp(a1, pragma_ok[i]) == 0 &&
                (strcmp(a1, "user_version") != 0 || a2 == NULL))
                return SQLITE_OK;
        snprintf(why, n, "PRAGMA %s%s%s is not allowed", a1 ? a1 : "", a2 ? " = " : "",
                 a2 ? a2 : "");
        return SQLITE_DENY;
    case SQLITE_ATTACH:
        snprintf(why, n, "ATTACH is not allowed");
        return SQLITE_DENY;
    case SQLITE_DETACH:
        snprintf(why, n, "DETACH is not allowed");
        return SQLITE_DENY;
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        snprintf(why, n, "transaction control is not allowed");
        return SQLITE_DENY;
    default:
        snprintf(why, n, "statements that change the database are not allowed");
        return SQLITE_DENY;
    }
}

/* Skip whitespace and SQL comments; returns the first other character. */
STATIC const char *skip_space(const char *p)
{
    for (;;) {
        while (g_ascii_isspace(*p) || *p == ';')
            p++;
        if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else {
            return p;
        }
    }
}

static store_check sq_prepare_readonly(store *db, const char *sql, store_stmt **st, rs_error *e)
{
    char why[160] = "";
    const char *tail = NULL;
    sqlite3_stmt *raw = NULL;
    store_check c = STORE_CHECK_OK;
    *st = NULL;
    sqlite3_set_authorizer(DB(db), guard, why);
    int rc = sqlite3_prepare_v2(DB(db), sql, -1, &raw, &tail);
    sqlite3_set_authorizer(DB(db), NULL, NULL);
    if (rc != SQLITE_OK) {
        c = why[0] ? STORE_CHECK_REFUSED : STORE_CHECK_INVALID;
        rs_fail(e, RS_ESQL, "%s", why[0] ? why : sqlite3_errmsg(DB(db)));
    } else if (!raw) {
        c = STORE_CHECK_EMPTY;
    } else if (*skip_space(tail)) {
        c = STORE_CHECK_SEVERAL;
    } else if (!sqlite3_stmt_readonly(raw)) {
        c = STORE_CHECK_WRITES;
    }
    if (c == STORE_CHECK_OK)
        *st = wrap(raw);
    else
        sqlite3_finalize(raw);
    return c;
}

/* ---------------------------------------------------------------- transactions */

/* The commit hook while store_begin's transaction is open: only
 * store_commit's own COMMIT goes through. */
static int only_own_commit(void *arg)
{
    const sq_store *s = arg;
    return !s->committing;
}

static rs_status sq_begin(store *db, rs_error *e)
{
    sq_store *s = (sq_store *)db;
    sqlite3_commit_hook(s->db, only_own_commit, s);
    s->guarded = true;
    rs_status st = sq_exec(db, "BEGIN IMMEDIATE", e);
    if (st != RS_OK) {
        sqlite3_commit_hook(s->db, NULL, NULL);
        s->guarded = false;
    }
    return st;
}

/* End the guard of store_begin. */
static void unguard(sq_store *s)
{
    sqlite3_commit_hook(s->db, NULL, NULL);
    s->guarded = s->committing = false;
}

static rs_status sq_commit(store *db, rs_error *e)
{
    sq_store *s = (sq_store *)db;
    s->committing = true;
    rs_status st = sq_exec(db, "COMMIT", e);
    unguard(s);
    return st;
}

static void sq_rollback(store *db)
{
    sq_store *s = (sq_store *)db;
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    unguard(s);
}

static bool sq_in_transaction(store *db)
{
    return sqlite3_get_autocommit(DB(db)) == 0;
}

static void sq_busy_timeout(store *db, int ms)
{
    sqlite3_busy_timeout(DB(db), ms);
}

static int64_t sq_last_insert_id(store *db)
{
    return sqlite3_last_insert_rowid(DB(db));
}

/* ---------------------------------------------------------------- schema version */

static int sq_schema_version(store *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(DB(db), "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static rs_status sq_set_schema_version(store *db, int version, rs_error *e)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version);
    return sq_exec(db, pragma, e);
}

/* ---------------------------------------------------------------- connections */

static void sq_close(store *db)
{
    if (!db) return;
    sqlite3_close(DB(db));
    free(db);
}

static void sq_interrupt(store *db)
{
    if (db) sqlite3_interrupt(DB(db));
}

/* The connection's pragmas: WAL and full sync for writers, query_only for
 * readers; the page cache and where sorts go. */
static rs_status set_pragmas(store *db, bool readonly, rs_error *e)
{
    rs_status s;
    if (readonly) {
        if ((s = sq_exec(db, "PRAGMA query_only=1", e)) != RS_OK) return s;
    } else {
        /* synchronous=FULL: a commit is on disk before the command says it
         * succeeded (an import is one transaction, so this is one fsync). */
        s = sq_exec(
            db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;", e);
        if (s != RS_OK) return s;
    }
    /* Readers sort in memory; the import's sorts (the index builds of a
     * first load, the summary refresh) are as big as the ledger and spill
     * to temporary files, which keeps its peak memory under 1 GiB at
     * region scale (bench/PROFILE.md). */
    return sq_exec(db,
                   readonly ? "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
                            : "PRAGMA cache_size=-262144; PRAGMA temp_store=FILE;",
                   e);
}

static rs_status sq_open(const char *path, unsigned flags, store **out, rs_error *e)
{
    bool readonly = flags & STORE_READONLY, create = flags & STORE_CREATE;
    sq_store *db = rs_calloc(1, sizeof *db);
    int oflags =
        readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    rs_status s = RS_OK;
    db->base.be = &store_sqlite_backend;
    *out = NULL;
    if (sqlite3_open_v2(path, &db->db, oflags, NULL) != SQLITE_OK) {
        /* A store that is not there is the user's to create; one that is
         * there but cannot be opened is a system failure. */
        bool missing = !create && access(path, F_OK) != 0 && errno == ENOENT;
        s = rs_fail(e, missing ? RS_EUSAGE : RS_EIO, "cannot open database %s: %s%s", path,
                    db->db ? sqlite3_errmsg(db->db) : "out of memory",
                    missing ? " (run `reliefstat init` to create it)" : "");
        goto fail;
    }
    sq_busy_timeout(&db->base, 10000);
    sqlite3_extended_result_codes(db->db, 1);
    /* No extension may ever be loaded through SQL. */
    sqlite3_db_config(db->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    if ((s = set_pragmas(&db->base, readonly, e)) != RS_OK) goto fail;
    /* A read-only connection is one read transaction: every query of a
     * report sees the same snapshot, even while an import commits. */
    if (readonly && ((s = sq_exec(&db->base, "BEGIN", e)) != RS_OK ||
                     (s = store_check_schema(&db->base, e)) != RS_OK))
        goto fail;
    *out = &db->base;
    return RS_OK;
fail:
    if (s == RS_ESQL) rs_error_prefix(e, "%s", path);
    sq_close(&db->base);
    return s;
}

/* The state a snapshot shows (see store_open_twin) as text in buf. */
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

static rs_status sq_open_twin(store *db, store **out)
{
    const char *path = sqlite3_db_filename(DB(db), "main");
    char mine[512], theirs[512];
    store *twin = NULL;
    rs_error ignored;
    *out = NULL;
    if (!path || !*path || sqlite3_db_readonly(DB(db), "main") != 1) return RS_OK;
    if (store_open(path, STORE_READONLY, &twin, &ignored) != RS_OK) return RS_OK;
    /* Two connections at work at once must stay within the memory one
     * had: the twin keeps a smaller page cache and sorts in temporary
     * files (bench/PROFILE.md). */
    if (sq_exec(twin, "PRAGMA cache_size=-65536; PRAGMA temp_store=FILE;", &ignored) != RS_OK) {
        sq_close(twin);
        return RS_OK;
    }
    if (snapshot_token(DB(db), mine, sizeof mine) &&
        snapshot_token(DB(twin), theirs, sizeof theirs) && strcmp(mine, theirs) == 0)
        *out = twin;
    else
        sq_close(twin);
    return RS_OK;
}

static rs_status sq_register_functions(store *db, rs_error *e)
{
    return sqlite_register_functions(DB(db), e);
}

const store_backend store_sqlite_backend = {
    .name = "sqlite",
    .accepts = sq_accepts,
    .open = sq_open,
    .open_twin = sq_open_twin,
    .close = sq_close,
    .interrupt = sq_interrupt,
    .errmsg = sq_errmsg,
    .schema_version = sq_schema_version,
    .set_schema_version = sq_set_schema_version,
    .schema_dir = "queries/schema",
    .schema_base = 1,
    .row_id = "rowid",
    .insert_unchecked = true,
    .exec = sq_exec,
    .exec_with = sq_exec_with,
    .prepare = sq_prepare,
    .prepare_readonly = sq_prepare_readonly,
    .tables_read = sq_tables_read,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .clear_bindings = sq_clear_bindings,
    .param_count = sq_param_count,
    .param_name = sq_param_name,
    .step = sq_step,
    .duplicate_key = sq_duplicate_key,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .column_count = sq_column_count,
    .column_name = sq_column_name,
    .column_type = sq_column_type,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .column_text = sq_column_text,
    .stmt_trace = sq_stmt_trace,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_transaction = sq_in_transaction,
    .busy_timeout = sq_busy_timeout,
    .last_insert_id = sq_last_insert_id,
    .register_functions = sq_register_functions,
    .init = sq_init,
};
