/*
 * error: the one error type of the engine.  A function that can fail takes
 * an `rs_error *` and returns an rs_status; on failure the message holds the
 * context a user needs (file, line, column, value, reason).  Only main()
 * turns a status into an exit code (rs_exit_code).
 */
#ifndef RS_ERROR_H
#define RS_ERROR_H

#include <stdarg.h>

typedef enum {
    RS_OK = 0,
    RS_EUSAGE,    /* bad command line or unknown name: exit 1 */
    RS_EDATA,     /* input data breaks the contract: exit 2 */
    RS_EIO,       /* file system failure: exit 3 */
    RS_ESQL,      /* database failure: exit 3 */
    RS_ENOMEM,    /* a library could not allocate (base/alloc.h): exit 3 */
    RS_ETEMPLATE, /* template, chart or query catalogue error: exit 3 */
    RS_EINTERNAL  /* anything else: exit 3 */
} rs_status;

#define RS_ERRMSG_MAX 4096

typedef struct {
    rs_status status;
    char msg[RS_ERRMSG_MAX];
} rs_error;

/* Record a failure in e (which may be NULL) and return s.  The message is
 * formatted like printf; a message already set is replaced. */
rs_status rs_fail(rs_error *e, rs_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
rs_status rs_vfail(rs_error *e, rs_status s, const char *fmt, va_list ap);

/* Prefix the message already in e with "prefix: ". */
void rs_error_prefix(rs_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reset e to RS_OK with an empty message. */
void rs_error_clear(rs_error *e);

/* Short description of a status ("bad input data", ...). */
const char *rs_strerror(rs_status s);

/* Process exit status for s: 0 ok, 1 usage, 2 bad data, 3 other. */
int rs_exit_code(rs_status s);

#endif
