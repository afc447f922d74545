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
 * --unmasked, else footer ("reliefstat {version}" when the one the run
 * needs is absent).
 * A row without a height shares the page's remaining height; a panel's
 * width is a weight (default 1).  A column's `lookup` names a map of the
 * template's root `lookups:` (a mapping, or a file in report_templates/);
 * its `fallback` names a field shown where the column's own is empty; its
 * `title_unmasked`, when given, is its title under --unmasked.
 * Every text a reader sees is a scalar or {zh, en} with {variables} of
 * chart_expand().  Tables show what fits and say how many rows they left out.
 */
#ifndef RS_DASHBOARD_H
#define RS_DASHBOARD_H

#include "base/error.h"
#include "base/yamldoc.h"
#include "report/report.h"
#include "render/chart.h"

/* Draw the dashboard described by section (a node of doc) from the data of
 * src into a PDF file at path. */
rs_status dashboard_render(yd_doc *doc, yaml_node_t *section, const chart_source *src,
                           const chart_vars *v, const char *path, rs_error *e);

/* Write the dashboard PDF of a template's `dashboard:` section into
 * ctx->out_dir (whole or not at all). */
rs_status dashboard_render_section(report_ctx *ctx, yd_doc *doc, yaml_node_t *section, rs_error *e);

#endif
