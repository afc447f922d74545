#!/usr/bin/env bash
# SQL safety.  With RELIEFSTAT_HOME pointed at a temporary copy of the
# project data (so that no malicious file enters the real catalogue):
#   - parameter values such as `'; DROP TABLE payments; --` are data: they
#     are refused as values of their type or bound, never run;
#   - a catalogue query that writes, attaches a database, loads an
#     extension, changes a pragma or hides a second statement is refused
#     (exit 3) and has no effect;
#   - a template or chart can only name catalogue queries or engine
#     datasets: SQL text or an unknown name in their place is refused.
# After all of it the store is unchanged and no attached file exists.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"

unit=652325 period=2024-09
home="$T/home"
mkdir -p "$home"
cp -r "$ROOT/queries" "$ROOT/seeds" "$home/"
for d in report_templates charts; do [ -d "$ROOT/$d" ] && cp -r "$ROOT/$d" "$home/"; done
export RELIEFSTAT_HOME="$home"
# The report tests' small two-county fixture: the checks are about what
# runs, not about how much data there is.
python3 "$ROOT/tests/tools/report_fixture.py" "$T/data" >/dev/null || fail "fixture"
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$T/data"
before=$(store_digest)
npay=$(sql "SELECT count(*) FROM payments")
checks=0

# refused STATUS WHAT command...: the command exits STATUS (not 0, not a
# signal) and the store is unchanged.
refused() {
    local want=$1 what=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    [ $rc -eq "$want" ] || { cat "$T/err" >&2; fail "$what: exit $rc, expected $want"; }
    [ -s "$T/err" ] || fail "$what: refused without a message"
    assert_eq "$(sql "SELECT count(*) FROM payments")" "$npay" "payments after: $what"
    checks=$((checks + 1))
}

# ---- hostile parameter values -------------------------------------------
evil=("'; DROP TABLE payments; --" "652325' OR '1'='1" "2024-09'; DELETE FROM payments; --"
    "1); ATTACH DATABASE '$T/pwn.db' AS pwn; --" "652325 UNION SELECT * FROM persons")
# Under valgrind two values (one per kind of trick) keep the run short.
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || evil=("${evil[0]}" "${evil[3]}")
"$RS" query --list --format csv | cut -d, -f1,2 | tail -n +2 >"$T/queries"
while IFS=, read -r q params; do
    for p in $params; do
        for v in "${evil[@]}"; do
            args=()
            for o in $params; do
                case "$o" in
                "$p") args+=(-p "${o%%:*}=$v") ;;
                *:region) args+=(-p "${o%%:*}=$unit") ;;
                *:month) args+=(-p "${o%%:*}=$period") ;;
                esac
            done
            refused 1 "query $q with ${p%%:*}='$v'" "$RS" query "$q" "${args[@]}" --format csv
        done
    done
done <"$T/queries"
for v in "${evil[@]}"; do
    refused 1 "indicators --region '$v'" "$RS" indicators --region "$v" --period "$period"
    refused 1 "findings --period '$v'" "$RS" findings --region "$unit" --period "$v"
    refused 1 "report --region '$v'" "$RS" report monthly --region "$v" --period "$period" --out "$T/o"
done
refused 1 "a parameter the query does not declare" \
    "$RS" query divisions_in -p region="$unit" -p "x'; DROP TABLE payments; --=1"

# ---- hostile catalogue queries ------------------------------------------
cat >"$home/queries/evil_write.sql" <<'EOF'
-- param: region region   the unit
DELETE FROM payments WHERE region_code >= :region
EOF
cat >"$home/queries/evil_cte.sql" <<'EOF'
-- param: region region   the unit
WITH x AS (SELECT 1) UPDATE payments SET amount_paid_fen = 0 WHERE region_code >= :region
EOF
cat >"$home/queries/evil_attach.sql" <<EOF
ATTACH DATABASE '$T/pwn.db' AS pwn
EOF
cat >"$home/queries/evil_ext.sql" <<'EOF'
SELECT load_extension('/tmp/no-such-extension.so')
EOF
cat >"$home/queries/evil_pragma.sql" <<'EOF'
PRAGMA query_only = 0
EOF
cat >"$home/queries/evil_second.sql" <<'EOF'
SELECT 1 AS one; DROP TABLE payments
EOF
cat >"$home/queries/evil_schema.sql" <<'EOF'
CREATE TABLE pwn(x)
EOF
for q in evil_write evil_cte evil_attach evil_ext evil_pragma evil_second evil_schema; do
    args=()
    grep -q ':region' "$home/queries/$q.sql" && args=(-p region="$unit")
    refused 3 "catalogue query $q" "$RS" query "$q" "${args[@]}" --format csv
done
[ ! -e "$T/pwn.db" ] || fail "an ATTACH created $T/pwn.db"

# ---- templates and charts name only catalogue queries and datasets -----
tpl="$home/report_templates/monthly.yaml"
first=$(grep -m1 -n 'dataset:' "$tpl" | cut -d: -f1)
for ds in "DELETE FROM payments" "SELECT * FROM persons" "no_such_dataset" "../../etc/passwd" \
    "evil_write"; do
    sed "${first}s|dataset:.*|dataset: \"$ds\"|" "$tpl" >"$home/report_templates/evil.yaml"
    refused 3 "template with dataset '$ds'" \
        "$RS" report evil --region "$unit" --period "$period" --out "$T/o-evil"
    [ -z "$(ls -A "$T/o-evil" 2>/dev/null)" ] || fail "template with dataset '$ds' wrote $(ls "$T/o-evil")"
done
"$RS" report dashboard --region "$unit" --period "$period" --out "$T/o-dash" >/dev/null 2>&1 ||
    fail "the dashboard report failed"
ls "$T/o-dash"/*.pdf >/dev/null 2>&1 || fail "the dashboard report wrote no PDF"
[ -f "$home/charts/rank_score.yaml" ] || fail "no chart rank_score in the home copy"
for ds in "DROP TABLE payments" "no_such_dataset" "evil_write"; do
    sed "s|^dataset:.*|dataset: \"$ds\"|" "$ROOT/charts/rank_score.yaml" >"$home/charts/rank_score.yaml"
    grep -qF "dataset: \"$ds\"" "$home/charts/rank_score.yaml" || fail "chart dataset '$ds' not planted"
    refused 3 "chart with dataset '$ds'" \
        "$RS" report dashboard --region "$unit" --period "$period" --out "$T/o-chart"
done
cp "$ROOT/charts/rank_score.yaml" "$home/charts/"

assert_eq "$(store_digest)" "$before" "store after every hostile input"
echo "refusals checked: $checks"
echo "ok"
