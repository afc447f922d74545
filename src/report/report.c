/*
 * report: the shared state of a report run.  Output files are written to a
 * hidden temporary name in the output directory, flushed to disk and
 * renamed, so a reader never sees half a file.  Datasets are resolved by
 * name to the engine's tables, the scores, the manifest or a catalogue
 * query run on the read-only connection with its parameters bound.
 */
#include "report/report.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/home.h"
#include "base/mask.h"
#include "base/parse.h"
#include "base/region.h"
#include "base/version.h"
#include "store/db.h"
#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/score.h"
#include "report/manifest.h"

struct report_cache {
    score_scheme *scheme;
    engine_job *findings; /* the findings being computed ahead, or NULL */
    /* The engine's datasets by name ("trend", "indicators_children", …):
     * a template, its charts and its dashboard ask for the same ones, and
     * each costs a run of the indicator or finding queries (a 12-month
     * trend, twelve). */
    GHashTable *engine;
    bool engine_noted; /* the catalogue is in the manifest */
    char unit_name[512];
    char var[512]; /* the last report_var() value */
};

/* ---------------------------------------------------------------- outputs */

char *report_output_begin(report_ctx *ctx, const char *name, rs_error *e)
{
    if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        rs_fail(e, RS_EINTERNAL, "bad output file name '%s'", name);
        return NULL;
    }
    char *p = rs_sprintf("%s/.%s.tmp%ld", ctx->out_dir, name, (long)getpid());
    rs_temp_register(p);
    return p;
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

rs_status report_output_commit(report_ctx *ctx, const char *tmp_path, const char *name, rs_error *e)
{
    char *final = rs_sprintf("%s/%s", ctx->out_dir, name);
    rs_status s;
    if ((s = sync_path(tmp_path, false, e)) != RS_OK) goto fail;
    if (rename(tmp_path, final) != 0) {
        s = rs_fail(e, RS_EIO, "renaming %s to %s: %s", tmp_path, final, strerror(errno));
        goto fail;
    }
    rs_temp_unregister(tmp_path); /* whole, under its own name */
    if ((s = sync_path(ctx->out_dir, true, e)) != RS_OK) goto fail;
    ctx->outputs = rs_realloc(ctx->outputs, (ctx->noutputs + 1) * sizeof *ctx->outputs);
    ctx->outputs[ctx->noutputs++] = final;
    printf("%s\n", final);
    fflush(stdout);
    return RS_OK;
fail:
    free(final);
    return s;
}

void report_output_abort(const char *tmp_path)
{
    if (!tmp_path) return;
    rs_temp_unregister(tmp_path);
    unlink(tmp_path);
}

rs_status report_note_input(report_ctx *ctx, const char *kind, const char *path, rs_error *e)
{
    return ctx->manifest ? manifest_input(ctx->manifest, kind, path, e) : RS_OK;
}

/* ---------------------------------------------------------------- cache */

struct report_cache *report_cache_new(void)
{
    struct report_cache *c = rs_calloc(1, sizeof *c);
    c->engine = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)table_free);
    return c;
}

void report_prefetch_findings(report_ctx *ctx)
{
    if (ctx->cache && !ctx->cache->findings)
        ctx->cache->findings = engine_findings_start(ctx->db, ctx->unit, ctx->period);
}

bool report_prefetching(const report_ctx *ctx)
{
    return ctx->cache && ctx->cache->findings;
}

void report_cache_free(report_ctx *ctx)
{
    if (!ctx->cache) return;
    engine_job_cancel(ctx->cache->findings); /* a run that failed before it needed them */
    score_free(ctx->cache->scheme);
    g_hash_table_destroy(ctx->cache->engine);
    free(ctx->cache);
    ctx->cache = NULL;
}

/* A deep copy of t, which the caller frees. */
static rs_table *table_copy(const rs_table *t)
{
    rs_table *c = table_new(t->ncols, (const char *const *)t->names);
    for (size_t r = 0; r < t->nrows; r++) {
        table_add_row(c);
        for (int k = 0; k < t->ncols; k++)
            table_copy_value(c, r, k, table_cell(t, r, k));
    }
    return c;
}

/* The scoring scheme (seeds/scoring.csv), loaded once per run when cached;
 * *owned tells the caller to free it. */
