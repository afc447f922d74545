/*
 * file: reading a whole file into memory (templates, chart definitions,
 * seeds, SQL files, the workbook a test reads back).
 */
#include "base/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
