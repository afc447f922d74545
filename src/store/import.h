/*
 * import: loading contract CSV files into the store.  Each of the
 * contract tables has a descriptor (columns, aliases, types, key) in
 * import.c; a file is decoded by csvin, every cell validated against its
 * descriptor, and the valid rows inserted, replaced or left unchanged by
 * key.  One call imports a set of files in one transaction, in dependency
 * order, all-or-nothing unless partial; every rejected row is reported on
 * stderr and written to a rejects CSV; every file becomes an import batch.
 */
#ifndef RS_IMPORT_H
#define RS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "store/store.h"

/* One file to import into one contract table. */
typedef struct {
    const char *path;
    const char *table; /* a name for which import_is_table() is true */
} import_source;

/* What an import changed: the tables whose rows it inserted or replaced
 * (NULL-terminated), and, when it changed rows of the tables keyed by
 * ledger month (import_is_monthly: payments, bank_returns) of some months
 * only, those months (ledger_months NULL: any month). */
typedef struct {
    const char *const *tables;
    const int *ledger_months;
    size_t nledger_months;
} import_changes;

/* Rebuilds what the store derives from its base tables (the engine's
 * summaries: engine_refresh_summaries) after the rows of an import are
 * loaded, inside its transaction; changes NULL: rebuild everything.  A
 * failure rolls the import back. */
typedef rs_status (*import_refresh_fn)(store *db, const import_changes *changes, rs_error *e);

typedef struct {
    bool partial;              /* commit the valid rows even if others are rejected */
    const char *rejects;       /* where to write rejected rows (only if there are any) */
    bool summary;              /* print one summary line per file on stdout */
    bool refresh_all;          /* rebuild every summary table, not only those the batch changed */
    import_refresh_fn refresh; /* NULL: the import rebuilds nothing */
} import_options;

/* True if name is one of the contract's tables. */
bool import_is_table(const char *name);

/* True if name is a contract table whose rows belong to a ledger month
 * (payments, bank_returns): an import tells the refresh which months. */
bool import_is_monthly(const char *name);

/* The table a file is named after ("payments" for "x/payments.csv"), or
 * NULL if its base name is not a contract table followed by ".csv".  The
 * string is static. */
const char *import_table_of_path(const char *path);

/* Import the n sources into db.  Row errors are printed on stderr as
 * FILE:LINE:COL: column NAME, value 'V': reason, and written to
 * opt->rejects.  Without opt->partial any error rolls everything back and
 * returns RS_EDATA; with it the valid rows are committed.  A file that
 * cannot be read as CSV (encoding, NUL byte, broken quoting, no header,
 * missing required column) fails the whole call either way. */
rs_status import_run(store *db, const import_source *src, size_t n, const import_options *opt,
                     rs_error *e);

#endif
