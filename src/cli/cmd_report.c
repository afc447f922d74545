/*
 * cmd_report: `reliefstat report TEMPLATE --region CODE --period YYYY-MM
 * [--out DIR] [--lang zh|en] [--charts cairo|gnuplot]`.  Loads and checks
 * the template, opens the store read-only, renders each section the
 * template has into the output directory, and writes the run manifest
 * beside the outputs.  Prints the path of every file it wrote.
 */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/home.h"
#include "base/mask.h"
#include "base/parse.h"
#include "base/region.h"
#include "base/yamldoc.h"
#include "store/db.h"
#include "report/manifest.h"
#include "report/report.h"
#include "report/template.h"
#include "render/chart.h"
#include "render/dashboard.h"
#include "render/xlsx.h"
#include "cli/cli.h"

typedef struct {
    const char *template, *region, *period, *out, *lang, *charts;
} report_args;

/* A usage error: what, then the command's usage line. */
static rs_status usage_error(rs_error *e, const char *what)
{
    return rs_fail(e, RS_EUSAGE, "%s\nusage: reliefstat report %s", what,
                   cli_command_named("report")->usage);
}

/* Parse the command's arguments (argv[0] is "report") into a, leaving argv
 * as it is for the manifest.  Returns false when the command should return
 * e->status (as cli_parse). */
static bool parse_args(int argc, char **argv, report_args *a, rs_error *e)
{
    const cli_option options[] = {
        {"region", 0, CLI_VALUE, &a->region, "CODE",
         "the unit (2, 4, 6, 9 or 12 digits; required)"},
        {"period", 0, CLI_VALUE, &a->period, "YYYY-MM", "the month (required)"},
        {"out", 0, CLI_VALUE, &a->out, "DIR", "the output directory (default ./out)"},
        {"lang", 0, CLI_CHOICE, &a->lang, "zh|en", "the language of the outputs (default zh)"},
        {"charts", 0, CLI_CHOICE, &a->charts, "cairo|gnuplot",
         "the chart renderer (default cairo)"},
        {0}};
    char **copy = g_memdup2(argv, ((size_t)argc + 1) * sizeof *argv), **operands = copy, msg[256];
    bool go_on = cli_parse(&argc, &operands, options, e);
    if (go_on && argc > 2) {
        snprintf(msg, sizeof msg, "unexpected argument '%s'", operands[2]);
        usage_error(e, msg);
        go_on = false;
    } else if (go_on && (argc < 2 || !a->region || !a->period)) {
        usage_error(e, "TEMPLATE, --region and --period are required");
        go_on = false;
    } else if (go_on) {
        a->template = operands[1];
    }
    g_free(copy);
    return go_on;
}

/* The template file: TEMPLATE itself when it names a file (has a '/' or
 * ends in .yaml), else report_templates/TEMPLATE.yaml; a new string. */
static rs_status template_path(const char *name, char **out, rs_error *e)
{
    size_t n = strlen(name);
    if (strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".yaml") == 0)) {
        *out = rs_strdup(name);
    } else {
        char *rel = rs_sprintf("report_templates/%s.yaml", name);
        *out = home_path(rel);
        free(rel);
    }
    if (access(*out, R_OK) != 0)
        return rs_fail(e, RS_EUSAGE,
                       "unknown template '%s' (%s: %s; bundled: monthly, "
                       "assessment, dashboard)",
                       name, *out, strerror(errno));
    return RS_OK;
}

/* mkdir -p dir. */
static rs_status make_dirs(const char *dir, rs_error *e)
{
    char *p = rs_strdup(dir);
    rs_status s = RS_OK;
    for (char *q = p + 1;; q++) {
        char c = *q;
        if (c != '/' && c != '\0') continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            s = rs_fail(e, RS_EIO, "cannot create %s: %s", p, strerror(errno));
            break;
        }
        *q = c;
        if (!c) break;
    }
    free(p);
    return s;
}

/* Record the command line (with main's global options) and parameters. */
static void record_run(manifest *m, int argc, char **argv, const report_args *a,
                       const report_ctx *ctx)
{
    char **line = rs_calloc((size_t)argc + 4, sizeof *line);
    int n = 0;
    char code[16], period[16];
    line[n++] = "reliefstat";
    if (cli_db) {
        line[n++] = "--db";
        line[n++] = (char *)cli_db;
    }
    if (mask_unmasked) line[n++] = "--unmasked";
    for (int i = 0; i < argc; i++)
        line[n++] = argv[i];
    manifest_command(m, n, line);
    free(line);
    snprintf(code, sizeof code, "%lld", (long long)ctx->unit);
    month_format(ctx->period, period, sizeof period);
    manifest_param(m, "template", a->template);
    manifest_param(m, "region", code);
    manifest_param(m, "period", period);
    manifest_param(m, "lang", a->lang);
    manifest_param(m, "charts", a->charts);
    manifest_param(m, "out", a->out);
    manifest_param(m, "db", db_default_path(cli_db));
    manifest_param(m, "unmasked", mask_unmasked ? "true" : "false");
}

