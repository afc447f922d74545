/*
 * sample_plant_policy: the planted cases of the rules issue 15 added to the
 * catalogue, split off sample_plant.c (which keeps the first catalogue's
 * cases and the helpers): special assistance out of scope (F_ITEM_SCOPE),
 * late 急难 aid (F_URGENT_LATE), the tier rules (E_ASSETS, E_EMPLOYMENT_COST,
 * E_SINGLE_MISFIT; E_TEKUN_CAN_WORK sits with E_TEKUN_AGE in
 * sample_plant.c), exits and monitoring (E_GRADUAL_SHORT, E_UNMONITORED) and
 * the lead O_AMOUNT_JUMP, each with near-misses at its edges.  As there,
 * every case is a fresh household that is clean in the sense of
 * sample_base.c with one thing changed, and its comment says why nothing
 * else fires.
 *
 * Readings of the spec chosen here (the engine reads the same words):
 * - E_ASSETS and E_EMPLOYMENT_COST count a member's own (单人保) dibao
 *   enrolment as the household's; an annual_income of 0 is given;
 * - E_SINGLE_MISFIT: grade 3 with no disability_type is no ground;
 * - E_UNMONITORED names the latest rejected application (by decided_at)
 *   when there is one, the household otherwise; a rejection counts by the
 *   date of decided_at, so 23:30 on the day before the window is outside;
 * - F_URGENT_LATE: exactly urgent_hours after receipt is in time, and an
 *   unassisted application received at 00:00 on P.end is not yet late (its
 *   24 hours end at the end of P.end, not before it).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"
#include "sample/sample_gen.h"
#include "sample/sample_plant.h"

/* ================================================================ special assistance */

/* F_ITEM_SCOPE against the shipped item_scope (and 奇台县's own heating
 * rows), and funeral aid judged on the date of death. */
rs_status sp_plant_item_scope(plant *pl)
{
    sg_household h;
    sg_enrol en;
    char pid[32];
    /* 其他困难人员: medical aid admits them, education aid does not. */
    for (int i = 0; i < 2; i++) {
        if (sp_fresh(pl, 3, false, 35, 50, &h) != RS_OK) return pl->e->status;
        sp_write_household(pl, &h, 0);
        en = (sg_enrol){.cat = CAT_OTHER, .person = -1, .start = sg_jdn(2023, 8, 1)};
        sg_emit_enrolment(pl->c, &h, &en);
        sp_pay(pl, &h, h.p[0].id, i ? "medical" : "education", 80000, 80000, 16, NULL, pid);
        sp_expect(pl, "F_ITEM_SCOPE", KEY_PAYMENT, pid, h.village,
                  i ? "medical aid to 其他困难人员, who are in its scope" : NULL);
    }
    /* No enrolment at all: housing aid is out of scope; disaster aid has no
     * item_scope rows (anyone may receive it). */
    for (int i = 0; i < 2; i++) {
        if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
        sp_write_household(pl, &h, 0);
        sp_pay(pl, &h, h.p[0].id, i ? "disaster" : "housing", 300000, 300000, 18, NULL, pid);
        sp_expect(pl, "F_ITEM_SCOPE", KEY_PAYMENT, pid, h.village,
                  i ? "disaster aid: no item_scope rows, anyone may receive it" : NULL);
    }
    /* Employment aid to an edge household enrolled on 2024-09-20, in force
     * during the paid month; reviewed when it applied (no E_NO_REVIEW). */
    if (sp_fresh(pl, 3, false, 30, 50, &h) != RS_OK) return pl->e->status;
    h.income_pc = sg_dibao_std(&h, SG_PERIOD) + 5000;
    sp_write_household(pl, &h, 0);
    en = (sg_enrol){.cat = CAT_EDGE, .person = -1, .start = sp_day(20)};
    sg_emit_enrolment(pl->c, &h, &en);
    sg_emit_review(pl->c, &h, sp_day(11), true, "continue");
    sp_pay(pl, &h, h.p[0].id, "employment", 150000, 150000, 26, NULL, pid);
    sp_near(pl, "F_ITEM_SCOPE", KEY_PAYMENT, pid, h.village,
            "edge enrolment from 2024-09-20: in force during the paid month");

    /* Heating aid, paid in September ahead of the heating season, to a
     * monitored household: 奇台县's own item_scope rows admit 防止返贫监测对象
     * from 2024-01, the region's defaults (elsewhere) do not. */
    if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    sp_monitor_from(pl, &h, sg_jdn(2022, 3, 1));
    sp_pay(pl, &h, h.p[0].id, "heating", 60000, 60000, 20, NULL, pid);
    sp_expect(pl, "F_ITEM_SCOPE", KEY_PAYMENT, pid, h.village,
              pl->k->own_heating
                  ? "heating aid to a monitored household: the county's own item_scope admits it"
                  : NULL);

    /* Funeral aid for a 单人保 person (grade 1) who died on 2024-08-10, the
     * day the enrolment ended: in force on the death date, in scope; the
     * same with the enrolment ended the day before: out of scope.  The
     * spouse lives on under monitoring (no E_UNMONITORED). */
    for (int i = 0; i < 2; i++) {
        if (sp_fresh(pl, 2, false, 62, 75, &h) != RS_OK) return pl->e->status;
        h.p[0].disability = 1;
        h.p[0].dtype = "physical";
        h.p[0].can_work = false;
        h.p[0].death = sg_jdn(2024, 8, 10);
        sp_write_household(pl, &h, 0);
        en = (sg_enrol){.cat = CAT_DIBAO,
                        .person = 0,
                        .start = sg_jdn(2021, 5, 1),
                        .end = sg_jdn(2024, 8, 10) - i,
                        .end_reason = "死亡",
                        .monthly = sg_dibao_min(&h)};
        sg_emit_enrolment(pl->c, &h, &en);
        sg_emit_monthly(pl->c, pl->k, &h, &en, SG_FIRST_MONTH, 202408);
        sp_monitor_from(pl, &h, sg_jdn(2024, 8, 20));
        sp_pay(pl, &h, h.p[0].id, "funeral", 200000, 200000, 5, NULL, pid);
        sp_expect(pl, "F_ITEM_SCOPE", KEY_PAYMENT, pid, h.village,
                  i ? NULL
                    : "funeral aid after the death of a dibao person whose enrolment ended at "
                      "death");
    }
    return RS_OK;
}

