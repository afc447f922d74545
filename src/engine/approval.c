/*
 * engine/approval: the fingerprint of a county's month, the status of a
 * unit's counties and prefectures, and the 数据状态 line (engine/approval.h).
 */
#include "engine/approval.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/region.h"
#include "store/store.h"
#include "engine/catalog.h"
#include "engine/engine.h"

/* Append one cell of a canonical CSV line: integers in decimal, reals with
 * 17 significant digits, text quoted with doubled quotes, NULL empty. */
static void put_cell(GString *s, const rs_value *v, bool first)
{
    if (!first) g_string_append_c(s, ',');
    if (v->type == VAL_INT) {
        g_string_append_printf(s, "%" PRId64, v->i);
    } else if (v->type == VAL_REAL) {
        g_string_append_printf(s, "%.17g", v->d);
    } else if (v->type == VAL_TEXT) {
        g_string_append_c(s, '"');
        for (const char *p = v->s; *p; p++) {
            if (*p == '"') g_string_append_c(s, '"');
            g_string_append_c(s, *p);
        }
        g_string_append_c(s, '"');
    }
}

/* Append the columns cols (all when NULL) of t's rows, a header line first;
 * rows whose column `skip_col` holds one of skip (NULL-terminated) are left
 * out. */
static void put_rows(GString *s, const rs_table *t, const char *const *cols, int ncols,
                     const char *skip_col, const char *const *skip)
{
    int at[32], n = cols ? ncols : t->ncols, sc = skip_col ? table_col(t, skip_col) : -1;
    for (int c = 0; c < n && c < 32; c++) {
        at[c] = cols ? table_col(t, cols[c]) : c;
        g_string_append_printf(s, "%s%s", c ? "," : "", t->names[at[c]]);
    }
    g_string_append_c(s, '\n');
    for (size_t r = 0; r < t->nrows; r++) {
        const rs_value *k = sc >= 0 ? table_cell(t, r, sc) : NULL;
        bool skipped = false;
        for (const char *const *p = skip; k && k->type == VAL_TEXT && p && *p; p++)
            skipped = skipped || strcmp(k->s, *p) == 0;
        if (skipped) continue;
        for (int c = 0; c < n && c < 32; c++)
            put_cell(s, table_cell(t, r, at[c]), c == 0);
        g_string_append_c(s, '\n');
    }
}

rs_status engine_fingerprint_text(store *db, int64_t county, int period, char **out, rs_error *e)
{
    static const char *const ind_cols[] = {"region_code", "indicator", "numerator", "denominator"};
    static const char *const moving[] = {"report_rate", "report_on_time", NULL};
    rs_table *ind = NULL, *found = NULL;
    rs_status s;
    *out = NULL;
    if ((s = engine_indicators(db, county, period, LEVELS_ALL, &ind, e)) != RS_OK ||
        (s = engine_findings(db, county, period, &found, e)) != RS_OK)
        goto done;
    GString *text = g_string_new("indicators\n");
    put_rows(text, ind, ind_cols, 4, "indicator", moving);
    g_string_append(text, "findings\n");
    put_rows(text, found, NULL, 0, NULL, NULL);
    *out = g_string_free(text, FALSE);
done:
    table_free(ind);
    table_free(found);
    return s;
}

rs_status engine_fingerprint(store *db, int64_t county, int period, char hex[65], rs_error *e)
{
    char *text = NULL;
    rs_status s = engine_fingerprint_text(db, county, period, &text, e);
    if (s != RS_OK) return s;
    gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
    snprintf(hex, 65, "%s", sum);
    g_free(sum);
    g_free(text);
    return RS_OK;
}

/* catalog arguments region and period for unit and period. */
typedef struct {
    char region[16], period[16];
    catalog_arg args[2];
} status_args;

static void status_args_init(status_args *a, int64_t unit, int period)
{
    snprintf(a->region, sizeof a->region, "%012" PRId64, unit);
    snprintf(a->period, sizeof a->period, "%04d-%02d", period / 100, period % 100);
    a->args[0] = (catalog_arg){"region", a->region};
    a->args[1] = (catalog_arg){"period", a->period};
}

static const char *const status_cols[] = {
    "region_code", "region_name",        "level",        "has_records", "state",
    "state_label", "first_submitted_on", "submitted_on", "approved_on", "deadline",
    "on_time",     "late_days",          "changed"};
#define NSTATUS_COLS 13

/* The label of a status row: 未报送, 已报送 YYYY-MM-DD or 已审核 YYYY-MM-DD
 * (English when en) into buf. */
static const char *state_label(const char *state, const rs_value *sub, const rs_value *appr,
                               bool en, char *buf, size_t n)
{
    if (strcmp(state, "approved") == 0)
        snprintf(buf, n, "%s %s", en ? "approved" : "已审核",
                 appr->type == VAL_TEXT ? appr->s : "");
    else if (strcmp(state, "submitted") == 0)
        snprintf(buf, n, "%s %s", en ? "submitted" : "已报送", sub->type == VAL_TEXT ? sub->s : "");
    else
        snprintf(buf, n, "%s", en ? "not submitted" : "未报送");
    return buf;
}

