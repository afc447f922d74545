/*
 * dashboard: the leader dashboard, an A4 landscape PDF of one to three
 * pages drawn with Cairo: a header (title, unit, month), rows of panels
 * (charts of charts/, or tables of records), a footer with page numbers.
 * The layout is the `dashboard:` section of a report template:
 *
 *   dashboard:
 *     file: {zh: "领导驾驶舱_{unit_code}_{period}.pdf", en: ...}
 *     title: {zh: "{unit_name}社会救助运行监测", en: ...}
 *     footer: {zh: "reliefstat {version} · 身份证号已脱敏", en: ...}
 *     footer_unmasked: {zh: "reliefstat {version} · 身份证号未脱敏（--unmasked）", en: ...}
 *     pages:
 *       - rows:
 *           - {height: 104, panels: [{chart: kpi_tiles}]}
 *           - panels: [{chart: rank_on_time}, {chart: trend_payments}]
 *     tables:
 *       problems:
 *         dataset: findings
 *         title: {zh: 主要问题, en: Top problems}
 *         sort: amount_fen          # descending; NULL last
 *         limit: 15
 *         empty: {zh: 本期未发现问题, en: No findings}
 *         columns:
 *           - {field: code, lookup: findings, title: {zh: 问题, en: Problem}, width: 2}
 *           - {field: amount_fen, title: {zh: 金额（元）, en: Amount (yuan)}, format: fen}
 *
 * The footer, left of the page number, is footer_unmasked in a run with
 * --unmasked, else footer (the words' dashboard_footer, "reliefstat
 * {version}", when the one the run needs is absent); the subtitle and the
 * file name default to the words' too (report_templates/_words.yaml).
 * A row without a height shares the page's remaining height; a panel's
 * width is a weight (default 1).  A column's `lookup` names a map of the
 * template's `lookups:` (template.h); its `fallback` names a field shown
 * where the column's own is empty; its `title_unmasked`, when given, is its
 * title under --unmasked; its `format` is text, count, fen, yuan or rate
 * (default: fen for a money column, else text).
 * Every text a reader sees is a scalar or {zh, en} with the report's
 * {variables}.  Tables show what fits and say how many rows they left out.
 * The section is read and checked with its template (report/template.h);
 * this renderer draws the model resolved for the run.
 */
#ifndef RS_DASHBOARD_H
#define RS_DASHBOARD_H

#include "base/error.h"
#include "report/report.h"
#include "report/source.h"
#include "report/template.h"

/* Draw the dashboard of t (resolved, its panels' data bound) from the
 * datasets of src into a PDF file at path. */
rs_status dashboard_render_file(const tpl_report *t, const report_source *src, const char *path,
                                rs_error *e);

/* The renderer of a template's dashboard: the PDF, named by the
 * dashboard's file, in the run's output directory (whole or not at all). */
extern const report_renderer dashboard_renderer;

#endif
