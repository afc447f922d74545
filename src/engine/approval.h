/*
 * engine/approval: what the engine adds to 逐级报送审核 (store/approval.h
 * keeps the states): the fingerprint of a county's month and the status of
 * a unit's counties and prefectures (queries/approval_status.sql) with
 * "changed since submission", and the 数据状态 line reports show.
 */
#ifndef RS_ENGINE_APPROVAL_H
#define RS_ENGINE_APPROVAL_H

#include <stdint.h>

#include "base/error.h"
#include "base/table.h"
#include "store/store.h"

/* The fingerprint of county's month period into hex (64 hex digits and a
 * NUL): the SHA-256 of the county's indicators (itself and every unit
 * below it with records: region_code, indicator, numerator, denominator;
 * without report_rate and report_on_time, which change with the submission
 * itself) and its findings (every column, full values), in a canonical CSV
 * form (engine_fingerprint_text).  An approval_fingerprint_fn. */
rs_status engine_fingerprint(store *db, int64_t county, int period, char hex[65], rs_error *e);

/* The canonical text the fingerprint hashes, as a new string the caller
 * frees with g_free. */
rs_status engine_fingerprint_text(store *db, int64_t county, int period, char **out, rs_error *e);

/* The status of unit's month period: approval_status.sql's rows (a county
 * unit: its prefecture's row first) with region_name, and `changed` (1 when
 * a submitted or approved county's fingerprint today differs from its
 * submission's, 0 when not, NULL when open).  Columns: region_code,
 * region_name, level, has_records, state, state_label (未报送, 已报送
 * YYYY-MM-DD, 已审核 YYYY-MM-DD), first_submitted_on, submitted_on,
 * approved_on, deadline, on_time, late_days, changed.  A new table in
 * *out the caller frees.  with_changed false leaves `changed` NULL (no
 * fingerprint computed). */
rs_status engine_approval_status(store *db, int64_t unit, int period, bool with_changed,
                                 rs_table **out, rs_error *e);

/* The 数据状态 of unit's month as reports show it, into a new string the
 * caller frees with g_free: a county's (or a prefecture's) state label
 * (未报送 / 已报送 YYYY-MM-DD / 已审核 YYYY-MM-DD), and over a unit with
 * counties "N of M counties not approved" (N 个县(市、区)未审核, of M) when
 * N > 0; lang "en" gives the English words. */
rs_status engine_data_state(store *db, int64_t unit, int period, const char *lang, char **out,
                            rs_error *e);

#endif
