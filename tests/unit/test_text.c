/* Unit tests of the text module (base/text): a text in either language,
 * the one {variable} expander (variables, escapes, errors), filling
 * patterns, resolving a text for a run, the words file and its checks, and
 * the words of a month in both languages and every form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/home.h"
#include "base/text.h"

static const char *vars(void *arg, const char *name)
{
    if (strcmp(name, "who") == 0) return "世界";
    if (strcmp(name, "empty") == 0) return "";
    return NULL;
}

static void test_text_get(void **state)
{
    rs_text both = {.zh = "甲", .en = "A"}, zh = {.zh = "甲"}, en = {.en = "A"}, none = {0};
    assert_string_equal(text_get(&both, "zh"), "甲");
    assert_string_equal(text_get(&both, "en"), "A");
    assert_string_equal(text_get(&zh, "en"), "甲"); /* the other language when one is missing */
    assert_string_equal(text_get(&en, "zh"), "A");
    assert_string_equal(text_get(&none, "zh"), "");
    assert_true(text_given(&zh) && text_given(&en) && !text_given(&none));
    assert_true(text_lang_en("en"));
    assert_false(text_lang_en("zh"));
    assert_false(text_lang_en(NULL));
}

/* Expand text expecting success and the result want. */
static void expands(const char *text, const char *want)
{
    char *out = NULL;
    rs_error e = {0};
    if (text_expand(text, vars, NULL, &out, &e) != RS_OK) fail_msg("%s: %s", text, e.msg);
    assert_string_equal(out, want);
    free(out);
}

/* Expand text expecting RS_ETEMPLATE with a message holding want. */
static void fails(const char *text, const char *want)
{
    char *out = (char *)"unchanged";
    rs_error e = {0};
    assert_int_equal(text_expand(text, vars, NULL, &out, &e), RS_ETEMPLATE);
    assert_null(out);
    if (!strstr(e.msg, want)) fail_msg("'%s' lacks '%s'", e.msg, want);
}

static void test_expand(void **state)
{
    expands("Hi {who}, {{x}} and }}", "Hi 世界, {x} and }");
    expands("{who}{who}", "世界世界");
    expands("[{empty}]", "[]");
    expands("", "");
    expands("no braces", "no braces");
    fails("Hi {nobody}", "unknown variable {nobody} in \"Hi {nobody}\"");
    fails("Hi {who", "unbalanced braces in \"Hi {who\"");
    fails("a } b", "unbalanced braces");
    char longname[200];
    snprintf(longname, sizeof longname, "{%0150d}", 0);
    fails(longname, "unbalanced braces");
}

static void test_fill_and_check(void **state)
{
    static const char *const names[] = {"page", "pages"};
    static const char *const values[] = {"1", "2"};
    char buf[64];
    rs_error e = {0};
    assert_string_equal(
        text_fill("第 {page} 页 / 共 {pages} 页", names, values, 2, buf, sizeof buf),
        "第 1 页 / 共 2 页");
    /* A pattern that does not expand is shown as written. */
    assert_string_equal(text_fill("{other}", names, values, 2, buf, sizeof buf), "{other}");
    assert_string_equal(text_fill("{page} of {pages}", names, values, 2, buf, 4), "1 o");
    assert_int_equal(text_check_vars("{page}/{pages}", names, 2, &e), RS_OK);
    assert_int_equal(text_check_vars("{page}/{rows}", names, 2, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "unknown variable {rows}"));
}

static void test_resolve(void **state)
{
    GStringChunk *pool = g_string_chunk_new(256);
    rs_text t = {.zh = "你好{who}", .en = "Hi {who}", .line = 7};
    text_run zh = {"zh", vars, NULL, NULL}, en = {"en", vars, NULL, NULL};
    rs_error e = {0};
    assert_int_equal(text_resolve(&t, "f.yaml", &zh, pool, &e), RS_OK);
    assert_string_equal(t.shown, "你好世界");
    assert_int_equal(text_resolve(&t, "f.yaml", &en, pool, &e), RS_OK);
    assert_string_equal(t.shown, "Hi 世界");
    rs_text none = {0};
    assert_int_equal(text_resolve(&none, "f.yaml", &en, pool, &e), RS_OK);
    assert_string_equal(none.shown, "");
    rs_text bad = {.zh = "{nobody}", .line = 9};
    assert_int_equal(text_resolve(&bad, "f.yaml", &zh, pool, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "f.yaml:9: unknown variable {nobody}"));
    g_string_chunk_free(pool);
}

/* The month words of the bundled words file. */
static text_words *bundled(void)
{
    char *path = home_path("report_templates/_words.yaml");
    text_words *w = NULL;
    rs_error e = {0};
    if (text_words_load(path, &w, &e) != RS_OK) fail_msg("%s", e.msg);
    free(path);
    return w;
}

