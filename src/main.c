/*
 * main: the `reliefstat` command line.  Parses the global options, runs one
 * command, prints its error if any, and maps the status to the exit code
 * (0 success, 1 usage, 2 bad input data, 3 other failure).
 */
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>

#include "base/alloc.h"
#include "base/mask.h"
#include "base/version.h"
#include "cli/cli.h"

static const struct {
    const char *name;
    rs_status (*fn)(int, char **, rs_error *);
    const char *usage;
} commands[] = {
    {"init", cmd_init, "create or upgrade the database, load bundled reference data"},
    {"import", cmd_import, "PATH... [--table T] [--partial] [--rejects FILE]  import CSV files"},
    {"query", cmd_query, "NAME [-p k=v]... [--format table|csv|json]  run a named query"},
    {"indicators", cmd_indicators,
     "--region CODE --period YYYY-MM [--levels all|self|children] [--format F]"},
    {"findings", cmd_findings, "--region CODE --period YYYY-MM [--format F]"},
    {"report", cmd_report,
     "TEMPLATE --region CODE --period YYYY-MM [--out DIR] [--lang zh|en] [--charts cairo|gnuplot]"},
    {"sample", cmd_sample, "--out DIR [--scale county|prefecture|region] [--seed N]"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: reliefstat [--db FILE] [--unmasked] COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].usage);
    fprintf(f, "\n--db defaults to $RELIEFSTAT_DB, else ./reliefstat.db.\n"
               "ID numbers and names are masked in every output unless --unmasked is given.\n");
}

/* Remove argv[i] (and its value when take_value) from argv; returns the new argc. */
static int drop_args(int argc, char **argv, int i, int n)
{
    memmove(argv + i, argv + i + n, (size_t)(argc - i - n + 1) * sizeof *argv);
    return argc - n;
}

int main(int argc, char **argv)
{
    rs_error err = {0};
    rs_status s;

    rs_alloc_init();

    /* Each connection is used by one thread at a time (findings run on a
     * second connection on a thread of their own): no per-connection
     * mutex, and no global memory statistics, whose mutex every
     * allocation would take. */
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

    /* Global options may stand anywhere on the line. */
    for (int i = 1; i < argc;) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            cli_db = argv[i + 1];
            argc = drop_args(argc, argv, i, 2);
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            cli_db = argv[i] + 5;
            argc = drop_args(argc, argv, i, 1);
        } else if (strcmp(argv[i], "--unmasked") == 0) {
            mask_unmasked = true;
            argc = drop_args(argc, argv, i, 1);
        } else {
            i++;
        }
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("reliefstat %s\n", RELIEFSTAT_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            s = commands[i].fn(argc - 1, argv + 1, &err);
            if (s != RS_OK)
                fprintf(stderr, "reliefstat %s: %s\n", argv[1],
                        err.msg[0] ? err.msg : rs_strerror(s));
            return rs_exit_code(s);
        }
    }
    fprintf(stderr, "reliefstat: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 1;
}
