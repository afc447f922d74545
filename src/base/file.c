/*
 * file: reading a whole file into memory (templates, chart definitions,
 * seeds, SQL files, the workbook a test reads back), and replacing one
 * whole (a command's --out file).
 */
#include "base/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"

rs_status file_read(const char *path, char **out, size_t *len, rs_error *e)
{
    rs_status s = RS_OK;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f) return rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
    /* A directory opens for reading on Linux, and its "size" is no size. */
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        s = rs_fail(e, RS_EIO, "%s: not a regular file", path);
        goto done;
    }
    if (fseek(f, 0, SEEK_END) != 0) {
        s = rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
        goto done;
    }
    long n = ftell(f);
    if (n < 0) {
        s = rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
        goto done;
    }
    rewind(f);
    buf = rs_malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        s = rs_fail(e, RS_EIO, "%s: read error", path);
        goto done;
    }
    buf[n] = '\0';
    if (len) *len = (size_t)n;
    *out = buf;
    buf = NULL;
done:
    free(buf);
    fclose(f);
    return s;
}

rs_status file_replace(const char *path, rs_status (*write)(FILE *f, void *arg, rs_error *e),
                       void *arg, rs_error *e)
{
    char *tmp = rs_sprintf("%s.tmp%ld", path, (long)getpid());
    FILE *f = NULL;
    rs_status s = RS_OK;
    rs_temp_register(tmp);
    if (!(f = fopen(tmp, "wb"))) {
        s = rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
        goto done;
    }
    if ((s = write(f, arg, e)) != RS_OK) goto done;
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        s = rs_fail(e, RS_EIO, "writing %s: %s", path, strerror(errno));
        goto done;
    }
    if (fclose(f) != 0) {
        f = NULL;
        s = rs_fail(e, RS_EIO, "writing %s: %s", path, strerror(errno));
        goto done;
    }
    f = NULL;
    if (rename(tmp, path) != 0) s = rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
done:
    if (f) fclose(f);
    if (s != RS_OK) unlink(tmp);
    rs_temp_unregister(tmp);
    free(tmp);
    return s;
}
