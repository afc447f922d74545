/* Unit tests of the workbook renderer (render/xlsx.c) drawing resolved
 * templates from a fixed source: pivot and group shaping, merged headers,
 * numeric cells, totals, finished texts and look-ups in either language,
 * print layout, row filters by prefixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/home.h"
#include "report/template.h"
#include "render/xlsx.h"
#include "run_fixture.h"

rs_status pivot_table(const tpl_report *tp, const tpl_table *tb, const rs_table *in, rs_table **out,
                      rs_error *e);
rs_status group_table(const tpl_report *tp, const tpl_table *tb, const rs_table *in, rs_table **out,
                      rs_error *e);

static const char *fixture_var(void *arg, const char *name)
{
    return strcmp(name, "who") == 0 ? "世界" : NULL;
}

/* Load template text and resolve it in lang. */
static tpl_report *load_resolved(const char *text, const char *lang)
{
    tpl_report *t = load_ok(text);
    rs_error e = {0};
    if (resolve_in(t, lang, &e) != RS_OK) fail_msg("%s", e.msg);
    return t;
}

/* Makes a dataset: a new table. */
typedef rs_status (*dataset_fn)(const char *name, rs_table **out, rs_error *e);

/* The tables a test's source handed out, freed at the end of the test. */
static rs_table *handed[8];
static size_t nhanded;

/* A source over the dataset_fn that arg points to: each fetch makes the
 * table anew. */
static rs_status fixture_fetch(void *arg, const char *name, const rs_table **out, rs_error *e)
{
    rs_table *t = NULL;
    rs_status s = (*(const dataset_fn *)arg)(name, &t, e);
    if (s != RS_OK) return s;
    assert_true(nhanded < sizeof handed / sizeof handed[0]);
    handed[nhanded++] = t;
    *out = t;
    return RS_OK;
}

/* Free what the source handed out (after each test). */
static int free_handed(void **state)
{
    while (nhanded)
        table_free(handed[--nhanded]);
    return 0;
}

/* A long table: (unit, indicator) rows. */
static rs_table *long_table(void)
{
    static const char *const names[] = {"region_code", "region_name", "indicator", "value"};
    static const struct {
        int64_t code;
        const char *name, *ind;
        double v;
    } rows[] = {{1, "甲", "a", 0.5}, {1, "甲", "b", 0.25}, {2, "乙", "a", 1.0}};
    rs_table *t = table_new(4, names);
    for (size_t i = 0; i < 3; i++) {
        table_add_row(t);
        table_set_int(t, i, 0, rows[i].code);
        table_set_text(t, i, 1, rows[i].name);
        table_set_text(t, i, 2, rows[i].ind);
        table_set_real(t, i, 3, rows[i].v);
    }
    return t;
}

static void test_pivot(void **state)
{
    tpl_report *t = load_ok(FIXTURE_WORKBOOK);
    tpl_table tb = {.dataset = "d", .pivot_row = "region_code", .pivot_column = "indicator"};
    const char *keep[] = {"region_name"}, *vals[] = {"value"};
    tb.pivot_keep = keep;
    tb.npivot_keep = 1;
    tb.pivot_values = vals;
    tb.npivot_values = 1;
    rs_table *in = long_table(), *out = NULL;
    rs_error e = {0};
    assert_int_equal(pivot_table(t, &tb, in, &out, &e), RS_OK);
    assert_int_equal(out->nrows, 2);
    assert_int_equal(out->ncols, 4);
    assert_string_equal(out->names[2], "a.value");
    assert_string_equal(out->names[3], "b.value");
    assert_int_equal(table_cell(out, 1, 0)->i, 2);
    assert_string_equal(table_cell(out, 1, 1)->s, "乙");
    assert_true(table_cell(out, 0, 3)->d == 0.25);
    assert_int_equal(table_cell(out, 1, 3)->type, VAL_NULL);
    table_free(out);
    /* A field the dataset lacks is a template error naming it. */
    vals[0] = "nope";
    assert_int_equal(pivot_table(t, &tb, in, &out, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "dataset 'd' has no column 'nope'"));
    table_free(in);
    tpl_free(t);
}

static void test_group(void **state)
{
    tpl_report *t = load_ok(FIXTURE_WORKBOOK);
    const char *sums[] = {"value"}, *keys[] = {"c", "a"};
    tpl_table tb = {.dataset = "d",
                    .group_by = "indicator",
                    .group_sums = sums,
                    .ngroup_sums = 1,
                    .group_keys = keys,
                    .ngroup_keys = 2};
    rs_table *in = long_table(), *out = NULL;
    rs_error e = {0};
    assert_int_equal(group_table(t, &tb, in, &out, &e), RS_OK);
    /* Listed keys first (c with a zero count), then the others as seen. */
    assert_int_equal(out->nrows, 3);
    assert_string_equal(table_cell(out, 0, 0)->s, "c");
    assert_int_equal(table_cell(out, 0, 1)->i, 0);
    assert_int_equal(table_cell(out, 0, 2)->type, VAL_NULL);
    assert_string_equal(table_cell(out, 1, 0)->s, "a");
    assert_int_equal(table_cell(out, 1, 1)->i, 2);
    assert_true(table_cell(out, 1, 2)->d == 1.5);
    assert_string_equal(table_cell(out, 2, 0)->s, "b");
    table_free(out);
    table_free(in);
    tpl_free(t);
}

