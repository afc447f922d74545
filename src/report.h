/*
 * report: the state of one `reliefstat report` run shared by the renderers
 * (workbook, charts, dashboard) and the manifest: the unit and month, the
 * language, the output directory, and the files written so far.
 *
 * Outputs appear whole or not at all: a renderer asks report_output_begin()
 * for a temporary path inside the output directory, writes it completely,
 * then calls report_output_commit(), which flushes it to disk, renames it to
 * its final name and records it for the manifest.  report_output_abort()
 * removes a temporary file after a failure.
 */
#ifndef RS_REPORT_H
#define RS_REPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "table.h"

typedef struct {
    sqlite3 *db;             /* read-only connection */
    int64_t unit;            /* 12-digit region code of the report unit */
    int period;              /* yyyymm */
    const char *lang;        /* "zh" or "en" */
    const char *out_dir;     /* existing directory */
    const char *charts;      /* chart renderer: "cairo" or "gnuplot" */
    char **outputs;          /* final paths written, for the manifest */
    size_t noutputs;
} report_ctx;

/* A temporary path for the output file `name` in ctx->out_dir, in a new
 * string the caller frees. */
char *report_output_begin(report_ctx *ctx, const char *name, rs_error *e);

/* Flush tmp_path to disk and rename it to `name` in the output directory;
 * records the final path in ctx->outputs and prints it on stdout. */
rs_status report_output_commit(report_ctx *ctx, const char *tmp_path, const char *name,
                               rs_error *e);

/* Remove tmp_path (after a failure); NULL is allowed. */
void report_output_abort(const char *tmp_path);

/* Fetch the named dataset for ctx's unit and period: one of the engine's
 * tables ("indicators", "indicators_children", "findings", "statistics",
 * "trend", "scores") or a query of the catalogue (queries/NAME.sql) run
 * with :region and :period bound (and any other parameter it declares that
 * the context can supply).  *out is a new table the caller frees. */
rs_status report_dataset(report_ctx *ctx, const char *name, rs_table **out, rs_error *e);

#endif
