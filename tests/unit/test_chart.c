/* Unit tests of chartdef and chart: chart definitions read with errors that
 * name file, line and key; data bound from small fixed tables shaped like
 * the engine's (sorting, limits, gaps, month labels, targets); nice ticks
 * and number formats; and every chart of charts/ rendered to PNG, checked
 * for its size, for ink on the canvas and for glyphs the font lacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/mask.h"
#include "report/chartdef.h"
#include "render/chart.h"
#include "render/dashboard.h"
#include "render/gnuplot.h"

/* ---- fixture: tables shaped like the engine's ------------------------- */

#define UNIT   652300000000LL
#define NCHILD 8

static const char *const child_names[NCHILD] = {"昌吉市",           "阜康市",    "呼图壁县",
                                                "玛纳斯县",         "奇台县",    "吉木萨尔县",
                                                "木垒哈萨克自治县", "昌吉州本级"};

typedef struct {
    const char *name;
    rs_table *t;
} named_table;

static named_table fixture[8];
#define NFINDINGS 40

/* Append an indicator row (value NAN: NULL) to t. */
static void add_indicator(rs_table *t, int64_t code, const char *name, const char *period,
                          const char *indicator, int64_t num, double value)
{
    long r = table_add_row(t);
    assert_true(r >= 0);
    table_set_int(t, (size_t)r, 0, code);
    table_set_text(t, (size_t)r, 1, name);
    table_set_text(t, (size_t)r, 2, code == UNIT ? "prefecture" : "county");
    table_set_text(t, (size_t)r, 3, period);
    table_set_text(t, (size_t)r, 4, indicator);
    table_set_int(t, (size_t)r, 5, num);
    if (!isnan(value)) table_set_real(t, (size_t)r, 6, value);
}

static rs_table *indicator_table(void)
{
    static const char *const cols[] = {"region_code", "region_name", "level", "period",
                                       "indicator",   "numerator",   "value"};
    rs_table *t = table_new(7, cols);
    assert_non_null(t);
    return t;
}

/* On-time rate of child i: 1.0, 0.98, ..., with child 5 missing (NULL). */
static double child_rate(int i)
{
    return i == 5 ? NAN : 1.0 - 0.03 * i;
}

/* The statistics of the unit and its children. */
static rs_table *statistics_table(void)
{
    static const char *const scols[] = {"region_code",
                                        "region_name",
                                        "level",
                                        "dibao_urban_households",
                                        "dibao_rural_households",
                                        "tekun_centralized_households",
                                        "tekun_dispersed_households",
                                        "edge_households",
                                        "rigid_households",
                                        "dibao_urban_persons",
                                        "dibao_rural_persons",
                                        "tekun_centralized_persons",
                                        "tekun_dispersed_persons",
                                        "edge_persons",
                                        "rigid_persons"};
    rs_table *stats = table_new(15, scols);
    for (int i = 0; i <= NCHILD; i++) {
        long r = table_add_row(stats);
        table_set_int(stats, (size_t)r, 0, i < NCHILD ? UNIT + (i + 1) * 1000000LL : UNIT);
        table_set_text(stats, (size_t)r, 1, i < NCHILD ? child_names[i] : "昌吉回族自治州");
        table_set_text(stats, (size_t)r, 2, i < NCHILD ? "county" : "total");
        for (int c = 3; c < 15; c++)
            table_set_int(stats, (size_t)r, c, (i < NCHILD ? 1 : NCHILD) * (50 + c * 17 + i * 9));
    }
    return stats;
}

/* A scoring scheme of three indicators. */
static rs_table *scoring_table(void)
{
    static const char *const kcols[] = {"kind", "code", "weight", "target", "zero_point"};
    rs_table *scoring = table_new(5, kcols);
    static const struct {
        const char *code;
        double target, zero;
    } sc[] = {{"pay_on_time", 1.0, 0.8}, {"pay_in_full", 1.0, 0.8}, {"finding_rate", 0, 0.05}};
    for (size_t i = 0; i < 3; i++) {
        long r = table_add_row(scoring);
        table_set_text(scoring, (size_t)r, 0, "indicator");
        table_set_text(scoring, (size_t)r, 1, sc[i].code);
        table_set_real(scoring, (size_t)r, 2, 10);
        table_set_real(scoring, (size_t)r, 3, sc[i].target);
        table_set_real(scoring, (size_t)r, 4, sc[i].zero);
    }
    return scoring;
}

