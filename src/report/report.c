/*
 * report: the runner of a report run, its outputs and its variables.
 * Output files are written to a hidden temporary name in the output
 * directory, flushed to disk and renamed, so a reader never sees half a
 * file.
 */
#include "report/report.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/home.h"
#include "base/version.h"
#include "store/store.h"
#include "engine/approval.h"
#include "report/dataset.h"
#include "report/manifest.h"

/* ---------------------------------------------------------------- outputs */

rs_status report_output_begin(const report_outputs *o, const char *name, char **tmp, rs_error *e)
{
    *tmp = NULL;
    if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return rs_fail(e, RS_EINTERNAL, "bad output file name '%s'", name);
    *tmp = rs_sprintf("%s/.%s.tmp%ld", o->dir, name, (long)getpid());
    rs_temp_register(*tmp);
    return RS_OK;
}

/* fsync the file or directory at path. */
static rs_status sync_path(const char *path, bool dir, rs_error *e)
{
    int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    rs_status s = RS_OK;
    if (fd < 0) return rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
    if (fsync(fd) != 0) s = rs_fail(e, RS_EIO, "flushing %s: %s", path, strerror(errno));
    close(fd);
    return s;
}

rs_status report_output_commit(report_outputs *o, const char *tmp, const char *name, rs_error *e)
{
    char *final = rs_sprintf("%s/%s", o->dir, name);
    rs_status s;
    if ((s = sync_path(tmp, false, e)) != RS_OK) goto fail;
    if (rename(tmp, final) != 0) {
        s = rs_fail(e, RS_EIO, "renaming %s to %s: %s", tmp, final, strerror(errno));
        goto fail;
    }
    rs_temp_unregister(tmp); /* whole, under its own name */
    if ((s = sync_path(o->dir, true, e)) != RS_OK) goto fail;
    o->paths = rs_realloc(o->paths, (o->n + 1) * sizeof *o->paths);
    o->paths[o->n++] = final;
    printf("%s\n", final);
    fflush(stdout);
    return RS_OK;
fail:
    free(final);
    return s;
}

void report_output_abort(const char *tmp)
{
    if (!tmp) return;
    rs_temp_unregister(tmp);
    unlink(tmp);
}

rs_status report_output_write(report_outputs *o, const char *name, report_write_fn fn, void *arg,
                              rs_error *e)
{
    char *tmp = NULL;
    rs_status s = report_output_begin(o, name, &tmp, e);
    if (s == RS_OK &&
        ((s = fn(arg, tmp, e)) != RS_OK || (s = report_output_commit(o, tmp, name, e)) != RS_OK))
        report_output_abort(tmp);
    free(tmp);
    return s;
}

/* What report_output_draw hands report_output_write. */
typedef struct {
    report_draw_fn fn;
    const tpl_report *t;
    const report_source *src;
} draw_job;

static rs_status draw_file(void *arg, const char *path, rs_error *e)
{
    const draw_job *j = arg;
    return j->fn(j->t, j->src, path, e);
}

rs_status report_output_draw(report_outputs *o, const char *name, report_draw_fn fn,
                             const tpl_report *t, const report_source *src, rs_error *e)
{
    draw_job job = {fn, t, src};
    return report_output_write(o, name, draw_file, &job, e);
}

void report_outputs_free(report_outputs *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->paths[i]);
    free(o->paths);
    o->paths = NULL;
    o->n = 0;
}

rs_status report_note_input(report_ctx *ctx, const char *kind, const char *path, rs_error *e)
{
    return ctx->manifest ? manifest_input(ctx->manifest, kind, path, e) : RS_OK;
}

/* ---------------------------------------------------------------- variables */

/* The value of target.INDICATOR (the scheme's full-marks target) into buf,
 * or NULL when the scheme does not score it or cannot be read. */
static const char *target_var(report_ctx *ctx, const char *indicator, char *buf, size_t n)
{
    const score_scheme *sc = NULL;
    rs_error e = {0};
    const score_item *it = report_scheme(ctx, &sc, &e) == RS_OK ? score_find(sc, indicator) : NULL;
    if (!it) return NULL;
    snprintf(buf, n, "%.10g", it->target);
    return buf;
}

/* The scheme's minimum share of weight ("60%") into buf, or NULL when the
 * scheme cannot be read. */
static const char *min_share_var(report_ctx *ctx, char *buf, size_t n)
{
    const score_scheme *sc = NULL;
    rs_error e = {0};
    if (report_scheme(ctx, &sc, &e) != RS_OK) return NULL;
    snprintf(buf, n, "%.10g%%", sc->min_share * 100.0);
    return buf;
}

/* 数据状态 of the run's unit and month (engine_data_state) into buf, or
 * NULL when the store cannot say. */
static const char *data_state_var(report_ctx *ctx, char *buf, size_t n)
{
    char *state = NULL;
    rs_error e = {0};
    if (engine_data_state(ctx->db, ctx->unit, ctx->period, ctx->lang, &state, &e) != RS_OK)
        return NULL;
    snprintf(buf, n, "%s", state);
    g_free(state);
    return buf;
}

