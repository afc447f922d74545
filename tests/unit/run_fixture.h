/*
 * run_fixture: what the unit tests of the report layer share (test_template,
 * test_xlsx, test_chart): a workbook template, a template loaded from text, the words of
 * report_templates/_words.yaml in both languages, and what a template is
 * resolved with in a language (text_run, with the test's own variables
 * fixture_var, which the test defines).  Include after cmocka.h.
 */
#ifndef RS_RUN_FIXTURE_H
#define RS_RUN_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "base/home.h"
#include "base/text.h"
#include "report/template.h"

/* A workbook of one sheet (test_template reads its model, test_xlsx writes
 * it): a title with {who}, a table of dataset d with a lookup, a group of
 * two columns, a rate alert and a total, and a chart. */
#define FIXTURE_WORKBOOK                                                                           \
    "title: T\n"                                                                                   \
    "lookups: {names: {a: {zh: 甲, en: A}}}\n"                                                    \
    "workbook:\n"                                                                                  \
    "  file: x.xlsx\n"                                                                             \
    "  sheets:\n"                                                                                  \
    "    - name: {zh: 表一, en: One}\n"                                                          \
    "      blocks:\n"                                                                              \
    "        - title: 'Hello {who}'\n"                                                             \
    "        - table:\n"                                                                           \
    "            dataset: d\n"                                                                     \
    "            total: {sum: true, label: 合计}\n"                                              \
    "            columns:\n"                                                                       \
    "              - {field: k, title: K, lookup: names}\n"                                        \
    "              - group: {zh: 组, en: G}\n"                                                    \
    "                columns:\n"                                                                   \
    "                  - {field: n, title: N, type: int}\n"                                        \
    "                  - {field: m_fen, title: M, type: yuan}\n"                                   \
    "              - {field: r, title: R, type: rate, alert: {below: '0.9'}}\n"                    \
    "      charts:\n"                                                                              \
    "        - {type: column, title: C, categories: k, series: [n]}\n"

/* The start of a workbook with one sheet S whose blocks follow (the first
 * on line 7). */
#define ONE_BLOCK "title: T\nworkbook:\n  file: x\n  sheets:\n    - name: S\n      blocks:\n"

/* A NULL-terminated list of texts. */
#define TEXTS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The test's variables (text_var_fn). */
static const char *fixture_var(void *arg, const char *name);

static text_words *fixture_words[2];        /* zh, en */
static tpl_words fixture_renderer_words[2]; /* their renderers' words */

/* Read the words in both languages (a cmocka group setup). */
static inline int words_setup(void **state)
{
    static const char *const langs[] = {"zh", "en"};
    char *path = home_path("report_templates/_words.yaml");
    rs_error e = {0};
    for (int l = 0; l < 2; l++)
        if (tpl_words_load(path, langs[l], &fixture_words[l], &fixture_renderer_words[l], &e) !=
            RS_OK)
            fail_msg("%s", e.msg);
    free(path);
    return 0;
}

static inline int words_teardown(void **state)
{
    for (int l = 0; l < 2; l++)
        text_words_free(fixture_words[l]);
    return 0;
}

/* What texts are resolved with in lang, and the renderers' words there. */
static inline text_run run_in(const char *lang)
{
    return (text_run){lang, fixture_var, NULL, fixture_words[text_lang_en(lang)]};
}

static inline const tpl_words *words_in(const char *lang)
{
    return &fixture_renderer_words[text_lang_en(lang)];
}

/* The template of text (named t.yaml), which must load. */
static inline tpl_report *load_ok(const char *text)
{
    tpl_report *t = NULL;
    rs_error e = {0};
    if (tpl_load_string("t.yaml", text, strlen(text), &t, &e) != RS_OK)
        fail_msg("unexpected error: %s", e.msg);
    return t;
}

/* Resolve t in lang; returns the status, the error in *e. */
static inline rs_status resolve_in(tpl_report *t, const char *lang, rs_error *e)
{
    text_run run = run_in(lang);
    return tpl_resolve(t, &run, words_in(lang), e);
}

#endif
