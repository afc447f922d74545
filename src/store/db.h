/*
 * db: opening the SQLite store and creating or upgrading its schema.
 * The schema lives in queries/schema/vN.sql; PRAGMA user_version holds the
 * version applied.  Writers use WAL mode; report connections are read-only.
 */
#ifndef RS_DB_H
#define RS_DB_H

#include <glib.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"

#define DB_SCHEMA_VERSION 7

/* The database path: opt if given, else $RELIEFSTAT_DB, else ./reliefstat.db. */
const char *db_default_path(const char *opt);

/* Open path for writing (creating it if create is true) or read-only.  On
 * success *out holds the connection, to be closed with db_close().  A
 * read-only connection to a database whose schema is not current fails with
 * a message telling the user to run `reliefstat init`; it reads one snapshot
 * of the store for its whole life (an open read transaction). */
rs_status db_open(const char *path, bool readonly, bool create, sqlite3 **out, rs_error *e);

/* A second read-only connection to db's store that reads the same
 * snapshot, so that a query can run on the other core.  *out is NULL (and
 * the result RS_OK) when there is none to be had: db is not a read-only
 * connection to a file, the open fails, or an import committed between the
 * two snapshots (every import adds an import_batches row; the state compared
 * is the newest batch and the parameter defaults `init` reloads). */
rs_status db_open_twin(sqlite3 *db, sqlite3 **out);

/* Close db; NULL is allowed. */
void db_close(sqlite3 *db);

/* Create or upgrade the schema to DB_SCHEMA_VERSION and load the parameter
 * defaults from seeds/param_defaults.csv (the divisions seed is imported by
 * the caller through the import module). */
rs_status db_migrate(sqlite3 *db, rs_error *e);

/* Fail unless the schema is at DB_SCHEMA_VERSION. */
rs_status db_check_schema(sqlite3 *db, rs_error *e);

/* Run one or more statements without results. */
rs_status db_exec(sqlite3 *db, const char *sql, rs_error *e);

/* Prepare sql on db, with an error naming what failed. */
rs_status db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, rs_error *e);

/* Add to the set tables (of strings it frees with g_free) the name of every
 * table a statement of sql reads (prepared, not run: SQLite's authorizer). */
rs_status db_tables_read(sqlite3 *db, const char *sql, GHashTable *tables, rs_error *e);

/* Run every statement of sql, binding value to ?1 where it has a parameter. */
rs_status db_exec_with(sqlite3 *db, const char *sql, int64_t value, rs_error *e);

/* ---- rows into base types ------------------------------------------------ */

/* Step st to completion and return its rows as a new table in *out. */
rs_status table_from_stmt(sqlite3_stmt *st, rs_table **out, rs_error *e);

/* The unit's name from the divisions table into buf (size n), its code
 * when the divisions do not list it (region_label); returns whether they
 * do. */
bool region_name(sqlite3 *db, int64_t code, char *buf, size_t n);

#endif
