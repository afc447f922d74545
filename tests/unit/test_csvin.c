/* Unit tests of csvin: encodings (UTF-8, BOM, GB18030), the start line of
 * each record across quoted line breaks, blank lines and CRLF, trimming,
 * and the errors for NUL bytes, undecodable bytes (at the first byte valid
 * in neither encoding), broken quoting and empty files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>

#include "store/csvin.h"

/* Records collected by collect(): "line:cell|cell|..." per record. */
typedef struct {
    char out[2048];
} seen;

static rs_status collect(void *ctx, csvin_record *rec, rs_error *e)
{
    seen *s = ctx;
    size_t n = strlen(s->out);
    n += (size_t)snprintf(s->out + n, sizeof s->out - n, "%zu:", rec->line);
    for (size_t i = 0; i < rec->ncells; i++)
        n += (size_t)snprintf(s->out + n, sizeof s->out - n, "%s%s", i ? "|" : "", rec->cells[i]);
    snprintf(s->out + n, sizeof s->out - n, "\n");
    return RS_OK;
}

/* Writes len bytes to a new temporary file; returns its path (static). */
static const char *write_file(const char *bytes, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_csvin.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Reads bytes as a CSV file; returns the status, the records in s->out,
 * the encoding in enc and any message in e. */
static rs_status read_all(const char *bytes, size_t len, seen *s, const char **enc, rs_error *e)
{
    csvin_file *f = NULL;
    const char *path = write_file(bytes, len);
    memset(s, 0, sizeof *s);
    rs_status st = csvin_open(path, &f, e);
    if (st == RS_OK) {
        *enc = csvin_encoding(f);
        st = csvin_each(f, collect, s, e);
    }
    csvin_free(f);
    unlink(path);
    return st;
}

#define READ(lit, s, enc, e) read_all(lit, sizeof lit - 1, s, enc, e)

static void test_lines_and_trimming(void **state)
{
    seen s;
    const char *enc = NULL;
    rs_error e = {0};
    assert_int_equal(READ("a,b\r\n"
                          " x , \"y\n z \" \r\n"
                          "\r\n"
                          "   \r\n"
                          "p,\"q \"\"r\"\"\"\r\n"
                          "last,row",
                          &s, &enc, &e),
                     RS_OK);
    assert_string_equal(s.out, "1:a|b\n2:x|y\n z\n6:p|q \"r\"\n7:last|row\n");
    assert_string_equal(enc, "UTF-8");
}

static void test_encodings(void **state)
{
    seen s;
    const char *enc = NULL;
    rs_error e = {0};
    assert_int_equal(READ("\xEF\xBB\xBF"
                          "名称\n张\n",
                          &s, &enc, &e),
                     RS_OK);
    assert_string_equal(enc, "UTF-8 BOM");
    assert_string_equal(s.out, "1:名称\n2:张\n");
    /* 名称 and 张 in GB18030 */
    assert_int_equal(READ("\xC3\xFB\xB3\xC6\n\xD5\xC5\n", &s, &enc, &e), RS_OK);
    assert_string_equal(enc, "GB18030");
    assert_string_equal(s.out, "1:名称\n2:张\n");
}

/* Reads len bytes as a CSV file, which must fail (RS_EDATA) with a message
 * containing want. */
static void expect_failure(const char *bytes, size_t len, const char *want)
{
    seen s;
    const char *enc = NULL;
    rs_error e = {0};
    assert_int_equal(read_all(bytes, len, &s, &enc, &e), RS_EDATA);
    if (!strstr(e.msg, want)) fail_msg("'%s' lacks '%s'", e.msg, want);
}

#define FAILS(lit, want) expect_failure(lit, sizeof lit - 1, want)

static void test_errors(void **state)
{
    FAILS("a,b\nc,d\xFF\n", ":2:4: byte 0xFF is neither UTF-8 nor GB18030");
    expect_failure("a,b\nc\0d\n", 8, ":2:2: NUL byte");
    FAILS("", ":1: no header");
    FAILS("a,b\nc,d\"e\n", ":2: broken quoting");
    FAILS("a,b\nc,\"d\n\ne,f\n", ":2: broken quoting (a quoted field is never closed)");
}

/* A file that is neither UTF-8 nor GB18030 fails at the first byte valid in
 * neither reading, its line and byte column. */
static void test_undecodable_position(void **state)
{
    /* UTF-8 up to line 4 (名 on line 2 is not GB18030: 0x8D before the line
     * end), then three bytes that are not UTF-8: the first of them. */
    FAILS("h,name\n"
          "1,名\n"
          "2,x\n"
          "3,张\xFF\xFE\xFD\n"
          "4,y\n",
          ":4:6: byte 0xFF is neither UTF-8 nor GB18030");
    /* GB18030 (名称, 张; not UTF-8 from its first byte) up to a 0xFF on line
     * 3, and one up to a lead byte without its trail byte on line 2. */
    FAILS("\xC3\xFB\xB3\xC6\n\xD5\xC5\n\xD5\xC5,\xFF\n",
          ":3:4: byte 0xFF is neither UTF-8 nor GB18030");
    FAILS("\xC3\xFB\n\xD5\xC5\x81,\n", ":2:3: byte 0x81 is neither UTF-8 nor GB18030");
    /* A character cut by the end of the file, in both readings: its lead byte. */
    FAILS("a\n\xE5", ":2:1: byte 0xE5 is neither UTF-8 nor GB18030");
}

/* A callback failure stops the reading and is returned. */
static rs_status stop_at_second(void *ctx, csvin_record *rec, rs_error *e)
{
    int *calls = ctx;
    return ++*calls == 2 ? rs_fail(e, RS_EDATA, "stop") : RS_OK;
}

static void test_callback_stops(void **state)
{
    csvin_file *f = NULL;
    rs_error e = {0};
    int calls = 0;
    const char *path = write_file("h\n1\n2\n3\n", 8);
    assert_int_equal(csvin_open(path, &f, &e), RS_OK);
    assert_int_equal(csvin_each(f, stop_at_second, &calls, &e), RS_EDATA);
    assert_int_equal(calls, 2);
    assert_string_equal(e.msg, "stop");
    assert_int_equal(strlen(csvin_sha256(f)), 64);
    csvin_free(f);
    unlink(path);
}

static rs_status count_records(void *ctx, csvin_record *rec, rs_error *e)
{
    (*(size_t *)ctx)++;
    return RS_OK;
}

/* A file larger than the chunks csvin hashes, validates and releases at a
 * time (8 MiB), with a 3-byte character cut by the first chunk's end: the
 * file is UTF-8, every record is read (from pages released and read back),
 * and the SHA-256 is that of the whole file.  A bad byte in the second
 * chunk is still found, at its line and column. */
static void test_large_file_in_chunks(void **state)
{
    const size_t chunk = (size_t)8 << 20, len = chunk + 4096;
    char *bytes = malloc(len);
    assert_non_null(bytes);
    for (size_t i = 0; i < len; i++)
        bytes[i] = i % 64 == 63 ? '\n' : 'x';
    memcpy(bytes + chunk - 1, "\xE5\x90\x8D", 3); /* 名, from the first chunk's last byte */
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += bytes[i] == '\n';
    const char *path = write_file(bytes, len);
    csvin_file *f = NULL;
    rs_error e = {0};
    size_t records = 0;
    assert_int_equal(csvin_open(path, &f, &e), RS_OK);
    assert_string_equal(csvin_encoding(f), "UTF-8");
    char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
    assert_string_equal(csvin_sha256(f), want);
    g_free(want);
    assert_int_equal(csvin_each(f, count_records, &records, &e), RS_OK);
    assert_int_equal(records, lines);
    csvin_free(f);
    unlink(path);

    const size_t bad = chunk + 100;
    size_t line = 1, col = 1;
    for (size_t i = 0; i < bad; i++)
        col = bytes[i] == '\n' ? (line++, 1) : col + 1;
    bytes[bad] = '\xFF';
    path = write_file(bytes, len);
    assert_int_equal(csvin_open(path, &f, &e), RS_EDATA);
    char where[96];
    snprintf(where, sizeof where, ":%zu:%zu: byte 0xFF is neither UTF-8 nor GB18030", line, col);
    assert_non_null(strstr(e.msg, where));
    unlink(path);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_trimming),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_undecodable_position),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_large_file_in_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
