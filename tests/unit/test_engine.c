/* Unit tests of the engine's C side on a small in-memory store: summaries,
 * roll-up to every level (pooled, not averaged), levels selection,
 * statistics columns and the 12-month trend.  The figures below are worked
 * out by hand from the rows inserted in setup(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/mask.h"
#include "store/store.h"
#include "engine/engine.h"
#include "engine/engine_rollup.h"

static const char rows[] =
    "INSERT INTO standards VALUES (650000000000, 10000000000, 'dibao_rural', 202401, 50000, 1),"
    " (650000000000, 10000000000, 'dibao_urban', 202401, 70000, 1);"
    "INSERT INTO households(household_id, region_code, urban_rural, head_id, members,"
    " income_pc_monthly_fen) VALUES ('H1', 652325100201, 'rural', 'A', 2, 100),"
    " ('H2', 652325101201, 'urban', 'C', 1, 100);"
    "INSERT INTO persons(id_number, name, household_id, relation) VALUES"
    " ('A', 'a', 'H1', 'head'), ('B', 'b', 'H1', 'spouse'), ('C', 'c', 'H2', 'head');"
    /* 2024-01-01 is JDN 2460311; 2024-09-10 is 2460564. */
    "INSERT INTO enrolments(enrolment_id, household_id, id_number, category, care_mode,"
    " start_date) VALUES ('E1', 'H1', NULL, 'dibao', NULL, 2460311),"
    " ('E2', 'H2', NULL, 'dibao', NULL, 2460311),"
    " ('E3', 'H2', 'C', 'tekun', 'centralized', 2460564);"
    "INSERT INTO payments(payment_id, household_id, id_number, region_code, item, period,"
    " amount_due_fen, amount_paid_fen, paid_on) VALUES"
    " ('P1', 'H1', 'A', 652325100201, 'dibao', 202409, 100000, 100000, 2460564),"
    " ('P2', 'H1', 'A', 652325100201, 'dibao', 202408, 80000, 80000, 2460534),"
    " ('P3', 'H2', 'C', 652325101000, 'tekun', 202409, 90000, 90000, 2460600),"
    " ('P4', 'H2', 'C', 652325101201, 'dibao', 202409, 70000, 0, NULL);";

static int setup(void **state)
{
    store *db = NULL;
    rs_error e = {0};
    if (store_open(":memory:", STORE_CREATE, &db, &e) != RS_OK || store_migrate(db, &e) != RS_OK ||
        store_exec(db, rows, &e) != RS_OK || engine_refresh_summaries(db, NULL, &e) != RS_OK) {
        print_error("setup: %s\n", e.msg);
        store_close(db);
        return -1;
    }
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    return 0;
}

/* Row index of (region_code, key in column keycol), or -1. */
static long find_row(const rs_table *t, int64_t code, const char *keycol, const char *key)
{
    int cc = table_col(t, "region_code"), kc = keycol ? table_col(t, keycol) : -1;
    for (size_t r = 0; r < t->nrows; r++)
        if (table_cell(t, r, cc)->i == code &&
            (kc < 0 || strcmp(table_cell(t, r, kc)->s, key) == 0))
            return (long)r;
    return -1;
}

static void test_summaries(void **state)
{
    store_stmt *st = NULL;
    rs_error e = {0};
    bool row = false;
    assert_int_equal(store_prepare(*state,
                                   "SELECT group_concat(period || item || split || paid_fen,"
                                   " ';') FROM (SELECT * FROM payment_summary"
                                   " ORDER BY period, region_code)",
                                   &st, &e),
                     RS_OK);
    assert_int_equal(store_step(st, &row, &e), RS_OK);
    assert_true(row);
    assert_string_equal(store_column_text(st, 0), "202408dibaorural80000;202409dibaorural100000;"
                                                  "202409tekuncentralized90000;202409dibaourban0");
    store_finalize(st);
}

/* The indicators of queries/indicator_defs.sql, listed for every unit. */
#define NIND 17