const char *report_var(void *arg, const char *name)
{
    report_ctx *ctx = arg;
    char *buf = ctx->var;
    size_t n = sizeof ctx->var;
    int y = ctx->period / 100, m = ctx->period % 100;
    if (strcmp(name, "unit_code") == 0 || strcmp(name, "unit") == 0)
        snprintf(buf, n, "%lld", (long long)ctx->unit);
    else if (strcmp(name, "unit_name") == 0) {
        if (!ctx->unit_name[0])
            store_region_name(ctx->db, ctx->unit, ctx->unit_name, sizeof ctx->unit_name);
        return ctx->unit_name;
    } else if (strcmp(name, "period") == 0)
        snprintf(buf, n, "%04d-%02d", y, m);
    else if (strcmp(name, "period_zh") == 0 || strcmp(name, "period_en") == 0)
        text_month(ctx->words, name + 7, TEXT_MONTH, y, m, buf, n);
    else if (strcmp(name, "year") == 0)
        snprintf(buf, n, "%d", y);
    else if (strcmp(name, "month") == 0)
        snprintf(buf, n, "%d", m);
    else if (strcmp(name, "today") == 0) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(buf, n, "%Y-%m-%d", &tm);
    } else if (strcmp(name, "version") == 0)
        snprintf(buf, n, "%s", RELIEFSTAT_VERSION);
    else if (strcmp(name, "lang") == 0)
        snprintf(buf, n, "%s", ctx->lang);
    else if (strncmp(name, "target.", 7) == 0)
        return target_var(ctx, name + 7, buf, n);
    else if (strcmp(name, "min_share") == 0)
        return min_share_var(ctx, buf, n);
    else if (strcmp(name, "data_state") == 0)
        return data_state_var(ctx, buf, n);
    else
        return NULL;
    return buf;
}

/* ---------------------------------------------------------------- the run */

/* Write the manifest of ctx (a report_ctx *) as JSON to path (a
 * report_write_fn). */
static rs_status write_manifest_file(void *arg, const char *path, rs_error *e)
{
    report_ctx *ctx = arg;
    FILE *f = fopen(path, "w");
    rs_status s;
    if (!f) return rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
    s = manifest_write(ctx->manifest, f, ctx->out.paths, ctx->out.n, e);
    if (fclose(f) != 0 && s == RS_OK)
        s = rs_fail(e, RS_EIO, "writing %s: %s", path, strerror(errno));
    return s;
}

/* Write manifest.json: the run's record, with the import batches of the store. */
static rs_status write_manifest(report_ctx *ctx, rs_error *e)
{
    const rs_table *batches = NULL;
    rs_status s = report_dataset(ctx, "report_batches", &batches, e);
    if (s == RS_OK) s = manifest_batches(ctx->manifest, batches, e);
    if (s == RS_OK)
        s = report_output_write(&ctx->out, "manifest.json", write_manifest_file, ctx, e);
    return s;
}

/* Read the words, compute ahead what t needs, then resolve t for ctx:
 * the words, the lookups and the variables go in before anything is
 * drawn.  run gets the words. */
static rs_status prepare(report_ctx *ctx, tpl_report *t, text_run *run, rs_error *e)
{
    size_t n = 0;
    const char **needs = report_needs(t, &n);
    tpl_words words;
    char *path = home_path("report_templates/_words.yaml");
    rs_status s = tpl_words_load(path, ctx->lang, &ctx->words, &words, e);
    free(path);
    run->words = ctx->words;
    if (s == RS_OK) s = report_compute_ahead(ctx, needs, n, e);
    if (s == RS_OK) s = tpl_resolve(t, run, &words, e);
    free(needs);
    return s;
}

/* Run renderer r on t; RELIEFSTAT_TRACE=1 prints the time it took, beside
 * the catalogue's trace of each query (catalog.c). */
static rs_status render_with(const report_renderer *r, const tpl_report *t,
                             const report_source *src, report_outputs *out, rs_error *e)
{
    bool trace = getenv("RELIEFSTAT_TRACE") != NULL;
    gint64 start = trace ? g_get_monotonic_time() : 0;
    rs_status s = r->render(t, src, out, e);
    if (trace && s == RS_OK)
        fprintf(stderr, "trace: render %-20s %8.3f s\n", r->name,
                (double)(g_get_monotonic_time() - start) / 1e6);
    return s;
}

/* Draw each part of t with its renderer: the workbook, the chart files and
 * the dashboard, binding the charts' data just before they are drawn; the
 * dashboard's own template file goes into the manifest as it is drawn. */
static rs_status render_parts(report_ctx *ctx, tpl_report *t, const report_renderers *r,
                              const text_run *run, rs_error *e)
{
    report_source src = report_source_of(ctx);
    rs_status s = RS_OK;
    if (t->workbook && r->workbook) s = render_with(r->workbook, t, &src, &ctx->out, e);
    if (s == RS_OK && t->ncharts && r->charts && (s = tpl_bind_charts(t, &src, run, e)) == RS_OK)
        s = render_with(r->charts, t, &src, &ctx->out, e);
    if (s != RS_OK || !t->dashboard || !r->dashboard) return s;
    if (t->dashboard_of &&
        (s = report_note_input(ctx, "template", t->dashboard_of->path, e)) != RS_OK)
        return s;
    if ((s = tpl_bind_dashboard(t, &src, run, e)) == RS_OK)
        s = render_with(r->dashboard, t, &src, &ctx->out, e);
    return s;
}

rs_status report_run(report_ctx *ctx, tpl_report *t, const report_renderers *r, rs_error *e)
{
    text_run run = {ctx->lang, report_var, ctx, NULL};
    rs_status s;
    ctx->cache = report_cache_new();
    if ((s = report_note_input(ctx, "template", t->path, e)) == RS_OK &&
        (!t->lookups_path ||
         (s = report_note_input(ctx, "template", t->lookups_path, e)) == RS_OK) &&
        (s = prepare(ctx, t, &run, e)) == RS_OK &&
        (s = render_parts(ctx, t, r, &run, e)) == RS_OK && ctx->manifest)
        s = write_manifest(ctx, e);
    report_cache_free(ctx);
    text_words_free(ctx->words);
    ctx->words = NULL;
    return s;
}
