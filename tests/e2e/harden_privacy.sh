#!/usr/bin/env bash
# Privacy: a demo-like run over the county sample (import, indicators,
# findings, every catalogue query, the monthly, assessment and dashboard
# reports, in every format: table, csv, json) and a deliberately broken
# import, then a scan of everything produced (the workbooks' XML, the PDFs'
# text, CSV, JSON, terminal output, manifests, stderr, and the reasons in
# the rejects file) for any 18-character ID number of the input and any
# full name (2+ characters) from persons.csv and staff_relatives.csv (and
# the bank's account holders), and any full account number of the ledger
# or the bank's return file.  One hit fails the test.  The same runs over a store imported with
# `--unmasked import` must show nothing more, and print the very same
# query, indicator and findings output: how an import was run never
# changes what a later output shows.  Then the same outputs with
# --unmasked, over either store, must show full values (every ID of the
# findings, the staff name in a finding's detail, the account of
# R_SHARED_ACCOUNT's), and the manifest and
# the dashboard's footer must say which kind of run it was.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "hundreds of runs under valgrind (the other e2e tests cover these paths)"

unit=652325 period=2024-09
dir=$(sample_dir county) || exit 1
load_sample county
mkdir -p "$T/scan" "$T/run" "$T/run-b"
cp "$T/import.out" "$T/run/import.out"
cp "$T/import.err" "$T/run/import.err"
# The second store: the same sample imported with --unmasked.
store_b=$T/unmasked-import.db
RELIEFSTAT_DB=$store_b "$RS" init >/dev/null || fail "init of the second store failed"
RELIEFSTAT_DB=$store_b "$RS" --unmasked import "$dir" >"$T/run-b/import.out" 2>"$T/run-b/import.err" ||
    fail "--unmasked import failed"

# The secrets: every well-formed 18-character ID in any input column, and
# every name of two or more characters of a person or a staff member.
cat "$dir"/*.csv | grep -oE '[0-9]{17}[0-9Xx]' | sort -u >"$T/ids"
python3 - "$dir/persons.csv" "$dir/staff_relatives.csv" >"$T/names" <<'EOF'
import csv, sys
names = set()
for path, col in zip(sys.argv[1:], ("name", "staff_name")):
    with open(path, encoding="utf-8-sig", newline="") as f:
        names |= {row[col].strip() for row in csv.DictReader(f)}
print("\n".join(sorted(n for n in names if len(n) >= 2)))
EOF
python3 - "$dir/payments.csv" "$dir/bank_returns.csv" >"$T/accounts" <<'EOF'
import csv, sys
accounts = set()
for path in sys.argv[1:]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        accounts |= {row["account_no"].strip() for row in csv.DictReader(f)}
print("\n".join(sorted(a for a in accounts if len(a) > 8)))
EOF
python3 - "$dir/bank_returns.csv" >>"$T/names" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    holders = {row["account_name"].strip() for row in csv.DictReader(f)}
print("\n".join(sorted(n for n in holders if len(n) >= 2)))
EOF
sort -u -o "$T/names" "$T/names"
nids=$(wc -l <"$T/ids") nnames=$(wc -l <"$T/names") naccounts=$(wc -l <"$T/accounts")
[ "$nids" -gt 1000 ] && [ "$nnames" -gt 1000 ] && [ "$naccounts" -gt 1000 ] ||
    fail "too few secrets to look for ($nids, $nnames, $naccounts)"

# run NAME command...: keep stdout and stderr of one command under $RUN.
run() {
    local name=$1; shift
    "$@" >"$RUN/$name.out" 2>"$RUN/$name.err" || {
        cat "$RUN/$name.err" >&2
        fail "$name: '$*' failed"
    }
}

# query_args PARAMS: -p options binding each parameter that --list names
# ("region:region period:month") to the unit or the period.
query_args() {
    local p
    for p in $1; do
        case "${p#*:}" in
        region) echo "-p ${p%%:*}=$unit" ;;
        month) echo "-p ${p%%:*}=$period" ;;
        *) fail "query parameter of unknown type: $p" ;;
        esac
    done
}

# pipeline DIR [OPTION...]: the whole pipeline over the store
# $RELIEFSTAT_DB, its outputs in DIR; masked (the default) unless the
# options say otherwise.
pipeline() {
    RUN=$1; shift
    local opt=("$@") f q params
    mkdir -p "$RUN"
    for f in table csv json; do
        run "indicators-$f" "$RS" "${opt[@]}" indicators --region "$unit" --period "$period" --levels all --format "$f"
        run "findings-$f" "$RS" "${opt[@]}" findings --region "$unit" --period "$period" --format "$f"
    done
    "$RS" query --list --format csv >"$T/queries.csv" || fail "query --list"
    while IFS=, read -r q params; do
        [ "$q" = name ] && continue
        # A query written for the report runner alone (it uses values only
        # the runner binds) cannot run here; it is scanned in the reports.
        if "$RS" query "$q" $(query_args "$params") --format csv 2>&1 >/dev/null |
            grep -q 'neither declared nor derived'; then
            echo "$q" >>"$T/report-only"
            continue
        fi
        for f in table csv json; do
            run "query-$q-$f" "$RS" "${opt[@]}" query "$q" $(query_args "$params") --format "$f"
        done
    done < <(cut -d, -f1,2 "$T/queries.csv")
    for tpl in monthly assessment dashboard; do
        run "report-$tpl" "$RS" "${opt[@]}" report "$tpl" --region "$unit" --period "$period" --out "$RUN/out-$tpl"
    done
}

# gather DIR: the text of everything under DIR into $T/scan/all.txt.
gather() {
    local f
    : >"$T/scan/all.txt"
    while IFS= read -r -d '' f; do
        case "$f" in
        *.xlsx)
            rm -rf "$T/scan/x" && mkdir "$T/scan/x"
            unzip -q -o "$f" -d "$T/scan/x" || fail "cannot unzip $f"
            find "$T/scan/x" -name '*.xml' -exec cat {} + >>"$T/scan/all.txt" ;;
        *.pdf) pdftotext -q "$f" - >>"$T/scan/all.txt" || fail "cannot read $f" ;;
        *.png) ;; # pixels: the chart data they come from are scanned as CSV/XML
        */rejects.csv) cut -d, -f1-4 "$f" >>"$T/scan/all.txt" ;; # the messages, not the input rows
        *) cat "$f" >>"$T/scan/all.txt" ;;
        esac
        echo >>"$T/scan/all.txt"
    done < <(find "$1" -type f -print0)
}

