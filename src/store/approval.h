/*
 * approval: 逐级报送审核 in the store (reports.md "Submission and
 * approval"), the one module that reads and writes approval_state and
 * approval_log (queries/schema/v7.sql).  A county's month goes open ->
 * submitted -> approved, a prefecture's open -> approved once every county
 * of it with records is; reopen takes either back to open.  Every
 * transition is checked, logged and applied in one transaction
 * (store_begin, which takes the write lock at once, so that it never
 * interleaves with an import, which holds its own write transaction while
 * it checks the locks and writes); a refused one records nothing.
 *
 * The import asks the same module which county months are locked
 * (approval_locks_load, inside its transaction): a submitted or approved
 * county's ledger rows of the month, applications received in it and bank
 * returns of it.
 */
#ifndef RS_APPROVAL_H
#define RS_APPROVAL_H

#include <stdint.h>

#include "base/error.h"
#include "store/store.h"

typedef enum { APPROVAL_SUBMIT, APPROVAL_APPROVE, APPROVAL_REOPEN } approval_action;

/* The fingerprint of a county's month (engine_fingerprint: SHA-256 of its
 * indicators and findings) into hex, computed inside the transition's
 * transaction; the engine passes it down, as the import takes its
 * refresh. */
typedef rs_status (*approval_fingerprint_fn)(store *db, int64_t county, int period, char hex[65],
                                             rs_error *e);

typedef struct {
    approval_action action;
    int64_t unit;       /* padded 12-digit code */
    int period;         /* yyyymm */
    const char *by;     /* who: --by, else the login name (required) */
    const char *reason; /* reopen: required; else optional, recorded if given */
    int64_t now;        /* when: seconds since 1970-01-01 00:00 local */
    approval_fingerprint_fn fingerprint;
} approval_request;

/* The action's name ("submit") and the state names ("submitted"). */
const char *approval_action_name(approval_action a);

/* Check rq by the rules (unit level, state, the prefecture's state, the
 * counties of a prefecture, the reason, a month not in the future) and, if
 * it is allowed, record it: the log row and the new state, in one
 * transaction.  A refusal is RS_EUSAGE with a message naming the unit, the
 * month and the rule; nothing is recorded.  On success *to is the new
 * state's name (static). */
rs_status approval_transition(store *db, const approval_request *rq, const char **to, rs_error *e);

/* The county months that are locked (submitted or approved), read inside
 * the caller's transaction. */
typedef struct approval_locks approval_locks;

/* The locks as *out (NULL when no month is locked: nothing to check); the
 * caller frees them with approval_locks_free. */
rs_status approval_locks_load(store *db, approval_locks **out, rs_error *e);

/* The state ("submitted", "approved") of the county of code (any code in
 * it) for month period, or NULL when it is not locked (l NULL: none is). */
const char *approval_locked(const approval_locks *l, int64_t code, int period);

/* Free l; NULL is allowed. */
void approval_locks_free(approval_locks *l);

#endif
