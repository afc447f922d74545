/*
 * dataset: the registry of a run's datasets, the run's one cache and the
 * source renderers read through.  A name is looked up in the registry;
 * anything the registry does not list is a catalogue query run on the
 * read-only connection with its parameters bound.
 */
#include "report/dataset.h"

#include <glib.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/home.h"
#include "base/mask.h"
#include "base/parse.h"
#include "store/store.h"
#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/outliers.h"
#include "report/manifest.h"

/* ---------------------------------------------------------------- registry */

typedef enum {
    SET_INDICATORS,
    SET_CHILDREN,
    SET_ALL,
    SET_STATISTICS,
    SET_TREND,
    SET_FINDINGS,
    SET_OUTLIERS,
    SET_FLAGGED,
    SET_SCORES,
    SET_SUMMARY,
    SET_SCORING,
    SET_MANIFEST,
    SET_QUERY
} set_kind;

/* One dataset of the registry. */
typedef struct {
    const char *name;
    set_kind kind;    /* how it is computed (compute_set) */
    const char *from; /* the dataset it is computed from, or NULL */
    bool engine; /* computed by the engine from the catalogue: the manifest lists every query */
    bool memo;   /* kept for the run; else computed afresh each time it is asked for */
    int ahead;   /* > 0: computed ahead, in this order, while the findings run on the twin */
    void (*order)(rs_table *); /* orders it again once masked for output, or NULL */
} dataset_def;

static const dataset_def registry[] = {
    {"statistics", SET_STATISTICS, NULL, true, true, 1, NULL},
    {"trend", SET_TREND, NULL, true, true, 2, NULL},
    {"indicators_children", SET_CHILDREN, NULL, true, true, 3, NULL},
    {"indicators", SET_INDICATORS, NULL, true, true, 4, NULL},
    {"indicators_all", SET_ALL, NULL, true, true, 5, NULL},
    {"findings", SET_FINDINGS, NULL, true, true, 0, engine_findings_sort}, /* as shown */
    {"outliers", SET_OUTLIERS, NULL, true, true, 6, NULL},
    {"outliers_flagged", SET_FLAGGED, "outliers", true, true, 0, NULL},
    {"scores", SET_SCORES, "indicators_children", true, true, 0, NULL},
    {"score_summary", SET_SUMMARY, "indicators_children", true, true, 0, NULL},
    {"scoring", SET_SCORING, NULL, false, true, 0, NULL},
    {"manifest", SET_MANIFEST, NULL, false, false, 0, NULL}, /* the run so far */
};
#define NREGISTRY (sizeof registry / sizeof registry[0])

/* Any other name: queries/NAME.sql. */
static const dataset_def catalogue_query = {NULL, SET_QUERY, NULL, false, true, 0, NULL};

static const dataset_def *find_def(const char *name)
{
    for (size_t i = 0; i < NREGISTRY; i++)
        if (strcmp(registry[i].name, name) == 0) return &registry[i];
    return &catalogue_query;
}

/* ---------------------------------------------------------------- cache */

/* A computed dataset: its table with full values, and once asked for by a
 * renderer, the same masked for output (the table itself when it has
 * nothing to mask). */
typedef struct {
    rs_table *table, *shown;
} cache_entry;

struct report_cache {
    score_scheme *scheme;
    engine_job *findings; /* the findings being computed ahead, or NULL */
    GHashTable *sets;     /* name -> cache_entry *: the datasets kept for the run */
    GPtrArray *unkept;    /* cache_entry *: the others handed out, freed with the cache */
    bool engine_noted;    /* the catalogue is in the manifest */
};

static void entry_free(cache_entry *c)
{
    if (c->shown != c->table) table_free(c->shown);
    table_free(c->table);
    free(c);
}

struct report_cache *report_cache_new(void)
{
    struct report_cache *c = rs_calloc(1, sizeof *c);
    c->sets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)entry_free);
    c->unkept = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
    return c;
}

void report_cache_free(report_ctx *ctx)
{
    if (!ctx->cache) return;
    engine_job_cancel(ctx->cache->findings); /* a run that failed before it needed them */
    score_free(ctx->cache->scheme);
    g_hash_table_destroy(ctx->cache->sets);
    g_ptr_array_free(ctx->cache->unkept, TRUE);
    free(ctx->cache);
    ctx->cache = NULL;
}

