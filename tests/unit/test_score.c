/* Unit tests of score: the scheme file and its errors, points and grades,
 * and scoring units from their own pooled indicator rows (never averaged),
 * with ranks among the child units. */
#include <math.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/home.h"
#include "engine/score.h"

static const char scheme_text[] = "# test scheme\n"
                                  "kind,code,weight,target,zero,direction,label_zh,label_en\n"
                                  "indicator,on_time,60,1.0,0.8,higher,,\n"
                                  "indicator,bad_money,40,0.0,0.1,lower,,\n"
                                  "grade,poor,,0,,,差,Poor\n"
                                  "grade,excellent,,90,,,优,Excellent\n"
                                  "grade,fair,,60,,,中,Fair\n";

static score_scheme *scheme(void)
{
    score_scheme *s = NULL;
    rs_error e = {0};
    if (score_parse("s.csv", scheme_text, &s, &e) != RS_OK) fail_msg("%s", e.msg);
    return s;
}

static void test_bundled_scheme(void **state)
{
    char *path = home_path("seeds/scoring.csv");
    score_scheme *s = NULL;
    rs_error e = {0};
    double w = 0;
    if (score_load(path, &s, &e) != RS_OK) fail_msg("%s", e.msg);
    for (size_t i = 0; i < s->nitems; i++)
        w += s->items[i].weight;
    assert_true(fabs(w - 100) < 1e-9);
    assert_int_equal(s->ngrades, 4);
    assert_string_equal(s->grades[0].label_zh, "优");
    assert_string_equal(s->grades[3].label_zh, "差");
    assert_non_null(score_find(s, "pay_on_time"));
    assert_non_null(score_find(s, "visit_coverage"));
    assert_non_null(score_find(s, "urgent_in_time"));
    assert_false(score_find(s, "finding_rate")->higher);
    assert_true(fabs(s->min_share - 0.6) < 1e-12);
    assert_string_equal(s->short_zh, "数据不足");
    score_free(s);
    free(path);
}

static void test_points_and_grades(void **state)
{
    score_scheme *s = scheme();
    const score_item *up = score_find(s, "on_time"), *down = score_find(s, "bad_money");
    assert_true(fabs(score_points(up, 1.0) - 60) < 1e-9);
    assert_true(fabs(score_points(up, 0.9) - 30) < 1e-9);
    assert_true(score_points(up, 0.5) == 0);
    assert_true(fabs(score_points(down, 0.0) - 40) < 1e-9);
    assert_true(fabs(score_points(down, 0.025) - 30) < 1e-9);
    assert_true(score_points(down, 0.5) == 0);
    assert_true(score_met(up, 1.0) && !score_met(up, 0.99));
    assert_true(score_met(down, 0.0) && !score_met(down, 0.01));
    /* Grades sorted by cut-off whatever the file order. */
    assert_string_equal(score_grade_of(s, 95)->label_zh, "优");
    assert_string_equal(score_grade_of(s, 90)->label_zh, "优");
    assert_string_equal(score_grade_of(s, 89.9)->label_en, "Fair");
    assert_string_equal(score_grade_of(s, 10)->label_zh, "差");
    score_free(s);
}

static void parse_fails(const char *text, const char *want)
{
    score_scheme *s = NULL;
    rs_error e = {0};
    assert_int_equal(score_parse("s.csv", text, &s, &e), RS_EDATA);
    assert_null(s);
    if (!strstr(e.msg, want)) fail_msg("message '%s' lacks '%s'", e.msg, want);
}

