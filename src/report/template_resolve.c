/*
 * template_resolve: the model of a template resolved for one run, once,
 * before anything is drawn: every text in the run's language with its
 * {variables} filled in, the titles a run with --unmasked shows, the
 * conditions' values, the alerts' thresholds, the lookups in the run's
 * language and the words the renderers add (report_templates/_words.yaml);
 * then the data of its charts, bound from the run's source.  Split from
 * template.c, which reads and checks the model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/mask.h"
#include "report/template_parse.h"

/* ---------------------------------------------------------------- words */

/* The words of report_templates/_words.yaml a run needs besides the
 * month's (base/text checks those): where each goes in tpl_words, a text
 * (whose pattern may use the names given) or a positive number; or RUN, a
 * default of a template's text, resolved with the run's variables. */
typedef enum { WORD_TEXT, WORD_NUMBER, WORD_RUN } word_kind;
static const struct {
    const char *name;
    word_kind kind;
    size_t offset;
    const char *vars[2];
} run_words[] = {
    {"no_data", WORD_TEXT, offsetof(tpl_words, no_data), {NULL}},
    {"total", WORD_TEXT, offsetof(tpl_words, total), {NULL}},
    {"yuan", WORD_TEXT, offsetof(tpl_words, yuan), {NULL}},
    {"yuan_large", WORD_TEXT, offsetof(tpl_words, yuan_large), {NULL}},
    {"yuan_large_size", WORD_NUMBER, offsetof(tpl_words, yuan_large_size), {NULL}},
    {"yuan_large_from", WORD_NUMBER, offsetof(tpl_words, yuan_large_from), {NULL}},
    {"target", WORD_TEXT, offsetof(tpl_words, target), {NULL}},
    {"target_judged", WORD_TEXT, offsetof(tpl_words, target_judged), {NULL}},
    {"right_axis", WORD_TEXT, offsetof(tpl_words, right_axis), {"label"}},
    {"axis_unit", WORD_TEXT, offsetof(tpl_words, axis_unit), {"title", "unit"}},
    {"page", WORD_TEXT, offsetof(tpl_words, page), {"page", "pages"}},
    {"rows_shown", WORD_TEXT, offsetof(tpl_words, rows_shown), {"shown", "rows"}},
    {"sheet_footer", WORD_TEXT, offsetof(tpl_words, sheet_footer), {NULL}},
    {"dashboard_file", WORD_RUN, 0, {NULL}},
    {"dashboard_subtitle", WORD_RUN, 0, {NULL}},
    {"dashboard_footer", WORD_RUN, 0, {NULL}},
};

/* Check word i of run_words, t, in both languages, and put it in lang in
 * *out. */
static rs_status read_word(const text_words *w, size_t i, const rs_text *t, const char *lang,
                           tpl_words *out, rs_error *e)
{
    static const char *const langs[] = {"zh", "en"};
    const char *name = run_words[i].name, *v = text_get(t, lang);
    char *at = (char *)out + run_words[i].offset, *end;
    size_t nvars = run_words[i].vars[1] ? 2 : run_words[i].vars[0] ? 1 : 0;
    switch (run_words[i].kind) {
    case WORD_TEXT:
        for (size_t l = 0; l < 2; l++)
            if (text_check_vars(text_get(t, langs[l]), run_words[i].vars, nvars, e) != RS_OK) {
                rs_error_prefix(e, "%s:%d: key '%s'", text_words_file(w), t->line, name);
                return RS_ETEMPLATE;
            }
        *(const char **)at = v;
        return RS_OK;
    case WORD_NUMBER:
        *(double *)at = strtod(v, &end);
        if (*v && !*end && *(double *)at > 0) return RS_OK;
        return rs_fail(e, RS_ETEMPLATE, "%s:%d: key '%s': '%s' is not a positive number",
                       text_words_file(w), t->line, name, v);
    default:
        return RS_OK;
    }
}

rs_status tpl_words_load(const char *path, const char *lang, text_words **out, tpl_words *words,
                         rs_error *e)
{
    rs_status s = text_words_load(path, out, e);
    *words = (tpl_words){.lang = lang};
    for (size_t i = 0; i < sizeof run_words / sizeof run_words[0] && s == RS_OK; i++) {
        const rs_text *t = text_word(*out, run_words[i].name);
        s = t ? read_word(*out, i, t, lang, words, e)
              : rs_fail(e, RS_ETEMPLATE, "%s: key '%s': missing", path, run_words[i].name);
    }
    if (s != RS_OK) {
        text_words_free(*out);
        *out = NULL;
    }
    return s;
}

/* ---------------------------------------------------------------- texts */

