/*
 * catalog: the query catalogue.  Each queries/NAME.sql file holds one SQL
 * statement with named parameters and a header of "--" comment lines: a
 * description, then one declaration per parameter,
 *
 *     -- param: region region   the report unit
 *     -- param: period month    the month reported on
 *
 * (name, type, optional description).  The catalogue converts the user's
 * text to the store's representation and binds every value (never splices
 * it), and also binds values derived from each declared parameter, so the
 * SQL needs no date functions and stays portable:
 *
 *   type      binds :NAME as            and also
 *   region    12-digit code             :NAME_end (code + span: the unit covers
 *                                       [NAME, NAME_end))
 *   month     yyyymm                    :NAME_start, :NAME_end (JDN of first and
 *                                       last day), :NAME_year_start (yyyy01),
 *                                       :NAME_year_jdn (JDN of 1 January),
 *                                       :NAME_end_ymd (yyyymmdd of last day),
 *                                       :NAME_start_secs, :NAME_end_secs (seconds
 *                                       at the start of the first day and at the
 *                                       end of the last day),
 *                                       :NAME_year_start_secs (seconds at the
 *                                       start of 1 January), :NAME_first12
 *                                       (yyyymm eleven months before),
 *                                       :NAME_back12 (yyyymm twelve months
 *                                       before)
 *   date      Julian Day Number         -
 *   datetime  seconds since 1970 local  -
 *   money     integer fen               -
 *   decimal   integer millionths        -
 *   int       integer                   -
 *   text      text                      -
 *
 * Every statement runs read-only (store_prepare_readonly): it must prepare
 * as exactly one statement that only reads, and the store refuses ATTACH,
 * DETACH, transactions, writes, PRAGMAs other than schema introspection, and
 * load_extension().  A parameter given but not declared, or declared but not
 * given, is a usage error.
 *
 * The store provides SQL functions the queries use (store_register_functions,
 * which catalog_prepare calls); they are the only functions a query may call
 * besides standard SQL, so that the files
 * stay portable to any store that defines the same five: id_birth_ymd(id)
 * (birth date inside an ID number as yyyymmdd, NULL if not a real date),
 * id_check_ok(id) (1 if an 18-character ID's check character is right, 0 if
 * not, NULL for the 15-digit form), fmt_date(jdn) ('YYYY-MM-DD'),
 * fmt_yuan(fen) ('12.50') and jdn_add_months(jdn, n) (the same day n months
 * later, n < 0 earlier, clamped to that month's length: indicators.md "P -
 * n months").  A bound whose n is fixed is a derived parameter
 * (:NAME_back12); where n is a parameter looked up per region code the
 * bound is no single value a run could bind, so the queries call
 * jdn_add_months once per region code (or per record, for d + n months).
 */
#ifndef RS_CATALOG_H
#define RS_CATALOG_H

#include <stddef.h>

#include "base/error.h"
#include "base/table.h"
#include "store/store.h"

typedef enum {
    CATALOG_REGION,
    CATALOG_MONTH,
    CATALOG_DATE,
    CATALOG_DATETIME,
    CATALOG_MONEY,
    CATALOG_DECIMAL,
    CATALOG_INT,
    CATALOG_TEXT
} catalog_type;

typedef struct {
    char *name;
    catalog_type type;
    char *description; /* may be "" */
} catalog_param;

typedef struct {
    char *name;        /* file name without ".sql" */
    char *path;        /* full path of the file */
    char *description; /* the header's description lines, joined by spaces */
    char *sql;         /* the whole file, its includes expanded (engine/sql_include.h) */
    char **included;   /* the full paths of the lib files it includes, NULL-terminated; or NULL */
    catalog_param *params;
    int nparams;
} catalog_query;

/* One user-supplied parameter: key and text value (not copied). */
typedef struct {
    const char *key;
    const char *value;
} catalog_arg;

/* Load queries/NAME.sql into a new catalog_query the caller frees with
 * catalog_free().  NAME must be letters, digits and '_'; an unknown name is
 * a usage error. */
rs_status catalog_load(const char *name, catalog_query **out, rs_error *e);

/* Load the file at rel (a path under the home directory, such as
 * "queries/refresh/x.sql") without the name check; for the engine's own
 * statements outside the user-visible catalogue. */
rs_status catalog_load_file(const char *rel, catalog_query **out, rs_error *e);

/* Free q; NULL is allowed. */
void catalog_free(catalog_query *q);

/* Prepare q on db with args bound (see the file comment for the checks).
 * On success *st is a statement the caller finalizes. */
rs_status catalog_prepare(store *db, const catalog_query *q, const catalog_arg *args, size_t nargs,
                          store_stmt **st, rs_error *e);

/* Bind args to an already prepared statement of q (also used by the engine
 * for its writing refresh statements, which are not catalogue queries). */
rs_status catalog_bind(const catalog_query *q, store_stmt *st, const catalog_arg *args,
                       size_t nargs, rs_error *e);

/* Load, prepare and run the query NAME; its rows in a new table *out. */
rs_status catalog_run(store *db, const char *name, const catalog_arg *args, size_t nargs,
                      rs_table **out, rs_error *e);

/* The catalogue as a new table (name, parameters, description), by name. */
rs_status catalog_list(rs_table **out, rs_error *e);

#endif
