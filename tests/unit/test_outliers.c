/* Unit tests of the outliers' statistic (indicators.md "Outliers"): the
 * median, the modified z-score with MAD > 0, the MAD = 0 rule with MeanAD
 * and 1.253314, both zero with x equal to the median and not (infinite),
 * too short a history, an empty x, the threshold and the change that
 * matters exactly at their bounds, the negative direction, a median of 0;
 * and the flagged-first order of the table.  Expected values are worked
 * out here from the formulas, not taken from the program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>

#include "engine/outliers.h"

#define N(a) (sizeof(a) / sizeof(a)[0])
/* (this cmocka has no assert_double_equal) */
#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))
#define THRESHOLD              3.5
#define MIN_CHANGE             0.2

static outlier_result judge(const double *h, size_t n, double x)
{
    outlier_result r;
    outlier_judge(h, n, true, x, THRESHOLD, MIN_CHANGE, &r);
    return r;
}

static void test_median(void **state)
{
    double odd[] = {5, 1, 3}, even[] = {4, 1, 3, 2}, one[] = {7};
    assert_true(outlier_median(odd, 3) == 3);
    assert_true(outlier_median(even, 4) == 2.5); /* the mean of the middle two */
    assert_true(outlier_median(one, 1) == 7);
}

/* h: median 100, deviations 0 0 5 5 10 10, MAD 5. */
static const double spread[] = {100, 110, 90, 105, 95, 100};

static void test_mad_positive(void **state)
{
    outlier_result r = judge(spread, N(spread), 130);
    assert_true(r.examined);
    assert_true(r.median == 100);
    assert_true(r.mad == 5);
    assert_false(r.infinite);
    assert_near(r.score, 0.6745 * 30 / 5, 1e-12); /* 4.047 */
    assert_true(r.beyond && r.matters && r.flagged);
    r = judge(spread, N(spread), 110); /* 1.349: within */
    assert_near(r.score, 1.349, 1e-12);
    assert_false(r.beyond || r.flagged);
}

static void test_negative_direction(void **state)
{
    outlier_result r = judge(spread, N(spread), 60);
    assert_near(r.score, -0.6745 * 40 / 5, 1e-12); /* -5.396 */
    assert_true(r.beyond && r.matters && r.flagged);
    r = judge(spread, N(spread), 75); /* -3.3725: within */
    assert_near(r.score, -3.3725, 1e-12);
    assert_false(r.flagged);
}

static void test_mad_zero_meanad(void **state)
{
    /* median 100, deviations six 0 and one 30: MAD 0, MeanAD 30/7 */
    const double h[] = {100, 100, 130, 100, 100, 100, 100};
    outlier_result r = judge(h, N(h), 125);
    assert_true(r.examined);
    assert_true(r.median == 100 && r.mad == 0);
    assert_false(r.infinite);
    assert_near(r.score, 25 / (1.253314 * 30.0 / 7), 1e-12); /* 4.6546 */
    assert_true(r.flagged);
    r = judge(h, N(h), 110); /* 1.8619: within */
    assert_near(r.score, 10 / (1.253314 * 30.0 / 7), 1e-12);
    assert_false(r.beyond || r.flagged);
}

static const double flat[] = {100, 100, 100, 100, 100, 100};

static void test_both_zero_at_median(void **state)
{
    outlier_result r = judge(flat, N(flat), 100);
    assert_true(r.examined);
    assert_false(r.infinite);
    assert_true(r.score == 0);
    assert_false(r.beyond || r.matters || r.flagged);
}

static void test_both_zero_off_median(void **state)
{
    outlier_result r = judge(flat, N(flat), 120); /* infinite, change 20 of 100 */
    assert_true(r.examined && r.infinite && r.beyond && r.matters && r.flagged);
    r = judge(flat, N(flat), 119); /* infinite, but a change of 19 % */
    assert_true(r.infinite && r.beyond);
    assert_false(r.matters || r.flagged);
    r = judge(flat, N(flat), 70); /* infinite, downwards */
    assert_true(r.infinite && r.flagged);
}

static void test_median_zero(void **state)
{
    const double zeros[] = {0, 0, 0, 0, 0, 0};
    outlier_result r = judge(zeros, N(zeros), 0);
    assert_true(r.examined && r.score == 0);
    assert_false(r.flagged);
    r = judge(zeros, N(zeros), 1); /* med = 0: any x != 0 matters */
    assert_true(r.infinite && r.matters && r.flagged);
}