/* ctx's cache, made when first needed. */
static struct report_cache *cache_of(report_ctx *ctx)
{
    if (!ctx->cache) ctx->cache = report_cache_new();
    return ctx->cache;
}

rs_status report_scheme(report_ctx *ctx, const score_scheme **out, rs_error *e)
{
    struct report_cache *c = cache_of(ctx);
    char *path;
    rs_status s = RS_OK;
    if (!c->scheme) {
        path = home_path("seeds/scoring.csv");
        if ((s = score_load(path, &c->scheme, e)) == RS_OK &&
            (s = report_note_input(ctx, "seed", path, e)) != RS_OK) {
            score_free(c->scheme);
            c->scheme = NULL;
        }
        free(path);
    }
    *out = c->scheme;
    return s;
}

/* ---------------------------------------------------------------- computing */

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

/* The name of code from the divisions (its code if they have none), looked
 * up once per code in names (code -> name, both owned by the table). */
static const char *cached_region_name(store *db, GHashTable *names, int64_t code)
{
    char buf[256];
    const char *hit = g_hash_table_lookup(names, &code);
    if (hit) return hit;
    int64_t *key = g_malloc(sizeof *key);
    *key = code;
    store_region_name(db, code, buf, sizeof buf);
    char *name = g_strdup(buf);
    g_hash_table_insert(names, key, name);
    return name;
}

/* t with a region_name column after region_code (when t has a
 * region_code and no region_name), names from the divisions table: a new
 * table, or t itself.  t is consumed; the caller frees what is returned. */
static rs_table *add_region_names(store *db, rs_table *t)
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
        table_set_text(t, r, 6, text_lang_en(lang) ? g->label_en : g->label_zh);
        table_set_real(t, r, 3, g->min);
    }
    if (sc->short_zh) {
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, "minimum");
        table_set_text(t, r, 1, "weight_share");
        table_set_text(t, r, 6, text_lang_en(lang) ? sc->short_en : sc->short_zh);
        table_set_real(t, r, 3, sc->min_share);
    }
    return t;
}

/* "scores" or "score_summary" (kind), from the children's indicators. */
static rs_status score_set(report_ctx *ctx, set_kind kind, rs_table **out, rs_error *e)
{
    const score_scheme *sc = NULL;
    const rs_table *ind = NULL;
    rs_table *detail = NULL, *summary = NULL;
    rs_status s;
    if ((s = report_scheme(ctx, &sc, e)) != RS_OK ||
        (s = report_dataset(ctx, "indicators_children", &ind, e)) != RS_OK ||
        (s = score_tables(sc, ind, ctx->unit, ctx->lang, &detail, &summary, e)) != RS_OK)
        return s;
    *out = kind == SET_SCORES ? detail : summary;
    table_free(kind == SET_SCORES ? summary : detail);
    return RS_OK;
}

/* Run the catalogue query NAME (queries/NAME.sql) for ctx, supplying the
 * parameters it declares: region (the unit) and period (the month). */
static rs_status query_set(report_ctx *ctx, const char *name, rs_table **out, rs_error *e)
{
    catalog_query *q = NULL;
    catalog_arg args[2];
    size_t n = 0;
    char region[24], period[16];
    store_stmt *st = NULL;
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
    if (s == RS_OK && (s = catalog_prepare(ctx->db, q, args, n, &st, e)) == RS_OK)
        s = store_table(st, out, e);
    store_finalize(st);
    catalog_free(q);
    return s;
}

/* The findings: those computed ahead when they were, else computed here;
 * with the units' names. */
static rs_status findings_set(report_ctx *ctx, rs_table **out, rs_error *e)
{
    engine_job *job = cache_of(ctx)->findings;
    rs_table *t = NULL;
    ctx->cache->findings = NULL;
    rs_status s =
        job ? engine_job_wait(job, &t, e) : engine_findings(ctx->db, ctx->unit, ctx->period, &t, e);
    if (s == RS_OK) *out = add_region_names(ctx->db, t);
    return s;
}

/* "outliers": the unit's and every unit's below it, flagged first. */
static rs_status outliers_set(report_ctx *ctx, rs_table **out, rs_error *e)
{
    rs_status s = engine_outliers(ctx->db, ctx->unit, ctx->period, LEVELS_ALL, out, e);
    if (s == RS_OK) engine_outliers_flagged_first(*out);
    return s;
}

