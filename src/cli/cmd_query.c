/*
 * cmd_query: the `query`, `indicators`, `findings` and `outliers` commands.  They parse
 * arguments, open the store read-only, call the catalogue or the engine and
 * print the result (--format table|csv|json; table on a terminal, else csv).
 * A query's rows and the engine's findings are masked as they are printed
 * (mask.h).
 *
 * `indicators` prints the columns fixed by reports.md:
 * region_code,region_name,level,period,indicator,numerator,denominator,value
 * with money numerators (and money denominators) as yuan with 2 decimals,
 * counts as integers, rates as fractions with 6 decimals (0.833333), the
 * value of a money-only indicator as yuan with 2 decimals, and empty cells
 * where there is no denominator or no value.  --levels defaults to all.
 *
 * `outliers` prints the columns of indicators.md "Outliers":
 * region_code,region_name,level,period,series,value,median,mad,score,flagged
 * with the money of paid_month and paid_per_row as yuan with 2 decimals,
 * paid_rows as a count (a median or MAD of counts can end in .5), the
 * score with 4 decimals (empty when the month is not examined or the score
 * is infinite) and flagged 1/0; --out FILE as for `findings`.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/home.h"
#include "base/mask.h"
#include "base/output.h"
#include "base/parse.h"
#include "base/region.h"
#include "base/yamldoc.h"
#include "store/store.h"
#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/outliers.h"
#include "cli/cli.h"

/* Open the store read-only. */
static rs_status open_store(store **db, rs_error *e)
{
    return store_open(store_default_path(cli_db), STORE_READONLY, db, e);
}

/* Print t on stdout in fmt. */
static rs_status print_table(const rs_table *t, out_format fmt, rs_error *e)
{
    return output_write(stdout, t, fmt, false, e);
}

/* ---------------------------------------------------------------- query */

/* The -p KEY=VALUE options as catalogue arguments, split in place: a new
 * array the caller frees. */
static rs_status split_params(const cli_list *params, catalog_arg **out, rs_error *e)
{
    catalog_arg *args = rs_calloc(params->n + 1, sizeof *args);
    for (size_t i = 0; i < params->n; i++) {
        char *eq = strchr(params->items[i], '=');
        if (!eq || eq == params->items[i]) {
            rs_fail(e, RS_EUSAGE, "parameter '%s' is not KEY=VALUE", params->items[i]);
            free(args);
            return RS_EUSAGE;
        }
        *eq = '\0';
        args[i] = (catalog_arg){params->items[i], eq + 1};
    }
    *out = args;
    return RS_OK;
}

rs_status cmd_query(int argc, char **argv, rs_error *e)
{
    const char *format = NULL;
    bool list = false;
    cli_list params = {0};
    const cli_option options[] = {
        {"param", 'p', CLI_LIST, &params, "KEY=VALUE", "a parameter of the query (repeatable)"},
        {"format", 0, CLI_CHOICE, &format, "table|csv|json",
         "the output's form (default: table on a terminal, else csv)"},
        {"list", 0, CLI_FLAG, &list, NULL, "list the catalogue: names, parameters, descriptions"},
        {0}};
    catalog_arg *args = NULL;
    out_format fmt;
    store *db = NULL;
    rs_table *t = NULL;
    rs_status s;
    if (!cli_parse(&argc, &argv, options, e)) return e->status;
    if (argc > 2)
        return rs_fail(e, RS_EUSAGE,
                       "unexpected argument '%s'; usage: query NAME "
                       "[-p KEY=VALUE]... [--format table|csv|json] | query --list",
                       argv[argc - 1]);
    if ((s = output_parse_format(format, &fmt, e)) != RS_OK) return s;
    if (list) {
        if ((s = catalog_list(&t, e)) == RS_OK) s = print_table(t, fmt, e);
        table_free(t);
        return s;
    }
    if (argc < 2)
        return rs_fail(e, RS_EUSAGE, "usage: query NAME [-p KEY=VALUE]... | query --list");
    if ((s = split_params(&params, &args, e)) == RS_OK && (s = open_store(&db, e)) == RS_OK &&
        (s = catalog_run(db, argv[1], args, params.n, &t, e)) == RS_OK) {
        mask_table(t);
        s = print_table(t, fmt, e);
    }
    free(args);
    table_free(t);
    store_close(db);
    return s;
}

