/*
 * sample_base: the clean base population of a county, written row by row.
 *
 * "Clean" means that no rule of indicators.md fires on it for the report
 * period, so that the ground truth is exactly the planted cases.  Each rule
 * is kept by construction (the standards are the lowest/highest of the
 * twelve months where that makes the rule hold in every month):
 * - F_DEAD: payees are heads or enrolled persons, and nobody of a household
 *   that receives dibao/tekun dies; deaths happen to other members only;
 * - F_ENDED / F_NO_ENROLMENT: dibao/tekun rows only in months the enrolment
 *   is in force; F_NOT_IN_ROSTER: every payee is a roster person;
 * - F_DUPLICATE / Q_DUP_PERSON / F_DIBAO_TEKUN: at most one row per payee,
 *   item and month, always under the payee's own household; tekun persons
 *   live alone and get no dibao;
 * - F_OVER_STANDARD: monthly amount <= lowest standard x persons;
 *   F_TEKUN_LOW: tekun amount >= the highest tekun floor;
 * - F_UNDECLARED_RELATIVE: undeclared relatives are not in the roster;
 * - F_TEMP_OVER / F_TEMP_MONTHS / F_REPLY_LATE: amounts within the formula at
 *   the lowest standard, months <= 3, replies within 12 hours;
 * - F_CROSSCHECK: vehicle/business/... hits only on households without
 *   dibao/tekun;
 * - E_INCOME_ABOVE: dibao income < lowest standard; E_MISSED_DIBAO: every
 *   other household has income >= highest standard or assets_ok = no;
 *   E_EDGE_MISFIT: edge income in [highest standard, 1.5 x lowest);
 *   E_RIGID_MISFIT: both rigid conditions with margin; E_TEKUN_AGE: tekun
 *   persons are >= 60, < 16 or grade 1/2 disabled; E_NO_REVIEW: every
 *   enrolled household has a comprehensive review in the last year;
 * - Q_BAD_ID: IDs are valid; Q_MEMBERS: members = persons alive at P.end;
 * - F_ITEM_SCOPE: special items only to the tiers the shipped item_scope
 *   allows, in months the enrolment is in force; F_URGENT_LATE: urgent aid
 *   reaches the applicant within 24 hours of receipt;
 * - E_ASSETS: assets_ok is n only for households out of dibao, edge and
 *   rigid (refused, or moved to monitoring); E_EMPLOYMENT_COST: the
 *   deduction is at most 2/7 of the annual income (the cap is 3/7);
 *   E_TEKUN_CAN_WORK: tekun persons aged 16-59 are severely disabled and
 *   cannot work; E_SINGLE_MISFIT: every 单人保 person has a ground;
 * - E_GRADUAL_SHORT: gradual exits last the county's minimum where it sets
 *   one; E_UNMONITORED: a household leaving dibao is monitored from the next
 *   day, one refused within 24 months becomes 其他困难人员;
 * - O_AMOUNT_JUMP: regular amounts are steady (some months paid short).
 * Not a rule but realistic: nine in ten households under a tier are visited
 * every quarter (visit_coverage), the rest once or twice a year.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"
#include "sample/sample_gen.h"

/* Payment items, in the order of sg_county.paid's second index. */
static const char *const items[] = {"dibao",     "tekun",   "temp",      "medical",
                                    "education", "heating", "disaster",  "funeral",
                                    "other",     "housing", "employment"};

/* Index of item name in items. */
static int item_index(const char *item)
{
    for (int i = 0; i < (int)(sizeof items / sizeof items[0]); i++)
        if (strcmp(items[i], item) == 0) return i;
    return 8;
}

static const char *const relation_names[] = {"head", "spouse", "child", "parent", "other"};
static const char *const category_names[] = {"dibao", "tekun", "edge", "rigid", "monitor", "other"};

/* ================================================================ standards */

int64_t sg_std(const sg_county *k, int item, int yyyymm)
{
    return k->change_month && yyyymm >= k->change_month ? k->std_new[item] : k->std_old[item];
}

int64_t sg_dibao_std(const sg_household *h, int yyyymm)
{
    return sg_std(h->county, h->urban ? STD_DIBAO_URBAN : STD_DIBAO_RURAL, yyyymm);
}

int64_t sg_tekun_floor(const sg_household *h, int yyyymm)
{
    int64_t t = sg_std(h->county, h->urban ? STD_TEKUN_URBAN : STD_TEKUN_RURAL, yyyymm);
    return t ? t : sg_dibao_std(h, yyyymm) * 13 / 10;
}

int64_t sg_dibao_min(const sg_household *h)
{
    return h->county->std_old[h->urban ? STD_DIBAO_URBAN : STD_DIBAO_RURAL];
}

int64_t sg_dibao_max(const sg_household *h)
{
    return sg_dibao_std(h, SG_PERIOD);
}

int32_t sg_death_of(const sg_person *p)
{
    if (p->death && p->cross_death) return p->death < p->cross_death ? p->death : p->cross_death;
    return p->death ? p->death : p->cross_death;
}

int sg_alive_at_end(const sg_household *h)
{
    int n = 0;
    for (int i = 0; i < h->n; i++) {
        int32_t d = sg_death_of(&h->p[i]);
        n += d == 0 || d > sg_month_last(SG_PERIOD);
    }
    return n;
}

/* ================================================================ policy rows */

/* One params row with an integer value. */
static void emit_param(sg_ctx *c, int64_t region, const char *name, int64_t value, int from)
{
    sg_begin(c, T_PARAMS);
    sg_int(c, region);
    sg_str(c, name);
    sg_int(c, value);
    sg_month(c, from);
    sg_end(c);
}

