/*
 * fuzz_import: libFuzzer target for the whole import of one file: decoding,
 * header and alias matching, cell validation against the contract table's
 * descriptor and the store, each time on a freshly migrated in-memory
 * store.  The first input byte chooses the table and the mode
 * (all-or-nothing or --partial); the rest is the CSV file.  Besides
 * surviving any bytes, an all-or-nothing import that fails must leave the
 * store exactly as it was, and one that succeeds must record exactly one
 * batch.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fcntl.h>

#include "store/store.h"
#include "store/import.h"
#include "engine/engine.h"
#include "fuzz.h"

static const char *const tables[] = {"divisions",    "standards",      "params",    "households",
                                     "persons",      "enrolments",     "payments",  "budgets",
                                     "applications", "reviews",        "referrals", "warnings",
                                     "crosscheck",   "staff_relatives"};
#define NTABLES (sizeof tables / sizeof tables[0])

static int devnull = -1, saved_stderr = -1;

/* Sanitizer reports keep going to the real standard error while the
 * import's row errors (expected by the thousand) go to /dev/null. */
void __sanitizer_set_report_fd(void *fd);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    setenv("RELIEFSTAT_HOME", FUZZ_HOME, 0);
    devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    saved_stderr = dup(2);
    __sanitizer_set_report_fd((void *)(intptr_t)saved_stderr);
    store_init();
    return 0;
}

/* The number of rows of SELECT count(*) FROM table (a name from tables[]). */
static long count_rows(store *db, const char *table)
{
    char sql[128];
    store_stmt *st = NULL;
    rs_error e;
    bool row = false;
    long n = -1;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    if (store_prepare(db, sql, &st, &e) == RS_OK && store_step(st, &row, &e) == RS_OK && row)
        n = (long)store_column_int64(st, 0);
    store_finalize(st);
    return n;
}

/* Writes data to a memory file; returns its descriptor and its path in
 * path, or -1. */
static int memory_file(const uint8_t *data, size_t size, char *path, size_t n)
{
    int fd = memfd_create("fuzz.csv", MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (size > 0 && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return -1;
    }
    snprintf(path, n, "/proc/self/fd/%d", fd);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    store *db = NULL;
    rs_error e = {0};
    if (size < 1) return 0;
    const char *table = tables[data[0] % NTABLES];
    bool partial = data[0] & 0x80;
    int fd = memory_file(data + 1, size - 1, path, sizeof path);
    if (fd < 0) return 0;
    CHECK(store_open(":memory:", STORE_CREATE, &db, &e) == RS_OK);
    CHECK(store_migrate(db, &e) == RS_OK);
    long before = count_rows(db, table), batches = count_rows(db, "import_batches");
    import_source src = {.path = path, .table = table};
    import_options opt = {
        .partial = partial, .rejects = NULL, .summary = false, .refresh = engine_refresh_summaries};
    dup2(devnull, 2);
    rs_status s = import_run(db, &src, 1, &opt, &e);
    dup2(saved_stderr, 2);
    CHECK(s == RS_OK || s == RS_EDATA);
    if (s == RS_OK) {
        CHECK(count_rows(db, "import_batches") == batches + 1);
    } else if (!partial) {
        CHECK(count_rows(db, table) == before);
        CHECK(count_rows(db, "import_batches") == batches);
    }
    store_close(db);
    close(fd);
    return 0;
}
