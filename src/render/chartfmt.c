/*
 * chartfmt: the numbers, axes, colours and tile texts that the Cairo and
 * gnuplot chart renderers share.  Split from chart.c so that gnuplot.c
 * uses them without Cairo.
 */
#include "render/chartfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const uint32_t palette[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                   0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};

/* ==== numbers ========================================================== */

/* Write |v| rounded to decimals with thousands separators, sign first. */
static char *group_digits(double v, int decimals, char *buf, size_t n)
{
    char raw[64], *dot;
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    bool neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    if (neg && o + 1 < n) buf[o++] = '-';
    for (size_t i = 0; i < intlen && o + 1 < n; i++) {
        if (i && (intlen - i) % 3 == 0 && o + 1 < n) buf[o++] = ',';
        buf[o++] = raw[i];
    }
    snprintf(buf + o, n - o, "%s", dot ? dot : "");
    return buf;
}

/* Divisor and unit name for money of magnitude maxabs (in yuan). */
static double money_div(double maxabs, const tpl_words *w, const char **unit)
{
    bool large = maxabs >= w->yuan_large_from;
    *unit = large ? w->yuan_large : w->yuan;
    return large ? w->yuan_large_size : 1.0;
}

char *chart_format_value(double v, chart_format f, const tpl_words *w, bool with_unit, char *buf,
                         size_t n)
{
    char num[64];
    const char *unit;
    if (isnan(v)) {
        snprintf(buf, n, "—");
        return buf;
    }
    switch (f) {
    case FMT_RATE:
        snprintf(buf, n, "%.1f%%", v * 100.0);
        break;
    case FMT_FEN:
    case FMT_YUAN: {
        double div = money_div(fabs(v), w, &unit);
        group_digits(v / div, 2, num, sizeof num);
        snprintf(buf, n, "%s%s%s", num, with_unit ? " " : "", with_unit ? unit : "");
        break;
    }
    case FMT_COUNT:
        group_digits(v, 0, buf, n);
        break;
    default:
        group_digits(v, fabs(v - round(v)) < 1e-9 ? 0 : 2, buf, n);
    }
    return buf;
}

/* A nice number near x: 1, 2, 5 or 10 times a power of ten, rounded to the
 * nearest when round, else the smallest not below x. */
static double nice_num(double x, bool round_it)
{
    double ex = floor(log10(x)), f = x / pow(10, ex), nf;
    if (round_it)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * pow(10, ex);
}

void chart_nice_ticks(double lo, double hi, int want, double *tlo, double *thi, double *step)
{
    if (!(hi > lo)) {
        double pad = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= lo == 0 ? 0 : pad;
        hi += pad;
    }
    *step = nice_num(nice_num(hi - lo, false) / (want > 1 ? want : 1), true);
    *tlo = floor(lo / *step + 1e-9) * *step;
    *thi = ceil(hi / *step - 1e-9) * *step;
    if (fabs(*tlo) < *step * 1e-9) *tlo = 0;
}

/* ==== value axes ======================================================= */

uint32_t chart_series_color(const chart_def *def, size_t i)
{
    return def->series[i].has_color ? def->series[i].color
                                    : palette[i % (sizeof palette / sizeof palette[0])];
}

/* Extend [*lo, *hi] by v unless v is NAN. */
static void widen(double v, double *lo, double *hi)
{
    if (isnan(v)) return;
    if (v < *lo) *lo = v;
    if (v > *hi) *hi = v;
}

/* The range of the values on axis k of def (stacked sums when stacked),
 * and of the targets on it, into *lo and *hi (infinite when none). */
static void axis_range(const chart_def *def, const chart_data *d, int k, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t c = 0; c < d->ncat; c++) {
        double pos = 0, neg = 0;
        for (size_t s = 0; s < d->nser; s++) {
            double v = d->v[s * d->ncat + c];
            if (def->series[s].axis != k || isnan(v)) continue;
            if (def->stacked)
                *(v >= 0 ? &pos : &neg) += v;
            else
                widen(v, lo, hi);
        }
        if (def->stacked) {
            widen(pos, lo, hi);
            widen(neg, lo, hi);
        }
    }
    for (size_t t = 0; t < def->ntargets; t++)
        if (def->targets[t].axis == k) widen(d->targets[t], lo, hi);
}

