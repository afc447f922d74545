/* Unit tests of parse: every date, datetime, month, money, decimal, integer
 * and boolean form the data contract accepts, the forms it refuses and why,
 * and the calendar arithmetic behind them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/parse.h"

/* Asserts that parse_date(s) succeeds with the date y-m-d. */
static void date_ok(const char *s, int y, int m, int d)
{
    int32_t jdn = 0;
    const char *why = parse_date(s, &jdn);
    if (why) fail_msg("parse_date(%s): %s", s, why);
    assert_int_equal(jdn, date_to_jdn(y, m, d));
}

/* Asserts that parse_date(s) fails with a reason containing part. */
static void date_bad(const char *s, const char *part)
{
    int32_t jdn = -1;
    const char *why = parse_date(s, &jdn);
    if (!why || !strstr(why, part))
        fail_msg("parse_date(%s): got '%s', expected '%s'", s, why ? why : "ok", part);
    assert_int_equal(jdn, -1);
}

static void test_calendar(void **state)
{
    char buf[16];
    int y, m, d;
    assert_int_equal(date_to_jdn(1970, 1, 1), 2440588);
    assert_int_equal(date_to_jdn(2000, 1, 1), 2451545);
    date_from_jdn(2460559, &y, &m, &d);
    assert_int_equal(y * 10000 + m * 100 + d, 20240905);
    assert_string_equal(date_format(date_to_jdn(2024, 2, 29), buf, sizeof buf), "2024-02-29");
    assert_true(date_is_leap(2024));
    assert_true(date_is_leap(2000));
    assert_false(date_is_leap(1900));
    assert_false(date_is_leap(2023));
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(2023, 13), 0);
    assert_int_equal(date_jdn_to_seconds(date_to_jdn(1970, 1, 2)), 86400);
    /* round trip over four centuries, day by day */
    for (int32_t j = date_to_jdn(1900, 1, 1); j < date_to_jdn(2300, 1, 1); j++) {
        date_from_jdn(j, &y, &m, &d);
        assert_true(date_valid(y, m, d));
        assert_int_equal(date_to_jdn(y, m, d), j);
    }
}

static void test_dates(void **state)
{
    date_ok("2024-09-05", 2024, 9, 5);
    date_ok("2024/9/5", 2024, 9, 5);
    date_ok("2024-9-05", 2024, 9, 5);
    date_ok("20240905", 2024, 9, 5);
    date_ok("2024-02-29", 2024, 2, 29);
    date_ok("2000/2/29", 2000, 2, 29);
    date_ok("2023-12-31", 2023, 12, 31);
    date_bad("2023-02-29", "no such day");
    date_bad("1900-02-29", "no such day");
    date_bad("2024-02-30", "no such day");
    date_bad("2024-04-31", "no such day");
    date_bad("20240230", "no such day");
    date_bad("2024-13-01", "no such month");
    date_bad("2024-00-10", "no such month");
    date_bad("2024-09-00", "no such day");
    date_bad("2024-9/5", "not a date");
    date_bad("24-09-05", "not a date");
    date_bad("2024905", "not a date");
    date_bad("2024-09-05x", "not a date");
    date_bad("2024-09-005", "not a date");
    date_bad("", "not a date");
    date_bad("2024-09-05 10:00", "not a datetime");
}

static void test_datetimes(void **state)
{
    int64_t secs = -1;
    int64_t day = date_jdn_to_seconds(date_to_jdn(2024, 9, 5));
    assert_null(parse_datetime("2024-09-05 08:30", &secs));
    assert_int_equal(secs, day + 8 * 3600 + 30 * 60);
    assert_null(parse_datetime("2024/9/5 8:30:15", &secs));
    assert_int_equal(secs, day + 8 * 3600 + 30 * 60 + 15);
    assert_null(parse_datetime("20240905 23:59:59", &secs));
    assert_int_equal(secs, day + 86399);
    secs = -1;
    assert_non_null(strstr(parse_datetime("2024-09-05", &secs), "bare date"));
    assert_non_null(strstr(parse_datetime("2024-09-05 24:00", &secs), "no such time"));
    assert_non_null(strstr(parse_datetime("2024-09-05 10:60", &secs), "no such time"));
    assert_non_null(strstr(parse_datetime("2024-09-05 10", &secs), "not a datetime"));
    assert_non_null(strstr(parse_datetime("2024-09-05 10:5", &secs), "not a datetime"));
    assert_non_null(strstr(parse_datetime("2024-09-05 10:05:", &secs), "not a datetime"));
    assert_non_null(strstr(parse_datetime("2024-02-30 10:00", &secs), "no such day"));
    assert_int_equal(secs, -1);
}

static void test_months(void **state)
{
    int v = 0;
    char buf[16];
    assert_null(parse_month("2024-09", &v));
    assert_int_equal(v, 202409);
    assert_null(parse_month("2024-9", &v));
    assert_int_equal(v, 202409);
    assert_null(parse_month("202409", &v));
    assert_int_equal(v, 202409);
    assert_null(parse_month("2024-12", &v));
    assert_int_equal(v, 202412);
    v = 0;
    assert_non_null(parse_month("2024-13", &v));
    assert_non_null(parse_month("2024-0", &v));
    assert_non_null(parse_month("20249", &v));
    assert_non_null(parse_month("2024-09-01", &v));
    assert_non_null(parse_month("2024/09", &v));
    assert_int_equal(v, 0);
    assert_int_equal(month_add(202411, 2), 202501);
    assert_int_equal(month_add(202401, -1), 202312);
    assert_int_equal(month_add(202409, -21), 202212);
    assert_int_equal(month_first_jdn(202402), date_to_jdn(2024, 2, 1));
    assert_int_equal(month_last_jdn(202402), date_to_jdn(2024, 2, 29));
    assert_int_equal(month_last_jdn(202302), date_to_jdn(2023, 2, 28));
    assert_string_equal(month_format(202409, buf, sizeof buf), "2024-09");
}