/* NFINDINGS findings spread over the children. */
static rs_table *findings_table(void)
{
    static const char *const fcols[] = {"code",         "region_code",      "region_name",
                                        "household_id", "id_number_masked", "amount_fen",
                                        "detail"};
    static const char *const codes[] = {"F_DEAD", "F_DUPLICATE", "E_NO_REVIEW"};
    rs_table *findings = table_new(7, fcols);
    for (int i = 0; i < NFINDINGS; i++) {
        long r = table_add_row(findings);
        char hh[32];
        snprintf(hh, sizeof hh, "H%04d", i);
        table_set_text(findings, (size_t)r, 0, codes[i % 3]);
        table_set_int(findings, (size_t)r, 1, UNIT + (i % NCHILD + 1) * 1000000LL);
        table_set_text(findings, (size_t)r, 2, child_names[i % NCHILD]);
        table_set_text(findings, (size_t)r, 3, hh);
        table_set_text(findings, (size_t)r, 4, "652301********1234");
        if (i % 3 != 2) /* E_ findings carry no amount */
            table_set_int(findings, (size_t)r, 5, 10000 + i * 12345LL);
        table_set_text(findings, (size_t)r, 6, "领款人死亡日期早于发放所属期，仍发放低保金");
    }
    return findings;
}

static void build_fixture(void)
{
    rs_table *ind = indicator_table(), *children = indicator_table(), *trend = indicator_table();
    add_indicator(ind, UNIT, "昌吉回族自治州", "2024-09", "paid_month", 123456789, 1234567.89);
    add_indicator(ind, UNIT, "昌吉回族自治州", "2024-09", "paid_ytd", 987654321, 9876543.21);
    add_indicator(ind, UNIT, "昌吉回族自治州", "2024-09", "pay_on_time", 950, 0.95);
    add_indicator(ind, UNIT, "昌吉回族自治州", "2024-09", "pay_in_full", 700, 0.70);
    add_indicator(ind, UNIT, "昌吉回族自治州", "2024-09", "finding_rate", 345600, 0.0028);
    add_indicator(children, UNIT, "昌吉回族自治州", "2024-09", "pay_on_time", 950, 0.95);
    for (int i = 0; i < NCHILD; i++) {
        int64_t code = UNIT + (i + 1) * 1000000LL;
        add_indicator(children, code, child_names[i], "2024-09", "pay_on_time", 100, child_rate(i));
        add_indicator(children, code, child_names[i], "2024-09", "pay_in_full", 100,
                      0.99 - 0.01 * i);
        add_indicator(children, code, child_names[i], "2024-09", "finding_rate",
                      (int64_t)(i * 1234567), 0.001 * i);
    }
    for (int m = 0; m < 12; m++) {
        char period[8];
        int y = m < 3 ? 2023 : 2024, mon = m < 3 ? 10 + m : m - 2;
        snprintf(period, sizeof period, "%04d-%02d", y, mon);
        add_indicator(trend, UNIT, "昌吉回族自治州", period, "paid_month",
                      m == 4 ? 0 : 100000000 + m * 3000000LL, NAN);
        add_indicator(trend, UNIT, "昌吉回族自治州", period, "pay_on_time", 0,
                      m == 6 ? NAN : 0.90 + 0.005 * m);
        add_indicator(trend, UNIT, "昌吉回族自治州", period, "pay_in_full", 0, 0.97);
    }
    fixture[5] = (named_table){"findings", findings_table()};
    fixture[0] = (named_table){"indicators", ind};
    fixture[1] = (named_table){"indicators_children", children};
    fixture[2] = (named_table){"trend", trend};
    fixture[3] = (named_table){"statistics", statistics_table()};
    fixture[4] = (named_table){"scoring", scoring_table()};
}

static int setup(void **state)
{
    build_fixture();
    return 0;
}

static int teardown(void **state)
{
    for (size_t i = 0; fixture[i].name; i++)
        table_free(fixture[i].t);
    chart_fonts_done();
    return 0;
}

static rs_status fixture_fetch(void *arg, const char *name, const rs_table **out, rs_error *e)
{
    for (size_t i = 0; fixture[i].name; i++)
        if (strcmp(fixture[i].name, name) == 0) {
            *out = fixture[i].t;
            return RS_OK;
        }
    return rs_fail(e, RS_ETEMPLATE, "unknown dataset '%s'", name);
}

static const chart_source source = {fixture_fetch, NULL, "652300000000", "2024-09"};

/* Load charts/NAME.yaml and bind it to the fixture. */
static void load_bound(const char *name, const char *lang, chart_def **def, chart_data **d)
{
    rs_error e = {0};
    if (chartdef_load_named(name, def, &e) != RS_OK) fail_msg("%s", e.msg);
    if (chart_data_bind(*def, &source, lang, d, &e) != RS_OK) fail_msg("%s", e.msg);
}

/* ---- numbers --------------------------------------------------------- */

