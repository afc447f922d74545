/*
 * cli: the commands of the `reliefstat` program.  cli_run() reads the
 * global options (--db and --unmasked anywhere on the line; --help and
 * --version before the command), then hands the command's own arguments
 * (argv[0] is the command name) to its function in cli_commands.  Each
 * command parses them with cli_parse() (cli/options.h) and returns a
 * status; only main() turns it into an exit code.
 *
 * Adding a command: its function here and in a cmd_*.c file, and its row
 * in cli_commands (cli.c).
 */
#ifndef RS_CLI_H
#define RS_CLI_H

#include "base/error.h"
#include "cli/options.h"

/* The --db option, or NULL: pass to store_default_path(). */
extern const char *cli_db;

/* The options that may stand anywhere on the line (--db, --unmasked). */
extern const cli_option cli_global_options[];

/* One command of the program. */
typedef struct {
    const char *name;
    rs_status (*run)(int argc, char **argv, rs_error *e);
    const char *usage;    /* its line in `reliefstat --help` */
    const char *operands; /* its non-option arguments in its --help ("PATH..."), or NULL */
    const char *summary;  /* what it does, for its --help */
} cli_command;

/* The commands, in the order `reliefstat --help` lists them; ends with {0}. */
extern const cli_command cli_commands[];

/* The command called name, or NULL. */
const cli_command *cli_command_named(const char *name);

/* Run the command line argv (argv[0] is the program).  On failure the
 * message in e names the command ("reliefstat import: ..."). */
rs_status cli_run(int argc, char **argv, rs_error *e);

rs_status cmd_init(int argc, char **argv, rs_error *e);
rs_status cmd_import(int argc, char **argv, rs_error *e);
rs_status cmd_query(int argc, char **argv, rs_error *e);
rs_status cmd_indicators(int argc, char **argv, rs_error *e);
rs_status cmd_findings(int argc, char **argv, rs_error *e);
rs_status cmd_outliers(int argc, char **argv, rs_error *e);
rs_status cmd_report(int argc, char **argv, rs_error *e);
rs_status cmd_sample(int argc, char **argv, rs_error *e);
rs_status cmd_submit(int argc, char **argv, rs_error *e);
rs_status cmd_approve(int argc, char **argv, rs_error *e);
rs_status cmd_reopen(int argc, char **argv, rs_error *e);
rs_status cmd_status(int argc, char **argv, rs_error *e);

#endif
