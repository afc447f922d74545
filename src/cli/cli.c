/*
 * cli: the table of commands and the program's own options; cli_run()
 * reads those and runs one command.  Kept apart from main.c so that the
 * unit tests, which link every library object but not main, link.
 */
#include "cli/cli.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "base/mask.h"
#include "base/version.h"

const char *cli_db = NULL;

const cli_option cli_global_options[] = {
    {"db", 0, CLI_VALUE, &cli_db, "FILE",
     "the database (default $RELIEFSTAT_DB, else ./reliefstat.db)"},
    {"unmasked", 0, CLI_FLAG, &mask_unmasked, NULL,
     "show full ID numbers and names (recorded in a report's manifest)"},
    {0}};

const cli_command cli_commands[] = {
    {"init", cmd_init, "create or upgrade the database, load bundled reference data", NULL,
     "Create or upgrade the database (--db), load the bundled divisions and\n"
     "rebuild every summary table."},
    {"import", cmd_import, "PATH... [--table T] [--partial] [--rejects FILE]  import CSV files",
     "PATH...",
     "Import CSV files, each into the table it is named after (households.csv),\n"
     "and every such file of a directory PATH; the files are loaded in dependency\n"
     "order, in one transaction."},
    {"query", cmd_query, "NAME [-p k=v]... [--format table|csv|json]  run a named query", "NAME",
     "Run the query NAME of the catalogue (queries/NAME.sql) with its parameters\n"
     "bound, or list the catalogue (--list)."},
    {"indicators", cmd_indicators,
     "--region CODE --period YYYY-MM [--levels all|self|children] [--format F]", NULL,
     "The indicators of a unit and month, of the unit and the units below it."},
    {"findings", cmd_findings, "--region CODE --period YYYY-MM [--format F]", NULL,
     "The findings on the records of a unit and month."},
    {"outliers", cmd_outliers,
     "--region CODE --period YYYY-MM [--levels all|self|children] [--out FILE] [--format F]", NULL,
     "The outliers (异常波动) of a unit and month: each unit's regular payments\n"
     "(paid dibao and tekun rows: money, rows, money per row) against its own\n"
     "12 months before, by the modified z-score."},
    {"report", cmd_report,
     "TEMPLATE --region CODE --period YYYY-MM [--out DIR] [--lang zh|en] [--charts cairo|gnuplot]",
     "TEMPLATE",
     "Render the report pack TEMPLATE (monthly, assessment, dashboard, or a\n"
     "template file) for a unit and month into the output directory, with its\n"
     "manifest; prints the paths written."},
    {"sample", cmd_sample, "--out DIR [--scale county|prefecture|region] [--seed N]", NULL,
     "Generate a synthetic dataset with its ground truth."},
    {"submit", cmd_submit, "--region COUNTY --period YYYY-MM [--by NAME]  submit a county's month",
     NULL,
     "Submit a county's month (逐级报送): its ledger rows, applications and bank\n"
     "returns of the month are locked until it is reopened."},
    {"approve", cmd_approve,
     "--region COUNTY|PREFECTURE --period YYYY-MM [--by NAME]  approve a month", NULL,
     "Approve a submitted county's month, or a prefecture's once every county of\n"
     "it with records is approved."},
    {"reopen", cmd_reopen, "--region CODE --period YYYY-MM --reason TEXT [--by NAME]  reopen", NULL,
     "Take a county's month (while its prefecture's is not approved) or a\n"
     "prefecture's back to open; the reason is recorded."},
    {"status", cmd_status, "--region CODE --period YYYY-MM  states, dates, on time, rates", NULL,
     "The states of a unit's counties and prefectures for a month: dates, on\n"
     "time, changed since submission, and the reporting rates."},
    {0}};

const cli_command *cli_command_named(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

/* The program's usage, as `reliefstat --help` prints it, appended to s. */
static void append_usage(GString *s)
{
    g_string_append(s, "usage: reliefstat [--db FILE] [--unmasked] COMMAND [ARGS]\n\ncommands:\n");
    for (const cli_command *c = cli_commands; c->name; c++)
        g_string_append_printf(s, "  %-11s %s\n", c->name, c->usage);
    g_string_append(s, "\n--db defaults to $RELIEFSTAT_DB, else ./reliefstat.db.\n"
                       "ID numbers and names are masked in every output unless --unmasked is "
                       "given.\n");
}

/* A usage error whose message is `first` (if any) and the program's usage. */
static rs_status usage_error(const char *first, rs_error *e)
{
    GString *s = g_string_new(first);
    append_usage(s);
    g_string_truncate(s, s->len - 1); /* main() ends the message */
    rs_fail(e, RS_EUSAGE, "%s", s->str);
    g_string_free(s, TRUE);
    return RS_EUSAGE;
}

/* Run the command line once the program's options are read. */
static rs_status run_command(int argc, char **argv, rs_error *e)
{
    const cli_command *cmd;
    rs_status s;
    char first[200];
    if (argc < 2) return usage_error(NULL, e);
    if (!(cmd = cli_command_named(argv[1]))) {
        snprintf(first, sizeof first, "reliefstat: unknown command '%.150s'\n\n", argv[1]);
        return usage_error(first, e);
    }
    if ((s = cmd->run(argc - 1, argv + 1, e)) != RS_OK) {
        if (!e->msg[0]) rs_fail(e, s, "%s", rs_strerror(s));
        rs_error_prefix(e, "reliefstat %s", cmd->name);
    }
    return s;
}

rs_status cli_run(int argc, char **argv, rs_error *e)
{
    bool help = false, version = false;
    const cli_option program_options[] = {
        {"help", 'h', CLI_FLAG, &help, NULL, "the commands and global options"},
        {"version", 0, CLI_FLAG, &version, NULL, "the version"},
        {0}};
    rs_status s;
    /* --db and --unmasked anywhere; --help and --version before the command
     * (after it, --help is the command's own). */
    if ((s = cli_options_parse(&argc, &argv, cli_global_options, CLI_PARSE_KNOWN, NULL, e)) !=
            RS_OK ||
        (s = cli_options_parse(&argc, &argv, program_options, CLI_PARSE_LEADING, NULL, e)) !=
            RS_OK) {
        rs_error_prefix(e, "reliefstat");
    } else if (help) {
        GString *u = g_string_new(NULL);
        append_usage(u);
        fputs(u->str, stdout);
        g_string_free(u, TRUE);
    } else if (version) {
        printf("reliefstat %s\n", RELIEFSTAT_VERSION);
    } else {
        s = run_command(argc, argv, e);
    }
    cli_options_release();
    return s;
}