/* Is step 1, 2 or 5 times a power of ten? */
static bool is_nice(double step)
{
    double m = step / pow(10, floor(log10(step)));
    return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9;
}

static void test_nice_ticks(void **state)
{
    static const double ranges[][2] = {{0, 0.973}, {0, 123456}, {0.81, 0.97},
                                       {-37, 512}, {0, 7},      {1234, 1234}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        double lo, hi, step;
        chart_nice_ticks(ranges[i][0], ranges[i][1], 5, &lo, &hi, &step);
        assert_true(is_nice(step));
        assert_true(lo <= ranges[i][0] && hi >= ranges[i][1] && hi > lo);
        double n = (hi - lo) / step;
        assert_true(fabs(n - round(n)) < 1e-6 && n >= 2 && n <= 10);
    }
    double lo, hi, step;
    chart_nice_ticks(0, 0.973, 5, &lo, &hi, &step);
    assert_true(fabs(step - 0.2) < 1e-12 && lo == 0 && fabs(hi - 1.0) < 1e-12);
}

static void test_format_value(void **state)
{
    char buf[64];
    assert_string_equal(chart_format_value(0.96512, FMT_RATE, "zh", true, buf, sizeof buf),
                        "96.5%");
    assert_string_equal(chart_format_value(1234567.89, FMT_FEN, "zh", true, buf, sizeof buf),
                        "123.46 万元");
    assert_string_equal(chart_format_value(12345.6, FMT_YUAN, "zh", true, buf, sizeof buf),
                        "12,345.60 元");
    assert_string_equal(chart_format_value(2500000, FMT_YUAN, "en", true, buf, sizeof buf),
                        "2.50 million yuan");
    assert_string_equal(chart_format_value(-1234567, FMT_COUNT, "zh", true, buf, sizeof buf),
                        "-1,234,567");
    assert_string_equal(chart_format_value(NAN, FMT_COUNT, "zh", true, buf, sizeof buf), "—");
}

/* ---- binding ----------------------------------------------------------- */

static void test_bind_ranking(void **state)
{
    chart_def *def;
    chart_data *d;
    load_bound("rank_on_time", "zh", &def, &d);
    assert_int_equal(d->ncat, NCHILD); /* the unit itself is left out */
    assert_int_equal(d->nser, 1);
    assert_string_equal(d->cats[0], "昌吉市");
    for (size_t i = 1; i + 1 < d->ncat; i++)
        assert_true(d->v[i - 1] >= d->v[i]);
    assert_string_equal(d->cats[NCHILD - 1], child_names[5]); /* NULL sorts last */
    assert_true(isnan(d->v[NCHILD - 1]));
    assert_true(fabs(d->targets[0] - 0.8) < 1e-12 && fabs(d->targets[1] - 1.0) < 1e-12);
    chart_data_free(d);
    chartdef_free(def);

    load_bound("rank_finding_money", "zh", &def, &d);
    assert_string_equal(d->cats[0], child_names[NCHILD - 1]);
    assert_true(fabs(d->v[0] - (NCHILD - 1) * 12345.67) < 1e-6); /* fen shown as yuan */
    chart_data_free(d);
    chartdef_free(def);
}

static void test_bind_trend(void **state)
{
    chart_def *def;
    chart_data *d;
    load_bound("trend_payments", "zh", &def, &d);
    assert_int_equal(d->ncat, 12);
    assert_int_equal(d->nser, 3);
    assert_string_equal(d->cats[0], "2023年10月");
    assert_string_equal(d->cats[1], "11月");
    assert_string_equal(d->cats[3], "2024年1月");
    assert_true(d->v[4] == 0);            /* paid_month zero is a value */
    assert_true(isnan(d->v[1 * 12 + 6])); /* on-time NULL is a gap */
    assert_true(fabs(d->v[1 * 12 + 7] - 0.935) < 1e-12);
    chart_data_free(d);
    chartdef_free(def);
    load_bound("trend_payments", "en", &def, &d);
    assert_string_equal(d->cats[0], "Oct 2023");
    assert_string_equal(d->cats[2], "Dec");
    chart_data_free(d);
    chartdef_free(def);
}

static void test_bind_tiles(void **state)
{
    chart_def *def;
    chart_data *d;
    load_bound("kpi_tiles", "zh", &def, &d);
    assert_int_equal(def->ntiles, 6);
    /* people covered: the four dibao/tekun person columns of the total row */
    double persons = NCHILD * ((50 + 9 * 17 + 72) + (50 + 10 * 17 + 72) + (50 + 11 * 17 + 72) +
                               (50 + 12 * 17 + 72));
    assert_true(d->tiles[0].value == persons);
    assert_true(fabs(d->tiles[1].value - 1234567.89) < 1e-6);
    assert_true(fabs(d->tiles[3].value - 0.95) < 1e-12);
    assert_true(d->tiles[3].target == 1.0 && d->tiles[3].zero == 0.8);
    assert_true(fabs(d->tiles[5].value - 3456.0) < 1e-9);
    assert_true(fabs(d->tiles[5].judge - 0.0028) < 1e-12);
    chart_data_free(d);
    chartdef_free(def);
}

