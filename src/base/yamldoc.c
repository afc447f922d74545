/*
 * yamldoc: a thin layer over libyaml's document API that turns every
 * structural or type error into a message naming file, line and key.
 */
#include "base/yamldoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"

struct yd_doc {
    char *name;
    yaml_document_t document;
};

rs_status yd_load_string(const char *name, const char *text, size_t len, yd_doc **out, rs_error *e)
{
    yaml_parser_t parser;
    rs_status s = RS_OK;
    yd_doc *doc = rs_calloc(1, sizeof *doc);
    *out = NULL;
    doc->name = rs_strdup(name);
    if (!yaml_parser_initialize(&parser)) { /* libyaml's own allocation */
        free(doc->name);
        free(doc);
        return rs_fail(e, RS_ENOMEM, "out of memory");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc->document)) {
        s = rs_fail(e, RS_ETEMPLATE, "%s:%zu:%zu: %s%s%s", name, parser.problem_mark.line + 1,
                    parser.problem_mark.column + 1, parser.problem ? parser.problem : "bad YAML",
                    parser.context ? " " : "", parser.context ? parser.context : "");
        free(doc->name);
        free(doc);
        doc = NULL;
    }
    yaml_parser_delete(&parser);
    *out = doc;
    return s;
}

rs_status yd_load(const char *path, yd_doc **out, rs_error *e)
{
    char *text = NULL;
    size_t len = 0;
    rs_status s = file_read(path, &text, &len, e);
    if (s == RS_OK) s = yd_load_string(path, text, len, out, e);
    free(text);
    return s;
}

void yd_free(yd_doc *doc)
{
    if (!doc) return;
    yaml_document_delete(&doc->document);
    free(doc->name);
    free(doc);
}

const char *yd_name(const yd_doc *doc)
{
    return doc->name;
}

yaml_node_t *yd_root(yd_doc *doc)
{
    return yaml_document_get_root_node(&doc->document);
}

int yd_line(const yaml_node_t *node)
{
    return node ? (int)node->start_mark.line + 1 : 0;
}

size_t yd_count(const yaml_node_t *n)
{
    if (n && n->type == YAML_SEQUENCE_NODE)
        return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (n && n->type == YAML_MAPPING_NODE)
        return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    return 0;
}

yaml_node_t *yd_item(yd_doc *doc, yaml_node_t *seq, size_t i)
{
    if (!seq || seq->type != YAML_SEQUENCE_NODE || i >= yd_count(seq)) return NULL;
    return yaml_document_get_node(&doc->document, seq->data.sequence.items.start[i]);
}

const char *yd_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

const char *yd_key_at(yd_doc *doc, yaml_node_t *map, size_t i)
{
    if (!map || map->type != YAML_MAPPING_NODE || i >= yd_count(map)) return NULL;
    return yd_scalar(yaml_document_get_node(&doc->document, map->data.mapping.pairs.start[i].key));
}

yaml_node_t *yd_value_at(yd_doc *doc, yaml_node_t *map, size_t i)
{
    if (!map || map->type != YAML_MAPPING_NODE || i >= yd_count(map)) return NULL;
    return yaml_document_get_node(&doc->document, map->data.mapping.pairs.start[i].value);
}

bool yd_has_pair(yd_doc *doc, const char *key, const char *value)
{
    for (yaml_node_t *n = doc->document.nodes.start; n < doc->document.nodes.top; n++) {
        const char *v = n->type == YAML_MAPPING_NODE ? yd_scalar(yd_get(doc, n, key)) : NULL;
        if (v && strcmp(v, value) == 0) return true;
    }
    return false;
}

void yd_each_scalar(yd_doc *doc, void (*fn)(const char *text, void *ctx), void *ctx)
{
    for (yaml_node_t *n = doc->document.nodes.start; n < doc->document.nodes.top; n++)
        if (n->type == YAML_SCALAR_NODE) fn(yd_scalar(n), ctx);
}

yaml_node_t *yd_get(yd_doc *doc, yaml_node_t *map, const char *key)
{
    for (size_t i = 0; i < yd_count(map); i++) {
        const char *k = yd_key_at(doc, map, i);
        if (k && strcmp(k, key) == 0) return yd_value_at(doc, map, i);
    }
    return NULL;
}

