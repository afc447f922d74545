/*
 * fuzz_csvin: libFuzzer target for the CSV reader (csvin): encoding
 * detection (UTF-8, UTF-8 with BOM, GB18030), NUL bytes, RFC 4180 quoting,
 * trimming and blank lines.  The input bytes become a file (a memfd, so no
 * disk is touched) that is opened and read record by record.  Whatever the
 * bytes, every record handed on must be valid UTF-8 without NUL, trimmed,
 * with lines that never go backwards; a failure must name the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "store/csvin.h"
#include "fuzz.h"

typedef struct {
    size_t records, last_line, last_offset, size;
} walk_state;

/* Checks one record against the reader's promises. */
static rs_status on_record(void *ctx, csvin_record *rec, rs_error *e)
{
    walk_state *w = ctx;
    /* >=, not >: a lone CR ends a record without starting a new line */
    CHECK(rec->line >= 1 && rec->line >= w->last_line);
    CHECK(rec->offset >= w->last_offset && rec->offset <= w->size);
    CHECK(rec->ncells >= 1);
    for (size_t i = 0; i < rec->ncells; i++) {
        const char *c = rec->cells[i];
        size_t n = strlen(c);
        CHECK(g_utf8_validate(c, (gssize)n, NULL));
        CHECK(n == 0 || (c[0] != ' ' && c[n - 1] != ' '));
        /* cells are the callback's to modify in place */
        if (n > 0) rec->cells[i][0] = 'x';
    }
    w->last_line = rec->line;
    w->last_offset = rec->offset;
    w->records++;
    return RS_OK;
}

/* Writes data to a memory file; returns its descriptor and its path in
 * path, or -1. */
static int memory_file(const uint8_t *data, size_t size, char *path, size_t n)
{
    int fd = memfd_create("fuzz.csv", MFD_CLOEXEC);
    if (fd < 0) return -1;
    for (size_t done = 0; done < size;) {
        ssize_t k = write(fd, data + done, size - done);
        if (k <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)k;
    }
    snprintf(path, n, "/proc/self/fd/%d", fd);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    csvin_file *f = NULL;
    rs_error e = {0};
    walk_state w = {0};
    int fd = memory_file(data, size, path, sizeof path);
    if (fd < 0) return 0;
    if (csvin_open(path, &f, &e) == RS_OK) {
        CHECK(strcmp(csvin_path(f), path) == 0);
        CHECK(strlen(csvin_sha256(f)) == 64);
        CHECK(strstr(csvin_encoding(f), "UTF-8") || strcmp(csvin_encoding(f), "GB18030") == 0);
        CHECK(memchr(data, '\0', size) == NULL);
        w.size = csvin_size(f);
        if (csvin_each(f, on_record, &w, &e) != RS_OK)
            CHECK(strncmp(e.msg, path, strlen(path)) == 0);
        else
            CHECK(w.records >= 1); /* a file without a header fails */
    } else {
        CHECK(e.status != RS_OK && strncmp(e.msg, path, strlen(path)) == 0);
    }
    csvin_free(f);
    close(fd);
    return 0;
}
