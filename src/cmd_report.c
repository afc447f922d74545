/* placeholder: replaced by the module that implements these commands */
#include "cli.h"
rs_status cmd_report(int argc, char **argv, rs_error *e)
{
    return rs_fail(e, RS_EINTERNAL, "not implemented yet");
}
