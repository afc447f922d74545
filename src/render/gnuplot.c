/*
 * gnuplot: the external chart renderer.  Writes a chart's numbers to a
 * tab-separated data file and a gnuplot script that draws them with the
 * pngcairo terminal in the CJK font, runs `gnuplot` in the output
 * directory, and keeps the script and data beside the PNG.  The script
 * reads `datafile` and writes `outfile` unless they are given with -e, so
 * that the run can write to temporary names and rename all three files.
 */
#include "render/gnuplot.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"

#define GP_FONT "Noto Sans CJK SC"

/* ---- helpers ----------------------------------------------------------- */

/* The full path of gnuplot on PATH, in a new string; NULL if not found. */
static char *find_gnuplot(void)
{
    const char *path = getenv("PATH");
    char *copy = rs_strdup(path && *path ? path : "/usr/bin:/bin"), *save = NULL, *found = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *cand = rs_sprintf("%s/gnuplot", *dir ? dir : ".");
        if (access(cand, X_OK) == 0)
            found = cand;
        else
            free(cand);
    }
    free(copy);
    return found;
}

/* Write s to f as a gnuplot double-quoted string. */
static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
    }
    fputc('"', f);
}

/* Write "#RRGGBB" of rgb to f as a quoted string. */
static void put_color(FILE *f, uint32_t rgb)
{
    fprintf(f, "\"#%06x\"", (unsigned)rgb & 0xffffff);
}

/* The value of series s at category c as written to the data file: in the
 * axis unit (div), rates in percent; "NaN" for a gap. */
static void put_value(FILE *f, const chart_def *def, const chart_data *d, size_t s, size_t c,
                      const double div[2])
{
    double v = d->v[s * d->ncat + c];
    if (isnan(v))
        fputs("NaN", f);
    else if (def->series[s].format == FMT_RATE)
        fprintf(f, "%.10g", v * 100);
    else
        fprintf(f, "%.10g", v / div[def->series[s].axis]);
}

/* ---- data file ----------------------------------------------------------- */

/* Write the data file: a row per category (index, label, one column per
 * series, then one bar colour per series); for a donut a row per slice
 * (index, label, value, share, start and end angle, colour); for tiles a
 * row per tile (label, value, note, colour). */
static void write_data(FILE *f, const chart_def *def, const chart_data *d, const tpl_words *words,
                       const double div[2])
{
    fprintf(f, "# reliefstat chart %s: its numbers, as drawn\n", def->name);
    if (def->type == CHART_TILES) {
        for (size_t i = 0; i < def->ntiles; i++) {
            char value[160], note[256];
            chart_tile_texts(&def->tiles[i], &d->tiles[i], words, value, sizeof value, note,
                             sizeof note);
            fprintf(f, "%s\t%s\t%s\t#%06x\n", def->tiles[i].label.shown, value, *note ? note : "-",
                    (unsigned)chart_tile_color(&def->tiles[i], &d->tiles[i]));
        }
        return;
    }
    if (def->type == CHART_DONUT) {
        double total = 0, a = 90;
        for (size_t s = 0; s < d->nser; s++)
            total += d->v[s * d->ncat] > 0 ? d->v[s * d->ncat] : 0;
        for (size_t s = 0; s < d->nser; s++) {
            double v = d->v[s * d->ncat] > 0 ? d->v[s * d->ncat] : 0;
            double sweep = total > 0 ? v / total * 360 : 0;
            fprintf(f, "%zu\t%s\t%.10g\t%.4f\t%.6f\t%.6f\t%u\n", s, def->series[s].label.shown, v,
                    total > 0 ? v / total * 100 : 0, a - sweep, a,
                    (unsigned)chart_series_color(def, s));
            a -= sweep;
        }
        return;
    }
    for (size_t c = 0; c < d->ncat; c++) {
        fprintf(f, "%zu\t%s", c, d->cats[c]);
        for (size_t s = 0; s < d->nser; s++) {
            fputc('\t', f);
            put_value(f, def, d, s, c, div);
        }
        for (size_t s = 0; s < d->nser; s++)
            fprintf(f, "\t%u",
                    (unsigned)(chart_bar_misses(def, d, d->v[s * d->ncat + c])
                                   ? def->miss_color
                                   : chart_series_color(def, s)));
        fputc('\n', f);
    }
}

