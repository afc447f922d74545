/*
 * report: one `reliefstat report` run.  report_run() is the runner: it
 * reads the words file, computes ahead the datasets the template needs
 * (report/dataset.h), resolves the template's model for the run
 * (template.h: language, {variables}, look-ups), hands the model and the
 * run's datasets to the renderer of each part the template has (workbook,
 * charts, dashboard), and writes the run's manifest beside the outputs.
 *
 * Renderers: one interface, report_renderer, that render/ implements (the
 * workbook with libxlsxwriter, charts with Cairo or gnuplot, the PDF
 * dashboard) and the command line wires into a run (report_renderers): a
 * renderer draws a resolved model from a report_source into files of a
 * report_outputs, and knows nothing of the store or the engine.
 *
 * Outputs appear whole or not at all: a renderer asks report_output_begin()
 * for a temporary path inside the output directory, writes it completely,
 * then calls report_output_commit(), which flushes it to disk, renames it to
 * its final name and records it for the manifest.  report_output_abort()
 * removes a temporary file after a failure; running out of memory removes
 * it too (base/alloc.h).
 */
#ifndef RS_REPORT_H
#define RS_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "base/table.h"
#include "base/text.h"
#include "store/store.h"
#include "report/source.h"
#include "report/template.h"

/* ---- outputs ---------------------------------------------------------- */

/* The files of a run: its output directory and the final paths written. */
typedef struct {
    const char *dir; /* existing directory */
    char **paths;    /* final paths written, in order, for the manifest */
    size_t n;
} report_outputs;

/* A temporary path for the output file `name` in o->dir into *tmp, a new
 * string the caller frees (after report_output_commit or _abort).  The path
 * is registered with rs_temp_register() until then, so that running out of
 * memory removes it.  A bad name fails (RS_EINTERNAL) with *tmp NULL. */
rs_status report_output_begin(const report_outputs *o, const char *name, char **tmp, rs_error *e);

/* Flush tmp to disk and rename it to `name` in o->dir; records the final
 * path in o->paths and prints it on stdout. */
rs_status report_output_commit(report_outputs *o, const char *tmp, const char *name, rs_error *e);

/* Remove tmp (after a failure) and unregister it; NULL is allowed. */
void report_output_abort(const char *tmp);

/* Writes an output file at path (a temporary name), from arg. */
typedef rs_status (*report_write_fn)(void *arg, const char *path, rs_error *e);

/* Write the output file `name` of o whole: fn writes it under a temporary
 * name (report_output_begin), which is then committed, or removed when
 * anything fails. */
rs_status report_output_write(report_outputs *o, const char *name, report_write_fn fn, void *arg,
                              rs_error *e);

/* Draws one file of a renderer at path: the part of t it is for, from src. */
typedef rs_status (*report_draw_fn)(const tpl_report *t, const report_source *src, const char *path,
                                    rs_error *e);

/* Write the output file `name` of o whole (as report_output_write), drawn
 * by fn: for a renderer whose part of t is one file. */
rs_status report_output_draw(report_outputs *o, const char *name, report_draw_fn fn,
                             const tpl_report *t, const report_source *src, rs_error *e);

/* Free the paths recorded in o. */
void report_outputs_free(report_outputs *o);

/* ---- renderers -------------------------------------------------------- */

/* A renderer: draws the part of the resolved model t it is for from the
 * datasets of src into files of out (whole or not at all). */
typedef struct {
    const char *name; /* what it draws ("workbook"), for traces (RELIEFSTAT_TRACE) */
    rs_status (*render)(const tpl_report *t, const report_source *src, report_outputs *out,
                        rs_error *e);
} report_renderer;

/* The renderers of a run, one per part of a template (NULL: not drawn). */
typedef struct {
    const report_renderer *workbook, *charts, *dashboard;
} report_renderers;

/* ---- the run ---------------------------------------------------------- */

typedef struct {
    store *db;        /* read-only connection */
    int64_t unit;     /* 12-digit region code of the report unit */
    int period;       /* yyyymm */
    const char *lang; /* "zh" or "en" */
    report_outputs out;
    struct manifest *manifest;  /* inputs read, for the manifest (may be NULL) */
    struct report_cache *cache; /* the run's datasets (report/dataset.h) */
    text_words *words;          /* report_templates/_words.yaml, for the run */
    char unit_name[512];        /* report_var's: the unit's name once looked up */
    char var[512];              /* report_var's: the last value */
} report_ctx;

/* The value of a template variable for ctx (a report_ctx *): unit_code
 * (and unit, the same), unit_name, period (2024-09), period_zh (2024年9月),
 * period_en (September 2024), year, month, today, version, lang,
 * target.INDICATOR (the scoring scheme's full-marks target).  The string is
 * valid until the next call; NULL when the name is unknown.  Fits
 * text_var_fn. */
const char *report_var(void *ctx, const char *name);

/* Record an input file (kind "template", "chart", "query", "seed") with its
 * SHA-256 in the run manifest; nothing when ctx has no manifest. */
rs_status report_note_input(report_ctx *ctx, const char *kind, const char *path, rs_error *e);

/* Run template t for ctx (unit, period, language, output directory,
 * manifest set; no cache yet) with renderers r, as described above, ending
 * with manifest.json.  ctx->cache and ctx->words are set up and freed
 * here (t's resolved words with them: t is not drawn again); ctx->out
 * keeps the paths written (free with report_outputs_free). */
rs_status report_run(report_ctx *ctx, tpl_report *t, const report_renderers *r, rs_error *e);

#endif
