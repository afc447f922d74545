/*
 * text: bilingual texts, the {variable} expander and the words file.  The
 * expander is the only place where a {name} is filled in: templates, chart
 * definitions, the dashboard and the words all go through it.
 */
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/yamldoc.h"

const char *text_get(const rs_text *t, const char *lang)
{
    const char *first = text_lang_en(lang) ? t->en : t->zh;
    const char *other = text_lang_en(lang) ? t->zh : t->en;
    return first ? first : other ? other : "";
}

bool text_given(const rs_text *t)
{
    return t->zh || t->en;
}

bool text_lang_en(const char *lang)
{
    return lang && strcmp(lang, "en") == 0;
}

/* ---------------------------------------------------------------- expanding */

rs_status text_expand(const char *text, text_var_fn var, void *arg, char **out, rs_error *e)
{
    GString *buf = g_string_sized_new(strlen(text) + 16);
    char name[128];
    const char *p = text;
    *out = NULL;
    while (*p) {
        size_t run = strcspn(p, "{}");
        g_string_append_len(buf, p, (gssize)run);
        p += run;
        if (!*p) break;
        if (p[0] == p[1]) { /* "{{" or "}}" */
            g_string_append_c(buf, *p);
            p += 2;
            continue;
        }
        const char *close = strchr(p, '}');
        if (*p == '}' || !close || (size_t)(close - p - 1) >= sizeof name) {
            g_string_free(buf, TRUE);
            return rs_fail(e, RS_ETEMPLATE, "unbalanced braces in \"%s\"", text);
        }
        memcpy(name, p + 1, (size_t)(close - p - 1));
        name[close - p - 1] = '\0';
        const char *v = var(arg, name);
        if (!v) {
            g_string_free(buf, TRUE);
            return rs_fail(e, RS_ETEMPLATE, "unknown variable {%s} in \"%s\"", name, text);
        }
        g_string_append(buf, v);
        p = close + 1;
    }
    *out = rs_strdup(buf->str);
    g_string_free(buf, TRUE);
    return RS_OK;
}

/* The variables of text_fill: parallel lists of names and values. */
typedef struct {
    const char *const *names, *const *values;
    size_t n;
} var_list;

static const char *list_var(void *arg, const char *name)
{
    const var_list *l = arg;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->names[i], name) == 0) return l->values ? l->values[i] : "";
    return NULL;
}

char *text_fill(const char *pattern, const char *const *names, const char *const *values,
                size_t count, char *buf, size_t n)
{
    var_list l = {names, values, count};
    char *out = NULL;
    rs_error ignored;
    snprintf(buf, n, "%s",
             text_expand(pattern, list_var, &l, &out, &ignored) == RS_OK ? out : pattern);
    free(out);
    return buf;
}

rs_status text_check_vars(const char *text, const char *const *names, size_t count, rs_error *e)
{
    var_list l = {names, NULL, count};
    char *out = NULL;
    rs_status s = text_expand(text, list_var, &l, &out, e);
    free(out);
    return s;
}

rs_status text_resolve(rs_text *t, const char *file, const text_run *run, GStringChunk *pool,
                       rs_error *e)
{
    char *s = NULL;
    if (text_expand(text_get(t, run->lang), run->var, run->arg, &s, e) != RS_OK) {
        rs_error_prefix(e, "%s:%d", file, t->line);
        return RS_ETEMPLATE;
    }
    t->shown = g_string_chunk_insert_const(pool, s);
    free(s);
    return RS_OK;
}

/* ---------------------------------------------------------------- words */

#define NMONTHS 12

struct text_words {
    yd_doc *doc;
    GHashTable *words;                      /* name -> rs_text *, owned */
    rs_text names[NMONTHS], abbrs[NMONTHS]; /* month_names, month_abbrs */
};

/* The text of node n (a scalar or {zh, en}) into *t; key names n in messages. */
static rs_status read_text(yd_doc *doc, yaml_node_t *n, const char *key, rs_text *t, rs_error *e)
{
    static const char *const keys[] = {"zh", "en", NULL};
    rs_status s;
    *t = (rs_text){.line = yd_line(n)};
    if (yd_scalar(n)) {
        t->zh = t->en = yd_scalar(n);
        return RS_OK;
    }
    if (!n || n->type != YAML_MAPPING_NODE)
        return yd_fail(doc, n, key, e, "expected a text or {zh: .., en: ..}");
    if ((s = yd_check_keys(doc, n, keys, e)) != RS_OK ||
        (s = yd_str(doc, n, "zh", false, &t->zh, e)) != RS_OK ||
        (s = yd_str(doc, n, "en", false, &t->en, e)) != RS_OK)
        return s;
    return text_given(t) ? RS_OK : yd_fail(doc, n, key, e, "needs zh or en");
}