static void test_errors(void **state)
{
    const char *hdr = "kind,code,weight,target,zero,direction,label_zh,label_en\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%sindicator,a,10,1,0.5,up,,\ngrade,p,,0,,,差,Poor\n", hdr);
    parse_fails(buf, "s.csv:2: column 'direction': 'up'");
    snprintf(buf, sizeof buf, "%sindicator,a,10,0.5,1,higher,,\ngrade,p,,0,,,差,Poor\n", hdr);
    parse_fails(buf, "s.csv:2: column 'target'");
    snprintf(buf, sizeof buf, "%sindicator,a,ten,1,0,higher,,\ngrade,p,,0,,,差,Poor\n", hdr);
    parse_fails(buf, "s.csv:2: column 'weight': 'ten' is not a number");
    snprintf(buf, sizeof buf, "%sindicator,a,10,1,0,higher,,\ngrade,p,,50,,,差,Poor\n", hdr);
    parse_fails(buf, "lowest grade must start at 0");
    parse_fails("kind,code,weight\nindicator,a,1\n", "s.csv:1: missing column 'target'");
}

/* An empty table of engine_indicators' columns. */
static rs_table *indicators_table(void)
{
    static const char *const names[] = {"region_code", "region_name", "level", "period",
                                        "indicator",   "name",        "unit",  "numerator",
                                        "denominator", "value"};
    return table_new(10, names);
}

/* Append an indicator row of code (a county when is_unit, else a township)
 * to t: its row index. */
static size_t add_indicator(rs_table *t, int64_t code, const char *name, bool is_unit,
                            const char *ind, const char *unit)
{
    size_t i = (size_t)table_add_row(t);
    table_set_int(t, i, 0, code);
    table_set_text(t, i, 1, name);
    table_set_text(t, i, 2, is_unit ? "county" : "township");
    table_set_text(t, i, 3, "2024-09");
    table_set_text(t, i, 4, ind);
    table_set_text(t, i, 5, ind);
    table_set_text(t, i, 6, unit);
    return i;
}

/* An indicators table (engine_indicators columns) for a unit (100) and two
 * children (101, 102).  The unit's rate is pooled over all its records
 * (coded at the unit too), so it is not the mean of its children's. */
static rs_table *indicators(void)
{
    static const struct {
        int64_t code;
        const char *ind;
        int64_t num, den; /* den < 0: NULL */
    } rows[] = {
        {100, "on_time", 95, 100}, {100, "bad_money", 0, 1000},   {100, "paid", 500, -1},
        {101, "on_time", 9, 10},   {101, "bad_money", 100, 1000}, {102, "on_time", 8, 10},
        {102, "bad_money", 0, 0},
    };
    rs_table *t = indicators_table();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        add_indicator(t, rows[i].code,
                      rows[i].code == 100   ? "本级"
                      : rows[i].code == 101 ? "甲"
                                            : "乙",
                      rows[i].code == 100, rows[i].ind,
                      strcmp(rows[i].ind, "on_time") ? "fen" : "count");
        table_set_int(t, i, 7, rows[i].num);
        if (rows[i].den >= 0) table_set_int(t, i, 8, rows[i].den);
        if (rows[i].den > 0)
            table_set_real(t, i, 9, (double)rows[i].num / (double)rows[i].den);
        else if (rows[i].den < 0)
            table_set_real(t, i, 9, (double)rows[i].num / 100.0);
    }
    return t;
}