static rs_status dataset_cb(void *arg, const char *name, rs_table **out, rs_error *e)
{
    return report_dataset(arg, name, out, e);
}

/* Render the template's workbook into the output directory. */
static rs_status render_workbook(report_ctx *ctx, const tpl_report *t, rs_error *e)
{
    xlsx_source src = {.lang = ctx->lang, .dataset = dataset_cb, .var = report_var, .arg = ctx};
    char *name = NULL, *tmp = NULL;
    rs_status s =
        tpl_expand(t, NULL, tpl_text_get(&t->workbook->file, ctx->lang), report_var, ctx, &name, e);
    if (s != RS_OK) return s;
    if (!(tmp = report_output_begin(ctx, name, e)))
        s = e->status;
    else if ((s = xlsx_render(t, &src, tmp, e)) == RS_OK)
        s = report_output_commit(ctx, tmp, name, e);
    if (s != RS_OK) report_output_abort(tmp);
    free(tmp);
    free(name);
    return s;
}

/* Write manifest.json: the run's record, with the import batches of the store. */
static rs_status write_manifest(report_ctx *ctx, rs_error *e)
{
    rs_table *batches = NULL;
    char *tmp = NULL;
    FILE *f = NULL;
    rs_status s = report_dataset(ctx, "report_batches", &batches, e);
    if (s == RS_OK) s = manifest_batches(ctx->manifest, batches, e);
    if (s == RS_OK && !(tmp = report_output_begin(ctx, "manifest.json", e))) s = e->status;
    if (s == RS_OK && !(f = fopen(tmp, "w")))
        s = rs_fail(e, RS_EIO, "%s: %s", tmp, strerror(errno));
    if (s == RS_OK) s = manifest_write(ctx->manifest, f, ctx->outputs, ctx->noutputs, e);
    if (f && fclose(f) != 0 && s == RS_OK)
        s = rs_fail(e, RS_EIO, "writing %s: %s", tmp, strerror(errno));
    if (s == RS_OK) s = report_output_commit(ctx, tmp, "manifest.json", e);
    if (s != RS_OK) report_output_abort(tmp);
    free(tmp);
    table_free(batches);
    return s;
}

/* The path of the template file named by t's dashboard: (beside t's file at
 * path), or NULL when the dashboard is a section of t; freed by the caller. */
static char *dashboard_file(const tpl_report *t, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!t->dashboard || t->dashboard->type != YAML_SCALAR_NODE) return NULL;
    return g_strdup_printf("%.*s%s", slash ? (int)(slash - path + 1) : 0, path,
                           (const char *)t->dashboard->data.scalar.value);
}

/* Draw the template's dashboard: either a section of its own, or the name
 * of another template file (beside this one) whose dashboard: section is
 * drawn, so that the assessment pack and the dashboard template share one
 * layout. */
static rs_status render_dashboard(report_ctx *ctx, tpl_report *t, const char *path, rs_error *e)
{
    char *file = dashboard_file(t, path);
    tpl_report *other = NULL;
    rs_status s;
    if (!file) return dashboard_render_section(ctx, t->doc, t->dashboard, e);
    if ((s = tpl_load(file, &other, e)) == RS_OK && !other->dashboard)
        s = rs_fail(e, RS_EUSAGE, "%s:%d: dashboard: %s has no dashboard: section", path,
                    (int)t->dashboard->start_mark.line + 1, file);
    if (s == RS_OK) s = manifest_input(ctx->manifest, "template", file, e);
    if (s == RS_OK) s = dashboard_render_section(ctx, other->doc, other->dashboard, e);
    tpl_free(other);
    g_free(file);
    return s;
}

/* The documents a run of a template reads its datasets from: the template,
 * the dashboard file it names, and every chart definition either names
 * (any scalar that is the name of a file charts/NAME.yaml). */
typedef struct {
    GPtrArray *docs;   /* yd_doc * */
    GPtrArray *charts; /* the chart documents among them, owned */
    GHashTable *seen;  /* chart names tried */
} run_docs;

static void add_chart_doc(const char *text, void *arg)
{
    run_docs *r = arg;
    char *rel, *path;
    yd_doc *doc = NULL;
    rs_error ignored;
    if (!*text || strchr(text, '/') || strlen(text) > 200 || g_hash_table_contains(r->seen, text))
        return;
    g_hash_table_add(r->seen, g_strdup(text));
    rel = g_strdup_printf("charts/%s.yaml", text);
    path = home_path(rel);
    if (path && g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
        yd_load(path, &doc, &ignored) == RS_OK) {
        g_ptr_array_add(r->docs, doc);
        g_ptr_array_add(r->charts, doc);
    }
    free(path);
    g_free(rel);
}

