/*
 * idnum: Chinese resident ID numbers (GB 11643-1999).  18 characters: a
 * 6-digit region, an 8-digit birth date, a 3-digit sequence (odd = male)
 * and an ISO 7064 MOD 11-2 check character (0-9 or X); or the old 15-digit
 * form (6-digit birth date YYMMDD taken as 19YY, 3-digit sequence, no check).
 */
#ifndef RS_IDNUM_H
#define RS_IDNUM_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    bool well_formed; /* 18 chars (17 digits + digit/X) or 15 digits */
    bool old_form;    /* the 15-digit form */
    bool check_ok;    /* check character right (false for the old form) */
    bool birth_ok;    /* birth date is a real calendar date (range not checked) */
    int birth_y, birth_m, birth_d;
    char sex; /* 'M' or 'F' */
} idnum_info;

/* Analyse id (NUL-terminated, already trimmed; a lower-case x is accepted). */
idnum_info idnum_analyse(const char *id);

/* True if id has the shape the contract accepts (15 or 18, right alphabet). */
bool idnum_well_formed(const char *id);

/* The MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits. */
char idnum_check_char(const char *first17);

/* Age in completed years at the date y-m-d of someone born by-bm-bd. */
int idnum_age_at(int by, int bm, int bd, int y, int m, int d);

#endif
