/* Unit tests of mask: the ID, account and name rules, which columns the "_masked"
 * convention picks and how, the {column} references a detail fills in,
 * and that --unmasked (mask_unmasked) shows every value in full. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "base/mask.h"
#include "base/table.h"

static int reset(void **state)
{
    mask_unmasked = false;
    return 0;
}

static void test_mask_id(void **state)
{
    char buf[64];
    assert_string_equal(mask_id("652325198503120016", buf, sizeof buf), "652325********0016");
    assert_string_equal(mask_id("65232520000101001X", buf, sizeof buf), "652325********001X");
    assert_string_equal(mask_id("652325850312001", buf, sizeof buf), "652325*****2001");
    assert_string_equal(mask_id("6523258503", buf, sizeof buf), "**********"); /* 10: none shown */
    assert_string_equal(mask_id("65232585031", buf, sizeof buf), "652325*5031"); /* 11 */
    assert_string_equal(mask_id("", buf, sizeof buf), "");
    /* masking a masked ID changes nothing */
    assert_string_equal(mask_id("652325********0016", buf, sizeof buf), "652325********0016");
    /* a short buffer truncates, never overruns */
    assert_string_equal(mask_id("652325198503120016", buf, 8), "652325*");
    mask_unmasked = true;
    assert_string_equal(mask_id("652325198503120016", buf, sizeof buf), "652325198503120016");
}

static void test_mask_account(void **state)
{
    char buf[64];
    assert_string_equal(mask_account("6230520110001234567", buf, sizeof buf),
                        "6230***********4567");
    assert_string_equal(mask_account("6217000012345678", buf, sizeof buf), "6217********5678");
    assert_string_equal(mask_account("623052011", buf, sizeof buf), "6230*2011"); /* 9 */
    assert_string_equal(mask_account("62305201", buf, sizeof buf), "********"); /* 8: none shown */
    assert_string_equal(mask_account("", buf, sizeof buf), "");
    assert_string_equal(mask_account("6230520110001234567", buf, 6), "6230*");
    mask_unmasked = true;
    assert_string_equal(mask_account("6230520110001234567", buf, sizeof buf),
                        "6230520110001234567");
}

static void test_mask_name(void **state)
{
    char buf[64];
    assert_string_equal(mask_name("张三", buf, sizeof buf), "张*");
    assert_string_equal(mask_name("张", buf, sizeof buf), "张*");
    assert_string_equal(mask_name("买买提·艾力", buf, sizeof buf), "买买提*");
    assert_string_equal(mask_name("·艾力", buf, sizeof buf), "·*");
    assert_string_equal(mask_name("Ali", buf, sizeof buf), "A*");
    assert_string_equal(mask_name("", buf, sizeof buf), "");
    mask_unmasked = true;
    assert_string_equal(mask_name("买买提·艾力", buf, sizeof buf), "买买提·艾力");
}

static void test_column_kind(void **state)
{
    assert_int_equal(mask_column_kind("id_number_masked"), MASK_ID);
    assert_int_equal(mask_column_kind("head_id_masked"), MASK_ID);
    assert_int_equal(mask_column_kind("name_masked"), MASK_NAME);
    assert_int_equal(mask_column_kind("staff_name_masked"), MASK_NAME);
    assert_int_equal(mask_column_kind("account_name_masked"), MASK_NAME);
    assert_int_equal(mask_column_kind("account_no_masked"), MASK_ACCOUNT);
    assert_int_equal(mask_column_kind("bank_account_no_masked"), MASK_ACCOUNT);
    assert_int_equal(mask_column_kind("account_no"), MASK_NONE);
    assert_int_equal(mask_column_kind("id_number"), MASK_NONE);
    assert_int_equal(mask_column_kind("region_name"), MASK_NONE);
    assert_int_equal(mask_column_kind("_masked"), MASK_NONE);
    assert_int_equal(mask_column_kind("masked"), MASK_NONE);
    assert_int_equal(mask_column_kind("id_number_masked_fen"), MASK_NONE);
}

/* A findings-like table: a payee ID, a name and a detail naming it. */
static rs_table *sample_table(void)
{
    static const char *const cols[] = {"code", "id_number_masked", "name_masked", "detail",
                                       "region_name"};
    rs_table *t = table_new(5, cols);
    assert_non_null(t);
    static const char *const rows[][5] = {
        {"F_UNDECLARED_RELATIVE", "652325197206204390", "陈勇",
         "领款人是工作人员 {name_masked} 的近亲属，未备案", "奇台县"},
        {"F_DEAD", "652325194007070074", NULL, "死亡 {name_masked}{nope} {id_number_masked}",
         "{name_masked}"},
        {"Q_BAD_ID", NULL, NULL, "{unclosed", NULL},
    };
    for (size_t r = 0; r < 3; r++) {
        assert_int_equal(table_add_row(t), r);
        for (int c = 0; c < 5; c++)
            table_set_text(t, r, c, rows[r][c]);
    }
    return t;
}