static void test_month(void **state)
{
    text_words *w = bundled();
    char buf[64];
    assert_string_equal(text_month(w, "zh", TEXT_MONTH, 2024, 9, buf, sizeof buf), "2024年9月");
    assert_string_equal(text_month(w, "en", TEXT_MONTH, 2024, 9, buf, sizeof buf),
                        "September 2024");
    assert_string_equal(text_month(w, "zh", TEXT_MONTH_AXIS, 2023, 11, buf, sizeof buf), "11月");
    assert_string_equal(text_month(w, "en", TEXT_MONTH_AXIS, 2023, 12, buf, sizeof buf), "Dec");
    assert_string_equal(text_month(w, "zh", TEXT_MONTH_AXIS_YEAR, 2024, 1, buf, sizeof buf),
                        "2024年1月");
    assert_string_equal(text_month(w, "en", TEXT_MONTH_AXIS_YEAR, 2023, 10, buf, sizeof buf),
                        "Oct 2023");
    assert_string_equal(text_month(w, "en", TEXT_MONTH, 2025, 1, buf, sizeof buf), "January 2025");
    assert_string_equal(text_word(w, "no_data")->zh, "无数据");
    assert_null(text_word(w, "no_such_word"));
    text_words_free(w);
}

static const char words_ok[] = "month: {zh: '{year}年{month}月', en: '{month_name} {year}'}\n"
                               "month_axis: '{month_abbr}'\n"
                               "month_axis_year: '{month_abbr} {year}'\n"
                               "month_names: [a, b, c, d, e, f, g, h, i, j, k, {zh: 十二, en: l}]\n"
                               "month_abbrs: [A, B, C, D, E, F, G, H, I, J, K, L]\n"
                               "hello: {zh: 你好}\n";

/* The words file the tests write (w.yaml in a directory of their own). */
static char words_dir[] = "/tmp/test_text.XXXXXX", words_path[64];

static int words_dir_make(void **state)
{
    if (!mkdtemp(words_dir)) return -1;
    snprintf(words_path, sizeof words_path, "%s/w.yaml", words_dir);
    return 0;
}

static int words_dir_remove(void **state)
{
    unlink(words_path);
    return rmdir(words_dir);
}

/* Write text to the words file and load it. */
static rs_status load_words(const char *text, text_words **w, rs_error *e)
{
    FILE *f = fopen(words_path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) fail_msg("cannot write %s", words_path);
    return text_words_load(words_path, w, e);
}

/* Load words text expecting an error holding want. */
static void words_fail(const char *text, const char *want)
{
    text_words *w = (text_words *)1;
    rs_error e = {0};
    assert_int_equal(load_words(text, &w, &e), RS_ETEMPLATE);
    assert_null(w);
    if (!strstr(e.msg, want)) fail_msg("'%s' lacks '%s'", e.msg, want);
}

static void test_words_file(void **state)
{
    text_words *w = NULL;
    rs_error e = {0};
    char buf[64];
    assert_int_equal(load_words(words_ok, &w, &e), RS_OK);
    assert_string_equal(text_words_file(w), words_path);
    assert_string_equal(text_month(w, "zh", TEXT_MONTH, 2024, 12, buf, sizeof buf), "2024年12月");
    assert_string_equal(text_month(w, "en", TEXT_MONTH, 2024, 12, buf, sizeof buf), "l 2024");
    assert_string_equal(text_month(w, "zh", TEXT_MONTH_AXIS, 2024, 2, buf, sizeof buf), "B");
    assert_int_equal(text_word(w, "hello")->line, 6);
    assert_null(text_word(w, "bye"));
    text_words_free(w);
    words_fail("month_names: [a]\n", "w.yaml:1: key 'month_names': expected a list of twelve");
    words_fail("hello: [a]\n", "w.yaml:1: key 'hello': expected a text");
    words_fail("hello: {zh: a, fr: b}\n", "w.yaml:1: key 'fr': unknown key");
    char bad[1024];
    snprintf(bad, sizeof bad, "%s", words_ok);
    memcpy(strstr(bad, "{month_abbr} {year}"), "{month_abbr} {yaer}", 19);
    words_fail(bad, "w.yaml:3: key 'month_axis_year': unknown variable {yaer}");
    words_fail("month: x\nmonth_axis: x\nmonth_names: [a, b, c, d, e, f, g, h, i, j, k, l]\n"
               "month_abbrs: [a, b, c, d, e, f, g, h, i, j, k, l]\n",
               "w.yaml:1: key 'month_axis_year': missing");
    words_fail("- a\n", "w.yaml:1: expected a mapping of words");
    words_fail("a: [\n", "w.yaml:");
    unlink(words_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_get),       cmocka_unit_test(test_expand),
        cmocka_unit_test(test_fill_and_check), cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_month),          cmocka_unit_test(test_words_file),
    };
    return cmocka_run_group_tests(tests, words_dir_make, words_dir_remove);
}
