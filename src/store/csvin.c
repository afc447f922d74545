/*
 * csvin: decoding and tokenising one CSV file.  The bytes are mapped with
 * GMappedFile and hashed with GChecksum; UTF-8 is checked by GLib and
 * GB18030 converted by iconv; quoting is libcsv's in strict mode.  This
 * module adds only what those libraries do not: error positions as
 * file:line:column, the physical line where each record starts (the text is
 * fed to libcsv one line at a time), trimming and skipping blank lines.
 *
 * The mapped pages already hashed or parsed are released as we go
 * (MADV_DONTNEED on a read-only file mapping: touched again, they are read
 * back from the file), so that a 600 MB ledger does not stay resident.
 */
#include "store/csvin.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/alloc.h"

struct csvin_file {
    char *path;
    GMappedFile *map;
    const char *raw; /* the file's bytes */
    size_t raw_len;
    char *decoded;    /* the GB18030 text converted to UTF-8, or NULL */
    const char *text; /* UTF-8 text to parse (BOM skipped) */
    size_t text_len;
    const char *encoding;
    char *sha256;
    size_t nul_at, bad_utf8_at; /* offsets of the first NUL, non-UTF-8 byte; else SIZE_MAX */
};

/* State of one csvin_each pass, shared with the libcsv callbacks. */
typedef struct {
    csvin_file *file;
    csvin_fn fn;
    void *ctx;
    rs_error *e;
    rs_status status;  /* first failure of fn; later records are ignored */
    GString *buf;      /* the current record's cells, each NUL-terminated */
    GArray *starts;    /* offset in buf of each cell */
    GPtrArray *cells;  /* pointers handed to fn */
    size_t line;       /* physical line being fed */
    size_t rec_line;   /* line where the current record started */
    bool between;      /* no record is partly read */
    bool last_was_end; /* the last callback ended a record */
    size_t events;     /* callbacks so far */
    size_t offset;     /* bytes fed so far */
    size_t records;
} reader;

/* ------------------------------------------------------------------ */
/* Opening and decoding                                               */
/* ------------------------------------------------------------------ */

/* Line and byte column (both 1-based) of byte pos in text. */
static void position_of(const char *text, size_t pos, size_t *line, size_t *col)
{
    size_t l = 1, start = 0;
    for (size_t i = 0; i < pos; i++)
        if (text[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = pos - start + 1;
}

/* Convert f->raw from GB18030 into f->decoded.  A file that is not
 * GB18030 either fails at the first byte valid in neither reading: the
 * UTF-8 reading holds up to f->bad_utf8_at and the GB18030 one up to where
 * iconv stopped, so that byte is the later of the two (in a file that is
 * UTF-8 up to some bad bytes, GB18030 usually fails much earlier, on the
 * first Chinese text). */
static rs_status decode_gb18030(csvin_file *f, rs_error *e)
{
    rs_status s = RS_OK;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return rs_fail(e, RS_EINTERNAL, "%s: iconv cannot convert GB18030: %s", f->path,
                       strerror(errno));
    size_t cap = f->raw_len * 2 + 16;
    char *in = (char *)f->raw, *out;
    size_t inleft = f->raw_len, outleft = cap;
    f->decoded = rs_malloc(cap);
    out = f->decoded;
    if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
        size_t line, col, pos = (size_t)(in - f->raw);
        if (f->bad_utf8_at > pos) pos = f->bad_utf8_at;
        position_of(f->raw, pos, &line, &col);
        s = rs_fail(e, RS_EDATA,
                    "%s:%zu:%zu: byte 0x%02X is neither UTF-8 nor GB18030 (the file must be "
                    "UTF-8 or GB18030/GBK)",
                    f->path, line, col, (unsigned char)f->raw[pos]);
        goto done;
    }
    f->text = f->decoded;
    f->text_len = cap - outleft;
    f->encoding = "GB18030";
    if (f->text_len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0) { /* GB18030's BOM */
        f->text += 3;
        f->text_len -= 3;
    }
done:
    iconv_close(cd);
    return s;
}

/* Bytes hashed or parsed between two releases of mapped pages. */
#define RELEASE_STEP ((size_t)8 << 20)

/* Drop the whole pages of the mapping inside [from, to) from memory (see
 * the top of this file).  Only for the mapped bytes, never the decoded
 * GB18030 text, which lives on the heap. */
static void release_pages(const csvin_file *f, const char *from, const char *to)
{
    if (!f->map || f->decoded || f->raw_len == 0) return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1), b = (uintptr_t)to & ~(page - 1);
    if (b > a) madvise((void *)a, b - a, MADV_DONTNEED);
}

