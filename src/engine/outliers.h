/*
 * outliers: indicators.md "Outliers (异常波动)": a unit's month against its
 * own past.  For each unit, the regular monthly payments (paid dibao and
 * tekun ledger rows) of month P give three series, paid_month (money),
 * paid_rows (their number) and paid_per_row (their quotient); each is
 * judged against the unit's values of the 12 months before in which it
 * had such rows, by the modified z-score of Iglewicz and Hoaglin (median
 * and MAD, with MeanAD where MAD is 0) and a guard that the change
 * matters.  The statistic (outlier_judge) is plain C on doubles (medians
 * of fen can be half a fen); the series come from the catalogue
 * (queries/outlier_series.sql, rolled up the hierarchy) and the
 * parameters from queries/outlier_params.sql.
 */
#ifndef RS_OUTLIERS_H
#define RS_OUTLIERS_H

#include "store/store.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"
#include "engine/engine.h"

/* Fewer values in the history than this: the month is not examined. */
#define OUTLIER_MIN_HISTORY 6
/* The months before P a history looks back on. */
#define OUTLIER_HISTORY_MONTHS 12

/* The judgement of one value x against its history. */
typedef struct {
    bool examined;      /* false: x empty or too short a history; the rest is 0 */
    double median, mad; /* med = median(h), MAD = median(|h - med|) */
    bool infinite;      /* MAD = MeanAD = 0 and x != med: the score is infinite */
    double score;       /* the modified z-score (0 when infinite) */
    bool beyond;        /* |score| > threshold, or infinite */
    bool matters;       /* |x - med| >= min_change * med (med = 0: x != 0) */
    bool flagged;       /* beyond and matters */
} outlier_result;

/* Judge x (has_x false: x is empty) against the n values of h by
 * indicators.md's rule with the parameters threshold (outlier_threshold)
 * and min_change (outlier_min_change); the result in *r.  h is not
 * changed. */
void outlier_judge(const double *h, size_t n, bool has_x, double x, double threshold,
                   double min_change, outlier_result *r);

/* The median of the n values of v (n > 0; of an even count the mean of the
 * middle two); v is sorted in place. */
double outlier_median(double *v, size_t n);

/* The outliers of unit and month period (yyyymm) at levels (the units of
 * engine_indicators at the same levels): one row per unit and series,
 * ordered by region_code, then series (paid_month, paid_rows,
 * paid_per_row).  Columns:
 *   region_code INT, region_name TEXT, level TEXT, period TEXT ('2024-09'),
 *   series TEXT, unit TEXT ('fen' for paid_month and paid_per_row, 'count'
 *   for paid_rows: of value, median and mad),
 *   value REAL or NULL (x), median REAL or NULL, mad REAL or NULL,
 *   score REAL or NULL (empty when not examined or infinite),
 *   infinite INT (1: the score is infinite), flagged INT (1/0),
 *   history INT (the number of months in h),
 *   change REAL or NULL ((x - med) / med; NULL when not examined or med = 0),
 *   status TEXT (no_value, short_history, normal, small_change: beyond the
 *   threshold but the change does not matter, outlier, outlier_infinite:
 *   flagged with an infinite score).
 * A new table in *out the caller frees; NULL on failure. */
rs_status engine_outliers(store *db, int64_t unit, int period, engine_levels levels, rs_table **out,
                          rs_error *e);

/* A value, median or MAD of a series as text into buf: money (fen, money
 * true) as yuan with 2 decimals, rounded to the fen with halves away from
 * zero; a count as an integer, or with one decimal (a median's half). */
void outlier_format_value(double v, bool money, char *buf, size_t n);

/* Order engine_outliers' table t flagged rows first, each part in the
 * order it had (stable). */
void engine_outliers_flagged_first(rs_table *t);

#endif
