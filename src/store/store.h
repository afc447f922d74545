/*
 * store: the one interface to the database that the engine, the importer,
 * the report runner and the commands use.  A store is a connection, a
 * store_stmt a prepared statement on it; neither shows which database is
 * behind them.  store.c hands every call to the backend the connection was
 * opened with (store_backend.h); SQLite (store/sqlite.c) is the first and
 * today the only one.
 *
 * Statements name their parameters (:name) and are bound by name.  A bind
 * that fails (no such parameter, no memory) is kept in the statement and
 * reported by its next store_step, so that a caller binds without checking
 * each call.  A connection is used by one thread at a time; store_interrupt
 * alone may be called from another.
 */
#ifndef RS_STORE_H
#define RS_STORE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"

/* The schema version this program reads and writes (queries/schema/vN.sql). */
#define STORE_SCHEMA_VERSION 7

typedef struct store store;
typedef struct store_stmt store_stmt;

/* The type of a column's value in the current row. */
typedef enum { STORE_NULL, STORE_INT, STORE_REAL, STORE_TEXT, STORE_BLOB } store_type;

/* store_open flags. */
enum {
    STORE_READONLY = 1 << 0, /* a read-only connection reading one snapshot */
    STORE_CREATE = 1 << 1    /* create the store if it is not there (writers only) */
};

/* Set up the backends once, before any connection and before a second
 * thread starts (main() calls it). */
void store_init(void);

/* The store's location: opt if given, else $RELIEFSTAT_DB, else
 * ./reliefstat.db. */
const char *store_default_path(const char *opt);

/* Open the store at where (a file path: SQLite; a postgresql:// or
 * postgres:// URI: PostgreSQL) for writing, or
 * read-only with STORE_READONLY.  On success *out holds the connection, to
 * be closed with store_close().  A read-only connection to a store whose
 * schema is not current fails with a message telling the user to run
 * `reliefstat init`; it reads one snapshot of the store for its whole life. */
rs_status store_open(const char *where, unsigned flags, store **out, rs_error *e);

/* A second read-only connection to db's store that reads the same
 * snapshot, so that a query can run on the other core.  *out is NULL (and
 * the result RS_OK) when there is none to be had: db is not a read-only
 * connection, the open fails, or an import committed between the two
 * snapshots (every import adds an import_batches row; the state compared is
 * the newest batch and the parameter defaults `init` reloads). */
rs_status store_open_twin(store *db, store **out);

/* Close db; NULL is allowed.  Every statement of db must be finalized. */
void store_close(store *db);

/* Make the statements running on db (from another thread) fail soon. */
void store_interrupt(store *db);

/* Create or upgrade the schema to STORE_SCHEMA_VERSION and load the
 * parameter defaults from seeds/param_defaults.csv (the divisions seed is
 * imported by the caller through the import module). */
rs_status store_migrate(store *db, rs_error *e);

/* Fail unless the schema is at STORE_SCHEMA_VERSION. */
rs_status store_check_schema(store *db, rs_error *e);

/* ---- statements ---------------------------------------------------------- */

/* Run one or more statements without results. */
rs_status store_exec(store *db, const char *sql, rs_error *e);

/* Run every statement of sql in turn, binding value to the parameter name
 * (":month") in those that have it. */
rs_status store_exec_with(store *db, const char *sql, const char *name, int64_t value, rs_error *e);

/* Prepare the one statement sql on db.  On success *st is a statement the
 * caller frees with store_finalize(); on failure *st is NULL and e says
 * "cannot prepare statement: " and why. */
rs_status store_prepare(store *db, const char *sql, store_stmt **st, rs_error *e);

/* What store_prepare_readonly found. */
typedef enum {
    STORE_CHECK_OK,      /* *st holds the statement */
    STORE_CHECK_INVALID, /* it does not prepare: e holds the store's message */
    STORE_CHECK_REFUSED, /* it asks for something refused: e says what */
    STORE_CHECK_EMPTY,   /* sql holds no statement */
    STORE_CHECK_SEVERAL, /* sql holds more than one statement */
    STORE_CHECK_WRITES   /* it would change the store */
} store_check;

/* Prepare sql as a catalogue query: exactly one statement that only reads.
 * Refused (STORE_CHECK_REFUSED, e saying what): ATTACH, DETACH, transaction
 * control, writes, PRAGMAs other than schema introspection, and
 * load_extension().  *st is NULL unless the result is STORE_CHECK_OK. */
store_check store_prepare_readonly(store *db, const char *sql, store_stmt **st, rs_error *e);

/* Add to the set tables (of strings it frees with g_free) the name of every
 * table a statement of sql reads (prepared, not run). */
rs_status store_tables_read(store *db, const char *sql, GHashTable *tables, rs_error *e);

/* Bind a value to the parameter name (":name") of st.  Text is copied by
 * store_bind_text; store_bind_text_ref keeps the pointer, which must stay
 * valid until st is reset, bound again or finalized.  NULL text binds NULL. */
void store_bind_int64(store_stmt *st, const char *name, int64_t value);
void store_bind_double(store_stmt *st, const char *name, double value);
void store_bind_text(store_stmt *st, const char *name, const char *text);
void store_bind_text_ref(store_stmt *st, const char *name, const char *text);
void store_bind_null(store_stmt *st, const char *name);

/* Set every parameter of st to NULL. */
void store_clear_bindings(store_stmt *st);