/* ---- definition errors ------------------------------------------------- */

/* Load text as a definition and expect failure with a message holding want. */
static void expect_def_error(const char *text, const char *want)
{
    chart_def *def = NULL;
    rs_error e = {0};
    assert_int_equal(chartdef_load_string("bad.yaml", text, strlen(text), &def, &e), RS_ETEMPLATE);
    assert_null(def);
    if (!strstr(e.msg, want)) fail_msg("'%s' lacks '%s'", e.msg, want);
}

static void test_definition_errors(void **state)
{
    expect_def_error("type: hbar\ncategory: a\nseries:\n  - column: v\n    colour: red\n",
                     "bad.yaml:5: key 'colour': unknown key");
    expect_def_error("type: pie\n", "bad.yaml:1: key 'type': 'pie' is not one of hbar, bar");
    expect_def_error("type: line\ndataset: trend\ncategory: period\nseries:\n"
                     "  - {column: v, color: blue}\n",
                     "bad.yaml:5: key 'color': 'blue' is not a colour");
    expect_def_error("type: line\ndataset: trend\nseries:\n  - {column: v}\n",
                     "key 'category': missing");
    expect_def_error("type: bar\ncategory: c\nseries:\n  - {column: v}\n",
                     "bad.yaml:4: key 'dataset': missing");
    expect_def_error("type: tiles\ntiles:\n  - label: x\n", "bad.yaml:3: key 'value': missing");

    /* a column the dataset lacks fails at binding, naming file, line, key */
    const char text[] = "type: hbar\ndataset: indicators_children\ncategory: region_name\n"
                        "series:\n  - column: valu\n";
    chart_def *def = NULL;
    chart_data *d = NULL;
    rs_error e = {0};
    assert_int_equal(chartdef_load_string("c.yaml", text, strlen(text), &def, &e), RS_OK);
    assert_int_equal(chart_data_bind(def, &source, "zh", &d, &e), RS_ETEMPLATE);
    assert_null(d);
    assert_non_null(strstr(e.msg, "c.yaml:5: key 'column': dataset 'indicators_children' has "
                                  "no column 'valu'"));
    chartdef_free(def);
}

/* ---- rendering --------------------------------------------------------- */

/* Share of pixels of the PNG at path that differ from white; checks its size. */
static double ink_share(const char *path, int want_w, int want_h)
{
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    assert_int_equal(w, want_w);
    assert_int_equal(h, want_h);
    cairo_surface_flush(img);
    const unsigned char *px = cairo_image_surface_get_data(img);
    long ink = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if ((*(const uint32_t *)(px + y * stride + x * 4) & 0xffffff) != 0xffffff) ink++;
    cairo_surface_destroy(img);
    return (double)ink / ((double)w * h);
}

static const char *const all_charts[] = {
    "rank_on_time", "rank_in_full",   "rank_finding_money", "trend_payments",
    "category_mix", "category_donut", "kpi_tiles",          NULL};

/* RS_CHART_KEEP=DIR keeps the PNGs there, to look at them. */
static void test_render_every_chart(void **state)
{
    char tmp[] = "/tmp/rs-chart-XXXXXX", path[512];
    static const char *const langs[] = {"zh", "en"};
    const char *keep = getenv("RS_CHART_KEEP"), *dir = keep ? keep : mkdtemp(tmp);
    assert_non_null(dir);
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; all_charts[i]; i++) {
            chart_def *def;
            chart_data *d;
            rs_error e = {0};
            chart_vars v = {langs[l],
                            "652300000000",
                            "昌吉回族自治州",
                            "2024-09",
                            "2024年9月",
                            "September 2024",
                            false,
                            NULL};
            load_bound(all_charts[i], langs[l], &def, &d);
            snprintf(path, sizeof path, "%s/%s_%s.png", dir, all_charts[i], langs[l]);
            if (chart_render_file(def, d, &v, CHART_FILE_PNG, 2, path, &e) != RS_OK)
                fail_msg("%s: %s", all_charts[i], e.msg);
            double share = ink_share(path, (int)def->width * 2, (int)def->height * 2);
            if (share < 0.03) fail_msg("%s: only %.3f of the canvas drawn", all_charts[i], share);
            if (!keep) unlink(path);
            chart_data_free(d);
            chartdef_free(def);
        }
    if (!keep) rmdir(dir);
}