void chart_axis_setup(const chart_def *def, const chart_data *d, int k, bool zero, int want,
                      const tpl_words *w, chart_axis *a)
{
    double lo, hi;
    *a = (chart_axis){.fmt = FMT_NUMBER, .div = 1};
    for (size_t s = 0; s < d->nser; s++)
        if (def->series[s].axis == k && !a->used) {
            a->used = true;
            a->fmt = def->series[s].format;
        }
    if (!a->used) return;
    axis_range(def, d, k, &lo, &hi);
    if (zero || !isfinite(lo)) widen(0, &lo, &hi);
    if (!isfinite(hi)) hi = lo;
    if (a->fmt == FMT_RATE && !zero && lo > 0) /* room below the lowest rate */
        lo = fmax(0, lo - (hi - lo) * 0.15);
    if (a->fmt == FMT_FEN || a->fmt == FMT_YUAN)
        a->div = money_div(fmax(fabs(lo), fabs(hi)), w, &a->unit);
    chart_nice_ticks(lo / a->div, hi / a->div, want, &a->lo, &a->hi, &a->step);
    if (a->fmt == FMT_COUNT && a->step < 1)
        chart_nice_ticks(lo, fmax(hi, lo + want), want, &a->lo, &a->hi, &a->step);
    if (a->fmt == FMT_RATE && a->hi > 1 && hi <= 1) a->hi = 1;
    a->lo *= a->div;
    a->hi *= a->div;
    a->step *= a->div;
    double unit_step = a->step / a->div * (a->fmt == FMT_RATE ? 100 : 1);
    a->decimals = unit_step >= 1 ? 0 : (int)ceil(-log10(unit_step) - 1e-9);
    if (a->decimals > 3) a->decimals = 3;
}

char *chart_axis_label(const chart_axis *a, double v, char *buf, size_t n)
{
    char num[64];
    if (a->fmt == FMT_RATE) {
        snprintf(buf, n, "%.*f%%", a->decimals, v * 100);
        return buf;
    }
    group_digits(v / a->div, a->decimals, num, sizeof num);
    snprintf(buf, n, "%s", num);
    return buf;
}

char *chart_bar_label(const chart_axis *a, double v, const tpl_words *w, char *buf, size_t n)
{
    char num[64];
    if (isnan(v)) return strcpy(buf, "—");
    if (a->fmt == FMT_RATE)
        snprintf(buf, n, "%.1f%%", v * 100);
    else if (a->fmt == FMT_FEN || a->fmt == FMT_YUAN)
        snprintf(buf, n, "%s", group_digits(v / a->div, 2, num, sizeof num));
    else
        chart_format_value(v, a->fmt, w, false, buf, n);
    return buf;
}

char *chart_axis_title(const chart_def *def, const chart_axis *a, int k, const tpl_words *w,
                       char *buf, size_t n)
{
    static const char *const names[] = {"title", "unit"};
    const char *t = def->y_title[k].shown;
    if (a->unit && *t)
        text_fill(w->axis_unit, names, (const char *const[]){t, a->unit}, 2, buf, n);
    else
        snprintf(buf, n, "%s", a->unit ? a->unit : t);
    return buf;
}

void chart_axis_unit(const chart_def *def, const chart_data *d, int k, const tpl_words *w,
                     double *div, char *title, size_t n)
{
    chart_axis a;
    chart_axis_setup(def, d, k, true, 5, w, &a);
    *div = a.div;
    chart_axis_title(def, &a, k, w, title, n);
}

/* ==== bars and tiles =================================================== */

bool chart_bar_misses(const chart_def *def, const chart_data *d, double v)
{
    if (!def->has_miss_color || !def->ntargets || isnan(d->targets[0]) || isnan(v)) return false;
    return def->miss_above ? v > d->targets[0] : v < d->targets[0];
}

uint32_t chart_tile_color(const chart_tile *def, const chart_tile_data *t)
{
    double sign = def->lower_is_better ? -1 : 1, v = def->judge.set ? t->judge : t->value;
    if (isnan(v)) return CHART_COL_AXIS;
    if (isnan(t->target)) return CHART_COL_NEUTRAL;
    if (sign * (v - t->target) >= -1e-12) return CHART_COL_GREEN;
    if (isnan(t->zero) || sign * (v - t->zero) <= 1e-12) return CHART_COL_RED;
    return CHART_COL_AMBER;
}

void chart_tile_texts(const chart_tile *def, const chart_tile_data *t, const tpl_words *w,
                      char *value, size_t vn, char *note, size_t nn)
{
    char val[96], jv[128] = "";
    chart_format judged = def->judge.set ? def->judge_format : def->format;
    const char *suffix = def->suffix.shown;
    chart_format_value(t->value, def->format, w, true, val, sizeof val);
    snprintf(value, vn, "%s%s%s", val, *suffix && !isnan(t->value) ? " " : "",
             isnan(t->value) ? "" : suffix);
    note[0] = '\0';
    if (isnan(t->target)) return;
    if (def->judge.set)
        snprintf(jv, sizeof jv, "%s %s · ", def->judge_label.shown,
                 chart_format_value(t->judge, judged, w, true, val, sizeof val));
    chart_format_value(t->target, judged, w, true, val, sizeof val);
    snprintf(note, nn, "%s%s %s %s", jv, *jv ? w->target_judged : w->target,
             def->lower_is_better ? "≤" : "≥", val);
}