/* The number of parameters of st, and the name of parameter i (1 to that
 * number) with its prefix (":name"), or NULL for an unnamed one ("?"). */
int store_param_count(store_stmt *st);
const char *store_param_name(store_stmt *st, int i);

/* Advance st to its next row: *row true if there is one, false when it is
 * done.  On failure (or a failed bind) e holds the store's message. */
rs_status store_step(store_stmt *st, bool *row, rs_error *e);

/* True if st's last step failed because a row with the same primary key
 * is already there (the import's fast path inserts without looking). */
bool store_duplicate_key(store_stmt *st);

/* Step st to its end, discarding rows, and reset it. */
rs_status store_run(store_stmt *st, rs_error *e);

/* Rewind st to run again; its bindings stay. */
void store_reset(store_stmt *st);

/* Free st; NULL is allowed. */
void store_finalize(store_stmt *st);

/* The current row's columns (0 to store_column_count - 1).  Text is valid
 * until the next step, reset or finalize; NULL for a NULL value. */
int store_column_count(store_stmt *st);
const char *store_column_name(store_stmt *st, int c);
store_type store_column_type(store_stmt *st, int c);
bool store_column_is_null(store_stmt *st, int c);
int64_t store_column_int64(store_stmt *st, int c);
double store_column_double(store_stmt *st, int c);
const char *store_column_text(store_stmt *st, int c);

/* Step st to its end and return its rows as a new table in *out (integers,
 * reals and texts as such, NULL as an empty cell). */
rs_status store_table(store_stmt *st, rs_table **out, rs_error *e);

/* The backend's counters of st for a trace line (SQLite: its
 * virtual-machine steps and rows put in automatic indexes) into buf. */
void store_stmt_trace(store_stmt *st, char *buf, size_t n);

/* ---- transactions -------------------------------------------------------- */

/* Begin a writing transaction on db.  It takes the store's write lock at
 * once (SQLite: BEGIN IMMEDIATE), waiting for another writer up to the
 * busy timeout, so that what the transaction reads no other writer can
 * change before it commits.  Until store_commit() or store_rollback(), a
 * COMMIT that the statements run themselves is refused, and turns into the
 * loss of the transaction. */
rs_status store_begin(store *db, rs_error *e);

/* Commit the transaction store_begin() began. */
rs_status store_commit(store *db, rs_error *e);

/* Roll back the transaction store_begin() began, if it is still open. */
void store_rollback(store *db);

/* How long (ms) store_begin, and a statement, wait for a lock another
 * connection holds before they fail: 10 s from store_open until set. */
void store_busy_timeout(store *db, int ms);

/* True while db is inside a transaction. */
bool store_in_transaction(store *db);

/* The identifier of the row the last INSERT on db added (its rowid). */
int64_t store_last_insert_id(store *db);

/* ---- what the importer needs to know of the store ------------------------- */

/* The name of a column that identifies a row of any table for the life of
 * a transaction (SQLite's rowid), or NULL when the store has none
 * (PostgreSQL: a row is found by its key). */
const char *store_row_id(store *db);

/* True if an INSERT that fails on a duplicate key leaves the transaction
 * usable and the store's keys refuse every duplicate (SQLite): the import
 * into an empty table may then insert without looking rows up. */
bool store_insert_unchecked(store *db);

/* Make what rows of ledger month period (yyyymm) of the month-keyed tables
 * need before they are written (PostgreSQL: the month's partitions, in the
 * open transaction); idempotent. */
rs_status store_need_month(store *db, int period, rs_error *e);

/* Bulk loading: true if db takes rows for a table in bulk (PostgreSQL:
 * COPY ... FROM STDIN); store_copy_begin names the table and its columns
 * (n), each store_copy_row gives one row's n values as text (NULL: a
 * NULL), sent in batches (a batch's failure returns from the call that
 * sent it), and store_copy_end sends the rest (keep) or drops it (!keep,
 * after a failure).  Another statement may run between rows: rows go to
 * the server only at a batch's end, as one COPY. */
bool store_can_copy(store *db);
rs_status store_copy_begin(store *db, const char *table, const char *const *cols, int n,
                           rs_error *e);
rs_status store_copy_row(store *db, const char *const *values, rs_error *e);
rs_status store_copy_end(store *db, bool keep, rs_error *e);

/* Tell the store that rows of table were just loaded in the open
 * transaction (PostgreSQL: ANALYZE it, so that the statements reading it
 * next are planned by its new rows). */
rs_status store_loaded(store *db, const char *table, rs_error *e);

/* The path below home of the SQL file rel ("queries/refresh/NAME.sql") for
 * db's backend: its own version (queries/pg/refresh/NAME.sql) when it has
 * one, else rel.  The caller frees it with free(). */
char *store_sql_path(store *db, const char *rel);

/* ---- what the catalogue and the engine need ------------------------------ */

/* Register on db the SQL functions the catalogue's queries may call besides
 * standard SQL (engine/catalog.h lists them: id_birth_ymd, id_check_ok,
 * fmt_date, fmt_yuan, jdn_add_months); idempotent. */
rs_status store_register_functions(store *db, rs_error *e);

/* The unit's name from the divisions table into buf (size n), its code
 * when the divisions do not list it (region_label); returns whether they
 * do. */
bool store_region_name(store *db, int64_t code, char *buf, size_t n);

#endif