/* What the texts of one template are resolved with. */
typedef struct {
    tpl_report *t; /* the template they are written in */
    const text_run *run;
} resolver;

static rs_status resolve(const resolver *r, rs_text *x, rs_error *e)
{
    return text_resolve(x, r->t->path, r->run, r->t->pool, e);
}

/* Resolve title, or title_unmasked instead in a run with --unmasked when
 * it is given; title->shown is set either way. */
static rs_status resolve_title(const resolver *r, rs_text *title, rs_text *unmasked, rs_error *e)
{
    rs_status s;
    if (!mask_unmasked || !text_given(unmasked)) return resolve(r, title, e);
    if ((s = resolve(r, unmasked, e)) == RS_OK) title->shown = unmasked->shown;
    return s;
}

/* x, or when the template does not give it the word called name. */
static rs_status resolve_or_word(const resolver *r, rs_text *x, const char *name, rs_error *e)
{
    if (text_given(x)) return resolve(r, x, e);
    rs_text w = *text_word(r->run->words, name);
    rs_status s = text_resolve(&w, text_words_file(r->run->words), r->run, r->t->pool, e);
    x->shown = w.shown;
    return s;
}

/* The lookups of t in the run's language (not expanded: they are names). */
static void resolve_lookups(tpl_report *t, const char *lang)
{
    for (size_t i = 0; i < t->nlookups; i++) {
        tpl_lookup *l = &t->lookups[i];
        if (l->shown) g_hash_table_destroy(l->shown);
        l->shown = g_hash_table_new(g_str_hash, g_str_equal);
        for (size_t j = 0; j < l->n; j++)
            g_hash_table_insert(l->shown, (gpointer)l->codes[j],
                                (gpointer)text_get(&l->texts[j], lang));
    }
}

/* ---------------------------------------------------------------- workbook */

static rs_status resolve_where(const resolver *r, tpl_where *w, rs_error *e)
{
    if (w->op == TPL_WHERE_NONE) return RS_OK;
    w->matches = tpl_calloc(r->t, w->nvalues, sizeof *w->matches);
    for (size_t i = 0; i < w->nvalues; i++) {
        char *v = NULL;
        if (text_expand(w->values[i], r->run->var, r->run->arg, &v, e) != RS_OK) {
            rs_error_prefix(e, "%s:%d", r->t->path, yd_line(w->node));
            return RS_ETEMPLATE;
        }
        w->matches[i] = g_string_chunk_insert_const(r->t->pool, v);
        free(v);
    }
    return RS_OK;
}

/* A column's title and group, and its alert's threshold. */
static rs_status resolve_column(const resolver *r, tpl_column *c, rs_error *e)
{
    char *v = NULL, *end;
    rs_status s;
    if ((s = resolve_title(r, &c->title, &c->title_unmasked, e)) != RS_OK ||
        (s = resolve(r, &c->group, e)) != RS_OK)
        return s;
    if (c->alert != TPL_ALERT_BELOW && c->alert != TPL_ALERT_ABOVE) return RS_OK;
    if (text_expand(c->alert_arg, r->run->var, r->run->arg, &v, e) != RS_OK) {
        rs_error_prefix(e, "%s:%d", r->t->path, yd_line(c->node));
        return RS_ETEMPLATE;
    }
    double d = strtod(v, &end);
    c->threshold = *v && !*end ? d : NAN;
    if (*v && *end) s = tpl_fail(r->t, c->node, "alert", e, "threshold '%s' is not a number", v);
    free(v);
    return s;
}

static rs_status resolve_table(const resolver *r, tpl_table *tb, rs_error *e)
{
    rs_status s;
    if ((s = resolve(r, &tb->caption, e)) != RS_OK || (s = resolve(r, &tb->empty, e)) != RS_OK ||
        (s = resolve(r, &tb->total_label, e)) != RS_OK ||
        (s = resolve_where(r, &tb->where, e)) != RS_OK ||
        (s = resolve_where(r, &tb->total_where, e)) != RS_OK)
        return s;
    for (size_t i = 0; i < tb->ncols && s == RS_OK; i++)
        s = resolve_column(r, &tb->cols[i], e);
    return s;
}

static rs_status resolve_sheet(const resolver *r, tpl_sheet *sh, rs_error *e)
{
    rs_status s = resolve(r, &sh->name, e);
    for (size_t i = 0; i < sh->nblocks && s == RS_OK; i++) {
        tpl_block *b = &sh->blocks[i];
        if (b->kind == TPL_BLOCK_TABLE)
            s = resolve_table(r, &b->table, e);
        else if ((s = resolve(r, &b->text, e)) == RS_OK)
            s = resolve(r, &b->right, e);
    }
    for (size_t i = 0; i < sh->ncharts && s == RS_OK; i++)
        if ((s = resolve(r, &sh->charts[i].title, e)) == RS_OK)
            s = resolve(r, &sh->charts[i].y_title, e);
    return s;
}

