/*
 * sample_plant_bank: the planted cases of 一卡通 oversight (issue 16): the
 * bank's return file against the ledger (F_BANK_FAILED, F_BANK_AMOUNT,
 * F_BANK_MISSING) and the account leads (R_SHARED_ACCOUNT,
 * R_ACCOUNT_NAME), each with near misses at its edges.  The plant county's
 * bank reports 2024 (sample.c's bank_from); its neighbour is an uncovered
 * county, whose ledger gives the account itself.  Every case is a fresh
 * household, not entitled to anything, paid one row of 受灾救助 (disaster:
 * anyone may receive it, so no other rule looks at it) or, for the care
 * institution's account, a centralized tekun person paid the floor; the
 * bank reports every other row as it was paid (sample_base.c).
 */
#include <stdio.h>

#include "sample/sample_gen.h"
#include "sample/sample_plant.h"

/* A fresh one- or two-person household, written, whose head is paid 500
 * yuan of disaster aid on day 15 of P as the bank reports it (b); the row's
 * id goes to pid. */
static rs_status paid_case(plant *pl, int n, sg_bank b, sg_household *h, char *pid)
{
    if (sp_fresh(pl, n, false, 30, 60, h) != RS_OK) return pl->e->status;
    sp_write_household(pl, h, 0);
    sg_bank_next(pl->c, b);
    sp_pay(pl, h, h->p[0].id, "disaster", 50000, 50000, 15, NULL, pid);
    return RS_OK;
}

/* As paid_case, one person, but the row coded at the first township of the
 * uncovered neighbour county (its ledger gives the account itself). */
static rs_status paid_next_door(plant *pl, sg_bank b, sg_household *h, char *pid)
{
    if (sp_fresh(pl, 1, false, 30, 60, h) != RS_OK) return pl->e->status;
    sp_write_household(pl, h, 0);
    sg_bank_next(pl->c, b);
    sg_emit_payment(pl->c, NULL, pid, h->id, h->p[0].id, pl->nb->code + 100000, "disaster",
                    SG_PERIOD, 50000, 50000, sp_day(15), "county");
    return RS_OK;
}

