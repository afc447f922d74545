#!/usr/bin/python3
"""bench_test: checks that the pandas baseline (bench_monthly.py) computes the
monthly statement's numbers right, on the hand-made files of bench/fixture/
(each figure below worked out by hand from indicators.md "Statistics"), so
that `make bench` compares reliefstat with a baseline that does the same job.
It also checks the result table's median, ratio and target logic
(bench_table.py).  scripts/bench.sh runs it before timing anything.
"""
import csv
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_table  # noqa: E402


class MonthlyBaseline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        out = os.path.join(cls.tmp.name, "m.xlsx")
        figs = os.path.join(cls.tmp.name, "m.csv")
        subprocess.run([sys.executable, os.path.join(HERE, "bench_monthly.py"),
                        "--data", os.path.join(HERE, "..", "bench", "fixture"),
                        "--region", "652300", "--period", "2024-09",
                        "--out", out, "--csv", figs], check=True)
        with open(figs, encoding="utf-8-sig") as f:
            cls.rows = {r["region_code"]: r for r in csv.DictReader(f)}
        cls.xlsx = out

    def fig(self, unit, name):
        return float(self.rows[unit][name] or "nan")

    def test_units_are_the_prefecture_counties_and_a_total(self):
        codes = list(self.rows)
        self.assertEqual(codes[-1], "652300000000")
        self.assertIn("652325000000", codes)
        self.assertIn("652301000000", codes)
        self.assertTrue(all(c.startswith("6523") for c in codes))

    def test_dibao_households_and_persons_at_end_of_month(self):
        # H1 urban, 2 alive; H2 rural: P2c died 09-10, P2b by crosscheck 08-01;
        # H3's enrolments start after / end before the end of September.
        self.assertEqual(self.fig("652325000000", "dibao_urban_户数"), 1)
        self.assertEqual(self.fig("652325000000", "dibao_urban_人数"), 2)
        self.assertEqual(self.fig("652325000000", "dibao_rural_人数"), 1)
        self.assertEqual(self.fig("652301000000", "dibao_rural_户数"), 0)

    def test_dibao_money_month_and_year_to_date(self):
        # X2 coded at the township, "1,400.00"; X4 is 2023; X6 payee unknown.
        self.assertEqual(self.fig("652325000000", "dibao_urban_当月支出"), 1400)
        self.assertEqual(self.fig("652325000000", "dibao_urban_累计支出"), 2800)
        self.assertEqual(self.fig("652325000000", "dibao_rural_累计支出"), 500)
        self.assertEqual(self.fig("652300000000", "dibao_rural_累计支出"), 980)

    def test_average_standard_and_per_person_payment(self):
        # 652325's own rural standard from 2024-07 (560) beats the region's;
        # the 2024-10 one is not yet in force.
        self.assertEqual(self.fig("652325000000", "dibao_urban_平均标准"), 700)
        self.assertEqual(self.fig("652325000000", "dibao_rural_平均标准"), 560)
        self.assertEqual(self.fig("652325000000", "dibao_urban_月人均补助"), 700)

    def test_tekun_edge_and_temporary_assistance(self):
        self.assertEqual(self.fig("652325000000", "tekun_集中人数"), 1)
        self.assertEqual(self.fig("652325000000", "tekun_分散人数"), 1)
        self.assertEqual(self.fig("652325000000", "tekun_当月支出"), 900)
        self.assertEqual(self.fig("652325000000", "edge_户数"), 1)
        self.assertEqual(self.fig("652300000000", "temp_人次"), 2)
        self.assertEqual(self.fig("652300000000", "temp_当月支出"), 1200)
        self.assertEqual(self.fig("652300000000", "temp_累计支出"), 1700)

    def test_workbook_has_the_statement_sheet(self):
        import openpyxl
        ws = openpyxl.load_workbook(self.xlsx)["社会救助情况月报表"]
        self.assertEqual(ws["A1"].value, "社会救助情况月报表")
        self.assertEqual(ws["A2"].value, "2024年9月")
        self.assertEqual(ws["B3"].value, "城市低保")


class ResultTable(unittest.TestCase):
    def test_median_and_target(self):
        self.assertEqual(bench_table.median([3.0, 1.0, 2.0]), 2.0)
        self.assertEqual(bench_table.median([4.0, 1.0]), 2.5)
        self.assertTrue(bench_table.met(0.9, "<=", 1.0))
        self.assertFalse(bench_table.met(1.1, "<=", 1.0))
        self.assertTrue(bench_table.met(12.0, ">=", 10.0))


if __name__ == "__main__":
    unittest.main(verbosity=1)
