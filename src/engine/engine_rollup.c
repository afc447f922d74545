/*
 * engine_rollup: a hash map from unit code to per-key sums, and the walk up
 * the hierarchy that fills it.
 */
#include "engine/engine_rollup.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/region.h"

struct rollup {
    int64_t root;
    int nkeys;
    char **keys;
    int64_t *codes; /* unit codes, in insertion order */
    int64_t *sums;  /* per unit: nkeys numerators then nkeys denominators */
    size_t n, cap;
    size_t *slots; /* open addressing: index + 1 into codes, 0 = empty */
    size_t nslots; /* a power of two, kept above 2n */
};

rollup *rollup_new(int64_t root, int nkeys, const char *const *keys)
{
    rollup *r = rs_calloc(1, sizeof *r);
    r->root = root;
    r->nkeys = nkeys;
    r->nslots = 64;
    r->keys = rs_calloc((size_t)nkeys, sizeof *r->keys);
    r->slots = rs_calloc(r->nslots, sizeof *r->slots);
    for (int k = 0; k < nkeys; k++)
        r->keys[k] = rs_strdup(keys[k]);
    return r;
}

void rollup_free(rollup *r)
{
    if (!r) return;
    for (int k = 0; k < r->nkeys; k++)
        free(r->keys[k]);
    free(r->keys);
    free(r->codes);
    free(r->sums);
    free(r->slots);
    free(r);
}

static size_t hash_code(int64_t code)
{
    uint64_t x = (uint64_t)code * 0x9E3779B97F4A7C15ULL;
    return (size_t)(x ^ (x >> 29));
}

/* The slot holding code, or the empty slot where it would go. */
static size_t *find_slot(const rollup *r, int64_t code)
{
    size_t i = hash_code(code) & (r->nslots - 1);
    while (r->slots[i] && r->codes[r->slots[i] - 1] != code)
        i = (i + 1) & (r->nslots - 1);
    return &r->slots[i];
}

/* Double the slot table. */
static void grow_slots(rollup *r)
{
    size_t *old = r->slots, oldn = r->nslots;
    r->slots = rs_calloc(oldn * 2, sizeof *r->slots);
    r->nslots = oldn * 2;
    for (size_t i = 0; i < oldn; i++)
        if (old[i]) *find_slot(r, r->codes[old[i] - 1]) = old[i];
    free(old);
}

/* Index of unit code, added with zeros if absent. */
static size_t unit_index(rollup *r, int64_t code)
{
    size_t *slot = find_slot(r, code);
    if (*slot) return *slot - 1;
    if (2 * (r->n + 1) > r->nslots) {
        grow_slots(r);
        slot = find_slot(r, code);
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->codes = rs_realloc(r->codes, r->cap * sizeof *r->codes);
        r->sums = rs_realloc(r->sums, r->cap * 2 * (size_t)r->nkeys * sizeof *r->sums);
    }
    r->codes[r->n] = code;
    memset(r->sums + r->n * 2 * (size_t)r->nkeys, 0, 2 * (size_t)r->nkeys * sizeof *r->sums);
    *slot = ++r->n;
    return r->n - 1;
}

/* Call unit_index for code and each unit above it up to the root, adding
 * num/den to key k when k >= 0. */
static void walk_up(rollup *r, int64_t code, int k, int64_t num, int64_t den)
{
    for (;;) {
        size_t u = unit_index(r, code);
        if (k >= 0) {
            r->sums[u * 2 * (size_t)r->nkeys + (size_t)k] += num;
            r->sums[u * 2 * (size_t)r->nkeys + (size_t)(r->nkeys + k)] += den;
        }
        if (code == r->root || code <= 0) return;
        code = region_parent(code);
    }
}

void rollup_touch(rollup *r, int64_t code)
{
    walk_up(r, code, -1, 0, 0);
}

rs_status rollup_add(rollup *r, int64_t code, const char *key, int64_t num, int64_t den,
                     rs_error *e)
{
    int k = 0;
    while (k < r->nkeys && strcmp(r->keys[k], key) != 0)
        k++;
    if (k == r->nkeys) return rs_fail(e, RS_ETEMPLATE, "unknown indicator or statistic '%s'", key);
    if (!region_contains(r->root, code))
        return rs_fail(e, RS_EINTERNAL, "region %lld is outside unit %lld", (long long)code,
                       (long long)r->root);
    walk_up(r, code, k, num, den);
    return RS_OK;
}

/* Integer value of a cell; NULL counts as 0. */
static int64_t cell_int(const rs_table *t, size_t row, int col)
{
    const rs_value *v = table_cell(t, row, col);
    return v->type == VAL_INT ? v->i : v->type == VAL_REAL ? (int64_t)v->d : 0;
}

rs_status rollup_check_table(const rs_table *t, const char *what, rs_error *e)
{
    if (t->ncols != 4)
        return rs_fail(e, RS_ETEMPLATE, "%s must return region_code, key, numerator, denominator",
                       what);
    for (size_t row = 0; row < t->nrows; row++)
        if (table_cell(t, row, 1)->type != VAL_TEXT)
            return rs_fail(e, RS_ETEMPLATE, "%s: row %zu has no key", what, row + 1);
    return RS_OK;
}

rs_status rollup_add_table(rollup *r, const rs_table *t, const char *what, rs_error *e)
{
    rs_status s = rollup_check_table(t, what, e);
    for (size_t row = 0; row < t->nrows && s == RS_OK; row++)
        s = rollup_add(r, cell_int(t, row, 0), table_cell(t, row, 1)->s, cell_int(t, row, 2),
                       cell_int(t, row, 3), e);
    if (s != RS_OK) rs_error_prefix(e, "%s", what);
    return s;
}

static int cmp_code(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int64_t *rollup_units(const rollup *r, size_t *n)
{
    int64_t *codes = rs_malloc(r->n * sizeof *codes);
    memcpy(codes, r->codes, r->n * sizeof *codes);
    qsort(codes, r->n, sizeof *codes, cmp_code);
    *n = r->n;
    return codes;
}

bool rollup_get(const rollup *r, int64_t code, int k, int64_t *num, int64_t *den)
{
    size_t slot = *find_slot(r, code);
    if (!slot || k < 0 || k >= r->nkeys) return false;
    *num = r->sums[(slot - 1) * 2 * (size_t)r->nkeys + (size_t)k];
    *den = r->sums[(slot - 1) * 2 * (size_t)r->nkeys + (size_t)(r->nkeys + k)];
    return true;
}