static void test_svg_and_pdf(void **state)
{
    char dir[] = "/tmp/rs-chart-XXXXXX", path[256];
    chart_def *def;
    chart_data *d;
    rs_error e = {0};
    chart_vars v = {"zh", "652300000000", "昌吉回族自治州", "2024-09", "2024年9月", NULL, false,
                    NULL};
    assert_non_null(mkdtemp(dir));
    load_bound("trend_payments", "zh", &def, &d);
    static const chart_file_format fmts[] = {CHART_FILE_SVG, CHART_FILE_PDF};
    static const char *const magic[] = {"<?xml", "%PDF-"};
    for (int i = 0; i < 2; i++) {
        char head[8] = "";
        snprintf(path, sizeof path, "%s/t%d", dir, i);
        assert_int_equal(chart_render_file(def, d, &v, fmts[i], 1, path, &e), RS_OK);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        assert_int_equal(fread(head, 1, 5, f), 5);
        fclose(f);
        assert_memory_equal(head, magic[i], 5);
        unlink(path);
    }
    rmdir(dir);
    chart_data_free(d);
    chartdef_free(def);
}

static void test_missing_glyph_is_an_error(void **state)
{
    /* U+E000 is a private-use character: no font has a glyph for it */
    const char text[] = "type: hbar\ntitle: \"排名\xee\x80\x80\"\ndataset: indicators_children\n"
                        "where: {indicator: pay_on_time}\ncategory: region_name\n"
                        "series:\n  - {column: value, format: rate}\n";
    chart_def *def = NULL;
    chart_data *d = NULL;
    rs_error e = {0};
    chart_vars v = {.lang = "zh"};
    assert_int_equal(chartdef_load_string("g.yaml", text, strlen(text), &def, &e), RS_OK);
    assert_int_equal(chart_data_bind(def, &source, "zh", &d, &e), RS_OK);
    assert_int_not_equal(chart_render_file(def, d, &v, CHART_FILE_PNG, 1, "/tmp/rs-glyph.png", &e),
                         RS_OK);
    assert_non_null(strstr(e.msg, "lacks a glyph"));
    unlink("/tmp/rs-glyph.png");
    chart_data_free(d);
    chartdef_free(def);
}

/* Text is measured the same whatever the surface: widths depend only on
 * the font size (no hinting), so PNG and PDF lay out alike. */
static void test_text_metrics_independent_of_surface(void **state)
{
    rs_error e = {0};
    chart_font f = {.size = 10, .color = 0, .align = -1, .valign = -1};
    assert_int_equal(chart_fonts_init(&e), RS_OK);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = cairo_create(img);
    chart_pen p = {cr, RS_OK, &e};
    double w1, h1, w2, h2;
    chart_text_size(&p, "按时发放率 96.5%", &f, &w1, &h1);
    f.size = 20;
    chart_text_size(&p, "按时发放率 96.5%", &f, &w2, &h2);
    assert_int_equal(p.status, RS_OK);
    assert_true(w1 > 50 && fabs(w2 - 2 * w1) < 0.01 * w1);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
}

/* Many categories with long names still render (labels thinned out,
 * rotated or ellipsized); RS_CHART_KEEP=DIR keeps the PNGs. */
static void test_many_categories(void **state)
{
    static const char *const cols[] = {"name", "v"};
    static const char *const types[] = {"hbar", "bar", "line"};
    rs_table *t = table_new(2, cols);
    const char *keep = getenv("RS_CHART_KEEP");
    char name[64], text[512], path[600];
    for (int i = 0; i < 60; i++) {
        long r = table_add_row(t);
        snprintf(name, sizeof name, "%s第%d村民委员会", i % 2 ? "木垒哈萨克自治县大石头乡" : "阜康",
                 i);
        table_set_text(t, (size_t)r, 0, name);
        table_set_real(t, (size_t)r, 1, 1e5 * (1 + i % 7));
    }
    fixture[6] = (named_table){"many", t};
    for (int k = 0; k < 3; k++) {
        chart_def *def = NULL;
        chart_data *d = NULL;
        rs_error e = {0};
        chart_vars v = {.lang = "zh"};
        int n = snprintf(text, sizeof text,
                         "type: %s\ntitle: 六十个类别\ndataset: many\ncategory: name\n"
                         "series:\n  - {column: v, format: yuan}\n",
                         types[k]);
        assert_int_equal(chartdef_load_string("many.yaml", text, (size_t)n, &def, &e), RS_OK);
        assert_int_equal(chart_data_bind(def, &source, "zh", &d, &e), RS_OK);
        assert_int_equal(d->ncat, 60);
        snprintf(path, sizeof path, "%s/many_%s.png", keep ? keep : "/tmp", types[k]);
        if (chart_render_file(def, d, &v, CHART_FILE_PNG, 1, path, &e) != RS_OK)
            fail_msg("%s", e.msg);
        assert_true(ink_share(path, 640, 400) > 0.03);
        if (!keep) unlink(path);
        chart_data_free(d);
        chartdef_free(def);
    }
    fixture[6] = (named_table){NULL, NULL};
    table_free(t);
}

