/*
 * pg: the PostgreSQL backend of the store (store_backend.h), through
 * libpq: a postgresql:// or postgres:// URI names the database.  Statements
 * are prepared on the server with their :name parameters turned into
 * $1..$N (pg_sql.c), values sent as text, results read as text and typed by
 * their column's type.  A read-only connection is one REPEATABLE READ READ
 * ONLY transaction for its whole life, and its twin imports that
 * transaction's snapshot.  queries/pg/README.md says what differs from
 * SQLite and why.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/pg_int.h"
#include "store/store_backend.h"

typedef struct {
    store base;
    PGconn *conn;
    PGcancel *cancel;
    char *uri;
    bool readonly;
    GHashTable *months;  /* months whose partitions exist (GINT_TO_POINTER) */
    int64_t last_id;     /* the first column of the last INSERT ... RETURNING row */
    unsigned long nstmt; /* for the names of prepared statements */
    char *copy_sql;      /* the bulk load's COPY ... FROM STDIN, or NULL */
    GString *copy_buf;   /* its rows not sent yet, in COPY's text format */
    int copy_n;          /* its number of columns */
    char err[1024];
} pg_store;

typedef struct {
    pg_kind kind;
    int64_t i;
    char num[32];     /* an integer's or real's text */
    char *owned;      /* a copied text */
    const char *text; /* what is sent: num, owned, a caller's text or NULL */
} pg_value;

typedef struct {
    store_stmt base;
    pg_store *db;
    char *sql;        /* with $N */
    GPtrArray *names; /* ":name" of $1.. */
    pg_value *vals;
    char name[32];  /* the prepared statement's name; "" before it is prepared */
    Oid *types;     /* the parameters' types as the server took them */
    PGresult *desc; /* the statement's result columns (PQdescribePrepared) */
    PGresult *res;  /* the rows of the current run, or NULL */
    bool insert;    /* an INSERT: its RETURNING row gives last_insert_id */
    bool custom;    /* a catalogue query: planned for its values every time */
    int row;        /* the current row of res; -1 before the first step */
    bool done;
    char sqlstate[6];
    char bind_error[160];
} pg_stmt;

static pg_store *DB(store *db)
{
    return (pg_store *)db;
}

static pg_stmt *ST(store_stmt *st)
{
    return (pg_stmt *)st;
}

static bool pg_accepts(const char *where)
{
    return strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0;
}

/* libpq's message without its trailing newline, kept in db->err. */
static const char *keep_error(pg_store *db, const char *msg)
{
    snprintf(db->err, sizeof db->err, "%s", msg && *msg ? msg : "unknown PostgreSQL error");
    size_t n = strlen(db->err);
    while (n && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
        db->err[--n] = '\0';
    return db->err;
}

static const char *pg_errmsg(store *db)
{
    return DB(db)->err[0] ? DB(db)->err : keep_error(DB(db), PQerrorMessage(DB(db)->conn));
}

/* Fail with res's error (res is cleared). */
static rs_status result_error(pg_store *db, PGresult *res, rs_error *e)
{
    rs_fail(e, RS_ESQL, "%s",
            keep_error(db, res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn)));
    PQclear(res);
    return RS_ESQL;
}

/* True if res is a success (PGRES_COMMAND_OK or _TUPLES_OK). */
static bool result_ok(const PGresult *res)
{
    ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* Run sql (without parameters) on conn; on failure e says why. */
static rs_status run_sql(pg_store *db, PGconn *conn, const char *sql, rs_error *e)
{
    PGresult *res = PQexec(conn, sql);
    if (!result_ok(res)) return result_error(db, res, e);
    PQclear(res);
    return RS_OK;
}

static rs_status pg_exec(store *db, const char *sql, rs_error *e)
{
    return run_sql(DB(db), DB(db)->conn, sql, e);
}

/* Notices (NOTICE: relation exists, skipping) are not the user's concern. */
static void quiet(void *arg, const char *message)
{
    (void)arg, (void)message;
}

/* ---------------------------------------------------------------- statements */

static void clear_value(pg_value *v)
{
    g_free(v->owned);
    memset(v, 0, sizeof *v);
}

static void clear_result(pg_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->done = false;
}

static void pg_finalize(store_stmt *st)
{
    pg_stmt *s = ST(st);
    char sql[64];
    clear_result(s);
    PQclear(s->desc);
    if (s->name[0] && PQstatus(s->db->conn) == CONNECTION_OK &&
        PQtransactionStatus(s->db->conn) != PQTRANS_INERROR) {
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(s->db->conn, sql));
    }
    for (guint i = 0; s->vals && i < s->names->len; i++)
        clear_value(&s->vals[i]);
    free(s->vals);
    g_free(s->types);
    g_ptr_array_free(s->names, TRUE);
    g_free(s->sql);
    free(s);
}

