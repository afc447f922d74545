/*
 * sample_plant: the planting family's private header.  sample_plant.c plants
 * the cases of the first catalogue (payments, temporary assistance,
 * eligibility, roster quality) and holds the helpers below;
 * sample_plant_policy.c, split off when issue 15 added nine codes, plants
 * special-assistance scope, 急难 aid, the tier rules (assets, employment
 * cost, 单人保, tekun able to work), exits and monitoring, and amount jumps.
 * Every case is a fresh household of the plant county, written row by row
 * like the base population; only the sample_plant*.c files include this.
 */
#ifndef RS_SAMPLE_PLANT_H
#define RS_SAMPLE_PLANT_H

#include "sample/sample_gen.h"

/* The context of one county's planting. */
typedef struct {
    sg_ctx *c;
    sg_county *k;
    const sg_county *nb; /* neighbour county for cross-region rows */
    rs_error *e;
} plant;

/* The JDN of day d of the report period (2024-09). */
int32_t sp_day(int d);
/* A random village of the county, urban or rural as asked (any if the
 * county has none of that kind). */
const sg_village *sp_village(plant *pl, bool urban);
/* A fresh household of n persons (head aged age_lo..age_hi) in an urban or
 * rural village, not entitled to dibao (income above the standard, assets
 * ok), registered 2020-04-16; not written yet. */
rs_status sp_fresh(plant *pl, int n, bool urban, int age_lo, int age_hi, sg_household *h);
/* Give p a new birth date (and so a new ID number). */
rs_status sp_set_birth(plant *pl, sg_person *p, int y, int m, int d);
/* Write h (members = persons alive at P.end unless members_override > 0;
 * annual income, when given, 12 x members x income). */
void sp_write_household(plant *pl, sg_household *h, int members_override);
/* The yearly comprehensive reviews of a planted household (June 2023 and
 * the day given in 2024) and a routine visit in August 2024. */
void sp_yearly_reviews(plant *pl, const sg_household *h, int m, int d);
/* Household-scope dibao for h: income half the lowest standard (or income
 * if >= 0), a monthly amount that fits persons_in_p persons at the lowest
 * standard, enrolled since 2021, reviewed yearly; h is written first. */
void sp_dibao_with_income(plant *pl, sg_household *h, sg_enrol *en, int persons_in_p,
                          int64_t income);
/* The usual planted dibao household (see sp_dibao_with_income). */
void sp_dibao_household(plant *pl, sg_household *h, sg_enrol *en, int persons_in_p);
/* An individual tekun enrolment of h's head since 2020 (h written first). */
void sp_tekun_person(plant *pl, sg_household *h, sg_enrol *en, int64_t monthly);
/* A monitor enrolment (防止返贫监测对象) of h from day: where a planted
 * household left dibao, so that E_UNMONITORED stays clear. */
void sp_monitor_from(plant *pl, const sg_household *h, int32_t day);
/* A gradual exit for a dibao enrolment ending on end that the county's
 * gradual_exit_min_months allows: the last day of the month that many
 * months later (3 where none is set). */
int32_t sp_long_exit(const plant *pl, int32_t end);
/* A ledger row of P for payee, coded at h's village, paid on day (0 = not
 * paid); fixed_id names it (NULL: the next P…); its id goes to pid. */
void sp_pay(plant *pl, const sg_household *h, const char *payee, const char *item, int64_t due,
            int64_t paid, int day, const char *fixed_id, char *pid);
/* Record a ground-truth row, or a near-miss with the reason it stays clear. */
void sp_truth(plant *pl, const char *code, sg_key_kind k, const char *key, int64_t region);
void sp_near(plant *pl, const char *code, sg_key_kind k, const char *key, int64_t region,
             const char *why);
/* A near-miss with reason why, or a ground-truth row when why is NULL. */
void sp_expect(plant *pl, const char *code, sg_key_kind k, const char *key, int64_t region,
               const char *why);
/* A temp application of the head of a fresh, written household that needs
 * nothing (income above the standard): urgent, received 2024-09-12 09:00
 * unless a sets the day; fills a's household, person and region. */
rs_status sp_temp_case(plant *pl, sg_household *h, bool urban, sg_app *a);
/* Record the expectation of application a (truth when why is NULL). */
void sp_expect_app(plant *pl, const sg_app *a, const char *aid, const char *code, const char *why);

/* The families of sample_plant_policy.c, each a stage of sg_plant_county. */
rs_status sp_plant_item_scope(plant *pl);
rs_status sp_plant_urgent(plant *pl);
rs_status sp_plant_tiers(plant *pl);
rs_status sp_plant_single(plant *pl);
rs_status sp_plant_exits(plant *pl);
rs_status sp_plant_jumps(plant *pl);

#endif
