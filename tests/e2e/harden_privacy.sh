#!/usr/bin/env bash
# Privacy: a demo-like run over the county sample (import, indicators,
# findings, every catalogue query, the monthly, assessment and dashboard
# reports, in every format: table, csv, json) and a deliberately broken
# import, then a scan of everything produced (the workbooks' XML, the PDFs'
# text, CSV, JSON, terminal output, manifests, stderr, and the reasons in
# the rejects file) for any 18-character ID number of the input and any
# full name (2+ characters) from persons.csv.  One hit fails the test.
# Then the same outputs with --unmasked must show full values, and the
# manifest must say the run was unmasked.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
need_commands sample import query indicators findings report
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "hundreds of runs under valgrind (the other e2e tests cover these paths)"

unit=652325 period=2024-09
dir=$(sample_dir county) || exit 1
load_sample county
mkdir -p "$T/scan" "$T/run"
cp "$T/import.out" "$T/run/import.out"
cp "$T/import.err" "$T/run/import.err"

# The secrets: every well-formed 18-character ID in any input column, and
# every person's name of two or more characters.
cat "$dir"/*.csv | grep -oE '[0-9]{17}[0-9Xx]' | sort -u >"$T/ids"
python3 - "$dir/persons.csv" >"$T/names" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    names = {row["name"].strip() for row in csv.DictReader(f)}
print("\n".join(sorted(n for n in names if len(n) >= 2)))
EOF
nids=$(wc -l <"$T/ids") nnames=$(wc -l <"$T/names")
[ "$nids" -gt 1000 ] && [ "$nnames" -gt 1000 ] || fail "too few secrets to look for ($nids, $nnames)"

# run NAME command...: keep stdout and stderr of one command under $T/run.
run() {
    local name=$1; shift
    "$@" >"$T/run/$name.out" 2>"$T/run/$name.err" || {
        cat "$T/run/$name.err" >&2
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

# The whole pipeline, masked (the default) unless extra options say so.
pipeline() {
    local opt=("$@") f q params
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
        run "report-$tpl" "$RS" "${opt[@]}" report "$tpl" --region "$unit" --period "$period" --out "$T/run/out-$tpl"
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

pipeline
# A broken import: duplicate key, unknown household, bad code, bad date, in
# rows that carry real IDs and names.
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
nfiles=$(find "$T/run" -type f | wc -l)
gather "$T/run"

grep -oFf "$T/ids" "$T/scan/all.txt" | sort -u >"$T/scan/id-hits"
grep -oFf "$T/names" "$T/scan/all.txt" | sort -u >"$T/scan/name-hits"
[ -s "$T/report-only" ] && echo "queries the report runner alone can run: $(sort -u "$T/report-only" | tr '\n' ' ')"
echo "scanned $nfiles files ($(wc -c <"$T/scan/all.txt") bytes of text) for $nids ID numbers and $nnames names"
[ ! -s "$T/scan/id-hits" ] || fail "full ID numbers in the output: $(head -n 5 "$T/scan/id-hits" | tr '\n' ' ')"
[ ! -s "$T/scan/name-hits" ] || fail "full names in the output: $(head -n 5 "$T/scan/name-hits" | tr '\n' ' ')"
grep -q '652325\*\*\*\*\*\*\*\*[0-9]\{3\}[0-9X]' "$T/scan/all.txt" || fail "no masked ID in the outputs at all"

# With --unmasked the full values do appear, and the manifest says so.
rm -rf "$T/run" && mkdir -p "$T/run"
pipeline --unmasked
gather "$T/run"
nfull=$(grep -oFf "$T/ids" "$T/scan/all.txt" | sort -u | wc -l)
[ "$nfull" -gt 0 ] || fail "--unmasked shows no full ID number"
for tpl in monthly assessment dashboard; do
    python3 - "$T/run/out-$tpl/manifest.json" <<'EOF' || fail "the $tpl manifest does not record --unmasked"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
text = json.dumps(m, ensure_ascii=False)
assert m.get("masked") is False or '"unmasked": true' in text.lower() or '"unmasked": "true"' in text.lower(), text[:400]
EOF
done
echo "unmasked run: $nfull distinct full ID numbers shown"
echo "ok"
