/*
 * sqlite_fn: the catalogue's SQL functions (engine/catalog.h lists them) as
 * SQLite functions.  Another backend defines the same five in its own way
 * (queries/pg for PostgreSQL).
 */
#include <stdint.h>
#include <stdio.h>

#include "base/idnum.h"
#include "base/parse.h"
#include "base/table.h"
#include "store/sqlite_int.h"

/* id_birth_ymd(id): birth date of an ID number as yyyymmdd, NULL if the ID
 * is not well formed or its date is not a real one. */
static void sql_id_birth_ymd(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *id = (const char *)sqlite3_value_text(argv[0]);
    idnum_info info;
    if (!id || !(info = idnum_analyse(id)).well_formed || !info.birth_ok) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, (int64_t)info.birth_y * 10000 + info.birth_m * 100 + info.birth_d);
}

/* id_check_ok(id): 1 if an 18-character ID's check character is right, 0 if
 * not (or the ID is malformed), NULL for the 15-digit form. */
static void sql_id_check_ok(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *id = (const char *)sqlite3_value_text(argv[0]);
    idnum_info info;
    if (!id) {
        sqlite3_result_null(ctx);
        return;
    }
    info = idnum_analyse(id);
    if (info.well_formed && info.old_form)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_int(ctx, info.well_formed && info.check_ok);
}

/* fmt_date(jdn): 'YYYY-MM-DD'; NULL stays NULL. */
static void sql_fmt_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char buf[16];
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    date_format((int32_t)sqlite3_value_int64(argv[0]), buf, sizeof buf);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* fmt_yuan(fen): yuan with two decimals; NULL stays NULL. */
static void sql_fmt_yuan(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char buf[32];
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    money_format(sqlite3_value_int64(argv[0]), buf, sizeof buf);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* jdn_add_months(jdn, n): the same day n months later (earlier when n < 0),
 * clamped to that month's length; NULL if either is NULL. */
static void sql_jdn_add_months(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, date_add_months((int32_t)sqlite3_value_int64(argv[0]),
                                              (int)sqlite3_value_int64(argv[1])));
}

rs_status sqlite_register_functions(sqlite3 *db, rs_error *e)
{
    static const struct {
        const char *name;
        int nargs;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } fns[] = {{"id_birth_ymd", 1, sql_id_birth_ymd},
               {"id_check_ok", 1, sql_id_check_ok},
               {"fmt_date", 1, sql_fmt_date},
               {"fmt_yuan", 1, sql_fmt_yuan},
               {"jdn_add_months", 2, sql_jdn_add_months}};
    sqlite3_stmt *probe = NULL;
    /* Already there: re-registering would fail while statements are active. */
    if (sqlite3_prepare_v2(db, "SELECT fmt_yuan(0)", -1, &probe, NULL) == SQLITE_OK) {
        sqlite3_finalize(probe);
        return RS_OK;
    }
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (sqlite3_create_function(db, fns[i].name, fns[i].nargs,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fns[i].fn, NULL,
                                    NULL) != SQLITE_OK)
            return rs_fail(e, RS_ESQL, "cannot register SQL function %s: %s", fns[i].name,
                           sqlite3_errmsg(db));
    return RS_OK;
}