static rs_status resolve_workbook(const resolver *r, tpl_workbook *wb, rs_error *e)
{
    rs_status s = resolve(r, &wb->file, e);
    for (size_t i = 0; i < wb->nsheets && s == RS_OK; i++)
        s = resolve_sheet(r, &wb->sheets[i], e);
    return s;
}

/* ---------------------------------------------------------------- dashboard */

static rs_status resolve_dash_table(const resolver *r, tpl_dash_table *tb, rs_error *e)
{
    rs_status s;
    if ((s = resolve(r, &tb->title, e)) != RS_OK || (s = resolve(r, &tb->empty, e)) != RS_OK)
        return s;
    for (size_t i = 0; i < tb->ncols && s == RS_OK; i++)
        s = resolve_title(r, &tb->cols[i].title, &tb->cols[i].title_unmasked, e);
    return s;
}

/* The dashboard's texts (the words' where the template gives none; the
 * footer saying whether this run masks) and its charts. */
static rs_status resolve_dashboard(const resolver *r, tpl_dashboard *d, rs_error *e)
{
    rs_text *footer = mask_unmasked ? &d->footer_unmasked : &d->footer;
    rs_status s;
    if ((s = resolve_or_word(r, &d->file, "dashboard_file", e)) != RS_OK ||
        (s = resolve(r, &d->title, e)) != RS_OK ||
        (s = resolve_or_word(r, &d->subtitle, "dashboard_subtitle", e)) != RS_OK ||
        (s = resolve_or_word(r, footer, "dashboard_footer", e)) != RS_OK)
        return s;
    d->footer.shown = footer->shown;
    for (size_t i = 0; i < d->ntables && s == RS_OK; i++)
        s = resolve_dash_table(r, &d->tables[i], e);
    for (size_t p = 0; p < d->npages && s == RS_OK; p++)
        for (size_t k = 0; k < d->pages[p].nrows && s == RS_OK; k++)
            for (size_t i = 0; i < d->pages[p].rows[k].npanels && s == RS_OK; i++)
                if (d->pages[p].rows[k].panels[i].chart)
                    s = chartdef_resolve(d->pages[p].rows[k].panels[i].chart, r->run, e);
    return s;
}

rs_status tpl_resolve(tpl_report *t, const text_run *run, const tpl_words *words, rs_error *e)
{
    resolver r = {t, run};
    rs_status s;
    t->words = *words;
    resolve_lookups(t, run->lang);
    if ((s = resolve(&r, &t->title, e)) != RS_OK ||
        (t->workbook && (s = resolve_workbook(&r, t->workbook, e)) != RS_OK))
        return s;
    for (size_t i = 0; i < t->ncharts && s == RS_OK; i++)
        s = chartdef_resolve(t->charts[i].def, run, e);
    if (s != RS_OK || !t->dashboard) return s;
    if (t->dashboard_of) {
        r.t = t->dashboard_of;
        resolve_lookups(t->dashboard_of, run->lang);
    }
    return resolve_dashboard(&r, t->dashboard, e);
}

/* ---------------------------------------------------------------- charts' data */

rs_status tpl_bind_charts(tpl_report *t, const report_source *src, const text_run *run, rs_error *e)
{
    rs_status s = RS_OK;
    for (size_t i = 0; i < t->ncharts && s == RS_OK; i++) {
        chart_data_free(t->charts[i].data);
        t->charts[i].data = NULL;
        s = chart_data_bind(t->charts[i].def, src, run, &t->charts[i].data, e);
    }
    return s;
}

rs_status tpl_bind_dashboard(tpl_report *t, const report_source *src, const text_run *run,
                             rs_error *e)
{
    rs_status s = RS_OK;
    for (size_t p = 0; t->dashboard && p < t->dashboard->npages; p++)
        for (size_t k = 0; k < t->dashboard->pages[p].nrows; k++) {
            tpl_dash_row *row = &t->dashboard->pages[p].rows[k];
            for (size_t i = 0; i < row->npanels && s == RS_OK; i++) {
                if (!row->panels[i].chart) continue;
                chart_data_free(row->panels[i].data);
                row->panels[i].data = NULL;
                s = chart_data_bind(row->panels[i].chart, src, run, &row->panels[i].data, e);
            }
        }
    return s;
}
