/* Unit tests of the store interface (store/store.h) on its SQLite backend:
 * open and migrate, the errors of a missing store and of an old schema,
 * statements bound by name (and the error of a name the statement lacks),
 * the column accessors and a statement's rows as a table, the read-only
 * check of catalogue statements, transactions (a rollback undoes, a COMMIT
 * run by a statement inside store_begin is refused; store_begin takes the
 * write lock at once, a second writer waits for it up to its busy timeout
 * and then fails), the twin snapshot
 * (a second read-only connection is handed out only when it reads the same
 * snapshot as the first; after a commit in between, or for a connection
 * that is not a read-only file, there is none), store_tables_read (the
 * tables statements read, which decide the summaries an import rebuilds)
 * and store_exec_with. */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store.h"

static char dir[] = "/tmp/rs-test-db.XXXXXX";
static char path[64];

static int setup(void **state)
{
    store *db = NULL;
    rs_error e = {0};
    (void)state;
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/store.db", dir);
    if (store_open(path, STORE_CREATE, &db, &e) != RS_OK || store_migrate(db, &e) != RS_OK) {
        print_error("setup: %s\n", e.msg);
        store_close(db);
        return -1;
    }
    store_close(db);
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
    store *w = NULL;
    rs_error e = {0};
    assert_int_equal(store_open(path, 0, &w, &e), RS_OK);
    assert_int_equal(
        store_exec(w,
                   "INSERT INTO import_batches (table_name, file_name, sha256, encoding,"
                   " started_at, rows_read, rows_inserted, rows_replaced,"
                   " rows_unchanged, rows_rejected)"
                   " VALUES ('budgets', 'b.csv', 'x', 'UTF-8', 'now', 0, 0, 0, 0, 0)",
                   &e),
        RS_OK);
    store_close(w);
}

static void test_twin_same_snapshot(void **state)
{
    store *r = NULL, *twin = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(store_open(path, STORE_READONLY, &r, &e), RS_OK);
    assert_int_equal(store_open_twin(r, &twin), RS_OK);
    assert_non_null(twin);
    assert_int_equal(store_exec(twin, "SELECT COUNT(*) FROM payments", &e), RS_OK);
    store_close(twin);
    store_close(r);
}

static void test_no_twin_after_a_commit(void **state)
{
    store *r = NULL, *twin = NULL, *later = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(store_open(path, STORE_READONLY, &r, &e), RS_OK);
    commit_batch();
    assert_int_equal(store_open_twin(r, &twin), RS_OK);
    assert_null(twin); /* r still reads the store as it was before the commit */
    assert_int_equal(store_open(path, STORE_READONLY, &later, &e), RS_OK);
    assert_int_equal(store_open_twin(later, &twin), RS_OK);
    assert_non_null(twin);
    store_close(twin);
    store_close(later);
    store_close(r);
}

static void test_no_twin_for_writer_or_memory(void **state)
{
    store *w = NULL, *m = NULL, *twin = (store *)1;
    rs_error e = {0};
    (void)state;
    assert_int_equal(store_open(path, 0, &w, &e), RS_OK);
    assert_int_equal(store_open_twin(w, &twin), RS_OK);
    assert_null(twin);
    assert_int_equal(store_open(":memory:", STORE_CREATE, &m, &e), RS_OK);
    twin = (store *)1;
    assert_int_equal(store_open_twin(m, &twin), RS_OK);
    assert_null(twin);
    store_close(m);
    store_close(w);
}

static void test_tables_read(void **state)
{
    store *r = NULL;
    rs_error e = {0};
    GHashTable *read = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    (void)state;
    assert_int_equal(store_open(path, STORE_READONLY, &r, &e), RS_OK);
    assert_int_equal(store_tables_read(r,
                                       "WITH x AS (SELECT id_number FROM persons) "
                                       "SELECT p.period FROM payments p JOIN x USING (id_number);"
                                       " -- a comment between statements\n"
                                       "SELECT COUNT(*) FROM budgets WHERE year = :year",
                                       read, &e),
                     RS_OK);
    assert_int_equal(g_hash_table_size(read), 3);
    assert_true(g_hash_table_contains(read, "payments"));
    assert_true(g_hash_table_contains(read, "persons"));
    assert_true(g_hash_table_contains(read, "budgets"));
    assert_false(g_hash_table_contains(read, "households"));
    /* nothing was run, and a bad statement is an error */
    assert_int_equal(store_tables_read(r, "SELECT * FROM no_such_table", read, &e), RS_ESQL);
    g_hash_table_destroy(read);
    store_close(r);
}

