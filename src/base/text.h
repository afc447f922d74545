/*
 * text: what a reader sees, in Chinese or English.  A text is written once
 * in both languages (rs_text, either may be left out), may hold {variables},
 * and is resolved for a run: the run's language chosen and the variables
 * filled in by the one expander (text_expand), once, before anything is
 * drawn.  The words that no template holds -- the words of a month
 * ("2024年9月", "September 2024", "9月", "Sep"), a chart's "无数据", a page's
 * "第 1 页 / 共 2 页" -- live in a words file (report_templates/_words.yaml),
 * read by text_words_load(); text_month() makes the words of a month from it.
 *
 * Ownership: a text_words owns its document; the rs_text it hands out and
 * their strings live until text_words_free().  A resolved text's `shown`
 * lives in the string pool given to text_resolve().
 */
#ifndef RS_TEXT_H
#define RS_TEXT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

/* A text as written (zh, en: either may be NULL, the other is then used)
 * and, once resolved for a run, as shown: in the run's language with its
 * variables filled in ("" when neither language is given). */
typedef struct {
    const char *zh, *en;
    const char *shown; /* NULL until text_resolve() */
    int line;          /* where it is written (for messages); 0 when unknown */
} rs_text;

/* The text of t in lang ("zh" or "en"), falling back to the other; "" if
 * neither is given. */
const char *text_get(const rs_text *t, const char *lang);

/* True if t gives either language. */
bool text_given(const rs_text *t);

/* True if lang is "en" (English), false for "zh" and NULL. */
bool text_lang_en(const char *lang);

/* Supplies the value of {name}: a string valid until the next call, or
 * NULL when the name is unknown. */
typedef const char *(*text_var_fn)(void *arg, const char *name);

/* Expand the {name} variables of text into a new string *out that the
 * caller frees.  "{{" and "}}" stand for braces.  An unknown variable or
 * unbalanced braces fail with RS_ETEMPLATE quoting text (the caller adds
 * where it is written); *out is then NULL. */
rs_status text_expand(const char *text, text_var_fn var, void *arg, char **out, rs_error *e);

/* pattern with {names[i]} filled in by values[i] (count pairs), into buf of
 * size n; returns buf.  For patterns checked when read (text_check_vars):
 * one that fails to expand is copied as it is. */
char *text_fill(const char *pattern, const char *const *names, const char *const *values,
                size_t count, char *buf, size_t n);

/* Check that text uses no variable but names (count of them); fails like
 * text_expand. */
rs_status text_check_vars(const char *text, const char *const *names, size_t count, rs_error *e);

/* ---- words ---------------------------------------------------------- */

typedef struct text_words text_words;

/* Read the words file at path: a mapping of names to texts (a scalar or
 * {zh: .., en: ..}) and the lists month_names and month_abbrs of twelve
 * texts.  The month words (month, month_axis, month_axis_year) must be
 * there and use no variable but {year}, {month}, {month_name} and
 * {month_abbr}; errors name file, line and key.  *out is new (free with
 * text_words_free), NULL on failure; the caller checks the other words it needs. */
rs_status text_words_load(const char *path, text_words **out, rs_error *e);

/* Free w; NULL is allowed. */
void text_words_free(text_words *w);

/* The file the words were read from. */
const char *text_words_file(const text_words *w);

/* The word called name, or NULL when the file has none. */
const rs_text *text_word(const text_words *w, const char *name);

/* The forms of a month: of a report's period (2024年9月, September 2024),
 * on a chart's axis (9月, Sep), and there with its year (2024年9月, Sep
 * 2024). */
typedef enum { TEXT_MONTH, TEXT_MONTH_AXIS, TEXT_MONTH_AXIS_YEAR } text_month_form;

/* Month m (1 to 12) of year y in lang and form, into buf of size n;
 * returns buf. */
char *text_month(const text_words *w, const char *lang, text_month_form form, int y, int m,
                 char *buf, size_t n);

/* ---- resolving ---------------------------------------------------------- */

/* What a text is resolved with: the run's language, its variables, its
 * words and the pool that holds the texts as shown. */
typedef struct {
    const char *lang; /* "zh" or "en" */
    text_var_fn var;
    void *arg;
    const text_words *words;
} text_run;

/* Set t->shown: the text of t in the run's language with its variables
 * filled in, copied into pool.  An error names file and t's line. */
rs_status text_resolve(rs_text *t, const char *file, const text_run *run, GStringChunk *pool,
                       rs_error *e);

#endif