/* Prepare s on the server with the parameter types types (NULL: let the
 * server infer them), and learn the types it took and the result's
 * columns. */
static rs_status server_prepare(pg_stmt *s, const Oid *types, rs_error *e)
{
    pg_store *db = s->db;
    int n = (int)s->names->len;
    char sql[64];
    if (s->name[0]) {
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(db->conn, sql));
    }
    snprintf(s->name, sizeof s->name, "rs_%lu", ++db->nstmt);
    PGresult *res = PQprepare(db->conn, s->name, s->sql, n, types);
    if (!result_ok(res)) {
        s->name[0] = '\0';
        if (res)
            snprintf(s->sqlstate, sizeof s->sqlstate, "%s",
                     PQresultErrorField(res, PG_DIAG_SQLSTATE)
                         ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
                         : "");
        return result_error(db, res, e);
    }
    PQclear(res);
    PQclear(s->desc);
    s->desc = PQdescribePrepared(db->conn, s->name);
    if (!result_ok(s->desc)) {
        rs_status st = result_error(db, s->desc, e);
        s->desc = NULL;
        return st;
    }
    g_free(s->types);
    s->types = g_new0(Oid, n ? n : 1);
    for (int i = 0; i < n; i++)
        s->types[i] = PQparamtype(s->desc, i);
    return RS_OK;
}

/* Inside a transaction, a failure of what follows would lose it: set a
 * savepoint to go back to (sp_end).  Returns whether it set one. */
static bool sp_begin(pg_store *db)
{
    if (PQtransactionStatus(db->conn) != PQTRANS_INTRANS) return false;
    PGresult *res = PQexec(db->conn, "SAVEPOINT rs_try");
    bool ok = result_ok(res);
    PQclear(res);
    return ok;
}

/* End the savepoint sp_begin set (if set): back to it after a failure. */
static void sp_end(pg_store *db, bool set, bool failed)
{
    if (!set) return;
    PQclear(PQexec(db->conn, failed ? "ROLLBACK TO SAVEPOINT rs_try; RELEASE SAVEPOINT rs_try"
                                    : "RELEASE SAVEPOINT rs_try"));
}

/* server_prepare that, failing, leaves the transaction as it was. */
static rs_status try_prepare(pg_stmt *s, const Oid *types, rs_error *e)
{
    bool sp = sp_begin(s->db);
    rs_status r = server_prepare(s, types, e);
    sp_end(s->db, sp, r != RS_OK);
    return r;
}

/* The types of s's bound values, for a statement the server could not
 * type by itself; the caller frees them. */
static Oid *bound_types(pg_stmt *s)
{
    Oid *t = g_new0(Oid, s->names->len ? s->names->len : 1);
    for (guint i = 0; i < s->names->len; i++)
        t[i] = pg_type_of_kind(s->vals[i].kind);
    return t;
}

/* Skip space and comments at p. */
static const char *skip_space(const char *p)
{
    for (;;) {
        while (g_ascii_isspace(*p))
            p++;
        if (p[0] == '-' && p[1] == '-')
            p += strcspn(p, "\n");
        else if (p[0] == '/' && p[1] == '*' && strstr(p, "*/"))
            p = strstr(p, "*/") + 2;
        else
            return p;
    }
}

/* True if the statement sql begins with the keyword word. */
static bool starts_with_word(const char *sql, const char *word)
{
    const char *p = skip_space(sql);
    size_t n = strlen(word);
    return g_ascii_strncasecmp(p, word, n) == 0 && !g_ascii_isalnum(p[n]) && p[n] != '_';
}

/* A new statement for the first statement of sql (converted); *tail gets
 * what follows it and *empty whether it held nothing. */
static pg_stmt *stmt_new(pg_store *db, const char *sql, const char **tail, bool *empty)
{
    pg_stmt *s = rs_calloc(1, sizeof *s);
    GString *out = g_string_new(NULL);
    s->base.be = &store_pg_backend;
    s->db = db;
    s->names = g_ptr_array_new_with_free_func(g_free);
    *tail = pg_sql_convert(sql, out, s->names, empty);
    s->sql = g_string_free(out, FALSE);
    s->vals = rs_calloc(s->names->len ? s->names->len : 1, sizeof *s->vals);
    s->insert = starts_with_word(s->sql, "INSERT");
    s->row = -1;
    return s;
}