void sg_emit_policy(sg_ctx *c, const sg_county *k)
{
    static const char *const std_items[] = {"dibao_urban", "dibao_rural", "tekun_urban",
                                            "tekun_rural"};
    for (int i = 0; i < STD_COUNT; i++) {
        if (!k->std_old[i]) continue;
        sg_begin(c, T_STANDARDS);
        sg_int(c, k->code);
        sg_str(c, std_items[i]);
        sg_month(c, 202301);
        sg_money(c, k->std_old[i]);
        sg_end(c);
        if (k->change_month && k->std_new[i] != k->std_old[i]) {
            sg_begin(c, T_STANDARDS);
            sg_int(c, k->code);
            sg_str(c, std_items[i]);
            sg_month(c, k->change_month);
            sg_money(c, k->std_new[i]);
            sg_end(c);
        }
    }
    if (k->deadline_day) emit_param(c, k->code, "pay_deadline_day", k->deadline_day, 202301);
    /* Last year's figure, as published each January. */
    emit_param(c, k->code, "disposable_income_py", k->dpi_fen * 94 / 100 / 10000 * 100, 202301);
    emit_param(c, k->code, "disposable_income_py", k->dpi_fen / 100, 202401);
    if (k->gradual_min) emit_param(c, k->code, "gradual_exit_min_months", k->gradual_min, 202301);
    if (k->own_heating) {
        /* The region's heating categories and 防止返贫监测对象: all of them,
         * since the county's rows replace the region's for the item. */
        static const char *const heating[] = {"dibao", "tekun", "edge", "rigid", "monitor"};
        for (size_t i = 0; i < sizeof heating / sizeof heating[0]; i++) {
            sg_begin(c, T_ITEM_SCOPE);
            sg_int(c, k->code);
            sg_str(c, "heating");
            sg_str(c, heating[i]);
            sg_month(c, 202401);
            sg_end(c);
        }
    }
}

/* One budgets row; required < 0 = empty. */
static void emit_budget(sg_ctx *c, const sg_county *k, int year, const char *item,
                        const char *source, int64_t allocated, int64_t required)
{
    sg_begin(c, T_BUDGETS);
    sg_int(c, k->code);
    sg_int(c, year);
    sg_str(c, item);
    sg_str(c, source);
    sg_money(c, allocated);
    if (required < 0)
        sg_str(c, "");
    else
        sg_money(c, required);
    sg_date(c, sg_jdn(year, 1, (int)sg_range(&c->rng, 5, 28)));
    sg_end(c);
}

/* fen rounded down to whole hundreds of yuan. */
static int64_t hundreds(int64_t fen)
{
    return fen / 10000 * 10000;
}

void sg_emit_budgets(sg_ctx *c, const sg_county *k)
{
    for (int y = 0; y < 2; y++) {
        int year = 2023 + y;
        int months = y == 0 ? 3 : 9; /* months of the year inside the ledger */
        int64_t est[11];
        for (int i = 0; i < 11; i++)
            est[i] = k->paid[y][i] * 12 / months;
        int pct = (int)sg_range(&c->rng, 92, 110);
        emit_budget(c, k, year, "dibao", "central", hundreds(est[0] * 85 / 100 * pct / 100), -1);
        int64_t county_share = hundreds(est[0] * 15 / 100);
        emit_budget(c, k, year, "dibao", "county",
                    hundreds(county_share * sg_range(&c->rng, 80, 105) / 100), county_share);
        emit_budget(c, k, year, "tekun", "central", hundreds(est[1] * pct / 100), -1);
        int64_t temp = hundreds(est[2] + est[3] + est[6]);
        emit_budget(c, k, year, "temp", "county", hundreds(temp * sg_range(&c->rng, 90, 110) / 100),
                    temp);
        emit_budget(c, k, year, "all", "region",
                    hundreds((est[4] + est[5] + est[9] + est[10]) * 110 / 100), -1);
    }
}

/* ================================================================ rows */

void sg_emit_household(sg_ctx *c, const sg_household *h)
{
    sg_begin(c, T_HOUSEHOLDS);
    sg_str(c, h->id);
    sg_int(c, h->village);
    sg_str(c, h->urban ? "urban" : "rural");
    sg_str(c, h->p[0].id);
    sg_int(c, h->members);
    sg_money(c, h->income_pc);
    int64_t opt[3] = {h->annual, h->rigid, h->emp_cost};
    for (int i = 0; i < 3; i++) {
        if (opt[i] < 0)
            sg_str(c, "");
        else
            sg_money(c, opt[i]);
    }
    sg_bool(c, h->assets_ok);
    sg_date(c, h->registered);
    sg_end(c);
    for (int i = 0; i < h->n; i++) {
        const sg_person *p = &h->p[i];
        sg_begin(c, T_PERSONS);
        sg_str(c, p->id);
        sg_str(c, p->name);
        sg_str(c, h->id);
        sg_str(c, relation_names[p->relation]);
        if (p->disability)
            sg_int(c, p->disability);
        else
            sg_str(c, "");
        sg_bool(c, p->ill);
        sg_bool(c, p->can_work);
        sg_date(c, p->death);
        sg_str(c, p->dtype);
        sg_end(c);
    }
}

void sg_emit_enrolment(sg_ctx *c, const sg_household *h, sg_enrol *en)
{
    snprintf(en->id, sizeof en->id, "E%09ld", ++c->next_enrolment);
    sg_begin(c, T_ENROLMENTS);
    sg_str(c, en->id);
    sg_str(c, h->id);
    sg_str(c, en->person >= 0 ? h->p[en->person].id : "");
    sg_str(c, category_names[en->cat]);
    sg_str(c, en->cat == CAT_TEKUN ? (en->care ? "centralized" : "dispersed") : "");
    sg_date(c, en->start);
    sg_date(c, en->end);
    sg_str(c, en->end_reason);
    sg_date(c, en->gexit);
    if (en->cat == CAT_DIBAO || en->cat == CAT_TEKUN)
        sg_money(c, en->monthly);
    else
        sg_str(c, "");
    sg_end(c);
}

