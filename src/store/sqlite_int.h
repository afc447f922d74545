/*
 * sqlite_int: the SQLite backend's private header, shared by its files
 * (sqlite.c: connections and statements; sqlite_fn.c: the catalogue's SQL
 * functions).  No file outside store/sqlite* includes it, nor sqlite3.h
 * (scripts/check-layers.sh).
 */
#ifndef RS_SQLITE_INT_H
#define RS_SQLITE_INT_H

#include <sqlite3.h>

#include "base/error.h"

/* Register the catalogue's SQL functions on db (idempotent). */
rs_status sqlite_register_functions(sqlite3 *db, rs_error *e);

#endif
