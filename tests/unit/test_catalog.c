/* Unit tests of the query catalogue: header parsing, parameter conversion
 * and derived values, usage errors, the read-only guard (writes, ATTACH,
 * PRAGMA writes, load_extension, several statements) and the shared SQL of
 * queries/lib/ (sql_include).  The test
 * queries live in a temporary RELIEFSTAT_HOME, never in the real catalogue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "store/store.h"
#include "engine/catalog.h"

static char home[256];

/* Write queries/NAME.sql in the test home. */
static void write_query(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/queries/%s.sql", home, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    char dir[300];
    snprintf(home, sizeof home, "/tmp/rs-catalog-XXXXXX");
    if (!mkdtemp(home)) return -1;
    snprintf(dir, sizeof dir, "%s/queries", home);
    mkdir(dir, 0700);
    setenv("RELIEFSTAT_HOME", home, 1);
    write_query("derived", "-- Every derived value of a region and a month.\n"
                           "-- Second line of the description.\n"
                           "-- param: region region   the unit\n"
                           "-- param: period month\n"
                           "-- param: who text\n"
                           "SELECT :region, :region_end, :period, :period_start, :period_end,\n"
                           "       :period_year_start, :period_year_jdn, :period_end_ymd,\n"
                           "       :period_start_secs, :period_end_secs, :period_first12, :who,\n"
                           "       :period_back12");
    write_query("money", "-- param: amount money\n-- param: day date\nSELECT :amount, :day");
    write_query("deleter", "-- param: region region\nDELETE FROM t WHERE x = :region");
    write_query("attacher", "ATTACH DATABASE '/tmp/x.db' AS x");
    write_query("pragma_write", "PRAGMA user_version = 7");
    write_query("loader", "SELECT load_extension('/tmp/evil.so')");
    write_query("two", "SELECT 1; DELETE FROM t");
    write_query("two_trailing_comment", "SELECT 1; -- done\n/* end */\n");
    write_query("undeclared", "-- param: region region\nSELECT :region, :period");
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    return system(cmd) == 0 ? 0 : -1;
}

/* Open an in-memory database with a table t. */
static store *memdb(void)
{
    store *db = NULL;
    rs_error e = {0};
    assert_int_equal(store_open(":memory:", STORE_CREATE, &db, &e), RS_OK);
    assert_int_equal(store_exec(db, "CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1)", &e),
                     RS_OK);
    return db;
}

/* The rows of sql on db as a new table. */
static rs_table *rows_of(store *db, const char *sql)
{
    store_stmt *st = NULL;
    rs_table *t = NULL;
    rs_error e = {0};
    if (store_prepare(db, sql, &st, &e) != RS_OK || store_table(st, &t, &e) != RS_OK)
        fail_msg("%s: %s", sql, e.msg);
    store_finalize(st);
    return t;
}

static void test_header(void **state)
{
    catalog_query *q = NULL;
    rs_error e = {0};
    assert_int_equal(catalog_load("derived", &q, &e), RS_OK);
    assert_string_equal(q->description,
                        "Every derived value of a region and a month. Second line of the "
                        "description.");
    assert_int_equal(q->nparams, 3);
    assert_string_equal(q->params[0].name, "region");
    assert_int_equal(q->params[0].type, CATALOG_REGION);
    assert_string_equal(q->params[0].description, "the unit");
    assert_int_equal(q->params[1].type, CATALOG_MONTH);
    assert_int_equal(q->params[2].type, CATALOG_TEXT);
    catalog_free(q);
    assert_int_equal(catalog_load("../etc/passwd", &q, &e), RS_EUSAGE);
    assert_int_equal(catalog_load("no_such_query", &q, &e), RS_EUSAGE);
    assert_non_null(strstr(e.msg, "no query named"));
}