bool sg_in_force(const sg_enrol *en, int yyyymm)
{
    int32_t last = en->end > en->gexit ? en->end : en->gexit;
    return en->start <= sg_month_last(yyyymm) && (!en->end || last >= sg_month_first(yyyymm));
}

void sg_emit_payment(sg_ctx *c, const char *pid_or_null, char *pid, const char *hh_id,
                     const char *payee, int64_t region, const char *item, int period, int64_t due,
                     int64_t paid, int32_t paid_on, const char *fund)
{
    if (pid_or_null)
        snprintf(pid, 32, "%s", pid_or_null);
    else
        snprintf(pid, 32, "P%09ld", ++c->next_payment);
    sg_begin(c, T_PAYMENTS);
    sg_str(c, pid);
    sg_str(c, hh_id);
    sg_str(c, payee);
    sg_int(c, region);
    sg_str(c, item);
    sg_month(c, period);
    sg_money(c, due);
    sg_money(c, paid);
    sg_date(c, paid_on);
    sg_str(c, fund);
    if (paid_on) {
        char ref[32];
        snprintf(ref, sizeof ref, "BK%012ld", ++c->next_bank);
        sg_str(c, ref);
    } else {
        sg_str(c, "");
    }
    sg_end(c);
    sg_county *k = c->pay_county;
    for (int i = 0; !(k && k->code / 1000000 == region / 1000000) && i < c->ncounties; i++)
        k = &c->counties[i];
    int y = period / 100 - 2023;
    if (k && k->code / 1000000 == region / 1000000 && y >= 0 && y < 2)
        k->paid[y][item_index(item)] += paid;
    c->pay_county = k;
}

/* The day a county pays a month's regular money: mostly between the 5th and
 * its deadline (the 15th when none is set), 2% late. */
static int32_t pay_day(sg_ctx *c, const sg_county *k, int period)
{
    int dim = sg_month_last(period) - sg_month_first(period) + 1;
    int dl = k->deadline_day ? k->deadline_day : dim;
    if (sg_chance(&c->rng, 20)) {
        if (dl < dim) return sg_month_first(period) + (int32_t)sg_range(&c->rng, dl, dim - 1);
        return sg_month_last(period) + (int32_t)sg_range(&c->rng, 1, 5);
    }
    return sg_month_first(period) + (int32_t)sg_range(&c->rng, 4, (dl < 15 ? dl : 15) - 1);
}

/* Where a county's ledger codes a household's rows: its village, or its
 * township when the county pays through the township. */
static int64_t pay_region(const sg_household *h)
{
    return h->county->pay_at_township ? h->village / 1000 * 1000 : h->village;
}

void sg_emit_monthly(sg_ctx *c, sg_county *k, const sg_household *h, const sg_enrol *en, int from,
                     int to)
{
    const char *payee = h->p[en->person >= 0 ? en->person : 0].id;
    for (int m = from; m <= to; m = month_add(m, 1)) {
        if (!sg_in_force(en, m)) continue;
        char pid[32];
        int64_t paid = en->monthly;
        int32_t on = pay_day(c, k, m);
        int roll = (int)sg_range(&c->rng, 0, 999);
        if (roll < 3) {
            paid = 0;
            on = 0;
        } else if (roll < 8) {
            paid = en->monthly * sg_range(&c->rng, 80, 95) / 100;
        }
        const char *fund = en->cat == CAT_DIBAO ? (sg_chance(&c->rng, 150) ? "county" : "central")
                                                : (sg_chance(&c->rng, 100) ? "region" : "central");
        sg_emit_payment(c, NULL, pid, h->id, payee, pay_region(h), category_names[en->cat], m,
                        en->monthly, paid, on, fund);
    }
}

void sg_emit_review(sg_ctx *c, const sg_household *h, int32_t day, bool comprehensive,
                    const char *outcome)
{
    sg_begin(c, T_REVIEWS);
    sg_str(c, h->id);
    sg_date(c, day);
    sg_str(c, comprehensive ? "comprehensive" : "routine");
    sg_str(c, outcome);
    sg_end(c);
}

void sg_emit_application(sg_ctx *c, const sg_app *a, char *aid)
{
    snprintf(aid, 32, "A%09ld", ++c->next_application);
    sg_begin(c, T_APPLICATIONS);
    sg_str(c, aid);
    sg_str(c, a->household_id);
    sg_str(c, a->id_number);
    sg_int(c, a->region);
    sg_str(c, a->kind ? a->kind : "temp");
    sg_bool(c, a->urgent);
    sg_bool(c, a->advance);
    sg_str(c, a->severity ? a->severity : "none");
    sg_int(c, a->persons);
    sg_int(c, a->months);
    sg_datetime(c, a->received_day, a->received_min);
    if (a->decided_after_min < 0)
        sg_str(c, "");
    else
        sg_datetime(c, a->received_day, a->received_min + a->decided_after_min);
    sg_str(c, a->decision);
    if (a->amount < 0)
        sg_str(c, "");
    else
        sg_money(c, a->amount);
    if (a->assisted_after_min > 0)
        sg_datetime(c, a->received_day, a->received_min + a->assisted_after_min);
    else
        sg_str(c, "");
    sg_end(c);
}

void sg_emit_crosscheck(sg_ctx *c, const char *id, const char *source, int32_t matched,
                        int32_t event, const char *detail)
{
    sg_begin(c, T_CROSSCHECK);
    sg_str(c, id);
    sg_str(c, source);
    sg_date(c, matched);
    sg_date(c, event);
    sg_str(c, detail);
    sg_end(c);
}

