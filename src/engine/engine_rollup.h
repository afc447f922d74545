/*
 * engine_rollup: adding figures up the region hierarchy.  The engine's
 * queries return (region_code, key, numerator, denominator) rows grouped by
 * each record's own region code; a rollup adds every such row into that
 * unit and every unit above it, up to the report unit, so one pass over the
 * data serves every level and a higher level's figures are always the sums
 * of its records (rates pooled as sum(num) / sum(den), never averaged).
 * Units are kept in a hash map keyed by their 12-digit code.
 */
#ifndef RS_ENGINE_ROLLUP_H
#define RS_ENGINE_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"

typedef struct rollup rollup;

/* A new rollup under root for the nkeys keys named in keys (copied); the
 * caller frees it with rollup_free(). */
rollup *rollup_new(int64_t root, int nkeys, const char *const *keys);

/* Free r; NULL is allowed. */
void rollup_free(rollup *r);

/* Make sure unit code and every unit between it and the root exist (with
 * zeros). */
void rollup_touch(rollup *r, int64_t code);

/* Add num and den to key for code and every unit above it up to the root.
 * Returns RS_OK, or a catalogue error naming an unknown key. */
rs_status rollup_add(rollup *r, int64_t code, const char *key, int64_t num, int64_t den,
                     rs_error *e);

/* Fail unless t has the indicator queries' shape: four columns
 * (region_code, key, numerator, denominator) and a text key in every row. */
rs_status rollup_check_table(const rs_table *t, const char *what, rs_error *e);

/* Feed every row of t (columns region_code, a key column, numerator,
 * denominator; NULL counts as 0) into r; `what` names t for errors. */
rs_status rollup_add_table(rollup *r, const rs_table *t, const char *what, rs_error *e);

/* The units present, sorted by code, as a new array of *n codes the caller
 * frees. */
int64_t *rollup_units(const rollup *r, size_t *n);

/* The sums of key index k for unit code; false if the unit is absent. */
bool rollup_get(const rollup *r, int64_t code, int k, int64_t *num, int64_t *den);

#endif