static void test_indicator_levels(void **state)
{
    rs_table *t = NULL;
    rs_error e = {0};
    assert_int_equal(engine_indicators(*state, 652325000000LL, 202409, LEVELS_ALL, &t, &e), RS_OK);
    /* county, 2 townships, 2 villages: every indicator each */
    assert_int_equal(t->nrows, 5 * NIND);
    long r = find_row(t, 652325000000LL, "indicator", "pay_on_time");
    assert_true(r >= 0);
    /* P1 paid on 2024-09-10; P3 on 2024-10-16, after the deadline (the
     * month's last day); P4 unpaid: 1 of 3 */
    assert_int_equal(table_cell(t, (size_t)r, table_col(t, "numerator"))->i, 1);
    assert_int_equal(table_cell(t, (size_t)r, table_col(t, "denominator"))->i, 3);
    /* the township-coded tekun payment belongs to 老奇台镇 and not to its village */
    r = find_row(t, 652325101000LL, "indicator", "paid_month");
    assert_int_equal(table_cell(t, (size_t)r, table_col(t, "numerator"))->i, 90000);
    r = find_row(t, 652325101201LL, "indicator", "paid_month");
    assert_int_equal(table_cell(t, (size_t)r, table_col(t, "numerator"))->i, 0);
    r = find_row(t, 652325000000LL, "indicator", "paid_ytd");
    assert_int_equal(table_cell(t, (size_t)r, table_col(t, "numerator"))->i, 270000);
    assert_int_equal(table_cell(t, (size_t)r, table_col(t, "denominator"))->type, VAL_NULL);
    table_free(t);
    assert_int_equal(engine_indicators(*state, 652325000000LL, 202409, LEVELS_CHILDREN, &t, &e),
                     RS_OK);
    assert_int_equal(t->nrows, 3 * NIND);
    assert_int_equal(table_cell(t, 0, 0)->i, 652325000000LL);
    assert_string_equal(table_cell(t, NIND, table_col(t, "level"))->s, "township");
    table_free(t);
    assert_int_equal(engine_indicators(*state, 652325000000LL, 202409, LEVELS_SELF, &t, &e), RS_OK);
    assert_int_equal(t->nrows, NIND);
    table_free(t);
    assert_int_equal(engine_indicators(*state, 652325000201LL, 202409, LEVELS_SELF, &t, &e),
                     RS_EUSAGE);
}

static void test_statistics(void **state)
{
    rs_table *t = NULL;
    rs_error e = {0};
    assert_int_equal(engine_statistics(*state, 652325000000LL, 202409, &t, &e), RS_OK);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(table_cell(t, 2, table_col(t, "level"))->s, "total");
    assert_int_equal(table_cell(t, 2, table_col(t, "dibao_rural_households"))->i, 1);
    assert_int_equal(table_cell(t, 2, table_col(t, "dibao_rural_persons"))->i, 2);
    assert_int_equal(table_cell(t, 2, table_col(t, "dibao_rural_paid_month_fen"))->i, 100000);
    assert_int_equal(table_cell(t, 2, table_col(t, "dibao_rural_paid_ytd_fen"))->i, 180000);
    assert_true(table_cell(t, 2, table_col(t, "dibao_rural_avg_standard_fen"))->d == 50000.0);
    assert_true(table_cell(t, 2, table_col(t, "dibao_rural_avg_benefit_fen"))->d == 50000.0);
    assert_int_equal(table_cell(t, 2, table_col(t, "tekun_centralized_persons"))->i, 1);
    assert_int_equal(table_cell(t, 2, table_col(t, "tekun_centralized_new"))->i, 1);
    assert_int_equal(table_cell(t, 2, table_col(t, "tekun_centralized_paid_month_fen"))->i, 90000);
    assert_int_equal(table_cell(t, 2, table_col(t, "edge_households"))->i, 0);
    assert_int_equal(table_cell(t, 1, table_col(t, "dibao_urban_persons"))->i, 1);
    assert_int_equal(table_cell(t, 0, table_col(t, "dibao_urban_persons"))->i, 0);
    assert_int_equal(table_cell(t, 0, table_col(t, "dibao_urban_avg_standard_fen"))->type,
                     VAL_NULL);
    table_free(t);
}

static void test_trend(void **state)
{
    rs_table *t = NULL;
    rs_error e = {0};
    assert_int_equal(engine_trend(*state, 652325000000LL, 202409, &t, &e), RS_OK);
    assert_int_equal(t->nrows, 12 * NIND);
    assert_string_equal(table_cell(t, 0, table_col(t, "period"))->s, "2023-10");
    assert_string_equal(table_cell(t, 12 * NIND - 1, table_col(t, "period"))->s, "2024-09");
    table_free(t);
}