/* The list of twelve texts under key into v. */
static rs_status read_months(text_words *w, yaml_node_t *n, const char *key, rs_text *v,
                             rs_error *e)
{
    rs_status s = RS_OK;
    if (!n || n->type != YAML_SEQUENCE_NODE || yd_count(n) != NMONTHS)
        return yd_fail(w->doc, n, key, e, "expected a list of twelve texts, January first");
    for (size_t i = 0; i < NMONTHS && s == RS_OK; i++)
        s = read_text(w->doc, yd_item(w->doc, n, i), key, &v[i], e);
    return s;
}

/* Check the month words: present, and using only the month's variables. */
static rs_status check_month_words(text_words *w, rs_error *e)
{
    static const char *const names[] = {"month", "month_axis", "month_axis_year"};
    static const char *const vars[] = {"year", "month", "month_name", "month_abbr"};
    static const char *const langs[] = {"zh", "en"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const rs_text *t = text_word(w, names[i]);
        if (!t) return yd_fail(w->doc, yd_root(w->doc), names[i], e, "missing");
        for (size_t l = 0; l < 2; l++)
            if (text_check_vars(text_get(t, langs[l]), vars, 4, e) != RS_OK) {
                rs_error_prefix(e, "%s:%d: key '%s'", yd_name(w->doc), t->line, names[i]);
                return RS_ETEMPLATE;
            }
    }
    return RS_OK;
}

/* Fill w from its document's root mapping. */
static rs_status read_words(text_words *w, rs_error *e)
{
    yaml_node_t *root = yd_root(w->doc);
    rs_status s = RS_OK;
    if (!root || root->type != YAML_MAPPING_NODE)
        return yd_fail(w->doc, root, NULL, e, "expected a mapping of words");
    for (size_t i = 0; i < yd_count(root) && s == RS_OK; i++) {
        const char *key = yd_key_at(w->doc, root, i);
        yaml_node_t *v = yd_value_at(w->doc, root, i);
        if (strcmp(key, "month_names") == 0 || strcmp(key, "month_abbrs") == 0) {
            s = read_months(w, v, key, strcmp(key, "month_names") == 0 ? w->names : w->abbrs, e);
            continue;
        }
        rs_text *t = rs_calloc(1, sizeof *t);
        g_hash_table_insert(w->words, (gpointer)key, t);
        s = read_text(w->doc, v, key, t, e);
    }
    if (s == RS_OK && !text_given(&w->names[0]))
        s = yd_fail(w->doc, root, "month_names", e, "missing");
    if (s == RS_OK && !text_given(&w->abbrs[0]))
        s = yd_fail(w->doc, root, "month_abbrs", e, "missing");
    return s == RS_OK ? check_month_words(w, e) : s;
}

rs_status text_words_load(const char *path, text_words **out, rs_error *e)
{
    text_words *w = NULL;
    yd_doc *doc = NULL;
    rs_status s = yd_load(path, &doc, e);
    if (s == RS_OK) {
        w = rs_calloc(1, sizeof *w);
        w->doc = doc;
        w->words = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free);
        if ((s = read_words(w, e)) != RS_OK) {
            text_words_free(w);
            w = NULL;
        }
    }
    *out = w;
    return s;
}

void text_words_free(text_words *w)
{
    if (!w) return;
    g_hash_table_destroy(w->words);
    yd_free(w->doc);
    free(w);
}

const char *text_words_file(const text_words *w)
{
    return yd_name(w->doc);
}

const rs_text *text_word(const text_words *w, const char *name)
{
    return g_hash_table_lookup(w->words, name);
}

/* The variables of one month (text_var_fn over a month_vars). */
typedef struct {
    const text_words *w;
    const char *lang;
    int y, m;
    char buf[16];
} month_vars;

static const char *month_var(void *arg, const char *name)
{
    month_vars *v = arg;
    if (strcmp(name, "month_name") == 0) return text_get(&v->w->names[v->m - 1], v->lang);
    if (strcmp(name, "month_abbr") == 0) return text_get(&v->w->abbrs[v->m - 1], v->lang);
    if (strcmp(name, "year") != 0 && strcmp(name, "month") != 0) return NULL;
    snprintf(v->buf, sizeof v->buf, "%d", name[0] == 'y' ? v->y : v->m);
    return v->buf;
}

char *text_month(const text_words *w, const char *lang, text_month_form form, int y, int m,
                 char *buf, size_t n)
{
    static const char *const words[] = {"month", "month_axis", "month_axis_year"};
    month_vars v = {w, lang, y, m < 1 ? 1 : m > NMONTHS ? NMONTHS : m, ""};
    char *out = NULL;
    rs_error ignored;
    /* The words were checked when read: only the month's variables. */
    if (text_expand(text_get(text_word(w, words[form]), lang), month_var, &v, &out, &ignored) !=
        RS_OK) {
        snprintf(buf, n, "%04d-%02d", y, m);
        return buf;
    }
    snprintf(buf, n, "%s", out);
    free(out);
    return buf;
}