/* ---- script -------------------------------------------------------------- */

/* Target lines: vertical for hbar, else horizontal on the target's axis. */
static void put_targets(FILE *f, const chart_def *def, const chart_data *d, const tpl_words *words,
                        const double div[2])
{
    for (size_t t = 0; t < def->ntargets; t++) {
        const chart_target *tg = &def->targets[t];
        bool rate = false;
        char val[64], label[256];
        if (isnan(d->targets[t])) continue;
        for (size_t s = 0; s < d->nser; s++)
            rate = rate || (def->series[s].axis == tg->axis && def->series[s].format == FMT_RATE);
        double v = rate ? d->targets[t] * 100 : d->targets[t] / div[tg->axis];
        const char *sys = tg->axis ? "second" : "first";
        snprintf(label, sizeof label, "%s %s", tg->label.shown,
                 chart_format_value(d->targets[t], rate ? FMT_RATE : FMT_NUMBER, words, false, val,
                                    sizeof val));
        if (def->type == CHART_HBAR)
            fprintf(f,
                    "set arrow from first %.10g, graph 0 to first %.10g, graph 1 nohead dt 2 "
                    "lw 1.5 lc rgb ",
                    v, v);
        else
            fprintf(f,
                    "set arrow from graph 0, %s %.10g to graph 1, %s %.10g nohead dt 2 lw 1.5 "
                    "lc rgb ",
                    sys, v, sys, v);
        put_color(f, tg->color);
        fputs("\nset label ", f);
        put_string(f, label);
        if (def->type == CHART_HBAR)
            fprintf(f, " at first %.10g, graph 1 offset 0,%zu center tc rgb ", v, 1 + t);
        else
            fprintf(f, " at graph 1, %s %.10g offset -0.5,0.6 right tc rgb ", sys, v);
        put_color(f, tg->color);
        fputc('\n', f);
    }
}

/* Axis titles, with rates shown in percent. */
static void put_axes(FILE *f, const chart_def *def, const chart_data *d, const tpl_words *words,
                     double div[2])
{
    char title[256];
    bool used[2] = {false, false}, rate[2] = {false, false};
    for (size_t s = 0; s < d->nser; s++) {
        used[def->series[s].axis] = true;
        rate[def->series[s].axis] |= def->series[s].format == FMT_RATE;
    }
    for (int k = 0; k < 2; k++) {
        const char *ax = def->type == CHART_HBAR ? "x" : k ? "y2" : "y";
        div[k] = 1;
        if (!used[k]) continue;
        chart_axis_unit(def, d, k, words, &div[k], title, sizeof title);
        fprintf(f, "set %slabel ", ax);
        put_string(f, title);
        fprintf(f, "\nset format %s \"%s\"\n", ax, rate[k] ? "%g%%" : "%g");
        if (k) fputs("set y2tics\nset ytics nomirror\n", f);
        if (!rate[k] || def->type != CHART_LINE) fprintf(f, "set %srange [0:*]\n", ax);
    }
}

