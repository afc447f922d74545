/*
 * idnum: shape, check character (ISO 7064 MOD 11-2), birth date and sex of
 * Chinese resident ID numbers.  The import rejects only numbers of the wrong
 * shape; a wrong check character or an impossible birth date is reported
 * later as a finding, so analysis never fails, it only describes.
 */
#include "base/idnum.h"

#include <string.h>

#include "base/parse.h"

/* True if the n characters at s are all decimal digits. */
static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* True if id is 18 characters (17 digits and a digit, X or x) or 15 digits. */
bool idnum_well_formed(const char *id)
{
    size_t len = strlen(id);
    if (len == 15) return all_digits(id, 15);
    if (len == 18)
        return all_digits(id, 17) &&
               ((id[17] >= '0' && id[17] <= '9') || id[17] == 'X' || id[17] == 'x');
    return false;
}

/* The check character for the 17 digits at first17: weights 2^(17-i) mod 11,
 * sum mod 11 mapped through "10X98765432". */
char idnum_check_char(const char *first17)
{
    static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * weight[i];
    return map[sum % 11];
}

/* Reads n digits at s as a number (the caller knows they are digits). */
static int digits_value(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Describes id: shape, check character, birth date, sex.  A malformed id
 * yields well_formed false and every other field zero. */
idnum_info idnum_analyse(const char *id)
{
    idnum_info info = {0};
    if (!idnum_well_formed(id)) return info;
    info.well_formed = true;
    if (strlen(id) == 15) {
        info.old_form = true;
        info.birth_y = 1900 + digits_value(id + 6, 2);
        info.birth_m = digits_value(id + 8, 2);
        info.birth_d = digits_value(id + 10, 2);
        info.sex = (id[14] - '0') % 2 ? 'M' : 'F';
    } else {
        char last = id[17] == 'x' ? 'X' : id[17];
        info.check_ok = idnum_check_char(id) == last;
        info.birth_y = digits_value(id + 6, 4);
        info.birth_m = digits_value(id + 10, 2);
        info.birth_d = digits_value(id + 12, 2);
        info.sex = (id[16] - '0') % 2 ? 'M' : 'F';
    }
    info.birth_ok = date_valid(info.birth_y, info.birth_m, info.birth_d);
    return info;
}

/* Completed years between birth by-bm-bd and the date y-m-d (negative if
 * the date is before the birth). */
int idnum_age_at(int by, int bm, int bd, int y, int m, int d)
{
    int age = y - by;
    if (m < bm || (m == bm && d < bd)) age--;
    return age;
}
