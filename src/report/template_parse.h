/*
 * template_parse: what the files of the template model share while they
 * read a template (template.c: the template, its lookups, workbook and
 * charts; template_dash.c: its dashboard).  Private to report/template*.c.
 */
#ifndef RS_TEMPLATE_PARSE_H
#define RS_TEMPLATE_PARSE_H

#include "report/template.h"

/* Zeroed memory for n items of size sz owned by t (freed by tpl_free). */
void *tpl_calloc(tpl_report *t, size_t n, size_t sz);

/* Hand p (from rs_malloc & co) to t, which frees it in tpl_free; returns p. */
void *tpl_own(tpl_report *t, void *p);

/* Check that map is a mapping whose keys are all in allowed (NULL-ended);
 * what names map in the message when it is not a mapping. */
rs_status tpl_check_keys(tpl_report *t, yaml_node_t *map, const char *what,
                         const char *const *allowed, rs_error *e);

/* The text under key of map (a scalar or {zh: .., en: ..}) into *out;
 * absent: *out is left as it was, an error only when required. */
rs_status tpl_parse_text(tpl_report *t, yaml_node_t *map, const char *key, bool required,
                         rs_text *out, rs_error *e);

/* The lookup named by the scalar under key of map into *out (left NULL
 * when the key is absent); a name the lookups lack fails. */
rs_status tpl_parse_lookup(tpl_report *t, yaml_node_t *map, const char *key, const tpl_lookup **out,
                           rs_error *e);

/* Load the chart definition charts/NAME.yaml named at node at (owned by
 * t); an error is prefixed with the template's file and line. */
rs_status tpl_load_chart(tpl_report *t, const yaml_node_t *at, const char *name, chart_def **out,
                         rs_error *e);

/* Read the dashboard: section n of t into t->dashboard. */
rs_status tpl_parse_dashboard(tpl_report *t, yaml_node_t *n, rs_error *e);

#endif
