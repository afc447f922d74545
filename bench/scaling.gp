# The scaling curve of `make bench`: median seconds of each step against the
# number of ledger rows (county, prefecture and region scale), log-log, from
# bench/scaling.dat (written by scripts/bench_table.py; a step that timed out
# or did not run is NaN, a gap).  Run from the repo root:
#   gnuplot bench/scaling.gp   ->   bench/scaling.svg
set terminal svg size 900,560 dynamic noenhanced font "Noto Sans CJK SC,11"
set output "bench/scaling.svg"
set title "reliefstat: median seconds per step against ledger rows"
set xlabel "ledger rows (payments.csv)"
set ylabel "median seconds"
set logscale xy
set xrange [10000:20000000]
set format x "%.0s%c"
set grid
set key outside right top
set datafile missing "NaN"
set key autotitle columnhead
plot for [c=3:12] "bench/scaling.dat" using 2:c with linespoints lw 2 pt 7
