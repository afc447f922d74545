/* Unit tests of db_open_twin: a second read-only connection is handed out
 * only when it reads the same snapshot as the first; after a commit in
 * between, or for a connection that is not a read-only file, there is
 * none (the caller then runs everything on its own connection).  And of
 * db_tables_read (the tables statements read, which decide the summaries
 * an import rebuilds) and db_exec_with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"

static char dir[] = "/tmp/rs-test-db.XXXXXX";
static char path[64];

static int setup(void **state)
{
    sqlite3 *db = NULL;
    rs_error e = {0};
    (void)state;
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/store.db", dir);
    if (db_open(path, false, true, &db, &e) != RS_OK || db_migrate(db, &e) != RS_OK) {
        print_error("setup: %s\n", e.msg);
        db_close(db);
        return -1;
    }
    db_close(db);
    return 0;
}

static int teardown(void **state)
{
    char f[96];
    (void)state;
    for (const char *const *x = (const char *const[]){"", "-wal", "-shm", NULL}; *x; x++) {
        snprintf(f, sizeof f, "%s%s", path, *x);
        unlink(f);
    }
    rmdir(dir);
    return 0;
}

/* Commit one more import batch through a writer connection. */
static void commit_batch(void)
{
    sqlite3 *w = NULL;
    rs_error e = {0};
    assert_int_equal(db_open(path, false, false, &w, &e), RS_OK);
    assert_int_equal(db_exec(w,
                             "INSERT INTO import_batches (table_name, file_name, sha256, encoding,"
                             " started_at, rows_read, rows_inserted, rows_replaced,"
                             " rows_unchanged, rows_rejected)"
                             " VALUES ('budgets', 'b.csv', 'x', 'UTF-8', 'now', 0, 0, 0, 0, 0)",
                             &e),
                     RS_OK);
    db_close(w);
}

static void test_twin_same_snapshot(void **state)
{
    sqlite3 *r = NULL, *twin = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(db_open(path, true, false, &r, &e), RS_OK);
    assert_int_equal(db_open_twin(r, &twin), RS_OK);
    assert_non_null(twin);
    assert_int_equal(db_exec(twin, "SELECT COUNT(*) FROM payments", &e), RS_OK);
    db_close(twin);
    db_close(r);
}

static void test_no_twin_after_a_commit(void **state)
{
    sqlite3 *r = NULL, *twin = NULL, *later = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(db_open(path, true, false, &r, &e), RS_OK);
    commit_batch();
    assert_int_equal(db_open_twin(r, &twin), RS_OK);
    assert_null(twin); /* r still reads the store as it was before the commit */
    assert_int_equal(db_open(path, true, false, &later, &e), RS_OK);
    assert_int_equal(db_open_twin(later, &twin), RS_OK);
    assert_non_null(twin);
    db_close(twin);
    db_close(later);
    db_close(r);
}

static void test_no_twin_for_writer_or_memory(void **state)
{
    sqlite3 *w = NULL, *m = NULL, *twin = (sqlite3 *)1;
    rs_error e = {0};
    (void)state;
    assert_int_equal(db_open(path, false, false, &w, &e), RS_OK);
    assert_int_equal(db_open_twin(w, &twin), RS_OK);
    assert_null(twin);
    assert_int_equal(sqlite3_open(":memory:", &m), SQLITE_OK);
    twin = (sqlite3 *)1;
    assert_int_equal(db_open_twin(m, &twin), RS_OK);
    assert_null(twin);
    sqlite3_close(m);
    db_close(w);
}

static void test_tables_read(void **state)
{
    sqlite3 *r = NULL;
    rs_error e = {0};
    GHashTable *read = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    (void)state;
    assert_int_equal(db_open(path, true, false, &r, &e), RS_OK);
    assert_int_equal(db_tables_read(r,
                                    "WITH x AS (SELECT id_number FROM persons) "
                                    "SELECT p.period FROM payments p JOIN x USING (id_number);"
                                    " -- a comment between statements\n"
                                    "SELECT COUNT(*) FROM budgets WHERE year = ?1",
                                    read, &e),
                     RS_OK);
    assert_int_equal(g_hash_table_size(read), 3);
    assert_true(g_hash_table_contains(read, "payments"));
    assert_true(g_hash_table_contains(read, "persons"));
    assert_true(g_hash_table_contains(read, "budgets"));
    assert_false(g_hash_table_contains(read, "households"));
    /* nothing was run, and a bad statement is an error */
    assert_int_equal(db_tables_read(r, "SELECT * FROM no_such_table", read, &e), RS_ESQL);
    g_hash_table_destroy(read);
    db_close(r);
}

static void test_exec_with(void **state)
{
    sqlite3 *w = NULL;
    sqlite3_stmt *st = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(db_open(path, false, false, &w, &e), RS_OK);
    assert_int_equal(db_exec_with(w,
                                  "INSERT INTO summary_months (period) VALUES (?1);"
                                  "INSERT INTO summary_months (period) VALUES (?1 + 1);"
                                  "DELETE FROM summary_months WHERE period = 202402",
                                  202401, &e),
                     RS_OK);
    assert_int_equal(
        sqlite3_prepare_v2(w, "SELECT group_concat(period) FROM summary_months", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "202401");
    sqlite3_finalize(st);
    db_close(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twin_same_snapshot),
        cmocka_unit_test(test_no_twin_after_a_commit),
        cmocka_unit_test(test_no_twin_for_writer_or_memory),
        cmocka_unit_test(test_tables_read),
        cmocka_unit_test(test_exec_with),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
