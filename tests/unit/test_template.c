/* Unit tests of the template model (report/template*.c): every section read
 * and checked when the template loads -- the workbook, the charts: section,
 * the dashboard (inline or from another file), the lookups -- with errors
 * naming file, line and key; the datasets a template reads and those a run
 * needs (the registry of report/dataset.c); and the model resolved for a
 * run (texts in either language, variables, conditions, thresholds, masked
 * and unmasked titles, look-ups, the words' defaults). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/home.h"
#include "base/mask.h"
#include "report/dataset.h"
#include "report/template.h"
#include "run_fixture.h"

/* Write text to the file at path (mode "w" or "a"). */
static void put_file(const char *path, const char *mode, const char *text)
{
    FILE *f = fopen(path, mode);
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) fail_msg("cannot write %s", path);
}

/* Check that the datasets t needs are want (a list of TEXTS), in order. */
static void datasets_are(const tpl_report *t, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++)
        if (n >= t->ndatasets || strcmp(t->datasets[n], want[n]) != 0)
            fail_msg("dataset %zu is '%s', not '%s'", n, n < t->ndatasets ? t->datasets[n] : "",
                     want[n]);
    assert_int_equal(t->ndatasets, n);
}

/* Load text expecting a template error whose message contains want. */
static void load_fails(const char *text, const char *want)
{
    tpl_report *t = NULL;
    rs_error e = {0};
    rs_status s = tpl_load_string("t.yaml", text, strlen(text), &t, &e);
    if (s == RS_OK) fail_msg("loaded, expected '%s'", want);
    assert_null(t);
    if (!strstr(e.msg, want)) fail_msg("message '%s' lacks '%s'", e.msg, want);
}

/* ---- the workbook ------------------------------------------------------ */

static void test_bundled_templates_load(void **state)
{
    static const char *const names[] = {"report_templates/monthly.yaml",
                                        "report_templates/assessment.yaml",
                                        "report_templates/dashboard.yaml"};
    for (size_t i = 0; i < 3; i++) {
        char *path = home_path(names[i]);
        tpl_report *t = NULL;
        rs_error e = {0};
        if (tpl_load(path, &t, &e) != RS_OK) fail_msg("%s: %s", path, e.msg);
        assert_non_null(t->lookups_path);
        assert_true(t->ndatasets >= 3);
        if (i < 2) assert_true(t->workbook->nsheets >= 4);
        if (i > 0) assert_non_null(t->dashboard);
        tpl_free(t);
        free(path);
    }
}

static void test_structure(void **state)
{
    tpl_report *t = load_ok(FIXTURE_WORKBOOK);
    const tpl_sheet *sh = &t->workbook->sheets[0];
    assert_string_equal(text_get(&sh->name, "zh"), "表一");
    assert_string_equal(text_get(&sh->name, "en"), "One");
    assert_int_equal(sh->nblocks, 2);
    const tpl_table *tb = &sh->blocks[1].table;
    assert_int_equal(tb->ncols, 4);
    assert_true(tb->two_level);
    assert_int_equal(tb->total, TPL_TOTAL_SUM);
    assert_string_equal(text_get(&tb->cols[1].group, "en"), "G");
    assert_int_equal(tb->cols[2].type, TPL_YUAN);
    assert_int_equal(tb->cols[3].alert, TPL_ALERT_BELOW);
    assert_ptr_equal(tb->cols[0].lookup, &t->lookups[0]);
    assert_string_equal(t->lookups[0].name, "names");
    assert_int_equal(sh->ncharts, 1);
    assert_int_equal(t->ndatasets, 1);
    assert_string_equal(t->datasets[0], "d");
    tpl_free(t);
}