# clean DIR WHAT: fail if any output under DIR shows a full ID or name.
clean() {
    local nfiles
    nfiles=$(find "$1" -type f | wc -l)
    gather "$1"
    grep -oFf "$T/ids" "$T/scan/all.txt" | sort -u >"$T/scan/id-hits"
    grep -oFf "$T/names" "$T/scan/all.txt" | sort -u >"$T/scan/name-hits"
    grep -oFf "$T/accounts" "$T/scan/all.txt" | sort -u >"$T/scan/account-hits"
    echo "$2: scanned $nfiles files ($(wc -c <"$T/scan/all.txt") bytes of text) for $nids ID" \
        "numbers, $nnames names and $naccounts accounts: $(wc -l <"$T/scan/id-hits") IDs," \
        "$(wc -l <"$T/scan/name-hits") names and $(wc -l <"$T/scan/account-hits") accounts in full"
    [ ! -s "$T/scan/id-hits" ] || fail "$2: full ID numbers in the output: $(head -n 5 "$T/scan/id-hits" | tr '\n' ' ')"
    [ ! -s "$T/scan/name-hits" ] || fail "$2: full names in the output: $(head -n 5 "$T/scan/name-hits" | tr '\n' ' ')"
    [ ! -s "$T/scan/account-hits" ] || fail "$2: full account numbers in the output: $(head -n 5 "$T/scan/account-hits" | tr '\n' ' ')"
    grep -q '6230\*\{11\}[0-9]\{4\}' "$T/scan/all.txt" || fail "$2: no masked account in the outputs at all"
    grep -q '652325\*\*\*\*\*\*\*\*[0-9]\{3\}[0-9X]' "$T/scan/all.txt" || fail "$2: no masked ID in the outputs at all"
}

# same_cli DIR1 DIR2: the query, indicator and findings outputs of two runs
# (over the two stores) are the same, byte for byte, but for the list of
# import batches (each store's own, with its times).
same_cli() {
    local f n=0
    for f in "$1"/query-*.out "$1"/indicators-*.out "$1"/findings-*.out; do
        case "${f##*/}" in query-report_batches-*) continue ;; esac
        cmp -s "$f" "$2/${f##*/}" || {
            diff "$f" "$2/${f##*/}" | head -n 6 >&2
            fail "${f##*/} depends on how the store was imported"
        }
        n=$((n + 1))
    done
    [ "$n" -gt 30 ] || fail "only $n outputs compared"
}

