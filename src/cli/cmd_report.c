/*
 * cmd_report: `reliefstat report TEMPLATE --region CODE --period YYYY-MM
 * [--out DIR] [--lang zh|en] [--charts cairo|gnuplot]`.  Loads and checks
 * the template, opens the store read-only and runs the template
 * (report_run) with the renderers of render/: the workbook, the charts
 * with Cairo or gnuplot (--charts), the dashboard.  Prints the path of
 * every file it wrote.
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
#include "store/store.h"
#include "report/manifest.h"
#include "report/report.h"
#include "report/template.h"
#include "render/chart.h"
#include "render/dashboard.h"
#include "render/gnuplot.h"
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
    manifest_param(m, "db", store_default_path(cli_db));
    manifest_param(m, "unmasked", mask_unmasked ? "true" : "false");
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
    report_renderers renderers = {
        &xlsx_renderer, strcmp(a.charts, "gnuplot") == 0 ? &gnuplot_renderer : &chart_renderer,
        &dashboard_renderer};
    ctx.lang = a.lang;
    ctx.out.dir = a.out;
    if ((s = template_path(a.template, &path, e)) != RS_OK ||
        (s = tpl_load(path, &t, e)) != RS_OK ||
        (s = store_open(store_default_path(cli_db), STORE_READONLY, &ctx.db, e)) != RS_OK)
        goto done;
    if (!store_region_name(ctx.db, ctx.unit, name, sizeof name)) {
        s = rs_fail(e, RS_EUSAGE, "--region %s: no such unit among the divisions", a.region);
        goto done;
    }
    ctx.manifest = manifest_new();
    if ((s = make_dirs(a.out, e)) != RS_OK) goto done;
    record_run(ctx.manifest, argc, argv, &a, &ctx);
    s = report_run(&ctx, t, &renderers, e);
done:
    report_outputs_free(&ctx.out);
    manifest_free(ctx.manifest);
    store_close(ctx.db);
    tpl_free(t);
    free(path);
    return s;
}
