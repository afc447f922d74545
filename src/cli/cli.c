/*
 * cli: state shared by the command functions, defined outside main.c so
 * that the unit tests, which link every library object but not main, link.
 */
#include "cli/cli.h"

#include <stddef.h>

const char *cli_db = NULL;
