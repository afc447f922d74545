/*
 * cli: the commands of the `reliefstat` program.  main() parses the global
 * options (--db, --unmasked, --help), then hands the command's own arguments
 * (argv[0] is the command name) to one of these.  Each returns a status;
 * only main() turns it into an exit code.
 */
#ifndef RS_CLI_H
#define RS_CLI_H

#include "base/error.h"

/* The --db option, or NULL: pass to db_default_path(). */
extern const char *cli_db;

rs_status cmd_init(int argc, char **argv, rs_error *e);
rs_status cmd_import(int argc, char **argv, rs_error *e);
rs_status cmd_query(int argc, char **argv, rs_error *e);
rs_status cmd_indicators(int argc, char **argv, rs_error *e);
rs_status cmd_findings(int argc, char **argv, rs_error *e);
rs_status cmd_report(int argc, char **argv, rs_error *e);
rs_status cmd_sample(int argc, char **argv, rs_error *e);

#endif
