/*
 * file: reading a whole file into memory, and writing one whole or not at
 * all.
 */
#ifndef RS_FILE_H
#define RS_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

/* Read the regular file at path into a NUL-terminated string in *out, which
 * the caller frees; its length (without the NUL) goes to *len unless len is
 * NULL.  Fails with RS_EIO naming the path (a directory, a read error). */
rs_status file_read(const char *path, char **out, size_t *len, rs_error *e);

/* Write the file at path through write(f, arg, e) so that it appears whole
 * or not at all: into a temporary file beside it (registered with
 * rs_temp_register for the out-of-memory handler), flushed to disk, then
 * renamed over path.  On any failure (write's, or RS_EIO naming the path)
 * the temporary file is removed and path left as it was. */
rs_status file_replace(const char *path, rs_status (*write)(FILE *f, void *arg, rs_error *e),
                       void *arg, rs_error *e);

#endif