static void test_score_tables(void **state)
{
    score_scheme *s = scheme();
    rs_table *in = indicators(), *detail = NULL, *sum = NULL;
    rs_error e = {0};
    if (score_tables(s, in, 100, "zh", &detail, &sum, &e) != RS_OK) fail_msg("%s", e.msg);
    int c_score = table_col(sum, "score"), c_rank = table_col(sum, "rank");
    int c_grade = table_col(sum, "grade"), c_unit = table_col(sum, "is_unit");
    int c_ot = table_col(sum, "on_time.score");
    assert_true(c_score >= 0 && c_rank >= 0 && c_grade >= 0 && c_unit >= 0 && c_ot >= 0);
    assert_int_equal(sum->nrows, 3);
    /* 101: on_time 0.9 -> 30 of 60; bad_money 0.1 -> 0 of 40: 30, rank 1. */
    assert_int_equal(table_cell(sum, 0, 0)->i, 101);
    assert_true(fabs(table_cell(sum, 0, c_score)->d - 30) < 1e-9);
    assert_int_equal(table_cell(sum, 0, c_rank)->i, 1);
    assert_string_equal(table_cell(sum, 0, c_grade)->s, "差");
    /* 102: on_time 0.8 -> 0; bad_money has no cases and is left out, so
     * the total is 100 * 0 / 60 = 0, rank 2. */
    assert_int_equal(table_cell(sum, 1, 0)->i, 102);
    assert_true(fabs(table_cell(sum, 1, c_score)->d) < 1e-9);
    assert_int_equal(table_cell(sum, 1, c_rank)->i, 2);
    /* The unit comes last, unranked, scored from its own pooled rows:
     * on_time 0.95 -> 45; bad_money 0 -> 40: 85, not the children's mean. */
    assert_int_equal(table_cell(sum, 2, 0)->i, 100);
    assert_int_equal(table_cell(sum, 2, c_unit)->i, 1);
    assert_int_equal(table_cell(sum, 2, c_rank)->type, VAL_NULL);
    assert_true(fabs(table_cell(sum, 2, c_score)->d - 85) < 1e-9);
    assert_string_equal(table_cell(sum, 2, c_grade)->s, "中");
    assert_true(fabs(table_cell(sum, 2, c_ot)->d - 45) < 1e-9);
    /* Detail: one row per input row, the money-only indicator unscored. */
    assert_int_equal(detail->nrows, in->nrows);
    int d_score = table_col(detail, "score"), d_missed = table_col(detail, "missed");
    int d_type = table_col(detail, "value_type");
    assert_true(fabs(table_cell(detail, 0, d_score)->d - 45) < 1e-9);
    assert_int_equal(table_cell(detail, 0, d_missed)->i, 1);
    assert_int_equal(table_cell(detail, 1, d_missed)->i, 0);
    assert_int_equal(table_cell(detail, 2, d_score)->type, VAL_NULL);
    assert_string_equal(table_cell(detail, 2, d_type)->s, "yuan");
    assert_string_equal(table_cell(detail, 0, d_type)->s, "rate");
    table_free(detail);
    table_free(sum);
    table_free(in);
    score_free(s);
}

static void test_ties_share_rank(void **state)
{
    score_scheme *s = scheme();
    rs_table *in = indicators(), *detail = NULL, *sum = NULL;
    rs_error e = {0};
    /* Make 102 equal to 101 on every scored indicator. */
    table_set_int(in, 5, 7, 9);
    table_set_real(in, 5, 9, 0.9);
    table_set_int(in, 6, 7, 100);
    table_set_int(in, 6, 8, 1000);
    table_set_real(in, 6, 9, 0.1);
    assert_int_equal(score_tables(s, in, 100, "en", &detail, &sum, &e), RS_OK);
    int c_rank = table_col(sum, "rank"), c_grade = table_col(sum, "grade");
    assert_int_equal(table_cell(sum, 0, c_rank)->i, 1);
    assert_int_equal(table_cell(sum, 1, c_rank)->i, 1);
    assert_string_equal(table_cell(sum, 0, c_grade)->s, "Poor");
    table_free(detail);
    table_free(sum);
    table_free(in);
    score_free(s);
}

/* Rounding to hundredths, half up, by the decimal reading of the value. */
static void test_round2(void **state)
{
    assert_int_equal(score_round2(0.125), 13);
    assert_int_equal(score_round2(0.135), 14);
    assert_int_equal(score_round2(2.675),
                     268); /* the double is 2.67499999999999982236431605997495353221893310546875 */
    assert_int_equal(score_round2(1.005), 101);
    assert_int_equal(score_round2(2.665), 267);
    assert_int_equal(score_round2(2.6749), 267);
    assert_int_equal(score_round2(70.81499800942316), 7081);
    assert_int_equal(score_round2(3.999999999999999), 400);
    assert_int_equal(score_round2(100.0 * 15 / 45), 3333);
    assert_int_equal(score_round2(0), 0);
    assert_int_equal(score_round2(100), 10000);
    assert_int_equal(score_round2(-0.125), -13);
}