/* The plot commands for hbar, bar and line charts. */
static void put_plot(FILE *f, const chart_def *def, const chart_data *d, const tpl_words *words)
{
    size_t n = d->nser;
    if (def->type == CHART_HBAR) {
        fprintf(f,
                "set yrange [%zu.5:-0.5]\nset ytics scale 0\nset grid xtics\n"
                "set offsets 0, graph 0.12, 0, 0\n",
                d->ncat - 1);
        fputs("set style fill solid 1.0 noborder\nplot ", f);
        for (size_t s = 0; s < n; s++) {
            double h = 0.7 / (double)n, off = -0.35 + h * ((double)s + 0.5);
            fprintf(
                f,
                "%sdatafile using (column(%zu)/2):($1+%.4f):(column(%zu)/2):(%.4f):(column(%zu))"
                "%s with boxxyerror lc rgb variable title ",
                s ? ", \\\n     " : "", 3 + s, off, 3 + s, h / 2, 3 + n + s, s ? "" : ":ytic(2)");
            put_string(f, n > 1 ? def->series[s].label.shown : "");
            fprintf(f,
                    ", \\\n     datafile using (column(%zu)):($1+%.4f):(sprintf(\"%s\", "
                    "column(%zu))) with labels left offset 0.5,0 notitle",
                    3 + s, off, def->series[s].format == FMT_RATE ? "%.1f%%" : "%.2f", 3 + s);
        }
        fputc('\n', f);
        return;
    }
    fprintf(f, "set xrange [-0.5:%zu.5]\nset xtics rotate by 45 right scale 0\nset grid ytics\n",
            d->ncat - 1);
    if (def->type == CHART_BAR)
        fprintf(f,
                "set style data histograms\nset style histogram %s\nset style fill solid 1.0 "
                "noborder\nset boxwidth 0.7\n",
                def->stacked ? "rowstacked" : "clustered gap 1");
    fputs("plot ", f);
    for (size_t s = 0; s < n; s++) {
        fputs(s ? ", \\\n     " : "", f);
        if (def->type == CHART_BAR)
            fprintf(f, "datafile using %zu%s lc rgb ", 3 + s, s ? "" : ":xtic(2)");
        else
            fprintf(f,
                    "datafile using 1:%zu%s axes x1y%d with linespoints pt 7 ps 0.6 lw 2 lc rgb ",
                    3 + s, s ? "" : ":xtic(2)", def->series[s].axis + 1);
        put_color(f, chart_series_color(def, s));
        fputs(" title ", f);
        put_string(f, def->series[s].label.shown);
    }
    fputc('\n', f);
}

/* A donut: slices as wedges, a white hole with the total, a legend. */
static void put_donut(FILE *f, const chart_def *def, const chart_data *d, const tpl_words *words)
{
    char total[64];
    double sum = 0;
    for (size_t s = 0; s < d->nser; s++)
        sum += d->v[s * d->ncat] > 0 ? d->v[s * d->ncat] : 0;
    chart_format_value(sum, def->series[0].format, words, false, total, sizeof total);
    fprintf(f,
            "unset border\nunset tics\nunset key\nset size ratio -1\nset xrange [-1.1:3.3]\n"
            "set yrange [-1.1:1.1]\nset style fill solid 1.0 border lc rgb \"white\"\n"
            "set object 1 circle at 0,0 size 0.58 fc rgb \"white\" fs solid front\n"
            "set label 1 \"%s\\n%s\" at 0,0 center front font \",14\"\n",
            total, words->total);
    fprintf(f,
            "plot datafile using (0):(0):(1):5:6:7 with circles lc rgb variable, \\\n"
            "     datafile using (1.35):(0.8-$1*%.4f):7 with points pt 5 ps 2 lc rgb variable, \\\n"
            "     datafile using (1.5):(0.8-$1*%.4f):(sprintf(\"%%s  %%.0f  %%.1f%%%%\", "
            "stringcolumn(2), $3, $4)) with labels left\n",
            1.6 / (double)(d->nser > 1 ? d->nser - 1 : 1),
            1.6 / (double)(d->nser > 1 ? d->nser - 1 : 1));
}

