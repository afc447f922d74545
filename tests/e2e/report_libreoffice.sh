#!/usr/bin/env bash
# The real client: LibreOffice Calc opens every workbook the report packs
# write (monthly and assessment, zh and en, for the fixture's county 奇台县
# and for 昌吉州, a prefecture of a generated sample cut to one household in
# ten), reads every cell of every sheet as the file holds it (a sheet
# dropped or cut short by a repair fails), and the numbers it reads equal
# the engine's `indicators` and `findings`.  Printed through LibreOffice,
# no page is blank, no number shows as ###, and each native chart of the
# trend sheet is whole on a page of its own, without the table's header.
#
# Under valgrind (RELIEFSTAT_VALGRIND) the instrumented binary writes the
# county's workbooks only (small inputs; the prefecture runs natively and
# under the sanitizers); under valgrind and the sanitizers the LibreOffice
# part is left out: it reads the same bytes as in the native run and says
# nothing about the binary's memory.
source "$(dirname "$0")/../lib.sh"
instrumented="${RELIEFSTAT_VALGRIND:-}${RELIEFSTAT_SANITIZED:-}"
if [ -z "$instrumented" ]; then
    lo=$(command -v soffice || command -v libreoffice) ||
        fail "LibreOffice is not installed (scripts/setup.sh test installs libreoffice-calc-nogui)"
    command -v pdftotext > /dev/null || fail "pdftotext is not installed (poppler-utils)"
fi
source "$ROOT/tests/tools/report_setup.sh"
OFFICE="$ROOT/tests/tools/check_office.py"
period=2024-09

# reports DB UNIT: both packs in both languages for UNIT into $T/rep.
reports() {
    local db=$1 unit=$2 tpl lang
    for tpl in monthly assessment; do
        for lang in zh en; do
            RELIEFSTAT_DB="$db" expect_status 0 "$RS" report $tpl --region "$unit" --period $period \
                --lang $lang --out "$T/rep"
        done
    done
    dbs+=("$db")
    units+=("${unit}000000")
}

# engine DB UNIT: the engine's indicators and findings for UNIT into
# $T/engine/UNIT.indicators.csv and UNIT.findings.csv.
engine() {
    local db=$1 unit=$2
    mkdir -p "$T/engine"
    RELIEFSTAT_DB="$db" expect_status 0 "$RS" indicators --region "$unit" --period $period \
        --levels children --format csv
    cp "$T/out" "$T/engine/$unit.indicators.csv"
    RELIEFSTAT_DB="$db" expect_status 0 "$RS" findings --region "$unit" --period $period --format csv
    cp "$T/out" "$T/engine/$unit.findings.csv"
    [ "$(wc -l < "$T/engine/$unit.findings.csv")" -gt 1 ] || fail "$unit should have findings"
}