/* The bank's return file disagreeing with the ledger. */
static rs_status plant_returns(plant *pl)
{
    sg_household h;
    char pid[32];
    /* The bank reports the transfer failed, and returned. */
    if (paid_case(pl, 1, (sg_bank){.status = "failed", .reason = "账户已冻结"}, &h, pid) != RS_OK)
        return pl->e->status;
    sp_truth(pl, "F_BANK_FAILED", KEY_PAYMENT, pid, h.village);
    if (paid_case(pl, 1, (sg_bank){.status = "reversed", .reason = "户名不符退回"}, &h, pid) !=
        RS_OK)
        return pl->e->status;
    sp_truth(pl, "F_BANK_FAILED", KEY_PAYMENT, pid, h.village);
    /* It paid a yuan less than the ledger says. */
    if (paid_case(pl, 1, (sg_bank){.amount_delta = -100}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "F_BANK_AMOUNT", KEY_PAYMENT, pid, h.village);
    /* It has no row of the transfer; the ledger row has no bank_ref. */
    if (paid_case(pl, 1, (sg_bank){.no_row = true}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "F_BANK_MISSING", KEY_PAYMENT, pid, h.village);
    if (paid_case(pl, 1, (sg_bank){.no_ref = true}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "F_BANK_MISSING", KEY_PAYMENT, pid, h.village);

    /* Paid short of the amount due, and the bank confirms what was paid. */
    if (sp_fresh(pl, 1, false, 30, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    sp_pay(pl, &h, h.p[0].id, "disaster", 80000, 60000, 15, NULL, pid);
    sp_near(pl, "F_BANK_AMOUNT", KEY_PAYMENT, pid, h.village,
            "the bank's amount is amount_paid, short of amount_due");
    /* Paid in the uncovered neighbour county without a bank_ref. */
    int64_t nb_town = pl->nb->code + 100000;
    if (paid_next_door(pl, (sg_bank){.no_ref = true}, &h, pid) != RS_OK) return pl->e->status;
    sp_near(pl, "F_BANK_MISSING", KEY_PAYMENT, pid, nb_town,
            "no bank_ref, in a county without bank returns");
    return RS_OK;
}

/* One account, several households; the account holder not the payee. */
static rs_status plant_accounts(plant *pl)
{
    sg_household h;
    char pid[32], pid2[32], account[20];
    /* Two households' aid into one account (the first payee's). */
    if (paid_case(pl, 1, (sg_bank){0}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "R_SHARED_ACCOUNT", KEY_PAYMENT, pid, h.village);
    sg_account_of(h.p[0].id, account);
    if (paid_case(pl, 1, (sg_bank){.account = account}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "R_SHARED_ACCOUNT", KEY_PAYMENT, pid, h.village);
    /* The same across counties: here through the bank's row, in the
     * uncovered neighbour through the ledger's account_no. */
    if (paid_case(pl, 1, (sg_bank){0}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "R_SHARED_ACCOUNT", KEY_PAYMENT, pid, h.village);
    sg_account_of(h.p[0].id, account);
    int64_t nb_town = pl->nb->code + 100000;
    if (paid_next_door(pl, (sg_bank){.account = account}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "R_SHARED_ACCOUNT", KEY_PAYMENT, pid, nb_town);

    /* Two payees of one household on the head's account: one household. */
    if (paid_case(pl, 2, (sg_bank){0}, &h, pid) != RS_OK) return pl->e->status;
    sg_account_of(h.p[0].id, account);
    sg_bank_next(pl->c, (sg_bank){.account = account});
    sp_pay(pl, &h, h.p[1].id, "disaster", 50000, 50000, 15, NULL, pid2);
    sp_near(pl, "R_SHARED_ACCOUNT", KEY_PAYMENT, pid, h.village,
            "two payees of the same household on one account");
    sp_near(pl, "R_SHARED_ACCOUNT", KEY_PAYMENT, pid2, h.village,
            "two payees of the same household on one account");

    /* The care institution's account, under its name, for two households'
     * centralized tekun persons (aged 70: no age rule applies). */
    char institution[96];
    snprintf(institution, sizeof institution, "%s社会福利院", pl->k->name);
    for (int i = 0; i < 2; i++) {
        if (sp_fresh(pl, 1, false, 70, 80, &h) != RS_OK) return pl->e->status;
        h.income_pc = 10000;
        sp_write_household(pl, &h, 0);
        sg_enrol en = {.cat = CAT_TEKUN,
                       .person = 0,
                       .care = 1,
                       .start = sg_jdn(2020, 6, 1),
                       .monthly = sg_tekun_floor(&h, SG_PERIOD)};
        sg_emit_enrolment(pl->c, &h, &en);
        sp_yearly_reviews(pl, &h, 4, 9);
        sg_bank_next(pl->c, (sg_bank){.account = "6230000000000000018", .name = institution});
        sp_pay(pl, &h, h.p[0].id, "tekun", en.monthly, en.monthly, 10, NULL, pid);
        sp_near(pl, "R_SHARED_ACCOUNT", KEY_PAYMENT, pid, h.village,
                "centralized tekun paid to the care institution's account");
        sp_near(pl, "R_ACCOUNT_NAME", KEY_PAYMENT, pid, h.village,
                "centralized tekun paid to the care institution, under its name");
    }

    /* The bank's account holder is someone else; or the payee's own name
     * with spaces around it. */
    if (paid_case(pl, 1, (sg_bank){.name = "王建军"}, &h, pid) != RS_OK) return pl->e->status;
    sp_truth(pl, "R_ACCOUNT_NAME", KEY_PAYMENT, pid, h.village);
    if (sp_fresh(pl, 1, false, 30, 60, &h) != RS_OK) return pl->e->status;
    sp_write_household(pl, &h, 0);
    char spaced[80];
    snprintf(spaced, sizeof spaced, " %s  ", h.p[0].name);
    sg_bank_next(pl->c, (sg_bank){.name = spaced});
    sp_pay(pl, &h, h.p[0].id, "disaster", 50000, 50000, 15, NULL, pid);
    sp_near(pl, "R_ACCOUNT_NAME", KEY_PAYMENT, pid, h.village,
            "the holder's name differs only by surrounding spaces");
    return RS_OK;
}

rs_status sp_plant_bank(plant *pl)
{
    if (plant_returns(pl) != RS_OK) return pl->e->status;
    return plant_accounts(pl);
}
