/*
 * approval: the state machine of 逐级报送审核 and the locks the import
 * checks (store/approval.h).  The rules, in the order they are checked:
 *   submit   a county, whose month is open;
 *   approve  a county whose month is submitted, or a prefecture whose month
 *            is open and every county of which with records is approved;
 *   reopen   a county whose month is submitted or approved while its
 *            prefecture's is not approved, or an approved prefecture; a
 *            reason is required;
 * and never a month after the current one, never a unit the store knows
 * nothing of (neither the divisions nor any record name it).
 */
#include "store/approval.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"
#include "base/region.h"
#include "store/store.h"

#define JDN_1970 2440588

const char *approval_action_name(approval_action a)
{
    return a == APPROVAL_SUBMIT ? "submit" : a == APPROVAL_APPROVE ? "approve" : "reopen";
}

/* The unit as messages name it: "652325 奇台县" into buf. */
static const char *unit_text(store *db, int64_t code, char *buf, size_t n)
{
    char name[128];
    bool known = store_region_name(db, code, name, sizeof name);
    int digits = region_digits(region_level_of(code));
    long long shown = (long long)(code / region_span(code));
    if (known)
        snprintf(buf, n, "%0*lld %s", digits, shown, name);
    else
        snprintf(buf, n, "%0*lld", digits, shown);
    return buf;
}

/* Run sql (one statement, its parameters :a and :b bound to a and b) and
 * read its first row's first column as text into buf (size n), "" when it
 * has no row. */
static rs_status query_text(store *db, const char *sql, int64_t a, int64_t b, char *buf, size_t n,
                            rs_error *e)
{
    store_stmt *st = NULL;
    bool row = false;
    rs_status s = store_prepare(db, sql, &st, e);
    if (s != RS_OK) return s;
    store_bind_int64(st, ":a", a);
    store_bind_int64(st, ":b", b);
    buf[0] = '\0';
    if ((s = store_step(st, &row, e)) != RS_OK)
        rs_error_prefix(e, "approval");
    else if (row && store_column_text(st, 0))
        snprintf(buf, n, "%s", store_column_text(st, 0));
    store_finalize(st);
    return s;
}

/* The state of code's month period ("open" when it has no row). */
static rs_status state_of(store *db, int64_t code, int period, char state[16], rs_error *e)
{
    rs_status s =
        query_text(db, "SELECT state FROM approval_state WHERE region_code = :a AND period = :b",
                   code, period, state, 16, e);
    if (s == RS_OK && !state[0]) strcpy(state, "open");
    return s;
}

/* Whether the store knows code: the divisions list it or a record is coded
 * inside it. */
static rs_status unit_known(store *db, int64_t code, bool *known, rs_error *e)
{
    char hit[8];
    rs_status s = query_text(db,
                             "SELECT 1 WHERE EXISTS (SELECT 1 FROM divisions WHERE code = :a) OR "
                             "EXISTS (SELECT 1 FROM record_units WHERE region_code >= :a AND "
                             "region_code < :a + :b)",
                             code, region_span(code), hit, sizeof hit, e);
    *known = hit[0] != '\0';
    return s;
}

/* The counties of prefecture pref with records whose month is not approved,
 * as "652325 奇台县 (submitted), ..." (the first five) into list; their
 * number in *n. */
static rs_status unapproved_counties(store *db, int64_t pref, int period, GString *list, int *n,
                                     rs_error *e)
{
    store_stmt *st = NULL;
    bool row = false;
    rs_status s =
        store_prepare(db,
                      "SELECT c.code, COALESCE(s.state, 'open') FROM "
                      "(SELECT DISTINCT region_code / 1000000 * 1000000 AS code FROM record_units "
                      " WHERE region_code >= :pref AND region_code < :pref + 100000000 "
                      "   AND region_code / 1000000 % 100 <> 0) c "
                      "LEFT JOIN approval_state s ON s.region_code = c.code AND s.period = :period "
                      "WHERE COALESCE(s.state, 'open') <> 'approved' ORDER BY c.code",
                      &st, e);
    *n = 0;
    if (s != RS_OK) return s;
    store_bind_int64(st, ":pref", pref);
    store_bind_int64(st, ":period", period);
    while ((s = store_step(st, &row, e)) == RS_OK && row) {
        char unit[160];
        if (++*n > 5) continue;
        g_string_append_printf(list, "%s%s (%s)", list->len ? ", " : "",
                               unit_text(db, store_column_int64(st, 0), unit, sizeof unit),
                               store_column_text(st, 1));
    }
    if (s != RS_OK) rs_error_prefix(e, "approval");
    store_finalize(st);
    if (*n > 5) g_string_append_printf(list, " and %d more", *n - 5);
    return s;
}

