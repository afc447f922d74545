/*
 * sample_plant: the planted cases.  For one county it makes, in fresh
 * households of its own villages, at least one positive case of every
 * finding code of indicators.md and the near-misses around each rule's
 * boundary, and records the expectation of each (ground_truth.csv,
 * near_misses.csv).  This file holds the shared helpers, the first
 * catalogue's cases and the driver; sample_plant_policy.c the cases of the
 * rules issue 15 added (sample_plant.h says which).  Every case starts
 * from a household that is clean in the sense of sample_base.c and changes
 * one thing; the comment of each case says why nothing else fires.
 * Ledger rows and applications of the cases are of the report period
 * 2024-09 (P.start 2024-09-01, P.end 2024-09-30) unless a case says
 * otherwise.
 *
 * Readings of the spec chosen here (the engine reads the same words):
 * - a person's death date is the earlier of persons.death_date and any death
 *   crosscheck; "alive at P.end" (Q_MEMBERS, E_MISSED_DIBAO) uses it too;
 * - "received in P" and "at the application's region code" use the month of
 *   receipt, which is P here, for the standards of F_TEMP_OVER;
 * - an undecided application whose receipt + reply_hours falls exactly on
 *   the end of P.end (24:00) is not "before" it: not late;
 * - E_RIGID_MISFIT fails the income condition when income x 12 equals
 *   disposable_income_py (the condition is strictly "<").
 */
#include <stdio.h>
#include <string.h>

#include "base/idnum.h"
#include "base/parse.h"
#include "sample/sample_gen.h"
#include "sample/sample_plant.h"

/* A day of the report period. */
int32_t sp_day(int d)
{
    return sg_jdn(2024, 9, d);
}

/* ================================================================ helpers */

/* A random village of the county, urban or rural as asked (any if the
 * county has none of that kind). */
const sg_village *sp_village(plant *pl, bool urban)
{
    sg_county *k = pl->k;
    int start = (int)sg_range(&pl->c->rng, 0, k->nvillages - 1);
    for (int i = 0; i < k->nvillages; i++) {
        const sg_village *w = &k->villages[(start + i) % k->nvillages];
        if (w->urban == urban) return w;
    }
    return &k->villages[start];
}

/* A fresh household of n persons in an urban or rural village of the
 * county, not entitled to dibao (income above the standard, assets ok). */
rs_status sp_fresh(plant *pl, int n, bool urban, int age_lo, int age_hi, sg_household *h)
{
    if (sg_make_household(pl->c, pl->k, sp_village(pl, urban), n, age_lo, age_hi, h, pl->e) !=
        RS_OK)
        return pl->e->status;
    h->income_pc = sg_dibao_max(h) + 20000;
    h->annual = h->income_pc * 12 * n;
    h->registered = sg_jdn(2020, 4, 16);
    return RS_OK;
}

/* Give p a new birth date (and so a new ID number). */
rs_status sp_set_birth(plant *pl, sg_person *p, int y, int m, int d)
{
    p->birth = sg_jdn(y, m, d);
    return sg_new_id(pl->c, (int)(pl->k->code / 1000000), p->birth, p->male, p->id, pl->e);
}

/* Write h (members = persons alive at P.end unless members_override > 0). */
void sp_write_household(plant *pl, sg_household *h, int members_override)
{
    h->members = members_override > 0 ? members_override : sg_alive_at_end(h);
    if (h->annual >= 0) h->annual = h->income_pc * 12 * h->members;
    sg_emit_household(pl->c, h);
}

/* The yearly comprehensive reviews of a planted household (June 2023 and
 * the day given in 2024). */
void sp_yearly_reviews(plant *pl, const sg_household *h, int m, int d)
{
    sg_emit_review(pl->c, h, sg_jdn(2023, 6, 20), true, "continue");
    sg_emit_review(pl->c, h, sg_jdn(2024, m, d), true, "continue");
    sg_emit_review(pl->c, h, sg_jdn(2024, 8, 26), false, "continue");
}

/* Household-scope dibao for h: income half the lowest standard (or income
 * if >= 0), a monthly amount that fits persons_in_p persons at the lowest
 * standard, enrolled since 2021, reviewed yearly; h is written first. */
void sp_dibao_with_income(plant *pl, sg_household *h, sg_enrol *en, int persons_in_p,
                          int64_t income)
{
    h->income_pc = income >= 0 ? income : sg_dibao_min(h) / 2;
    sp_write_household(pl, h, 0);
    *en = (sg_enrol){.cat = CAT_DIBAO, .person = -1, .start = sg_jdn(2021, 3, 15)};
    en->monthly = sg_dibao_min(h) * persons_in_p / 2;
    sg_emit_enrolment(pl->c, h, en);
    sp_yearly_reviews(pl, h, 3, 20);
}

/* The usual planted dibao household (see dibao_with_income). */
void sp_dibao_household(plant *pl, sg_household *h, sg_enrol *en, int persons_in_p)
{
    sp_dibao_with_income(pl, h, en, persons_in_p, -1);
}

/* An individual tekun enrolment of h's head (h written first). */
void sp_tekun_person(plant *pl, sg_household *h, sg_enrol *en, int64_t monthly)
{
    h->income_pc = 10000;
    sp_write_household(pl, h, 0);
    *en =
        (sg_enrol){.cat = CAT_TEKUN, .person = 0, .start = sg_jdn(2020, 6, 1), .monthly = monthly};
    sg_emit_enrolment(pl->c, h, en);
    sp_yearly_reviews(pl, h, 4, 9);
}

void sp_monitor_from(plant *pl, const sg_household *h, int32_t day)
{
    sg_enrol m = {.cat = CAT_MONITOR, .person = -1, .start = day};
    sg_emit_enrolment(pl->c, h, &m);
}

