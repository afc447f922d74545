#!/usr/bin/env bash
# Jurisdiction: a report for a unit holds no record from outside it.  On
# the prefecture sample, for HARDEN_UNITS (20) counties and townships drawn
# at random (seeded), every template and every catalogue query (bound to
# the unit and the period) and `findings` run, and every payment,
# application and household named anywhere in their outputs (workbook XML,
# PDF text, CSV) is looked up in the store: its region code must lie under
# the unit.  A household outside it may be named only as the household a
# ledger row or application of the unit gives (that record is the unit's,
# as written; a payment to another county's household is itself a finding).
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "20 units of reports under valgrind"

nunits=${HARDEN_UNITS:-20}
RANDOM=${HARDEN_SEED:-20240901}
period=2024-09
load_sample prefecture
pref=$(sed -n 's/^region=//p' "$(sample_dir prefecture)/sample.txt")
[ -n "$pref" ] || fail "the prefecture sample names no region"

# The records' identifiers, to find them in any output.
for t in payments:payment_id applications:application_id households:household_id; do
    sql "SELECT ${t#*:} FROM ${t%:*}" >"$T/ids-${t%:*}"
done
# The units: a quarter counties (where most records are), the rest
# townships, each drawn at random.
for level in county township; do
    sqlite3 "$RELIEFSTAT_DB" "SELECT code FROM divisions WHERE level = '$level'
        AND code >= $pref AND code < $pref + 100000000 ORDER BY code" >"$T/all-$level"
done
ncounties=$(((nunits + 3) / 4))
for i in $(seq 1 "$nunits"); do
    [ "$i" -le "$ncounties" ] && level=county || level=township
    n=$(wc -l <"$T/all-$level")
    [ "$n" -gt 0 ] || fail "no $level under $pref"
    sed -n "$((RANDOM % n + 1))p" "$T/all-$level"
done >"$T/units"
"$RS" query --list --format csv | cut -d, -f1,2 | tail -n +2 >"$T/queries"

# gather DIR OUT: the text of every output under DIR into OUT.
gather() {
    local f
    : >"$2"
    while IFS= read -r -d '' f; do
        case "$f" in
        *.xlsx) unzip -p "$f" '*.xml' >>"$2" 2>/dev/null || fail "cannot unzip $f" ;;
        *.pdf) pdftotext -q "$f" - >>"$2" || fail "cannot read $f" ;;
        *.png) ;;
        *) cat "$f" >>"$2" ;;
        esac
        echo >>"$2"
    done < <(find "$1" -type f -print0)
}

found=0 outputs=0
while read -r unit; do
    code=$unit
    [ $((unit % 1000000)) -eq 0 ] && span=1000000 || span=1000
    out="$T/u-$unit"
    mkdir -p "$out/q"
    for tpl in monthly assessment dashboard; do
        "$RS" report "$tpl" --region "$code" --period "$period" --out "$out/$tpl" >/dev/null 2>"$T/err" ||
            { cat "$T/err" >&2; fail "report $tpl for $unit failed"; }
    done
    "$RS" findings --region "$code" --period "$period" --format csv >"$out/q/findings.csv" ||
        fail "findings for $unit"
    while IFS=, read -r q params; do
        args=()
        for p in $params; do
            case "${p#*:}" in
            region) args+=(-p "${p%%:*}=$code") ;;
            month) args+=(-p "${p%%:*}=$period") ;;
            esac
        done
        "$RS" query "$q" "${args[@]}" --format csv >"$out/q/$q.csv" 2>"$T/err" ||
            grep -q 'neither declared nor derived' "$T/err" || { cat "$T/err" >&2; fail "query $q for $unit"; }
    done <"$T/queries"
    outputs=$((outputs + $(find "$out" -type f | wc -l)))
    gather "$out" "$T/text"

    # Every record named, looked up; the bad ones listed.
    for t in payments:payment_id:region_code applications:application_id:region_code \
        households:household_id:region_code; do
        table=${t%%:*} key=$(echo "$t" | cut -d: -f2) rc=${t##*:}
        grep -owFf "$T/ids-$table" "$T/text" | sort -u >"$T/named"
        n=$(wc -l <"$T/named")
        found=$((found + n))
        [ "$n" -gt 0 ] || continue
        bad=$(sqlite3 "$RELIEFSTAT_DB" <<EOF
CREATE TEMP TABLE named(id TEXT PRIMARY KEY);
.mode csv
.import $T/named named
SELECT x.$key || ' (' || x.$rc || ')' FROM $table x JOIN named n ON n.id = x.$key
WHERE NOT (x.$rc >= $unit AND x.$rc < $unit + $span)
  AND ('$table' <> 'households' OR x.household_id NOT IN
       (SELECT p.household_id FROM payments p
        WHERE p.region_code >= $unit AND p.region_code < $unit + $span
          AND p.household_id IS NOT NULL
        UNION
        SELECT a.household_id FROM applications a
        WHERE a.region_code >= $unit AND a.region_code < $unit + $span
          AND a.household_id IS NOT NULL))
LIMIT 5;
EOF
        )
        [ -z "$bad" ] || fail "outputs for unit $unit name ${table} outside it: $(echo $bad)"
    done
    echo "unit $unit: $(find "$out" -type f | wc -l) outputs, records named so far: $found"
done <"$T/units"
[ "$found" -ge 20 ] || fail "only $found records named in the outputs: the check proves little"
echo "units: $nunits, output files: $outputs, records looked up: $found"
echo "ok"
