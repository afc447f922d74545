/*
 * region: 12-digit statistical region codes (统计用区划代码): 2 province +
 * 2 prefecture + 2 county + 3 township + 3 village digits.  Short forms
 * (2/4/6/9 digits) mean the padded code.  A code's level is set by its last
 * non-zero part; a zero part followed by a non-zero one is invalid.
 */
#ifndef RS_REGION_H
#define RS_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef enum {
    LEVEL_NONE = 0,
    LEVEL_REGION,     /* province / autonomous region: 2 significant digits */
    LEVEL_PREFECTURE, /* 4 */
    LEVEL_COUNTY,     /* 6 */
    LEVEL_TOWNSHIP,   /* 9 */
    LEVEL_VILLAGE     /* 12 */
} region_level;

/* Parse a code of 2/4/6/9/12 digits into its padded 12-digit value.
 * Returns NULL or a static reason. */
const char *region_parse(const char *s, int64_t *code);

/* Level of a valid padded code (LEVEL_NONE if invalid, e.g. 652325000201). */
region_level region_level_of(int64_t code);

/* Significant digits of a level (2, 4, 6, 9, 12). */
int region_digits(region_level lv);

/* 10^(12 - significant digits): code C covers [C, C + span). */
int64_t region_span(int64_t code);

/* The parent unit's code (0 for a province). */
int64_t region_parent(int64_t code);

/* The ancestor of code at level lv (code itself if already that level). */
int64_t region_ancestor(int64_t code, region_level lv);

/* True if unit covers code (code's significant prefix starts with unit's). */
bool region_contains(int64_t unit, int64_t code);

/* English level name ("county") and back. */
const char *region_level_name(region_level lv);
region_level region_level_from_name(const char *name);

/* The name every output shows for a unit: name (from the divisions), or,
 * when name is NULL or empty (a code the divisions do not list, e.g. a
 * village), the code's 12 digits written into buf (size n); never "". */
const char *region_label(const char *name, int64_t code, char *buf, size_t n);

#endif
