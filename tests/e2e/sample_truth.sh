#!/usr/bin/env bash
# The generated county and prefecture samples keep the promises the ground
# truth rests on: every ID number in persons.csv is valid (check character,
# possible birth date in [1900, P.end], 18 digits) except in the households
# listed for Q_BAD_ID; every household's members equals its persons alive at
# P.end (roster or crosscheck death) except those listed for Q_MEMBERS; every
# finding code of indicators.md (listed here) is planted; each ground-truth row names
# exactly one record, which exists in the dataset (near-misses too, each
# with its reason as one CSV field).
source "$(dirname "$0")/../lib.sh"
large_input "generated county and prefecture samples"

for scale in county prefecture; do
    expect_status 0 "$RS" sample --out "$T/$scale" --scale "$scale" --seed 3
    python3 - "$T/$scale" <<'PY' || fail "$scale: checks failed"
import csv, datetime, os, sys
d = sys.argv[1]
rows = lambda n: list(csv.DictReader(open(os.path.join(d, n + ".csv"), encoding="utf-8")))
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def valid(i):
    if len(i) != 18 or not i[:17].isdigit():
        return False
    if "10X98765432"[sum(int(a) * w for a, w in zip(i, W)) % 11] != i[17]:
        return False
    try:
        b = datetime.date(int(i[6:10]), int(i[10:12]), int(i[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= b <= datetime.date(2024, 9, 30)
gt = rows("ground_truth")
bad_hh = {r["household_id"] for r in gt if r["code"] == "Q_BAD_ID" and r["household_id"]}
bad_pay = {r["payment_id"] for r in gt if r["code"] == "Q_BAD_ID" and r["payment_id"]}
members_hh = {r["household_id"] for r in gt if r["code"] == "Q_MEMBERS"}
persons = rows("persons")
errors = []
seen_bad = set()
for p in persons:
    if not valid(p["id_number"]):
        seen_bad.add(p["household_id"])
        if p["household_id"] not in bad_hh:
            errors.append("invalid ID outside Q_BAD_ID households: " + p["household_id"])
if seen_bad != bad_hh:
    errors.append("Q_BAD_ID households without an invalid ID: %s" % (bad_hh - seen_bad))
roster = {p["id_number"] for p in persons}
for r in rows("payments"):
    if r["id_number"] not in roster and not valid(r["id_number"]) and r["payment_id"] not in bad_pay:
        errors.append("bad non-roster payee not in ground truth: " + r["payment_id"])
death = {}
for p in persons:
    if p["death_date"]:
        death[p["id_number"]] = p["death_date"]
for c in rows("crosscheck"):
    if c["source"] == "death":
        ev = c["event_date"] or c["matched_on"]
        death[c["id_number"]] = min(ev, death.get(c["id_number"], ev))
alive = {}
for p in persons:
    dd = death.get(p["id_number"])
    alive[p["household_id"]] = alive.get(p["household_id"], 0) + (not dd or dd > "2024-09-30")
mism = {h["household_id"] for h in rows("households") if int(h["members"]) != alive.get(h["household_id"], 0)}
if mism != members_hh:
    errors.append("members mismatch %s vs Q_MEMBERS %s" % (sorted(mism), sorted(members_hh)))
codes = set("""F_DEAD F_ENDED F_NO_ENROLMENT F_NOT_IN_ROSTER F_DUPLICATE F_DIBAO_TEKUN
F_OVER_STANDARD F_TEKUN_LOW F_UNDECLARED_RELATIVE F_TEMP_OVER F_TEMP_MONTHS F_REPLY_LATE
F_CROSSCHECK E_INCOME_ABOVE E_MISSED_DIBAO E_EDGE_MISFIT E_RIGID_MISFIT E_TEKUN_AGE E_NO_REVIEW
F_ITEM_SCOPE F_URGENT_LATE E_ASSETS E_TEKUN_CAN_WORK E_SINGLE_MISFIT E_EMPLOYMENT_COST
E_GRADUAL_SHORT E_UNMONITORED O_AMOUNT_JUMP
Q_BAD_ID Q_DUP_PERSON Q_MEMBERS""".split())
missing = codes - {r["code"] for r in gt}
if not codes or missing:
    errors.append("finding codes not planted: %s" % sorted(missing))
keys = {"payment_id": {r["payment_id"] for r in rows("payments")},
        "household_id": {h["household_id"] for h in rows("households")},
        "application_id": {a["application_id"] for a in rows("applications")}}
lines = [tuple(r.values()) for r in gt]
if lines != sorted(set(lines)):
    errors.append("ground_truth.csv not sorted and distinct")
for r in gt + rows("near_misses"):
    if None in r or None in r.values():
        errors.append("row with a wrong number of fields: %s" % r)
        continue
    filled = [k for k in keys if r[k]]
    if len(filled) != 1 or r[filled[0]] not in keys[filled[0]]:
        errors.append("row does not name one existing record: %s" % r)
for e in errors[:20]:
    print(e)
sys.exit(1 if errors else 0)
PY
done
echo "ok"