dbs=() units=()
reports "$RELIEFSTAT_DB" 652325
if [ -z "${RELIEFSTAT_VALGRIND:-}" ]; then
    # A generated prefecture, one household in ten (every row of another
    # household left out), so that it imports in a second or two.
    expect_status 0 "$RS" sample --out "$T/full" --scale prefecture --seed 1
    mkdir -p "$T/pref"
    for f in "$T"/full/*.csv; do
        case $(basename "$f") in ground_truth.csv | near_misses.csv) continue ;; esac
        awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "household_id") h = i; print; next }
                 !h || $h == "" || $h ~ /1$/' "$f" > "$T/pref/$(basename "$f")"
    done
    pdb="$T/pref.db"
    RELIEFSTAT_DB="$pdb" expect_status 0 "$RS" init
    RELIEFSTAT_DB="$pdb" expect_status 0 "$RS" import "$T"/pref/*.csv
    [ "$(sqlite3 "$pdb" "SELECT count(DISTINCT substr(region_code, 1, 6)) FROM households")" -ge 5 ] ||
        fail "the cut prefecture sample lost its counties"
    reports "$pdb" 652300
fi
books=()
for u in "${units[@]}"; do
    books+=("$T/rep/月报_${u}_$period.xlsx" "$T/rep/monthly_${u}_$period.xlsx"
            "$T/rep/绩效评价_${u}_$period.xlsx" "$T/rep/assessment_${u}_$period.xlsx")
done
for b in "${books[@]}"; do [ -s "$b" ] || fail "no workbook $b"; done
if [ -n "$instrumented" ]; then
    echo "${#books[@]} workbooks written by the instrumented binary; LibreOffice part left out"
    exit 0
fi

# Two broken copies that LibreOffice must not pass: a sheet cut short (which
# LibreOffice repairs silently, keeping what it could read) and no zip at all.
mkdir -p "$T/bad"
"$PY" - "${books[0]}" "$T/bad/cut.xlsx" <<'PYEOF' || fail "broken copy"
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    for n in z.namelist():
        data = z.read(n)
        out.writestr(n, data[:3000] if n == "xl/worksheets/sheet2.xml" else data)
PYEOF
printf 'PK\003\004not a workbook' > "$T/bad/garbage.xlsx"

# One soffice run exports every sheet of every workbook to CSV (filter
# option 12 = -1: all sheets, LibreOffice 7.2+; option 9 false: raw values),
# another prints every workbook to PDF; each has its own profile, so the
# two run side by side.
start=$(date +%s%N)
convert() { # NAME CONVERT-TO FILE...: into $T/NAME
    local name=$1 to=$2; shift 2
    HOME="$T" timeout 300 "$lo" -env:UserInstallation="file://$T/profile-$name" --headless \
        --norestore --convert-to "$to" --outdir "$T/$name" "$@" > "$T/$name.log" 2>&1 ||
        { cat "$T/$name.log"; fail "soffice --convert-to $to exited non-zero"; }
}
convert csv 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    "${books[@]}" "$T"/bad/*.xlsx &
csv_pid=$!
convert pdf pdf "${books[@]}" &
pdf_pid=$!
wait $csv_pid || fail "CSV export"
wait $pdf_pid || fail "PDF export"
echo "LibreOffice: ${#books[@]} workbooks to CSV and to PDF in $(( ($(date +%s%N) - start) / 1000000 )) ms"

# office CHECK ARGS...: run check_office.py, failing the test with its message.
office() { "$PY" "$OFFICE" "$@" || fail "check_office.py $1 ${2##*/} ${3##*/}"; }
# lo_csv XLSX CHECKS...: LibreOffice's CSV of XLSX against the file, then CHECKS.
lo_csv() { local b=$1; shift; office csv "$T/csv/$(basename "${b%.xlsx}")" "$b" "$@"; }

# The checks can fail: LibreOffice's reading of the cut copy differs from
# the file it was cut from, and the file that is no workbook has no CSV.
bad() { # PREFIX MESSAGE: the CSVs at PREFIX checked against the source must fail
    "$PY" "$OFFICE" csv "$1" "${books[0]}" 2> "$T/bad.err" && fail "$1 passed the checks"
    grep -q "$2" "$T/bad.err" || { cat "$T/bad.err"; fail "$1: not '$2'"; }
}
bad "$T/csv/cut" "LibreOffice read"
bad "$T/csv/garbage" "LibreOffice wrote no"
grep -q "source file could not be loaded" "$T/csv.log" || fail "soffice took garbage.xlsx"

for i in "${!units[@]}"; do
    u=${units[$i]}
    engine "${dbs[$i]}" "$u"
    export RELIEFSTAT_DB="${dbs[$i]}" # the checks read the unit names of its store
    ind="$T/engine/$u.indicators.csv" fnd="$T/engine/$u.findings.csv"
    stats="$T/engine/$u.stats.csv"
    for q in stat_enrolments stat_money stat_temp; do
        expect_status 0 "$RS" query $q -p region="$u" -p period=$period --format csv
        cat "$T/out" >>"$stats"
    done
    lo_csv "$T/rep/月报_${u}_$period.xlsx" -- payments "$ind" -- findings 问题清单 "$fnd" \
        -- statement "$u" "$stats" "$ind" -- special "$u" "$stats" -- changes "$u" "$stats"
    lo_csv "$T/rep/绩效评价_${u}_$period.xlsx" -- indicators "$ind" \
        -- scores "$ind" "$ROOT/seeds/scoring.csv" -- findings 问题清单 "$fnd"
    for pack in 月报:monthly 绩效评价:assessment; do
        zh="$T/rep/${pack%%:*}_${u}_$period.xlsx" en="$T/rep/${pack##*:}_${u}_$period.xlsx"
        lo_csv "$en" -- english
        office same_numbers "$zh" "$en"
    done
done
# The trend table (at most 12 months) prints on one page, each chart on the next.
for b in "${books[@]}"; do
    case $b in */绩效评价_* | */assessment_*) table_pages=1 ;; *) table_pages= ;; esac
    office printed "$T/pdf/$(basename "${b%.xlsx}").pdf" "$b" $table_pages
done
echo "ok"