/* ---------------------------------------------------------------- unit commands */

/* Options of `indicators`, `findings` and `outliers`. */
typedef struct {
    int64_t unit;
    int period;
    engine_levels levels;
    out_format fmt;
    const char *codes; /* findings: --codes, or NULL */
    const char *out;   /* findings, outliers: --out FILE, or NULL (standard output) */
} unit_options;

/* The options a unit command takes besides --region, --period, --format. */
enum { UNIT_LEVELS = 1, UNIT_CODES = 2, UNIT_OUT = 4 };

/* The usage line of a unit command taking the options `what`, after its name. */
static const char *unit_usage(unsigned what, char *buf, size_t n)
{
    snprintf(buf, n, "--region CODE --period YYYY-MM%s%s%s [--format table|csv|json]",
             what & UNIT_LEVELS ? " [--levels all|self|children]" : "",
             what & UNIT_CODES ? " [--codes CODE,PREFIX_,...]" : "",
             what & UNIT_OUT ? " [--out FILE]" : "");
    return buf;
}

/* Parse --region, --period, --format and those of --levels, --codes and
 * --out that `what` names.  Returns false when the command should return
 * e->status (as cli_parse). */
static bool parse_unit_options(int argc, char **argv, unsigned what, unit_options *o, rs_error *e)
{
    static const char *const level_names[] = {"all", "self", "children"};
    static const engine_levels level_values[] = {LEVELS_ALL, LEVELS_SELF, LEVELS_CHILDREN};
    const char *region = NULL, *period = NULL, *levels = "all", *format = NULL;
    const cli_option common[] = {
        {"region", 0, CLI_VALUE, &region, "CODE", "the unit (2, 4, 6, 9 or 12 digits; required)"},
        {"period", 0, CLI_VALUE, &period, "YYYY-MM", "the month (required)"},
        {"format", 0, CLI_CHOICE, &format, "table|csv|json",
         "the output's form (default: table on a terminal, else csv; with --out: csv)"}};
    const cli_option extra[] = {
        {"levels", 0, CLI_CHOICE, &levels, "all|self|children",
         "the unit and all below it (all, default), alone (self), or with its children"},
        {"codes", 0, CLI_VALUE, &o->codes, "CODE,PREFIX_,...",
         "only the findings of these codes and of the codes beginning with these prefixes"},
        {"out", 0, CLI_VALUE, &o->out, "FILE", "write FILE (whole or not at all), not stdout"}};
    cli_option options[7] = {{0}};
    size_t n = 0;
    char usage[160];
    const char *cmd = argv[0];
    o->codes = o->out = NULL;
    if (what & UNIT_LEVELS) options[n++] = extra[0];
    memcpy(&options[n], common, sizeof common);
    n += 3;
    for (size_t i = 1; i < 3; i++)
        if (what & (1u << i)) options[n++] = extra[i];
    if (!cli_parse(&argc, &argv, options, e)) return false;
    if (argc > 1)
        rs_fail(e, RS_EUSAGE, "unexpected argument '%s'; usage: %s %s", argv[1], cmd,
                unit_usage(what, usage, sizeof usage));
    else if (!region || !period)
        rs_fail(e, RS_EUSAGE, "%s needs --region CODE and --period YYYY-MM", cmd);
    else if (region_parse(region, &o->unit))
        rs_fail(e, RS_EUSAGE,
                "--region '%s' is not a region code (2, 4, 6, 9 or 12 digits, e.g. 652325)",
                region);
    else if (parse_month(period, &o->period))
        rs_fail(e, RS_EUSAGE, "--period '%s' is not a month (YYYY-MM)", period);
    else {
        for (size_t i = 0; i < 3; i++)
            if (strcmp(levels, level_names[i]) == 0) o->levels = level_values[i];
        if (o->out && !format) format = "csv"; /* a file: CSV, whatever the terminal */
        return output_parse_format(format, &o->fmt, e) == RS_OK;
    }
    return false;
}