static void test_rollup_pools(void **state)
{
    const char *keys[] = {"rate"};
    rs_error e = {0};
    int64_t num, den;
    rollup *r = rollup_new(652300000000LL, 1, keys);
    assert_non_null(r);
    /* county A 1/2, county B 3/3: the prefecture is 4/5, not the mean 0.75 */
    assert_int_equal(rollup_add(r, 652325100201LL, "rate", 1, 2, &e), RS_OK);
    assert_int_equal(rollup_add(r, 652324100201LL, "rate", 3, 3, &e), RS_OK);
    assert_true(rollup_get(r, 652300000000LL, 0, &num, &den));
    assert_int_equal(num, 4);
    assert_int_equal(den, 5);
    assert_true(rollup_get(r, 652325100000LL, 0, &num, &den));
    assert_int_equal(num, 1);
    assert_int_equal(rollup_add(r, 652325100201LL, "nope", 1, 1, &e), RS_ETEMPLATE);
    assert_int_equal(rollup_add(r, 650100000000LL, "rate", 1, 1, &e), RS_EINTERNAL);
    size_t n = 0;
    int64_t *units = rollup_units(r, &n);
    assert_int_equal(n, 7); /* prefecture, 2 counties, 2 townships, 2 villages */
    assert_int_equal(units[0], 652300000000LL);
    free(units);
    rollup_free(r);
}

/* Two tables hold the same cells. */
static void assert_tables_equal(const rs_table *a, const rs_table *b)
{
    assert_int_equal(a->ncols, b->ncols);
    assert_int_equal(a->nrows, b->nrows);
    for (size_t r = 0; r < a->nrows; r++)
        for (int c = 0; c < a->ncols; c++) {
            const rs_value *x = table_cell(a, r, c), *y = table_cell(b, r, c);
            assert_int_equal(x->type, y->type);
            if (x->type == VAL_INT) assert_int_equal(x->i, y->i);
            if (x->type == VAL_TEXT) assert_string_equal(x->s, y->s);
        }
}

/* Findings computed in the background on a twin connection, or split over
 * two connections, equal those computed on one; an in-memory store has no
 * twin, so no job. */
static void test_findings_job(void **state)
{
    char dir[] = "/tmp/rs-test-job.XXXXXX", path[64], sql[96];
    store *ro = NULL;
    rs_table *here = NULL, *there = NULL;
    rs_error e = {0};
    assert_null(engine_findings_start(*state, 652325000000LL, 202409));
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/store.db", dir);
    snprintf(sql, sizeof sql, "VACUUM INTO '%s'", path);
    assert_int_equal(store_exec(*state, sql, &e), RS_OK);
    assert_int_equal(store_open(path, STORE_READONLY, &ro, &e), RS_OK);
    engine_job *job = engine_findings_start(ro, 652325000000LL, 202409);
    assert_non_null(job);
    assert_int_equal(engine_findings(ro, 652325000000LL, 202409, &here, &e), RS_OK);
    assert_int_equal(engine_job_wait(job, &there, &e), RS_OK);
    assert_true(here->nrows > 0);
    assert_tables_equal(here, there);
    table_free(here);
    table_free(there);
    /* The in-memory store has no twin: every rule runs on one connection in
     * turn.  The file store splits the work over two: for the summarised
     * month, the household rules per township; for a month outside the
     * ledger, the payment rules on the twin.  Same rows either way. */
    for (int period = 202409; period <= 202410; period++) {
        assert_int_equal(engine_findings(*state, 652325000000LL, period, &here, &e), RS_OK);
        assert_int_equal(engine_findings(ro, 652325000000LL, period, &there, &e), RS_OK);
        assert_true(here->nrows > 0);
        assert_tables_equal(here, there);
        table_free(here);
        table_free(there);
    }
    engine_job_cancel(engine_findings_start(ro, 652325000000LL, 202409)); /* stops, frees */
    store_close(ro);
    unlink(path);
    rmdir(dir);
}

/* Two findings alike but for the ID number, whose full values and masked
 * forms sort the other way round: engine_findings_sort orders what it is
 * given, so that an output that masks first shows its rows in order. */
static void test_findings_order(void **state)
{
    static const char *const ids[] = {"652325199912013577", "652325200512010363"};
    rs_table *t = table_new(ENGINE_FINDING_NCOLS, engine_finding_cols);
    for (int i = 1; i >= 0; i--) {
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, "Q_BAD_ID");
        table_set_int(t, r, 1, 652325101202LL);
        table_set_text(t, r, 2, "2024-06");
        table_set_text(t, r, 4, "H1");
        table_set_text(t, r, 6, ids[i]);
        table_set_text(t, r, 8, "d");
    }
    engine_findings_sort(t);
    assert_string_equal(table_cell(t, 0, 6)->s, ids[0]); /* 1999 before 2005 */
    mask_table(t);
    engine_findings_sort(t);
    assert_string_equal(table_cell(t, 0, 6)->s, "652325********0363");
    assert_string_equal(table_cell(t, 1, 6)->s, "652325********3577");
    table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summaries),      cmocka_unit_test(test_indicator_levels),
        cmocka_unit_test(test_statistics),     cmocka_unit_test(test_trend),
        cmocka_unit_test(test_rollup_pools),   cmocka_unit_test(test_findings_job),
        cmocka_unit_test(test_findings_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