static void test_derived_values(void **state)
{
    store *db = memdb();
    rs_table *t = NULL;
    rs_error e = {0};
    catalog_arg args[] = {{"region", "6523"}, {"period", "2024-02"}, {"who", "x'; DROP--"}};
    assert_int_equal(catalog_run(db, "derived", args, 3, &t, &e), RS_OK);
    assert_int_equal(t->nrows, 1);
    assert_int_equal(table_cell(t, 0, 0)->i, 652300000000LL);
    assert_int_equal(table_cell(t, 0, 1)->i, 652400000000LL);
    assert_int_equal(table_cell(t, 0, 2)->i, 202402);
    assert_int_equal(table_cell(t, 0, 3)->i, 2460342); /* 2024-02-01 */
    assert_int_equal(table_cell(t, 0, 4)->i, 2460370); /* 2024-02-29, a leap year */
    assert_int_equal(table_cell(t, 0, 5)->i, 202401);
    assert_int_equal(table_cell(t, 0, 6)->i, 2460311); /* 2024-01-01 */
    assert_int_equal(table_cell(t, 0, 7)->i, 20240229);
    assert_int_equal(table_cell(t, 0, 8)->i, 1706745600LL); /* 2024-02-01 00:00 */
    assert_int_equal(table_cell(t, 0, 9)->i, 1709251200LL); /* 2024-03-01 00:00 */
    assert_int_equal(table_cell(t, 0, 10)->i, 202303);
    assert_string_equal(table_cell(t, 0, 11)->s, "x'; DROP--");
    assert_int_equal(table_cell(t, 0, 12)->i, 202302); /* twelve months before */
    table_free(t);
    catalog_arg money[] = {{"amount", "1,234.5"}, {"day", "2024/9/5"}};
    assert_int_equal(catalog_run(db, "money", money, 2, &t, &e), RS_OK);
    assert_int_equal(table_cell(t, 0, 0)->i, 123450);
    assert_int_equal(table_cell(t, 0, 1)->i, 2460559);
    table_free(t);
    store_close(db);
}

static void test_usage_errors(void **state)
{
    store *db = memdb();
    rs_table *t = NULL;
    rs_error e = {0};
    catalog_arg missing[] = {{"region", "6523"}, {"period", "2024-09"}};
    assert_int_equal(catalog_run(db, "derived", missing, 2, &t, &e), RS_EUSAGE);
    assert_non_null(strstr(e.msg, "needs parameter 'who'"));
    catalog_arg unknown[] = {
        {"region", "6523"}, {"period", "2024-09"}, {"who", "a"}, {"bogus", "1"}};
    assert_int_equal(catalog_run(db, "derived", unknown, 4, &t, &e), RS_EUSAGE);
    assert_non_null(strstr(e.msg, "no parameter 'bogus'"));
    catalog_arg bad[] = {
        {"region", "'; DROP TABLE payments; --"}, {"period", "2024-09"}, {"who", "a"}};
    assert_int_equal(catalog_run(db, "derived", bad, 3, &t, &e), RS_EUSAGE);
    assert_non_null(strstr(e.msg, "is not a region code"));
    catalog_arg badmonth[] = {{"region", "6523"}, {"period", "2024-13"}, {"who", "a"}};
    assert_int_equal(catalog_run(db, "derived", badmonth, 3, &t, &e), RS_EUSAGE);
    assert_null(t);
    store_close(db);
}

/* Run query name with args on a fresh database; expect status and a
 * message containing want; the table t must be intact afterwards. */
static void expect_refused(const char *name, const catalog_arg *args, size_t n, rs_status want,
                           const char *text)
{
    store *db = memdb();
    rs_table *t = NULL;
    rs_error e = {0};
    assert_int_equal(catalog_run(db, name, args, n, &t, &e), want);
    assert_null(t);
    if (!strstr(e.msg, text)) fail_msg("%s: message '%s' lacks '%s'", name, e.msg, text);
    t = rows_of(db, "SELECT count(*) FROM t");
    assert_int_equal(table_cell(t, 0, 0)->i, 1);
    table_free(t);
    store_close(db);
}

