/*
 * sql_include: the "-- include: lib/NAME.sql" lines of catalogue files
 * (see sql_include.h).
 */
#include "engine/sql_include.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/home.h"

#define DIRECTIVE "-- include:"

/* If the line at p (up to its end of line) is an include, the name it gives
 * (a new string) in *name; false if it is any other line. */
static bool include_line(const char *p, char **name)
{
    size_t n = strcspn(p, "\n");
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    if (n < sizeof DIRECTIVE - 1 || strncmp(p, DIRECTIVE, sizeof DIRECTIVE - 1) != 0) return false;
    p += sizeof DIRECTIVE - 1;
    n -= sizeof DIRECTIVE - 1;
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    *name = rs_strndup(p, n);
    return true;
}

/* True if name is lib/NAME.sql with NAME of letters, digits and '_'. */
static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 9 || strncmp(name, "lib/", 4) != 0 || strcmp(name + n - 4, ".sql") != 0) return false;
    for (size_t i = 4; i < n - 4; i++)
        if (!g_ascii_isalnum(name[i]) && name[i] != '_') return false;
    return true;
}

/* The start of the line after the one at p. */
static const char *next_line(const char *p)
{
    p += strcspn(p, "\n");
    return *p ? p + 1 : p;
}

/* True if text holds an include line. */
static bool has_include(const char *text)
{
    for (const char *p = text; *p; p = next_line(p)) {
        char *name = NULL;
        bool yes = include_line(p, &name);
        free(name);
        if (yes) return true;
    }
    return false;
}

/* True if the strings of paths hold path. */
static bool holds(const GPtrArray *paths, const char *path)
{
    for (guint i = 0; i < paths->len; i++)
        if (strcmp(g_ptr_array_index(paths, i), path) == 0) return true;
    return false;
}

/* Append the text of the lib file name to out, and its path to paths (once). */
static rs_status append_lib(const char *path, int line, const char *name, GString *out,
                            GPtrArray *paths, rs_error *e)
{
    char *rel, *lib, *text = NULL;
    rs_status s;
    if (!name_ok(name))
        return rs_fail(e, RS_ETEMPLATE, "%s:%d: include '%s': not a file lib/NAME.sql", path, line,
                       name);
    rel = rs_sprintf("queries/%s", name);
    lib = home_path(rel);
    if ((s = file_read(lib, &text, NULL, e)) != RS_OK)
        rs_error_prefix(e, "%s:%d: include %s", path, line, name);
    else if (has_include(text))
        s = rs_fail(e, RS_ETEMPLATE, "%s: includes do not nest (included by %s:%d)", lib, path,
                    line);
    else
        g_string_append(out, text);
    if (s == RS_OK && !holds(paths, lib))
        g_ptr_array_add(paths, lib);
    else
        free(lib);
    free(text);
    free(rel);
    return s;
}

rs_status sql_expand_includes(const char *path, char **sql, char ***included, rs_error *e)
{
    GString *out;
    GPtrArray *paths;
    rs_status s = RS_OK;
    int line = 1;
    *included = NULL;
    if (!has_include(*sql)) return RS_OK;
    out = g_string_new(NULL);
    paths = g_ptr_array_new_with_free_func(free);
    for (const char *p = *sql; *p && s == RS_OK; p = next_line(p), line++) {
        char *name = NULL;
        if (include_line(p, &name))
            s = append_lib(path, line, name, out, paths, e);
        else
            g_string_append_len(out, p, next_line(p) - p);
        free(name);
    }
    if (s == RS_OK) {
        free(*sql);
        *sql = rs_strdup(out->str);
        *included = rs_calloc(paths->len + 1, sizeof **included);
        for (guint i = 0; i < paths->len; i++)
            (*included)[i] = g_ptr_array_index(paths, i);
        g_ptr_array_set_free_func(paths, NULL);
    }
    g_ptr_array_free(paths, TRUE);
    g_string_free(out, TRUE);
    return s;
}

void sql_free_included(char **included)
{
    for (char **p = included; p && *p; p++)
        free(*p);
    free(included);
}