void sg_emit_relative(sg_ctx *c, const char *id, bool declared)
{
    static const char *const relations[] = {"配偶", "兄弟姐妹", "子女", "父母", "儿媳", "女婿"};
    char staff[64];
    sg_staff_name(c, staff, sizeof staff);
    sg_begin(c, T_STAFF_RELATIVES);
    sg_str(c, id);
    sg_str(c, staff);
    sg_str(c, SG_PICK(&c->rng, relations));
    sg_bool(c, declared);
    sg_end(c);
}

/* ================================================================ base households */

typedef enum {
    KIND_DIBAO,
    KIND_SINGLE,
    KIND_TEKUN,
    KIND_EDGE,
    KIND_RIGID,
    KIND_MONITOR,
    KIND_ENDED,
    KIND_NONE
} base_kind;

/* The kind of the next base household (per mille shares). */
static base_kind roll_kind(sg_rng *r)
{
    static const struct {
        int upto;
        base_kind kind;
    } shares[] = {{680, KIND_DIBAO}, {710, KIND_SINGLE},  {810, KIND_TEKUN}, {870, KIND_EDGE},
                  {890, KIND_RIGID}, {930, KIND_MONITOR}, {960, KIND_ENDED}, {1000, KIND_NONE}};
    int roll = (int)sg_range(r, 0, 999);
    for (int i = 0;; i++)
        if (roll < shares[i].upto) return shares[i].kind;
}

/* A household size of 1-6, most often 2-3. */
static int roll_size(sg_rng *r)
{
    static const int cum[] = {200, 450, 670, 850, 950, 1000};
    int roll = (int)sg_range(r, 0, 999);
    for (int i = 0;; i++)
        if (roll < cum[i]) return i + 1;
}

/* A random yuan amount in [lo, hi] yuan, in fen. */
static int64_t yuan(sg_rng *r, int64_t lo, int64_t hi)
{
    return sg_range(r, lo, hi) * 100;
}

/* Income per person of a household not entitled to dibao: at or above the
 * highest standard of the year, up to factor_pct percent of it. */
static int64_t income_above(sg_rng *r, const sg_household *h, int factor_pct)
{
    int64_t hi = sg_dibao_max(h);
    return yuan(r, hi / 100, hi / 100 * factor_pct / 100);
}

/* Enrolment start: mostly years ago, one in seven within the ledger year. */
static int32_t roll_start(sg_rng *r)
{
    if (sg_chance(r, 140)) return (int32_t)sg_range(r, sg_jdn(2023, 10, 1), sg_jdn(2024, 9, 20));
    return (int32_t)sg_range(r, sg_jdn(2016, 1, 1), sg_jdn(2023, 9, 30));
}

/* A dibao application approved the day before start (for new enrolments). */
static void emit_dibao_application(sg_ctx *c, const sg_household *h, int32_t start,
                                   const char *decision)
{
    char aid[32];
    int wait = (int)sg_range(&c->rng, 15, 40);
    sg_app a = {.household_id = h->id,
                .id_number = h->p[0].id,
                .region = h->village,
                .persons = h->members,
                .months = 1,
                .received_day = start - wait,
                .received_min = (int)sg_range(&c->rng, 9 * 60, 17 * 60),
                .decided_after_min = (wait - 1) * 1440,
                .decision = decision,
                .amount = -1,
                .kind = "dibao"};
    sg_emit_application(c, &a, aid);
}

/* The routine visits (走访, reviews of kind routine) of a household under
 * some tier from start to last.  Nine in ten are visited every 55-88 days
 * from mid-2023 (or their start), so every month's window of visit_days
 * holds a visit; the rest only once or twice, which visit_coverage shows. */
static void emit_visits(sg_ctx *c, const sg_household *h, int32_t start, int32_t last)
{
    sg_rng *r = &c->rng;
    int32_t from = start > sg_jdn(2023, 7, 1) ? start : sg_jdn(2023, 7, 1);
    if (from > last) return;
    if (sg_chance(r, 900)) {
        for (int32_t day = from + (int32_t)sg_range(r, 0, 50); day <= last;
             day += (int32_t)sg_range(r, 55, 88))
            sg_emit_review(c, h, day, false, "continue");
        return;
    }
    int32_t day = (int32_t)sg_range(r, from, last);
    sg_emit_review(c, h, day, false, "continue");
    if (day < last && sg_chance(r, 500))
        sg_emit_review(c, h, (int32_t)sg_range(r, day + 1, last), false, "continue");
}

/* The comprehensive reviews of an enrolled household up to last: the first
 * in April-September 2023 (or the home visit just before a later start),
 * then one every 300-360 days, so that every month's window of review_days
 * holds one; and its routine visits. */
static void emit_reviews(sg_ctx *c, const sg_household *h, int32_t start, int32_t last)
{
    sg_rng *r = &c->rng;
    int32_t day = start < sg_jdn(2023, 4, 1)
                      ? (int32_t)sg_range(r, sg_jdn(2023, 4, 1), sg_jdn(2023, 9, 30))
                      : start - (int32_t)sg_range(r, 0, 10);
    for (; day <= last; day += (int32_t)sg_range(r, 300, 360))
        sg_emit_review(c, h, day, true, sg_chance(r, 900) ? "continue" : "adjust");
    emit_visits(c, h, start, last);
}

/* A temporary-assistance application of the household head within the
 * formula at the lowest standard, replied within 12 hours; approved ones are
 * paid in the month received, on the day the aid reaches the applicant
 * (assisted_at): within 24 hours of receipt when urgent (急难), within a few
 * days after the decision otherwise. */
