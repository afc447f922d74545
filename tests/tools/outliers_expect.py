#!/usr/bin/env python3
"""The outliers of indicators.md "Outliers (异常波动)" computed from the
contract's payments.csv (and params.csv) alone, independently of
reliefstat: for the report unit and every unit any ledger row of the
window belongs to, per series, the row `outliers --format csv` prints
(without region_name, which needs the divisions).

    outliers_expect.py UNIT PERIOD PAYMENTS.CSV [PARAMS.CSV [RECORDS.CSV...]] > expected.csv

Columns: region_code,level,period,series,value,median,mad,score,flagged
(money in yuan with 2 decimals, rounded to the fen half away from zero;
counts as integers, a median's half with one decimal; score 4 decimals).
The arithmetic is in fen, as the ledger's money is exact in fen; the
parameters are looked up for each unit's own code (longest prefix, latest
effective_from not after P, else the defaults 3.5 and 0.2).  The units
listed are those the ledger's rows and the region codes of RECORDS
(households.csv, applications.csv, budgets.csv) reach, as `--levels all`.
"""
import csv
import sys
from decimal import ROUND_HALF_UP, Decimal

LEVELS = [(2, "region"), (4, "prefecture"), (6, "county"), (9, "township"), (12, "village")]


def fen(text):
    return int((Decimal(text.replace(",", "")) * 100).to_integral_value())


def month_add(p, n):
    y, m = divmod(int(p[:4]) * 12 + int(p[5:7]) - 1 + n, 12)
    return "%04d-%02d" % (y, m + 1)


def sig(code):
    """The significant digits of a 12-digit code and its level."""
    s = "%012d" % code
    for n, name in LEVELS:
        if s[n:] == "0" * (12 - n):
            return s[:n], name


def ancestors(code, unit_digits):
    """code's 12-digit form and every unit above it down to the report unit."""
    s = "%012d" % int(code)
    digits, _ = sig(int(s))
    out = []
    for n, _ in LEVELS:
        if n < len(unit_digits) or n > len(digits):
            continue
        out.append(int(s[:n].ljust(12, "0")))
    return out


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def judge(h, x, threshold, min_change):
    """(median, mad, score or None, infinite, flagged) or None when not examined."""
    if x is None or len(h) < 6:
        return None
    med = median(h)
    dev = [abs(v - med) for v in h]
    mad = median(dev)
    infinite = False
    if mad > 0:
        score = 0.6745 * (x - med) / mad
    else:
        mean_ad = sum(dev) / len(dev)
        if mean_ad > 0:
            score = (x - med) / (1.253314 * mean_ad)
        elif x == med:
            score = 0.0
        else:
            score, infinite = None, True
    beyond = infinite or abs(score) > threshold
    matters = x != 0 if med == 0 else abs(x - med) >= min_change * med
    return med, mad, score, infinite, beyond and matters


def show(v, money):
    if v is None:
        return ""
    if money:
        q = Decimal(repr(v)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return "%s%d.%02d" % ("-" if q < 0 else "", abs(q) // 100, abs(q) % 100)
    return "%d" % v if v == int(v) else "%.1f" % v


def params_of(rows, code, period):
    out = {"outlier_threshold": 3.5, "outlier_min_change": 0.2}
    s = "%012d" % code
    for name in out:
        best = None
        for r in rows:
            d = r["region_code"]
            if r["name"] != name or r["effective_from"] > period or not s.startswith(d):
                continue
            key = (len(d), r["effective_from"])
            if best is None or key > best[0]:
                best = (key, float(r["value"]))
        if best:
            out[name] = best[1]
    return out["outlier_threshold"], out["outlier_min_change"]


def main():
    unit, period, payments = sys.argv[1], sys.argv[2], sys.argv[3]
    prows = list(csv.DictReader(open(sys.argv[4], encoding="utf-8-sig"))) if len(sys.argv) > 4 else []
    window = [month_add(period, k) for k in range(-12, 1)]
    sums = {}  # unit -> month -> [fen, rows]
    units = {int(unit.ljust(12, "0"))}
    for path in sys.argv[5:]:
        for r in csv.DictReader(open(path, encoding="utf-8-sig")):
            if r["region_code"].startswith(unit):
                units.update(ancestors(r["region_code"], unit))
    for r in csv.DictReader(open(payments, encoding="utf-8-sig")):
        if not r["region_code"].startswith(unit):
            continue
        for u in ancestors(r["region_code"], unit):
            units.add(u)
        paid = fen(r["amount_paid"])
        if r["item"] not in ("dibao", "tekun") or paid <= 0 or r["period"] not in window:
            continue
        for u in ancestors(r["region_code"], unit):
            s = sums.setdefault(u, {}).setdefault(r["period"], [0, 0])
            s[0] += paid
            s[1] += 1
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["region_code", "level", "period", "series", "value", "median", "mad", "score", "flagged"])
    for u in sorted(units):
        threshold, min_change = params_of(prows, u, period)
        months = sums.get(u, {})
        past = [months[m] for m in window[:-1] if m in months]
        now = months.get(period, [0, 0])
        series = [
            ("paid_month", True, [m[0] for m in past], now[0]),
            ("paid_rows", False, [m[1] for m in past], now[1]),
            ("paid_per_row", True, [m[0] / m[1] for m in past], now[0] / now[1] if now[1] else None),
        ]
        for name, money, h, x in series:
            j = judge(h, x, threshold, min_change)
            med, mad, score, _, flagged = j if j else (None, None, None, False, False)
            w.writerow(["%012d" % u, sig(u)[1], period, name, show(x, money), show(med, money),
                        show(mad, money), "" if score is None else "%.4f" % score,
                        1 if flagged else 0])


if __name__ == "__main__":
    main()
