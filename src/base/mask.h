/*
 * mask: privacy masking of ID numbers and names, applied when an output is
 * written and never before: the store, the queries and the engine's
 * intermediate rows hold full values, so how an earlier command was run
 * never changes what a later output shows (reports.md, Privacy).
 * ID numbers keep the first 6 and last 4 characters (652325********1234);
 * bank account numbers the first 4 and last 4 (6230***********1234);
 * names keep their first character, or the given name before a middle
 * dot (张三 -> 张*, 买买提·艾力 -> 买买提*).
 *
 * Column naming convention, shared by queries, the engine and the outputs
 * (beside table.h's "_fen"): a column whose name ends in "_masked" holds a
 * full value that every output shows masked unless the run is --unmasked;
 * a name when the part before the suffix ends in "name" (name_masked,
 * staff_name_masked, account_name_masked), an account number when it ends
 * in "account_no" (account_no_masked), else an ID number
 * (id_number_masked, head_id_masked).
 * A text cell of another column may name such a column as {name_masked}:
 * the output shows that column's value of the same row there (a finding's
 * detail naming a person).  mask_table() applies both rules; the query
 * and findings commands run it on what they print, and a report run on
 * each dataset as it becomes output (report/dataset.c).
 */
#ifndef RS_MASK_H
#define RS_MASK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/table.h"

/* Process-wide switch: true only when the user asked for full values. */
extern bool mask_unmasked;

/* Write the masked form of id (NUL-terminated) into buf of size n; returns buf. */
char *mask_id(const char *id, char *buf, size_t n);

/* Write the masked form of a UTF-8 name into buf of size n; returns buf. */
char *mask_name(const char *name, char *buf, size_t n);

/* Write the masked form of an account number into buf of size n; returns buf. */
char *mask_account(const char *account, char *buf, size_t n);

typedef enum { MASK_NONE, MASK_ID, MASK_NAME, MASK_ACCOUNT } mask_kind;

/* What the convention above makes of a column called name. */
mask_kind mask_column_kind(const char *name);

/* Prepare t for an output: mask every "_masked" column in place (unless
 * mask_unmasked), then fill in the {column} references of the other text
 * cells with those columns' (masked) values. */
void mask_table(rs_table *t);

#endif