/* Append row r of approval_status' result q to out (its name, label, and
 * `changed` when with_changed). */
static rs_status status_row(store *db, const rs_table *q, size_t r, int period, bool with_changed,
                            rs_table *out, rs_error *e)
{
    static const char *const copied[] = {
        "region_code",  "level",       "has_records", "state",   "first_submitted_on",
        "submitted_on", "approved_on", "deadline",    "on_time", "late_days"};
    static const int dest[] = {0, 2, 3, 4, 6, 7, 8, 9, 10, 11};
    char name[128], label[64];
    size_t row = table_add_row(out);
    int64_t code = table_cell(q, r, table_col(q, "region_code"))->i;
    const char *state = table_cell(q, r, table_col(q, "state"))->s;
    const rs_value *fp = table_cell(q, r, table_col(q, "fingerprint"));
    for (int c = 0; c < 10; c++)
        table_copy_value(out, row, dest[c], table_cell(q, r, table_col(q, copied[c])));
    store_region_name(db, code, name, sizeof name);
    table_set_text(out, row, 1, name);
    table_set_text(out, row, 5,
                   state_label(state, table_cell(q, r, table_col(q, "submitted_on")),
                               table_cell(q, r, table_col(q, "approved_on")), false, label,
                               sizeof label));
    if (with_changed && fp->type == VAL_TEXT && strcmp(state, "open") != 0) {
        char now[65];
        rs_status s = engine_fingerprint(db, code, period, now, e);
        if (s != RS_OK) return s;
        table_set_int(out, row, 12, strcmp(now, fp->s) != 0);
    }
    return RS_OK;
}

rs_status engine_approval_status(store *db, int64_t unit, int period, bool with_changed,
                                 rs_table **out, rs_error *e)
{
    status_args a, pa;
    rs_table *q = NULL, *pq = NULL, *t = table_new(NSTATUS_COLS, status_cols);
    rs_status s;
    status_args_init(&a, unit, period);
    *out = NULL;
    s = catalog_run(db, "approval_status", a.args, 2, &q, e);
    if (s == RS_OK && region_level_of(unit) == LEVEL_COUNTY) {
        /* a county's status shows its prefecture's first */
        status_args_init(&pa, region_parent(unit), period);
        if ((s = catalog_run(db, "approval_status", pa.args, 2, &pq, e)) == RS_OK)
            for (size_t r = 0; r < pq->nrows && s == RS_OK; r++)
                if (table_cell(pq, r, 0)->i == region_parent(unit))
                    s = status_row(db, pq, r, period, false, t, e);
    }
    for (size_t r = 0; s == RS_OK && r < q->nrows; r++)
        s = status_row(db, q, r, period, with_changed, t, e);
    table_free(q);
    table_free(pq);
    if (s != RS_OK) {
        table_free(t);
        return s;
    }
    *out = t;
    return RS_OK;
}

rs_status engine_data_state(store *db, int64_t unit, int period, const char *lang, char **out,
                            rs_error *e)
{
    bool en = lang && strcmp(lang, "en") == 0;
    rs_table *t = NULL;
    int counties = 0, open = 0;
    GString *s_out = g_string_new(NULL);
    rs_status s = engine_approval_status(db, unit, period, false, &t, e);
    *out = NULL;
    if (s != RS_OK) {
        g_string_free(s_out, TRUE);
        return s;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const rs_value *lv = table_cell(t, r, 2), *rec = table_cell(t, r, 3);
        if (table_cell(t, r, 0)->i == unit) {
            char label[64];
            g_string_assign(s_out, state_label(table_cell(t, r, 4)->s, table_cell(t, r, 7),
                                               table_cell(t, r, 8), en, label, sizeof label));
        }
        if (strcmp(lv->s, "county") != 0 || rec->i != 1) continue;
        counties++;
        if (strcmp(table_cell(t, r, 4)->s, "approved") != 0) open++;
    }
    if (region_level_of(unit) == LEVEL_COUNTY && !s_out->len)
        g_string_assign(s_out, en ? "not submitted" : "未报送");
    if (region_level_of(unit) < LEVEL_COUNTY && counties > 0) {
        if (s_out->len) g_string_append(s_out, en ? "; " : "；");
        if (open == 0)
            g_string_append_printf(
                s_out, en ? "all %d counties approved" : "%d 个县(市、区)全部已审核", counties);
        else
            g_string_append_printf(
                s_out, en ? "%d of %d counties not approved" : "%2$d 个县(市、区)中 %1$d 个未审核",
                open, counties);
    }
    table_free(t);
    *out = g_string_free(s_out, FALSE);
    return RS_OK;
}
