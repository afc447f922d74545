/*
 * cmd_approval: `submit`, `approve`, `reopen` and `status` (reports.md
 * "Submission and approval").  The rules live in store/approval.c, the
 * fingerprint and the status in engine/approval.c; this file reads the
 * options, the clock and the login name.
 *
 * The clock is the system's, or $RELIEFSTAT_NOW ("YYYY-MM-DD HH:MM[:SS]",
 * local time) when set: a transition recorded for another moment, as
 * tests and the replay of a paper register need.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/output.h"
#include "base/parse.h"
#include "base/region.h"
#include "store/approval.h"
#include "store/store.h"
#include "engine/approval.h"
#include "engine/engine.h"
#include "cli/cli.h"

/* Now, as seconds since 1970-01-01 00:00 local ($RELIEFSTAT_NOW if set). */
static rs_status clock_now(int64_t *now, rs_error *e)
{
    const char *fixed = getenv("RELIEFSTAT_NOW");
    if (fixed && *fixed) {
        if (parse_datetime(fixed, now))
            return rs_fail(e, RS_EUSAGE, "$RELIEFSTAT_NOW '%s' is not YYYY-MM-DD HH:MM[:SS]",
                           fixed);
        return RS_OK;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    *now = date_jdn_to_seconds(date_to_jdn(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)) +
           tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return RS_OK;
}

/* --region and --period into *unit and *period. */
static rs_status unit_period(const char *region, const char *period, int64_t *unit, int *month,
                             rs_error *e)
{
    if (!region || !period)
        return rs_fail(e, RS_EUSAGE, "needs --region CODE and --period YYYY-MM");
    if (region_parse(region, unit))
        return rs_fail(e, RS_EUSAGE,
                       "--region '%s' is not a region code (2, 4, 6, 9 or 12 digits, e.g. 652325)",
                       region);
    if (parse_month(period, month))
        return rs_fail(e, RS_EUSAGE, "--period '%s' is not a month (YYYY-MM)", period);
    return RS_OK;
}

/* Open the store for writing (its schema current). */
static rs_status open_rw(store **db, rs_error *e)
{
    rs_status s = store_open(store_default_path(cli_db), 0, db, e);
    if (s == RS_OK && (s = store_check_schema(*db, e)) != RS_OK) {
        store_close(*db);
        *db = NULL;
    }
    return s;
}

/* submit, approve and reopen: one transition. */
static rs_status transition(int argc, char **argv, approval_action action, rs_error *e)
{
    const char *region = NULL, *period = NULL, *by = NULL, *reason = NULL, *to = NULL;
    const cli_option options[] = {
        {"region", 0, CLI_VALUE, &region, "CODE",
         action == APPROVAL_SUBMIT ? "the county (6 digits; required)"
                                   : "the county or prefecture (required)"},
        {"period", 0, CLI_VALUE, &period, "YYYY-MM", "the month (required)"},
        {"by", 0, CLI_VALUE, &by, "NAME", "who (default: the login name)"},
        {"reason", 0, CLI_VALUE, &reason, "TEXT",
         action == APPROVAL_REOPEN ? "why the month is reopened (required)"
                                   : "a note recorded with the transition"},
        {0}};
    approval_request rq = {.action = action, .fingerprint = engine_fingerprint};
    store *db = NULL;
    rs_status s;
    if (!cli_parse(&argc, &argv, options, e)) return e->status;
    if (argc > 1) return rs_fail(e, RS_EUSAGE, "unexpected argument '%s'", argv[1]);
    if ((s = unit_period(region, period, &rq.unit, &rq.period, e)) != RS_OK ||
        (s = clock_now(&rq.now, e)) != RS_OK)
        return s;
    rq.by = by ? by : g_get_user_name();
    rq.reason = reason;
    if ((s = open_rw(&db, e)) == RS_OK && (s = approval_transition(db, &rq, &to, e)) == RS_OK)
        printf("%s %s: %s\n", region, period, to);
    store_close(db);
    return s;
}

rs_status cmd_submit(int argc, char **argv, rs_error *e)
{
    return transition(argc, argv, APPROVAL_SUBMIT, e);
}

rs_status cmd_approve(int argc, char **argv, rs_error *e)
{
    return transition(argc, argv, APPROVAL_APPROVE, e);
}

rs_status cmd_reopen(int argc, char **argv, rs_error *e)
{
    return transition(argc, argv, APPROVAL_REOPEN, e);
}

/* The status table as shown: codes in their significant digits, yes/no. */
static rs_table *status_display(const rs_table *in)
{
    static const char *const cols[] = {"region_code",
                                       "region_name",
                                       "level",
                                       "state",
                                       "数据状态",
                                       "submitted",
                                       "approved",
                                       "deadline",
                                       "on_time",
                                       "late_days",
                                       "changed since submission"};
    static const int from[] = {-1, 1, 2, 4, 5, 6, 8, 9, -2, 11, -3};
    rs_table *t = table_new(11, cols);
    for (size_t r = 0; r < in->nrows; r++) {
        size_t row = table_add_row(t);
        int64_t code = table_cell(in, r, 0)->i;
        const rs_value *on_time = table_cell(in, r, 10), *changed = table_cell(in, r, 12);
        char digits[16];
        snprintf(digits, sizeof digits, "%0*" PRId64, region_digits(region_level_of(code)),
                 code / region_span(code));
        table_set_text(t, row, 0, digits);
        for (int c = 1; c < 11; c++)
            if (from[c] >= 0) table_copy_value(t, row, c, table_cell(in, r, from[c]));
        if (on_time->type == VAL_INT) table_set_text(t, row, 8, on_time->i ? "yes" : "no");
        if (changed->type == VAL_INT) table_set_text(t, row, 10, changed->i ? "yes" : "no");
    }
    return t;
}

/* Print the unit's report_rate and report_on_time lines. */
static rs_status print_rates(store *db, int64_t unit, int period, rs_error *e)
{
    rs_table *t = NULL;
    rs_status s = engine_indicators(db, unit, period, LEVELS_SELF, &t, e);
    int ci = table_col(t, "indicator"), cn = table_col(t, "numerator"),
        cd = table_col(t, "denominator");
    for (size_t r = 0; s == RS_OK && r < t->nrows; r++) {
        const char *ind = table_cell(t, r, ci)->s;
        if (strcmp(ind, "report_rate") != 0 && strcmp(ind, "report_on_time") != 0) continue;
        int64_t num = table_cell(t, r, cn)->i, den = table_cell(t, r, cd)->i;
        printf("%s %s: %" PRId64 " of %" PRId64 " counties", ind, table_cell(t, r, 5)->s, num, den);
        if (den > 0) printf(" (%.1f%%)", 100.0 * (double)num / (double)den);
        putchar('\n');
    }
    table_free(t);
    return s;
}

rs_status cmd_status(int argc, char **argv, rs_error *e)
{
    const char *region = NULL, *period = NULL, *format = "table";
    const cli_option options[] = {
        {"region", 0, CLI_VALUE, &region, "CODE", "the unit (required)"},
        {"period", 0, CLI_VALUE, &period, "YYYY-MM", "the month (required)"},
        {"format", 0, CLI_CHOICE, &format, "table|csv|json",
         "the table's form (default table); the rates follow a table"},
        {0}};
    int64_t unit = 0;
    int month = 0;
    out_format fmt;
    store *db = NULL;
    rs_table *t = NULL, *shown = NULL;
    char *state = NULL;
    rs_status s;
    if (!cli_parse(&argc, &argv, options, e)) return e->status;
    if (argc > 1) return rs_fail(e, RS_EUSAGE, "unexpected argument '%s'", argv[1]);
    if ((s = unit_period(region, period, &unit, &month, e)) != RS_OK ||
        (s = output_parse_format(format, &fmt, e)) != RS_OK)
        return s;
    if ((s = store_open(store_default_path(cli_db), STORE_READONLY, &db, e)) != RS_OK) return s;
    if ((s = engine_approval_status(db, unit, month, true, &t, e)) == RS_OK &&
        (s = engine_data_state(db, unit, month, "zh", &state, e)) == RS_OK) {
        shown = status_display(t);
        s = output_write(stdout, shown, fmt, false, e);
        if (s == RS_OK && fmt == OUT_TABLE) {
            printf("\n数据状态: %s\n", state);
            s = print_rates(db, unit, month, e);
        }
    }
    g_free(state);
    table_free(shown);
    table_free(t);
    store_close(db);
    return s;
}
