/*
 * sample_gen: the inside of the synthetic dataset generator, shared by its
 * files (sample.c drives and writes, sample_people.c makes persons, names and
 * ID numbers, sample_base.c makes the clean base population, sample_plant.c
 * plants the findings and near-misses).  Not part of the engine's API: only
 * the sample_*.c files include it.
 *
 * Everything is a pure function of the seed: one xoshiro256** stream drives
 * all choices, rows are written in a fixed order, and nothing depends on the
 * clock, the locale or memory addresses.
 */
#ifndef RS_SAMPLE_GEN_H
#define RS_SAMPLE_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"
#include "sample/sample.h"

/* The report period and the ledger's twelve months. */
#define SG_PERIOD      202409
#define SG_FIRST_MONTH 202310
#define SG_MONTHS      12

/* ---------------------------------------------------------------- random */

typedef struct {
    uint64_t s[4];
} sg_rng;

/* Seed the stream from one number (splitmix64 expands it). */
void sg_rng_seed(sg_rng *r, uint64_t seed);
/* Next raw 64-bit value (xoshiro256**). */
uint64_t sg_next(sg_rng *r);
/* Uniform integer in [lo, hi] (hi >= lo). */
int64_t sg_range(sg_rng *r, int64_t lo, int64_t hi);
/* True with probability per_mille / 1000. */
bool sg_chance(sg_rng *r, int per_mille);
/* One of the n strings of list, uniformly. */
const char *sg_pick(sg_rng *r, const char *const *list, int n);

#define SG_PICK(r, list) sg_pick((r), (list), (int)(sizeof(list) / sizeof((list)[0])))

/* ---------------------------------------------------------------- output */

typedef enum {
    T_DIVISIONS,
    T_STANDARDS,
    T_PARAMS,
    T_HOUSEHOLDS,
    T_PERSONS,
    T_ENROLMENTS,
    T_PAYMENTS,
    T_BUDGETS,
    T_APPLICATIONS,
    T_REVIEWS,
    T_REFERRALS,
    T_WARNINGS,
    T_CROSSCHECK,
    T_STAFF_RELATIVES,
    T_ITEM_SCOPE,
    T_COUNT
} sg_table;

/* Standard items, in the order of sg_county.std. */
enum { STD_DIBAO_URBAN, STD_DIBAO_RURAL, STD_TEKUN_URBAN, STD_TEKUN_RURAL, STD_COUNT };

/* Enrolment categories (the tiers of indicators.md). */
typedef enum { CAT_DIBAO, CAT_TEKUN, CAT_EDGE, CAT_RIGID, CAT_MONITOR, CAT_OTHER } sg_category;

/* A village (or a residents' committee) the households live in. */
typedef struct {
    int64_t code;
    bool urban;
} sg_village;

/* Name mix of a county's people, per mille. */
typedef struct {
    int han, uyghur; /* the rest are Kazakh */
} sg_ethnic;

/* One county of the dataset with its policy numbers. */
typedef struct {
    int64_t code;
    char name[64];
    sg_village *villages;
    int nvillages;
    int households; /* base households to make */
    sg_ethnic mix;
    /* Standards in fen per month: before and from change_month (equal when
     * there is no change; 0 = no row for that item). */
    int64_t std_old[STD_COUNT], std_new[STD_COUNT];
    int change_month;     /* yyyymm of the mid-year change, 0 = none */
    int deadline_day;     /* pay_deadline_day param, 0 = default */
    int gradual_min;      /* gradual_exit_min_months param, 0 = not set */
    bool own_heating;     /* ships its own item_scope rows for heating (monitor too) */
    int64_t dpi_fen;      /* disposable_income_py in force in 2024, fen */
    bool pay_at_township; /* the county codes its ledger at townships */
    int next_household;   /* households made so far (the id's sequence) */
    int64_t paid[2][12];  /* fen paid by year (2023, 2024) and item */
} sg_county;

/* A planted expectation: one row of ground_truth.csv or near_misses.csv. */
typedef enum { KEY_PAYMENT, KEY_HOUSEHOLD, KEY_APPLICATION } sg_key_kind;

typedef struct {
    char code[24];
    sg_key_kind kind;
    char key[32];
    int64_t region;
    char why[160];
} sg_expect;

#define SG_MAX_EXPECT 512

