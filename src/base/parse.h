/*
 * parse: the data contract's scalar types, from text to their stored form.
 * Each parser takes a trimmed NUL-terminated cell and returns NULL on
 * success or a static English reason ("not a date", "more than 2 decimals").
 * Stored forms: dates as Julian Day Numbers, datetimes as seconds since
 * 1970-01-01 00:00 local, months as yyyymm, money as integer fen, decimals
 * as integer millionths.
 */
#ifndef RS_PARSE_H
#define RS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Calendar helpers. */
bool date_is_leap(int y);
int date_days_in_month(int y, int m);
int32_t date_to_jdn(int y, int m, int d); /* no validation */
void date_from_jdn(int32_t jdn, int *y, int *m, int *d);
bool date_valid(int y, int m, int d);
/* "YYYY-MM-DD" into buf (>= 11 bytes); returns buf. */
char *date_format(int32_t jdn, char *buf, size_t n);
/* Unix-style seconds (local, naive) of 00:00 on jdn. */
int64_t date_jdn_to_seconds(int32_t jdn);

/* YYYY-MM-DD, YYYY/MM/DD (one-digit month/day allowed), YYYYMMDD. */
const char *parse_date(const char *s, int32_t *jdn);
/* A date plus " HH:MM" or " HH:MM:SS"; a bare date is refused. */
const char *parse_datetime(const char *s, int64_t *secs);
/* YYYY-MM, YYYY-M, YYYYMM -> yyyymm. */
const char *parse_month(const char *s, int *yyyymm);
/* Yuan, at most 2 decimals, optional thousands commas, never negative. */
const char *parse_money(const char *s, int64_t *fen);
/* Decimal number (may be negative), at most 6 decimals -> millionths. */
const char *parse_decimal_e6(const char *s, int64_t *e6);
/* Integer (optional sign, digits only). */
const char *parse_int(const char *s, int64_t *v);
/* y/n, yes/no, 1/0, 是/否 (any case) -> 1/0. */
const char *parse_bool(const char *s, int *v);

/* Month arithmetic on yyyymm values. */
int month_add(int yyyymm, int delta);
int32_t month_first_jdn(int yyyymm);
int32_t month_last_jdn(int yyyymm);
/* The same day n months after jdn (n < 0: before), clamped to that month's
 * length (2024-03-31 - 1 month = 2024-02-29). */
int32_t date_add_months(int32_t jdn, int n);
/* "YYYY-MM" into buf (>= 8 bytes); returns buf. */
char *month_format(int yyyymm, char *buf, size_t n);

#endif