/* One pass over the mapped bytes, a chunk at a time, releasing each chunk
 * when done: the SHA-256, the first NUL byte and the first byte that is not
 * UTF-8 (after a UTF-8 BOM, if any).  A character cut by the end of a chunk
 * is validated with the next one. */
static void scan(csvin_file *f)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    size_t valid = f->raw_len >= 3 && memcmp(f->raw, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    f->nul_at = f->bad_utf8_at = SIZE_MAX;
    for (size_t at = 0; at < f->raw_len; at += RELEASE_STEP) {
        size_t n = f->raw_len - at < RELEASE_STEP ? f->raw_len - at : RELEASE_STEP, stop = at + n;
        const char *nul, *bad;
        g_checksum_update(sum, (const guchar *)f->raw + at, (gssize)n);
        if (f->nul_at == SIZE_MAX && (nul = memchr(f->raw + at, '\0', n)))
            f->nul_at = (size_t)(nul - f->raw);
        if (f->bad_utf8_at == SIZE_MAX && f->nul_at == SIZE_MAX && valid < stop) {
            if (g_utf8_validate_len(f->raw + valid, stop - valid, &bad))
                valid = stop;
            else if (stop < f->raw_len && stop - (size_t)(bad - f->raw) < 4)
                valid = (size_t)(bad - f->raw); /* cut at the chunk's end */
            else
                f->bad_utf8_at = (size_t)(bad - f->raw);
        }
        release_pages(f, f->raw + at, f->raw + stop);
    }
    f->sha256 = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
}

/* Decide the encoding of f->raw (scanned by scan()) and set f->text to
 * UTF-8. */
static rs_status decode(csvin_file *f, rs_error *e)
{
    size_t line, col;
    if (f->nul_at != SIZE_MAX) {
        position_of(f->raw, f->nul_at, &line, &col);
        return rs_fail(e, RS_EDATA, "%s:%zu:%zu: NUL byte (not a text file)", f->path, line, col);
    }
    if (f->raw_len >= 3 && memcmp(f->raw, "\xEF\xBB\xBF", 3) == 0) {
        f->text = f->raw + 3;
        f->text_len = f->raw_len - 3;
        f->encoding = "UTF-8 BOM";
        if (f->bad_utf8_at != SIZE_MAX) {
            position_of(f->raw, f->bad_utf8_at, &line, &col);
            return rs_fail(e, RS_EDATA,
                           "%s:%zu:%zu: byte 0x%02X is not UTF-8 (the file starts "
                           "with a UTF-8 BOM)",
                           f->path, line, col, (unsigned char)f->raw[f->bad_utf8_at]);
        }
        return RS_OK;
    }
    if (f->bad_utf8_at == SIZE_MAX) {
        f->text = f->raw;
        f->text_len = f->raw_len;
        f->encoding = "UTF-8";
        return RS_OK;
    }
    return decode_gb18030(f, e);
}

/* Map path, hash it and decode it; see csvin.h. */
rs_status csvin_open(const char *path, csvin_file **out, rs_error *e)
{
    GError *gerr = NULL;
    rs_status s = RS_OK;
    csvin_file *f = rs_calloc(1, sizeof *f);
    *out = NULL;
    f->path = rs_strdup(path);
    if (!(f->map = g_mapped_file_new(path, FALSE, &gerr))) {
        s = rs_fail(e, RS_EIO, "%s: %s", path, gerr->message);
        g_error_free(gerr);
        goto fail;
    }
    f->raw = g_mapped_file_get_contents(f->map);
    f->raw_len = g_mapped_file_get_length(f->map);
    if (!f->raw) f->raw = "";
    scan(f);
    if ((s = decode(f, e)) != RS_OK) goto fail;
    *out = f;
    return RS_OK;
fail:
    csvin_free(f);
    return s;
}

