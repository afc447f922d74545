/* Unit tests of the PostgreSQL backend's pure parts (store/pg_sql.c), which
 * need no server: the conversion of :name parameters to $1..$N (a name met
 * again keeps its number; strings, quoted identifiers, comments, dollar
 * quotes and :: casts are copied untouched; a statement ends at a ';'
 * outside them), and the store type of a value of each PostgreSQL type
 * (integers and booleans as integers, numeric as an integer only without a
 * fraction, floats as reals, the rest as text), which SQLSTATEs make a
 * statement be prepared again with its values' types, and the escaping of
 * a value for COPY's text format.  The e2e test
 * pg_same_answers runs the backend itself against a server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/pg_int.h"

/* Convert the first statement of sql; the converted text in out (the
 * caller frees it), the names joined by ',' in names_out, the rest of sql
 * returned. */
static const char *convert(const char *sql, char **out, char **names_out, bool *empty)
{
    GString *text = g_string_new(NULL), *joined = g_string_new(NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *tail = pg_sql_convert(sql, text, names, empty);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf(joined, "%s%s", i ? "," : "", (char *)names->pdata[i]);
    *out = g_string_free(text, FALSE);
    *names_out = g_string_free(joined, FALSE);
    g_ptr_array_free(names, TRUE);
    return tail;
}

static void assert_converts(const char *sql, const char *want, const char *want_names)
{
    char *out, *names;
    bool empty;
    convert(sql, &out, &names, &empty);
    assert_string_equal(out, want);
    assert_string_equal(names, want_names);
    g_free(out);
    g_free(names);
}

static void test_names_numbered(void **state)
{
    (void)state;
    assert_converts("SELECT * FROM t WHERE a = :a AND b = :b OR a = :a",
                    "SELECT * FROM t WHERE a = $1 AND b = $2 OR a = $1", ":a,:b");
    assert_converts(":month IN (0, period)", "$1 IN (0, period)", ":month");
    assert_converts("VALUES (:v1, :v10, :v1_x)", "VALUES ($1, $2, $3)", ":v1,:v10,:v1_x");
    assert_converts("SELECT 1", "SELECT 1", "");
}

static void test_quotes_and_casts(void **state)
{
    (void)state;
    assert_converts("SELECT ':no', 'it''s :no', x::bigint, :yes::text",
                    "SELECT ':no', 'it''s :no', x::bigint, $1::text", ":yes");
    assert_converts("SELECT \"a:b\", E'\\' :no', :y", "SELECT \"a:b\", E'\\' :no', $1", ":y");
    assert_converts("SELECT $$ :no ; $$, $f$ :no $f$, :y", "SELECT $$ :no ; $$, $f$ :no $f$, $1",
                    ":y");
    assert_converts("SELECT 1 -- :no ;\n, :y /* :no ; /* nested */ :no */",
                    "SELECT 1 -- :no ;\n, $1 /* :no ; /* nested */ :no */", ":y");
    /* $1 is no dollar quote: left as it is (the store's SQL names its parameters) */
    assert_converts("SELECT $1, :y", "SELECT $1, $1", ":y");
}

static void test_statements_split(void **state)
{
    char *out, *names;
    bool empty;
    const char *sql = "DELETE FROM t WHERE ';' = :a; INSERT INTO t VALUES (:b);  -- end\n";
    (void)state;
    const char *tail = convert(sql, &out, &names, &empty);
    assert_string_equal(out, "DELETE FROM t WHERE ';' = $1");
    assert_false(empty);
    g_free(out), g_free(names);
    tail = convert(tail, &out, &names, &empty);
    assert_string_equal(out, " INSERT INTO t VALUES ($1)");
    assert_string_equal(names, ":b");
    g_free(out), g_free(names);
    tail = convert(tail, &out, &names, &empty);
    assert_true(empty);
    assert_string_equal(tail, "");
    g_free(out), g_free(names);
    convert("  /* only a comment */ ", &out, &names, &empty);
    assert_true(empty);
    g_free(out), g_free(names);
    convert("  'x' ", &out, &names, &empty);
    assert_false(empty);
    g_free(out), g_free(names);
}

static void test_value_types(void **state)
{
    (void)state;
    assert_int_equal(pg_value_type(20, "12"), STORE_INT);    /* int8 */
    assert_int_equal(pg_value_type(23, "-1"), STORE_INT);    /* int4 */
    assert_int_equal(pg_value_type(16, "t"), STORE_INT);     /* bool */
    assert_int_equal(pg_value_type(1700, "123"), STORE_INT); /* sum(bigint) */
    assert_int_equal(pg_value_type(1700, "2.50"), STORE_REAL);
    assert_int_equal(pg_value_type(1700, "NaN"), STORE_REAL);
    assert_int_equal(pg_value_type(701, "0.5"), STORE_REAL); /* float8 */
    assert_int_equal(pg_value_type(25, "text"), STORE_TEXT); /* text */
    assert_int_equal(pg_value_type(1043, "12"), STORE_TEXT); /* varchar */
    assert_int_equal(pg_value_type(20, NULL), STORE_NULL);
    assert_true(pg_type_is_bool(16));
    assert_false(pg_type_is_bool(20));
}

static void test_parameter_types(void **state)
{
    (void)state;
    assert_int_equal(pg_type_of_kind(PG_INT), 20);
    assert_int_equal(pg_type_of_kind(PG_REAL), 701);
    assert_int_equal(pg_type_of_kind(PG_TEXT), 0); /* the server's choice */
    assert_true(pg_kind_fits(23, PG_INT, 2147483647));
    assert_false(pg_kind_fits(23, PG_INT, 2147483648LL)); /* int4 too small: typed again */
    assert_true(pg_kind_fits(20, PG_INT, INT64_MAX));
    assert_false(pg_kind_fits(20, PG_REAL, 0));
    assert_true(pg_kind_fits(701, PG_REAL, 0));
    assert_true(pg_kind_fits(23, PG_NULL, 0));
}

static void test_more_names(void **state)
{
    (void)state;
    /* a colon inside a word or before a digit is no parameter (a[1:2]) */
    assert_converts("SELECT a[1:2], x:y, :p::int8, (:q)", "SELECT a[1:2], x:y, $1::int8, ($2)",
                    ":p,:q");
    /* CJK text; a name starts with a letter or '_' and may go on in UTF-8 */
    assert_converts("SELECT '低保:no', :a名, :名", "SELECT '低保:no', $1, :名", ":a名");
    assert_converts("SELECT 'a''', :b", "SELECT 'a''', $1", ":b");
    /* an unterminated quote runs to the end: nothing inside is a name */
    assert_converts("SELECT 'open :no", "SELECT 'open :no", "");
}

static void test_retry_typed(void **state)
{
    (void)state;
    assert_true(pg_retry_typed("42P18"));  /* could not determine data type */
    assert_true(pg_retry_typed("42P08"));  /* inconsistent types deduced */
    assert_true(pg_retry_typed("42725"));  /* operator is not unique: unknown - unknown */
    assert_true(pg_retry_typed("42883"));  /* operator does not exist */
    assert_true(pg_retry_typed("42804"));  /* CASE WHEN ... THEN :x END typed text for a bigint */
    assert_false(pg_retry_typed("42601")); /* a syntax error stays one */
    assert_false(pg_retry_typed("42P01")); /* no such table */
    assert_false(pg_retry_typed(""));
}

static void test_copy_values(void **state)
{
    GString *b = g_string_new(NULL);
    (void)state;
    pg_copy_value(b, NULL);
    g_string_append_c(b, '|');
    pg_copy_value(b, "");
    g_string_append_c(b, '|');
    pg_copy_value(b, "a\\b\tc\nd\re");
    g_string_append_c(b, '|');
    pg_copy_value(b, "\\N");
    g_string_append_c(b, '|');
    pg_copy_value(b, "乌鲁木齐,\"x\"");
    assert_string_equal(b->str, "\\N||a\\\\b\\tc\\nd\\re|\\\\N|乌鲁木齐,\"x\"");
    g_string_free(b, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_numbered),   cmocka_unit_test(test_quotes_and_casts),
        cmocka_unit_test(test_statements_split), cmocka_unit_test(test_value_types),
        cmocka_unit_test(test_parameter_types),  cmocka_unit_test(test_more_names),
        cmocka_unit_test(test_retry_typed),      cmocka_unit_test(test_copy_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