/* What a transition does: the unit's state before and after. */
typedef struct {
    const approval_request *rq;
    region_level level;
    char unit[160]; /* as messages name it */
    char month[16]; /* "2024-09" */
    char from[16];
    const char *to;
} move;

/* Check the rules of a county's transition (see the file comment). */
static rs_status check_county(store *db, move *m, rs_error *e)
{
    const approval_request *rq = m->rq;
    char pstate[16], punit[160];
    int64_t pref = region_parent(rq->unit);
    rs_status s = RS_OK;
    const char *act = approval_action_name(rq->action);
    if (rq->action == APPROVAL_SUBMIT && strcmp(m->from, "open") != 0)
        return rs_fail(e, RS_EUSAGE, "%s %s is already %s: reopen it first to submit it again",
                       m->unit, m->month, m->from);
    if (rq->action == APPROVAL_APPROVE && strcmp(m->from, "submitted") != 0)
        return rs_fail(e, RS_EUSAGE,
                       "cannot approve %s %s: it is %s, and only a submitted month is "
                       "approved",
                       m->unit, m->month, m->from);
    if (rq->action == APPROVAL_REOPEN && strcmp(m->from, "open") == 0)
        return rs_fail(e, RS_EUSAGE, "cannot reopen %s %s: it is open", m->unit, m->month);
    if (rq->action == APPROVAL_REOPEN) {
        if ((s = state_of(db, pref, rq->period, pstate, e)) != RS_OK) return s;
        if (strcmp(pstate, "approved") == 0)
            return rs_fail(e, RS_EUSAGE,
                           "cannot %s %s %s: its prefecture %s is approved for %s; reopen the "
                           "prefecture first",
                           act, m->unit, m->month, unit_text(db, pref, punit, sizeof punit),
                           m->month);
    }
    m->to = rq->action == APPROVAL_SUBMIT    ? "submitted"
            : rq->action == APPROVAL_APPROVE ? "approved"
                                             : "open";
    return s;
}

/* Check the rules of a prefecture's transition. */
static rs_status check_prefecture(store *db, move *m, rs_error *e)
{
    const approval_request *rq = m->rq;
    rs_status s = RS_OK;
    if (rq->action == APPROVAL_APPROVE) {
        GString *list = g_string_new(NULL);
        int n = 0;
        if (strcmp(m->from, "approved") == 0)
            s = rs_fail(e, RS_EUSAGE, "%s %s is already approved", m->unit, m->month);
        else if ((s = unapproved_counties(db, rq->unit, rq->period, list, &n, e)) == RS_OK && n)
            s = rs_fail(e, RS_EUSAGE,
                        "cannot approve %s %s: %d count%s of it with records %s not approved: %s",
                        m->unit, m->month, n, n == 1 ? "y" : "ies", n == 1 ? "is" : "are",
                        list->str);
        g_string_free(list, TRUE);
        m->to = "approved";
    } else if (strcmp(m->from, "approved") != 0) {
        s = rs_fail(e, RS_EUSAGE, "cannot reopen %s %s: it is %s", m->unit, m->month, m->from);
    }
    if (rq->action == APPROVAL_REOPEN) m->to = "open";
    return s;
}

/* The checks that need no store: the unit's level for the action, the
 * month, the reason. */
