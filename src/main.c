/*
 * main: the `reliefstat` command line.  Runs the command line (cli_run:
 * the global options, one command), prints its error if any, and maps the
 * status to the exit code (0 success, 1 usage, 2 bad input data, 3 other
 * failure).
 */
#include <stdio.h>

#include "base/alloc.h"
#include "store/store.h"
#include "cli/cli.h"

int main(int argc, char **argv)
{
    rs_error err = {0};
    rs_status s;

    rs_alloc_init();

    /* Before any connection: each is used by one thread at a time
     * (findings run on a second connection on a thread of their own). */
    store_init();

    s = cli_run(argc, argv, &err);
    if (s != RS_OK && err.msg[0]) fprintf(stderr, "%s\n", err.msg);
    return rs_exit_code(s);
}
