/*
 * report: the state of one `reliefstat report` run shared by the renderers
 * (workbook, charts, dashboard) and the manifest: the unit and month, the
 * language, the output directory, and the files written so far.
 *
 * Outputs appear whole or not at all: a renderer asks report_output_begin()
 * for a temporary path inside the output directory, writes it completely,
 * then calls report_output_commit(), which flushes it to disk, renames it to
 * its final name and records it for the manifest.  report_output_abort()
 * removes a temporary file after a failure; running out of memory removes
 * it too (base/alloc.h).
 *
 * Datasets: report_dataset() is the one way renderers get data; it maps a
 * name to an engine table, a score table or a catalogue query.  When the
 * runner gives the context a cache (report_cache_new), tables shared by
 * several datasets are computed once per run.
 */
#ifndef RS_REPORT_H
#define RS_REPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"

typedef struct {
    sqlite3 *db;         /* read-only connection */
    int64_t unit;        /* 12-digit region code of the report unit */
    int period;          /* yyyymm */
    const char *lang;    /* "zh" or "en" */
    const char *out_dir; /* existing directory */
    const char *charts;  /* chart renderer: "cairo" or "gnuplot" */
    char **outputs;      /* final paths written, for the manifest */
    size_t noutputs;
    struct manifest *manifest;  /* inputs read, for the manifest (may be NULL) */
    struct report_cache *cache; /* tables shared within a run (may be NULL) */
} report_ctx;

/* A new empty cache for a run's context, freed by report_cache_free(). */
struct report_cache *report_cache_new(void);

/* Start computing the engine's findings dataset on a second connection to
 * the same snapshot (db_open_twin), on a thread of its own, while the run
 * goes on with the datasets it needs first; report_dataset("findings")
 * then waits for it.  Nothing happens without a cache or a twin (the
 * findings are then computed when asked for). */
void report_prefetch_findings(report_ctx *ctx);

/* True while findings computed ahead have not been asked for yet. */
bool report_prefetching(const report_ctx *ctx);

/* Free ctx->cache and everything in it (stopping a prefetch), and set it
 * to NULL. */
void report_cache_free(report_ctx *ctx);

/* The value of a template variable for ctx (a report_ctx *): unit_code,
 * unit_name, period (2024-09), period_zh (2024年9月), period_en, year,
 * month, today, version, lang, target.INDICATOR (the scoring scheme's
 * full-marks target).  The string is valid until the next call; NULL when
 * the name is unknown.  Fits tpl_var_fn. */
const char *report_var(void *ctx, const char *name);

/* Record an input file (kind "template", "chart", "query", "seed") with its
 * SHA-256 in the run manifest; nothing when ctx has no manifest. */
rs_status report_note_input(report_ctx *ctx, const char *kind, const char *path, rs_error *e);

/* A temporary path for the output file `name` in ctx->out_dir, in a new
 * string the caller frees (after report_output_commit or _abort); NULL
 * (error set) for a bad name.  The path is registered with
 * rs_temp_register() until then, so that running out of memory removes it. */
char *report_output_begin(report_ctx *ctx, const char *name, rs_error *e);

/* Flush tmp_path to disk and rename it to `name` in the output directory;
 * records the final path in ctx->outputs and prints it on stdout. */
rs_status report_output_commit(report_ctx *ctx, const char *tmp_path, const char *name,
                               rs_error *e);

/* Remove tmp_path (after a failure) and unregister it; NULL is allowed. */
void report_output_abort(const char *tmp_path);

/* Fetch the named dataset for ctx's unit and period: one of the engine's
 * tables ("indicators", "indicators_children", "indicators_all",
 * "findings" (with region_name added), "statistics", "trend"), the scores
 * of score.h ("scores": per unit and indicator with target and met;
 * "score_summary": per unit with total, rank and grade; "scoring": the
 * scheme), "manifest" (the run so far), or a query of the catalogue
 * (catalog.h: queries/NAME.sql) declaring the parameters region and period
 * (or neither), bound to ctx's unit and month.  *out is a new table the
 * caller frees. */
rs_status report_dataset(report_ctx *ctx, const char *name, rs_table **out, rs_error *e);

#endif