static void emit_temp(sg_ctx *c, sg_county *k, const sg_household *h)
{
    sg_rng *r = &c->rng;
    static const char *const severities[] = {"disabled", "lost_work", "lost_selfcare"};
    static const int mult[] = {2, 3, 5};
    int period = month_add(SG_FIRST_MONTH, (int)sg_range(r, 0, SG_MONTHS - 1));
    int persons = (int)sg_range(r, 1, h->members), months = (int)sg_range(r, 1, 3);
    sg_app a = {.household_id = h->id,
                .id_number = h->p[0].id,
                .region = h->village,
                .urgent = sg_chance(r, 300),
                .persons = persons,
                .months = months,
                .received_day = sg_month_first(period) + (int32_t)sg_range(r, 0, 26),
                .received_min = (int)sg_range(r, 8 * 60, 18 * 60),
                .decided_after_min = (int)sg_range(r, 20, 700),
                .decision = sg_chance(r, 850) ? "approved" : "rejected",
                .amount = -1};
    int64_t cap = sg_dibao_min(h) * persons * months;
    if (sg_chance(r, 100)) {
        a.advance = true;
        cap = sg_dibao_min(h);
    } else if (sg_chance(r, 60)) {
        int s = (int)sg_range(r, 0, 2);
        a.severity = severities[s];
        cap = mult[s] * k->std_old[STD_DIBAO_URBAN];
    }
    char aid[32], pid[32];
    if (strcmp(a.decision, "approved") == 0) {
        a.amount = cap * sg_range(r, 30, 100) / 100 / 1000 * 1000;
        a.assisted_after_min = a.decided_after_min + (a.urgent ? (int)sg_range(r, 10, 600)
                                                               : (int)sg_range(r, 60, 4 * 1440));
    }
    sg_emit_application(c, &a, aid);
    if (a.amount > 0) {
        int32_t on = a.received_day + (a.received_min + a.assisted_after_min) / 1440;
        sg_emit_payment(c, NULL, pid, sg_chance(r, 800) ? h->id : NULL, h->p[0].id, pay_region(h),
                        "temp", period, a.amount, a.amount, on, "county");
    }
}

/* One paid row of a one-off item to the head in period. */
static void emit_once(sg_ctx *c, const sg_household *h, const char *item, int period,
                      int64_t amount, const char *fund)
{
    char pid[32];
    int32_t on = sg_month_first(period) + (int32_t)sg_range(&c->rng, 4, 24);
    sg_emit_payment(c, NULL, pid, h->id, h->p[0].id, pay_region(h), item, period, amount, amount,
                    on, fund);
}

/* A referral with feedback mostly within 30 days. */
static void emit_referral(sg_ctx *c, const sg_household *h)
{
    static const char *const depts[][2] = {{"education", "助学"},
                                           {"hrss", "就业帮扶"},
                                           {"housing", "危房改造"},
                                           {"agriculture", "产业帮扶"},
                                           {"health", "家庭医生签约"},
                                           {"medical_insurance", "医保参保资助"},
                                           {"disabled_federation", "残疾人两项补贴"},
                                           {"union", "困难职工帮扶"}};
    sg_rng *r = &c->rng;
    int d = (int)sg_range(r, 0, 7);
    int32_t pushed = (int32_t)sg_range(r, sg_jdn(2024, 1, 2), sg_jdn(2024, 9, 25));
    int roll = (int)sg_range(r, 0, 999);
    int32_t fb = roll < 700   ? pushed + (int32_t)sg_range(r, 2, 28)
                 : roll < 850 ? pushed + (int32_t)sg_range(r, 31, 60)
                              : 0;
    if (fb > sg_month_last(SG_PERIOD)) fb = 0;
    char id[32];
    snprintf(id, sizeof id, "R%08ld", ++c->next_referral);
    sg_begin(c, T_REFERRALS);
    sg_str(c, id);
    sg_str(c, h->id);
    sg_str(c, depts[d][0]);
    sg_str(c, depts[d][1]);
    sg_date(c, pushed);
    sg_date(c, fb);
    sg_str(c, fb ? (sg_chance(r, 850) ? "assisted" : "not_eligible") : "pending");
    sg_end(c);
}

/* A monitoring warning, mostly handled within 15 days. */
static void emit_warning(sg_ctx *c, const sg_household *h)
{
    static const char *const signals[] = {"income_drop", "medical", "disaster", "unemployment",
                                          "disability",  "death",   "other"};
    static const char *const disp[] = {"implement", "refer", "case_meeting", "review_exit"};
    sg_rng *r = &c->rng;
    int32_t raised = (int32_t)sg_range(r, sg_jdn(2023, 10, 1), sg_jdn(2024, 9, 25));
    int roll = (int)sg_range(r, 0, 999);
    int32_t handled = roll < 800   ? raised + (int32_t)sg_range(r, 1, 14)
                      : roll < 900 ? raised + (int32_t)sg_range(r, 16, 40)
                                   : 0;
    if (handled > sg_month_last(SG_PERIOD)) handled = 0;
    char id[32];
    snprintf(id, sizeof id, "W%08ld", ++c->next_warning);
    sg_begin(c, T_WARNINGS);
    sg_str(c, id);
    sg_str(c, h->id);
    sg_str(c, SG_PICK(r, signals));
    sg_date(c, raised);
    sg_date(c, handled);
    sg_str(c, handled ? SG_PICK(r, disp) : "");
    sg_end(c);
}

/* A crosscheck hit of an asset source on person p (only ever on households
 * without dibao or tekun: such a hit is F_CROSSCHECK otherwise). */
static void emit_asset_hit(sg_ctx *c, const sg_person *p, int source)
{
    static const char *const sources[][2] = {{"vehicle", "名下登记小型汽车1辆"},
                                             {"business", "个体工商户登记"},
                                             {"real_estate", "城区商品房1套"},
                                             {"public_employee", "财政供养人员"}};
    int32_t matched = (int32_t)sg_range(&c->rng, sg_jdn(2023, 6, 1), sg_jdn(2024, 9, 28));
    sg_emit_crosscheck(c, p->id, sources[source][0], matched, 0, sources[source][1]);
}

/* Let one non-head member of h die (households without dibao/tekun only),
 * known to the roster, to the civil registry (crosscheck), or both. */