/* ---- dashboard ---------------------------------------------------------- */

static const char dash_template[] =
    "title: t\n"
    "lookups:\n"
    "  findings:\n"
    "    F_DEAD: {zh: 死亡后仍发放, en: Paid after death}\n"
    "    F_DUPLICATE: {zh: 重复发放, en: Paid twice}\n"
    "dashboard:\n"
    "  title: {zh: \"{unit_name}社会救助运行监测\", en: \"Dashboard: {unit_name}\"}\n"
    "  footer: {zh: \"reliefstat {version} · 身份证号已脱敏\", en: \"v{version} masked\"}\n"
    "  footer_unmasked: {zh: \"reliefstat {version} · 身份证号未脱敏（--unmasked）\"}\n"
    "  pages:\n"
    "    - rows:\n"
    "        - {height: 92, panels: [{chart: kpi_tiles}]}\n"
    "        - panels: [{chart: rank_on_time}, {chart: trend_payments, width: 1.2}]\n"
    "    - rows:\n"
    "        - {height: 200, panels: [{chart: rank_finding_money}, {chart: category_donut}]}\n"
    "        - panels: [{table: problems}]\n"
    "  tables:\n"
    "    problems:\n"
    "      dataset: findings\n"
    "      title: {zh: 主要问题线索, en: Largest problems}\n"
    "      sort: amount_fen\n"
    "      columns:\n"
    "        - {field: code, lookup: findings, title: {zh: 问题类型, en: Problem}, width: 2}\n"
    "        - {field: region_name, title: {zh: 地区, en: Unit}}\n"
    "        - {field: id_number_masked, title: {zh: 身份证号, en: ID number}, width: 1.6,\n"
    "           title_unmasked: {zh: 完整身份证号}}\n"
    "        - {field: amount_fen, title: {zh: 金额（元）, en: Amount}, width: 1}\n"
    "        - {field: detail, title: {zh: 情况说明, en: Detail}, width: 3}\n";

/* Run cmd and return its standard output (a new string), or NULL. */
static char *run_capture(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    size_t n = 0, cap = 1 << 16;
    char *out = f ? malloc(cap) : NULL;
    while (out && n + 1 < cap) {
        size_t k = fread(out + n, 1, cap - 1 - n, f);
        if (!k) break;
        n += k;
    }
    if (out) out[n] = '\0';
    if (f && pclose(f) != 0) {
        free(out);
        out = NULL;
    }
    return out;
}

/* Remove the spaces of s in place (pdftotext drops or adds some between
 * Chinese and Latin text); returns s. */
static char *squeeze(char *s)
{
    char *o = s;
    for (const char *p = s; *p; p++)
        if (*p != ' ') *o++ = *p;
    *o = '\0';
    return s;
}

/* Render the dashboard of template tpl to path in lang. */
static void render_template(const char *tpl, const char *lang, const char *path)
{
    yd_doc *doc = NULL;
    rs_error e = {0};
    chart_vars v = {lang,      "652300000000", "昌吉回族自治州",
                    "2024-09", "2024年9月",    "September 2024",
                    false,     "9.9.9"};
    assert_int_equal(yd_load_string("dash.yaml", tpl, strlen(tpl), &doc, &e), RS_OK);
    if (dashboard_render(doc, yd_get(doc, yd_root(doc), "dashboard"), &source, &v, path, &e) !=
        RS_OK)
        fail_msg("%s", e.msg);
    yd_free(doc);
}

/* Render the dashboard of dash_template to path in lang. */
static void render_dashboard(const char *lang, const char *path)
{
    render_template(dash_template, lang, path);
}