int32_t sp_long_exit(const plant *pl, int32_t end)
{
    int y, m, d;
    date_from_jdn(end, &y, &m, &d);
    return sg_month_last(month_add(y * 100 + m, pl->k->gradual_min ? pl->k->gradual_min : 3));
}

void sp_pay(plant *pl, const sg_household *h, const char *payee, const char *item, int64_t due,
            int64_t paid, int day, const char *fixed_id, char *pid)
{
    sg_emit_payment(pl->c, fixed_id, pid, h ? h->id : NULL, payee, h ? h->village : 0, item,
                    SG_PERIOD, due, paid, day ? sp_day(day) : 0, "central");
}

void sp_truth(plant *pl, const char *code, sg_key_kind k, const char *key, int64_t region)
{
    sg_expect_truth(pl->c, code, k, key, region);
}

void sp_near(plant *pl, const char *code, sg_key_kind k, const char *key, int64_t region,
             const char *why)
{
    sg_expect_near(pl->c, code, k, key, region, why);
}

void sp_expect(plant *pl, const char *code, sg_key_kind k, const char *key, int64_t region,
               const char *why)
{
    if (why)
        sp_near(pl, code, k, key, region, why);
    else
        sp_truth(pl, code, k, key, region);
}

/* ================================================================ deaths */

/* F_DEAD and its near-misses.  Households of two; the dead head's share is
 * left out of the amount so F_OVER_STANDARD (persons during P) stays quiet,
 * and members counts the living, so Q_MEMBERS does too. */
static rs_status plant_deaths(plant *pl)
{
    sg_household h;
    sg_enrol en;
    char pid[32];
    /* Head died 2024-08-15, still paid for 2024-09. */
    if (sp_fresh(pl, 2, false, 40, 70, &h) != RS_OK) return pl->e->status;
    h.p[0].death = sg_jdn(2024, 8, 15);
    sp_dibao_household(pl, &h, &en, 1);
    sg_emit_monthly(pl->c, pl->k, &h, &en, SG_FIRST_MONTH, 202408);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 10, NULL, pid);
    sp_truth(pl, "F_DEAD", KEY_PAYMENT, pid, h.village);

    /* Head died 2024-09-10, during the paid month: not F_DEAD. */
    if (sp_fresh(pl, 2, false, 40, 70, &h) != RS_OK) return pl->e->status;
    h.p[0].death = sp_day(10);
    sp_dibao_household(pl, &h, &en, 2);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 8, NULL, pid);
    sp_near(pl, "F_DEAD", KEY_PAYMENT, pid, h.village,
            "payee died 2024-09-10, during the paid month, not before P.start");

    /* Death known only from the civil registry (crosscheck source death,
     * event 2024-07-20): the death date is that event, so F_DEAD. */
    if (sp_fresh(pl, 2, true, 40, 70, &h) != RS_OK) return pl->e->status;
    h.p[0].cross_death = sg_jdn(2024, 7, 20);
    sp_dibao_household(pl, &h, &en, 1);
    sg_emit_crosscheck(pl->c, h.p[0].id, "death", sp_day(25), sg_jdn(2024, 7, 20), "火化信息");
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 12, NULL, pid);
    sp_truth(pl, "F_DEAD", KEY_PAYMENT, pid, h.village);

    /* Funeral aid for a head who died in August: item funeral is exempt
     * from F_DEAD.  A monitored household, income above the standard: out
     * of funeral aid's scope (dibao and tekun), F_ITEM_SCOPE. */
    if (sp_fresh(pl, 2, false, 60, 80, &h) != RS_OK) return pl->e->status;
    h.p[0].death = sg_jdn(2024, 8, 10);
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_MONITOR, .person = -1, .start = sg_jdn(2022, 5, 1)};
    sg_emit_enrolment(pl->c, &h, &en);
    sp_pay(pl, &h, h.p[0].id, "funeral", 200000, 200000, 6, NULL, pid);
    sp_near(pl, "F_DEAD", KEY_PAYMENT, pid, h.village,
            "funeral aid after the payee's death (item funeral is not examined)");
    sp_truth(pl, "F_ITEM_SCOPE", KEY_PAYMENT, pid, h.village);
    return RS_OK;
}

/* ================================================================ scope */