static rs_status check_request(const approval_request *rq, move *m, rs_error *e)
{
    const char *act = approval_action_name(rq->action);
    int32_t today = (int32_t)(rq->now / 86400 + JDN_1970);
    int y, mo, d;
    date_from_jdn(today, &y, &mo, &d);
    m->level = region_level_of(rq->unit);
    snprintf(m->month, sizeof m->month, "%04d-%02d", rq->period / 100, rq->period % 100);
    if (m->level == LEVEL_NONE) return rs_fail(e, RS_EUSAGE, "not a region code");
    if (rq->action == APPROVAL_SUBMIT && m->level != LEVEL_COUNTY)
        return rs_fail(e, RS_EUSAGE,
                       "submit takes a county (6 digits), and %s is a %s: a county submits its "
                       "month, a prefecture approves it (reliefstat approve)",
                       m->unit, region_level_name(m->level));
    if (rq->action != APPROVAL_SUBMIT && m->level != LEVEL_COUNTY && m->level != LEVEL_PREFECTURE)
        return rs_fail(e, RS_EUSAGE, "%s takes a county or a prefecture, and %s is a %s", act,
                       m->unit, region_level_name(m->level));
    if (rq->period > y * 100 + mo)
        return rs_fail(e, RS_EUSAGE, "%s is in the future (today is %04d-%02d-%02d)", m->month, y,
                       mo, d);
    if (rq->action == APPROVAL_REOPEN && (!rq->reason || !*rq->reason))
        return rs_fail(e, RS_EUSAGE, "reopen requires --reason TEXT (why the month is reopened)");
    if (!rq->by || !*rq->by) return rs_fail(e, RS_EUSAGE, "--by NAME is empty");
    return RS_OK;
}

/* Record the move: the log row, then the state row. */
static rs_status record(store *db, const move *m, const char *fp, rs_error *e)
{
    const approval_request *rq = m->rq;
    store_stmt *log = NULL, *up = NULL;
    rs_status s;
    if ((s = store_prepare(db,
                           "INSERT INTO approval_log(region_code, period, action, from_state, "
                           "to_state, by_name, at, reason, fingerprint) "
                           "VALUES (:unit, :period, :action, :from, :to, :by, :at, :reason, :fp)",
                           &log, e)) != RS_OK ||
        (s = store_prepare(
             db,
             "INSERT INTO approval_state(region_code, period, state, first_submitted_at, "
             "submitted_at, approved_at, fingerprint) "
             "VALUES (:unit, :period, :to, CASE WHEN :to = 'submitted' THEN :at END, "
             "        CASE WHEN :to = 'submitted' THEN :at END, "
             "        CASE WHEN :to = 'approved' THEN :at END, :fp) "
             "ON CONFLICT (region_code, period) DO UPDATE SET state = :to, "
             " first_submitted_at = COALESCE(approval_state.first_submitted_at, "
             "                               CASE WHEN :to = 'submitted' THEN :at END), "
             " submitted_at = CASE WHEN :to = 'submitted' THEN :at ELSE "
             "approval_state.submitted_at END, "
             " approved_at = CASE WHEN :to = 'approved' THEN :at ELSE approval_state.approved_at "
             "END, "
             " fingerprint = CASE WHEN :to = 'submitted' THEN :fp ELSE approval_state.fingerprint "
             "END",
             &up, e)) != RS_OK)
        goto done;
    store_bind_int64(log, ":unit", rq->unit);
    store_bind_int64(log, ":period", rq->period);
    store_bind_text_ref(log, ":action", approval_action_name(rq->action));
    store_bind_text_ref(log, ":from", m->from);
    store_bind_text_ref(log, ":to", m->to);
    store_bind_text_ref(log, ":by", rq->by);
    store_bind_int64(log, ":at", rq->now);
    store_bind_text_ref(log, ":reason", rq->reason && *rq->reason ? rq->reason : NULL);
    store_bind_text_ref(log, ":fp", fp);
    store_bind_int64(up, ":unit", rq->unit);
    store_bind_int64(up, ":period", rq->period);
    store_bind_text_ref(up, ":to", m->to);
    store_bind_int64(up, ":at", rq->now);
    store_bind_text_ref(up, ":fp", fp);
    if ((s = store_run(log, e)) != RS_OK || (s = store_run(up, e)) != RS_OK)
        rs_error_prefix(e, "approval");
done:
    store_finalize(log);
    store_finalize(up);
    return s;
}