/* RS_CHART_KEEP=DIR keeps dashboard.pdf there. */
static void test_dashboard_pdf(void **state)
{
    char path[512], cmd[600], buf[256];
    const char *keep = getenv("RS_CHART_KEEP");
    snprintf(path, sizeof path, "%s/dashboard.pdf", keep ? keep : "/tmp");
    if (system("command -v pdftotext >/dev/null && command -v pdffonts >/dev/null") != 0) skip();
    render_dashboard("zh", path);
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
    char *text = run_capture(cmd);
    assert_non_null(text);
    static const char *const want[] = {"昌吉回族自治州社会救助运行监测",
                                       "2024年9月",
                                       "保障人数",
                                       "9,616 人",
                                       "当月支出",
                                       "123.46 万元",
                                       "累计支出",
                                       "987.65 万元",
                                       "按时发放率",
                                       "95.0%",
                                       "足额发放率",
                                       "70.0%",
                                       "问题资金",
                                       "3,456.00 元",
                                       "各地按时发放率排名",
                                       "近12个月资金发放趋势",
                                       "主要问题线索",
                                       "死亡后仍发放",
                                       "652301********1234",
                                       "4,914.55", /* the largest amount: 10000 + 39 * 12345 fen */
                                       "第 1 页 / 共 2 页",
                                       "第 2 页 / 共 2 页"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(squeeze(text), squeeze(strcpy(buf, want[i]))))
            fail_msg("dashboard text lacks '%s'", want[i]);
    assert_null(strstr(text, "\f\f\f")); /* two pages, not three */
    free(text);
    snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
    char *fonts = run_capture(cmd);
    assert_non_null(fonts);
    char *line = strstr(fonts, "NotoSansCJK");
    assert_non_null(line);
    assert_non_null(strstr(line, " yes ")); /* embedded (subset) */
    free(fonts);
    if (!keep) unlink(path);
}

static void test_dashboard_english(void **state)
{
    char path[] = "/tmp/rs-dash-en.pdf";
    if (system("command -v pdftotext >/dev/null") != 0) skip();
    render_dashboard("en", path);
    char *text = run_capture("pdftotext -layout /tmp/rs-dash-en.pdf -");
    assert_non_null(text);
    assert_non_null(strstr(text, "Dashboard: 昌吉回族自治州"));
    assert_non_null(strstr(text, "On-time rate"));
    assert_non_null(strstr(text, "1.23 million yuan"));
    assert_non_null(strstr(text, "Paid after death"));
    assert_non_null(strstr(text, "Page 2 of 2"));
    free(text);
    unlink(path);
}

/* The text, spaces removed, of the dashboard of template tpl in lang drawn
 * in a run with --unmasked or without (a new string). */
static char *dashboard_text(const char *tpl, const char *lang, bool unmasked)
{
    static const char path[] = "/tmp/rs-dash-footer.pdf";
    mask_unmasked = unmasked;
    render_template(tpl, lang, path);
    mask_unmasked = false;
    char *text = run_capture("pdftotext /tmp/rs-dash-footer.pdf -");
    assert_non_null(text);
    unlink(path);
    return squeeze(text);
}

/* The footer says what the run did: the masked text by default, the
 * unmasked one under --unmasked (mask_unmasked), the English of either, and
 * the version alone from a template that has no footer; a column's
 * title_unmasked is its title under --unmasked only. */
static void test_dashboard_footer(void **state)
{
    char *text;
    if (system("command -v pdftotext >/dev/null") != 0) skip();
    text = dashboard_text(dash_template, "zh", false);
    assert_non_null(strstr(text, "reliefstat9.9.9·身份证号已脱敏"));
    assert_null(strstr(text, "未脱敏"));
    assert_null(strstr(text, "完整身份证号"));
    free(text);
    text = dashboard_text(dash_template, "zh", true);
    assert_non_null(strstr(text, "reliefstat9.9.9·身份证号未脱敏（--unmasked）"));
    assert_non_null(strstr(text, "完整身份证号")); /* the column's title_unmasked */
    assert_null(strstr(text, "已脱敏"));
    free(text);
    text = dashboard_text(dash_template, "en", false);
    assert_non_null(strstr(text, "v9.9.9masked"));
    free(text);
    /* English asked for, only Chinese given: the Chinese text. */
    text = dashboard_text(dash_template, "en", true);
    assert_non_null(strstr(text, "未脱敏（--unmasked）"));
    free(text);
    text = dashboard_text("dashboard:\n  pages: [{rows: [{panels: [{chart: kpi_tiles}]}]}]\n", "zh",
                          true);
    assert_non_null(strstr(text, "reliefstat9.9.9"));
    assert_null(strstr(text, "脱敏"));
    free(text);
}