/* Set cell (r, c) of t to the text of its number in column from
 * (outlier_format_value: money or a count); a NULL stays NULL. */
static void set_value_text(rs_table *t, size_t r, int c, int from, bool money)
{
    char buf[48];
    const rs_value *v = table_cell(t, r, from);
    if (v->type == VAL_REAL) {
        outlier_format_value(v->d, money, buf, sizeof buf);
        table_set_text(t, r, c, buf);
    }
}

/* "outliers_flagged": the flagged rows of "outliers", with their value,
 * median and score as text (value_text, median_text, score_text: 2
 * decimals, or ∞) for a list that shows them in one column whatever the
 * series' unit. */
static rs_status flagged_set(report_ctx *ctx, rs_table **out, rs_error *e)
{
    static const char *const added[] = {"value_text", "median_text", "score_text"};
    const rs_table *all = NULL;
    rs_status s = report_dataset(ctx, "outliers", &all, e);
    if (s != RS_OK) return s;
    int nc = all->ncols, cf = table_col(all, "flagged"), cu = table_col(all, "unit"),
        cs = table_col(all, "score");
    const char **names = rs_calloc((size_t)nc + 3, sizeof *names);
    memcpy(names, all->names, (size_t)nc * sizeof *names);
    memcpy(names + nc, added, sizeof added);
    *out = table_new(nc + 3, names);
    free(names);
    for (size_t r = 0; r < all->nrows; r++) {
        if (table_cell(all, r, cf)->i == 0) continue;
        size_t k = table_add_row(*out);
        for (int c = 0; c < nc; c++)
            table_copy_value(*out, k, c, table_cell(all, r, c));
        bool money = strcmp(table_cell(all, r, cu)->s, "fen") == 0;
        set_value_text(*out, k, nc, table_col(all, "value"), money);
        set_value_text(*out, k, nc + 1, table_col(all, "median"), money);
        char buf[48] = "∞"; /* flagged without a score: an infinite one */
        const rs_value *sc = table_cell(all, r, cs);
        if (sc->type == VAL_REAL) snprintf(buf, sizeof buf, "%.2f", sc->d);
        table_set_text(*out, k, nc + 2, buf);
    }
    return RS_OK;
}

/* Compute dataset name (of registry entry d) afresh into *out. */
static rs_status compute_set(report_ctx *ctx, const dataset_def *d, const char *name,
                             rs_table **out, rs_error *e)
{
    const score_scheme *sc;
    rs_status s;
    switch (d->kind) {
    case SET_INDICATORS:
    case SET_CHILDREN:
    case SET_ALL:
        return engine_indicators(ctx->db, ctx->unit, ctx->period,
                                 d->kind == SET_INDICATORS ? LEVELS_SELF
                                 : d->kind == SET_CHILDREN ? LEVELS_CHILDREN
                                                           : LEVELS_ALL,
                                 out, e);
    case SET_STATISTICS:
        return engine_statistics(ctx->db, ctx->unit, ctx->period, out, e);
    case SET_TREND:
        return engine_trend(ctx->db, ctx->unit, ctx->period, out, e);
    case SET_FINDINGS:
        return findings_set(ctx, out, e);
    case SET_OUTLIERS:
        return outliers_set(ctx, out, e);
    case SET_FLAGGED:
        return flagged_set(ctx, out, e);
    case SET_SCORES:
    case SET_SUMMARY:
        return score_set(ctx, d->kind, out, e);
    case SET_SCORING:
        if ((s = report_scheme(ctx, &sc, e)) == RS_OK) *out = scheme_table(sc, ctx->lang);
        return s;
    case SET_MANIFEST:
        if (!ctx->manifest) return rs_fail(e, RS_EINTERNAL, "no manifest for this run");
        *out = manifest_table(ctx->manifest);
        return RS_OK;
    default:
        return query_set(ctx, name, out, e);
    }
}

/* Record in the manifest every query of the catalogue (the .sql files of
 * queries/ and the queries/lib/ files they include), once per run, when an
 * engine table is asked for: the engine computes its tables from those files. */