static void test_guard(void **state)
{
    catalog_arg region[] = {{"region", "1"}};
    region[0].value = "65";
    expect_refused("deleter", region, 1, RS_ETEMPLATE, "change the database");
    expect_refused("attacher", NULL, 0, RS_ETEMPLATE, "ATTACH is not allowed");
    expect_refused("pragma_write", NULL, 0, RS_ETEMPLATE, "PRAGMA user_version");
    expect_refused("loader", NULL, 0, RS_ETEMPLATE, "load_extension");
    expect_refused("two", NULL, 0, RS_ETEMPLATE, "exactly one statement");
    expect_refused("undeclared", region, 1, RS_ETEMPLATE, ":period is neither declared");
}

static void test_trailing_comment_is_one_statement(void **state)
{
    store *db = memdb();
    rs_table *t = NULL;
    rs_error e = {0};
    assert_int_equal(catalog_run(db, "two_trailing_comment", NULL, 0, &t, &e), RS_OK);
    assert_int_equal(t->nrows, 1);
    table_free(t);
    store_close(db);
}

static void test_list(void **state)
{
    rs_table *t = NULL;
    rs_error e = {0};
    assert_int_equal(catalog_list(&t, &e), RS_OK);
    assert_int_equal(t->nrows, 9);
    assert_string_equal(table_cell(t, 0, 0)->s, "attacher");
    assert_string_equal(table_cell(t, 1, 0)->s, "deleter");
    assert_string_equal(table_cell(t, 2, 1)->s, "region:region period:month who:text");
    table_free(t);
}

static void test_sql_functions(void **state)
{
    store *db = memdb();
    rs_table *t = NULL;
    rs_error e = {0};
    assert_int_equal(store_register_functions(db, &e), RS_OK);
    assert_int_equal(store_register_functions(db, &e), RS_OK);
    t = rows_of(db, "SELECT id_birth_ymd('65232519800101001X'),"
                    " id_check_ok('65232519800101001X'),"
                    " id_check_ok('652325198001010010'),"
                    " id_check_ok('652325800101001'),"
                    " id_birth_ymd('652325800101001'),"
                    " id_birth_ymd('652325198002300012'),"
                    " fmt_date(2460555), fmt_yuan(123405),"
                    " fmt_date(jdn_add_months(2460401, -1)),"
                    " fmt_date(jdn_add_months(2460584, -24)),"
                    " jdn_add_months(NULL, 1), jdn_add_months(2460584, NULL)");
    assert_int_equal(t->nrows, 1);
    assert_int_equal(table_cell(t, 0, 0)->i, 19800101);
    assert_int_equal(table_cell(t, 0, 1)->i, 1);
    assert_int_equal(table_cell(t, 0, 2)->i, 0);
    assert_int_equal(table_cell(t, 0, 3)->type, VAL_NULL);
    assert_int_equal(table_cell(t, 0, 4)->i, 19800101);
    assert_int_equal(table_cell(t, 0, 5)->type, VAL_NULL); /* 30 February */
    assert_string_equal(table_cell(t, 0, 6)->s, "2024-09-01");
    assert_string_equal(table_cell(t, 0, 7)->s, "1234.05");
    /* 2024-03-31 - 1 month, clamped; 2024-09-30 - 24 months */
    assert_string_equal(table_cell(t, 0, 8)->s, "2024-02-29");
    assert_string_equal(table_cell(t, 0, 9)->s, "2022-09-30");
    assert_int_equal(table_cell(t, 0, 10)->type, VAL_NULL);
    assert_int_equal(table_cell(t, 0, 11)->type, VAL_NULL);
    table_free(t);
    store_close(db);
}

/* The path of queries/lib/NAME.sql in the test home (a static buffer). */
static const char *lib_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/queries/lib/%s.sql", home, name);
    return path;
}