static void test_exec_with(void **state)
{
    store *w = NULL;
    store_stmt *st = NULL;
    rs_error e = {0};
    bool row = false;
    (void)state;
    assert_int_equal(store_open(path, 0, &w, &e), RS_OK);
    assert_int_equal(store_exec_with(w,
                                     "INSERT INTO summary_months (period) VALUES (:m);"
                                     "INSERT INTO summary_months (period) VALUES (:m + 1);"
                                     "DELETE FROM summary_months WHERE period = 202402",
                                     ":m", 202401, &e),
                     RS_OK);
    assert_int_equal(store_prepare(w, "SELECT group_concat(period) FROM summary_months", &st, &e),
                     RS_OK);
    assert_int_equal(store_step(st, &row, &e), RS_OK);
    assert_true(row);
    assert_string_equal(store_column_text(st, 0), "202401");
    store_finalize(st);
    assert_int_equal(store_exec(w, "DELETE FROM summary_months", &e), RS_OK);
    store_close(w);
}

/* A missing store is the user's to create (RS_EUSAGE, naming init); a
 * location no backend takes is refused; a store with an old schema is
 * refused read-only with the version in the message. */
static void test_open_errors(void **state)
{
    char missing[96];
    store *db = (store *)1, *w = NULL;
    rs_error e = {0};
    (void)state;
    snprintf(missing, sizeof missing, "%s/none.db", dir);
    assert_int_equal(store_open(missing, STORE_READONLY, &db, &e), RS_EUSAGE);
    assert_null(db);
    assert_non_null(strstr(e.msg, "cannot open database"));
    assert_non_null(strstr(e.msg, "run `reliefstat init` to create it"));
    assert_int_equal(store_open("mysql://x/y", 0, &db, &e), RS_EUSAGE);
    assert_non_null(strstr(e.msg, "no store of this kind is built in"));
    /* a PostgreSQL URI goes to that backend: no server there, exit 3 */
    assert_int_equal(store_open("postgresql:///y?host=/nonexistent", 0, &db, &e), RS_EIO);
    assert_null(db);
    assert_non_null(strstr(e.msg, "cannot open database postgresql:///y"));
    assert_int_equal(store_open(path, 0, &w, &e), RS_OK);
    assert_int_equal(store_check_schema(w, &e), RS_OK);
    assert_int_equal(store_exec(w, "PRAGMA user_version = 5", &e), RS_OK);
    assert_int_equal(store_check_schema(w, &e), RS_EUSAGE);
    assert_string_equal(e.msg, "database schema version is 5, this program needs 7: run "
                               "`reliefstat init` first");
    assert_int_equal(store_open(path, STORE_READONLY, &db, &e), RS_EUSAGE);
    assert_non_null(strstr(e.msg, "schema version is 5"));
    assert_int_equal(store_exec(w, "PRAGMA user_version = 7", &e), RS_OK);
    assert_int_equal(store_check_schema(w, &e), RS_OK);
    store_close(w);
}

/* Parameters bound by name, in any order, NULL and text (copied or not);
 * the accessors and the rows as a table; a name the statement lacks and a
 * bad statement are errors with the store's message. */