/* F_ENDED, F_NO_ENROLMENT, F_NOT_IN_ROSTER and their near-misses. */
static rs_status plant_scope(plant *pl)
{
    sg_household h;
    sg_enrol en;
    char pid[32];
    /* Dibao ended 2024-06-30 without a gradual exit, paid for September.
     * Income has risen above the standard (no E_MISSED_DIBAO); not active
     * at P.end, so no review is due and F_OVER_STANDARD is not examined;
     * under monitoring since (no E_UNMONITORED). */
    if (sp_fresh(pl, 3, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_DIBAO,
                    .person = -1,
                    .start = sg_jdn(2019, 4, 1),
                    .end = sg_jdn(2024, 6, 30),
                    .end_reason = "家庭收入超过低保标准"};
    en.monthly = sg_dibao_min(&h) * 3 / 4;
    sg_emit_enrolment(pl->c, &h, &en);
    sp_monitor_from(pl, &h, sg_jdn(2024, 7, 1));
    sg_emit_monthly(pl->c, pl->k, &h, &en, SG_FIRST_MONTH, 202406);
    sg_emit_review(pl->c, &h, sg_jdn(2024, 6, 18), true, "terminate");
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 11, NULL, pid);
    sp_truth(pl, "F_ENDED", KEY_PAYMENT, pid, h.village);

    /* Paid for September before the enrolment starts (2024-10-08).  The
     * household registered 2024-10-05, after P.end: E_MISSED_DIBAO is not
     * examined although its income is below the standard. */
    if (sp_fresh(pl, 2, true, 30, 55, &h) != RS_OK) return pl->e->status;
    h.income_pc = sg_dibao_min(&h) / 3;
    h.registered = sg_jdn(2024, 10, 5);
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_DIBAO, .person = -1, .start = sg_jdn(2024, 10, 8)};
    en.monthly = (sg_dibao_min(&h) - h.income_pc) * 2;
    sg_emit_enrolment(pl->c, &h, &en);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 12, NULL, pid);
    sp_truth(pl, "F_ENDED", KEY_PAYMENT, pid, h.village);
    sp_near(pl, "E_MISSED_DIBAO", KEY_HOUSEHOLD, h.id, h.village,
            "income below the standard but registered 2024-10-05, after P.end");

    /* Ended 2024-07-31 with a gradual exit to 2024-10-31: still in force. */
    if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_DIBAO,
                    .person = -1,
                    .start = sg_jdn(2020, 5, 1),
                    .end = sg_jdn(2024, 7, 31),
                    .end_reason = "家庭成员就业",
                    .gexit = sg_jdn(2024, 10, 31)};
    en.monthly = sg_dibao_min(&h) * 2 * 3 / 10;
    sg_emit_enrolment(pl->c, &h, &en);
    sg_emit_monthly(pl->c, pl->k, &h, &en, SG_FIRST_MONTH, 202408);
    sg_emit_review(pl->c, &h, sg_jdn(2024, 7, 22), true, "terminate");
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 10, NULL, pid);
    sp_near(pl, "F_ENDED", KEY_PAYMENT, pid, h.village,
            "dibao ended 2024-07-31, paid inside the gradual exit to 2024-10-31");

    /* A dibao row to the head of a monitored household that never had dibao. */
    if (sp_fresh(pl, 3, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_MONITOR, .person = -1, .start = sg_jdn(2023, 2, 1)};
    sg_emit_enrolment(pl->c, &h, &en);
    sp_pay(pl, &h, h.p[0].id, "dibao", 60000, 60000, 9, NULL, pid);
    sp_truth(pl, "F_NO_ENROLMENT", KEY_PAYMENT, pid, h.village);

    /* Payees not in the roster: medical aid (F_NOT_IN_ROSTER); dibao to an
     * unknown person under an unknown household (also F_NO_ENROLMENT);
     * temp aid to an unknown person whose ID has a wrong check character
     * (also Q_BAD_ID on the row). */
    sg_person ghost;
    int64_t where = sp_village(pl, false)->code;
    for (int i = 0; i < 3; i++) {
        static const char *const what[] = {"medical", "dibao", "temp"};
        if (sg_make_person(pl->c, pl->k, 0, i != 1, 30, 60, NULL, NULL, &ghost, pl->e) != RS_OK)
            return pl->e->status;
        if (i == 2) ghost.id[17] = ghost.id[17] == '1' ? '2' : '1';
        char fake_hh[32];
        snprintf(fake_hh, sizeof fake_hh, "H%06lld9%05d", (long long)(pl->k->code / 1000000),
                 i + 1);
        sg_emit_payment(pl->c, NULL, pid, i == 1 ? fake_hh : NULL, ghost.id, where, what[i],
                        SG_PERIOD, 80000, 80000, sp_day(14), "county");
        sp_truth(pl, "F_NOT_IN_ROSTER", KEY_PAYMENT, pid, where);
        if (i == 1) sp_truth(pl, "F_NO_ENROLMENT", KEY_PAYMENT, pid, where);
        if (i == 2) sp_truth(pl, "Q_BAD_ID", KEY_PAYMENT, pid, where);
    }
    return RS_OK;
}

/* ================================================================ duplicates */

/* F_DUPLICATE, F_DIBAO_TEKUN, Q_DUP_PERSON and their near-misses.  Each
 * household is a plain dibao one whose September rows are doubled. */