/* Write queries/lib/NAME.sql in the test home. */
static void write_lib(const char *name, const char *text)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/queries/lib", home);
    mkdir(dir, 0700);
    FILE *f = fopen(lib_path(name), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Load query name and expect status s with a message holding want. */
static void expect_load_error(const char *name, rs_status s, const char *want)
{
    catalog_query *q = NULL;
    rs_error e = {0};
    assert_int_equal(catalog_load(name, &q, &e), s);
    assert_null(q);
    if (!strstr(e.msg, want)) fail_msg("'%s' lacks '%s'", e.msg, want);
}

/* "-- include: lib/NAME.sql" lines are replaced by the file, whatever their
 * indentation and line end; other comments stay; the header is the query's
 * own; bad names, missing files and nested includes are refused, naming the
 * file and line.  Runs last: test_list counts the queries of the home. */
static void test_include(void **state)
{
    store *db = memdb();
    catalog_query *q = NULL;
    rs_table *t = NULL;
    rs_error e = {0};
    catalog_arg n[] = {{"n", "41"}};
    write_lib("pair", "-- pair: one row (a, :n).\npair AS (SELECT 1 AS a, :n AS b),\n");
    write_lib("nest", "-- include: lib/pair.sql\n");
    write_query("with_include", "-- Sums a pair.\n-- param: n int\nWITH\n"
                                "  -- include:  lib/pair.sql \r\n"
                                "-- includes: lib/none.sql, not an include\n"
                                "summed AS (SELECT a + b AS s FROM pair)\nSELECT s FROM summed");
    assert_int_equal(catalog_load("with_include", &q, &e), RS_OK);
    assert_string_equal(q->description, "Sums a pair.");
    assert_int_equal(q->nparams, 1);
    assert_non_null(strstr(q->sql, "WITH\n-- pair: one row (a, :n).\npair AS (SELECT 1 AS a, :n "
                                   "AS b),\n-- includes: lib/none.sql"));
    assert_non_null(q->included);
    assert_string_equal(q->included[0], lib_path("pair"));
    assert_null(q->included[1]);
    catalog_free(q);
    assert_int_equal(catalog_run(db, "with_include", n, 1, &t, &e), RS_OK);
    assert_int_equal(table_cell(t, 0, 0)->i, 42);
    table_free(t);

    /* The files included, each once, in order; none: NULL. */
    write_lib("one", "one AS (SELECT 1 AS a),\n");
    write_query("two_includes", "WITH\n-- include: lib/one.sql\n-- include: lib/pair.sql\n"
                                "-- include: lib/one.sql\nSELECT 1");
    assert_int_equal(catalog_load("two_includes", &q, &e), RS_OK);
    assert_string_equal(q->included[0], lib_path("one"));
    assert_string_equal(q->included[1], lib_path("pair"));
    assert_null(q->included[2]);
    catalog_free(q);
    write_query("no_include", "-- include lib/pair.sql: not an include\nSELECT 1");
    assert_int_equal(catalog_load("no_include", &q, &e), RS_OK);
    assert_null(q->included);
    catalog_free(q);

    write_query("include_outside", "WITH\n-- include: ../queries/derived.sql\nx AS (SELECT 1)\n"
                                   "SELECT * FROM x");
    expect_load_error("include_outside", RS_ETEMPLATE,
                      "include_outside.sql:2: include '../queries/derived.sql': not a file "
                      "lib/NAME.sql");
    write_query("include_missing", "WITH\n\n-- include: lib/nosuch.sql\nSELECT 1");
    expect_load_error("include_missing", RS_EIO, "include_missing.sql:3: include lib/nosuch.sql");
    write_query("include_nested", "WITH\n-- include: lib/nest.sql\nSELECT 1");
    expect_load_error("include_nested", RS_ETEMPLATE, "nest.sql: includes do not nest");
    store_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_derived_values),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_guard),
        cmocka_unit_test(test_trailing_comment_is_one_statement),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_sql_functions),
        cmocka_unit_test(test_include),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