static void test_bind_by_name(void **state)
{
    store *db = NULL;
    store_stmt *st = NULL;
    rs_table *t = NULL;
    rs_error e = {0};
    bool row = false;
    char text[8] = "abc";
    (void)state;
    assert_int_equal(store_open(":memory:", STORE_CREATE, &db, &e), RS_OK);
    assert_int_equal(
        store_prepare(db, "SELECT :b AS b, :a + 1 AS a, :t AS t, :n AS n, :d AS d", &st, &e),
        RS_OK);
    assert_int_equal(store_param_count(st), 5);
    assert_string_equal(store_param_name(st, 1), ":b");
    store_bind_int64(st, ":a", 41);
    store_bind_text(st, ":t", text);
    text[0] = 'X'; /* copied: the statement keeps "abc" */
    store_bind_text_ref(st, ":b", "ref");
    store_bind_null(st, ":n");
    store_bind_double(st, ":d", 2.5);
    assert_int_equal(store_step(st, &row, &e), RS_OK);
    assert_true(row);
    assert_int_equal(store_column_count(st), 5);
    assert_string_equal(store_column_name(st, 1), "a");
    assert_string_equal(store_column_text(st, 0), "ref");
    assert_int_equal(store_column_type(st, 1), STORE_INT);
    assert_int_equal(store_column_int64(st, 1), 42);
    assert_string_equal(store_column_text(st, 2), "abc");
    assert_true(store_column_is_null(st, 3));
    assert_int_equal(store_column_type(st, 4), STORE_REAL);
    assert_true(store_column_double(st, 4) == 2.5);
    assert_int_equal(store_step(st, &row, &e), RS_OK);
    assert_false(row);
    store_reset(st); /* bindings stay */
    assert_int_equal(store_table(st, &t, &e), RS_OK);
    assert_int_equal(t->nrows, 1);
    assert_int_equal(table_cell(t, 0, 1)->i, 42);
    assert_string_equal(table_cell(t, 0, 2)->s, "abc");
    assert_int_equal(table_cell(t, 0, 3)->type, VAL_NULL);
    table_free(t);
    store_reset(st);
    store_bind_int64(st, ":nosuch", 1); /* kept, reported by the step */
    assert_int_equal(store_step(st, &row, &e), RS_ESQL);
    assert_string_equal(e.msg, "cannot bind :nosuch: no such parameter");
    store_finalize(st);
    assert_int_equal(store_prepare(db, "SELECT * FROM nowhere", &st, &e), RS_ESQL);
    assert_null(st);
    assert_string_equal(e.msg, "cannot prepare statement: no such table: nowhere");
    store_close(db);
}

/* A rollback undoes what store_begin's transaction did; a commit keeps it;
 * a COMMIT a statement runs inside the transaction is refused and loses
 * the transaction. */
static void test_transactions(void **state)
{
    store *w = NULL;
    store_stmt *st = NULL;
    rs_table *t = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(store_open(path, 0, &w, &e), RS_OK);
    assert_false(store_in_transaction(w));
    assert_int_equal(store_begin(w, &e), RS_OK);
    assert_true(store_in_transaction(w));
    assert_int_equal(store_exec(w, "INSERT INTO summary_months (period) VALUES (202301)", &e),
                     RS_OK);
    store_rollback(w);
    assert_false(store_in_transaction(w));
    assert_int_equal(store_begin(w, &e), RS_OK);
    assert_int_equal(store_exec(w, "INSERT INTO summary_months (period) VALUES (202302)", &e),
                     RS_OK);
    assert_int_equal(store_exec(w, "COMMIT", &e), RS_ESQL); /* not store_commit's */
    assert_false(store_in_transaction(w));
    store_rollback(w);
    assert_int_equal(store_begin(w, &e), RS_OK);
    assert_int_equal(store_exec(w, "INSERT INTO summary_months (period) VALUES (202303)", &e),
                     RS_OK);
    assert_int_equal(store_commit(w, &e), RS_OK);
    assert_false(store_in_transaction(w));
    assert_int_equal(store_prepare(w, "SELECT period FROM summary_months ORDER BY 1", &st, &e),
                     RS_OK);
    assert_int_equal(store_table(st, &t, &e), RS_OK);
    assert_int_equal(t->nrows, 1);
    assert_int_equal(table_cell(t, 0, 0)->i, 202303);
    table_free(t);
    store_finalize(st);
    assert_int_equal(store_exec(w, "DELETE FROM summary_months", &e), RS_OK);
    store_close(w);
}

/* Milliseconds since an arbitrary start. */
static int64_t now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

/* A thread that sleeps 300 ms, then commits the transaction of the
 * connection it is given (the main thread no longer touches it). */
static gpointer commit_later(gpointer arg)
{
    rs_error e = {0};
    g_usleep(300 * 1000);
    return GINT_TO_POINTER(store_commit(arg, &e));
}

/* store_begin takes the write lock before any statement runs: a second
 * writer's store_begin waits for its busy timeout (200 ms here, not the
 * 10 s default) and fails; given a longer timeout, it waits until the
 * first commits and then succeeds. */