static rs_status note_engine_queries(report_ctx *ctx, rs_error *e)
{
    static const char *const patterns[] = {"queries/*.sql", "queries/lib/*.sql"};
    rs_status s = RS_OK;
    if (!ctx->manifest || cache_of(ctx)->engine_noted) return RS_OK;
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns && s == RS_OK; p++) {
        char *pattern = home_path(patterns[p]);
        glob_t g = {0};
        if (glob(pattern, 0, NULL, &g) == 0)
            for (size_t i = 0; i < g.gl_pathc && s == RS_OK; i++)
                s = manifest_input(ctx->manifest, "query", g.gl_pathv[i], e);
        globfree(&g);
        free(pattern);
    }
    if (s == RS_OK) ctx->cache->engine_noted = true;
    return s;
}

/* The cache entry of dataset name, computed when the run has none yet (or
 * each time, for a dataset the run does not keep). */
static rs_status get_entry(report_ctx *ctx, const char *name, cache_entry **out, rs_error *e)
{
    struct report_cache *c = cache_of(ctx);
    const dataset_def *d = find_def(name);
    rs_table *t = NULL;
    rs_status s;
    if (d->engine && (s = note_engine_queries(ctx, e)) != RS_OK) return s;
    if ((*out = d->memo ? g_hash_table_lookup(c->sets, name) : NULL)) return RS_OK;
    if ((s = compute_set(ctx, d, name, &t, e)) != RS_OK) return s;
    *out = rs_calloc(1, sizeof **out);
    (*out)->table = t;
    if (d->memo)
        g_hash_table_insert(c->sets, g_strdup(name), *out);
    else
        g_ptr_array_add(c->unkept, *out);
    return RS_OK;
}

rs_status report_dataset(report_ctx *ctx, const char *name, const rs_table **out, rs_error *e)
{
    cache_entry *c;
    rs_status s = get_entry(ctx, name, &c, e);
    *out = s == RS_OK ? c->table : NULL;
    return s;
}

/* ---------------------------------------------------------------- the source */

/* t, dataset d, as an output shows it: a masked copy (in d's order of the
 * masked values) when t has a column to mask (mask.h), else t itself. */
static rs_table *shown_table(const dataset_def *d, rs_table *t)
{
    for (int c = 0; c < t->ncols; c++)
        if (mask_column_kind(t->names[c]) != MASK_NONE) {
            rs_table *m = table_copy(t);
            mask_table(m);
            if (d->order) d->order(m);
            return m;
        }
    return t;
}

/* The source's fetch: report_dataset's table as shown. */
static rs_status source_fetch(void *arg, const char *name, const rs_table **out, rs_error *e)
{
    cache_entry *c;
    rs_status s = get_entry(arg, name, &c, e);
    if (s != RS_OK) return s;
    if (!c->shown) c->shown = shown_table(find_def(name), c->table);
    *out = c->shown;
    return RS_OK;
}

report_source report_source_of(report_ctx *ctx)
{
    return (report_source){source_fetch, ctx};
}

/* ---------------------------------------------------------------- ahead */

/* Add name to the list v of *n names unless it is there. */
static void add_need(const char **v, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(v[i], name) == 0) return;
    v[(*n)++] = name;
}

const char **report_needs(const tpl_report *t, size_t *n)
{
    const char **v = rs_calloc(2 * t->ndatasets + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < t->ndatasets; i++) {
        const dataset_def *d = find_def(t->datasets[i]);
        add_need(v, n, t->datasets[i]);
        if (d->from) add_need(v, n, d->from);
    }
    return v;
}

void report_prefetch_findings(report_ctx *ctx)
{
    struct report_cache *c = cache_of(ctx);
    if (!c->findings && !g_hash_table_contains(c->sets, "findings"))
        c->findings = engine_findings_start(ctx->db, ctx->unit, ctx->period);
}

/* True if name is one of the n names of v. */
static bool listed(const char *const *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0) return true;
    return false;
}

rs_status report_compute_ahead(report_ctx *ctx, const char *const *needs, size_t n, rs_error *e)
{
    rs_status s = RS_OK;
    if (!listed(needs, n, "findings")) return RS_OK;
    report_prefetch_findings(ctx);
    for (int rank = 1; s == RS_OK && ctx->cache->findings; rank++) {
        size_t i = 0;
        while (i < NREGISTRY && registry[i].ahead != rank)
            i++;
        if (i == NREGISTRY) break;
        const rs_table *t;
        if (listed(needs, n, registry[i].name)) s = report_dataset(ctx, registry[i].name, &t, e);
    }
    return s;
}
