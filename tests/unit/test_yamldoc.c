/* Unit tests of yamldoc: lookups, typed values and error messages that
 * name the file, line and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "base/yamldoc.h"

static const char text[] = "title: 月报\n"
                           "rows: 12\n"
                           "ratio: 0.5\n"
                           "frozen: yes\n"
                           "sheets:\n"
                           "  - name: a\n"
                           "  - name: b\n"
                           "    bogus: 1\n";

static yd_doc *load(void)
{
    yd_doc *d = NULL;
    rs_error e = {0};
    assert_int_equal(yd_load_string("t.yaml", text, strlen(text), &d, &e), RS_OK);
    return d;
}

static void test_lookups(void **state)
{
    yd_doc *d = load();
    yaml_node_t *root = yd_root(d);
    const char *title = NULL;
    long rows = 0;
    double ratio = 0;
    bool frozen = false;
    rs_error e = {0};
    assert_int_equal(yd_str(d, root, "title", true, &title, &e), RS_OK);
    assert_string_equal(title, "月报");
    assert_int_equal(yd_long(d, root, "rows", true, &rows, &e), RS_OK);
    assert_int_equal(rows, 12);
    assert_int_equal(yd_double(d, root, "ratio", true, &ratio, &e), RS_OK);
    assert_true(ratio == 0.5);
    assert_int_equal(yd_bool(d, root, "frozen", true, &frozen, &e), RS_OK);
    assert_true(frozen);
    yaml_node_t *sheets = yd_get(d, root, "sheets");
    assert_int_equal(yd_count(sheets), 2);
    assert_string_equal(yd_scalar(yd_get(d, yd_item(d, sheets, 1), "name")), "b");
    assert_null(yd_item(d, sheets, 2));
    yd_free(d);
}

static void test_errors_name_file_line_key(void **state)
{
    yd_doc *d = load();
    yaml_node_t *root = yd_root(d);
    rs_error e = {0};
    long v = 0;
    const char *s = NULL;
    assert_int_equal(yd_long(d, root, "title", true, &v, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "t.yaml:1: key 'title'"));
    assert_int_equal(yd_str(d, root, "missing", true, &s, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "key 'missing': missing"));
    assert_int_equal(yd_str(d, root, "missing", false, &s, &e), RS_OK);
    assert_null(s);
    static const char *const allowed[] = {"name", NULL};
    yaml_node_t *second = yd_item(d, yd_get(d, root, "sheets"), 1);
    assert_int_equal(yd_check_keys(d, second, allowed, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "t.yaml:8: key 'bogus': unknown key"));
    yd_free(d);
}

static void test_syntax_error(void **state)
{
    yd_doc *d = NULL;
    rs_error e = {0};
    const char bad[] = "a: [1, 2\nb: 3\n";
    assert_int_equal(yd_load_string("bad.yaml", bad, strlen(bad), &d, &e), RS_ETEMPLATE);
    assert_null(d);
    assert_non_null(strstr(e.msg, "bad.yaml:"));
}

/* A path that is a directory (a template naming "." as a file) is a clear
 * error, not an attempt to read its bogus size (found by fuzz_template). */
/* yd_has_pair finds a key: value pair in a mapping at any depth, and only
 * with a scalar value equal to the one asked for. */
static void test_has_pair(void **state)
{
    static const char doc[] = "sheets:\n"
                              "  - blocks:\n"
                              "      - table: {dataset: findings, columns: [dataset]}\n"
                              "other: {dataset: [findings]}\n";
    yd_doc *d = NULL;
    rs_error e = {0};
    (void)state;
    assert_int_equal(yd_load_string("p.yaml", doc, strlen(doc), &d, &e), RS_OK);
    assert_true(yd_has_pair(d, "dataset", "findings"));
    assert_false(yd_has_pair(d, "dataset", "trend"));
    assert_false(yd_has_pair(d, "columns", "dataset"));
    assert_false(yd_has_pair(d, "findings", "dataset"));
    yd_free(d);
}

static void test_directory_is_not_a_file(void **state)
{
    yd_doc *d = NULL;
    rs_error e = {0};
    assert_int_not_equal(yd_load(".", &d, &e), RS_OK);
    assert_null(d);
    assert_non_null(strstr(e.msg, ".: not a regular file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups),      cmocka_unit_test(test_errors_name_file_line_key),
        cmocka_unit_test(test_syntax_error), cmocka_unit_test(test_directory_is_not_a_file),
        cmocka_unit_test(test_has_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