/* The checks and the record of approval_transition, inside its
 * transaction. */
static rs_status transition_in(store *db, move *m, rs_error *e)
{
    const approval_request *rq = m->rq;
    char fp[65] = "";
    bool known = false;
    rs_status s;
    if ((s = unit_known(db, rq->unit, &known, e)) != RS_OK) return s;
    if (!known)
        return rs_fail(e, RS_EUSAGE,
                       "%s is not a unit of the store: the divisions do not list it and no record "
                       "is coded in it",
                       m->unit);
    if ((s = state_of(db, rq->unit, rq->period, m->from, e)) != RS_OK) return s;
    s = m->level == LEVEL_COUNTY ? check_county(db, m, e) : check_prefecture(db, m, e);
    if (s != RS_OK) return s;
    if (m->level == LEVEL_COUNTY && rq->fingerprint &&
        (s = rq->fingerprint(db, rq->unit, rq->period, fp, e)) != RS_OK)
        return s;
    return record(db, m, fp[0] ? fp : NULL, e);
}

rs_status approval_transition(store *db, const approval_request *rq, const char **to, rs_error *e)
{
    move m = {.rq = rq};
    rs_status s;
    unit_text(db, rq->unit, m.unit, sizeof m.unit);
    if ((s = check_request(rq, &m, e)) != RS_OK) return s;
    /* A running import holds the write lock for as long as it loads: wait
     * for it (up to two minutes) rather than fail. */
    store_busy_timeout(db, 120000);
    /* store_begin takes the write lock first, so that no import runs
     * between the checks and the record (an import holds it while it
     * checks the locks). */
    if ((s = store_begin(db, e)) != RS_OK) return s;
    if ((s = transition_in(db, &m, e)) == RS_OK) s = store_commit(db, e);
    if (s != RS_OK) {
        store_rollback(db);
        return s;
    }
    *to = m.to;
    return RS_OK;
}

/* ---------------------------------------------------------------- locks */

struct approval_locks {
    GHashTable *months; /* county / 10^6 * 10^6 + yyyymm -> state name (static) */
};

/* The key of a county month: the county's 6 digits, then yyyymm. */
static gint64 lock_key(int64_t code, int period)
{
    return (gint64)(code / 1000000) * 1000000 + period;
}

rs_status approval_locks_load(store *db, approval_locks **out, rs_error *e)
{
    store_stmt *st = NULL;
    approval_locks *l = NULL;
    bool row = false;
    rs_status s = store_prepare(db,
                                "SELECT region_code, period, state FROM approval_state "
                                "WHERE state IN ('submitted', 'approved') "
                                "AND region_code % 100000000 <> 0",
                                &st, e);
    *out = NULL;
    if (s != RS_OK) return s;
    while ((s = store_step(st, &row, e)) == RS_OK && row) {
        if (!l) {
            l = g_new0(approval_locks, 1);
            l->months = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
        }
        gint64 *k = g_new(gint64, 1);
        *k = lock_key(store_column_int64(st, 0), (int)store_column_int64(st, 1));
        const char *state = store_column_text(st, 2);
        g_hash_table_insert(l->months, k,
                            (gpointer)(strcmp(state, "approved") == 0 ? "approved" : "submitted"));
    }
    if (s != RS_OK) {
        rs_error_prefix(e, "approval_state");
        approval_locks_free(l);
        l = NULL;
    }
    store_finalize(st);
    *out = l;
    return s;
}

const char *approval_locked(const approval_locks *l, int64_t code, int period)
{
    if (!l) return NULL;
    gint64 k = lock_key(code, period);
    return g_hash_table_lookup(l->months, &k);
}

void approval_locks_free(approval_locks *l)
{
    if (!l) return;
    g_hash_table_destroy(l->months);
    g_free(l);
}