static const char *text(const rs_table *t, size_t row, const char *col)
{
    const rs_value *v = table_cell(t, row, table_col(t, col));
    return v->type == VAL_TEXT ? v->s : NULL;
}

static void test_mask_table(void **state)
{
    rs_table *t = sample_table();
    mask_table(t);
    assert_string_equal(text(t, 0, "id_number_masked"), "652325********4390");
    assert_string_equal(text(t, 0, "name_masked"), "陈*");
    assert_string_equal(text(t, 0, "detail"), "领款人是工作人员 陈* 的近亲属，未备案");
    assert_string_equal(text(t, 0, "code"), "F_UNDECLARED_RELATIVE");
    assert_string_equal(text(t, 0, "region_name"), "奇台县");
    /* an empty name fills in as nothing; an unknown {name} stays; every
     * text column is filled in, each reference from its own row */
    assert_string_equal(text(t, 1, "detail"), "死亡 {nope} 652325********0074");
    assert_string_equal(text(t, 1, "region_name"), "");
    assert_null(text(t, 2, "id_number_masked"));
    assert_string_equal(text(t, 2, "detail"), "{unclosed");
    table_free(t);
}

static void test_mask_table_unmasked(void **state)
{
    rs_table *t = sample_table();
    mask_unmasked = true;
    mask_table(t);
    assert_string_equal(text(t, 0, "id_number_masked"), "652325197206204390");
    assert_string_equal(text(t, 0, "name_masked"), "陈勇");
    assert_string_equal(text(t, 0, "detail"), "领款人是工作人员 陈勇 的近亲属，未备案");
    assert_string_equal(text(t, 1, "detail"), "死亡 {nope} 652325194007070074");
    table_free(t);
}

/* An account column is masked as an account, and a detail naming it
 * shows it masked (R_SHARED_ACCOUNT's). */
static void test_mask_table_account(void **state)
{
    static const char *const cols[] = {"account_no_masked", "account_name_masked", "detail"};
    rs_table *t = table_new(3, cols);
    assert_int_equal(table_add_row(t), 0);
    table_set_text(t, 0, 0, "6230520110001234567");
    table_set_text(t, 0, 1, "王小明");
    table_set_text(t, 0, 2, "账号 {account_no_masked} 户名 {account_name_masked}");
    mask_table(t);
    assert_string_equal(text(t, 0, "account_no_masked"), "6230***********4567");
    assert_string_equal(text(t, 0, "detail"), "账号 6230***********4567 户名 王*");
    table_free(t);
}

/* table_keep_rows keeps the chosen rows in order and frees the others. */
static void test_keep_rows(void **state)
{
    rs_table *t = sample_table();
    const bool keep[] = {false, true, true};
    table_keep_rows(t, keep);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(text(t, 0, "code"), "F_DEAD");
    assert_string_equal(text(t, 1, "code"), "Q_BAD_ID");
    const bool none[] = {false, false};
    table_keep_rows(t, none);
    assert_int_equal(t->nrows, 0);
    assert_int_equal(table_add_row(t), 0); /* still grows */
    table_free(t);
}

/* A table without "_masked" columns is left as it is, braces and all. */
static void test_mask_table_untouched(void **state)
{
    static const char *const cols[] = {"id_number", "detail"};
    rs_table *t = table_new(2, cols);
    assert_int_equal(table_add_row(t), 0);
    table_set_text(t, 0, 0, "652325197206204390");
    table_set_text(t, 0, 1, "{id_number}");
    mask_table(t);
    assert_string_equal(text(t, 0, "id_number"), "652325197206204390");
    assert_string_equal(text(t, 0, "detail"), "{id_number}");
    table_free(t);
}

static void test_drop_col(void **state)
{
    rs_table *t = sample_table();
    table_drop_col(t, 2);
    assert_int_equal(t->ncols, 4);
    assert_int_equal(table_col(t, "name_masked"), -1);
    assert_string_equal(text(t, 0, "detail"), "领款人是工作人员 {name_masked} 的近亲属，未备案");
    assert_string_equal(text(t, 1, "region_name"), "{name_masked}");
    assert_string_equal(text(t, 2, "code"), "Q_BAD_ID");
    assert_int_equal(table_add_row(t), 3); /* still grows */
    table_set_text(t, 3, 3, "x");
    table_drop_col(t, 3);
    assert_int_equal(t->ncols, 3);
    assert_string_equal(text(t, 0, "detail"), "领款人是工作人员 {name_masked} 的近亲属，未备案");
    table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_mask_id, reset),
        cmocka_unit_test_setup(test_mask_account, reset),
        cmocka_unit_test_setup(test_mask_name, reset),
        cmocka_unit_test_setup(test_column_kind, reset),
        cmocka_unit_test_setup(test_mask_table, reset),
        cmocka_unit_test_setup_teardown(test_mask_table_unmasked, reset, reset),
        cmocka_unit_test_setup(test_mask_table_untouched, reset),
        cmocka_unit_test_setup(test_mask_table_account, reset),
        cmocka_unit_test_setup(test_keep_rows, reset),
        cmocka_unit_test_setup(test_drop_col, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