/* A scheme of three equal weights, a 70 % minimum share, and indicators of
 * four child units (2..5) and the unit (1). */
static const char thirds_text[] = "kind,code,weight,target,zero,direction,label_zh,label_en\n"
                                  "indicator,a,1,1.0,0.0,higher,,\n"
                                  "indicator,b,1,1.0,0.0,higher,,\n"
                                  "indicator,c,1,1.0,0.0,higher,,\n"
                                  "grade,good,,60,,,良,Good\n"
                                  "grade,poor,,0,,,差,Poor\n"
                                  "minimum,weight_share,,0.70,,,数据不足,Insufficient data\n";

static rs_table *thirds_indicators(void)
{
    static const struct {
        int64_t code;
        const char *ind;
        double value; /* < 0: no value (no cases) */
    } rows[] = {
        /* 2: all three at 1.0: 33.33 each, total 99.99 (the sum of the items). */
        {2, "a", 1.0},
        {2, "b", 1.0},
        {2, "c", 1.0},
        /* 3: a 0.125, b 0.5, c 1.0: 4.17 + 16.67 + 33.33 = 54.17 (unrounded 54.1666..). */
        {3, "a", 0.125},
        {3, "b", 0.5},
        {3, "c", 1.0},
        /* 4: two of three (67 % < 70 %), both full: 50 + 50 = 100, yet 数据不足. */
        {4, "a", 1.0},
        {4, "b", 1.0},
        {4, "c", -1},
        /* 5: like 3 but c 0.9: 4.17 + 16.67 + 30 = 50.84. */
        {5, "a", 0.125},
        {5, "b", 0.5},
        {5, "c", 0.9},
        {1, "a", 0.75},
        {1, "b", 0.75},
        {1, "c", 0.75},
    };
    rs_table *t = indicators_table();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        add_indicator(t, rows[i].code, "u", rows[i].code == 1, rows[i].ind, "count");
        table_set_int(t, i, 7, 0);
        table_set_int(t, i, 8, rows[i].value < 0 ? 0 : 8);
        if (rows[i].value >= 0) table_set_real(t, i, 9, rows[i].value);
    }
    return t;
}

/* The summary row of code, or -1. */
static long row_of(const rs_table *t, int64_t code)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (table_cell(t, r, 0)->i == code) return (long)r;
    return -1;
}

static double cell_d(const rs_table *t, long r, const char *col)
{
    const rs_value *v = table_cell(t, (size_t)r, table_col(t, col));
    return v->type == VAL_REAL ? v->d : v->type == VAL_INT ? (double)v->i : NAN;
}

/* Items rounded half up, the total their sum, the rescaled contributions
 * shown, and units short of the minimum share shown but neither graded
 * nor ranked. */
