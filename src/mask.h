/*
 * mask: privacy masking of ID numbers and names for every output.
 * ID numbers keep the first 6 and last 4 characters (652325********1234);
 * names keep their first character (张*, 买买提·艾力 -> 买*).  The same rules
 * are available to SQL as mask_id(x) and mask_name(x) on every connection
 * opened by the engine; with full values requested they return x unchanged.
 */
#ifndef RS_MASK_H
#define RS_MASK_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* Process-wide switch: true only when the user asked for full values. */
extern bool mask_unmasked;

/* Write the masked form of id (NUL-terminated) into buf of size n; returns buf. */
char *mask_id(const char *id, char *buf, size_t n);

/* Write the masked form of a UTF-8 name into buf of size n; returns buf. */
char *mask_name(const char *name, char *buf, size_t n);

/* Register mask_id() and mask_name() as SQL functions on db. */
int mask_register_sql(sqlite3 *db);

#endif
