/*
 * engine_units: the listing of a report's units, shared by the engine's
 * tables (engine.c's indicators, outliers.c's outliers): which units a
 * table lists at each --levels, their names and level, and the check of a
 * unit and month.  Private to engine/.
 */
#ifndef RS_ENGINE_UNITS_H
#define RS_ENGINE_UNITS_H

#include "store/store.h"
#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"
#include "engine/engine.h"
#include "engine/engine_rollup.h"

/* Fail with RS_EUSAGE unless unit is a valid code and period a real month
 * (yyyymm). */
rs_status engine_check_unit_period(int64_t unit, int period, rs_error *e);

/* Add to r the units below unit that a table at levels lists besides the
 * ones its records reach (indicators.md: every unit any household, ledger
 * row, application or budget belongs to; LEVELS_CHILDREN: the children
 * among them); nothing for LEVELS_SELF. */
rs_status engine_touch_units(store *db, rollup *r, int64_t unit, engine_levels levels, rs_error *e);

/* The division names of unit's range (for engine_set_unit_cells): a new
 * table the caller frees. */
rs_status engine_unit_names(store *db, int64_t unit, rs_table **names, rs_error *e);

/* Set region_code, region_name (the code where names has none) and level
 * (the code's own) in columns 0-2 of row of t. */
void engine_set_unit_cells(rs_table *t, size_t row, const rs_table *names, int64_t code);

/* True if unit code is listed at levels below report unit `unit`. */
bool engine_unit_listed(int64_t code, int64_t unit, engine_levels levels);

#endif