static rs_status get_scheme(report_ctx *ctx, score_scheme **out, bool *owned, rs_error *e)
{
    char *path;
    rs_status s;
    *owned = false;
    *out = NULL;
    if (ctx->cache && ctx->cache->scheme) {
        *out = ctx->cache->scheme;
        return RS_OK;
    }
    path = home_path("seeds/scoring.csv");
    if ((s = score_load(path, out, e)) == RS_OK &&
        (s = report_note_input(ctx, "seed", path, e)) != RS_OK) {
        score_free(*out);
        *out = NULL;
    }
    free(path);
    if (s == RS_OK && ctx->cache)
        ctx->cache->scheme = *out;
    else if (s == RS_OK)
        *owned = true;
    return s;
}

/* ---------------------------------------------------------------- datasets */

/* The name of code from the divisions (its code if they have none), looked
 * up once per code in names (code -> name, both owned by the table). */
static const char *cached_region_name(sqlite3 *db, GHashTable *names, int64_t code)
{
    char buf[256];
    const char *hit = g_hash_table_lookup(names, &code);
    if (hit) return hit;
    int64_t *key = g_malloc(sizeof *key);
    *key = code;
    region_name(db, code, buf, sizeof buf);
    char *name = g_strdup(buf);
    g_hash_table_insert(names, key, name);
    return name;
}

/* t with a region_name column after region_code (when t has a
 * region_code and no region_name), names from the divisions table: a new
 * table, or t itself.  t is consumed; the caller frees what is returned. */
static rs_table *add_region_names(sqlite3 *db, rs_table *t)
{
    int rc = table_col(t, "region_code");
    if (rc < 0 || table_col(t, "region_name") >= 0) return t;
    GHashTable *cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    const char **names = rs_calloc((size_t)t->ncols + 1, sizeof *names);
    for (int c = 0, k = 0; c < t->ncols; c++) {
        names[k++] = t->names[c];
        if (c == rc) names[k++] = "region_name";
    }
    rs_table *n = table_new(t->ncols + 1, names);
    for (size_t r = 0; r < t->nrows; r++) {
        table_add_row(n);
        for (int c = 0; c < t->ncols; c++) {
            rs_value *v = table_cell(t, r, c), *d = table_cell(n, r, c > rc ? c + 1 : c);
            *d = *v; /* move the value, text included */
            v->type = VAL_NULL;
            v->s = NULL;
        }
        const rs_value *code = table_cell(n, r, rc);
        if (code->type == VAL_INT)
            table_set_text(n, r, rc + 1, cached_region_name(db, cache, code->i));
    }
    free(names);
    table_free(t);
    g_hash_table_destroy(cache);
    return n;
}

/* The scoring scheme as a new table (kind, code, weight, target,
 * zero_point, direction, label), which the caller frees. */
static rs_table *scheme_table(const score_scheme *sc, const char *lang)
{
    static const char *const names[] = {"kind",       "code",      "weight", "target",
                                        "zero_point", "direction", "label"};
    rs_table *t = table_new(7, names);
    for (size_t i = 0; i < sc->nitems; i++) {
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, "indicator");
        table_set_text(t, r, 1, sc->items[i].indicator);
        table_set_text(t, r, 5, sc->items[i].higher ? "higher" : "lower");
        table_set_real(t, r, 2, sc->items[i].weight);
        table_set_real(t, r, 3, sc->items[i].target);
        table_set_real(t, r, 4, sc->items[i].zero);
    }
    for (size_t i = 0; i < sc->ngrades; i++) {
        const score_grade *g = &sc->grades[i];
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, "grade");
        table_set_text(t, r, 1, g->code);
        table_set_text(t, r, 6, strcmp(lang, "en") == 0 ? g->label_en : g->label_zh);
        table_set_real(t, r, 3, g->min);
    }
    if (sc->short_zh) {
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, "minimum");
        table_set_text(t, r, 1, "weight_share");
        table_set_text(t, r, 6, strcmp(lang, "en") == 0 ? sc->short_en : sc->short_zh);
        table_set_real(t, r, 3, sc->min_share);
    }
    return t;
}

/* "scores", "score_summary" or "scoring". */
static rs_status score_dataset(report_ctx *ctx, const char *name, rs_table **out, rs_error *e)
{
    score_scheme *sc = NULL;
    rs_table *ind = NULL, *detail = NULL, *summary = NULL;
    bool owned = false;
    rs_status s = get_scheme(ctx, &sc, &owned, e);
    if (s != RS_OK) return s;
    if (strcmp(name, "scoring") == 0) {
        *out = scheme_table(sc, ctx->lang);
        goto done;
    }
    if ((s = report_dataset(ctx, "indicators_children", &ind, e)) != RS_OK ||
        (s = score_tables(sc, ind, ctx->unit, ctx->lang, &detail, &summary, e)) != RS_OK)
        goto done;
    if (strcmp(name, "scores") == 0) {
        *out = detail;
        detail = NULL;
    } else {
        *out = summary;
        summary = NULL;
    }
done:
    table_free(ind);
    table_free(detail);
    table_free(summary);
    if (owned) score_free(sc);
    return s;
}

