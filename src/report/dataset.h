/*
 * dataset: the datasets of a report run, by name.  One registry says for
 * each name how it is computed (the engine's tables, the scores, the
 * scheme, the manifest so far; any other name is a catalogue query,
 * queries/NAME.sql, bound to the unit and month), what it is computed from,
 * whether the run keeps it, and whether it is computed ahead.  One cache per
 * run holds what was computed, with full values; the run's source
 * (report_source_of) hands the renderers each dataset masked for output
 * (base/mask.h), masked once per run: this is the one place where a
 * dataset becomes output.
 *
 * The engine's datasets take most of a pack's time.  The findings, the
 * largest, are computed on a second connection and thread
 * (report_prefetch_findings) while this thread computes the other engine
 * datasets the template needs, largest first (report_compute_ahead).
 */
#ifndef RS_DATASET_H
#define RS_DATASET_H

#include <stdbool.h>

#include "base/error.h"
#include "base/table.h"
#include "engine/score.h"
#include "report/report.h"
#include "report/source.h"
#include "report/template.h"

/* A new empty cache for a run (ctx->cache), freed by report_cache_free(). */
struct report_cache *report_cache_new(void);

/* Free ctx->cache and everything in it (stopping a prefetch), and set it
 * to NULL; nothing when there is none. */
void report_cache_free(report_ctx *ctx);

/* The dataset called name for ctx's unit and period, with full values: one
 * of the engine's tables ("indicators", "indicators_children",
 * "indicators_all", "findings" (with region_name added), "statistics",
 * "trend", "outliers" (of the unit and every unit below it, flagged
 * first), "outliers_flagged" (those flagged, with value_text, median_text
 * and score_text)), the scores of score.h ("scores": per unit and indicator with
 * target and met; "score_summary": per unit with total, rank and grade;
 * "scoring": the scheme), "manifest" (the run so far), or a query of the
 * catalogue (catalog.h: queries/NAME.sql) declaring the parameters region
 * and period (or neither), bound to ctx's unit and month.  *out is
 * borrowed: owned by ctx->cache, valid until report_cache_free(). */
rs_status report_dataset(report_ctx *ctx, const char *name, const rs_table **out, rs_error *e);

/* The source renderers read ctx's datasets through: report_dataset()'s
 * tables masked for output, the same table for every renderer. */
report_source report_source_of(report_ctx *ctx);

/* The names of the datasets a run of t reads: those its model names
 * (t->datasets) and those they are computed from, each once; a new array of
 * *n names (owned by t or the registry) that the caller frees. */
const char **report_needs(const tpl_report *t, size_t *n);

/* Start computing the findings on a second connection to the same
 * snapshot (store_open_twin), on a thread of its own; report_dataset
 * ("findings") then waits for them.  Nothing happens without a cache or a
 * twin (the findings are then computed when asked for). */
void report_prefetch_findings(report_ctx *ctx);

/* When needs (n names, from report_needs) holds the findings: start them
 * ahead (report_prefetch_findings) and, while they run, compute the other
 * engine datasets of needs, largest first. */
rs_status report_compute_ahead(report_ctx *ctx, const char *const *needs, size_t n, rs_error *e);

/* The scoring scheme (seeds/scoring.csv), read once per run and recorded
 * in the manifest; *out is owned by ctx->cache. */
rs_status report_scheme(report_ctx *ctx, const score_scheme **out, rs_error *e);

#endif