static rs_status pg_prepare(store *db, const char *sql, store_stmt **st, rs_error *e)
{
    const char *tail;
    bool empty;
    pg_stmt *s = stmt_new(DB(db), sql, &tail, &empty);
    *st = NULL;
    rs_status r = try_prepare(s, NULL, e);
    /* A parameter whose type the statement does not show (SELECT :x) is
     * typed by its value at the first step. */
    if (r != RS_OK && pg_retry_typed(s->sqlstate)) r = RS_OK;
    if (r != RS_OK) {
        rs_error_prefix(e, "cannot prepare statement");
        pg_finalize(&s->base);
        return r;
    }
    *st = &s->base;
    return RS_OK;
}

/* The slot of parameter name in s, or NULL (the bind error kept). */
static pg_value *slot(pg_stmt *s, const char *name)
{
    int i = pg_param_index(s->names, name);
    if (i) {
        clear_value(&s->vals[i - 1]);
        return &s->vals[i - 1];
    }
    if (!s->bind_error[0])
        snprintf(s->bind_error, sizeof s->bind_error, "cannot bind %s: no such parameter", name);
    return NULL;
}

static void pg_bind_int64(store_stmt *st, const char *name, int64_t v)
{
    pg_value *p = slot(ST(st), name);
    if (!p) return;
    p->kind = PG_INT;
    p->i = v;
    snprintf(p->num, sizeof p->num, "%lld", (long long)v);
    p->text = p->num;
}

static void pg_bind_double(store_stmt *st, const char *name, double v)
{
    pg_value *p = slot(ST(st), name);
    if (!p) return;
    p->kind = PG_REAL;
    snprintf(p->num, sizeof p->num, "%.17g", v);
    p->text = p->num;
}

static void pg_bind_text(store_stmt *st, const char *name, const char *text, bool copy)
{
    pg_value *p = slot(ST(st), name);
    if (!p || !text) return;
    p->kind = PG_TEXT;
    p->text = copy ? (p->owned = g_strdup(text)) : text;
}

static void pg_bind_null(store_stmt *st, const char *name)
{
    slot(ST(st), name);
}

static void pg_clear_bindings(store_stmt *st)
{
    for (guint i = 0; i < ST(st)->names->len; i++)
        clear_value(&ST(st)->vals[i]);
    ST(st)->bind_error[0] = '\0';
}

static int pg_param_count(store_stmt *st)
{
    return (int)ST(st)->names->len;
}

static const char *pg_param_name(store_stmt *st, int i)
{
    return i >= 1 && i <= (int)ST(st)->names->len ? ST(st)->names->pdata[i - 1] : NULL;
}

/* True if s must be prepared (again) for its bound values: not prepared
 * yet, or a value the types the server chose cannot take. */
static bool needs_types(const pg_stmt *s)
{
    if (!s->name[0]) return true;
    for (guint i = 0; i < s->names->len; i++)
        if (!pg_kind_fits(s->types[i], s->vals[i].kind, s->vals[i].i)) return true;
    return false;
}

/* Run s with its bound values; its rows go to s->res. */
static rs_status execute(pg_stmt *s, rs_error *e)
{
    int n = (int)s->names->len;
    const char **values = g_new0(const char *, n ? n : 1);
    rs_status r = RS_OK;
    if (needs_types(s)) {
        Oid *t = bound_types(s);
        r = server_prepare(s, t, e);
        g_free(t);
    }
    for (int i = 0; i < n; i++)
        values[i] = s->vals[i].text;
    /* A catalogue query is planned for the unit and month it runs for: a
     * generic plan of one (after five runs) is many times slower. */
    if (r == RS_OK && s->custom)
        r = run_sql(s->db, s->db->conn, "SET plan_cache_mode = force_custom_plan", e);
    if (r == RS_OK) {
        PGresult *res = PQexecPrepared(s->db->conn, s->name, n, values, NULL, NULL, 0);
        const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
        snprintf(s->sqlstate, sizeof s->sqlstate, "%s", state ? state : "");
        if (!result_ok(res)) {
            r = result_error(s->db, res, e);
        } else {
            s->res = res;
            if (s->insert && PQntuples(res) > 0 && PQnfields(res) > 0 &&
                pg_type_is_integer(PQftype(res, 0)))
                s->db->last_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        }
    }
    if (s->custom && PQtransactionStatus(s->db->conn) != PQTRANS_INERROR)
        PQclear(PQexec(s->db->conn, "RESET plan_cache_mode"));
    g_free(values);
    return r;
}

