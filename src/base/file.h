/*
 * file: reading a whole file into memory.
 */
#ifndef RS_FILE_H
#define RS_FILE_H

#include <stddef.h>

#include "base/error.h"

/* Read the regular file at path into a NUL-terminated string in *out, which
 * the caller frees; its length (without the NUL) goes to *len unless len is
 * NULL.  Fails with RS_EIO naming the path (a directory, a read error). */
rs_status file_read(const char *path, char **out, size_t *len, rs_error *e);

#endif