/* True if a document of r names dataset (dataset: NAME). */
static bool run_uses(const run_docs *r, const char *dataset)
{
    for (guint i = 0; i < r->docs->len; i++)
        if (yd_has_pair(g_ptr_array_index(r->docs, i), "dataset", dataset)) return true;
    return false;
}

/* The engine's datasets take most of a pack's time.  The findings, the
 * largest, are computed on other cores (report_prefetch_findings) while
 * this thread computes the other engine datasets the run uses, largest
 * first, before anything waits for the findings.  The documents are read
 * only to see which datasets are used: their errors surface when they are
 * rendered. */
static rs_status compute_ahead(report_ctx *ctx, tpl_report *t, const char *path, rs_error *e)
{
    static const char *const ahead[] = {"statistics", "trend",          "indicators_children",
                                        "indicators", "indicators_all", NULL};
    run_docs r = {g_ptr_array_new(), g_ptr_array_new_with_free_func((GDestroyNotify)yd_free),
                  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    tpl_report *other = NULL;
    rs_status s = RS_OK;
    rs_error ignored;
    char *file = dashboard_file(t, path);
    g_ptr_array_add(r.docs, t->doc);
    if (file && tpl_load(file, &other, &ignored) == RS_OK) g_ptr_array_add(r.docs, other->doc);
    g_free(file);
    for (guint i = 0, n = r.docs->len; i < n; i++)
        yd_each_scalar(g_ptr_array_index(r.docs, i), add_chart_doc, &r);
    if (run_uses(&r, "findings")) report_prefetch_findings(ctx);
    for (size_t i = 0; ahead[i] && s == RS_OK && report_prefetching(ctx); i++) {
        rs_table *tab = NULL;
        bool used =
            run_uses(&r, ahead[i]) || (strcmp(ahead[i], "indicators_children") == 0 &&
                                       (run_uses(&r, "scores") || run_uses(&r, "score_summary")));
        if (used) s = report_dataset(ctx, ahead[i], &tab, e);
        table_free(tab);
    }
    g_ptr_array_free(r.docs, TRUE);
    g_ptr_array_free(r.charts, TRUE);
    g_hash_table_destroy(r.seen);
    tpl_free(other);
    return s;
}

rs_status cmd_report(int argc, char **argv, rs_error *e)
{
    report_args a = {.out = "out", .lang = "zh", .charts = "cairo"};
    report_ctx ctx = {0};
    tpl_report *t = NULL;
    char *path = NULL, name[256];
    const char *why;
    rs_status s;
    if (!parse_args(argc, argv, &a, e)) return e->status;
    if ((why = region_parse(a.region, &ctx.unit)) != NULL)
        return usage_error(e,
                           (snprintf(name, sizeof name, "--region %s: %s", a.region, why), name));
    if ((why = parse_month(a.period, &ctx.period)) != NULL)
        return usage_error(e,
                           (snprintf(name, sizeof name, "--period %s: %s", a.period, why), name));
    ctx.lang = a.lang;
    ctx.charts = a.charts;
    ctx.out_dir = a.out;
    if ((s = template_path(a.template, &path, e)) != RS_OK ||
        (s = tpl_load(path, &t, e)) != RS_OK ||
        (s = db_open(db_default_path(cli_db), true, false, &ctx.db, e)) != RS_OK)
        goto done;
    if (!region_name(ctx.db, ctx.unit, name, sizeof name)) {
        s = rs_fail(e, RS_EUSAGE, "--region %s: no such unit among the divisions", a.region);
        goto done;
    }
    ctx.manifest = manifest_new();
    ctx.cache = report_cache_new();
    if ((s = make_dirs(a.out, e)) != RS_OK) goto done;
    record_run(ctx.manifest, argc, argv, &a, &ctx);
    if ((s = manifest_input(ctx.manifest, "template", path, e)) != RS_OK ||
        (t->lookups_path &&
         (s = manifest_input(ctx.manifest, "template", t->lookups_path, e)) != RS_OK))
        goto done;
    if ((s = compute_ahead(&ctx, t, path, e)) != RS_OK) goto done;
    if (t->workbook && (s = render_workbook(&ctx, t, e)) != RS_OK) goto done;
    if (t->charts && (s = charts_render_section(&ctx, t->doc, t->charts, e)) != RS_OK) goto done;
    if (t->dashboard && (s = render_dashboard(&ctx, t, path, e)) != RS_OK) goto done;
    s = write_manifest(&ctx, e);
done:
    for (size_t i = 0; i < ctx.noutputs; i++)
        free(ctx.outputs[i]);
    free(ctx.outputs);
    report_cache_free(&ctx);
    manifest_free(ctx.manifest);
    db_close(ctx.db);
    tpl_free(t);
    free(path);
    return s;
}