static rs_status pg_step(store_stmt *st, bool *row, rs_error *e)
{
    pg_stmt *s = ST(st);
    *row = false;
    if (s->bind_error[0]) return rs_fail(e, RS_ESQL, "%s", s->bind_error);
    if (s->done) return RS_OK;
    if (!s->res) {
        rs_status r = execute(s, e);
        if (r != RS_OK) return r;
    }
    if (++s->row < PQntuples(s->res)) {
        *row = true;
    } else {
        s->done = true;
    }
    return RS_OK;
}

static bool pg_duplicate_key(store_stmt *st)
{
    return strcmp(ST(st)->sqlstate, "23505") == 0;
}

static void pg_reset(store_stmt *st)
{
    clear_result(ST(st));
    ST(st)->bind_error[0] = '\0';
}

/* The result whose columns s shows: its rows, else its description (a
 * statement left to be typed by its values is prepared for it now). */
static const PGresult *columns_of(pg_stmt *s)
{
    rs_error ignored;
    if (!s->res && !s->desc) {
        Oid *t = bound_types(s);
        try_prepare(s, t, &ignored);
        g_free(t);
    }
    return s->res ? s->res : s->desc;
}

static int pg_column_count(store_stmt *st)
{
    const PGresult *r = columns_of(ST(st));
    return r ? PQnfields(r) : 0;
}

static const char *pg_column_name(store_stmt *st, int c)
{
    const PGresult *r = columns_of(ST(st));
    return r ? PQfname(r, c) : NULL;
}

/* The current row's value of column c, or NULL (NULL, or no row). */
static const char *value_of(const pg_stmt *s, int c)
{
    if (!s->res || s->row < 0 || s->row >= PQntuples(s->res) || c < 0 || c >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, c))
        return NULL;
    return PQgetvalue(s->res, s->row, c);
}

static store_type pg_column_type(store_stmt *st, int c)
{
    const char *v = value_of(ST(st), c);
    return v ? pg_value_type(PQftype(ST(st)->res, c), v) : STORE_NULL;
}

