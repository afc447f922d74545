/*
 * gnuplot: the external chart renderer.  Renders a chart_def and its
 * chart_data by writing a data file (NAME.dat) and a script (NAME.gp) next
 * to the output and running the `gnuplot` found on PATH with the pngcairo
 * terminal, the same titles and labels, and the CJK font.  The script and
 * data stay in the output directory so that users can edit and re-run them
 * (`cd OUT && gnuplot NAME.gp`).
 */
#ifndef RS_GNUPLOT_H
#define RS_GNUPLOT_H

#include "base/error.h"
#include "report/chartdef.h"
#include "report/report.h"
#include "report/template.h"
#include "render/chartfmt.h"

/* Write def (resolved) with data d into png_name (and its .gp and .dat) in
 * out's directory by running gnuplot, scale pixels per point, with the
 * run's words; fails with a clear message when gnuplot is not on PATH. */
rs_status gnuplot_render(report_outputs *out, const chart_def *def, const chart_data *d,
                         const tpl_words *words, double scale, const char *png_name, rs_error *e);

/* The renderer of a template's charts: section with gnuplot, the other
 * implementation beside render/chart.c's (--charts gnuplot). */
extern const report_renderer gnuplot_renderer;

#endif