static rs_status plant_duplicates(plant *pl)
{
    sg_household h, b;
    sg_enrol en, te;
    char pid[32], pid2[32];
    /* Two paid rows: the later id is the duplicate. */
    if (sp_fresh(pl, 2, false, 35, 65, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 2);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 8, NULL, pid);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 20, NULL, pid2);
    sp_truth(pl, "F_DUPLICATE", KEY_PAYMENT, pid2, h.village);

    /* Ids compared as strings: "PD-10" < "PD-9", so PD-9 is the duplicate. */
    if (sp_fresh(pl, 2, true, 35, 65, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 2);
    char id9[32], id10[32];
    snprintf(id9, sizeof id9, "PD%06lld-9", (long long)(pl->k->code / 1000000));
    snprintf(id10, sizeof id10, "PD%06lld-10", (long long)(pl->k->code / 1000000));
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 8, id9, pid);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 9, id10, pid2);
    sp_truth(pl, "F_DUPLICATE", KEY_PAYMENT, id9, h.village);

    /* The twin was not paid (amount_paid 0): nothing paid twice. */
    if (sp_fresh(pl, 2, false, 35, 65, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 2);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, 0, 0, NULL, pid);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 12, NULL, pid2);
    sp_near(pl, "F_DUPLICATE", KEY_PAYMENT, pid2, h.village,
            "its twin of the same payee, item and period paid 0");

    /* Cross-region: temp aid paid in the neighbour county first (lower id),
     * then again here: the row here is the duplicate. */
    if (sp_fresh(pl, 2, false, 35, 65, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    int64_t nb_town = pl->nb->code + 100000;
    sg_emit_payment(pl->c, NULL, pid, h.id, h.p[0].id, nb_town, "temp", SG_PERIOD, 150000, 150000,
                    sp_day(3), "county");
    sp_pay(pl, &h, h.p[0].id, "temp", 150000, 150000, 18, NULL, pid2);
    sp_truth(pl, "F_DUPLICATE", KEY_PAYMENT, pid2, h.village);
    sp_near(pl, "F_DUPLICATE", KEY_PAYMENT, pid, nb_town,
            "lowest payment_id of the pair, in the neighbour county");

    /* An elderly head with tekun of their own and household dibao, both
     * paid for September: both rows. */
    if (sp_fresh(pl, 2, false, 66, 75, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 2);
    te = (sg_enrol){.cat = CAT_TEKUN,
                    .person = 0,
                    .care = 0,
                    .start = sg_jdn(2022, 1, 10),
                    .monthly = sg_tekun_floor(&h, SG_PERIOD)};
    sg_emit_enrolment(pl->c, &h, &te);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 7, NULL, pid);
    sp_pay(pl, &h, h.p[0].id, "tekun", te.monthly, te.monthly, 7, NULL, pid2);
    sp_truth(pl, "F_DIBAO_TEKUN", KEY_PAYMENT, pid, h.village);
    sp_truth(pl, "F_DIBAO_TEKUN", KEY_PAYMENT, pid2, h.village);

    /* One person paid under two households: dibao under their own, temp
     * under their parents' household b (both rows). */
    if (sp_fresh(pl, 2, false, 60, 75, &b) != RS_OK) return pl->e->status;
    sp_write_household(pl, &b, 0);
    if (sp_fresh(pl, 2, false, 30, 45, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 2);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 9, NULL, pid);
    sg_emit_payment(pl->c, NULL, pid2, b.id, h.p[0].id, b.village, "temp", SG_PERIOD, 90000, 90000,
                    sp_day(16), "county");
    sp_truth(pl, "Q_DUP_PERSON", KEY_PAYMENT, pid, h.village);
    sp_truth(pl, "Q_DUP_PERSON", KEY_PAYMENT, pid2, b.village);

    /* The same across counties: the neighbour's row is under a household id
     * of the neighbour's (reported where each row belongs). */
    if (sp_fresh(pl, 3, false, 30, 45, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 3);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 9, NULL, pid);
    char other[32];
    snprintf(other, sizeof other, "H%06lld900001", (long long)(pl->nb->code / 1000000));
    sg_emit_payment(pl->c, NULL, pid2, other, h.p[0].id, nb_town, "medical", SG_PERIOD, 120000,
                    120000, sp_day(21), "county");
    sp_truth(pl, "Q_DUP_PERSON", KEY_PAYMENT, pid, h.village);
    sp_truth(pl, "Q_DUP_PERSON", KEY_PAYMENT, pid2, nb_town);

    /* A second row with an empty household_id is not a second household. */
    if (sp_fresh(pl, 2, false, 30, 45, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 2);
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 9, NULL, pid);
    sg_emit_payment(pl->c, NULL, pid2, NULL, h.p[0].id, h.village, "temp", SG_PERIOD, 50000, 50000,
                    sp_day(19), "county");
    sp_near(pl, "Q_DUP_PERSON", KEY_PAYMENT, pid, h.village,
            "the payee's other row of P has an empty household_id");
    return RS_OK;
}

/* ================================================================ amounts */

/* F_OVER_STANDARD and F_TEKUN_LOW exactly at and one fen past the limits
 * (the standards of September, after 奇台县's July rise). */
static rs_status plant_amounts(plant *pl)
{
    sg_household h;
    sg_enrol en;
    char pid[32];
    for (int over = 0; over < 2; over++) {
        if (sp_fresh(pl, 2, over == 0, 35, 65, &h) != RS_OK) return pl->e->status;
        sp_dibao_household(pl, &h, &en, 2);
        int64_t max = sg_dibao_std(&h, SG_PERIOD) * 2;
        sp_pay(pl, &h, h.p[0].id, "dibao", max + over, max + over, 10, NULL, pid);
        if (over)
            sp_truth(pl, "F_OVER_STANDARD", KEY_PAYMENT, pid, h.village);
        else
            sp_near(pl, "F_OVER_STANDARD", KEY_PAYMENT, pid, h.village,
                    "amount_due exactly standard x 2 persons");
    }
    /* 单人保: the payee's own enrolment counts one person, not the three of
     * the household (whose income is above the standard). */
    if (sp_fresh(pl, 3, false, 35, 55, &h) != RS_OK) return pl->e->status;
    h.p[1].disability = 1;
    h.p[1].can_work = false;
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){
        .cat = CAT_DIBAO, .person = 1, .start = sg_jdn(2022, 8, 1), .monthly = sg_dibao_min(&h)};
    sg_emit_enrolment(pl->c, &h, &en);
    sg_emit_monthly(pl->c, pl->k, &h, &en, SG_FIRST_MONTH, 202408);
    sp_yearly_reviews(pl, &h, 5, 7);
    int64_t one = sg_dibao_std(&h, SG_PERIOD) + 1;
    sp_pay(pl, &h, h.p[1].id, "dibao", one, one, 10, NULL, pid);
    sp_truth(pl, "F_OVER_STANDARD", KEY_PAYMENT, pid, h.village);

    /* Tekun at the floor (not flagged) and one fen below it, urban (where
     * 奇台县 has no tekun standard: 1.3 x the urban dibao one) and rural. */
    for (int i = 0; i < 4; i++) {
        bool urban = i < 2, low = i % 2;
        if (sp_fresh(pl, 1, urban, 65, 85, &h) != RS_OK) return pl->e->status;
        int64_t floor = sg_tekun_floor(&h, SG_PERIOD);
        sp_tekun_person(pl, &h, &en, floor);
        sp_pay(pl, &h, h.p[0].id, "tekun", floor - low, floor - low, 10, NULL, pid);
        if (low)
            sp_truth(pl, "F_TEKUN_LOW", KEY_PAYMENT, pid, h.village);
        else
            sp_near(pl, "F_TEKUN_LOW", KEY_PAYMENT, pid, h.village,
                    urban ? "urban tekun exactly at its floor"
                          : "rural tekun exactly at its standard");
    }
    return RS_OK;
}