/* Tiles: a coloured box per tile with its label, value and note. */
static void put_tiles(FILE *f, const chart_def *def, const chart_data *d, const tpl_words *words,
                      double scale)
{
    size_t cols = def->columns > 0 ? (size_t)def->columns : def->ntiles;
    size_t rows = (def->ntiles + cols - 1) / cols;
    fprintf(f,
            "unset border\nunset tics\nunset key\nset margins 0,0,0,0\n"
            "set xrange [0:%zu]\nset yrange [%zu:0]\n",
            cols, rows);
    for (size_t i = 0; i < def->ntiles; i++) {
        char value[160], note[256];
        double x = (double)(i % cols), y = (double)(i / cols);
        uint32_t col = chart_tile_color(&def->tiles[i], &d->tiles[i]);
        chart_tile_texts(&def->tiles[i], &d->tiles[i], words, value, sizeof value, note,
                         sizeof note);
        fprintf(f, "set object %zu rect from %.3f,%.3f to %.3f,%.3f fc rgb ", i + 1, x + 0.03,
                y + 0.08, x + 0.97, y + 0.92);
        put_color(f, col);
        fputs(" fs transparent solid 0.12 border lc rgb ", f);
        put_color(f, col);
        fputs("\nset label ", f);
        put_string(f, def->tiles[i].label.shown);
        fprintf(f, " at %.3f,%.3f left\nset label ", x + 0.08, y + 0.25);
        put_string(f, value);
        fprintf(f, " at %.3f,%.3f left font \",%.0f\"\nset label ", x + 0.08, y + 0.55, 14 * scale);
        put_string(f, note);
        fprintf(f, " at %.3f,%.3f left font \",%.0f\" tc rgb ", x + 0.08, y + 0.82, 6 * scale);
        put_color(f, col);
        fputc('\n', f);
    }
    fputs("plot NaN notitle\n", f);
}

/* Write the whole script for def to f; base is the files' name without
 * extension. */
static void write_script(FILE *f, const chart_def *def, const chart_data *d, const tpl_words *words,
                         double scale, const char *base, double div[2])
{
    const char *title = def->title.shown, *sub = def->subtitle.shown;
    fprintf(f,
            "# reliefstat chart %s, drawn by gnuplot.  Edit and re-run in this folder:\n"
            "#   gnuplot %s.gp\n"
            "if (!exists(\"datafile\")) datafile = \"%s.dat\"\n"
            "if (!exists(\"outfile\")) outfile = \"%s.png\"\n",
            def->name, base, base, base);
    fprintf(f,
            "set terminal pngcairo size %ld,%ld font \"%s,%.0f\" linewidth %.2f noenhanced\n"
            "set output outfile\nset encoding utf8\n"
            "set datafile separator \"\\t\"\nset border 3 lc rgb \"#999999\"\n"
            "set tics nomirror textcolor rgb \"#444444\"\nset grid lc rgb \"#e3e3e3\"\n"
            "set key outside below center horizontal noautotitle\nset tmargin %d\n",
            (long)(def->width * scale), (long)(def->height * scale), GP_FONT, 7 * scale,
            scale / 1.5, def->type == CHART_HBAR ? 3 + (int)def->ntargets : 3);
    if (*title || *sub) {
        char both[1100];
        snprintf(both, sizeof both, "%s%s%s", title, *title && *sub ? " · " : "", sub);
        fputs("set title ", f);
        put_string(f, both);
        fprintf(f, " font \",%.0f\"\n", 9 * scale);
    }
    div[0] = div[1] = 1;
    if (def->type == CHART_TILES) {
        put_tiles(f, def, d, words, scale);
        return;
    }
    if (def->type == CHART_DONUT) {
        put_donut(f, def, d, words);
        return;
    }
    put_axes(f, def, d, words, div);
    put_targets(f, def, d, words, div);
    put_plot(f, def, d, words);
}

/* ---- running ------------------------------------------------------------- */

/* Run gnuplot in dir on script with datafile and outfile set; the first
 * lines of its error output go into the error message. */
