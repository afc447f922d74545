/*
 * xlsx: the workbook renderer.  It draws the `workbook:` section of a
 * template (template.h) with libxlsxwriter: sheets of titles, text rows and
 * tables with one- or two-level merged headers, number formats, totals,
 * frozen panes, autofilters, conditional colours, print set-up and native
 * Excel charts.  It knows nothing of the data's meaning: every table comes
 * from a named dataset (an rs_table) of the run's source, and every text
 * comes resolved for the run (template.h).
 */
#ifndef RS_XLSX_H
#define RS_XLSX_H

#include "base/error.h"
#include "report/report.h"
#include "report/source.h"
#include "report/template.h"

/* Write t's workbook (t resolved for the run) from the datasets of src into
 * the file at path (replaced if it exists).  On failure the file may be
 * partly written: the caller writes to a temporary name and removes it. */
rs_status xlsx_write(const tpl_report *t, const report_source *src, const char *path, rs_error *e);

/* The renderer of a template's workbook: the workbook, named by its file,
 * in the run's output directory (whole or not at all). */
extern const report_renderer xlsx_renderer;

#endif