/* ================================================================ relatives */

/* F_UNDECLARED_RELATIVE: a paid relative not declared, and one declared. */
static rs_status plant_relatives(plant *pl)
{
    for (int declared = 0; declared < 2; declared++) {
        sg_household h;
        sg_enrol en;
        char pid[32];
        if (sp_fresh(pl, 2, declared == 0, 35, 65, &h) != RS_OK) return pl->e->status;
        sp_dibao_household(pl, &h, &en, 2);
        sg_emit_relative(pl->c, h.p[0].id, declared);
        sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 10, NULL, pid);
        if (declared)
            sp_near(pl, "F_UNDECLARED_RELATIVE", KEY_PAYMENT, pid, h.village,
                    "staff relative paid, declared");
        else
            sp_truth(pl, "F_UNDECLARED_RELATIVE", KEY_PAYMENT, pid, h.village);
    }
    return RS_OK;
}

/* ================================================================ temporary assistance */

rs_status sp_temp_case(plant *pl, sg_household *h, bool urban, sg_app *a)
{
    if (sp_fresh(pl, 3, urban, 30, 60, h) != RS_OK) return pl->e->status;
    sp_write_household(pl, h, 0);
    a->household_id = h->id;
    a->id_number = h->p[0].id;
    a->region = h->village;
    a->urgent = true;
    if (!a->persons) a->persons = 1;
    if (!a->months) a->months = 1;
    if (!a->received_day) {
        a->received_day = sp_day(12);
        a->received_min = 9 * 60;
    }
    return RS_OK;
}

void sp_expect_app(plant *pl, const sg_app *a, const char *aid, const char *code, const char *why)
{
    sp_expect(pl, code, KEY_APPLICATION, aid, a->region, why);
}

/* F_TEMP_OVER, F_TEMP_MONTHS, F_REPLY_LATE around their limits. */
static rs_status plant_temp(plant *pl)
{
    sg_household h;
    char aid[32];
    const sg_county *k = pl->k;
    int64_t rural = sg_std(k, STD_DIBAO_RURAL, SG_PERIOD);
    int64_t city = sg_std(k, STD_DIBAO_URBAN, SG_PERIOD);
    struct {
        bool urban, advance;
        const char *severity;
        int persons, months;
        int64_t amount;
        const char *code, *why;
    } cases[] = {
        {false, false, NULL, 2, 3, rural * 6 + 1, "F_TEMP_OVER", NULL},
        {false, false, NULL, 2, 3, rural * 6, "F_TEMP_OVER",
         "exactly rural standard x 2 persons x 3 months"},
        {false, true, NULL, 1, 1, rural + 1, "F_TEMP_OVER", NULL},
        {false, false, "lost_selfcare", 1, 1, city * 5, "F_TEMP_OVER",
         "lost_selfcare: exactly 5 x the urban standard (rural household)"},
        {false, false, NULL, 1, 6, rural * 2, "F_TEMP_MONTHS", NULL},
        {false, false, NULL, 1, 5, rural * 2, "F_TEMP_MONTHS", "months exactly temp_max_months"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sg_app a = {.advance = cases[i].advance,
                    .severity = cases[i].severity,
                    .persons = cases[i].persons,
                    .months = cases[i].months,
                    .decided_after_min = 150,
                    .assisted_after_min = 240,
                    .decision = "approved",
                    .amount = cases[i].amount};
        if (sp_temp_case(pl, &h, cases[i].urban, &a) != RS_OK) return pl->e->status;
        sg_emit_application(pl->c, &a, aid);
        sp_expect_app(pl, &a, aid, cases[i].code, cases[i].why);
    }
    /* No household: urban standard applies (1 person x 2 months, exactly). */
    sg_person ghost;
    if (sg_make_person(pl->c, k, 0, true, 25, 50, NULL, NULL, &ghost, pl->e) != RS_OK)
        return pl->e->status;
    sg_app a = {.id_number = ghost.id,
                .region = sp_village(pl, false)->code,
                .urgent = true,
                .persons = 1,
                .months = 2,
                .received_day = sp_day(13),
                .received_min = 10 * 60,
                .decided_after_min = 90,
                .assisted_after_min = 180,
                .decision = "approved",
                .amount = city * 2};
    sg_emit_application(pl->c, &a, aid);
    sp_expect_app(pl, &a, aid, "F_TEMP_OVER",
                  "no household: urban standard x 1 x 2 months, exactly (in a rural village)");

    /* Reply times: 12h01 late, 12h00 in time; undecided ones late unless
     * receipt + 12h is not before the end of 2024-09-30. */
    struct {
        int day, minute, after;
        const char *why;
    } replies[] = {
        {10, 9 * 60, 12 * 60 + 1, NULL},
        {11, 9 * 60, 12 * 60, "decided exactly 12 hours after receipt"},
        {20, 10 * 60, -1, NULL},
        {30, 11 * 60 + 59, -1, NULL},
        {30, 12 * 60, -1,
         "undecided; receipt + 12h is 2024-10-01 00:00, not before the end of P.end"},
    };
    for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
        sg_app r = {.received_day = sp_day(replies[i].day),
                    .received_min = replies[i].minute,
                    .decided_after_min = replies[i].after,
                    .assisted_after_min = replies[i].after < 0 ? 0 : replies[i].after + 30,
                    .decision = replies[i].after < 0 ? "pending" : "approved",
                    .amount = replies[i].after < 0 ? -1 : rural / 2};
        if (sp_temp_case(pl, &h, false, &r) != RS_OK) return pl->e->status;
        sg_emit_application(pl->c, &r, aid);
        sp_expect_app(pl, &r, aid, "F_REPLY_LATE", replies[i].why);
    }
    return RS_OK;
}

