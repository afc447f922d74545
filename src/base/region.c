/*
 * region: the arithmetic of 12-digit statistical region codes.  A code is
 * held padded as an int64 (652325100000); its level is the position of its
 * last non-zero part, and a unit covers every code in [code, code + span).
 * Reading short forms, levels, parents, ancestors and containment all reduce
 * to powers of ten over the five parts.
 */
#include "base/region.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Significant digits of each level, indexed by region_level. */
static const int level_digits[] = {
    [LEVEL_NONE] = 0,   [LEVEL_REGION] = 2,   [LEVEL_PREFECTURE] = 4,
    [LEVEL_COUNTY] = 6, [LEVEL_TOWNSHIP] = 9, [LEVEL_VILLAGE] = 12,
};

static const char *const level_names[] = {
    [LEVEL_NONE] = "",         [LEVEL_REGION] = "region",     [LEVEL_PREFECTURE] = "prefecture",
    [LEVEL_COUNTY] = "county", [LEVEL_TOWNSHIP] = "township", [LEVEL_VILLAGE] = "village",
};

/* 10^k for 0 <= k <= 12. */
static int64_t pow10i(int k)
{
    int64_t v = 1;
    while (k-- > 0)
        v *= 10;
    return v;
}

/* The value of the part of code that ends at level lv (e.g. the township's
 * three digits for LEVEL_TOWNSHIP). */
static int64_t part_of(int64_t code, region_level lv)
{
    int width = level_digits[lv] - level_digits[lv - 1];
    return code / pow10i(12 - level_digits[lv]) % pow10i(width);
}

/* Returns the number of significant digits in a code's level. */
int region_digits(region_level lv)
{
    return lv >= LEVEL_NONE && lv <= LEVEL_VILLAGE ? level_digits[lv] : 0;
}

/* Returns the level of a padded code, or LEVEL_NONE if the code is not
 * 12 digits, has a zero province, or a zero part before a non-zero one. */
region_level region_level_of(int64_t code)
{
    region_level last = LEVEL_NONE;
    bool gap = false;
    if (code < 100000000000 || code > 999999999999) return LEVEL_NONE;
    for (region_level lv = LEVEL_REGION; lv <= LEVEL_VILLAGE; lv++) {
        if (part_of(code, lv) == 0) {
            gap = true;
        } else {
            if (gap) return LEVEL_NONE;
            last = lv;
        }
    }
    return last;
}

/* Parses 2/4/6/9/12 digits into the padded code; returns NULL or a reason. */
const char *region_parse(const char *s, int64_t *code)
{
    size_t len = strlen(s);
    int64_t v = 0;
    if (len != 2 && len != 4 && len != 6 && len != 9 && len != 12)
        return "not a region code (2, 4, 6, 9 or 12 digits)";
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return "not a region code (2, 4, 6, 9 or 12 digits)";
        v = v * 10 + (s[i] - '0');
    }
    v *= pow10i(12 - (int)len);
    if (region_level_of(v) == LEVEL_NONE)
        return "not a valid region code (a zero part before a non-zero one)";
    *code = v;
    return NULL;
}

/* Returns 10^(12 - significant digits) of code; 0 for an invalid code. */
int64_t region_span(int64_t code)
{
    region_level lv = region_level_of(code);
    return lv == LEVEL_NONE ? 0 : pow10i(12 - level_digits[lv]);
}

/* Returns the ancestor of code at level lv: code truncated to lv's digits
 * (code itself when it is at lv or above it). */
int64_t region_ancestor(int64_t code, region_level lv)
{
    if (lv <= LEVEL_NONE || lv >= LEVEL_VILLAGE) return code;
    int64_t unit = pow10i(12 - level_digits[lv]);
    return code / unit * unit;
}

/* Returns the code of the unit one level up; 0 for a province or an
 * invalid code. */
int64_t region_parent(int64_t code)
{
    region_level lv = region_level_of(code);
    return lv <= LEVEL_REGION ? 0 : region_ancestor(code, lv - 1);
}

/* True if unit is code or an ancestor of it. */
bool region_contains(int64_t unit, int64_t code)
{
    int64_t span = region_span(unit);
    return span > 0 && region_level_of(code) != LEVEL_NONE && code >= unit && code < unit + span;
}

/* Returns the English name of a level ("" for LEVEL_NONE); static. */
const char *region_level_name(region_level lv)
{
    return lv >= LEVEL_NONE && lv <= LEVEL_VILLAGE ? level_names[lv] : "";
}

/* Returns the level called name, or LEVEL_NONE. */
region_level region_level_from_name(const char *name)
{
    for (region_level lv = LEVEL_REGION; lv <= LEVEL_VILLAGE; lv++)
        if (strcmp(name, level_names[lv]) == 0) return lv;
    return LEVEL_NONE;
}

/* The name outputs show for code: name, or the code's 12 digits (written
 * into buf, size n) when name is NULL or empty. */
const char *region_label(const char *name, int64_t code, char *buf, size_t n)
{
    if (name && *name) return name;
    snprintf(buf, n, "%012" PRId64, code);
    return buf;
}