void csvin_free(csvin_file *f)
{
    if (!f) return;
    if (f->map) g_mapped_file_unref(f->map);
    free(f->decoded);
    g_free(f->sha256);
    free(f->path);
    free(f);
}

const char *csvin_path(const csvin_file *f)
{
    return f->path;
}

const char *csvin_encoding(const csvin_file *f)
{
    return f->encoding;
}

const char *csvin_sha256(const csvin_file *f)
{
    return f->sha256;
}

size_t csvin_size(const csvin_file *f)
{
    return f->text_len;
}

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

/* libcsv field callback: append the field, trimmed, to the record. */
static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    const char *s = data ? data : "";
    r->events++;
    r->last_was_end = false;
    if (r->status != RS_OK) return;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    size_t start = r->buf->len;
    g_array_append_val(r->starts, start);
    g_string_append_len(r->buf, s, (gssize)len);
    g_string_append_c(r->buf, '\0');
}

/* libcsv record callback: hand the record to the user's function, unless
 * it is a blank line (one empty cell). */
static void on_record(int term, void *ctx)
{
    reader *r = ctx;
    r->events++;
    r->last_was_end = true;
    if (r->status == RS_OK && !(r->starts->len == 1 && r->buf->str[0] == '\0')) {
        g_ptr_array_set_size(r->cells, 0);
        for (guint i = 0; i < r->starts->len; i++)
            g_ptr_array_add(r->cells, r->buf->str + g_array_index(r->starts, size_t, i));
        csvin_record rec = {.line = r->rec_line,
                            .ncells = r->cells->len,
                            .cells = (char **)r->cells->pdata,
                            .offset = r->offset};
        r->records++;
        r->status = r->fn(r->ctx, &rec, r->e);
    }
    g_string_truncate(r->buf, 0);
    g_array_set_size(r->starts, 0);
}

/* True if the n bytes at s are only spaces, tabs and line ends. */
static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

/* Parse f's text line by line so that each record knows its start line; see
 * csvin.h. */
rs_status csvin_each(csvin_file *f, csvin_fn fn, void *ctx, rs_error *e)
{
    struct csv_parser p = {0};
    rs_status s = RS_OK;
    reader r = {.file = f,
                .fn = fn,
                .ctx = ctx,
                .e = e,
                .buf = g_string_sized_new(1024),
                .starts = g_array_new(FALSE, FALSE, sizeof(size_t)),
                .cells = g_ptr_array_new(),
                .between = true};
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) { /* libcsv's own allocation */
        s = rs_fail(e, RS_ENOMEM, "out of memory");
        goto done;
    }
    const char *t = f->text, *end = f->text + f->text_len, *released = t;
    while (t < end && r.status == RS_OK) {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        size_t n = nl ? (size_t)(nl - t) + 1 : (size_t)(end - t);
        r.line++;
        bool is_blank = blank(t, n);
        if (r.between && !is_blank) r.rec_line = r.line;
        size_t before = r.events;
        r.offset += n;
        if (csv_parse(&p, t, n, on_field, on_record, &r) != n) {
            s = rs_fail(e, RS_EDATA, "%s:%zu: broken quoting (%s)", f->path, r.line,
                        csv_error(&p) == CSV_EPARSE
                            ? "a quote inside an unquoted field, or text after a closing quote"
                            : csv_strerror(csv_error(&p)));
            goto done;
        }
        if (!is_blank || !r.between) r.between = r.events > before ? r.last_was_end : false;
        t += n;
        if ((size_t)(t - released) >= RELEASE_STEP) {
            release_pages(f, released, t);
            released = t;
        }
    }
    if (r.status == RS_OK && csv_fini(&p, on_field, on_record, &r) != 0) {
        s = rs_fail(e, RS_EDATA, "%s:%zu: broken quoting (a quoted field is never closed)", f->path,
                    r.rec_line);
        goto done;
    }
    if ((s = r.status) != RS_OK) goto done;
    if (r.records == 0) s = rs_fail(e, RS_EDATA, "%s:1: no header (the file is empty)", f->path);
done:
    csv_free(&p);
    g_string_free(r.buf, TRUE);
    g_array_free(r.starts, TRUE);
    g_ptr_array_free(r.cells, TRUE);
    return s;
}
