/*
 * main: the `reliefstat` command line.  Runs the command line (cli_run:
 * the global options, one command), prints its error if any, and maps the
 * status to the exit code (0 success, 1 usage, 2 bad input data, 3 other
 * failure).
 */
#include <stdio.h>
#include <sqlite3.h>

#include "base/alloc.h"
#include "cli/cli.h"

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

    s = cli_run(argc, argv, &err);
    if (s != RS_OK && err.msg[0]) fprintf(stderr, "%s\n", err.msg);
    return rs_exit_code(s);
}