/* Each broken workbook names the file, the line and the key at fault. */
static void test_workbook_errors(void **state)
{
    load_fails("title: T\nworkbook:\n  file: x\n  sheetz: []\n",
               "t.yaml:4: key 'sheetz': unknown key");
    load_fails("title: T\nworkbook:\n  file: x\n  sheets: [\n", "t.yaml:");
    load_fails(ONE_BLOCK
               "        - table: {dataset: d, columns: [{field: a, title: A, type: money}]}\n",
               "t.yaml:7: key 'type': unknown type 'money'");
    load_fails(ONE_BLOCK
               "        - table: {dataset: d, columns: [{field: a, title: A, lookup: nope}]}\n",
               "key 'lookup': no lookup 'nope'");
    load_fails("title: T\nworkbook:\n  file: x\n  sheets:\n    - name: 'a:b'\n      blocks:\n"
               "        - title: x\n",
               "t.yaml:5: key 'name': sheet name 'a:b'");
    load_fails(ONE_BLOCK
               "        - table: {dataset: d, columns: [{field: a, title: A}]}\n"
               "      charts:\n        - {type: line, title: C, categories: a, series: [b]}\n",
               "t.yaml:9: key 'series': 'b' is not a column");
    load_fails(ONE_BLOCK "        - {title: x, text: y}\n",
               "t.yaml:7: key 'text': a block is one of");
    load_fails("workbook: {file: x, sheets: []}\n", "key 'title': missing");
    load_fails(ONE_BLOCK
               "        - table: {dataset: d, columns: [{field: a, title: A}]}\n"
               "      charts:\n"
               "        - {type: line, title: C, categories: a, series: [a], height: 700}\n",
               "t.yaml:9: key 'height': expected 100 to 600 pixels");
    load_fails(ONE_BLOCK "        - table: {dataset: d, repeat_header: maybe, columns: [{field: a, "
                         "title: A}]}\n",
               "t.yaml:7: key 'repeat_header'");
    load_fails(ONE_BLOCK "        - table: {dataset: d, where: {field: k, prefix: [a], not: b},"
                         " columns: [{field: a, title: A}]}\n",
               "t.yaml:7: key 'where': give one of equals, not, prefix, not_prefix");
    load_fails(ONE_BLOCK "        - table: {dataset: d, where: {field: k, equals: [a]},"
                         " columns: [{field: a, title: A}]}\n",
               "key 'equals'");
    load_fails(ONE_BLOCK
               "        - table: {dataset: d, columns: [{field: a, title: {zh: A, fr: B}}]}\n",
               "t.yaml:7: key 'fr': unknown key");
    load_fails(ONE_BLOCK "        - {gap: 0}\n", "t.yaml:7: key 'gap': expected 1 to 50 rows");
    load_fails("title: T\n", "a template needs workbook, charts or dashboard");
    load_fails("title: T\ncharts: [x]\nrogue: 1\n", "t.yaml:3: key 'rogue': unknown key");
}

/* ---- the lookups ----------------------------------------------------- */