/* ================================================================ eligibility */

/* E_INCOME_ABOVE, E_MISSED_DIBAO, E_EDGE_MISFIT, E_RIGID_MISFIT, and
 * F_CROSSCHECK, at the September standards. */
static rs_status plant_eligibility(plant *pl)
{
    sg_household h;
    sg_enrol en;
    char pid[32];
    /* Dibao household with income exactly at the standard (flagged), one fen
     * below (not); the September row is within the standard. */
    for (int below = 0; below < 2; below++) {
        if (sp_fresh(pl, 2, below == 0, 35, 60, &h) != RS_OK) return pl->e->status;
        sp_dibao_with_income(pl, &h, &en, 2, sg_dibao_std(&h, SG_PERIOD) - below);
        sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 10, NULL, pid);
        if (below)
            sp_near(pl, "E_INCOME_ABOVE", KEY_HOUSEHOLD, h.id, h.village,
                    "income one fen below the September standard");
        else
            sp_truth(pl, "E_INCOME_ABOVE", KEY_HOUSEHOLD, h.id, h.village);
    }
    /* Income above the standard but in a gradual exit: enrolment ends at
     * P.end (still active) with a gradual exit as long as the county asks
     * (no E_GRADUAL_SHORT). */
    if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_DIBAO,
                    .person = -1,
                    .start = sg_jdn(2019, 7, 1),
                    .end = sp_day(30),
                    .end_reason = "家庭收入超过低保标准",
                    .monthly = sg_dibao_min(&h) / 2};
    en.gexit = sp_long_exit(pl, en.end);
    sg_emit_enrolment(pl->c, &h, &en);
    sg_emit_review(pl->c, &h, sp_day(2), true, "terminate");
    sp_pay(pl, &h, h.p[0].id, "dibao", en.monthly, en.monthly, 10, NULL, pid);
    sp_near(pl, "E_INCOME_ABOVE", KEY_HOUSEHOLD, h.id, h.village,
            "income above the standard during a gradual exit (until after P.end)");

    /* Not enrolled, income one fen below the standard: flagged with assets
     * ok, not without; at the standard exactly: not flagged. */
    for (int i = 0; i < 3; i++) {
        if (sp_fresh(pl, 3, i == 1, 30, 55, &h) != RS_OK) return pl->e->status;
        h.income_pc = sg_dibao_std(&h, SG_PERIOD) - (i < 2 ? 1 : 0);
        h.assets_ok = i == 1 ? 0 : 1;
        h.registered = sg_jdn(2024, 2, 10);
        sp_write_household(pl, &h, 0);
        if (i == 0)
            sp_truth(pl, "E_MISSED_DIBAO", KEY_HOUSEHOLD, h.id, h.village);
        else
            sp_near(pl, "E_MISSED_DIBAO", KEY_HOUSEHOLD, h.id, h.village,
                    i == 1 ? "income below the standard, assets_ok = no"
                           : "income exactly the standard (rule needs below)");
    }

    /* Edge households: 1.5 x standard exactly (flagged) and a fen below
     * (not); below the standard (flagged; assets_ok not given, so neither
     * E_MISSED_DIBAO nor E_ASSETS) and at it exactly (not). */
    for (int i = 0; i < 4; i++) {
        if (sp_fresh(pl, 2, i % 2 == 1, 30, 60, &h) != RS_OK) return pl->e->status;
        int64_t std = sg_dibao_std(&h, SG_PERIOD);
        static const char *const why[] = {NULL, "income a fen below 1.5 x standard", NULL,
                                          "income exactly the standard"};
        h.income_pc = i == 0 ? std * 3 / 2 : i == 1 ? std * 3 / 2 - 1 : i == 2 ? std - 1 : std;
        h.assets_ok = i == 2 ? -1 : 1;
        sp_write_household(pl, &h, 0);
        en = (sg_enrol){.cat = CAT_EDGE, .person = -1, .start = sg_jdn(2023, 5, 20)};
        sg_emit_enrolment(pl->c, &h, &en);
        sp_yearly_reviews(pl, &h, 5, 20);
        if (why[i])
            sp_near(pl, "E_EDGE_MISFIT", KEY_HOUSEHOLD, h.id, h.village, why[i]);
        else
            sp_truth(pl, "E_EDGE_MISFIT", KEY_HOUSEHOLD, h.id, h.village);
    }

    /* Rigid households (disposable_income_py is a multiple of 12 yuan x 100):
     * expense a fen short of half the income (flagged) and exactly half
     * (not); income x 12 exactly the disposable income (flagged) and a fen
     * below (not); annual income missing (not examined). */
    for (int i = 0; i < 5; i++) {
        if (sp_fresh(pl, 3, false, 30, 60, &h) != RS_OK) return pl->e->status;
        static const char *const why[] = {NULL, "rigid expense exactly half the annual income",
                                          NULL, "income x 12 twelve fen below disposable_income_py",
                                          "annual_income missing: not examined"};
        h.income_pc = i == 2   ? pl->k->dpi_fen / 12
                      : i == 3 ? pl->k->dpi_fen / 12 - 1
                               : sg_dibao_max(&h) + 30000;
        h.members = 3;
        h.annual = h.income_pc * 12 * 3;
        h.rigid = i == 0 ? h.annual / 2 - 1 : i == 4 ? 100000 : h.annual / 2;
        if (i == 4) h.annual = -1;
        sg_emit_household(pl->c, &h);
        en = (sg_enrol){.cat = CAT_RIGID, .person = -1, .start = sg_jdn(2023, 11, 2)};
        sg_emit_enrolment(pl->c, &h, &en);
        sp_yearly_reviews(pl, &h, 6, 3);
        if (why[i])
            sp_near(pl, "E_RIGID_MISFIT", KEY_HOUSEHOLD, h.id, h.village, why[i]);
        else
            sp_truth(pl, "E_RIGID_MISFIT", KEY_HOUSEHOLD, h.id, h.village);
    }

    /* Crosscheck: a vehicle of the spouse in an active dibao household
     * (flagged); a death hit dated after P.end on an active member (source
     * death does not count); a vehicle of a household whose dibao ended. */
    if (sp_fresh(pl, 3, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 3);
    sg_emit_crosscheck(pl->c, h.p[1].id, "vehicle", sg_jdn(2024, 6, 12), 0, "名下登记小型汽车1辆");
    sp_truth(pl, "F_CROSSCHECK", KEY_HOUSEHOLD, h.id, h.village);

    if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_dibao_household(pl, &h, &en, 2);
    sg_emit_crosscheck(pl->c, h.p[1].id, "death", sg_jdn(2024, 10, 8), sg_jdn(2024, 10, 3),
                       "火化信息");
    sp_near(pl, "F_CROSSCHECK", KEY_HOUSEHOLD, h.id, h.village,
            "crosscheck hit of source death (event 2024-10-03, after P.end), not an asset source");

    if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
    h.assets_ok = 0;
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_DIBAO,
                    .person = -1,
                    .start = sg_jdn(2018, 3, 1),
                    .end = sg_jdn(2024, 5, 31),
                    .end_reason = "比对发现车辆",
                    .monthly = sg_dibao_min(&h) / 2};
    sg_emit_enrolment(pl->c, &h, &en);
    sp_monitor_from(pl, &h, sg_jdn(2024, 6, 1));
    sg_emit_monthly(pl->c, pl->k, &h, &en, SG_FIRST_MONTH, 202405);
    sg_emit_crosscheck(pl->c, h.p[0].id, "vehicle", sg_jdn(2024, 5, 9), 0, "名下登记小型汽车1辆");
    sp_near(pl, "F_CROSSCHECK", KEY_HOUSEHOLD, h.id, h.village,
            "vehicle hit, but the dibao ended 2024-05-31 (not active at P.end)");
    return RS_OK;
}