static void test_short_history(void **state)
{
    outlier_result r = judge(spread, OUTLIER_MIN_HISTORY - 1, 1000);
    assert_false(r.examined || r.flagged || r.infinite);
    assert_true(r.median == 0 && r.mad == 0 && r.score == 0);
    r = judge(spread, OUTLIER_MIN_HISTORY, 1000); /* six: examined */
    assert_true(r.examined && r.flagged);
    r = judge(NULL, 0, 5);
    assert_false(r.examined);
}

static void test_empty_x(void **state)
{
    outlier_result r;
    outlier_judge(spread, N(spread), false, 0, THRESHOLD, MIN_CHANGE, &r);
    assert_false(r.examined || r.flagged || r.infinite);
}

static void test_threshold_exact(void **state)
{
    /* median 10000, deviations 0 0 1349 1349 1349 1349: MAD 1349;
     * 0.6745 x 7000 / 1349 is 3.5 exactly, also in binary. */
    const double h[] = {8651, 10000, 11349, 8651, 10000, 11349};
    outlier_result r = judge(h, N(h), 17000);
    assert_true(r.mad == 1349);
    assert_true(r.score == 3.5);
    assert_true(r.matters);
    assert_false(r.beyond || r.flagged); /* not beyond: |score| > 3.5 */
    r = judge(h, N(h), 3000);            /* -3.5 */
    assert_true(r.score == -3.5);
    assert_false(r.flagged);
    r = judge(h, N(h), 17001);
    assert_true(r.score > 3.5 && r.flagged);
    r = judge(h, N(h), 2999);
    assert_true(r.score < -3.5 && r.flagged);
}

static void test_change_exact(void **state)
{
    /* median 10000, MAD 0, MeanAD 20/6: every change below is far beyond. */
    const double h[] = {9990, 10000, 10000, 10000, 10000, 10010};
    outlier_result r = judge(h, N(h), 12000); /* exactly 20 % */
    assert_true(r.median == 10000 && r.mad == 0 && r.beyond);
    assert_near(r.score, 2000 / (1.253314 * 20.0 / 6), 1e-9);
    assert_true(r.matters && r.flagged);
    r = judge(h, N(h), 11999.99);
    assert_true(r.beyond);
    assert_false(r.matters || r.flagged);
    r = judge(h, N(h), 8000); /* exactly 20 % down */
    assert_true(r.matters && r.flagged);
    r = judge(h, N(h), 8000.01);
    assert_false(r.flagged);
}

static void test_parameters(void **state)
{
    outlier_result r;
    outlier_judge(spread, N(spread), true, 130, 5.0, MIN_CHANGE, &r); /* 4.047 <= 5 */
    assert_false(r.flagged);
    outlier_judge(spread, N(spread), true, 130, THRESHOLD, 0.5, &r); /* 30 % < 50 % */
    assert_true(r.beyond);
    assert_false(r.flagged);
}

static void test_flagged_first(void **state)
{
    static const char *const cols[] = {"region_code", "flagged"};
    static const int flags[] = {0, 1, 0, 1, 0};
    rs_table *t = table_new(2, cols);
    for (int i = 0; i < 5; i++) {
        size_t r = table_add_row(t);
        table_set_int(t, r, 0, 100 + i);
        table_set_int(t, r, 1, flags[i]);
    }
    engine_outliers_flagged_first(t);
    static const int64_t want[] = {101, 103, 100, 102, 104};
    for (size_t r = 0; r < 5; r++)
        assert_int_equal(table_cell(t, r, 0)->i, want[r]);
    table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median),
        cmocka_unit_test(test_mad_positive),
        cmocka_unit_test(test_negative_direction),
        cmocka_unit_test(test_mad_zero_meanad),
        cmocka_unit_test(test_both_zero_at_median),
        cmocka_unit_test(test_both_zero_off_median),
        cmocka_unit_test(test_median_zero),
        cmocka_unit_test(test_short_history),
        cmocka_unit_test(test_empty_x),
        cmocka_unit_test(test_threshold_exact),
        cmocka_unit_test(test_change_exact),
        cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_flagged_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