static void test_lookups(void **state)
{
    char dir[] = "/tmp/rs-tpl-XXXXXX", path[64], maps[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.yaml", dir);
    snprintf(maps, sizeof maps, "%s/maps.yaml", dir);
    put_file(maps, "w", "codes:\n  X: {zh: 叉, en: Ex}\n  Y: 歪\n");
    put_file(path, "w",
             "title: T\nlookups: maps.yaml\nworkbook:\n  file: x\n  sheets:\n    - name: S\n"
             "      blocks:\n        - table: {dataset: d, columns: [{field: c, title: C, lookup: "
             "codes}]}\n");
    tpl_report *t = NULL;
    rs_error e = {0};
    if (tpl_load(path, &t, &e) != RS_OK) fail_msg("%s", e.msg);
    assert_string_equal(t->lookups_path, maps);
    assert_int_equal(t->nlookups, 1);
    assert_int_equal(t->lookups[0].n, 2);
    assert_string_equal(t->lookups[0].codes[1], "Y");
    assert_string_equal(text_get(&t->lookups[0].texts[0], "en"), "Ex");
    assert_null(tpl_lookup_text(&t->lookups[0], "X")); /* not resolved yet */
    tpl_free(t);
    unlink(maps);
    unlink(path);
    rmdir(dir);
    load_fails("title: T\nlookups: [a]\ncharts: []\n",
               "t.yaml:2: key 'lookups': expected a mapping of named maps");
    load_fails("title: T\nlookups: {m: [a]}\ncharts: []\n",
               "t.yaml:2: key 'm': expected a mapping");
    load_fails("title: T\nlookups: {m: {A: {de: x}}}\ncharts: []\n", "key 'de': unknown key");
    load_fails("title: T\nlookups: ../x.yaml\ncharts: []\n",
               "give a file name beside the template");
    load_fails("title: T\nlookups: nosuch.yaml\ncharts: []\n", "t.yaml:2: key 'lookups'");
}

/* ---- the charts: section --------------------------------------------- */

static void test_charts_section(void **state)
{
    tpl_report *t = load_ok("title: T\ncharts:\n  - rank_on_time\n"
                            "  - {chart: trend_payments, file: trend.png, scale: 1.5}\n"
                            "  - {chart: kpi_tiles, format: svg}\n");
    assert_int_equal(t->ncharts, 3);
    assert_string_equal(t->charts[0].file, "rank_on_time.png");
    assert_string_equal(t->charts[0].def->name, "rank_on_time");
    assert_true(t->charts[0].scale == 2);
    assert_string_equal(t->charts[1].file, "trend.png");
    assert_true(t->charts[1].scale == 1.5);
    assert_string_equal(t->charts[2].file, "kpi_tiles.svg");
    assert_int_equal(t->charts[2].format, TPL_FILE_SVG);
    /* The charts' datasets, in the order their definitions name them. */
    datasets_are(t, TEXTS("indicators_children", "scoring", "trend", "indicators", "statistics"));
    tpl_free(t);
    load_fails("title: T\ncharts: rank_on_time\n", "t.yaml:2: key 'charts': expected a list");
    load_fails("title: T\ncharts:\n  - nosuch\n", "t.yaml:3: chart 'nosuch'");
    load_fails("title: T\ncharts:\n  - {chart: kpi_tiles, format: gif}\n",
               "t.yaml:3: key 'format': 'gif' is not png, svg or pdf");
    load_fails("title: T\ncharts:\n  - {chart: kpi_tiles, scale: 9}\n",
               "t.yaml:3: key 'scale': must be in 0.25..8");
    load_fails("title: T\ncharts:\n  - {chart: kpi_tiles, fille: x.png}\n",
               "t.yaml:3: key 'fille': unknown key");
    load_fails("title: T\ncharts:\n  - {file: x.png}\n", "t.yaml:3: key 'chart': missing");
}

/* ---- the dashboard --------------------------------------------------- */

static const char dash[] =
    "title: T\n"
    "lookups: {codes: {X: {zh: 叉, en: Ex}}}\n"
    "dashboard:\n"
    "  title: '{who}'\n"
    "  pages:\n"
    "    - rows:\n"
    "        - {height: 90, panels: [{chart: kpi_tiles}]}\n"
    "        - panels: [{table: list, width: 2}, {chart: rank_on_time}]\n"
    "  tables:\n"
    "    list:\n"
    "      dataset: findings\n"
    "      sort: amount_fen\n"
    "      limit: 5\n"
    "      columns:\n"
    "        - {field: code, lookup: codes, title: {zh: 问题, en: Problem}}\n"
    "        - {field: amount_fen, format: yuan, width: 1.5}\n";

static void test_dashboard_section(void **state)
{
    tpl_report *t = load_ok(dash);
    const tpl_dashboard *d = t->dashboard;
    assert_non_null(d);
    assert_null(t->dashboard_of);
    assert_int_equal(d->npages, 1);
    assert_int_equal(d->pages[0].nrows, 2);
    assert_true(d->pages[0].rows[0].height == 90);
    assert_true(d->pages[0].rows[1].height == 0);
    const tpl_dash_panel *p = d->pages[0].rows[1].panels;
    assert_ptr_equal(p[0].table, &d->tables[0]);
    assert_true(p[0].width == 2);
    assert_string_equal(p[1].chart->name, "rank_on_time");
    assert_int_equal(d->tables[0].limit, 5);
    assert_int_equal(d->tables[0].cols[0].format, TPL_DASH_AUTO);
    assert_int_equal(d->tables[0].cols[1].format, TPL_DASH_YUAN);
    assert_ptr_equal(d->tables[0].cols[0].lookup, &t->lookups[0]);
    /* kpi_tiles', the table's, rank_on_time's. */
    datasets_are(t,
                 TEXTS("indicators", "statistics", "scoring", "findings", "indicators_children"));
    tpl_free(t);
}

static void test_dashboard_errors(void **state)
{
#define DASH "title: T\ndashboard:\n  pages:\n    - rows:\n"
    load_fails(DASH "        - panels: [{chart: nope}]\n", "t.yaml:5: chart 'nope'");
    load_fails(DASH "        - panels: [{tabel: x}]\n", "t.yaml:5: key 'tabel': unknown key");
    load_fails(DASH "        - panels: [{table: x}]\n", "t.yaml:5: key 'table': no table 'x'");
    load_fails(DASH "        - panels: [{table: x, chart: kpi_tiles}]\n",
               "a panel has either a chart or a table");
    load_fails(DASH "        - panels: [{chart: kpi_tiles, width: 0}]\n",
               "t.yaml:5: key 'width': must be positive");
    load_fails(DASH "        - {height: 10, panles: []}\n", "t.yaml:5: key 'panles': unknown key");
    load_fails(DASH "        - panels: []\n", "key 'panels': expected a list of panels");
    load_fails("title: T\ndashboard:\n  pages: [{rows: [{panels: [{chart: kpi_tiles}]}]}, {rows: "
               "[]}, {rows: []}, {rows: []}]\n",
               "key 'pages': expected a list of 1 to 3 pages");
    load_fails("title: T\ndashboard:\n  titel: x\n  pages: []\n", "t.yaml:3: key 'titel'");
    load_fails(DASH "        - panels: [{table: t}]\n  tables:\n    t: {dataset: d, columns: "
                    "[{field: a, format: money}]}\n",
               "t.yaml:7: key 'format': 'money' is not text, count, fen, yuan or rate");
    load_fails(DASH "        - panels: [{table: t}]\n  tables:\n    t: {dataset: d, columns: "
                    "[{field: a, lookup: none}]}\n",
               "t.yaml:7: key 'lookup': no lookup 'none'");
    load_fails(DASH "        - panels: [{table: t}]\n  tables:\n    t: {dataset: d, sorted: a, "
                    "columns: [{field: a}]}\n",
               "t.yaml:7: key 'sorted': unknown key");
    load_fails(DASH "        - panels: [{table: t}]\n  tables:\n    t: {columns: [{field: a}]}\n",
               "t.yaml:7: key 'dataset': missing");
#undef DASH
}

/* dashboard: NAME draws the dashboard of the template file NAME beside. */
static void test_dashboard_of_another_file(void **state)
{
    char dir[] = "/tmp/rs-tpl-XXXXXX", main_path[64], other[64];
    assert_non_null(mkdtemp(dir));
    snprintf(main_path, sizeof main_path, "%s/main.yaml", dir);
    snprintf(other, sizeof other, "%s/other.yaml", dir);
    put_file(other, "w", dash);
    put_file(main_path, "w", "title: M\ndashboard: other.yaml\n");
    tpl_report *t = NULL;
    rs_error e = {0};
    if (tpl_load(main_path, &t, &e) != RS_OK) fail_msg("%s", e.msg);
    assert_non_null(t->dashboard_of);
    assert_string_equal(t->dashboard_of->path, other);
    assert_ptr_equal(t->dashboard, t->dashboard_of->dashboard);
    assert_int_equal(t->ndatasets, 5);
    tpl_free(t);
    put_file(other, "w", "title: O\ncharts: []\n");
    assert_int_not_equal(tpl_load(main_path, &t, &e), RS_OK);
    assert_non_null(strstr(e.msg, "main.yaml:2: dashboard:"));
    assert_non_null(strstr(e.msg, "has no dashboard: section"));
    unlink(other);
    assert_int_equal(tpl_load(main_path, &t, &e), RS_EIO);
    assert_non_null(strstr(e.msg, "main.yaml:2: key 'dashboard': "));
    unlink(main_path);
    rmdir(dir);
}

/* ---- the datasets a run needs ---------------------------------------- */

/* True if name is among the n names of v. */
static bool has(const char **v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0) return true;
    return false;
}