static void maybe_death(sg_ctx *c, sg_household *h)
{
    sg_rng *r = &c->rng;
    if (h->n < 2 || !sg_chance(r, 40)) return;
    sg_person *p = &h->p[sg_range(r, 1, h->n - 1)];
    int32_t day = (int32_t)sg_range(r, sg_jdn(2023, 3, 1), sg_jdn(2024, 9, 30));
    int how = (int)sg_range(r, 0, 9);
    if (how < 7) p->death = day;
    if (how >= 4) {
        p->cross_death = day;
        sg_emit_crosscheck(c, p->id, "death", day + (int32_t)sg_range(r, 2, 30), day, "火化信息");
    }
    h->members = sg_alive_at_end(h);
}

/* Fill the income fields for kind; annual income is 12 x members x income. */
static void set_income(sg_ctx *c, sg_household *h, base_kind kind)
{
    sg_rng *r = &c->rng;
    int64_t lo = sg_dibao_min(h);
    switch (kind) {
    case KIND_DIBAO:
        h->income_pc = yuan(r, lo / 100 / 5, lo / 100 - 50);
        break;
    case KIND_TEKUN:
        h->income_pc = yuan(r, 0, 200);
        break;
    case KIND_EDGE:
        h->income_pc = yuan(r, sg_dibao_max(h) / 100, lo * 3 / 2 / 100 - 1);
        break;
    case KIND_RIGID:
        h->income_pc = yuan(r, sg_dibao_max(h) / 100, sg_dibao_max(h) / 100 + 600);
        break;
    case KIND_NONE:
        if (sg_chance(r, 300)) {
            h->income_pc = yuan(r, lo / 100 / 2, lo / 100 - 1);
            h->assets_ok = 0; /* poor, but owns more than the local limit */
            break;
        }
        h->income_pc = income_above(r, h, 250);
        break;
    default:
        h->income_pc = income_above(r, h, 250);
        break;
    }
    h->annual = h->income_pc * 12 * h->members;
    /* 就业成本扣减, well under employment_cost_max_ratio (0.3 of the gross
     * income annual + cost, i.e. 3/7 of annual): at most 2/7 of it. */
    if (h->members > 1 && sg_chance(r, 150)) {
        int64_t cost = yuan(r, 1000, 4000), cap = h->annual * 2 / 7 / 100 * 100;
        if (cost > cap) cost = cap;
        if (cost > 0) h->emp_cost = cost;
    }
}

/* The extras every household may have: a temporary-assistance case,
 * disaster aid for a rural household (anyone may receive it: item_scope has
 * no rows for it), referrals, warnings. */
static void emit_extras(sg_ctx *c, sg_county *k, const sg_household *h, bool monitored)
{
    sg_rng *r = &c->rng;
    if (sg_chance(r, 40)) emit_temp(c, k, h);
    if (!h->urban && sg_chance(r, 10)) {
        int period = month_add(SG_FIRST_MONTH, (int)sg_range(r, 0, SG_MONTHS - 1));
        emit_once(c, h, "disaster", period, yuan(r, 5, 30) * 100, "region");
    }
    if (sg_chance(r, 30)) emit_referral(c, h);
    if (sg_chance(r, monitored ? 300 : 30)) emit_warning(c, h);
}

/* True if item may be paid to a household of category cat by the shipped
 * item_scope defaults (data-contract.md; disaster and other: anyone). */
static bool in_scope(const char *item, sg_category cat)
{
#define BIT(cat) (1u << (cat))
    const unsigned low = BIT(CAT_DIBAO) | BIT(CAT_TEKUN),
                   edge_rigid = BIT(CAT_EDGE) | BIT(CAT_RIGID);
    const struct {
        const char *item;
        unsigned cats; /* BIT(CAT_*) */
    } scope[] = {
        {"medical", low | edge_rigid | BIT(CAT_MONITOR) | BIT(CAT_OTHER)},
        {"education", low | edge_rigid | BIT(CAT_MONITOR)},
        {"housing", low | edge_rigid | BIT(CAT_MONITOR)},
        {"employment", BIT(CAT_DIBAO) | edge_rigid | BIT(CAT_MONITOR)},
        {"heating", low | edge_rigid},
        {"funeral", low},
    };
#undef BIT
    for (size_t i = 0; i < sizeof scope / sizeof scope[0]; i++)
        if (strcmp(scope[i].item, item) == 0) return (scope[i].cats >> cat) & 1u;
    return true;
}

/* One row of item to the head in a month of the ledger, drawn at random,
 * if en is in force then (amount from lo to hi yuan, in steps of step). */
static void emit_in_some_month(sg_ctx *c, const sg_household *h, const sg_enrol *en,
                               const char *item, int64_t lo, int64_t hi, int64_t step,
                               const char *fund)
{
    sg_rng *r = &c->rng;
    int period = month_add(SG_FIRST_MONTH, (int)sg_range(r, 0, SG_MONTHS - 1));
    int64_t amount = yuan(r, lo / step, hi / step) * step;
    if (sg_in_force(en, period)) emit_once(c, h, item, period, amount, fund);
}

/* The special assistance (专项救助) of an enrolled household, each item only
 * to the tiers item_scope allows and in a month en is in force: for dibao
 * and tekun the price subsidy of the four months the CPI link was triggered
 * (item other, 30 yuan a person); medical aid; winter heating for rural
 * households; school aid in September; now and then housing aid (危房改造)
 * or employment aid for a family with someone able to work. */