/* The run: options, files, counters and the planted expectations. */
typedef struct {
    sample_scale scale;
    uint64_t seed;
    int64_t unit;
    sg_rng rng;
    FILE *out[T_COUNT];
    long rows[T_COUNT];
    char line[4096];
    size_t len;
    int nfields;
    int cur; /* table of the row being built, -1 if none */
    sg_county *counties;
    int ncounties;
    /* Counters behind the record ids. */
    long next_payment, next_enrolment, next_application, next_referral, next_warning;
    long next_bank;
    /* 17-digit ID prefixes in use (open addressing, 0 = empty). */
    uint64_t *ids;
    size_t ids_cap, ids_used;
    sg_county *pay_county; /* the county of the last ledger row (a cache) */
    sg_expect truth[SG_MAX_EXPECT], near[SG_MAX_EXPECT];
    int ntruth, nnear;
} sg_ctx;

/* Row building: sg_begin, then one sg_* call per column in header order,
 * then sg_end writes the line.  Text must not need CSV quoting (asserted). */
void sg_begin(sg_ctx *c, sg_table t);
void sg_str(sg_ctx *c, const char *s);
void sg_int(sg_ctx *c, int64_t v);
void sg_money(sg_ctx *c, int64_t fen);                /* yuan with two decimals */
void sg_date(sg_ctx *c, int32_t jdn);                 /* YYYY-MM-DD; 0 = empty */
void sg_month(sg_ctx *c, int yyyymm);                 /* YYYY-MM */
void sg_datetime(sg_ctx *c, int32_t jdn, int minute); /* YYYY-MM-DD HH:MM */
void sg_bool(sg_ctx *c, int v);                       /* y / n; -1 = empty */
void sg_end(sg_ctx *c);

/* Record a planted expectation: a ground-truth row, or a near-miss (why
 * says why it must stay unflagged).  At most SG_MAX_EXPECT of each. */
void sg_expect_truth(sg_ctx *c, const char *code, sg_key_kind k, const char *key, int64_t region);
void sg_expect_near(sg_ctx *c, const char *code, sg_key_kind k, const char *key, int64_t region,
                    const char *why);

/* ---------------------------------------------------------------- people */

typedef enum { REL_HEAD, REL_SPOUSE, REL_CHILD, REL_PARENT, REL_OTHER } sg_relation;

#define SG_MAX_PERSONS 8

typedef struct {
    char id[20];
    char name[64];
    char given[32]; /* the first part of a Uyghur/Kazakh name, for children */
    sg_relation relation;
    bool male;
    int32_t birth;       /* JDN */
    int32_t death;       /* persons.death_date (JDN), 0 = empty */
    int32_t cross_death; /* date of death known only from a crosscheck row, 0 = none */
    int disability;      /* 0 none, 1-4 */
    const char *dtype;   /* persons.disability_type, NULL = empty */
    bool ill, can_work;
} sg_person;

typedef struct {
    char id[32];
    const sg_county *county;
    int64_t village;
    bool urban;
    int ethnic; /* 0 Han, 1 Uyghur, 2 Kazakh */
    int n;
    sg_person p[SG_MAX_PERSONS];
    int members; /* declared households.members */
    int64_t income_pc;
    int64_t annual;   /* -1 = empty */
    int64_t rigid;    /* -1 = empty */
    int64_t emp_cost; /* -1 = empty */
    int assets_ok;    /* 1, 0, -1 = empty */
    int32_t registered;
} sg_household;

/* A new ID number (valid check character) for someone born on birth (JDN)
 * in county code6, unique in this run, into out (>= 19 bytes). */
rs_status sg_new_id(sg_ctx *c, int code6, int32_t birth, bool male, char *out, rs_error *e);
/* Mark the 17-digit prefix of id as taken (for hand-made numbers). */
rs_status sg_reserve_id(sg_ctx *c, const char *id, rs_error *e);
/* A person of the given sex, age range (completed years at the end of the
 * period) and ethnic group; father_given names a Uyghur/Kazakh child. */
rs_status sg_make_person(sg_ctx *c, const sg_county *k, int ethnic, bool male, int age_lo,
                         int age_hi, const char *surname, const char *father_given, sg_person *p,
                         rs_error *e);
/* A household of n persons (head aged age_lo..age_hi) in village v of k;
 * fills h->p and h->n, members = n, and everything else neutral. */
rs_status sg_make_household(sg_ctx *c, sg_county *k, const sg_village *v, int n, int age_lo,
                            int age_hi, sg_household *h, rs_error *e);
