#!/usr/bin/python3
"""bench_monthly: the monthly statement's numbers the way a finance office's
analyst would compute them without reliefstat, for `make bench` to time
beside `reliefstat report monthly`.

It reads the contract CSVs with pandas (only the columns it needs, low-
cardinality columns as categoricals, no row loops), computes the figures of
indicators.md "Statistics" per child unit of the report unit and a total
row (城市/农村低保 households, persons, paid this month and year to date,
average standard, 月人均补助; 特困 centralized/dispersed persons and money;
低保边缘 and 刚性支出困难 households and persons; 临时救助 count and money),
and writes them to an .xlsx workbook with XlsxWriter, two-level headers and
number formats.  It is a fair baseline, not a straw man: what a competent
analyst writes in an afternoon.

Usage: bench_monthly.py --data DIR --region CODE --period YYYY-MM --out FILE
       [--divisions CSV]   (default: the data's divisions.csv plus the seeds)
       [--csv FILE]        also write the figures as CSV (for cross-checks)
Uses Debian's python3-pandas and python3-xlsxwriter only.
"""
import argparse
import os
import sys

import numpy as np
import pandas as pd

# Chinese header aliases of the columns read here (data-contract.md).
ALIASES = {
    "区划代码": "region_code", "名称": "name", "级别": "level", "上级代码": "parent_code",
    "标准类别": "item", "执行起始月": "effective_from", "月标准(元/人)": "monthly_yuan",
    "家庭编号": "household_id", "城乡属性": "urban_rural", "身份证号": "id_number",
    "死亡日期": "death_date", "救助类别": "category", "供养方式": "care_mode",
    "认定日期": "start_date", "终止日期": "end_date", "领款人身份证号": "id_number",
    "资金项目": "item", "所属期": "period", "实发金额": "amount_paid",
    "申请人身份证号": "id_number", "申请类别": "kind", "受理时间": "received_at",
    "结果": "decision", "救助金额": "amount", "比对来源": "source",
    "比对日期": "matched_on", "事件日期": "event_date",
}
# Chinese labels of the coded values read here; either word of "a/b" labels.
LABELS = {
    "城市": "urban", "农村": "rural", "低保": "dibao", "特困": "tekun",
    "低保边缘": "edge", "刚性支出困难": "rigid", "防止返贫监测对象": "monitor",
    "其他困难人员": "other", "集中": "centralized", "分散": "dispersed",
    "临时救助": "temp", "城市低保": "dibao_urban", "农村低保": "dibao_rural",
    "城市特困": "tekun_urban", "农村特困": "tekun_rural", "死亡": "death",
    "火化": "death", "死亡/火化": "death",
}


