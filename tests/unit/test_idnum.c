/* Unit tests of idnum: the accepted shapes, the MOD 11-2 check character on
 * Xinjiang numbers (including an X), birth dates, sex, the 15-digit form and
 * ages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "base/idnum.h"

static void test_check_char(void **state)
{
    /* 奇台县 652325, born 1985-03-12 */
    assert_int_equal(idnum_check_char("65232519850312001"), '6');
    /* 天山区 650102, born 2001-01-01 */
    assert_int_equal(idnum_check_char("65010220010101003"), '6');
    /* check value 10 is written X */
    assert_int_equal(idnum_check_char("65232520000101001"), 'X');
    assert_int_equal(idnum_check_char("65290119700615888"), '9');
}

static void test_well_formed(void **state)
{
    assert_true(idnum_well_formed("652325198503120016"));
    assert_true(idnum_well_formed("65232520000101001X"));
    assert_true(idnum_well_formed("65232520000101001x"));
    assert_true(idnum_well_formed("652325850312001"));
    assert_true(idnum_well_formed("652325198503120017")); /* wrong check, right shape */
    assert_false(idnum_well_formed("65232519850312001"));
    assert_false(idnum_well_formed("6523251985031200166"));
    assert_false(idnum_well_formed("6523251985031200X6"));
    assert_false(idnum_well_formed("65232585031200X"));
    assert_false(idnum_well_formed("65232519850312001Y"));
    assert_false(idnum_well_formed(""));
}

static void test_analyse(void **state)
{
    idnum_info i = idnum_analyse("652325198503120016");
    assert_true(i.well_formed);
    assert_false(i.old_form);
    assert_true(i.check_ok);
    assert_true(i.birth_ok);
    assert_int_equal(i.birth_y, 1985);
    assert_int_equal(i.birth_m, 3);
    assert_int_equal(i.birth_d, 12);
    assert_int_equal(i.sex, 'M'); /* sequence 001 */

    i = idnum_analyse("65232520000101001x");
    assert_true(i.check_ok);
    assert_true(i.birth_ok);

    i = idnum_analyse("652301197611034523");
    assert_true(i.check_ok);
    assert_int_equal(i.sex, 'F'); /* sequence 452 */

    i = idnum_analyse("652325198503120017");
    assert_true(i.well_formed);
    assert_false(i.check_ok);

    /* the check character is right but 1990 had no 29 February */
    i = idnum_analyse("650102199002290030");
    assert_true(i.check_ok);
    assert_false(i.birth_ok);

    i = idnum_analyse("652325850312003");
    assert_true(i.well_formed);
    assert_true(i.old_form);
    assert_false(i.check_ok);
    assert_true(i.birth_ok);
    assert_int_equal(i.birth_y, 1985);
    assert_int_equal(i.sex, 'M');

    i = idnum_analyse("65232519850312");
    assert_false(i.well_formed);
    assert_false(i.check_ok);
    assert_int_equal(i.birth_y, 0);
}

static void test_age(void **state)
{
    assert_int_equal(idnum_age_at(1985, 3, 12, 2024, 3, 11), 38);
    assert_int_equal(idnum_age_at(1985, 3, 12, 2024, 3, 12), 39);
    assert_int_equal(idnum_age_at(2000, 2, 29, 2024, 2, 28), 23);
    assert_int_equal(idnum_age_at(2000, 2, 29, 2024, 3, 1), 24);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_char),
        cmocka_unit_test(test_well_formed),
        cmocka_unit_test(test_analyse),
        cmocka_unit_test(test_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