/* A disability_type for a disabled person, by a plausible mix. */
const char *sg_disability_type(sg_rng *r);
/* A Han name for a staff member into out. */
void sg_staff_name(sg_ctx *c, char *out, size_t n);
/* Age in completed years at the end of the period. */
int sg_age_at_period_end(int32_t birth);

/* ---------------------------------------------------------------- records */

typedef struct {
    char id[32];
    sg_category cat;
    int person;                /* index in the household, -1 = household scope */
    int care;                  /* tekun: 0 dispersed, 1 centralized */
    int32_t start, end, gexit; /* 0 = empty */
    const char *end_reason;
    int64_t monthly; /* fen, dibao/tekun */
} sg_enrol;

/* Standard `item` (STD_*) in fen for county k in month yyyymm; 0 if unset. */
int64_t sg_std(const sg_county *k, int item, int yyyymm);
/* The dibao standard of a household (by urban/rural) in month yyyymm. */
int64_t sg_dibao_std(const sg_household *h, int yyyymm);
/* The tekun floor in fen: the tekun standard, else 1.3 x the dibao one. */
int64_t sg_tekun_floor(const sg_household *h, int yyyymm);
/* Lowest and highest dibao standard of h over the ledger's months. */
int64_t sg_dibao_min(const sg_household *h);
int64_t sg_dibao_max(const sg_household *h);

/* Write the household and its persons (members as set in h). */
void sg_emit_household(sg_ctx *c, const sg_household *h);
/* Give en an id and write it. */
void sg_emit_enrolment(sg_ctx *c, const sg_household *h, sg_enrol *en);
/* True if en is in force during month yyyymm (indicators.md). */
bool sg_in_force(const sg_enrol *en, int yyyymm);
/* Write one ledger row and return its id in pid (>= 32 bytes).  payee is
 * the ID number, hh_id the ledger's household_id (NULL = empty), paid_on 0
 * = not paid. */
void sg_emit_payment(sg_ctx *c, const char *pid_or_null, char *pid, const char *hh_id,
                     const char *payee, int64_t region, const char *item, int period, int64_t due,
                     int64_t paid, int32_t paid_on, const char *fund);
/* The regular monthly dibao/tekun rows of en for months [from, to]. */
void sg_emit_monthly(sg_ctx *c, sg_county *k, const sg_household *h, const sg_enrol *en, int from,
                     int to);
/* A comprehensive (or routine) review of h on day. */
void sg_emit_review(sg_ctx *c, const sg_household *h, int32_t day, bool comprehensive,
                    const char *outcome);
/* A temporary-assistance application; returns its id in aid (>= 32 bytes). */
typedef struct {
    const char *household_id; /* NULL = empty */
    const char *id_number;
    int64_t region;
    bool urgent, advance;
    const char *severity;
    int persons, months;
    int32_t received_day;
    int received_min;
    int decided_after_min;  /* -1 = undecided */
    int assisted_after_min; /* assisted_at, minutes after receipt; 0 = empty */
    const char *decision;
    int64_t amount; /* -1 = empty */
    const char *kind;
} sg_app;
void sg_emit_application(sg_ctx *c, const sg_app *a, char *aid);
/* A crosscheck row. */
void sg_emit_crosscheck(sg_ctx *c, const char *id, const char *source, int32_t matched,
                        int32_t event, const char *detail);
/* A staff_relatives row. */
void sg_emit_relative(sg_ctx *c, const char *id, bool declared);

/* JDN of y-m-d and of the 1st/last day of a month. */
int32_t sg_jdn(int y, int m, int d);
int32_t sg_month_first(int yyyymm);
/* A person's death date (the earlier of the roster's and the crosscheck's),
 * 0 if none; the number of h's persons alive at the end of the period. */
int32_t sg_death_of(const sg_person *p);
int sg_alive_at_end(const sg_household *h);
int32_t sg_month_last(int yyyymm);

/* ---------------------------------------------------------------- stages */

/* The clean base population of county k. */
rs_status sg_base_county(sg_ctx *c, sg_county *k, rs_error *e);
/* Standards, params and budgets rows of county k (budgets after its ledger). */
void sg_emit_policy(sg_ctx *c, const sg_county *k);
void sg_emit_budgets(sg_ctx *c, const sg_county *k);
/* Every planted case in county k; neighbour takes cross-region rows. */
rs_status sg_plant_county(sg_ctx *c, sg_county *k, const sg_county *neighbour, rs_error *e);

#endif