def encoding_of(path):
    """utf-8-sig if the file's head decodes as UTF-8, else gb18030."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:  # not just a character cut at the end
            return "gb18030"
    return "utf-8-sig"


def read(data, table, cols, money=(), categorical=()):
    """The named columns of DIR/table.csv (aliases renamed), as strings except
    money (float yuan) and categorical ones; empty cells are NaN."""
    path = os.path.join(data, table + ".csv")
    enc = encoding_of(path)
    header = pd.read_csv(path, nrows=0, encoding=enc).columns
    rename = {c: ALIASES.get(c.strip(), c.strip()) for c in header}
    use = [c for c in header if rename[c] in cols]
    dtype = {c: ("category" if rename[c] in categorical else str)
             for c in use if rename[c] not in money}
    df = pd.read_csv(path, usecols=use, dtype=dtype, encoding=enc, thousands=",",
                     skipinitialspace=True, comment=None)
    df = df.rename(columns=rename)
    for c in categorical:
        df[c] = normalise(df[c])
    return df


def normalise(col):
    """A categorical column with labels and stray spaces turned into codes
    (works on the few categories, not on the rows)."""
    new = [LABELS.get(v.strip(), v.strip()) for v in col.cat.categories]
    names = sorted(set(new))
    where = {v: i for i, v in enumerate(names)}
    # codes of -1 (empty cells) pick the appended -1 and stay empty
    lookup = np.array([where[v] for v in new] + [-1], dtype=np.int64)
    return pd.Series(pd.Categorical.from_codes(lookup[col.cat.codes.to_numpy()], names),
                     index=col.index)


def code12(s):
    """Region codes padded to 12 digits."""
    return s.str.strip().str.ljust(12, "0")


def to_date(s):
    """Dates (YYYY-MM-DD, YYYY/M/D, YYYYMMDD; a datetime's time ignored)."""
    s = s.str.strip().str.split(" ", n=1).str[0]
    d = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    rest = d.isna() & s.notna()
    if rest.any():
        alt = s[rest].str.replace("/", "-", regex=False)
        compact = alt.str.fullmatch(r"\d{8}")
        alt[compact] = alt[compact].str[:4] + "-" + alt[compact].str[4:6] + "-" + alt[compact].str[6:]
        d[rest] = pd.to_datetime(alt, format="%Y-%m-%d", errors="coerce")
    return d


def month_number(s):
    """Months (YYYY-MM, YYYY-M, YYYYMM) as integers yyyymm."""
    parts = s.str.strip().str.extract(r"^(\d{4})-?(\d{1,2})$")
    return parts[0].astype(float) * 100 + parts[1].astype(float)


def per_category(col, fn):
    """fn (a function of a Series of strings) applied to a categorical
    column's few categories instead of its many rows; empty cells stay
    empty (NaN / NaT)."""
    values = fn(pd.Series(col.cat.categories.astype(str))).reset_index(drop=True)
    return pd.Series(values.reindex(col.cat.codes.to_numpy()).to_numpy(), index=col.index)


def unit_of(codes, prefix, child_digits):
    """Child unit code (12 digits) of each padded code starting with prefix
    (the report unit's significant digits), else NaN."""
    child = codes.str[:child_digits].str.ljust(12, "0")
    return child.where(codes.str.startswith(prefix))


def significant(code):
    """Significant digits of a padded code: 2, 4, 6, 9 or 12."""
    for n in (2, 4, 6, 9):
        if code[n:] == "0" * (12 - n):
            return n
    return 12


def standards_at(std, households, period):
    """standard(h, P) per household row: dibao_urban or dibao_rural by its
    urban_rural, longest region prefix, latest effective_from <= P."""
    s = std[(std["eff"] <= period) & std["item"].isin(["dibao_urban", "dibao_rural"])]
    s = s.sort_values("eff").drop_duplicates(["code", "item"], keep="last")
    table = s.set_index(["code", "item"])["fen"]
    item = "dibao_" + households["urban_rural"].astype(str)
    out = pd.Series(np.nan, index=households.index)
    for n in (12, 9, 6, 4, 2):
        key = pd.MultiIndex.from_arrays([households["code"].str[:n].str.ljust(12, "0"), item])
        found = pd.Series(table.reindex(key).to_numpy(), index=households.index)
        out = out.fillna(found)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--region", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--divisions")
    ap.add_argument("--csv")
    a = ap.parse_args()

    region = a.region.ljust(12, "0")
    sig = significant(region)
    prefix = region[:sig]
    child_digits = {2: 4, 4: 6, 6: 9, 9: 12}[sig]
    y, m = map(int, a.period.split("-"))
    period = y * 100 + m
    p_start = pd.Timestamp(y, m, 1)
    p_end = p_start + pd.offsets.MonthEnd(0)
    year_start = pd.Timestamp(y, 1, 1)

    # ---- the roster: households, persons (with death dates), enrolments
    hh = read(a.data, "households", {"household_id", "region_code", "urban_rural"},
              categorical={"urban_rural", "region_code"})
    hh["code"] = per_category(hh["region_code"], code12)
    hh["unit"] = per_category(hh["region_code"],
                              lambda c: unit_of(code12(c), prefix, child_digits))
    hh = hh.set_index("household_id")

    pe = read(a.data, "persons", {"id_number", "household_id", "death_date"},
              categorical={"death_date"})
    pe["death"] = per_category(pe["death_date"], to_date)
    cc_path = os.path.join(a.data, "crosscheck.csv")
    if os.path.exists(cc_path):
        cc = read(a.data, "crosscheck", {"id_number", "source", "matched_on", "event_date"},
                  categorical={"source"})
        cc = cc[cc["source"] == "death"]
        when = to_date(cc["event_date"]).fillna(to_date(cc["matched_on"]))
        first = when.groupby(cc["id_number"].str.strip()).min()
        pe["death"] = pe[["death"]].assign(cc=pe["id_number"].map(first)).min(axis=1)
    alive = pe[pe["death"].isna() | (pe["death"] > p_end)]

    en = read(a.data, "enrolments",
              {"household_id", "id_number", "category", "care_mode", "start_date", "end_date"},
              categorical={"category", "care_mode", "start_date", "end_date"})
    start = per_category(en["start_date"], to_date)
    end = per_category(en["end_date"], to_date)
    en = en[(start <= p_end) & (end.isna() | (end >= p_end))]
    en = en.join(hh[["unit", "urban_rural"]], on="household_id")
    en = en[en["unit"].notna()]
    en["split"] = np.select(
        [en["category"] == "dibao", en["category"] == "tekun"],
        ["dibao_" + en["urban_rural"].astype(str),
         "tekun_" + en["care_mode"].astype(str).replace({"nan": "dispersed", "": "dispersed"})],
        en["category"].astype(str))

    # persons of each active enrolment, alive at the end of P
    whole = en[en["id_number"].isna()][["household_id", "unit", "split"]]
    members = whole.merge(alive[["id_number", "household_id"]], on="household_id")
    single = en[en["id_number"].notna()][["id_number", "household_id", "unit", "split"]]
    single = single[single["id_number"].isin(alive["id_number"])]
    persons = pd.concat([members, single], ignore_index=True)
    persons = persons.drop_duplicates(["split", "unit", "id_number"])

    # ---- money: dibao and tekun ledger rows of the year to date, temp applications
    pay = read(a.data, "payments", {"id_number", "region_code", "item", "period", "amount_paid"},
               money={"amount_paid"}, categorical={"region_code", "item", "period"})
    pay = pay[pay["item"].isin(["dibao", "tekun"])]
    pay["month"] = per_category(pay["period"], month_number)
    pay = pay[(pay["month"] >= y * 100 + 1) & (pay["month"] <= period)]
    pay["unit"] = per_category(pay["region_code"],
                               lambda c: unit_of(code12(c), prefix, child_digits))
    pay = pay[pay["unit"].notna()]
    # dibao money is split by the urban_rural of the payee's household
    payee_ur = pe.set_index("id_number")["household_id"].map(hh["urban_rural"]).astype(str)
    pay["split"] = "tekun"
    dibao = pay["item"] == "dibao"
    pay.loc[dibao, "split"] = "dibao_" + pay.loc[dibao, "id_number"].map(payee_ur)
    pay["ytd"] = pay["amount_paid"]
    pay["month_paid"] = pay["amount_paid"].where(pay["month"] == period, 0.0)

    ap_ = read(a.data, "applications",
               {"region_code", "kind", "received_at", "decision", "amount"},
               money={"amount"}, categorical={"kind", "decision", "region_code"})
    ap_ = ap_[(ap_["kind"] == "temp") & (ap_["decision"] == "approved")]
    received = to_date(ap_["received_at"])
    ap_ = ap_[(received >= year_start) & (received <= p_end)]
    ap_["unit"] = per_category(ap_["region_code"],
                               lambda c: unit_of(code12(c), prefix, child_digits))
    ap_ = ap_[ap_["unit"].notna()]
    ap_["this_month"] = received[ap_.index] >= p_start

    # ---- standards for the average dibao standard
    std = read(a.data, "standards", {"region_code", "item", "effective_from", "monthly_yuan"},
               money={"monthly_yuan"}, categorical={"item"})
    std = pd.DataFrame({"code": code12(std["region_code"]), "item": std["item"].astype(str),
                        "eff": month_number(std["effective_from"]),
                        "fen": (std["monthly_yuan"] * 100).round()})
    dib = persons[persons["split"].str.startswith("dibao_")]
    dib_hh = hh.loc[dib["household_id"].unique(), ["code", "urban_rural"]]
    dib_std = standards_at(std, dib_hh, period)
    persons["std"] = persons["household_id"].map(dib_std).where(
        persons["split"].str.startswith("dibao_"))

    # ---- one table: per unit, then the total of the report unit
    def figures(unit_col):
        """The statement's figures grouped by unit_col (of each frame)."""
        en_ = en.assign(u=en[unit_col])
        pers = persons.assign(u=persons[unit_col])
        pay_ = pay.assign(u=pay[unit_col])
        app = ap_.assign(u=ap_[unit_col])
        f = pd.concat({
            "households": en_.drop_duplicates(["split", "u", "household_id"])
                             .groupby(["u", "split"]).size(),
            "persons": pers.groupby(["u", "split"]).size(),
            "std_sum": pers.groupby(["u", "split"])["std"].sum(),
            "paid_month": pay_.groupby(["u", "split"])["month_paid"].sum(),
            "paid_ytd": pay_.groupby(["u", "split"])["ytd"].sum(),
        }, axis=1).unstack("split")
        f.columns = [f"{split}_{what}" for what, split in f.columns]
        t = app.groupby("u").agg(temp_count_ytd=("amount", "size"),
                                 temp_paid_ytd=("amount", "sum"))
        tm = app[app["this_month"]].groupby("u").agg(temp_count=("amount", "size"),
                                                    temp_paid=("amount", "sum"))
        return f.join([t, tm], how="outer")

    for df in (en, persons, pay, ap_):
        df["all"] = region
    table = pd.concat([figures("unit"), figures("all")]).fillna(0)

    # the child units of R listed in the divisions, with their names
    div_paths = [a.divisions] if a.divisions else [
        p for p in (os.path.join(a.data, "divisions.csv"),
                    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds",
                                 "divisions.csv")) if os.path.exists(p)]
    div = pd.concat([pd.read_csv(p, dtype=str, comment="#").rename(columns=ALIASES)
                     for p in div_paths])
    div["code"] = code12(div["code"])
    names = div.drop_duplicates("code").set_index("code")["name"]
    kids = names.index[(names.index.str[:sig] == region[:sig]) &
                       (names.index.str[child_digits:] == "0" * (12 - child_digits)) &
                       (names.index != region)]
    rows = sorted(set(kids) | set(table.index[table.index != region]))
    table = table.reindex(rows + [region]).fillna(0)

    def col(name):
        return table[name] if name in table else pd.Series(0.0, index=table.index)

    out = pd.DataFrame(index=table.index)
    out["单位"] = [names.get(c, c) if c != region else "合计" for c in table.index]
    for ur in ("urban", "rural"):
        k = f"dibao_{ur}"
        out[f"{k}_户数"] = col(f"{k}_households")
        out[f"{k}_人数"] = col(f"{k}_persons")
        out[f"{k}_当月支出"] = col(f"{k}_paid_month")
        out[f"{k}_累计支出"] = col(f"{k}_paid_ytd")
        people = col(f"{k}_persons").replace(0, np.nan)
        out[f"{k}_平均标准"] = col(f"{k}_std_sum") / 100 / people
        out[f"{k}_月人均补助"] = col(f"{k}_paid_month") / people
    out["tekun_集中人数"] = col("tekun_centralized_persons")
    out["tekun_分散人数"] = col("tekun_dispersed_persons")
    out["tekun_当月支出"] = col("tekun_paid_month")
    out["tekun_累计支出"] = col("tekun_paid_ytd")
    for k in ("edge", "rigid"):
        out[f"{k}_户数"] = col(f"{k}_households")
        out[f"{k}_人数"] = col(f"{k}_persons")
    out["temp_人次"] = col("temp_count")
    out["temp_当月支出"] = col("temp_paid")
    out["temp_累计支出"] = col("temp_paid_ytd")
    write_workbook(out, a, names.get(region, region), y, m)
    if a.csv:
        out.round(2).to_csv(a.csv, index_label="region_code", encoding="utf-8-sig")