/* Run the catalogue query NAME (queries/NAME.sql) for ctx, supplying the
 * parameters it declares: region (the unit) and period (the month); its
 * rows masked for the output (mask.h). */
static rs_status query_dataset(report_ctx *ctx, const char *name, rs_table **out, rs_error *e)
{
    catalog_query *q = NULL;
    catalog_arg args[2];
    size_t n = 0;
    char region[24], period[16];
    sqlite3_stmt *st = NULL;
    rs_status s = catalog_load(name, &q, e);
    if (s != RS_OK) {
        rs_error_prefix(e, "dataset '%s' (neither an engine table nor a catalogue query)", name);
        return RS_ETEMPLATE;
    }
    snprintf(region, sizeof region, "%012lld", (long long)ctx->unit);
    month_format(ctx->period, period, sizeof period);
    for (int i = 0; i < q->nparams && s == RS_OK; i++) {
        if (strcmp(q->params[i].name, "region") == 0)
            args[n++] = (catalog_arg){"region", region};
        else if (strcmp(q->params[i].name, "period") == 0)
            args[n++] = (catalog_arg){"period", period};
        else
            s = rs_fail(e, RS_ETEMPLATE,
                        "%s: parameter '%s' cannot be supplied by a report (region, period)",
                        q->path, q->params[i].name);
    }
    if (s == RS_OK) s = report_note_input(ctx, "query", q->path, e);
    for (char **lib = q->included; s == RS_OK && lib && *lib; lib++)
        s = report_note_input(ctx, "query", *lib, e);
    if (s == RS_OK && (s = catalog_prepare(ctx->db, q, args, n, &st, e)) == RS_OK &&
        (s = table_from_stmt(st, out, e)) == RS_OK)
        mask_table(*out);
    sqlite3_finalize(st);
    catalog_free(q);
    return s;
}

/* Record in the manifest every query of the catalogue (the .sql files of
 * queries/ and the queries/lib/ files they include), once per run, when an
 * engine table is fetched: the engine computes its tables from those files. */
static rs_status note_engine_queries(report_ctx *ctx, rs_error *e)
{
    static const char *const patterns[] = {"queries/*.sql", "queries/lib/*.sql"};
    rs_status s = RS_OK;
    if (!ctx->manifest || (ctx->cache && ctx->cache->engine_noted)) return RS_OK;
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns && s == RS_OK; p++) {
        char *pattern = home_path(patterns[p]);
        glob_t g = {0};
        if (glob(pattern, 0, NULL, &g) == 0)
            for (size_t i = 0; i < g.gl_pathc && s == RS_OK; i++)
                s = manifest_input(ctx->manifest, "query", g.gl_pathv[i], e);
        globfree(&g);
        free(pattern);
    }
    if (s == RS_OK && ctx->cache) ctx->cache->engine_noted = true;
    return s;
}

/* The engine's datasets that a run computes once (engine_dataset). */
static const char *const engine_memo_sets[] = {
    "indicators", "indicators_children", "indicators_all", "statistics", "trend", "findings", NULL};

/* Compute the engine's dataset name (one of engine_memo_sets) afresh. */
static rs_status compute_engine_dataset(report_ctx *ctx, const char *name, rs_table **out,
                                        rs_error *e)
{
    rs_table *t = NULL;
    rs_status s;
    if (strcmp(name, "indicators") == 0)
        return engine_indicators(ctx->db, ctx->unit, ctx->period, LEVELS_SELF, out, e);
    if (strcmp(name, "indicators_children") == 0)
        return engine_indicators(ctx->db, ctx->unit, ctx->period, LEVELS_CHILDREN, out, e);
    if (strcmp(name, "indicators_all") == 0)
        return engine_indicators(ctx->db, ctx->unit, ctx->period, LEVELS_ALL, out, e);
    if (strcmp(name, "statistics") == 0)
        return engine_statistics(ctx->db, ctx->unit, ctx->period, out, e);
    if (strcmp(name, "trend") == 0) return engine_trend(ctx->db, ctx->unit, ctx->period, out, e);
    if (strcmp(name, "findings") == 0) {
        engine_job *job = ctx->cache ? ctx->cache->findings : NULL;
        if (job) ctx->cache->findings = NULL;
        s = job ? engine_job_wait(job, &t, e)
                : engine_findings(ctx->db, ctx->unit, ctx->period, &t, e);
        if (s != RS_OK) return s;
        *out = add_region_names(ctx->db, t);
        return RS_OK;
    }
    return rs_fail(e, RS_EINTERNAL, "no engine dataset '%s'", name);
}