/* Dataset d: two rows of small numbers; big: the same with 16 billion fen
 * (a new table). */
static rs_status dataset(const char *name, rs_table **out, rs_error *e)
{
    static const char *const names[] = {"k", "n", "m_fen", "r"};
    bool big = strcmp(name, "big") == 0;
    if (!big && strcmp(name, "d") != 0) return rs_fail(e, RS_ETEMPLATE, "no dataset %s", name);
    rs_table *t = table_new(4, names);
    for (int i = 0; i < 2; i++) {
        table_add_row(t);
        table_set_text(t, (size_t)i, 0, i ? "b" : "a");
        table_set_int(t, (size_t)i, 1, 10 + i);
        table_set_int(t, (size_t)i, 2, (big ? 160000000000 : 123450) + i);
        table_set_real(t, (size_t)i, 3, 0.5 + i * 0.25);
    }
    *out = t;
    return RS_OK;
}

/* The text of part (e.g. "xl/workbook.xml") of the workbook at path (caller frees). */
static char *zip_part(const char *path, const char *part)
{
    char cmd[512], *buf = NULL;
    size_t len = 0;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", path, part);
    FILE *p = popen(cmd, "r");
    FILE *m = open_memstream(&buf, &len);
    int c;
    assert_non_null(p);
    while ((c = fgetc(p)) != EOF)
        fputc(c, m);
    pclose(p);
    fclose(m);
    return buf;
}

/* Check that part of the workbook at path holds every text of has and none
 * of lacks (NULL or a list of TEXTS). */
static void check_part(const char *path, const char *part, const char *const *has,
                       const char *const *lacks)
{
    char *xml = zip_part(path, part);
    assert_non_null(xml);
    for (size_t i = 0; has && has[i]; i++)
        if (!strstr(xml, has[i])) fail_msg("%s of %s lacks '%s'", part, path, has[i]);
    for (size_t i = 0; lacks && lacks[i]; i++)
        if (strstr(xml, lacks[i])) fail_msg("%s of %s holds '%s'", part, path, lacks[i]);
    free(xml);
}

/* Write the workbook of t (resolved) from the datasets of make into a new
 * temporary file, its path in path. */
static void write_to(const tpl_report *t, dataset_fn make, char path[static 32])
{
    report_source src = {fixture_fetch, &make};
    rs_error e = {0};
    strcpy(path, "/tmp/rs-test-XXXXXX.xlsx");
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    if (xlsx_write(t, &src, path, &e) != RS_OK) fail_msg("%s", e.msg);
}

/* Render template text, resolved in Chinese, into a new temporary
 * workbook, its path in path. */
static void render(const char *text, char path[static 32])
{
    tpl_report *t = load_resolved(text, "zh");
    write_to(t, dataset, path);
    tpl_free(t);
}

static void test_render(void **state)
{
    char path[32];
    render(FIXTURE_WORKBOOK, path);
    check_part(path, "xl/worksheets/sheet1.xml",
               TEXTS(/* Two-level header: the group merged over two columns, K over two rows. */
                     "<mergeCell ref=\"B2:C2\"/>", "<mergeCell ref=\"A2:A3\"/>",
                     /* Money as yuan in a numeric cell, never as text. */
                     "<v>1234.5</v>", "<v>1234.51</v>",
                     /* The total carries its formula and its value. */
                     "<f>SUM(B4:B5)</f><v>21</v>",
                     /* The rate alert is a conditional format on the rate column. */
                     "AND(ISNUMBER(D4),D4&lt;0.9)",
                     /* Frozen below the header, print titles and A4 landscape. */
                     "topLeftCell=\"B4\"",
                     "paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"",
                     /* The chart starts a printed page: a manual break above its row. */
                     "<rowBreaks count=\"1\" manualBreakCount=\"1\"><brk id=\"7\"",
                     /* The Chinese print footer of the words. */
                     "<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"),
               NULL);
    check_part(path, "xl/workbook.xml", TEXTS("_xlnm.Print_Titles"), NULL);
    /* Finished text: the variable filled in, the lookup's Chinese name of
     * a (b, unlisted, as it is). */
    check_part(path, "xl/sharedStrings.xml", TEXTS("<t>Hello 世界</t>", "<t>甲</t>", "<t>b</t>"),
               TEXTS("{who}"));
    unlink(path);
}