/* ================================================================ tekun ages, reviews */

/* E_TEKUN_AGE at 59/60 and 16/15 and a disabled adult, E_TEKUN_CAN_WORK
 * (can_work given as y) at the same ages, a person able to work who is both,
 * one who died in the month; an impossible birth date (neither examined;
 * Q_BAD_ID instead); E_NO_REVIEW at the window edge. */
static rs_status plant_ages_reviews(plant *pl)
{
    sg_household h;
    sg_enrol en;
    /* age, work: the reason of the near-miss, NULL for a positive; work is
     * only examined (and recorded) where can_work is y. */
    struct {
        int y, m, d, disability;
        bool can_work;
        const char *age, *work;
    } ages[] = {
        {1964, 10, 1, 0, false, NULL, NULL},
        {1964, 9, 30, 0, true, "aged exactly 60 at P.end", "aged exactly 60 at P.end"},
        {2008, 9, 30, 0, false, NULL, NULL},
        {2008, 10, 1, 0, true, "aged 15 at P.end", "aged 15 at P.end"},
        {1984, 3, 14, 2, false, "aged 40 with disability grade 2", NULL},
        {1979, 6, 2, 0, true, NULL, NULL},
        {1964, 10, 1, 1, true, "aged 59, disability grade 1", NULL},
        {2008, 9, 30, 2, true, "aged 16, disability grade 2", NULL},
    };
    for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
        if (sp_fresh(pl, 1, false, 30, 40, &h) != RS_OK ||
            sp_set_birth(pl, &h.p[0], ages[i].y, ages[i].m, ages[i].d) != RS_OK)
            return pl->e->status;
        h.p[0].disability = ages[i].disability;
        h.p[0].can_work = ages[i].can_work;
        sp_tekun_person(pl, &h, &en, sg_tekun_floor(&h, SG_PERIOD));
        sp_expect(pl, "E_TEKUN_AGE", KEY_HOUSEHOLD, h.id, h.village, ages[i].age);
        if (ages[i].can_work)
            sp_expect(pl, "E_TEKUN_CAN_WORK", KEY_HOUSEHOLD, h.id, h.village, ages[i].work);
    }
    /* Aged 40, grade 1, can_work y, but died 2024-09-20: not alive at P.end.
     * The head's own tekun; a spouse lives on (members 1). */
    if (sp_fresh(pl, 2, false, 38, 42, &h) != RS_OK) return pl->e->status;
    h.p[0].disability = 1;
    h.p[0].can_work = true;
    h.p[0].death = sp_day(20);
    sp_tekun_person(pl, &h, &en, sg_tekun_floor(&h, SG_PERIOD));
    sp_near(pl, "E_TEKUN_CAN_WORK", KEY_HOUSEHOLD, h.id, h.village,
            "able to work, aged 16-59, but died 2024-09-20 (not alive at P.end)");
    /* A tekun person whose ID says born 1999-02-31 (valid check character). */
    if (sp_fresh(pl, 1, false, 30, 40, &h) != RS_OK) return pl->e->status;
    char first17[32];
    snprintf(first17, sizeof first17, "%06lld19990231%03d", (long long)(pl->k->code / 1000000),
             (int)sg_range(&pl->c->rng, 0, 499) * 2 + h.p[0].male);
    snprintf(h.p[0].id, sizeof h.p[0].id, "%.17s%c", first17, idnum_check_char(first17));
    if (sg_reserve_id(pl->c, h.p[0].id, pl->e) != RS_OK) return pl->e->status;
    h.p[0].can_work = true;
    sp_tekun_person(pl, &h, &en, sg_tekun_floor(&h, SG_PERIOD));
    sp_near(pl, "E_TEKUN_AGE", KEY_HOUSEHOLD, h.id, h.village,
            "birth date in the ID (1999-02-31) impossible: not examined");
    sp_near(pl, "E_TEKUN_CAN_WORK", KEY_HOUSEHOLD, h.id, h.village,
            "can_work y, but the birth date in the ID (1999-02-31) is impossible");
    sp_truth(pl, "Q_BAD_ID", KEY_HOUSEHOLD, h.id, h.village);

    /* Reviews: the window is (2023-10-01, 2024-09-30]. */
    struct {
        int y, m, d;
        bool comprehensive;
        const char *why;
    } reviews[] = {
        {2023, 10, 1, true, NULL},
        {2023, 10, 2, true, "comprehensive review 2023-10-02, first day of the window"},
        {2024, 6, 15, false, NULL},
        {2024, 10, 5, true, NULL},
    };
    for (size_t i = 0; i < sizeof reviews / sizeof reviews[0]; i++) {
        if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
        h.income_pc = sg_dibao_min(&h) / 2;
        sp_write_household(pl, &h, 0);
        en = (sg_enrol){.cat = CAT_DIBAO,
                        .person = -1,
                        .start = sg_jdn(2019, 9, 1),
                        .monthly = sg_dibao_min(&h) / 2};
        sg_emit_enrolment(pl->c, &h, &en);
        if (!reviews[i].comprehensive)
            sg_emit_review(pl->c, &h, sg_jdn(2023, 5, 10), true, "continue");
        sg_emit_review(pl->c, &h, sg_jdn(reviews[i].y, reviews[i].m, reviews[i].d),
                       reviews[i].comprehensive, "continue");
        if (reviews[i].why)
            sp_near(pl, "E_NO_REVIEW", KEY_HOUSEHOLD, h.id, h.village, reviews[i].why);
        else
            sp_truth(pl, "E_NO_REVIEW", KEY_HOUSEHOLD, h.id, h.village);
    }
    return RS_OK;
}