rs_status yd_fail(yd_doc *doc, const yaml_node_t *node, const char *key, rs_error *e,
                  const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (key)
        return rs_fail(e, RS_ETEMPLATE, "%s:%d: key '%s': %s", doc->name, yd_line(node), key, msg);
    return rs_fail(e, RS_ETEMPLATE, "%s:%d: %s", doc->name, yd_line(node), msg);
}

rs_status yd_check_keys(yd_doc *doc, yaml_node_t *map, const char *const *allowed, rs_error *e)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return yd_fail(doc, map, NULL, e, "expected a mapping");
    for (size_t i = 0; i < yd_count(map); i++) {
        const char *k = yd_key_at(doc, map, i);
        size_t j = 0;
        while (k && allowed[j] && strcmp(allowed[j], k) != 0)
            j++;
        if (!k || !allowed[j])
            return yd_fail(
                doc, yaml_document_get_node(&doc->document, map->data.mapping.pairs.start[i].key),
                k ? k : "?", e, "unknown key");
    }
    return RS_OK;
}

/* The scalar under key, or NULL with *s set when it is required or not a scalar. */
static const char *scalar_of(yd_doc *doc, yaml_node_t *map, const char *key, bool required,
                             rs_status *s, rs_error *e)
{
    yaml_node_t *n = yd_get(doc, map, key);
    *s = RS_OK;
    if (!n) {
        if (required) *s = yd_fail(doc, map, key, e, "missing");
        return NULL;
    }
    if (!yd_scalar(n)) *s = yd_fail(doc, n, key, e, "expected a single value");
    return yd_scalar(n);
}

/* A scalar's parser: stores the value of text in *out and returns NULL, or
 * returns what the text should have been ("a number"), leaving *out. */
typedef const char *(*scalar_parser)(const char *text, void *out);

static const char *parse_text(const char *text, void *out)
{
    *(const char **)out = text;
    return NULL;
}

static const char *parse_long(const char *text, void *out)
{
    char *end;
    errno = 0;
    long x = strtol(text, &end, 10);
    if (errno || end == text || *end) return "a whole number";
    *(long *)out = x;
    return NULL;
}

static const char *parse_double(const char *text, void *out)
{
    char *end;
    errno = 0;
    double x = strtod(text, &end);
    if (errno || end == text || *end) return "a number";
    *(double *)out = x;
    return NULL;
}

static const char *parse_bool(const char *text, void *out)
{
    if (strcmp(text, "true") == 0 || strcmp(text, "yes") == 0)
        *(bool *)out = true;
    else if (strcmp(text, "false") == 0 || strcmp(text, "no") == 0)
        *(bool *)out = false;
    else
        return "true or false";
    return NULL;
}

/* The scalar under key through parse into *out, which is left alone when
 * the key is absent and not required. */
static rs_status parsed_scalar(yd_doc *doc, yaml_node_t *map, const char *key, bool required,
                               scalar_parser parse, void *out, rs_error *e)
{
    rs_status s;
    const char *v = scalar_of(doc, map, key, required, &s, e), *want;
    if (v && (want = parse(v, out)))
        return yd_fail(doc, yd_get(doc, map, key), key, e, "'%s' is not %s", v, want);
    return s;
}

rs_status yd_str(yd_doc *doc, yaml_node_t *map, const char *key, bool required, const char **out,
                 rs_error *e)
{
    return parsed_scalar(doc, map, key, required, parse_text, out, e);
}

rs_status yd_long(yd_doc *doc, yaml_node_t *map, const char *key, bool required, long *out,
                  rs_error *e)
{
    return parsed_scalar(doc, map, key, required, parse_long, out, e);
}

rs_status yd_double(yd_doc *doc, yaml_node_t *map, const char *key, bool required, double *out,
                    rs_error *e)
{
    return parsed_scalar(doc, map, key, required, parse_double, out, e);
}

rs_status yd_bool(yd_doc *doc, yaml_node_t *map, const char *key, bool required, bool *out,
                  rs_error *e)
{
    return parsed_scalar(doc, map, key, required, parse_bool, out, e);
}
