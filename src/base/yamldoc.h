/*
 * yamldoc: reading the project's YAML files (report templates, chart
 * definitions) with libyaml, with errors that name the file, the line and
 * the key.  A yd_doc owns the parsed document; nodes are libyaml's
 * yaml_node_t and stay valid until yd_free().
 */
#ifndef RS_YAMLDOC_H
#define RS_YAMLDOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "base/error.h"

typedef struct yd_doc yd_doc;

/* Parse the YAML file at path.  On success *out owns the document (free
 * with yd_free); a syntax error names the file, line and column. */
rs_status yd_load(const char *path, yd_doc **out, rs_error *e);

/* Parse YAML text; name is used in messages.  Same ownership as yd_load. */
rs_status yd_load_string(const char *name, const char *text, size_t len, yd_doc **out, rs_error *e);

/* Free doc; NULL is allowed. */
void yd_free(yd_doc *doc);

/* The file name given at load time. */
const char *yd_name(const yd_doc *doc);

/* The root node, or NULL for an empty document. */
yaml_node_t *yd_root(yd_doc *doc);

/* 1-based line of node. */
int yd_line(const yaml_node_t *node);

/* Value of key in mapping map, or NULL if absent (or map is not a mapping). */
yaml_node_t *yd_get(yd_doc *doc, yaml_node_t *map, const char *key);

/* True if some mapping anywhere in doc maps key to the scalar value. */
bool yd_has_pair(yd_doc *doc, const char *key, const char *value);

/* Call fn(text, ctx) for every scalar of doc (keys and values), in
 * document order. */
void yd_each_scalar(yd_doc *doc, void (*fn)(const char *text, void *ctx), void *ctx);

/* Number of items of a sequence (0 for anything else), and item i. */
size_t yd_count(const yaml_node_t *seq);
yaml_node_t *yd_item(yd_doc *doc, yaml_node_t *seq, size_t i);

/* Key and value of entry i of a mapping (yd_count works on mappings too). */
const char *yd_key_at(yd_doc *doc, yaml_node_t *map, size_t i);
yaml_node_t *yd_value_at(yd_doc *doc, yaml_node_t *map, size_t i);

/* The text of a scalar node, or NULL if node is not a scalar. */
const char *yd_scalar(const yaml_node_t *node);

/* Fail with "FILE:LINE: key 'key': message" (key may be NULL); yd_vfail
 * takes the message's arguments as a va_list. */
rs_status yd_fail(yd_doc *doc, const yaml_node_t *node, const char *key, rs_error *e,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
rs_status yd_vfail(yd_doc *doc, const yaml_node_t *node, const char *key, rs_error *e,
                   const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

/* Fail on any key of map not in the NULL-terminated list allowed. */
rs_status yd_check_keys(yd_doc *doc, yaml_node_t *map, const char *const *allowed, rs_error *e);

/* Typed lookups of a scalar under key.  When the key is absent: required
 * fails naming it, else the output is left as it was and RS_OK returned.
 * Strings point into the document. */
rs_status yd_str(yd_doc *doc, yaml_node_t *map, const char *key, bool required, const char **out,
                 rs_error *e);
rs_status yd_long(yd_doc *doc, yaml_node_t *map, const char *key, bool required, long *out,
                  rs_error *e);
rs_status yd_double(yd_doc *doc, yaml_node_t *map, const char *key, bool required, double *out,
                    rs_error *e);
rs_status yd_bool(yd_doc *doc, yaml_node_t *map, const char *key, bool required, bool *out,
                  rs_error *e);

#endif