static rs_status run_gnuplot(const char *exe, const char *dir, const char *script,
                             const char *datafile, const char *outfile, rs_error *e)
{
    char *set = rs_sprintf("datafile='%s'; outfile='%s'", datafile, outfile), err[1024] = "";
    int fds[2], status = 0;
    if (pipe(fds) != 0) {
        free(set);
        return rs_fail(e, RS_EIO, "pipe: %s", strerror(errno));
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        if (chdir(dir) == 0) execl(exe, "gnuplot", "-e", set, script, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t k;
    while ((k = read(fds[0], err + n, sizeof err - 1 - n)) > 0 && n + 1 < sizeof err)
        n += (size_t)k;
    err[n] = '\0';
    close(fds[0]);
    free(set);
    if (pid < 0) return rs_fail(e, RS_EINTERNAL, "cannot start %s: %s", exe, strerror(errno));
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strstr(err, "rror"))
        return rs_fail(e, RS_EINTERNAL, "gnuplot failed on %s/%s: %s", dir, script,
                       err[0] ? err : "no message");
    return RS_OK;
}

rs_status gnuplot_render(report_outputs *out, const chart_def *def, const chart_data *d,
                         const tpl_words *words, double scale, const char *png_name, rs_error *e)
{
    static const char *const exts[] = {"dat", "gp", "png"};
    char names[3][512], *tmp[3] = {NULL, NULL, NULL}, *exe = find_gnuplot();
    double div[2] = {1, 1};
    rs_status s = RS_OK;
    size_t base = strlen(png_name);
    if (base > 4 && strcmp(png_name + base - 4, ".png") == 0) base -= 4;
    if (!exe)
        return rs_fail(e, RS_EUSAGE,
                       "gnuplot is not on PATH: install it (Debian: gnuplot-nox) or use "
                       "--charts cairo");
    for (int i = 0; i < 3 && s == RS_OK; i++) {
        snprintf(names[i], sizeof names[i], "%.*s.%s", (int)base, png_name, exts[i]);
        s = report_output_begin(out, names[i], &tmp[i], e);
    }
    FILE *sf = s == RS_OK ? fopen(tmp[1], "w") : NULL;
    FILE *df = sf ? fopen(tmp[0], "w") : NULL;
    if (s == RS_OK && (!sf || !df)) s = rs_fail(e, RS_EIO, "%s: %s", out->dir, strerror(errno));
    if (s == RS_OK) {
        char stem[512];
        snprintf(stem, sizeof stem, "%.*s", (int)base, png_name);
        write_script(sf, def, d, words, scale, stem, div);
        write_data(df, def, d, words, div);
    }
    if (sf && fclose(sf) != 0 && s == RS_OK)
        s = rs_fail(e, RS_EIO, "%s: %s", tmp[1], strerror(errno));
    if (df && fclose(df) != 0 && s == RS_OK)
        s = rs_fail(e, RS_EIO, "%s: %s", tmp[0], strerror(errno));
    if (s == RS_OK)
        s = run_gnuplot(exe, out->dir, strrchr(tmp[1], '/') + 1, strrchr(tmp[0], '/') + 1,
                        strrchr(tmp[2], '/') + 1, e);
    for (int i = 0; i < 3 && s == RS_OK; i++)
        s = report_output_commit(out, tmp[i], names[i], e);
    for (int i = 0; i < 3; i++) {
        if (s != RS_OK) report_output_abort(tmp[i]);
        free(tmp[i]);
    }
    free(exe);
    return s;
}

/* The gnuplot renderer of a template's charts: section: each chart, bound
 * for the run, through gnuplot into NAME.png, with NAME.gp and NAME.dat. */
static rs_status render_charts(const tpl_report *t, const report_source *src, report_outputs *out,
                               rs_error *e)
{
    rs_status s = RS_OK;
    for (size_t i = 0; i < t->ncharts && s == RS_OK; i++)
        s = gnuplot_render(out, t->charts[i].def, t->charts[i].data, &t->words, t->charts[i].scale,
                           t->charts[i].file, e);
    return s;
}

const report_renderer gnuplot_renderer = {"charts (gnuplot)", render_charts};