static int64_t pg_column_int64(store_stmt *st, int c)
{
    const char *v = value_of(ST(st), c);
    if (!v) return 0;
    if (pg_type_is_bool(PQftype(ST(st)->res, c))) return *v == 't';
    if (pg_value_type(PQftype(ST(st)->res, c), v) == STORE_REAL) return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_column_double(store_stmt *st, int c)
{
    const char *v = value_of(ST(st), c);
    if (!v) return 0;
    if (pg_type_is_bool(PQftype(ST(st)->res, c))) return *v == 't';
    return strtod(v, NULL);
}

static const char *pg_column_text(store_stmt *st, int c)
{
    const char *v = value_of(ST(st), c);
    if (v && pg_type_is_bool(PQftype(ST(st)->res, c))) return *v == 't' ? "1" : "0";
    return v;
}

static void pg_stmt_trace(store_stmt *st, char *buf, size_t n)
{
    const PGresult *r = ST(st)->res;
    snprintf(buf, n, "%12d rows", r ? PQntuples(r) : 0);
}

/* Run every statement of sql in turn, binding value to name where a
 * statement has it. */
static rs_status pg_exec_with(store *db, const char *sql, const char *name, int64_t value,
                              rs_error *e)
{
    rs_status r = RS_OK;
    while (*sql && r == RS_OK) {
        const char *tail;
        bool empty;
        pg_stmt *s = stmt_new(DB(db), sql, &tail, &empty);
        if (!empty) {
            if (pg_param_index(s->names, name)) pg_bind_int64(&s->base, name, value);
            r = execute(s, e);
        }
        pg_finalize(&s->base);
        sql = tail;
    }
    return r;
}

/* ---------------------------------------------------------------- reads and the guard */

/* Add to tables the relations of the EXPLAIN (FORMAT JSON) text plan,
 * each partition as its partitioned parent. */
static rs_status add_relations(pg_store *db, const char *plan, GHashTable *tables, rs_error *e)
{
    static const char key[] = "\"Relation Name\": \"";
    static const char root[] =
        "SELECT COALESCE((SELECT relname FROM pg_class WHERE oid = pg_partition_root(c.oid)), "
        "c.relname) FROM pg_class c WHERE c.oid = to_regclass(quote_ident($1))";
    for (const char *p = strstr(plan, key); p; p = strstr(p, key)) {
        p += sizeof key - 1;
        char *name = g_strndup(p, strcspn(p, "\""));
        const char *values[1] = {name};
        PGresult *res = PQexecParams(db->conn, root, 1, NULL, values, NULL, NULL, 0);
        if (!result_ok(res)) {
            g_free(name);
            return result_error(db, res, e);
        }
        const char *parent = PQntuples(res) ? PQgetvalue(res, 0, 0) : name;
        if (!g_hash_table_contains(tables, parent)) g_hash_table_add(tables, g_strdup(parent));
        PQclear(res);
        g_free(name);
    }
    return RS_OK;
}

/* The generic plan of the prepared s as EXPLAIN (VERBOSE, FORMAT JSON)
 * text in *plan (the caller frees it), every partition in it. */
static rs_status explain(pg_stmt *s, char **plan, rs_error *e)
{
    pg_store *db = s->db;
    GString *sql = g_string_new(NULL);
    rs_status r;
    g_string_printf(sql, "EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE %s", s->name);
    for (guint i = 0; i < s->names->len; i++)
        g_string_append(sql, i ? ", NULL" : "(NULL");
    if (s->names->len) g_string_append(sql, ")");
    *plan = NULL;
    bool sp = sp_begin(db);
    r = run_sql(db, db->conn,
                "SET plan_cache_mode = force_generic_plan; "
                "SET enable_partition_pruning = off",
                e);
    if (r == RS_OK) {
        PGresult *res = PQexec(db->conn, sql->str);
        if (!result_ok(res) || PQntuples(res) < 1)
            r = result_error(db, res, e);
        else
            *plan = g_strdup(PQgetvalue(res, 0, 0)), PQclear(res);
    }
    sp_end(db, sp, r != RS_OK);
    if (PQtransactionStatus(db->conn) != PQTRANS_INERROR)
        PQclear(PQexec(db->conn, "RESET plan_cache_mode; RESET enable_partition_pruning"));
    g_string_free(sql, TRUE);
    return r;
}

/* Prepare the first statement of sql for a look at its plan, its
 * parameters typed by the server, else as bigint. */
static rs_status prepare_for_plan(pg_store *db, const char *sql, pg_stmt **out, const char **tail,
                                  rs_error *e)
{
    bool empty;
    pg_stmt *s = stmt_new(db, sql, tail, &empty);
    rs_status r = RS_OK;
    *out = NULL;
    if (empty) {
        pg_finalize(&s->base);
        return RS_OK;
    }
    if ((r = try_prepare(s, NULL, e)) != RS_OK && pg_retry_typed(s->sqlstate)) {
        for (guint i = 0; i < s->names->len; i++)
            s->vals[i].kind = PG_INT;
        Oid *t = bound_types(s);
        r = server_prepare(s, t, e);
        g_free(t);
    }
    if (r != RS_OK)
        pg_finalize(&s->base);
    else
        *out = s;
    return r;
}

static rs_status pg_tables_read(store *db, const char *sql, GHashTable *tables, rs_error *e)
{
    rs_status r = RS_OK;
    while (*sql && r == RS_OK) {
        pg_stmt *s = NULL;
        char *plan = NULL;
        if ((r = prepare_for_plan(DB(db), sql, &s, &sql, e)) != RS_OK || !s) continue;
        if ((r = explain(s, &plan, e)) == RS_OK) r = add_relations(DB(db), plan, tables, e);
        g_free(plan);
        pg_finalize(&s->base);
    }
    return r;
}

/* Statements a catalogue query may not be, by their first word, and why. */
static const char *refused_word(const char *sql)
{
    static const char *const tx[] = {"BEGIN", "START",     "COMMIT",  "END",    "ROLLBACK",
                                     "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"};
    static const char *const other[] = {
        "SET",     "RESET",      "COPY",    "DO",   "CALL",   "LOAD",    "LISTEN",     "NOTIFY",
        "EXECUTE", "DEALLOCATE", "DISCARD", "LOCK", "VACUUM", "ANALYZE", "CHECKPOINT", "IMPORT"};
    for (size_t i = 0; i < G_N_ELEMENTS(tx); i++)
        if (starts_with_word(sql, tx[i])) return "transaction control is not allowed";
    for (size_t i = 0; i < G_N_ELEMENTS(other); i++)
        if (starts_with_word(sql, other[i])) return other[i];
    return NULL;
}

/* True if the statement s (prepared) would write: its plan changes rows or
 * locks them, or it is no query at all. */
static bool plan_writes(pg_stmt *s)
{
    char *plan = NULL;
    rs_error ignored;
    bool query = starts_with_word(s->sql, "SELECT") || starts_with_word(s->sql, "WITH") ||
                 starts_with_word(s->sql, "VALUES") || starts_with_word(s->sql, "TABLE") ||
                 starts_with_word(s->sql, "(");
    if (!query || explain(s, &plan, &ignored) != RS_OK) {
        g_free(plan);
        return true;
    }
    bool writes = strstr(plan, "\"ModifyTable\"") || strstr(plan, "\"LockRows\"") ||
                  strstr(plan, "\"Node Type\": \"ModifyTable\"");
    g_free(plan);
    return writes;
}

/* True if the rest of a text of statements holds none. */
static bool nothing_left(const char *tail)
{
    bool empty = true;
    while (*tail && empty) {
        GString *out = g_string_new(NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        tail = pg_sql_convert(tail, out, names, &empty);
        g_string_free(out, TRUE);
        g_ptr_array_free(names, TRUE);
    }
    return empty;
}

/* The first statement of sql that holds something, or NULL; *tail gets
 * the rest. */
static pg_stmt *first_statement(pg_store *db, const char *sql, const char **tail)
{
    bool empty = true;
    pg_stmt *s = NULL;
    *tail = sql;
    while (**tail && empty) {
        if (s) pg_finalize(&s->base);
        s = stmt_new(db, *tail, tail, &empty);
    }
    if (s && empty) {
        pg_finalize(&s->base);
        s = NULL;
    }
    return s;
}

static store_check pg_prepare_readonly(store *db, const char *sql, store_stmt **st, rs_error *e)
{
    const char *tail, *why;
    pg_stmt *s = first_statement(DB(db), sql, &tail);
    store_check c = STORE_CHECK_OK;
    *st = NULL;
    if (!s) return STORE_CHECK_EMPTY;
    if (!nothing_left(tail)) {
        c = STORE_CHECK_SEVERAL;
    } else if ((why = refused_word(s->sql)) != NULL) {
        c = STORE_CHECK_REFUSED;
        rs_fail(e, RS_ESQL, strchr(why, ' ') ? "%s" : "%s is not allowed", why);
    } else if (try_prepare(s, NULL, e) != RS_OK) {
        c = STORE_CHECK_INVALID;
        if (pg_retry_typed(s->sqlstate)) {
            /* typed by the values (integers, as the catalogue's derived
             * parameters are) for the look at its plan */
            for (guint i = 0; i < s->names->len; i++)
                s->vals[i].kind = PG_INT;
            Oid *t = bound_types(s);
            c = try_prepare(s, t, e) == RS_OK ? STORE_CHECK_OK : STORE_CHECK_INVALID;
            g_free(t);
            for (guint i = 0; i < s->names->len; i++)
                s->vals[i].kind = PG_NULL;
        }
    }
    if (c == STORE_CHECK_OK && plan_writes(s)) c = STORE_CHECK_WRITES;
    if (c == STORE_CHECK_OK) {
        s->custom = true;
        *st = &s->base;
    } else {
        pg_finalize(&s->base);
    }
    return c;
}

/* ---------------------------------------------------------------- transactions */

static rs_status pg_begin(store *db, rs_error *e)
{
    return pg_exec(db, "BEGIN", e);
}

static rs_status pg_commit(store *db, rs_error *e)
{
    PGresult *res = PQexec(DB(db)->conn, "COMMIT");
    /* COMMIT of a failed transaction "succeeds" as a ROLLBACK */
    if (result_ok(res) && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
        PQclear(res);
        return rs_fail(e, RS_ESQL, "the transaction was lost after a database failure");
    }
    if (!result_ok(res)) return result_error(DB(db), res, e);
    PQclear(res);
    return RS_OK;
}

static void pg_rollback(store *db)
{
    if (PQtransactionStatus(DB(db)->conn) != PQTRANS_IDLE)
        PQclear(PQexec(DB(db)->conn, "ROLLBACK"));
}

static bool pg_in_transaction(store *db)
{
    return PQtransactionStatus(DB(db)->conn) == PQTRANS_INTRANS;
}

static int64_t pg_last_insert_id(store *db)
{
    return DB(db)->last_id;
}

/* ---------------------------------------------------------------- schema version */

/* The one value of the one-row, one-column query sql, or NULL (res
 * cleared; the caller frees the text). */
static char *query_value(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    char *v = result_ok(res) && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)
                  ? g_strdup(PQgetvalue(res, 0, 0))
                  : NULL;
    PQclear(res);
    return v;
}

static int pg_schema_version(store *db)
{
    char *have = query_value(DB(db)->conn, "SELECT to_regclass('schema_version') IS NOT NULL");
    int v = -1;
    if (have && *have == 'f') v = 0;
    if (have && *have == 't') {
        char *text = query_value(DB(db)->conn, "SELECT max(version) FROM schema_version");
        v = text ? atoi(text) : -1;
        g_free(text);
    }
    g_free(have);
    return v;
}

static rs_status pg_set_schema_version(store *db, int version, rs_error *e)
{
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE schema_version SET version = %d", version);
    return pg_exec(db, sql, e);
}

/* ---------------------------------------------------------------- month partitions */

static rs_status pg_need_month(store *db, int period, rs_error *e)
{
    pg_store *p = DB(db);
    char sql[96];
    if (g_hash_table_contains(p->months, GINT_TO_POINTER(period))) return RS_OK;
    /* In the import's own transaction: a transaction that has read the
     * parent already would not see a partition another one attached (it
     * keeps the parent's partitions as it first locked it).  Two imports
     * needing the same new month serialise on rs_month_begin's lock. */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM rs_month_partitions(%d)", period);
    rs_status r = run_sql(p, p->conn, sql, e);
    if (r != RS_OK) {
        rs_error_prefix(e, "the partitions of month %d", period);
        return r;
    }
    g_hash_table_add(p->months, GINT_TO_POINTER(period));
    return RS_OK;
}

/* The rows of table have just been loaded: ANALYZE it (inside the
 * transaction, its own new rows counted), so that the summaries' queries
 * that follow are planned by them. */
static rs_status pg_loaded(store *db, const char *table, rs_error *e)
{
    char *sql = g_strdup_printf("ANALYZE \"%s\"", table);
    rs_status r = pg_exec(db, sql, e);
    g_free(sql);
    return r;
}

/* ---------------------------------------------------------------- bulk loading */

/* Rows are sent when this many bytes wait. */
#define COPY_BATCH (8u << 20)

static rs_status pg_copy_begin(store *db, const char *table, const char *const *cols, int n,
                               rs_error *e)
{
    pg_store *p = DB(db);
    GString *sql = g_string_new(NULL);
    if (p->copy_sql) return rs_fail(e, RS_ESQL, "a bulk load is under way already");
    g_string_printf(sql, "COPY %s(", table);
    for (int i = 0; i < n; i++)
        g_string_append_printf(sql, "%s%s", i ? ", " : "", cols[i]);
    g_string_append(sql, ") FROM STDIN");
    p->copy_sql = g_string_free(sql, FALSE);
    p->copy_buf = g_string_sized_new(1u << 16);
    p->copy_n = n;
    return RS_OK;
}

/* Send the rows waiting in p->copy_buf as one COPY. */
static rs_status copy_flush(pg_store *p, rs_error *e)
{
    if (!p->copy_buf->len) return RS_OK;
    PGresult *res = PQexec(p->conn, p->copy_sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) return result_error(p, res, e);
    PQclear(res);
    int ok = PQputCopyData(p->conn, p->copy_buf->str, (int)p->copy_buf->len) == 1;
    ok = PQputCopyEnd(p->conn, ok ? NULL : "the rows could not be sent") == 1 && ok;
    g_string_truncate(p->copy_buf, 0);
    rs_status r = RS_OK;
    while ((res = PQgetResult(p->conn)) != NULL) {
        if (r == RS_OK && !result_ok(res))
            r = result_error(p, res, e);
        else
            PQclear(res);
    }
    if (r == RS_OK && !ok) r = rs_fail(e, RS_ESQL, "%s", keep_error(p, PQerrorMessage(p->conn)));
    return r;
}

static rs_status pg_copy_row(store *db, const char *const *values, rs_error *e)
{
    pg_store *p = DB(db);
    for (int i = 0; i < p->copy_n; i++) {
        if (i) g_string_append_c(p->copy_buf, '\t');
        pg_copy_value(p->copy_buf, values[i]);
    }
    g_string_append_c(p->copy_buf, '\n');
    return p->copy_buf->len >= COPY_BATCH ? copy_flush(p, e) : RS_OK;
}

static rs_status pg_copy_end(store *db, bool keep, rs_error *e)
{
    pg_store *p = DB(db);
    rs_status r = RS_OK;
    if (!p->copy_sql) return RS_OK;
    if (keep) r = copy_flush(p, e);
    g_string_free(p->copy_buf, TRUE);
    g_free(p->copy_sql);
    p->copy_buf = NULL;
    p->copy_sql = NULL;
    return r;
}

/* ---------------------------------------------------------------- connections */

static void pg_close(store *db)
{
    pg_store *p = DB(db);
    if (!p) return;
    if (p->cancel) PQfreeCancel(p->cancel);
    PQfinish(p->conn);
    if (p->months) g_hash_table_destroy(p->months);
    if (p->copy_buf) g_string_free(p->copy_buf, TRUE);
    g_free(p->copy_sql);
    g_free(p->uri);
    free(p);
}

/* How long a statement waits for a lock another connection holds (an
 * import's) before it fails: lock_timeout. */
static void pg_busy_timeout(store *db, int ms)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms);
    PQclear(PQexec(DB(db)->conn, sql));
}

