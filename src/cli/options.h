/*
 * options: the one option parser of the command line, on GLib's
 * GOptionContext.  A command declares its options as a table of
 * cli_option (name, kind, where the value goes, its help line) and calls
 * cli_parse(), which fills the targets, leaves the operands (the
 * non-option arguments, in order) in argv, prints the command's --help,
 * and turns every mistake into a usage error: an unknown option, a missing
 * value, a value option given twice, a value outside a choice.  Both
 * "--name VALUE" and "--name=VALUE" are accepted, and "--" ends the
 * options.
 *
 * The values the targets receive are copies owned by the parser, valid
 * until cli_options_release() (which cli_run() calls when the command has
 * returned); a command never frees them.
 */
#ifndef RS_CLI_OPTIONS_H
#define RS_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

/* How an option takes its value, and the type of its target. */
typedef enum {
    CLI_FLAG,   /* --name: sets a bool to true */
    CLI_VALUE,  /* --name VALUE, at most once: sets a const char * */
    CLI_CHOICE, /* as CLI_VALUE, and VALUE is one of the '|'-separated words of .value */
    CLI_LIST    /* --name VALUE, repeatable: appends to a cli_list */
} cli_kind;

/* The values of a CLI_LIST option, in the order given. */
typedef struct {
    size_t n;
    char **items; /* writable copies, owned by the parser */
} cli_list;

/* One option of a command.  A table of them ends with {0}. */
typedef struct {
    const char *name; /* the long name, without "--" */
    char letter;      /* the short name (-p), or 0 */
    cli_kind kind;
    void *target;      /* bool *, const char ** or cli_list *, by kind */
    const char *value; /* the value's name in --help ("CODE"); the choices of a CLI_CHOICE */
    const char *help;  /* one line for --help */
} cli_option;

/* Which part of the line cli_options_parse() reads. */
typedef enum {
    CLI_PARSE_ALL,     /* every argument; an unknown option is a usage error */
    CLI_PARSE_LEADING, /* the options before the first operand; the rest is left */
    CLI_PARSE_KNOWN    /* the options of the table wherever they stand; others are left */
} cli_parse_mode;

/* Parse the arguments of the command (*argv)[0] by its table of options
 * (see the file comment).  Returns true when the command should go on;
 * false when it should return e->status: RS_OK after printing its --help
 * on stdout, RS_EUSAGE with the reason in e. */
bool cli_parse(int *argc, char ***argv, const cli_option *options, rs_error *e);

/* Parse the options of the table in the part of the line mode names, after
 * (*argv)[0]; what was parsed is removed from argv.  Returns RS_OK or
 * RS_EUSAGE with the reason in e (which names `who` and points to
 * `reliefstat who --help`, or `reliefstat --help` when who is NULL). */
rs_status cli_options_parse(int *argc, char ***argv, const cli_option *options, cli_parse_mode mode,
                            const char *who, rs_error *e);

/* Free every value the parser handed out. */
void cli_options_release(void);

#endif