/* The engine's dataset name as a new table, computed once per run when the
 * context has a cache. */
static rs_status engine_dataset(report_ctx *ctx, const char *name, rs_table **out, rs_error *e)
{
    rs_table *hit = ctx->cache ? g_hash_table_lookup(ctx->cache->engine, name) : NULL;
    rs_status s;
    if (!hit) {
        if ((s = compute_engine_dataset(ctx, name, &hit, e)) != RS_OK || !ctx->cache) {
            *out = s == RS_OK ? hit : NULL;
            return s;
        }
        g_hash_table_insert(ctx->cache->engine, g_strdup(name), hit);
    }
    *out = table_copy(hit);
    return RS_OK;
}

rs_status report_dataset(report_ctx *ctx, const char *name, rs_table **out, rs_error *e)
{
    static const char *const engine_sets[] = {
        "indicators", "indicators_children", "indicators_all", "statistics", "trend", "findings",
        "scores",     "score_summary"};
    rs_status s;
    *out = NULL;
    for (size_t i = 0; i < sizeof engine_sets / sizeof engine_sets[0]; i++)
        if (strcmp(name, engine_sets[i]) == 0 && (s = note_engine_queries(ctx, e)) != RS_OK)
            return s;
    for (size_t i = 0; engine_memo_sets[i]; i++)
        if (strcmp(name, engine_memo_sets[i]) == 0) return engine_dataset(ctx, name, out, e);
    if (strcmp(name, "scores") == 0 || strcmp(name, "score_summary") == 0 ||
        strcmp(name, "scoring") == 0)
        return score_dataset(ctx, name, out, e);
    if (strcmp(name, "manifest") == 0) {
        if (!ctx->manifest) return rs_fail(e, RS_EINTERNAL, "no manifest for this run");
        *out = manifest_table(ctx->manifest);
        return RS_OK;
    }
    return query_dataset(ctx, name, out, e);
}

/* ---------------------------------------------------------------- variables */

const char *report_var(void *arg, const char *name)
{
    static char fallback[512];
    static const char *const months_en[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
    report_ctx *ctx = arg;
    char *buf = ctx->cache ? ctx->cache->var : fallback;
    size_t n = ctx->cache ? sizeof ctx->cache->var : sizeof fallback;
    int y = ctx->period / 100, m = ctx->period % 100;
    if (strcmp(name, "unit_code") == 0)
        snprintf(buf, n, "%lld", (long long)ctx->unit);
    else if (strcmp(name, "unit_name") == 0) {
        if (ctx->cache && ctx->cache->unit_name[0]) return ctx->cache->unit_name;
        region_name(ctx->db, ctx->unit, buf, n);
        if (ctx->cache) snprintf(ctx->cache->unit_name, sizeof ctx->cache->unit_name, "%s", buf);
    } else if (strcmp(name, "period") == 0)
        snprintf(buf, n, "%04d-%02d", y, m);
    else if (strcmp(name, "period_zh") == 0)
        snprintf(buf, n, "%d年%d月", y, m);
    else if (strcmp(name, "period_en") == 0)
        snprintf(buf, n, "%s %d", months_en[(m + 11) % 12], y);
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
    else if (strcmp(name, "min_share") == 0 || strncmp(name, "target.", 7) == 0) {
        /* The scheme's minimum share of weight ("60%"), or an indicator's target. */
        score_scheme *sc = NULL;
        bool owned = false, known = true;
        rs_error e = {0};
        const score_item *it = NULL;
        if (get_scheme(ctx, &sc, &owned, &e) != RS_OK) return NULL;
        if (name[0] == 'm')
            snprintf(buf, n, "%.10g%%", sc->min_share * 100.0);
        else if ((it = score_find(sc, name + 7)))
            snprintf(buf, n, "%.10g", it->target);
        else
            known = false;
        if (owned) score_free(sc);
        if (!known) return NULL;
    } else
        return NULL;
    return buf;
}
