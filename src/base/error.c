/*
 * error: recording failures with context, and the message table that maps
 * each status to words and to the exit status main() returns.
 */
#include "base/error.h"

#include <stdio.h>
#include <string.h>

static const char *const status_text[] = {
    [RS_OK] = "no error",
    [RS_EUSAGE] = "usage error",
    [RS_EDATA] = "bad input data",
    [RS_EIO] = "input/output error",
    [RS_ESQL] = "database error",
    [RS_ENOMEM] = "out of memory",
    [RS_ETEMPLATE] = "template or catalogue error",
    [RS_EINTERNAL] = "internal error",
};

rs_status rs_vfail(rs_error *e, rs_status s, const char *fmt, va_list ap)
{
    if (e) {
        e->status = s;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    }
    return s;
}

rs_status rs_fail(rs_error *e, rs_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_vfail(e, s, fmt, ap);
    va_end(ap);
    return s;
}

void rs_error_prefix(rs_error *e, const char *fmt, ...)
{
    char prefix[512], old[RS_ERRMSG_MAX];
    va_list ap;
    if (!e) return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    int n = snprintf(e->msg, sizeof e->msg, "%s: ", prefix);
    if (n >= 0 && (size_t)n < sizeof e->msg)
        snprintf(e->msg + n, sizeof e->msg - (size_t)n, "%s", old);
}

void rs_error_clear(rs_error *e)
{
    if (e) {
        e->status = RS_OK;
        e->msg[0] = '\0';
    }
}

const char *rs_strerror(rs_status s)
{
    if ((unsigned)s < sizeof status_text / sizeof status_text[0]) return status_text[s];
    return "unknown error";
}

int rs_exit_code(rs_status s)
{
    switch (s) {
    case RS_OK:
        return 0;
    case RS_EUSAGE:
        return 1;
    case RS_EDATA:
        return 2;
    default:
        return 3;
    }
}