static void emit_special(sg_ctx *c, const sg_household *h, const sg_enrol *en)
{
    sg_rng *r = &c->rng;
    bool regular = en->cat == CAT_DIBAO || en->cat == CAT_TEKUN;
    if (regular)
        for (int m = SG_FIRST_MONTH; m <= 202401; m = month_add(m, 1))
            if (sg_in_force(en, m)) emit_once(c, h, "other", m, 3000 * h->members, "region");
    if (sg_chance(r, regular ? 50 : 40))
        emit_in_some_month(c, h, en, "medical", 20000, 300000, 100, "county");
    if (!h->urban && in_scope("heating", en->cat) && sg_in_force(en, 202311) &&
        sg_chance(r, regular ? 600 : 300))
        emit_once(c, h, "heating", 202311, yuan(r, 40, 90) * 10, "region");
    bool pupil = false, worker = false;
    for (int i = 0; i < h->n; i++) {
        int age = sg_age_at_period_end(h->p[i].birth);
        pupil |= h->p[i].relation == REL_CHILD && age >= 6 && age <= 18;
        worker |= h->p[i].can_work;
    }
    if (pupil && in_scope("education", en->cat) && sg_in_force(en, SG_PERIOD) &&
        sg_chance(r, regular ? 400 : 200))
        emit_once(c, h, "education", SG_PERIOD, yuan(r, 50, 150) * 10, "central");
    if (in_scope("housing", en->cat) && sg_chance(r, 8))
        emit_in_some_month(c, h, en, "housing", 500000, 2000000, 10000, "central");
    if (worker && in_scope("employment", en->cat) && sg_chance(r, 30))
        emit_in_some_month(c, h, en, "employment", 50000, 200000, 10000, "county");
}

/* A dibao household (household scope) or a 单人保 one: one member enrolled
 * on their own in a family above the standard, with the grounds
 * E_SINGLE_MISFIT asks for (severe disability, grade 3 intellectual or
 * mental disability, or a severe illness). */
static rs_status base_dibao(sg_ctx *c, sg_county *k, const sg_village *v, bool single, rs_error *e)
{
    sg_rng *r = &c->rng;
    sg_household h;
    int n = single ? (int)sg_range(r, 3, 5) : roll_size(r);
    if (sg_make_household(c, k, v, n, n == 1 ? 45 : 28, n == 1 ? 85 : 70, &h, e) != RS_OK)
        return e->status;
    sg_enrol en = {.cat = CAT_DIBAO, .person = -1, .start = roll_start(r)};
    if (single) {
        en.person = (int)sg_range(r, 0, h.n - 1);
        sg_person *p = &h.p[en.person];
        int ground = (int)sg_range(r, 0, 9);
        if (ground < 6) {
            p->disability = (int)sg_range(r, 1, 2);
            if (!p->dtype) p->dtype = sg_disability_type(r);
        } else if (ground < 8) {
            p->disability = 3;
            p->dtype = sg_chance(r, 500) ? "intellectual" : "mental";
        } else {
            p->ill = true;
        }
        p->can_work = false;
        h.income_pc = income_above(r, &h, 140);
        h.annual = h.income_pc * 12 * h.members;
        en.monthly = sg_dibao_min(&h) - yuan(r, 0, sg_dibao_min(&h) / 200);
    } else {
        set_income(c, &h, KIND_DIBAO);
        en.monthly = (sg_dibao_min(&h) - h.income_pc) * h.members;
    }
    h.registered = en.start - (int32_t)sg_range(r, 20, 90);
    sg_emit_household(c, &h);
    sg_emit_enrolment(c, &h, &en);
    if (en.start >= sg_jdn(2023, 10, 1)) emit_dibao_application(c, &h, en.start, "approved");
    sg_emit_monthly(c, k, &h, &en, SG_FIRST_MONTH, SG_PERIOD);
    emit_reviews(c, &h, en.start, sg_jdn(2024, 9, 28));
    emit_special(c, &h, &en);
    if (sg_chance(r, 4)) sg_emit_relative(c, h.p[0].id, true);
    emit_extras(c, k, &h, false);
    return RS_OK;
}

/* A 特困 person living alone: elderly, severely disabled, or an orphan. */
static rs_status base_tekun(sg_ctx *c, sg_county *k, const sg_village *v, rs_error *e)
{
    sg_rng *r = &c->rng;
    sg_household h;
    int roll = (int)sg_range(r, 0, 999);
    int lo = roll < 700 ? 62 : roll < 900 ? 18 : 5, hi = roll < 700 ? 92 : roll < 900 ? 58 : 14;
    if (sg_make_household(c, k, v, 1, lo, hi, &h, e) != RS_OK) return e->status;
    if (roll >= 700 && roll < 900) {
        h.p[0].disability = (int)sg_range(r, 1, 2);
        if (!h.p[0].dtype) h.p[0].dtype = sg_disability_type(r);
        h.p[0].can_work = false;
    }
    set_income(c, &h, KIND_TEKUN);
    sg_enrol en = {.cat = CAT_TEKUN,
                   .person = 0,
                   .care = roll < 700 && sg_chance(r, 300),
                   .start = roll_start(r)};
    en.monthly = sg_tekun_floor(&h, SG_PERIOD) + yuan(r, 0, 30) * 10;
    h.registered = en.start - (int32_t)sg_range(r, 20, 90);
    sg_emit_household(c, &h);
    sg_emit_enrolment(c, &h, &en);
    sg_emit_monthly(c, k, &h, &en, SG_FIRST_MONTH, SG_PERIOD);
    emit_reviews(c, &h, en.start, sg_jdn(2024, 9, 28));
    emit_special(c, &h, &en);
    emit_extras(c, k, &h, false);
    return RS_OK;
}

/* A household with an edge, rigid or monitor enrolment, or none at all, or
 * one whose dibao ended before the report period.  A household leaving
 * dibao is put under monitoring (防止返贫监测对象) the next day, and one refused
 * dibao within monitor_window_months (24) becomes 其他困难人员 a few days after
 * the decision, so E_UNMONITORED stays clear; where the county sets
 * gradual_exit_min_months, a gradual exit that is given lasts that long. */