static void test_dashboard_errors(void **state)
{
    static const struct {
        const char *yaml, *want;
    } cases[] = {
        {"dashboard:\n  pages:\n    - rows:\n        - panels: [{chart: nope}]\n",
         "d.yaml:4: chart 'nope'"},
        {"dashboard:\n  pages:\n    - rows:\n        - panels: [{tabel: x}]\n",
         "d.yaml:4: key 'tabel': unknown key"},
        {"dashboard:\n  pages: [{rows: [{panels: [{table: t}]}]}]\n  tables:\n"
         "    t: {dataset: findings, columns: [{field: amount}]}\n",
         "d.yaml:4: key 'field': the dataset has no column 'amount'"},
        {"dashboard:\n  pages: [{rows: [{panels: [{chart: kpi_tiles}]}]}, {rows: []}, {rows: []},"
         " {rows: []}]\n",
         "key 'pages': expected a list of 1 to 3 pages"},
    };
    chart_vars v = {.lang = "zh"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        yd_doc *doc = NULL;
        rs_error e = {0};
        assert_int_equal(yd_load_string("d.yaml", cases[i].yaml, strlen(cases[i].yaml), &doc, &e),
                         RS_OK);
        assert_int_not_equal(dashboard_render(doc, yd_get(doc, yd_root(doc), "dashboard"), &source,
                                              &v, "/tmp/rs-dash-err.pdf", &e),
                             RS_OK);
        if (!strstr(e.msg, cases[i].want)) fail_msg("'%s' lacks '%s'", e.msg, cases[i].want);
        yd_free(doc);
    }
    unlink("/tmp/rs-dash-err.pdf");
}

/* ---- gnuplot ------------------------------------------------------------ */

/* Every chart of charts/ through gnuplot: PNG of the right size with ink,
 * and the script and data kept beside it.  RS_CHART_KEEP=DIR keeps them. */
static void test_gnuplot_every_chart(void **state)
{
    char tmp[] = "/tmp/rs-gp-XXXXXX", path[600];
    const char *keep = getenv("RS_CHART_KEEP"), *dir = keep ? keep : mkdtemp(tmp);
    if (system("command -v gnuplot >/dev/null") != 0) {
        print_message("SKIP: gnuplot not installed\n");
        skip();
    }
    assert_non_null(dir);
    report_ctx ctx = {.lang = "zh", .out_dir = dir, .charts = "gnuplot"};
    chart_vars v = {"zh", "652300000000", "昌吉回族自治州", "2024-09", "2024年9月", NULL, false,
                    NULL};
    for (size_t i = 0; all_charts[i]; i++) {
        chart_def *def;
        chart_data *d;
        rs_error e = {0};
        char name[256];
        load_bound(all_charts[i], "zh", &def, &d);
        snprintf(name, sizeof name, "gp_%s.png", all_charts[i]);
        if (gnuplot_render(&ctx, def, d, &v, 1.5, name, &e) != RS_OK)
            fail_msg("%s: %s", all_charts[i], e.msg);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        double share = ink_share(path, (int)(def->width * 1.5), (int)(def->height * 1.5));
        if (share < 0.02)
            fail_msg("%s: only %.3f of the gnuplot canvas drawn", all_charts[i], share);
        static const char *const kept[] = {"png", "gp", "dat"};
        for (int k = 0; k < 3; k++) {
            snprintf(path, sizeof path, "%s/gp_%s.%s", dir, all_charts[i], kept[k]);
            assert_int_equal(access(path, R_OK), 0);
            if (!keep) unlink(path);
        }
        chart_data_free(d);
        chartdef_free(def);
    }
    for (size_t i = 0; i < ctx.noutputs; i++)
        free(ctx.outputs[i]);
    free(ctx.outputs);
    if (!keep) rmdir(dir);
}

static void test_gnuplot_absent(void **state)
{
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    chart_def *def;
    chart_data *d;
    rs_error e = {0};
    report_ctx ctx = {.lang = "zh", .out_dir = "/tmp"};
    chart_vars v = {.lang = "zh"};
    load_bound("rank_on_time", "zh", &def, &d);
    setenv("PATH", "/nonexistent", 1);
    assert_int_equal(gnuplot_render(&ctx, def, d, &v, 1, "x.png", &e), RS_EUSAGE);
    assert_non_null(strstr(e.msg, "gnuplot is not on PATH"));
    if (old) setenv("PATH", old, 1);
    free(old);
    chart_data_free(d);
    chartdef_free(def);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_ticks),
        cmocka_unit_test(test_format_value),
        cmocka_unit_test(test_bind_ranking),
        cmocka_unit_test(test_bind_trend),
        cmocka_unit_test(test_bind_tiles),
        cmocka_unit_test(test_definition_errors),
        cmocka_unit_test(test_render_every_chart),
        cmocka_unit_test(test_svg_and_pdf),
        cmocka_unit_test(test_missing_glyph_is_an_error),
        cmocka_unit_test(test_text_metrics_independent_of_surface),
        cmocka_unit_test(test_many_categories),
        cmocka_unit_test(test_dashboard_pdf),
        cmocka_unit_test(test_dashboard_english),
        cmocka_unit_test(test_dashboard_footer),
        cmocka_unit_test(test_dashboard_errors),
        cmocka_unit_test(test_gnuplot_every_chart),
        cmocka_unit_test(test_gnuplot_absent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
