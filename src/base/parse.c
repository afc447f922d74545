/*
 * parse: the scalar types of the data contract (dates, datetimes, months,
 * money, decimals, integers, booleans), read from trimmed cell text into the
 * store's integer forms, plus the calendar arithmetic they rest on.  Money is
 * read digit by digit into integer fen and never passes through a double.
 */
#include "base/parse.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Julian Day Number of 1970-01-01, the origin of the datetime seconds. */
#define JDN_UNIX_EPOCH 2440588

/* ------------------------------------------------------------------ */
/* Calendar                                                           */
/* ------------------------------------------------------------------ */

/* True if y is a Gregorian leap year. */
bool date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1-12) of year y; 0 for a month out of range. */
int date_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

/* True if y-m-d is a real Gregorian date with a four-digit year. */
bool date_valid(int y, int m, int d)
{
    return y >= 1000 && y <= 9999 && d >= 1 && d <= date_days_in_month(y, m);
}

/* The Julian Day Number of Gregorian y-m-d (Fliegel and Van Flandern). */
int32_t date_to_jdn(int y, int m, int d)
{
    int a = (14 - m) / 12;
    int yy = y + 4800 - a;
    int mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

/* The Gregorian date of Julian Day Number jdn into *y, *m, *d. */
void date_from_jdn(int32_t jdn, int *y, int *m, int *d)
{
    int a = jdn + 32044;
    int b = (4 * a + 3) / 146097;
    int c = a - 146097 * b / 4;
    int dd = (4 * c + 3) / 1461;
    int e = c - 1461 * dd / 4;
    int mm = (5 * e + 2) / 153;
    *d = e - (153 * mm + 2) / 5 + 1;
    *m = mm + 3 - 12 * (mm / 10);
    *y = 100 * b + dd - 4800 + mm / 10;
}

/* Writes jdn as "YYYY-MM-DD" into buf of size n; returns buf. */
char *date_format(int32_t jdn, char *buf, size_t n)
{
    int y, m, d;
    date_from_jdn(jdn, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
    return buf;
}

/* Seconds since 1970-01-01 00:00 (naive local time) of 00:00 on jdn. */
int64_t date_jdn_to_seconds(int32_t jdn)
{
    return ((int64_t)jdn - JDN_UNIX_EPOCH) * 86400;
}

/* ------------------------------------------------------------------ */
/* Lexical helpers                                                    */
/* ------------------------------------------------------------------ */

/* Reads between min and max decimal digits at *p into *v and advances *p;
 * returns the number of digits read, or 0 if fewer than min were present. */
static int read_digits(const char **p, int min, int max, int *v)
{
    int n = 0, acc = 0;
    const char *s = *p;
    while (n < max && s[n] >= '0' && s[n] <= '9') {
        acc = acc * 10 + (s[n] - '0');
        n++;
    }
    if (n < min) return 0;
    *v = acc;
    *p = s + n;
    return n;
}

/* Reads a date at the start of s in any of the contract's three forms; on
 * success stores it in *jdn and the first unread character in *end.
 * Returns NULL or a static reason. */
static const char *scan_date(const char *s, int32_t *jdn, const char **end)
{
    const char *p = s;
    int y, m, d;
    if (read_digits(&p, 4, 4, &y) != 4)
        return "not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)";
    if (*p == '-' || *p == '/') {
        char sep = *p++;
        if (!read_digits(&p, 1, 2, &m) || *p++ != sep || !read_digits(&p, 1, 2, &d))
            return "not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)";
    } else if (read_digits(&p, 2, 2, &m) != 2 || read_digits(&p, 2, 2, &d) != 2) {
        return "not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)";
    }
    if (*p >= '0' && *p <= '9') return "not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)";
    if (m < 1 || m > 12) return "no such month";
    if (!date_valid(y, m, d)) return "no such day in that month";
    *jdn = date_to_jdn(y, m, d);
    *end = p;
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Cell parsers                                                       */
/* ------------------------------------------------------------------ */

/* Parses a date; returns NULL and sets *jdn, or a static reason. */
const char *parse_date(const char *s, int32_t *jdn)
{
    const char *end;
    int32_t v;
    const char *why = scan_date(s, &v, &end);
    if (why) return why;
    if (*end == ' ' || *end == 'T') return "a date was expected, not a datetime";
    if (*end) return "not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)";
    *jdn = v;
    return NULL;
}

/* Parses "DATE HH:MM[:SS]"; returns NULL and sets *secs, or a static reason. */
const char *parse_datetime(const char *s, int64_t *secs)
{
    const char *p, *why;
    int32_t jdn;
    int hh, mm, ss = 0;
    if ((why = scan_date(s, &jdn, &p)) != NULL) return why;
    if (*p == '\0') return "a bare date is not a datetime (add HH:MM)";
    if (*p++ != ' ') return "not a datetime (expected a date and HH:MM or HH:MM:SS)";
    if (!read_digits(&p, 1, 2, &hh) || *p++ != ':' || read_digits(&p, 2, 2, &mm) != 2)
        return "not a datetime (expected a date and HH:MM or HH:MM:SS)";
    if (*p == ':' && (p++, read_digits(&p, 2, 2, &ss) != 2))
        return "not a datetime (expected a date and HH:MM or HH:MM:SS)";
    if (*p) return "not a datetime (expected a date and HH:MM or HH:MM:SS)";
    if (hh > 23 || mm > 59 || ss > 59) return "no such time of day";
    *secs = date_jdn_to_seconds(jdn) + hh * 3600 + mm * 60 + ss;
    return NULL;
}

/* Parses YYYY-MM, YYYY-M or YYYYMM; returns NULL and sets *yyyymm, or a reason. */
const char *parse_month(const char *s, int *yyyymm)
{
    const char *p = s;
    int y, m;
    if (read_digits(&p, 4, 4, &y) != 4) return "not a month (expected YYYY-MM or YYYYMM)";
    if (*p == '-') {
        p++;
        if (!read_digits(&p, 1, 2, &m)) return "not a month (expected YYYY-MM or YYYYMM)";
    } else if (read_digits(&p, 2, 2, &m) != 2) {
        return "not a month (expected YYYY-MM or YYYYMM)";
    }
    if (*p) return "not a month (expected YYYY-MM or YYYYMM)";
    if (y < 1000 || m < 1 || m > 12) return "no such month";
    *yyyymm = y * 100 + m;
    return NULL;
}

/* Reads the integer part of a number at *p: digits, optionally grouped by
 * thousands commas when commas is true ("1,234,567").  Stores the value in
 * *v and advances *p; returns NULL or a static reason. */
static const char *read_integer_part(const char **p, bool commas, int64_t *v)
{
    const char *s = *p;
    int64_t acc = 0;
    int run = 0; /* digits since the start or the last comma */
    bool grouped = false;
    if (*s < '0' || *s > '9') return "not a number";
    for (; (*s >= '0' && *s <= '9') || (commas && *s == ','); s++) {
        if (*s == ',') {
            if (run == 0 || (grouped ? run != 3 : run > 3)) return "misplaced thousands separator";
            grouped = true;
            run = 0;
            continue;
        }
        if (acc > (INT64_MAX - 9) / 10) return "number too large";
        acc = acc * 10 + (*s - '0');
        run++;
    }
    if (grouped && run != 3) return "misplaced thousands separator";
    *v = acc;
    *p = s;
    return NULL;
}

/* Reads ".ddd" (at most maxdec digits) at *p scaled to 10^scale units into
 * *frac; no fraction leaves *frac 0.  Returns NULL or a static reason. */
static const char *read_fraction(const char **p, int maxdec, int scale, int64_t *frac,
                                 const char *too_many)
{
    const char *s = *p;
    int n = 0;
    int64_t acc = 0;
    *frac = 0;
    if (*s != '.') return NULL;
    s++;
    while (*s >= '0' && *s <= '9') {
        if (++n > maxdec) return too_many;
        acc = acc * 10 + (*s++ - '0');
    }
    if (n == 0) return "not a number";
    for (; n < scale; n++)
        acc *= 10;
    *frac = acc;
    *p = s;
    return NULL;
}

/* Parses yuan into fen; returns NULL and sets *fen, or a static reason. */
const char *parse_money(const char *s, int64_t *fen)
{
    const char *p = s, *why;
    int64_t yuan, frac;
    if (*p == '-') return "negative money";
    if ((why = read_integer_part(&p, true, &yuan)) != NULL)
        return strcmp(why, "not a number") == 0 ? "not a money amount" : why;
    if ((why = read_fraction(&p, 2, 2, &frac, "more than 2 decimals")) != NULL)
        return strcmp(why, "not a number") == 0 ? "not a money amount" : why;
    if (*p) return "not a money amount";
    if (yuan > (INT64_MAX - frac) / 100) return "number too large";
    *fen = yuan * 100 + frac;
    return NULL;
}

/* Parses a signed decimal into millionths; returns NULL or a static reason. */
const char *parse_decimal_e6(const char *s, int64_t *e6)
{
    const char *p = s, *why;
    int64_t whole, frac;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    if ((why = read_integer_part(&p, false, &whole)) != NULL) return why;
    if ((why = read_fraction(&p, 6, 6, &frac, "more than 6 decimals")) != NULL) return why;
    if (*p) return "not a number";
    if (whole > (INT64_MAX - frac) / 1000000) return "number too large";
    *e6 = (whole * 1000000 + frac) * (neg ? -1 : 1);
    return NULL;
}

/* Parses an optionally signed integer; returns NULL or a static reason. */
const char *parse_int(const char *s, int64_t *v)
{
    const char *p = s, *why;
    int64_t mag;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    if ((why = read_integer_part(&p, false, &mag)) != NULL)
        return strcmp(why, "not a number") == 0 ? "not an integer" : why;
    if (*p) return "not an integer";
    *v = neg ? -mag : mag;
    return NULL;
}

/* Parses a boolean; returns NULL and sets *v to 1 or 0, or a static reason. */
const char *parse_bool(const char *s, int *v)
{
    static const char *const yes[] = {"y", "yes", "1", "是"};
    static const char *const no[] = {"n", "no", "0", "否"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *v = 1;
            return NULL;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *v = 0;
            return NULL;
        }
    }
    return "not a boolean (expected y/n, yes/no, 1/0 or 是/否)";
}

/* ------------------------------------------------------------------ */
/* Months                                                             */
/* ------------------------------------------------------------------ */

/* The month delta months after (before, if negative) yyyymm. */
int month_add(int yyyymm, int delta)
{
    int idx = (yyyymm / 100) * 12 + (yyyymm % 100 - 1) + delta;
    int y = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
    return y * 100 + (idx - y * 12) + 1;
}

/* Julian Day Number of the first day of yyyymm. */
int32_t month_first_jdn(int yyyymm)
{
    return date_to_jdn(yyyymm / 100, yyyymm % 100, 1);
}

/* Julian Day Number of the last day of yyyymm. */
int32_t month_last_jdn(int yyyymm)
{
    int y = yyyymm / 100, m = yyyymm % 100;
    return date_to_jdn(y, m, date_days_in_month(y, m));
}

/* The same day n months after jdn (before, if n < 0), clamped to that
 * month's length: 2024-03-31 - 1 month = 2024-02-29 (indicators.md "P - n
 * months"). */
int32_t date_add_months(int32_t jdn, int n)
{
    int y, m, d, ym, last;
    date_from_jdn(jdn, &y, &m, &d);
    ym = month_add(y * 100 + m, n);
    last = date_days_in_month(ym / 100, ym % 100);
    return date_to_jdn(ym / 100, ym % 100, d < last ? d : last);
}

/* Writes yyyymm as "YYYY-MM" into buf of size n; returns buf. */
char *month_format(int yyyymm, char *buf, size_t n)
{
    snprintf(buf, n, "%04d-%02d", yyyymm / 100, yyyymm % 100);
    return buf;
}
