/*
 * csvin: reading one contract CSV file.  Opening maps the file, hashes it
 * (SHA-256), refuses NUL bytes and detects the encoding (UTF-8 with or
 * without BOM, else GB18030 converted to UTF-8 with iconv).  Reading hands
 * each record, trimmed, with the physical line where it starts, to a
 * callback; quoting is parsed by libcsv in strict mode.  Every failure is an
 * RS_EDATA naming the file and line (and column where one applies).  A
 * file that is neither UTF-8 nor GB18030 fails at the first byte valid in
 * neither reading, its column counted in bytes from the line's start (as
 * for a NUL byte: a hex editor's count, the same whatever the encoding).
 */
#ifndef RS_CSVIN_H
#define RS_CSVIN_H

#include <stddef.h>

#include "base/error.h"

typedef struct csvin_file csvin_file;

/* One record.  cells[0..ncells) are trimmed NUL-terminated UTF-8 strings
 * the callback may modify in place but not keep: they are reused for the
 * next record. */
typedef struct {
    size_t line; /* physical line (1-based) where the record starts */
    size_t ncells;
    char **cells;
    size_t offset; /* bytes of decoded text read so far, for progress */
} csvin_record;

/* Called once per record, the header first; a status other than RS_OK
 * stops the reading and is returned by csvin_each. */
typedef rs_status (*csvin_fn)(void *ctx, csvin_record *rec, rs_error *e);

/* Open path: map, hash, check and decode it.  On success *out holds a file
 * the caller frees with csvin_free. */
rs_status csvin_open(const char *path, csvin_file **out, rs_error *e);

/* Call fn for every record of f, the header first.  Blank lines are skipped;
 * a file without any record fails with "no header". */
rs_status csvin_each(csvin_file *f, csvin_fn fn, void *ctx, rs_error *e);

/* The path given to csvin_open; owned by f. */
const char *csvin_path(const csvin_file *f);

/* "UTF-8", "UTF-8 BOM" or "GB18030"; static. */
const char *csvin_encoding(const csvin_file *f);

/* Lower-case hex SHA-256 of the file's bytes; owned by f. */
const char *csvin_sha256(const csvin_file *f);

/* Size in bytes of the decoded text (the denominator of rec->offset). */
size_t csvin_size(const csvin_file *f);

/* Free f; NULL is allowed. */
void csvin_free(csvin_file *f);

#endif