static void pg_interrupt(store *db)
{
    char buf[256];
    if (db && DB(db)->cancel) PQcancel(DB(db)->cancel, buf, sizeof buf);
}

/* uri as it may be shown: without the password of user:password@. */
static char *shown_uri(const char *uri)
{
    const char *scheme = strstr(uri, "://"), *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (!at || !colon || colon > at) return g_strdup(uri);
    return g_strdup_printf("%.*s:***%s", (int)(colon - uri), uri, at);
}

static rs_status pg_open(const char *where, unsigned flags, store **out, rs_error *e)
{
    pg_store *db = rs_calloc(1, sizeof *db);
    rs_status s = RS_OK;
    db->base.be = &store_pg_backend;
    db->uri = g_strdup(where);
    db->readonly = flags & STORE_READONLY;
    db->months = g_hash_table_new(g_direct_hash, g_direct_equal);
    *out = NULL;
    db->conn = PQconnectdb(where);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        char *shown = shown_uri(where);
        s = rs_fail(e, RS_EIO, "cannot open database %s: %s", shown,
                    keep_error(db, PQerrorMessage(db->conn)));
        g_free(shown);
        goto fail;
    }
    PQsetNoticeProcessor(db->conn, quiet, NULL);
    db->cancel = PQgetCancel(db->conn);
    if ((s = pg_exec(&db->base,
                     "SET client_encoding = 'UTF8'; SET datestyle = 'ISO'; "
                     "SET extra_float_digits = 1",
                     e)) != RS_OK)
        goto fail;
    /* A read-only connection is one snapshot: every query of a report sees
     * the same rows, even while an import commits. */
    if (db->readonly &&
        ((s = pg_exec(&db->base, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e)) != RS_OK ||
         (s = store_check_schema(&db->base, e)) != RS_OK))
        goto fail;
    *out = &db->base;
    return RS_OK;
