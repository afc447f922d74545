/* Unit tests of score: the scheme file and its errors, points and grades,
 * and scoring units from their own pooled indicator rows (never averaged),
 * with ranks among the child units. */
#include <math.h>
#include <setjmp.h>
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
    assert_false(score_find(s, "finding_rate")->higher);
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

/* An indicators table (engine_indicators columns) for a unit (100) and two
 * children (101, 102).  The unit's rate is pooled over all its records
 * (coded at the unit too), so it is not the mean of its children's. */
static rs_table *indicators(void)
{
    static const char *const names[] = {"region_code", "region_name", "level", "period",
                                        "indicator",   "name",        "unit",  "numerator",
                                        "denominator", "value"};
    static const struct {
        int64_t code;
        const char *ind;
        int64_t num, den; /* den < 0: NULL */
    } rows[] = {
        {100, "on_time", 95, 100}, {100, "bad_money", 0, 1000},   {100, "paid", 500, -1},
        {101, "on_time", 9, 10},   {101, "bad_money", 100, 1000}, {102, "on_time", 8, 10},
        {102, "bad_money", 0, 0},
    };
    rs_table *t = table_new(10, names);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        table_add_row(t);
        table_set_int(t, i, 0, rows[i].code);
        table_set_text(t, i, 1, rows[i].code == 100 ? "本级" : rows[i].code == 101 ? "甲" : "乙");
        table_set_text(t, i, 2, rows[i].code == 100 ? "county" : "township");
        table_set_text(t, i, 3, "2024-09");
        table_set_text(t, i, 4, rows[i].ind);
        table_set_text(t, i, 5, rows[i].ind);
        table_set_text(t, i, 6, strcmp(rows[i].ind, "on_time") ? "fen" : "count");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_scheme),  cmocka_unit_test(test_points_and_grades),
        cmocka_unit_test(test_errors),          cmocka_unit_test(test_score_tables),
        cmocka_unit_test(test_ties_share_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