static rs_status base_other(sg_ctx *c, sg_county *k, const sg_village *v, base_kind kind,
                            rs_error *e)
{
    sg_rng *r = &c->rng;
    sg_household h;
    int n = roll_size(r);
    if (sg_make_household(c, k, v, n, n == 1 ? 35 : 25, 75, &h, e) != RS_OK) return e->status;
    if (kind != KIND_ENDED) maybe_death(c, &h);
    set_income(c, &h, kind);
    if (kind == KIND_RIGID) h.rigid = (h.annual * sg_range(r, 55, 150) / 100 + 99) / 100 * 100;
    /* sized for every kind: KIND_NONE reads an entry it never writes out */
    static const sg_category cats[KIND_NONE + 1] = {[KIND_EDGE] = CAT_EDGE,
                                                    [KIND_RIGID] = CAT_RIGID,
                                                    [KIND_MONITOR] = CAT_MONITOR,
                                                    [KIND_ENDED] = CAT_DIBAO};
    sg_enrol en = {.cat = cats[kind], .person = -1, .start = roll_start(r)};
    sg_enrol after = {.cat = CAT_MONITOR, .person = -1}; /* the tier that follows, if any */
    int hit = -1;
    if (kind == KIND_ENDED) {
        static const char *const reasons[] = {"家庭收入超过低保标准", "家庭成员就业",
                                              "比对发现车辆"};
        int why = (int)sg_range(r, 0, 2);
        int last = month_add(202311, (int)sg_range(r, 0, 7));
        en.start = (int32_t)sg_range(r, sg_jdn(2016, 1, 1), sg_jdn(2022, 12, 31));
        en.end = sg_month_last(last);
        en.end_reason = reasons[why];
        if (sg_chance(r, 500)) {
            int ge = month_add(last, k->gradual_min ? k->gradual_min : (int)sg_range(r, 1, 3));
            en.gexit = sg_month_last(k->gradual_min || ge <= 202407 ? ge : 202407);
        }
        en.monthly = sg_dibao_min(&h) * h.members * sg_range(r, 20, 50) / 100 / 100 * 100;
        if (why == 2) {
            hit = 0;
            h.assets_ok = 0;
        }
        after.start = en.end + 1;
    }
    h.registered =
        (kind == KIND_NONE ? (int32_t)sg_range(r, sg_jdn(2020, 1, 1), sg_jdn(2024, 8, 31))
                           : en.start - (int32_t)sg_range(r, 20, 90));
    sg_emit_household(c, &h);
    if (kind != KIND_NONE) sg_emit_enrolment(c, &h, &en);
    if (kind == KIND_ENDED) {
        sg_emit_enrolment(c, &h, &after);
        sg_emit_monthly(c, k, &h, &en, SG_FIRST_MONTH, SG_PERIOD);
        emit_reviews(c, &h, en.start, en.end - 25);
        sg_emit_review(c, &h, en.end - (int32_t)sg_range(r, 3, 20), true, "terminate");
        emit_visits(c, &h, after.start, sg_jdn(2024, 9, 28));
        emit_special(c, &h, &en);
    } else if (kind == KIND_NONE) {
        if (sg_chance(r, 300)) {
            /* decided the day before the would-be start, registered + 29 */
            int32_t decided = h.registered + 29;
            emit_dibao_application(c, &h, h.registered + 30, "rejected");
            if (decided > date_add_months(sg_month_last(SG_PERIOD), -24)) {
                after.cat = CAT_OTHER;
                after.start = decided + (int32_t)sg_range(r, 1, 15);
                if (after.start > sg_month_last(SG_PERIOD)) after.start = sg_month_last(SG_PERIOD);
                sg_emit_enrolment(c, &h, &after);
                emit_visits(c, &h, after.start, sg_jdn(2024, 9, 28));
                emit_special(c, &h, &after);
            }
        }
    } else {
        emit_reviews(c, &h, en.start, sg_jdn(2024, 9, 28));
        emit_special(c, &h, &en);
    }
    if (hit == 0)
        sg_emit_crosscheck(c, h.p[0].id, "vehicle", en.end - (int32_t)sg_range(r, 10, 40), 0,
                           "名下登记小型汽车1辆");
    else if (sg_chance(r, 60)) {
        int who = (int)sg_range(r, 0, h.n - 1);
        if (sg_death_of(&h.p[who]) == 0) emit_asset_hit(c, &h.p[who], (int)sg_range(r, 0, 3));
    }
    emit_extras(c, k, &h, kind == KIND_MONITOR || after.start != 0);
    return RS_OK;
}

/* Staff relatives not on the roster, declared or not: they draw no money. */
static rs_status outside_relatives(sg_ctx *c, sg_county *k, rs_error *e)
{
    int n = (int)sg_range(&c->rng, 2, 5);
    for (int i = 0; i < n; i++) {
        sg_person p;
        if (sg_make_person(c, k, 0, sg_chance(&c->rng, 500), 25, 60, NULL, NULL, &p, e) != RS_OK)
            return e->status;
        sg_emit_relative(c, p.id, sg_chance(&c->rng, 500));
    }
    return RS_OK;
}

rs_status sg_base_county(sg_ctx *c, sg_county *k, rs_error *e)
{
    for (int i = 0; i < k->households; i++) {
        const sg_village *v = &k->villages[sg_range(&c->rng, 0, k->nvillages - 1)];
        base_kind kind = roll_kind(&c->rng);
        rs_status s = kind == KIND_DIBAO || kind == KIND_SINGLE
                          ? base_dibao(c, k, v, kind == KIND_SINGLE, e)
                      : kind == KIND_TEKUN ? base_tekun(c, k, v, e)
                                           : base_other(c, k, v, kind, e);
        if (s != RS_OK) return s;
    }
    return outside_relatives(c, k, e);
}
