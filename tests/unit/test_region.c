/* Unit tests of region: short and full forms, invalid codes, levels,
 * parents, ancestors, spans, containment, the names table and the code
 * shown in the place of a name the table does not hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/region.h"
#include "store/store.h"

/* Asserts that region_parse(s) gives code. */
static void parse_ok(const char *s, int64_t code)
{
    int64_t v = 0;
    const char *why = region_parse(s, &v);
    if (why) fail_msg("region_parse(%s): %s", s, why);
    assert_int_equal(v, code);
}

static void test_parse(void **state)
{
    int64_t v = -1;
    parse_ok("65", 650000000000);
    parse_ok("6523", 652300000000);
    parse_ok("652325", 652325000000);
    parse_ok("652325100", 652325100000);
    parse_ok("652325100201", 652325100201);
    parse_ok("650000000000", 650000000000);
    assert_non_null(strstr(region_parse("652325000201", &v), "zero part"));
    assert_non_null(strstr(region_parse("650025", &v), "zero part"));
    assert_non_null(region_parse("00", &v));
    assert_non_null(strstr(region_parse("65232", &v), "2, 4, 6, 9 or 12"));
    assert_non_null(region_parse("6523251002011", &v));
    assert_non_null(region_parse("6523a5", &v));
    assert_non_null(region_parse("", &v));
    assert_int_equal(v, -1);
}

static void test_levels(void **state)
{
    assert_int_equal(region_level_of(650000000000), LEVEL_REGION);
    assert_int_equal(region_level_of(652300000000), LEVEL_PREFECTURE);
    assert_int_equal(region_level_of(652325000000), LEVEL_COUNTY);
    assert_int_equal(region_level_of(652325100000), LEVEL_TOWNSHIP);
    assert_int_equal(region_level_of(652325100201), LEVEL_VILLAGE);
    assert_int_equal(region_level_of(652325000201), LEVEL_NONE);
    assert_int_equal(region_level_of(652325), LEVEL_NONE);
    assert_int_equal(region_digits(LEVEL_TOWNSHIP), 9);
    assert_int_equal(region_digits(LEVEL_VILLAGE), 12);
    assert_string_equal(region_level_name(LEVEL_PREFECTURE), "prefecture");
    assert_int_equal(region_level_from_name("township"), LEVEL_TOWNSHIP);
    assert_int_equal(region_level_from_name("city"), LEVEL_NONE);
}

static void test_tree(void **state)
{
    assert_int_equal(region_span(650000000000), 10000000000);
    assert_int_equal(region_span(652325000000), 1000000);
    assert_int_equal(region_span(652325100000), 1000);
    assert_int_equal(region_span(652325100201), 1);
    assert_int_equal(region_span(652325000201), 0);
    assert_int_equal(region_parent(652325100201), 652325100000);
    assert_int_equal(region_parent(652325100000), 652325000000);
    assert_int_equal(region_parent(652325000000), 652300000000);
    assert_int_equal(region_parent(652300000000), 650000000000);
    assert_int_equal(region_parent(650000000000), 0);
    assert_int_equal(region_ancestor(652325100201, LEVEL_COUNTY), 652325000000);
    assert_int_equal(region_ancestor(652325100201, LEVEL_REGION), 650000000000);
    assert_int_equal(region_ancestor(652325000000, LEVEL_TOWNSHIP), 652325000000);
    assert_true(region_contains(650000000000, 652325100201));
    assert_true(region_contains(652325000000, 652325100201));
    assert_true(region_contains(652325100000, 652325100000));
    assert_false(region_contains(652325100000, 652325101001));
    assert_false(region_contains(652301000000, 652325100201));
    assert_false(region_contains(652325100201, 652325100000));
    assert_false(region_contains(652325000000, 652325000201));
}

static void test_name(void **state)
{
    store *db = NULL;
    char buf[64];
    rs_error e = {0};
    assert_int_equal(store_open(":memory:", STORE_CREATE, &db, &e), RS_OK);
    assert_int_equal(store_exec(db,
                                "CREATE TABLE divisions(code INTEGER PRIMARY KEY, name TEXT);"
                                "INSERT INTO divisions VALUES (652325000000, '奇台县');",
                                &e),
                     RS_OK);
    assert_true(store_region_name(db, 652325000000, buf, sizeof buf));
    assert_string_equal(buf, "奇台县");
    /* A unit the divisions do not list shows its code, never "". */
    assert_false(store_region_name(db, 652301000000, buf, sizeof buf));
    assert_string_equal(buf, "652301000000");
    assert_false(store_region_name(db, 652325100201, buf, sizeof buf));
    assert_string_equal(buf, "652325100201");
    store_close(db);
}

static void test_label(void **state)
{
    char buf[24];
    assert_string_equal(region_label("奇台镇", 652325100000, buf, sizeof buf), "奇台镇");
    assert_string_equal(region_label("", 652325100201, buf, sizeof buf), "652325100201");
    assert_string_equal(region_label(NULL, 650000000000, buf, sizeof buf), "650000000000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse), cmocka_unit_test(test_levels), cmocka_unit_test(test_tree),
        cmocka_unit_test(test_name),  cmocka_unit_test(test_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
