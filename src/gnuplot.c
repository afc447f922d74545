/*
 * gnuplot: placeholder
 */
#include "gnuplot.h"
rs_status gnuplot_render(report_ctx *ctx, const chart_def *def, const chart_data *d,
                         const chart_vars *v, const char *png_name, rs_error *e)
{
    return rs_fail(e, RS_EINTERNAL, "gnuplot renderer not written yet");
}