/* Format an indicator number: money (fen) as yuan, else an integer. */
static void format_amount(int64_t v, bool money, char *buf, size_t n)
{
    if (money)
        money_format(v, buf, n);
    else
        snprintf(buf, n, "%" PRId64, v);
}

/* The engine's indicator table in the printed shape of reports.md: a new
 * table the caller frees. */
static rs_table *indicator_display(const rs_table *in)
{
    static const char *const cols[] = {"region_code", "region_name", "level",       "period",
                                       "indicator",   "numerator",   "denominator", "value"};
    static const char *const copied[] = {"region_code", "region_name", "level", "period",
                                         "indicator"};
    int cu = table_col(in, "unit"), cn = table_col(in, "numerator"),
        cd = table_col(in, "denominator"), cv = table_col(in, "value");
    rs_table *t = table_new(8, cols);
    for (size_t r = 0; r < in->nrows; r++) {
        const rs_value *unit = table_cell(in, r, cu), *den = table_cell(in, r, cd),
                       *val = table_cell(in, r, cv);
        bool money = unit->type == VAL_TEXT && strcmp(unit->s, "fen") == 0;
        char num_s[40], den_s[40], val_s[40];
        size_t row = table_add_row(t);
        for (int c = 0; c < 5; c++) {
            const rs_value *v = table_cell(in, r, table_col(in, copied[c]));
            if (v->type == VAL_INT)
                table_set_int(t, row, c, v->i);
            else
                table_set_text(t, row, c, v->type == VAL_TEXT ? v->s : NULL);
        }
        format_amount(table_cell(in, r, cn)->i, money, num_s, sizeof num_s);
        table_set_text(t, row, 5, num_s);
        if (den->type == VAL_INT) {
            format_amount(den->i, money, den_s, sizeof den_s);
            table_set_text(t, row, 6, den_s);
        }
        if (val->type == VAL_REAL) {
            /* A money-only indicator (no denominator) shows yuan; a rate 6 decimals. */
            if (den->type == VAL_NULL)
                money_format(table_cell(in, r, cn)->i, val_s, sizeof val_s);
            else
                snprintf(val_s, sizeof val_s, "%.6f", val->d);
            table_set_text(t, row, 7, val_s);
        }
    }
    return t;
}

rs_status cmd_indicators(int argc, char **argv, rs_error *e)
{
    unit_options o;
    store *db = NULL;
    rs_table *t = NULL, *shown = NULL;
    rs_status s;
    if (!parse_unit_options(argc, argv, UNIT_LEVELS, &o, e)) return e->status;
    if ((s = open_store(&db, e)) == RS_OK &&
        (s = engine_indicators(db, o.unit, o.period, o.levels, &t, e)) == RS_OK) {
        shown = indicator_display(t);
        s = print_table(shown, o.fmt, e);
    }
    table_free(shown);
    table_free(t);
    store_close(db);
    return s;
}

/* The table and format of a --out file (file_replace's argument). */
typedef struct {
    const rs_table *t;
    out_format fmt;
} out_file;

/* Write an --out file: CSV with a byte order mark, so that Excel shows
 * the Chinese text. */
static rs_status write_out_file(FILE *f, void *arg, rs_error *e)
{
    const out_file *o = arg;
    return output_write(f, o->t, o->fmt, true, e);
}

/* Fail with RS_EUSAGE unless every entry of codes (engine_select_codes'
 * form, already checked) names a finding code of the catalogue (the
 * findings names of report_templates/_lookups.yaml), or is a prefix ending
 * in '_' of one: a mistyped code would otherwise export nothing, silently. */
static rs_status check_known_codes(const char *codes, rs_error *e)
{
    char *path = home_path("report_templates/_lookups.yaml");
    yd_doc *doc = NULL;
    rs_status s = yd_load(path, &doc, e);
    free(path);
    if (s != RS_OK) return s;
    yaml_node_t *names = yd_get(doc, yd_root(doc), "findings");
    size_t n = yd_count(names);
    for (const char *p = codes; *p && s == RS_OK;) {
        size_t len = strcspn(p, ",");
        bool prefix = p[len - 1] == '_', known = false;
        for (size_t i = 0; i < n && !known; i++) {
            const char *code = yd_key_at(doc, names, i);
            known = prefix ? strncmp(code, p, len) == 0
                           : strlen(code) == len && strncmp(code, p, len) == 0;
        }
        if (!known)
            s = rs_fail(e, RS_EUSAGE, "--codes: '%.*s' %s", (int)len, p,
                        prefix ? "begins no finding code" : "is not a finding code");
        p += len + (p[len] == ',');
    }
    yd_free(doc);
    return s;
}

