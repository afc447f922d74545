/*
 * pg_int: the PostgreSQL backend's private header, shared by its files
 * (pg.c: connections and statements through libpq; pg_sql.c: the pure
 * parts the unit tests reach).  No file outside store/pg* includes it.
 */
#ifndef RS_PG_INT_H
#define RS_PG_INT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/common.h"
#include "store/store.h"

/* What a parameter is bound to. */
typedef enum { PG_NULL, PG_INT, PG_REAL, PG_TEXT } pg_kind;

/* Convert the first statement of sql (up to a ';' outside quotes and
 * comments, or the end) into out: every :name becomes $N, N the place of
 * the name in names (strings ":name" the caller frees; a name met again
 * gets its first number), quotes, comments and :: casts copied as they
 * are.  *empty is true when the statement holds nothing but space and
 * comments.  Returns the rest of sql after the ';'. */
const char *pg_sql_convert(const char *sql, GString *out, GPtrArray *names, bool *empty);

/* The number (1..) of parameter name in names, or 0. */
int pg_param_index(GPtrArray *names, const char *name);

/* The store type of value (NULL: a NULL) of PostgreSQL type oid: integers
 * and booleans as integers, a numeric as an integer when it has no
 * fraction (sum(bigint)), float and other numerics as reals. */
store_type pg_value_type(unsigned oid, const char *value);
bool pg_type_is_bool(unsigned oid);
bool pg_type_is_integer(unsigned oid);

/* The type a value of kind k is sent as when the server cannot infer one
 * (0: let it). */
unsigned pg_type_of_kind(pg_kind k);

/* True if a value of kind k (the integer i) can be sent to a parameter the
 * server typed oid. */
bool pg_kind_fits(unsigned oid, pg_kind k, int64_t i);

/* True if a statement that did not prepare, with SQLSTATE state, would
 * with its parameters' types given: one whose type its place does not
 * show (42P18: SELECT :x), shows two ways (42P08: :m IN (0, bigint)) or
 * leaves an operator or function open (42725: :a - :b is unknown -
 * unknown; 42883: none for unknown). */
bool pg_retry_typed(const char *state);

/* Append v to b as a value of COPY's text format: a NULL as \N, a
 * backslash, tab, newline and carriage return escaped. */
void pg_copy_value(GString *b, const char *v);

#ifdef TESTING
const char *pg_sql_skip_quoted(const char *sql, const char *p);
#endif

#endif