/* ================================================================ 急难 aid */

/* F_URGENT_LATE around urgent_hours (24): approved urgent temp applications
 * of September, each decided within an hour (no F_REPLY_LATE) and within
 * the formula (no F_TEMP_OVER). */
rs_status sp_plant_urgent(plant *pl)
{
    sg_household h;
    char aid[32];
    int64_t amount = sg_std(pl->k, STD_DIBAO_RURAL, SG_PERIOD) / 2;
    struct {
        int32_t day;
        int minute; /* of receipt */
        bool urgent;
        const char *decision;
        int assisted; /* minutes after receipt, 0 = not assisted */
        const char *why;
    } cases[] = {
        {sp_day(14), 10 * 60, true, "approved", 24 * 60 + 1, NULL},
        {sp_day(15), 10 * 60, true, "approved", 24 * 60, "assisted exactly 24 hours after receipt"},
        {sp_day(20), 10 * 60, true, "approved", 0, NULL},
        {sp_day(29), 23 * 60 + 59, true, "approved", 0, NULL},
        {sp_day(30), 0, true, "approved", 0,
         "not assisted; receipt + 24h is 2024-10-01 00:00, not before the end of P.end"},
        {sp_day(16), 9 * 60, false, "approved", 3 * 1440, "not urgent: assisted after 3 days"},
        {sp_day(17), 9 * 60, true, "rejected", 0, "urgent but rejected: not examined"},
        {sg_jdn(2024, 8, 31), 22 * 60, true, "approved", 34 * 60,
         "received 2024-08-31, assisted 2024-09-02: not an application of P"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool approved = strcmp(cases[i].decision, "approved") == 0;
        sg_app a = {.received_day = cases[i].day,
                    .received_min = cases[i].minute,
                    .decided_after_min = 60,
                    .assisted_after_min = cases[i].assisted,
                    .decision = cases[i].decision,
                    .amount = approved ? amount : -1};
        if (sp_temp_case(pl, &h, false, &a) != RS_OK) return pl->e->status;
        a.urgent = cases[i].urgent;
        sg_emit_application(pl->c, &a, aid);
        sp_expect_app(pl, &a, aid, "F_URGENT_LATE", cases[i].why);
    }
    return RS_OK;
}

/* ================================================================ tier rules */

/* An edge household: income just above the September standard (no
 * E_EDGE_MISFIT), enrolled 2023-05-20, reviewed yearly; h is written. */
static void edge_household(plant *pl, sg_household *h)
{
    h->income_pc = sg_dibao_std(h, SG_PERIOD) + 10000;
    sp_write_household(pl, h, 0);
    sg_enrol en = {.cat = CAT_EDGE, .person = -1, .start = sg_jdn(2023, 5, 20)};
    sg_emit_enrolment(pl->c, h, &en);
    sp_yearly_reviews(pl, h, 5, 20);
}

/* The 单人保 of h's second person (who must have a ground: E_SINGLE_MISFIT
 * is no business of this one unless the caller means it), since 2022-08,
 * reviewed yearly; h is written. */
static void single_dibao(plant *pl, sg_household *h)
{
    sp_write_household(pl, h, 0);
    sg_enrol en = {
        .cat = CAT_DIBAO, .person = 1, .start = sg_jdn(2022, 8, 1), .monthly = sg_dibao_min(h)};
    sg_emit_enrolment(pl->c, h, &en);
    sp_yearly_reviews(pl, h, 5, 7);
}

/* E_ASSETS (assets_ok given as n) and E_EMPLOYMENT_COST (the deduction
 * against employment_cost_max_ratio 0.3 of the gross income annual + cost,
 * i.e. 3/7 of annual_income), each in the tiers examined and not. */
rs_status sp_plant_tiers(plant *pl)
{
    sg_household h;
    sg_enrol en;
    /* E_ASSETS: a dibao, an edge and a 单人保 household; not examined where
     * assets_ok is empty, or for monitor and tekun. */
    for (int i = 0; i < 6; i++) {
        static const char *const why[] = {NULL,
                                          NULL,
                                          NULL,
                                          "assets_ok empty: not examined",
                                          "防止返贫监测对象: not examined",
                                          "tekun: not examined"};
        if (sp_fresh(pl, i == 5 ? 1 : 3, false, i == 5 ? 65 : 30, i == 5 ? 80 : 55, &h) != RS_OK)
            return pl->e->status;
        h.assets_ok = i == 3 ? -1 : 0;
        if (i == 0 || i == 3) {
            sp_dibao_household(pl, &h, &en, 3);
        } else if (i == 1) {
            edge_household(pl, &h);
        } else if (i == 2) {
            h.p[1].disability = 1;
            h.p[1].dtype = "visual";
            h.p[1].can_work = false;
            single_dibao(pl, &h);
        } else if (i == 4) {
            sp_write_household(pl, &h, 0);
            sp_monitor_from(pl, &h, sg_jdn(2023, 4, 1));
        } else {
            sp_tekun_person(pl, &h, &en, sg_tekun_floor(&h, SG_PERIOD));
        }
        sp_expect(pl, "E_ASSETS", KEY_HOUSEHOLD, h.id, h.village, why[i]);
    }

    /* E_EMPLOYMENT_COST in dibao households of three: income 7q a person,
     * so annual income 252q and 3/7 of it 108q exactly: one fen over the
     * cap (flagged), at it (not). */
    for (int at = 0; at < 2; at++) {
        if (sp_fresh(pl, 3, false, 30, 55, &h) != RS_OK) return pl->e->status;
        int64_t income = sg_dibao_min(&h) / 2 / 7 * 7;
        h.emp_cost = income * 12 * 3 * 3 / 7 + (at ? 0 : 1);
        sp_dibao_with_income(pl, &h, &en, 3, income);
        sp_expect(pl, "E_EMPLOYMENT_COST", KEY_HOUSEHOLD, h.id, h.village,
                  at ? "employment_cost exactly 0.3 x (annual_income + employment_cost)" : NULL);
    }
    /* Over the cap: an edge household (flagged); a dibao one with no income
     * at all, annual_income 0 given (flagged); a dibao one with
     * annual_income empty, and a monitored one (neither examined). */
    for (int i = 0; i < 4; i++) {
        static const char *const why[] = {NULL, NULL, "annual_income empty: not examined",
                                          "防止返贫监测对象: not examined"};
        if (sp_fresh(pl, 2, false, 30, 55, &h) != RS_OK) return pl->e->status;
        if (i == 0) {
            h.income_pc = sg_dibao_std(&h, SG_PERIOD) + 10000;
            h.emp_cost = h.income_pc * 24 * 3 / 7 + 10000;
            edge_household(pl, &h);
        } else if (i == 1 || i == 2) {
            h.emp_cost = 50000;
            if (i == 2) h.annual = -1;
            sp_dibao_with_income(pl, &h, &en, 2, i == 1 ? 0 : -1);
        } else {
            h.emp_cost = h.annual;
            sp_write_household(pl, &h, 0);
            sp_monitor_from(pl, &h, sg_jdn(2023, 4, 1));
        }
        sp_expect(pl, "E_EMPLOYMENT_COST", KEY_HOUSEHOLD, h.id, h.village, why[i]);
    }
    return RS_OK;
}

/* E_SINGLE_MISFIT: 单人保 of a household's second person, whose grounds
 * are varied one at a time. */
rs_status sp_plant_single(plant *pl)
{
    struct {
        int grade;
        const char *type;
        bool ill, dies;
        const char *why;
    } cases[] = {
        {3, "physical", false, false, NULL},
        {3, NULL, false, false, NULL},
        {4, "mental", false, false, NULL},
        {0, NULL, false, false, NULL},
        {3, "intellectual", false, false, "disability grade 3, intellectual"},
        {3, "mental", false, false, "disability grade 3, mental"},
        {2, "hearing", false, false, "disability grade 2 (severe)"},
        {0, NULL, true, false, "severe_illness y"},
        {3, "physical", false, true, "no grounds, but died 2024-09-12 (not alive at P.end)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sg_household h;
        if (sp_fresh(pl, 3, false, 35, 55, &h) != RS_OK) return pl->e->status;
        sg_person *p = &h.p[1];
        p->disability = cases[i].grade;
        p->dtype = cases[i].type;
        p->ill = cases[i].ill;
        if (cases[i].dies) p->death = sp_day(12);
        single_dibao(pl, &h);
        sp_expect(pl, "E_SINGLE_MISFIT", KEY_HOUSEHOLD, h.id, h.village, cases[i].why);
    }
    return RS_OK;
}

/* ================================================================ exits, monitoring */

/* A household of two whose household-scope dibao (since 2019) ended on end,
 * with a gradual exit to gexit (0 = none), paid while in force; income
 * above the standard now; reviewed on leaving; h is written. */
static void ended_dibao(plant *pl, sg_household *h, int32_t end, int32_t gexit)
{
    sp_write_household(pl, h, 0);
    sg_enrol en = {.cat = CAT_DIBAO,
                   .person = -1,
                   .start = sg_jdn(2019, 5, 1),
                   .end = end,
                   .end_reason = "家庭收入超过低保标准",
                   .gexit = gexit,
                   .monthly = sg_dibao_min(h) / 2};
    sg_emit_enrolment(pl->c, h, &en);
    sg_emit_monthly(pl->c, pl->k, h, &en, SG_FIRST_MONTH, SG_PERIOD);
    sg_emit_review(pl->c, h, end - 10, true, "terminate");
}

/* A kind application (dibao, tekun, edge) of h's head, rejected on day at
 * minute after 20 days; its id goes to aid. */
static void rejected(plant *pl, const sg_household *h, const char *kind, int32_t day, int minute,
                     char *aid)
{
    sg_app a = {.household_id = h->id,
                .id_number = h->p[0].id,
                .region = h->village,
                .persons = h->members,
                .months = 1,
                .received_day = day - 20,
                .received_min = 9 * 60,
                .decided_after_min = 20 * 1440 + minute - 9 * 60,
                .decision = "rejected",
                .amount = -1,
                .kind = kind};
    sg_emit_application(pl->c, &a, aid);
}

/* E_GRADUAL_SHORT against the county's gradual_exit_min_months, and
 * E_UNMONITORED around monitor_window_months (24: the window is
 * (2022-09-30, 2024-09-30]) for households that left dibao or were refused
 * it. */
rs_status sp_plant_exits(plant *pl)
{
    sg_household h;
    char aid[32];
    assert(pl->k->gradual_min > 0);
    int32_t min_exit = date_add_months(sp_day(15), pl->k->gradual_min);
    /* Ended 2024-09-15: a gradual exit a day short of the minimum (flagged)
     * and exactly the minimum (not); both in force at P.end. */
    for (int exact = 0; exact < 2; exact++) {
        if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
        ended_dibao(pl, &h, sp_day(15), min_exit - (exact ? 0 : 1));
        sp_expect(pl, "E_GRADUAL_SHORT", KEY_HOUSEHOLD, h.id, h.village,
                  exact ? "gradual exit exactly gradual_exit_min_months after the end date" : NULL);
    }
    /* Ended 2024-09-10 without a gradual exit, monitored from the next day. */
    if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
    ended_dibao(pl, &h, sp_day(10), 0);
    sp_monitor_from(pl, &h, sp_day(11));
    sp_near(pl, "E_GRADUAL_SHORT", KEY_HOUSEHOLD, h.id, h.village,
            "no gradual exit given: not examined");
    sp_near(pl, "E_UNMONITORED", KEY_HOUSEHOLD, h.id, h.village,
            "left dibao 2024-09-10, under monitoring from 2024-09-11");
    /* Ended 2024-08-31 with a one-month exit: to 2024-09-30 exactly (not
     * unmonitored: the exit reaches P.end; nor short: it ended before P),
     * to 2024-09-29 (unmonitored). */
    for (int day = 30; day >= 29; day--) {
        if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
        ended_dibao(pl, &h, sg_jdn(2024, 8, 31), sp_day(day));
        if (day == 30) {
            sp_near(pl, "E_GRADUAL_SHORT", KEY_HOUSEHOLD, h.id, h.village,
                    "ended 2024-08-31: end date not in P");
            sp_near(pl, "E_UNMONITORED", KEY_HOUSEHOLD, h.id, h.village,
                    "gradual exit until 2024-09-30, exactly P.end");
        } else {
            sp_truth(pl, "E_UNMONITORED", KEY_HOUSEHOLD, h.id, h.village);
        }
    }
    /* Left dibao, no tier since: ended 2024-04-30; 2022-10-01, the first day
     * of the window; 2022-09-30, the day before it. */
    const int32_t ends[] = {sg_jdn(2024, 4, 30), sg_jdn(2022, 10, 1), sg_jdn(2022, 9, 30)};
    for (int i = 0; i < 3; i++) {
        if (sp_fresh(pl, 2, false, 35, 60, &h) != RS_OK) return pl->e->status;
        ended_dibao(pl, &h, ends[i], 0);
        sp_expect(pl, "E_UNMONITORED", KEY_HOUSEHOLD, h.id, h.village,
                  i == 2 ? "dibao ended 2022-09-30, one day before the window" : NULL);
    }
    /* Refused, no tier since: dibao on 2024-03-12; on 2022-10-01 00:30 (the
     * window's first day) and 2022-09-30 23:30 (a day outside); tekun;
     * edge (not counted). */
    struct {
        const char *kind;
        int32_t day;
        int minute;
        const char *why;
    } refusals[] = {
        {"dibao", sg_jdn(2024, 3, 12), 10 * 60, NULL},
        {"dibao", sg_jdn(2022, 10, 1), 30, NULL},
        {"dibao", sg_jdn(2022, 9, 30), 23 * 60 + 30,
         "dibao refused 2022-09-30 23:30, one day outside the window"},
        {"tekun", sg_jdn(2024, 5, 6), 15 * 60, NULL},
        {"edge", sg_jdn(2024, 5, 6), 15 * 60,
         "edge application refused: only dibao and tekun count"},
    };
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        if (sp_fresh(pl, 2, false, refusals[i].kind[0] == 't' ? 62 : 35, 70, &h) != RS_OK)
            return pl->e->status;
        sp_write_household(pl, &h, 0);
        rejected(pl, &h, refusals[i].kind, refusals[i].day, refusals[i].minute, aid);
        sp_expect(pl, "E_UNMONITORED", KEY_APPLICATION, aid, h.village, refusals[i].why);
    }
    /* Refused twice: the finding names the later refusal. */
    if (sp_fresh(pl, 3, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    rejected(pl, &h, "dibao", sg_jdn(2023, 5, 10), 11 * 60, aid);
    sp_near(pl, "E_UNMONITORED", KEY_APPLICATION, aid, h.village,
            "the earlier of two refusals: the finding names the latest");
    rejected(pl, &h, "dibao", sg_jdn(2024, 2, 20), 16 * 60, aid);
    sp_truth(pl, "E_UNMONITORED", KEY_APPLICATION, aid, h.village);
    /* Refused, then 其他困难人员 from 2024-03-20. */
    if (sp_fresh(pl, 3, false, 35, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    rejected(pl, &h, "dibao", sg_jdn(2024, 3, 12), 10 * 60, aid);
    sg_enrol other = {.cat = CAT_OTHER, .person = -1, .start = sg_jdn(2024, 3, 20)};
    sg_emit_enrolment(pl->c, &h, &other);
    sp_near(pl, "E_UNMONITORED", KEY_APPLICATION, aid, h.village,
            "refused 2024-03-12, 其他困难人员 since 2024-03-20");
    return RS_OK;
}

/* ================================================================ amount jumps */

/* Paid rows of item to h's head for the n months from `from`, paid[i] the
 * amount of the i-th (0: a row of usual due, not paid). */
static void history(plant *pl, const sg_household *h, const char *item, int from,
                    const int64_t *paid, int n, int64_t usual)
{
    for (int i = 0; i < n; i++) {
        int m = month_add(from, i);
        char pid[32];
        sg_emit_payment(pl->c, NULL, pid, h->id, h->p[0].id, h->village, item, m,
                        paid[i] ? paid[i] : usual, paid[i], paid[i] ? sg_month_first(m) + 9 : 0,
                        "central");
    }
}

/* A dibao household of three paid monthly (fen) from start, with income
 * to match, reviewed yearly; h is written. */
static void jump_household(plant *pl, sg_household *h, int32_t start, int64_t monthly)
{
    h->income_pc = sg_dibao_min(h) - monthly / 3 - 100;
    sp_write_household(pl, h, 0);
    sg_enrol en = {.cat = CAT_DIBAO, .person = -1, .start = start, .monthly = monthly};
    sg_emit_enrolment(pl->c, h, &en);
    sp_yearly_reviews(pl, h, 3, 20);
}

/* O_AMOUNT_JUMP against jump_multiple (3) x the median of the payee's paid
 * rows of the item in [P - 12 months, P - 1 month]: September rows that
 * stay within standard x persons (no F_OVER_STANDARD). */
rs_status sp_plant_jumps(plant *pl)
{
    sg_household h;
    sg_enrol en;
    char pid[32];
    const int64_t steady[11] = {20000, 20000, 20000, 20000, 20000, 20000,
                                20000, 20000, 20000, 20000, 20000};
    const int64_t rising[4] = {10000, 15000, 25000, 30000}; /* median (15000 + 25000) / 2 */
    const int64_t gap[3] = {20000, 0, 20000};
    struct {
        const int64_t *hist;
        int n, from;
        int64_t sept;
        const char *why;
    } cases[] = {
        {steady, 11, SG_FIRST_MONTH, 60001, NULL},
        {steady, 11, SG_FIRST_MONTH, 60000, "exactly 3 x the median of 11 paid rows"},
        {rising, 4, 202405, 60001, NULL},
        {rising, 4, 202405, 60000,
         "exactly 3 x the median of four rows, the mean of the middle two (200.00)"},
        {gap, 3, 202406, 100000, "two paid rows in the 12 months before (the third paid 0)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (sp_fresh(pl, 3, false, 30, 55, &h) != RS_OK) return pl->e->status;
        jump_household(pl, &h, sg_month_first(cases[i].from) - 40, 20000);
        history(pl, &h, "dibao", cases[i].from, cases[i].hist, cases[i].n, 20000);
        sp_pay(pl, &h, h.p[0].id, "dibao", cases[i].sept, cases[i].sept, 10, NULL, pid);
        sp_expect(pl, "O_AMOUNT_JUMP", KEY_PAYMENT, pid, h.village, cases[i].why);
    }
    /* A tekun person paid the floor for 11 months, then 3 x it + 1 fen. */
    if (sp_fresh(pl, 1, false, 65, 85, &h) != RS_OK) return pl->e->status;
    int64_t floor = sg_tekun_floor(&h, SG_PERIOD), fl[11];
    for (int i = 0; i < 11; i++)
        fl[i] = floor;
    sp_tekun_person(pl, &h, &en, floor);
    history(pl, &h, "tekun", SG_FIRST_MONTH, fl, 11, floor);
    sp_pay(pl, &h, h.p[0].id, "tekun", floor * 3 + 1, floor * 3 + 1, 10, NULL, pid);
    sp_truth(pl, "O_AMOUNT_JUMP", KEY_PAYMENT, pid, h.village);
    return RS_OK;
}