def write_workbook(out, a, unit_name, y, m):
    """The 社会救助情况月报表 sheet: title, period, two-level merged headers,
    one row per unit, number formats, frozen panes."""
    groups = [("城市低保", 6), ("农村低保", 6), ("特困供养", 4), ("低保边缘", 2),
              ("刚性支出困难", 2), ("临时救助", 3)]
    with pd.ExcelWriter(a.out, engine="xlsxwriter") as xw:
        body = out.copy()
        body.columns = ["单位"] + [c.split("_")[-1] for c in out.columns[1:]]
        body.to_excel(xw, sheet_name="社会救助情况月报表", startrow=4, index=False, header=False)
        wb, ws = xw.book, xw.sheets["社会救助情况月报表"]
        head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
        yuan = wb.add_format({"num_format": "#,##0.00"})
        count = wb.add_format({"num_format": "#,##0"})
        ws.merge_range(0, 0, 0, len(body.columns) - 1, "社会救助情况月报表",
                       wb.add_format({"bold": True, "font_size": 16, "align": "center"}))
        ws.write(1, 0, f"{y}年{m}月")
        ws.write(1, 2, f"填报单位：{unit_name}")
        ws.write(1, 6, "计量单位：户、人、元")
        ws.merge_range(2, 0, 3, 0, "单位", head)
        c = 1
        for title, width in groups:
            ws.merge_range(2, c, 2, c + width - 1, title, head)
            for i in range(width):
                ws.write(3, c + i, body.columns[c + i], head)
            c += width
        for i, name in enumerate(body.columns[1:], start=1):
            money = name in ("当月支出", "累计支出", "平均标准", "月人均补助")
            ws.set_column(i, i, 14 if money else 9, yuan if money else count)
        ws.set_column(0, 0, 16)
        ws.freeze_panes(4, 1)
        last = 4 + len(body)
        ws.write(last + 1, 0, "单位负责人：")
        ws.write(last + 1, 6, "填表人：")
        ws.write(last + 1, 12, "报出日期：")


if __name__ == "__main__":
    sys.exit(main())