# truthful DIR true|false: every manifest under DIR says masked: true or
# false, and every dashboard's footer and the ID column's title in every
# dashboard and workbook say the IDs are masked (true) or shown in full.
truthful() {
    local m pdf x
    for m in "$1"/out-*/manifest.json; do
        python3 - "$m" "$2" <<'EOF' || fail "$m does not say masked: $2"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
masked = sys.argv[2] == "true"
assert m["masked"] is masked, m["masked"]
assert m["parameters"]["unmasked"] == ("false" if masked else "true"), m["parameters"]
assert ("--unmasked" in m["command"]) != masked, m["command"]
EOF
    done
    for pdf in "$1"/out-dashboard/*.pdf "$1"/out-assessment/*.pdf; do
        pdftotext -q "$pdf" "$T/footer.txt" || fail "cannot read $pdf"
        if [ "$2" = true ]; then
            assert_contains "$T/footer.txt" "身份证号已脱敏"
            assert_contains "$T/footer.txt" "身份证号（脱敏）"
            assert_not_contains "$T/footer.txt" "未脱敏"
        else
            assert_contains "$T/footer.txt" "身份证号未脱敏（--unmasked）"
            assert_contains "$T/footer.txt" "身份证号（未脱敏）"
            assert_not_contains "$T/footer.txt" "已脱敏"
            assert_not_contains "$T/footer.txt" "身份证号（脱敏）"
        fi
    done
    for x in "$1"/out-monthly/*.xlsx "$1"/out-assessment/*.xlsx; do
        unzip -p "$x" xl/sharedStrings.xml >"$T/titles.xml" || fail "cannot unzip $x"
        if [ "$2" = true ]; then
            assert_contains "$T/titles.xml" "身份证号（脱敏）"
            assert_not_contains "$T/titles.xml" "未脱敏"
        else
            assert_contains "$T/titles.xml" "身份证号（未脱敏）"
            assert_not_contains "$T/titles.xml" "身份证号（脱敏）"
        fi
    done
}

# full DIR: the --unmasked outputs under DIR show every ID of the findings
# and the staff name in F_UNDECLARED_RELATIVE's detail in full, in the
# findings CSV and in both workbooks; the dashboard shows full IDs only.
full() {
    local x shown
    python3 - "$1/findings-csv.out" "$T/names" "$T/scan/finding-ids" <<'EOF' || fail "--unmasked findings are not in full"
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
names = set(open(sys.argv[2], encoding="utf-8").read().split())
ids = sorted({r["id_number_masked"] for r in rows if r["id_number_masked"]})
masked = [i for i in ids if "*" in i]
assert len(ids) > 20 and not masked, (len(ids), masked[:3])
rel = [r["detail"] for r in rows if r["code"] == "F_UNDECLARED_RELATIVE"]
assert rel and all(any(n in d for n in names) for d in rel), rel
shared = [r["detail"] for r in rows if r["code"] == "R_SHARED_ACCOUNT"]
assert shared and all(re.search(r"6230[0-9]{15}", d) for d in shared), shared
open(sys.argv[3], "w").write("\n".join(i for i in ids if len(i) == 18) + "\n")
EOF
    for x in "$1"/out-monthly/*.xlsx "$1"/out-assessment/*.xlsx; do
        unzip -p "$x" xl/sharedStrings.xml >"$T/scan/strings.xml" || fail "cannot unzip $x"
        shown=$(grep -oFf "$T/scan/finding-ids" "$T/scan/strings.xml" | sort -u | wc -l)
        [ "$shown" -eq "$(wc -l <"$T/scan/finding-ids")" ] ||
            fail "$x shows $shown of the $(wc -l <"$T/scan/finding-ids") full IDs of the findings"
    done
    pdftotext -q "$1"/out-dashboard/*.pdf "$T/scan/dash.txt" || fail "cannot read the dashboard"
    grep -qFf "$T/scan/finding-ids" "$T/scan/dash.txt" || fail "the --unmasked dashboard shows no full ID"
    ! grep -q '652325\*\*\*\*\*\*\*\*' "$T/scan/dash.txt" || fail "the --unmasked dashboard shows a masked ID"
    echo "--unmasked: $(wc -l <"$T/scan/finding-ids") full IDs of findings in the CSV and both workbooks"
}

# 1. Default runs over the store imported by default, and a broken import
# (duplicate key, unknown household, bad code, bad date, in rows that carry
# real IDs and names).
pipeline "$T/run"
python3 - "$dir/persons.csv" "$T/broken/persons.csv" <<'EOF'
import csv, os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(os.path.dirname(dst), exist_ok=True)
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
with open(dst, "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerow(rows[0]); w.writerow(rows[0])                       # duplicate key
    w.writerow(dict(rows[1], household_id="H-NOWHERE"))           # unknown household
    w.writerow(dict(rows[2], relation=rows[2]["name"]))           # a name as a bad code
    w.writerow(dict(rows[3], death_date=rows[3]["id_number"]))    # an ID as a bad date
    w.writerow(dict(rows[4], name=""))                            # missing name
EOF
"$RS" import --rejects "$T/run/rejects.csv" "$T/broken/persons.csv" >"$T/run/broken.out" 2>"$T/run/broken.err"
[ $? -eq 2 ] || fail "the broken import did not fail with status 2"
[ -s "$T/run/rejects.csv" ] || fail "the broken import wrote no rejects file"
[ -s "$T/report-only" ] && echo "queries the report runner alone can run: $(sort -u "$T/report-only" | tr '\n' ' ')"
clean "$T/run" "default import, default runs"
truthful "$T/run" true

# 2. Default runs over the store imported with --unmasked: nothing more
# shown, and the same output.
RELIEFSTAT_DB=$store_b pipeline "$T/run-b"
clean "$T/run-b" "--unmasked import, default runs"
same_cli "$T/run" "$T/run-b"
truthful "$T/run-b" true

# 3. --unmasked runs over either store show full values, the same ones,
# and say so.
pipeline "$T/full" --unmasked
full "$T/full"
truthful "$T/full" false
RELIEFSTAT_DB=$store_b pipeline "$T/full-b" --unmasked
full "$T/full-b"
same_cli "$T/full" "$T/full-b"
truthful "$T/full-b" false
echo "ok"
