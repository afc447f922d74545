/*
 * fuzz_scalars: libFuzzer target for the data contract's cell parsers
 * (dates, datetimes, months, money, decimals, integers, booleans), ID
 * numbers, region codes and the privacy masks.  Besides surviving any
 * input, every accepted value must round-trip: formatted back to text and
 * parsed again it gives the same stored value, and the accessors agree
 * with each other.  A broken invariant aborts, which libFuzzer reports as a
 * crash with the input that caused it.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idnum.h"
#include "base/mask.h"
#include "base/parse.h"
#include "base/region.h"
#include "fuzz.h"

/* Abort with a message naming the broken invariant when cond is false. */
/* Dates: a parsed date is a valid calendar date that prints and reparses
 * to itself; a datetime's date part agrees with parse_date. */
static void check_dates(const char *s)
{
    int32_t jdn, again;
    int64_t secs, again_secs;
    int y, m, d;
    char buf[32], dt[48];
    if (parse_date(s, &jdn) == NULL) {
        date_from_jdn(jdn, &y, &m, &d);
        CHECK(date_valid(y, m, d));
        CHECK(date_to_jdn(y, m, d) == jdn);
        CHECK(parse_date(date_format(jdn, buf, sizeof buf), &again) == NULL && again == jdn);
        CHECK(parse_datetime(s, &secs) != NULL); /* a bare date is not a datetime */
    }
    if (parse_datetime(s, &secs) == NULL) {
        int64_t day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
        int64_t tod = secs - day * 86400;
        CHECK(tod >= 0 && tod < 86400);
        snprintf(dt, sizeof dt, "%s %02d:%02d:%02d",
                 date_format((int32_t)(day + 2440588), buf, sizeof buf), (int)(tod / 3600),
                 (int)(tod / 60 % 60), (int)(tod % 60));
        CHECK(parse_datetime(dt, &again_secs) == NULL && again_secs == secs);
    }
}

/* Months: a parsed month prints and reparses to itself, and month
 * arithmetic is invertible and ordered. */
static void check_months(const char *s)
{
    int ym, again;
    char buf[16];
    if (parse_month(s, &ym) != NULL) return;
    CHECK(ym % 100 >= 1 && ym % 100 <= 12);
    CHECK(parse_month(month_format(ym, buf, sizeof buf), &again) == NULL && again == ym);
    for (int k = -25; k <= 25; k += 7)
        CHECK(month_add(month_add(ym, k), -k) == ym);
    CHECK(month_first_jdn(ym) <= month_last_jdn(ym));
    CHECK(month_last_jdn(ym) + 1 == month_first_jdn(month_add(ym, 1)));
}

/* Numbers: money is never negative and prints back exactly as integer fen;
 * decimals and integers round-trip through their printed form. */
static void check_numbers(const char *s)
{
    int64_t v, again;
    int b;
    char buf[64];
    if (parse_money(s, &v) == NULL) {
        CHECK(v >= 0);
        snprintf(buf, sizeof buf, "%" PRId64 ".%02" PRId64, v / 100, v % 100);
        CHECK(parse_money(buf, &again) == NULL && again == v);
    }
    if (parse_decimal_e6(s, &v) == NULL) {
        int64_t mag = v < 0 ? -v : v;
        snprintf(buf, sizeof buf, "%s%" PRId64 ".%06" PRId64, v < 0 ? "-" : "", mag / 1000000,
                 mag % 1000000);
        CHECK(parse_decimal_e6(buf, &again) == NULL && again == v);
    }
    if (parse_int(s, &v) == NULL) {
        snprintf(buf, sizeof buf, "%" PRId64, v);
        CHECK(parse_int(buf, &again) == NULL && again == v);
    }
    if (parse_bool(s, &b) == NULL) CHECK(b == 0 || b == 1);
}

/* ID numbers: the analysis agrees with the shape test and with the check
 * character computed on its own. */
static void check_idnum(const char *s)
{
    idnum_info info = idnum_analyse(s);
    CHECK(info.well_formed == idnum_well_formed(s));
    if (!info.well_formed) {
        CHECK(!info.check_ok && !info.birth_ok && info.sex == 0);
        return;
    }
    CHECK(info.sex == 'M' || info.sex == 'F');
    if (strlen(s) == 18)
        CHECK(info.check_ok == (idnum_check_char(s) == toupper((unsigned char)s[17])));
    else
        CHECK(info.old_form && !info.check_ok);
    if (info.birth_ok) CHECK(date_valid(info.birth_y, info.birth_m, info.birth_d));
}

/* Region codes: a parsed code has a level, contains itself, is contained
 * by each of its ancestors and its parent is one level up. */
static void check_region(const char *s)
{
    int64_t code;
    if (region_parse(s, &code) != NULL) return;
    region_level lv = region_level_of(code);
    CHECK(lv != LEVEL_NONE);
    CHECK(region_contains(code, code));
    CHECK(region_span(code) > 0);
    CHECK(region_ancestor(code, lv) == code);
    for (region_level up = LEVEL_REGION; up < lv; up++) {
        int64_t a = region_ancestor(code, up);
        CHECK(region_level_of(a) == up);
        CHECK(region_contains(a, code));
        CHECK(!region_contains(code, a));
    }
    int64_t parent = region_parent(code);
    CHECK(lv == LEVEL_REGION ? parent == 0 : region_level_of(parent) == lv - 1);
    CHECK(region_level_from_name(region_level_name(lv)) == lv);
}

/* Number of UTF-8 code points in s if it is valid UTF-8, else -1. */
static long utf8_points(const unsigned char *s)
{
    long n = 0;
    while (*s) {
        int len = *s < 0x80             ? 1
                  : (*s & 0xe0) == 0xc0 ? 2
                  : (*s & 0xf0) == 0xe0 ? 3
                  : (*s & 0xf8) == 0xf0 ? 4
                                        : 0;
        if (len == 0 || (len == 2 && *s < 0xc2)) return -1;
        for (int i = 1; i < len; i++)
            if ((s[i] & 0xc0) != 0x80) return -1;
        s += len;
        n++;
    }
    return n;
}

/* Masks: a masked ID of more than 10 characters or a masked name of two or
 * more characters never shows the full value (inputs holding '*' aside,
 * since the mask itself writes stars). */
static void check_masks(const char *s)
{
    char buf[512];
    mask_unmasked = false;
    if (strchr(s, '*')) return;
    mask_id(s, buf, sizeof buf);
    if (strlen(s) > 10 && strlen(s) < sizeof buf) CHECK(strstr(buf, s) == NULL);
    mask_name(s, buf, sizeof buf);
    if (utf8_points((const unsigned char *)s) >= 2 && strlen(s) < sizeof buf)
        CHECK(strstr(buf, s) == NULL);
    mask_id(s, buf, 1);
    CHECK(buf[0] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    check_dates(s);
    check_months(s);
    check_numbers(s);
    check_idnum(s);
    check_region(s);
    check_masks(s);
    free(s);
    return 0;
}