static void test_needs(void **state)
{
    char *path = home_path("report_templates/assessment.yaml");
    tpl_report *t = NULL;
    rs_error e = {0};
    size_t n = 0;
    if (tpl_load(path, &t, &e) != RS_OK) fail_msg("%s", e.msg);
    const char **needs = report_needs(t, &n);
    /* Named by the workbook, the charts and the dashboard (from
     * dashboard.yaml); indicators_children also because the scores are
     * computed from it; each once. */
    static const char *const want[] = {
        "score_summary", "scores",     "findings",           "trend",
        "indicators",    "scoring",    "report_params",      "report_batches",
        "manifest",      "statistics", "indicators_children"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!has(needs, n, want[i])) fail_msg("needs lacks %s", want[i]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(needs[i], needs[j]);
    assert_false(has(needs, n, "indicators_all"));
    free(needs);
    tpl_free(t);
    free(path);
    t = load_ok("title: T\nworkbook:\n  file: x\n  sheets:\n    - name: S\n      blocks:\n"
                "        - table: {dataset: score_summary, columns: [{field: a, title: A}]}\n");
    needs = report_needs(t, &n);
    assert_int_equal(n, 2);
    assert_string_equal(needs[0], "score_summary");
    assert_string_equal(needs[1], "indicators_children");
    free(needs);
    tpl_free(t);
}

/* ---- resolving for a run ---------------------------------------------- */

static const char *fixture_var(void *arg, const char *name)
{
    static const char *const v[][2] = {{"who", "世界"},
                                       {"unit_name", "奇台县"},
                                       {"unit_code", "652325000000"},
                                       {"unit", "652325000000"},
                                       {"period", "2024-09"},
                                       {"period_zh", "2024年9月"},
                                       {"period_en", "September 2024"},
                                       {"version", "9.9"},
                                       {"target.x", "0.95"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcmp(name, v[i][0]) == 0) return v[i][1];
    return NULL;
}

static void test_resolve_workbook(void **state)
{
    tpl_report *t = load_ok(FIXTURE_WORKBOOK);
    rs_error e = {0};
    for (int l = 0; l < 2; l++) {
        assert_int_equal(resolve_in(t, l ? "en" : "zh", &e), RS_OK);
        const tpl_sheet *sh = &t->workbook->sheets[0];
        const tpl_table *tb = &sh->blocks[1].table;
        assert_string_equal(sh->name.shown, l ? "One" : "表一");
        assert_string_equal(sh->blocks[0].text.shown, "Hello 世界");
        assert_string_equal(tb->cols[1].group.shown, l ? "G" : "组");
        assert_string_equal(tb->cols[0].group.shown, "");
        assert_string_equal(tb->total_label.shown, "合计");
        assert_true(fabs(tb->cols[3].threshold - 0.9) < 1e-12);
        assert_true(isnan(tb->cols[2].threshold));
        assert_string_equal(tpl_lookup_text(tb->cols[0].lookup, "a"), l ? "A" : "甲");
        assert_null(tpl_lookup_text(tb->cols[0].lookup, "b"));
        assert_string_equal(t->words.no_data, l ? "No data" : "无数据");
        assert_string_equal(t->words.sheet_footer, l ? "&CPage &P of &N" : "&C第 &P 页，共 &N 页");
    }
    tpl_free(t);
}

/* Conditions and thresholds take the run's variables; errors name the
 * template file, the line and (for a threshold) the key. */
static void test_resolve_values(void **state)
{
    rs_error e = {0};
    tpl_report *t =
        load_ok(ONE_BLOCK "        - table:\n"
                          "            dataset: d\n"
                          "            where: {field: u, prefix: ['{unit}', x]}\n"
                          "            total: {match: {field: u, equals: '{unit_code}'}}\n"
                          "            columns: [{field: r, title: R, type: rate, alert: {below: "
                          "'{target.x}'}}]\n");
    assert_int_equal(resolve_in(t, "zh", &e), RS_OK);
    const tpl_table *tb = &t->workbook->sheets[0].blocks[0].table;
    assert_string_equal(tb->where.matches[0], "652325000000");
    assert_string_equal(tb->where.matches[1], "x");
    assert_string_equal(tb->total_where.matches[0], "652325000000");
    assert_true(fabs(tb->cols[0].threshold - 0.95) < 1e-12);
    tpl_free(t);
    t = load_ok(ONE_BLOCK "        - text: 'x {nobody}'\n");
    assert_int_equal(resolve_in(t, "zh", &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "t.yaml:7: unknown variable {nobody}"));
    tpl_free(t);
    t = load_ok(ONE_BLOCK
                "        - table: {dataset: d, columns: [{field: r, title: R, type: rate, "
                "alert: {above: 'high'}}]}\n");
    assert_int_equal(resolve_in(t, "en", &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "t.yaml:7: key 'alert': threshold 'high' is not a number"));
    tpl_free(t);
}

/* A column's title_unmasked replaces its title in a run with --unmasked
 * only; it must be a text like any title. */
static void test_title_unmasked(void **state)
{
    static const char text[] =
        ONE_BLOCK "        - table:\n"
                  "            dataset: d\n"
                  "            columns:\n"
                  "              - {field: id_number_masked, title: {zh: 身份证号（脱敏）, en: ID "
                  "(masked)},\n"
                  "                 title_unmasked: {zh: 身份证号（未脱敏）, en: ID (in full)}}\n"
                  "              - {field: code, title: 代码}\n";
    rs_error e = {0};
    tpl_report *t = load_ok(text);
    for (int unmasked = 0; unmasked <= 1; unmasked++) {
        mask_unmasked = unmasked;
        for (int l = 0; l < 2; l++) {
            assert_int_equal(resolve_in(t, l ? "en" : "zh", &e), RS_OK);
            const tpl_table *tb = &t->workbook->sheets[0].blocks[0].table;
            const char *want = unmasked ? (l ? "ID (in full)" : "身份证号（未脱敏）")
                                        : (l ? "ID (masked)" : "身份证号（脱敏）");
            assert_string_equal(tb->cols[0].title.shown, want);
            assert_string_equal(tb->cols[1].title.shown, "代码");
        }
    }
    mask_unmasked = false;
    tpl_free(t);
    load_fails(
        ONE_BLOCK
        "        - table: {dataset: d, columns: [{field: a, title: A, title_unmasked: []}]}\n",
        "t.yaml:7: key 'title_unmasked'");
}

/* The dashboard's texts: its own, or the words' defaults; the footer the
 * run's masking asks for; its charts resolved too. */
static void test_resolve_dashboard(void **state)
{
    rs_error e = {0};
    tpl_report *t = load_ok(dash);
    assert_int_equal(resolve_in(t, "en", &e), RS_OK);
    const tpl_dashboard *d = t->dashboard;
    assert_string_equal(d->title.shown, "世界");
    assert_string_equal(d->file.shown, "dashboard_652325000000_2024-09.pdf");
    assert_string_equal(d->subtitle.shown, "奇台县 · September 2024");
    assert_string_equal(d->footer.shown, "reliefstat 9.9");
    assert_string_equal(d->tables[0].cols[0].title.shown, "Problem");
    assert_string_equal(tpl_lookup_text(d->tables[0].cols[0].lookup, "X"), "Ex");
    const chart_def *rank = d->pages[0].rows[1].panels[1].chart;
    assert_string_equal(rank->title.shown, "On-time payment rate by unit");
    assert_string_equal(rank->subtitle.shown, "奇台县 · September 2024");
    assert_string_equal(rank->rows.where[1].match, "652325000000"); /* where_not: {unit} */
    assert_int_equal(resolve_in(t, "zh", &e), RS_OK);
    assert_string_equal(d->subtitle.shown, "奇台县 · 2024年9月");
    tpl_free(t);
    t = load_ok("title: T\ndashboard:\n  footer: masked\n  footer_unmasked: '{version} full'\n"
                "  pages: [{rows: [{panels: [{chart: kpi_tiles}]}]}]\n");
    assert_int_equal(resolve_in(t, "zh", &e), RS_OK);
    assert_string_equal(t->dashboard->footer.shown, "masked");
    mask_unmasked = true;
    assert_int_equal(resolve_in(t, "zh", &e), RS_OK);
    assert_string_equal(t->dashboard->footer.shown, "9.9 full");
    mask_unmasked = false;
    tpl_free(t);
}

/* The words file must hold every word the renderers need, with only the
 * variables each may use. */
static void test_words_checked(void **state)
{
    char path[] = "/tmp/rs-words-XXXXXX";
    int fd = mkstemp(path);
    text_words *w = NULL;
    tpl_words tw;
    rs_error e = {0};
    char *bundled = home_path("report_templates/_words.yaml"), *text = NULL;
    FILE *in = fopen(bundled, "r");
    assert_true(fd >= 0 && in);
    size_t cap = 1 << 14, len = 0;
    text = malloc(cap);
    len = fread(text, 1, cap - 1, in);
    text[len] = '\0';
    fclose(in);
    char *p = strstr(text, "{label}（右轴）");
    assert_non_null(p);
    memcpy(p, "{lable}", 7);
    close(fd);
    put_file(path, "w", text);
    assert_int_equal(tpl_words_load(path, "zh", &w, &tw, &e), RS_ETEMPLATE);
    assert_null(w);
    assert_non_null(strstr(e.msg, "key 'right_axis': unknown variable {lable}"));
    assert_non_null(strstr(e.msg, path));
    /* A number that is not one (the last of a key wins); a word missing. */
    put_file(path, "a", "yuan_large_size: {zh: 万, en: '1000000'}\n");
    assert_int_equal(tpl_words_load(path, "zh", &w, &tw, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "key 'yuan_large_size': '万' is not a positive number"));
    *strstr(text, "no_data:") = '\0';
    put_file(path, "w", text);
    assert_int_equal(tpl_words_load(path, "en", &w, &tw, &e), RS_ETEMPLATE);
    assert_non_null(strstr(e.msg, "key 'no_data': missing"));
    free(text);
    free(bundled);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_templates_load),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_workbook_errors),
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_charts_section),
        cmocka_unit_test(test_dashboard_section),
        cmocka_unit_test(test_dashboard_errors),
        cmocka_unit_test(test_dashboard_of_another_file),
        cmocka_unit_test(test_needs),
        cmocka_unit_test(test_resolve_workbook),
        cmocka_unit_test(test_resolve_values),
        cmocka_unit_test(test_title_unmasked),
        cmocka_unit_test(test_resolve_dashboard),
        cmocka_unit_test(test_words_checked),
    };
    return cmocka_run_group_tests(tests, words_setup, words_teardown);
}
