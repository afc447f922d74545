#!/usr/bin/python3
"""Write a small two-county dataset (data-contract CSVs) for the report tests.

Usage: report_fixture.py DIR

Counties 奇台县 (652325) and 玛纳斯县 (652324), two townships each, a few
households with dibao and tekun enrolments (one tekun person of each
county's second township in centralized care), payments for
2024-01..2024-09 with known problems in 2024-09 (a late payment, a short
payment, a payment after death, a dibao payment far above the payee's usual
amount in 奇台县 and one at exactly 3 times it in 玛纳斯县), special
assistance (medical in March and September, one September row unpaid;
education in September; funeral in June for the heads who died), budgets,
temporary-assistance applications, reviews and referrals.  Each township
also has a monitored household (防止返贫监测对象) that left the edge tier on
2024-09-04 and was enrolled for monitoring on 2024-09-05, and a household
of the other tier (其他困难人员) enrolled in January.
ID numbers carry valid check digits.  Also writes ids.txt (every ID number),
names.txt (every full name) and households_<county>.txt (household ids per
county) for the privacy and isolation checks.
"""
import csv
import os
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(prefix6, birth, seq):
    body = f"{prefix6}{birth}{seq:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


COUNTIES = {
    "652325": [("652325100", "001", "urban"), ("652325101", "201", "rural")],
    "652324": [("652324100", "002", "urban"), ("652324101", "202", "rural")],
}
SURNAMES = ["张伟", "李娜", "王芳", "买买提·艾力", "古丽娜尔", "刘洋"]


def add_household(rows, hid, region, ur, income, members):
    """A household and its persons: members is a list of (id_number, name,
    relation, death_date); the first is the head."""
    rows["households"].append({
        "household_id": hid, "region_code": region, "urban_rural": ur,
        "head_id": members[0][0], "members": str(len(members)), "income_pc_monthly": income,
        "assets_ok": "y", "registered_on": "2023-01-05"})
    for pid, name, rel, death in members:
        rows["persons"].append({"id_number": pid, "name": name, "household_id": hid,
                                "relation": rel, "death_date": death})