rs_status cmd_findings(int argc, char **argv, rs_error *e)
{
    unit_options o;
    store *db = NULL;
    rs_table *t = NULL;
    rs_status s;
    if (!parse_unit_options(argc, argv, UNIT_CODES | UNIT_OUT, &o, e)) return e->status;
    if (o.codes && ((s = engine_select_codes(NULL, o.codes, e)) != RS_OK ||
                    (s = check_known_codes(o.codes, e)) != RS_OK))
        return s;
    if ((s = open_store(&db, e)) == RS_OK &&
        (s = engine_findings(db, o.unit, o.period, &t, e)) == RS_OK &&
        (!o.codes || (s = engine_select_codes(t, o.codes, e)) == RS_OK)) {
        mask_table(t); /* the detail's mentions filled in: their columns are not shown */
        engine_findings_sort(t);
        for (int c = ENGINE_FINDING_NCOLS - ENGINE_FINDING_MENTIONED; c < ENGINE_FINDING_NCOLS; c++)
            table_drop_col(t, table_col(t, engine_finding_cols[c]));
        s = o.out ? file_replace(o.out, write_out_file, &(out_file){t, o.fmt}, e)
                  : print_table(t, o.fmt, e);
    }
    table_free(t);
    store_close(db);
    return s;
}

/* ---------------------------------------------------------------- outliers */

/* The engine's outliers table in the printed shape of indicators.md:
 * region_code,region_name,level,period,series,value,median,mad,score,flagged
 * (score with 4 decimals, empty when not examined or infinite): a new
 * table the caller frees. */
static rs_table *outlier_display(const rs_table *in)
{
    static const char *const cols[] = {"region_code", "region_name", "level", "period", "series",
                                       "value",       "median",      "mad",   "score",  "flagged"};
    int cu = table_col(in, "unit"), cs = table_col(in, "score"), cf = table_col(in, "flagged");
    rs_table *t = table_new(10, cols);
    for (size_t r = 0; r < in->nrows; r++) {
        const rs_value *unit = table_cell(in, r, cu), *score = table_cell(in, r, cs);
        bool money = unit->type == VAL_TEXT && strcmp(unit->s, "fen") == 0;
        char buf[48];
        size_t row = table_add_row(t);
        for (int c = 0; c < 5; c++)
            table_copy_value(t, row, c, table_cell(in, r, table_col(in, cols[c])));
        for (int c = 5; c < 8; c++) {
            const rs_value *v = table_cell(in, r, table_col(in, cols[c]));
            if (v->type != VAL_REAL) continue;
            outlier_format_value(v->d, money, buf, sizeof buf);
            table_set_text(t, row, c, buf);
        }
        if (score->type == VAL_REAL) {
            snprintf(buf, sizeof buf, "%.4f", score->d);
            table_set_text(t, row, 8, buf);
        }
        table_set_text(t, row, 9, table_cell(in, r, cf)->i ? "1" : "0");
    }
    return t;
}

rs_status cmd_outliers(int argc, char **argv, rs_error *e)
{
    unit_options o;
    store *db = NULL;
    rs_table *t = NULL, *shown = NULL;
    rs_status s;
    if (!parse_unit_options(argc, argv, UNIT_LEVELS | UNIT_OUT, &o, e)) return e->status;
    if ((s = open_store(&db, e)) == RS_OK &&
        (s = engine_outliers(db, o.unit, o.period, o.levels, &t, e)) == RS_OK) {
        shown = outlier_display(t);
        s = o.out ? file_replace(o.out, write_out_file, &(out_file){shown, o.fmt}, e)
                  : print_table(shown, o.fmt, e);
    }
    table_free(shown);
    table_free(t);
    store_close(db);
    return s;
}
