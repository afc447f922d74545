/*
 * score: the performance-assessment scoring scheme and the scores it gives.
 * The scheme is data (seeds/scoring.csv, editable by evaluators): for each
 * scored indicator a weight, the value that earns full marks (target) and
 * the value that earns none (zero point), with the direction in which the
 * indicator improves; and the grade cut-offs (优/良/中/差).
 *
 * Points of an indicator: weight × clamp((value − zero) / (target − zero),
 * 0, 1).  A unit's total is scaled to 100 over the indicators whose value
 * exists (a rate with no cases is left out rather than counted as failed
 * or as met): each such indicator contributes 100 × points / Σweights of
 * those indicators.  Scores are kept as evaluators keep them: every
 * number shown is rounded to 2 decimals, half up in decimal (score_round2),
 * and the total is the sum of the rounded contributions, so the printed
 * items add up to the printed total.  A unit whose indicators with a value
 * carry less than the scheme's minimum share of its weight is neither
 * graded nor ranked: it shows its points and the minimum's label
 * (数据不足).  Each unit is scored from its own indicator row, whose rate
 * the engine pooled from its records: a higher level's score is never an
 * average of its children's.
 */
#ifndef RS_SCORE_H
#define RS_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"

typedef struct {
    char *indicator;
    double weight, target, zero;
    bool higher; /* true: larger values are better */
} score_item;

typedef struct {
    char *code, *label_zh, *label_en;
    double min; /* lowest total that earns the grade */
} score_grade;

typedef struct {
    score_item *items;
    size_t nitems;
    score_grade *grades; /* highest min first */
    size_t ngrades;
    /* The least share (0..1) of the items' total weight that a unit's items
     * with a value must carry for it to be graded and ranked (0: no
     * minimum), and what such a unit shows instead of a grade. */
    double min_share;
    char *short_zh, *short_en;
} score_scheme;

/* Load the scheme in the CSV file at path.  *out is new (free with
 * score_free); errors name the file, line and column. */
rs_status score_load(const char *path, score_scheme **out, rs_error *e);

/* Same from CSV text; name is used in messages. */
rs_status score_parse(const char *name, const char *text, score_scheme **out, rs_error *e);

/* Free s; NULL is allowed. */
void score_free(score_scheme *s);

/* The item scoring indicator, or NULL when it is not scored. */
const score_item *score_find(const score_scheme *s, const char *indicator);

/* Points earned by value: 0 to it->weight (not rounded). */
double score_points(const score_item *it, double value);

/* x rounded to 2 decimals, half up (away from zero), as its decimal
 * reading to 15 significant digits says: 0.125 -> 0.13, 2.675 -> 2.68 (the
 * nearest double to 2.675 is a little below it), 70.81499800942316 ->
 * 70.81.  In hundredths, so that sums of rounded values stay exact. */
int64_t score_round2(double x);

/* True if value reaches the full-marks target. */
bool score_met(const score_item *it, double value);

/* The grade of a total score (never NULL for a loaded scheme). */
const score_grade *score_grade_of(const score_scheme *s, double total);

/* Score the units of an indicators table (the columns of engine_indicators,
 * e.g. a unit and its children).  *detail gets one row per unit and
 * indicator: region_code, region_name, level, indicator, name, unit,
 * numerator, denominator, value, weight, target, zero_point, direction,
 * score (the points out of the weight, rounded), met, missed (NULL where
 * not scored or no value), value_type ("rate", or "yuan" for a money-only
 * indicator whose value is in yuan).  *summary gets one row per unit:
 * region_code, region_name, level, is_unit (1 for the unit `unit`), score
 * (the sum of the IND.score columns), rank (among the other units with
 * enough data, by score; NULL for `unit` and for a unit short of data),
 * grade (label in lang, or the scheme's short-of-data label),
 * weight_share (the share of the scheme's weight with a value) and
 * "IND.score" per scored indicator (its contribution to the total out of
 * 100, rounded); the ranked units come first by rank, then the others,
 * `unit` last.  Both are new tables the caller frees. */
rs_status score_tables(const score_scheme *s, const rs_table *indicators, int64_t unit,
                       const char *lang, rs_table **detail, rs_table **summary, rs_error *e);

#endif