def main(out):
    os.makedirs(out, exist_ok=True)
    rows = {k: [] for k in ["households", "persons", "enrolments", "payments", "budgets",
                            "applications", "reviews", "referrals", "standards"]}
    for item, yuan in [("dibao_urban", "730"), ("dibao_rural", "560"),
                       ("tekun_urban", "950"), ("tekun_rural", "730")]:
        rows["standards"].append({"region_code": "652300", "item": item,
                                  "effective_from": "2024-01", "monthly_yuan": yuan})
    ids, names, per_county = [], [], {}
    seq, xseq = 0, 100  # the dibao/tekun households; the monitor/other ones
    for county, towns in COUNTIES.items():
        per_county[county] = []
        rows["budgets"].append({"region_code": county, "year": "2024", "item": "dibao",
                                "fund_source": "central", "allocated": "60000",
                                "required": ""})
        rows["budgets"].append({"region_code": county, "year": "2024", "item": "dibao",
                                "fund_source": "county", "allocated": "5000",
                                "required": "8000"})
        for town, village, ur in towns:
            for h in range(3):
                seq += 1
                hid = f"H{county}{seq:03d}"
                per_county[county].append(hid)
                head = id_number(county, f"19{60 + seq:02d}0{1 + h}15", seq)
                spouse = id_number(county, f"19{62 + seq:02d}0{2 + h}20", seq + 500)
                name = SURNAMES[seq % len(SURNAMES)]
                ids += [head, spouse]
                names.append(name)
                region = f"{town}{village}"
                dead = seq in (3, 9)  # head died in June 2024, still paid
                add_household(rows, hid, region, ur, "200",
                              [(head, name, "head", "2024-06-01" if dead else ""),
                               (spouse, name[0] + "某某", "spouse", "")])
                names.append(name[0] + "某某")
                cat = "tekun" if h == 2 else "dibao"
                rows["enrolments"].append({
                    "enrolment_id": f"E{seq:03d}", "household_id": hid, "id_number": "",
                    "category": cat,
                    "care_mode": ("centralized" if ur == "rural" else "dispersed")
                    if cat == "tekun" else "",
                    "start_date": "2023-02-01", "end_date": "", "monthly_yuan": "600"})
                if h == 0:
                    rows["reviews"].append({"household_id": hid, "reviewed_on": "2024-03-10",
                                            "kind": "comprehensive", "outcome": "continue"})
                for m in range(1, 10):
                    due = "1200" if cat == "dibao" else "1460"
                    paid, paid_on = due, f"2024-{m:02d}-10"
                    if m == 9 and h == 0:
                        paid_on = "2024-10-08"  # late
                    if m == 9 and h == 1:
                        paid = "1100"  # short
                    if m == 9 and seq in (1, 7):
                        # A jump above 3 x the usual 1200: a lead (O_AMOUNT_JUMP)
                        # in 奇台县; exactly 3 x in 玛纳斯县, not one.
                        due = paid = "4000" if seq == 1 else "3600"
                    rows["payments"].append({
                        "payment_id": f"P{seq:03d}{m:02d}", "household_id": hid,
                        "id_number": head, "region_code": town, "item": cat,
                        "period": f"2024-{m:02d}", "amount_due": due, "amount_paid": paid,
                        "paid_on": paid_on, "fund_source": "central"})
                special = []  # (item, period, due, paid)
                if h == 0:
                    special += [("medical", 3, "500", "500"), ("medical", 9, "300", "300")]
                if h == 1:
                    special += [("education", 9, "1000", "1000"), ("medical", 9, "200", "0")]
                if dead:
                    special.append(("funeral", 6, "2000", "2000"))
                for k, (item, m, due, paid) in enumerate(special):
                    rows["payments"].append({
                        "payment_id": f"S{seq:03d}{k}", "household_id": hid,
                        "id_number": head, "region_code": town, "item": item,
                        "period": f"2024-{m:02d}", "amount_due": due, "amount_paid": paid,
                        "paid_on": f"2024-{m:02d}-12" if paid != "0" else "",
                        "fund_source": "central"})
                rows["referrals"].append({
                    "referral_id": f"R{seq:03d}", "household_id": hid, "to_dept": "health",
                    "need": "medical", "pushed_on": "2024-08-01",
                    "feedback_on": "2024-08-15" if h != 1 else "", "outcome":
                    "assisted" if h != 1 else ""})
                rows["applications"].append({
                    "application_id": f"A{seq:03d}", "household_id": hid,
                    "id_number": spouse, "region_code": region, "kind": "temp",
                    "urgent": "y", "advance": "n", "severity": "none", "persons": "2",
                    "months": "1", "received_at": "2024-09-03 09:00",
                    "decided_at": "2024-09-03 15:00" if h else "2024-09-05 10:00",
                    "decision": "approved", "amount": "800"})
            for k, tier in enumerate(("monitor", "other")):
                xseq += 1
                hid = f"H{county}{xseq:03d}"
                per_county[county].append(hid)
                head = id_number(county, f"19750{k + 1}{xseq - 90:02d}", xseq)
                child = id_number(county, f"20100{k + 1}{xseq - 90:02d}", xseq + 500)
                name = SURNAMES[xseq % len(SURNAMES)]
                ids += [head, child]
                names += [name, name[0] + "小某"]
                add_household(rows, hid, f"{town}{village}", ur, "900",
                              [(head, name, "head", ""), (child, name[0] + "小某", "child", "")])
                spans = ([("edge", "2023-03-01", "2024-09-04"), ("monitor", "2024-09-05", "")]
                         if tier == "monitor" else [("other", "2024-01-10", "")])
                for j, (cat, start, end) in enumerate(spans):
                    rows["enrolments"].append({
                        "enrolment_id": f"E{xseq:03d}{j}", "household_id": hid, "id_number": "",
                        "category": cat, "care_mode": "", "start_date": start, "end_date": end,
                        "monthly_yuan": ""})
    for table, data in rows.items():
        with open(os.path.join(out, table + ".csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(data[0].keys()))
            w.writeheader()
            w.writerows(data)
    with open(os.path.join(out, "ids.txt"), "w") as f:
        f.write("\n".join(ids) + "\n")
    with open(os.path.join(out, "names.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n")
    for county, hids in per_county.items():
        with open(os.path.join(out, f"households_{county}.txt"), "w") as f:
            f.write("\n".join(hids) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