fail:
    pg_close(&db->base);
    return s;
}

/* A second read-only connection in the snapshot of db's transaction. */
static rs_status pg_open_twin(store *db, store **out)
{
    pg_store *p = DB(db);
    store *twin = NULL;
    rs_error ignored;
    char sql[160], *snap;
    *out = NULL;
    if (!p->readonly || !(snap = query_value(p->conn, "SELECT pg_export_snapshot()"))) return RS_OK;
    if (pg_open(p->uri, 0, &twin, &ignored) == RS_OK) {
        snprintf(sql, sizeof sql,
                 "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '%s'",
                 snap);
        if (pg_exec(twin, sql, &ignored) == RS_OK) {
            DB(twin)->readonly = true;
            *out = twin;
        } else {
            pg_close(twin);
        }
    }
    g_free(snap);
    return RS_OK;
}

static rs_status pg_register_functions(store *db, rs_error *e)
{
    (void)db, (void)e; /* queries/pg/functions.sql, applied by every init */
    return RS_OK;
}

const store_backend store_pg_backend = {
    .name = "postgresql",
    .accepts = pg_accepts,
    .open = pg_open,
    .open_twin = pg_open_twin,
    .close = pg_close,
    .interrupt = pg_interrupt,
    .busy_timeout = pg_busy_timeout,
    .errmsg = pg_errmsg,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .schema_dir = "queries/pg/schema",
    .schema_base = 5,
    .schema_always = "queries/pg/functions.sql",
    .dialect_dir = "queries/pg",
    .row_id = NULL,
    .insert_unchecked = false,
    .need_month = pg_need_month,
    .copy_begin = pg_copy_begin,
    .copy_row = pg_copy_row,
    .copy_end = pg_copy_end,
    .loaded = pg_loaded,
    .exec = pg_exec,
    .exec_with = pg_exec_with,
    .prepare = pg_prepare,
    .prepare_readonly = pg_prepare_readonly,
    .tables_read = pg_tables_read,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .clear_bindings = pg_clear_bindings,
    .param_count = pg_param_count,
    .param_name = pg_param_name,
    .step = pg_step,
    .duplicate_key = pg_duplicate_key,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_type = pg_column_type,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .stmt_trace = pg_stmt_trace,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .last_insert_id = pg_last_insert_id,
    .register_functions = pg_register_functions,
};