static void test_rounded_rescaled_minimum(void **state)
{
    score_scheme *s = NULL;
    rs_table *in = thirds_indicators(), *detail = NULL, *sum = NULL;
    rs_error e = {0};
    if (score_parse("s.csv", thirds_text, &s, &e) != RS_OK) fail_msg("%s", e.msg);
    assert_true(fabs(s->min_share - 0.7) < 1e-12);
    if (score_tables(s, in, 1, "zh", &detail, &sum, &e) != RS_OK) fail_msg("%s", e.msg);
    static const struct {
        int64_t code;
        double a, b, c, total;
        long rank; /* 0: none */
        const char *grade;
    } want[] = {
        {2, 33.33, 33.33, 33.33, 99.99, 1, "良"}, {3, 4.17, 16.67, 33.33, 54.17, 2, "差"},
        {5, 4.17, 16.67, 30.00, 50.84, 3, "差"},  {4, 50.00, 50.00, NAN, 100.00, 0, "数据不足"},
        {1, 25.00, 25.00, 25.00, 75.00, 0, "良"},
    };
    assert_int_equal(sum->nrows, 5);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long r = row_of(sum, want[i].code);
        assert_int_equal(r, (long)i); /* ranked first, then the unranked, the unit last */
        assert_true(fabs(cell_d(sum, r, "a.score") - want[i].a) < 1e-9);
        assert_true(fabs(cell_d(sum, r, "b.score") - want[i].b) < 1e-9);
        if (isnan(want[i].c))
            assert_true(isnan(cell_d(sum, r, "c.score")));
        else
            assert_true(fabs(cell_d(sum, r, "c.score") - want[i].c) < 1e-9);
        /* The printed total is the printed items' sum. */
        double items = want[i].a + want[i].b + (isnan(want[i].c) ? 0 : want[i].c);
        assert_true(fabs(cell_d(sum, r, "score") - want[i].total) < 1e-9);
        assert_true(fabs(cell_d(sum, r, "score") - items) < 1e-9);
        if (want[i].rank)
            assert_int_equal(table_cell(sum, (size_t)r, table_col(sum, "rank"))->i, want[i].rank);
        else
            assert_int_equal(table_cell(sum, (size_t)r, table_col(sum, "rank"))->type, VAL_NULL);
        assert_string_equal(table_cell(sum, (size_t)r, table_col(sum, "grade"))->s, want[i].grade);
    }
    assert_true(fabs(cell_d(sum, row_of(sum, 4), "weight_share") - 2.0 / 3.0) < 1e-12);
    assert_true(fabs(cell_d(sum, row_of(sum, 2), "weight_share") - 1.0) < 1e-12);
    /* The detail keeps each item's points out of its weight, rounded: 3's
     * a is 0.125 of 1 point, 0.13. */
    assert_true(fabs(cell_d(detail, 3, "score") - 0.13) < 1e-9);
    table_free(detail);
    table_free(sum);
    /* In English the short-of-data label is the scheme's. */
    assert_int_equal(score_tables(s, in, 1, "en", &detail, &sum, &e), RS_OK);
    assert_string_equal(table_cell(sum, 3, table_col(sum, "grade"))->s, "Insufficient data");
    table_free(detail);
    table_free(sum);
    table_free(in);
    score_free(s);
}

static void test_minimum_errors(void **state)
{
    const char *hdr = "kind,code,weight,target,zero,direction,label_zh,label_en\n"
                      "indicator,a,10,1,0,higher,,\ngrade,p,,0,,,差,Poor\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%sminimum,weight_share,,1.5,,,数据不足,Short\n", hdr);
    parse_fails(buf, "s.csv:4: column 'target': the share '1.5' is not in 0..1");
    snprintf(buf, sizeof buf, "%sminimum,share,,0.5,,,数据不足,Short\n", hdr);
    parse_fails(buf, "s.csv:4: column 'code': a minimum is 'weight_share'");
    snprintf(buf, sizeof buf, "%sminimum,weight_share,,0.5,,,,\n", hdr);
    parse_fails(buf, "s.csv:4: the minimum needs label_zh and label_en");
    snprintf(buf, sizeof buf,
             "%sminimum,weight_share,,0.5,,,数据不足,Short\nminimum,weight_share,,0.6,,,a,b\n",
             hdr);
    parse_fails(buf, "s.csv:5: the minimum is given twice");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_scheme),
        cmocka_unit_test(test_points_and_grades),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_score_tables),
        cmocka_unit_test(test_ties_share_rank),
        cmocka_unit_test(test_round2),
        cmocka_unit_test(test_rounded_rescaled_minimum),
        cmocka_unit_test(test_minimum_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