/* The same template resolved in English: the English texts and footer. */
static void test_render_english(void **state)
{
    char path[32];
    tpl_report *t = load_resolved(FIXTURE_WORKBOOK, "en");
    write_to(t, dataset, path);
    tpl_free(t);
    check_part(path, "xl/sharedStrings.xml", TEXTS("<t>A</t>", "<t>G</t>"), TEXTS("<t>甲</t>"));
    check_part(path, "xl/workbook.xml", TEXTS("name=\"One\""), NULL);
    check_part(path, "xl/worksheets/sheet1.xml",
               TEXTS("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>"), NULL);
    unlink(path);
}

/* Dataset findings: one row of each code prefix, amounts 1, 2, 4, 8, 16
 * (so each section's total names the rows in it); a new table. */
static rs_status findings_dataset(const char *name, rs_table **out, rs_error *e)
{
    static const char *const names[] = {"code", "amount_fen"};
    static const char *const codes[] = {"F_DEAD", "E_ASSETS", "Q_MEMBERS", "R_SHARED_ACCOUNT",
                                        "O_AMOUNT_JUMP"};
    rs_table *t = table_new(2, names);
    for (size_t i = 0; i < 5; i++) {
        table_add_row(t);
        table_set_text(t, i, 0, codes[i]);
        table_set_int(t, i, 1, 100 << i);
    }
    *out = t;
    return RS_OK;
}

/* The problem list's two sections: a where by prefixes keeps the R_/O_
 * leads, its negation every other code. */
static void test_where_prefixes(void **state)
{
    static const char text[] =
        ONE_BLOCK "        - table:\n"
                  "            dataset: findings\n"
                  "            where: {field: code, not_prefix: [R_, O_]}\n"
                  "            total: {sum: true, label: T1}\n"
                  "            columns: &c\n"
                  "              - {field: code, title: Code}\n"
                  "              - {field: amount_fen, title: Amount, type: yuan}\n"
                  "        - table:\n"
                  "            dataset: findings\n"
                  "            where: {field: code, prefix: [R_, O_]}\n"
                  "            total: {sum: true, label: T2}\n"
                  "            columns: *c\n"
                  "        - table:\n"
                  "            dataset: findings\n"
                  "            where: {field: code, prefix: O_}\n"
                  "            total: {sum: true, label: T3}\n"
                  "            columns: *c\n";
    tpl_report *t = load_resolved(text, "zh");
    const tpl_table *a = &t->workbook->sheets[0].blocks[0].table;
    char path[32];
    assert_int_equal(a->where.op, TPL_WHERE_NOT_PREFIX);
    assert_int_equal(a->where.nvalues, 2);
    assert_string_equal(a->where.values[1], "O_");
    write_to(t, findings_dataset, path);
    /* Findings F_, E_, Q_ on rows 2-4 (1 + 2 + 4 yuan); the leads R_, O_
     * on rows 7-8 (8 + 16); the O_ alone on row 11. */
    check_part(path, "xl/worksheets/sheet1.xml",
               TEXTS("<f>SUM(B2:B4)</f><v>7</v>", "<f>SUM(B7:B8)</f><v>24</v>",
                     "<f>SUM(B11)</f><v>16</v>"),
               NULL);
    unlink(path);
    tpl_free(t);
}

/* Print layout: no repeated header when the table says so; a page break
 * above each chart but one with new_page: false; numbers too long for a
 * type's default width widen their column (else they show as ###). */
static void test_print_layout(void **state)
{
    static const char text[] = ONE_BLOCK
        "        - table:\n"
        "            dataset: big\n"
        "            repeat_header: false\n"
        "            columns:\n"
        "              - {field: k, title: K}\n"
        "              - {field: m_fen, title: M, type: yuan}\n"
        "      charts:\n"
        "        - {type: line, title: A, categories: k, series: [m_fen]}\n"
        "        - {type: line, title: B, categories: k, series: [m_fen], new_page: false, "
        "height: 200}\n"
        "        - {type: column, title: C, categories: k, series: [m_fen]}\n";
    char path[32];
    render(text, path);
    check_part(path, "xl/worksheets/sheet1.xml",
               TEXTS(/* Header row 0, body rows 1-2; charts at rows 4 (320 px: 16 rows), 22, 34. */
                     "<rowBreaks count=\"2\" manualBreakCount=\"2\"><brk id=\"4\" ",
                     "<brk id=\"34\" ",
                     /* 1,600,000,000.00: 16 characters and a margin of 2. */
                     "<col min=\"2\" max=\"2\" width=\"18."),
               NULL);
    check_part(path, "xl/workbook.xml", NULL, TEXTS("Print_Titles"));
    check_part(path, "xl/charts/chart1.xml", TEXTS("formatCode=\"#,##0\""), NULL);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_pivot, free_handed),
        cmocka_unit_test_teardown(test_group, free_handed),
        cmocka_unit_test_teardown(test_render, free_handed),
        cmocka_unit_test_teardown(test_render_english, free_handed),
        cmocka_unit_test_teardown(test_print_layout, free_handed),
        cmocka_unit_test_teardown(test_where_prefixes, free_handed),
    };
    return cmocka_run_group_tests(tests, words_setup, words_teardown);
}