static void test_begin_immediate_and_busy_timeout(void **state)
{
    store *a = NULL, *b = NULL;
    rs_error e = {0};
    int64_t t0, waited;
    (void)state;
    assert_int_equal(store_open(path, 0, &a, &e), RS_OK);
    assert_int_equal(store_open(path, 0, &b, &e), RS_OK);
    assert_int_equal(store_begin(a, &e), RS_OK); /* a has run no statement */
    store_busy_timeout(b, 200);
    t0 = now_ms();
    assert_int_equal(store_begin(b, &e), RS_ESQL);
    waited = now_ms() - t0;
    assert_true(waited >= 150);
    assert_true(waited < 5000);
    assert_false(store_in_transaction(b));
    store_busy_timeout(b, 10000);
    GThread *th = g_thread_new("commit", commit_later, a);
    t0 = now_ms();
    assert_int_equal(store_begin(b, &e), RS_OK);
    waited = now_ms() - t0;
    assert_int_equal(GPOINTER_TO_INT(g_thread_join(th)), RS_OK);
    assert_true(waited >= 200);
    assert_true(waited < 5000);
    assert_int_equal(store_commit(b, &e), RS_OK);
    store_close(b);
    store_close(a);
}

/* The read-only check of catalogue statements: one statement that reads
 * passes; the rest are told apart. */
static void test_prepare_readonly(void **state)
{
    store *db = NULL;
    store_stmt *st = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(store_open(path, STORE_READONLY, &db, &e), RS_OK);
    assert_int_equal(store_prepare_readonly(db, "SELECT COUNT(*) FROM payments -- c\n;", &st, &e),
                     STORE_CHECK_OK);
    assert_non_null(st);
    store_finalize(st);
    assert_int_equal(store_prepare_readonly(db, "DELETE FROM payments", &st, &e),
                     STORE_CHECK_REFUSED);
    assert_string_equal(e.msg, "statements that change the database are not allowed");
    assert_null(st);
    assert_int_equal(store_prepare_readonly(db, "ATTACH 'x.db' AS x", &st, &e),
                     STORE_CHECK_REFUSED);
    assert_string_equal(e.msg, "ATTACH is not allowed");
    assert_int_equal(store_prepare_readonly(db, "PRAGMA journal_mode", &st, &e),
                     STORE_CHECK_REFUSED);
    assert_int_equal(store_prepare_readonly(db, "SELECT load_extension('x')", &st, &e),
                     STORE_CHECK_REFUSED);
    assert_string_equal(e.msg, "load_extension() is not allowed");
    assert_int_equal(store_prepare_readonly(db, "SELEC 1", &st, &e), STORE_CHECK_INVALID);
    assert_non_null(strstr(e.msg, "syntax error"));
    assert_int_equal(store_prepare_readonly(db, "-- nothing\n", &st, &e), STORE_CHECK_EMPTY);
    assert_int_equal(store_prepare_readonly(db, "SELECT 1; SELECT 2", &st, &e),
                     STORE_CHECK_SEVERAL);
    assert_null(st);
    store_close(db);
}

/* The catalogue's SQL functions, registered twice without harm. */
static void test_functions(void **state)
{
    store *db = NULL;
    store_stmt *st = NULL;
    rs_error e = {0};
    bool row = false;
    (void)state;
    assert_int_equal(store_open(":memory:", STORE_CREATE, &db, &e), RS_OK);
    assert_int_equal(store_register_functions(db, &e), RS_OK);
    assert_int_equal(store_register_functions(db, &e), RS_OK);
    assert_int_equal(store_prepare(db, "SELECT fmt_yuan(1250), fmt_date(NULL)", &st, &e), RS_OK);
    assert_int_equal(store_step(st, &row, &e), RS_OK);
    assert_string_equal(store_column_text(st, 0), "12.50");
    assert_true(store_column_is_null(st, 1));
    store_finalize(st);
    store_close(db);
}

/* What lies between statements: blanks, ';' and comments. */
const char *skip_space(const char *p);
static void test_skip_space(void **state)
{
    (void)state;
    assert_string_equal(skip_space("  ; -- c\n /* x */ SELECT"), "SELECT");
    assert_string_equal(skip_space("/* open"), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_bind_by_name),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_begin_immediate_and_busy_timeout),
        cmocka_unit_test(test_prepare_readonly),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_skip_space),
        cmocka_unit_test(test_twin_same_snapshot),
        cmocka_unit_test(test_no_twin_after_a_commit),
        cmocka_unit_test(test_no_twin_for_writer_or_memory),
        cmocka_unit_test(test_tables_read),
        cmocka_unit_test(test_exec_with),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