/* ================================================================ roster quality */

/* Q_BAD_ID on roster persons (not payees) and Q_MEMBERS. */
static rs_status plant_roster(plant *pl)
{
    sg_household h;
    const char *const bad[] = {"check", "19990231", "old", "20241102", "18991231"};
    for (int i = 0; i < 5; i++) {
        if (sp_fresh(pl, 2, false, 30, 60, &h) != RS_OK) return pl->e->status;
        sg_person *p = &h.p[1];
        int code6 = (int)(pl->k->code / 1000000);
        int seq = (int)sg_range(&pl->c->rng, 0, 499) * 2 + p->male;
        if (i == 0) {
            p->id[17] = p->id[17] == '3' ? '4' : '3';
        } else if (i == 2) {
            int y, m, d;
            date_from_jdn(p->birth, &y, &m, &d);
            snprintf(p->id, sizeof p->id, "%06d%02d%02d%02d%03d", code6, y % 100, m, d, seq);
        } else {
            char first17[32];
            snprintf(first17, sizeof first17, "%06d%s%03d", code6, bad[i], seq);
            snprintf(p->id, sizeof p->id, "%.17s%c", first17, idnum_check_char(first17));
        }
        if (i != 0 && sg_reserve_id(pl->c, p->id, pl->e) != RS_OK) return pl->e->status;
        sp_write_household(pl, &h, 0);
        sp_truth(pl, "Q_BAD_ID", KEY_HOUSEHOLD, h.id, h.village);
    }
    /* members 3, one died 2024-05-02: 2 alive (flagged); one dies
     * 2024-10-03, after P.end: 3 alive (not). */
    for (int later = 0; later < 2; later++) {
        if (sp_fresh(pl, 3, false, 30, 60, &h) != RS_OK) return pl->e->status;
        h.p[2].death = later ? sg_jdn(2024, 10, 3) : sg_jdn(2024, 5, 2);
        sp_write_household(pl, &h, 3);
        if (later)
            sp_near(pl, "Q_MEMBERS", KEY_HOUSEHOLD, h.id, h.village,
                    "a member died 2024-10-03, after P.end: still counted");
        else
            sp_truth(pl, "Q_MEMBERS", KEY_HOUSEHOLD, h.id, h.village);
    }
    return RS_OK;
}

/* ================================================================ timeliness */

/* Payment exactly on the deadline day and one day after (indicator
 * pay_on_time only; no finding code). */
static rs_status plant_deadline(plant *pl)
{
    int dl = pl->k->deadline_day ? pl->k->deadline_day : 30;
    for (int late = 0; late < 2; late++) {
        sg_household h;
        sg_enrol en;
        char pid[32];
        if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
        sp_dibao_household(pl, &h, &en, 2);
        sg_emit_payment(pl->c, NULL, pid, h.id, h.p[0].id, h.village, "dibao", SG_PERIOD,
                        en.monthly, en.monthly, sp_day(dl) + late, "central");
        sp_near(pl, "pay_on_time", KEY_PAYMENT, pid, h.village,
                late ? "paid one day after the deadline: late (indicator only, no finding)"
                     : "paid exactly on the deadline day: on time (indicator only)");
    }
    return RS_OK;
}

rs_status sg_plant_county(sg_ctx *c, sg_county *k, const sg_county *neighbour, rs_error *e)
{
    plant pl = {c, k, neighbour, e};
    rs_status (*const stages[])(plant *) = {
        plant_deaths,    plant_scope,     plant_duplicates,    plant_amounts,
        plant_relatives, plant_temp,      plant_eligibility,   plant_ages_reviews,
        plant_roster,    plant_deadline,  sp_plant_item_scope, sp_plant_urgent,
        sp_plant_tiers,  sp_plant_single, sp_plant_exits,      sp_plant_jumps};
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
        if (stages[i](&pl) != RS_OK) return e->status;
    return RS_OK;
}
