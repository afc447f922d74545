/*
 * sql_include: SQL that several catalogue queries share, written once.  A
 * line of a query file that reads
 *
 *     -- include: lib/NAME.sql
 *
 * is replaced, when the catalogue loads the file, by the text of
 * queries/lib/NAME.sql, so that the statement prepared is one whole,
 * self-contained statement, as portable as the files it is made of (a
 * comment to any other reader of the file).  A lib file holds CTE
 * definitions, each followed by a comma, and the include stands in the
 * query's WITH list before the CTEs that use them; queries/README.md says
 * what each lib file takes and gives.  Includes do not nest.
 */
#ifndef RS_SQL_INCLUDE_H
#define RS_SQL_INCLUDE_H

#include "base/error.h"

/* Replace every include line of *sql (the text of the file at path, for
 * messages) by the file it names; *sql is replaced by a new string (the old
 * one is freed) or left as it is on failure.  *included receives the full
 * paths of the files included, each once, in order, as a NULL-terminated
 * array of new strings (free with sql_free_included()), or NULL when there
 * is none or on failure: a run's manifest records them beside the query.
 * Fails naming path and line: RS_ETEMPLATE for a name not of the form
 * lib/NAME.sql or an include inside an included file, RS_EIO for a file
 * that cannot be read. */
rs_status sql_expand_includes(const char *path, char **sql, char ***included, rs_error *e);

/* Free an array of sql_expand_includes(); NULL is allowed. */
void sql_free_included(char **included);

#endif
