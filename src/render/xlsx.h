/*
 * xlsx: the workbook renderer.  It draws the `workbook:` section of a
 * template (template.h) with libxlsxwriter: sheets of titles, text rows and
 * tables with one- or two-level merged headers, number formats, totals,
 * frozen panes, autofilters, conditional colours, print set-up and native
 * Excel charts.  It knows nothing of the data's meaning: every table comes
 * from a named dataset (an rs_table) that the caller supplies, and every
 * {variable} in a text is expanded by the caller.
 */
#ifndef RS_XLSX_H
#define RS_XLSX_H

#include "base/error.h"
#include "base/table.h"
#include "report/template.h"

/* Where the renderer gets its data.  dataset() puts a new table in *out
 * (the renderer frees it); each name is fetched at most once per workbook. */
typedef struct {
    const char *lang; /* "zh" or "en" */
    rs_status (*dataset)(void *arg, const char *name, rs_table **out, rs_error *e);
    tpl_var_fn var;
    void *arg;
} xlsx_source;

/* Render t's workbook into the file at path (replaced if it exists).  On
 * failure the file may be partly written: the caller writes to a temporary
 * name and removes it. */
rs_status xlsx_render(const tpl_report *t, const xlsx_source *src, const char *path, rs_error *e);

#endif