/* Asserts that y-m-d + n months is the date ry-rm-rd. */
static void months_later(int y, int m, int d, int n, int ry, int rm, int rd)
{
    char got[16], want[16];
    date_format(date_add_months(date_to_jdn(y, m, d), n), got, sizeof got);
    date_format(date_to_jdn(ry, rm, rd), want, sizeof want);
    if (strcmp(got, want) != 0)
        fail_msg("%04d-%02d-%02d %+d months: got %s, expected %s", y, m, d, n, got, want);
}

/* indicators.md "P - n months": the same day, clamped to the month's length. */
static void test_add_months(void **state)
{
    months_later(2024, 3, 31, -1, 2024, 2, 29); /* the spec's example: leap February */
    months_later(2023, 3, 31, -1, 2023, 2, 28);
    months_later(2024, 9, 30, -1, 2024, 8, 30); /* not the end of August */
    months_later(2024, 9, 30, -24, 2022, 9, 30);
    months_later(2024, 8, 31, -2, 2024, 6, 30);
    months_later(2024, 1, 15, -1, 2023, 12, 15); /* across a year */
    months_later(2024, 1, 31, -13, 2022, 12, 31);
    months_later(2024, 10, 31, 4, 2025, 2, 28); /* d + n months */
    months_later(2023, 11, 30, 3, 2024, 2, 29);
    months_later(2024, 9, 15, 12, 2025, 9, 15);
    months_later(2024, 9, 15, 0, 2024, 9, 15);
    months_later(2000, 2, 29, -12, 1999, 2, 28);
}

/* Asserts that parse_money(s) gives fen. */
static void money_ok(const char *s, int64_t fen)
{
    int64_t v = -1;
    const char *why = parse_money(s, &v);
    if (why) fail_msg("parse_money(%s): %s", s, why);
    assert_int_equal(v, fen);
}

/* Asserts that parse_money(s) fails with a reason containing part. */
static void money_bad(const char *s, const char *part)
{
    int64_t v = -1;
    const char *why = parse_money(s, &v);
    if (!why || !strstr(why, part))
        fail_msg("parse_money(%s): got '%s', expected '%s'", s, why ? why : "ok", part);
    assert_int_equal(v, -1);
}

static void test_money(void **state)
{
    money_ok("1234.5", 123450);
    money_ok("1234.50", 123450);
    money_ok("1,234.50", 123450);
    money_ok("1,234,567.89", 123456789);
    money_ok("0", 0);
    money_ok("0.01", 1);
    money_ok("610", 61000);
    /* 0.1 + 0.2 style binary rounding would lose a fen here */
    money_ok("92233720368547758.07", INT64_MAX);
    money_bad("1.234", "more than 2 decimals");
    money_bad("-5", "negative");
    money_bad("-0.01", "negative");
    money_bad("12,34.5", "thousands separator");
    money_bad("1234,567", "thousands separator");
    money_bad(",123", "not a money amount");
    money_bad("1.", "not a money amount");
    money_bad(".5", "not a money amount");
    money_bad("1e3", "not a money amount");
    money_bad("¥12", "not a money amount");
    money_bad("", "not a money amount");
    money_bad("92233720368547758.08", "too large");
    money_bad("99999999999999999999", "too large");
}

static void test_decimal_int_bool(void **state)
{
    int64_t v = 0;
    int b = -1;
    assert_null(parse_decimal_e6("1.5", &v));
    assert_int_equal(v, 1500000);
    assert_null(parse_decimal_e6("-0.25", &v));
    assert_int_equal(v, -250000);
    assert_null(parse_decimal_e6("31", &v));
    assert_int_equal(v, 31000000);
    assert_null(parse_decimal_e6("0.000001", &v));
    assert_int_equal(v, 1);
    assert_non_null(strstr(parse_decimal_e6("0.0000001", &v), "more than 6 decimals"));
    assert_non_null(parse_decimal_e6("1,000", &v));
    assert_non_null(parse_decimal_e6("abc", &v));
    assert_null(parse_int("42", &v));
    assert_int_equal(v, 42);
    assert_null(parse_int("-7", &v));
    assert_int_equal(v, -7);
    assert_null(parse_int("+3", &v));
    assert_int_equal(v, 3);
    assert_non_null(strstr(parse_int("4.0", &v), "not an integer"));
    assert_non_null(strstr(parse_int("", &v), "not an integer"));
    assert_non_null(strstr(parse_int("1,000", &v), "not an integer"));
    static const char *const yes[] = {"是", "yes", "YES", "Y", "y", "1"};
    static const char *const no[] = {"否", "no", "No", "N", "n", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        b = -1;
        assert_null(parse_bool(yes[i], &b));
        assert_int_equal(b, 1);
        assert_null(parse_bool(no[i], &b));
        assert_int_equal(b, 0);
    }
    b = -1;
    assert_non_null(parse_bool("2", &b));
    assert_non_null(parse_bool("对", &b));
    assert_non_null(parse_bool("", &b));
    assert_int_equal(b, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar),         cmocka_unit_test(test_dates),
        cmocka_unit_test(test_datetimes),        cmocka_unit_test(test_months),
        cmocka_unit_test(test_add_months),       cmocka_unit_test(test_money),
        cmocka_unit_test(test_decimal_int_bool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
