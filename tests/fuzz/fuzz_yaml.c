/*
 * fuzz_yaml: libFuzzer target for yamldoc, the YAML layer under templates
 * and chart definitions.  Loads any bytes as a document and walks every
 * node through the accessors and typed lookups the loaders use.  A failure
 * must carry a message naming the document; the walk is bounded in depth
 * and in nodes because aliases can make a document a cyclic graph.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/yamldoc.h"
#include "fuzz.h"

#define NAME "fuzz.yaml"

/* A failed call must have set a message that starts with the file name. */
static void check_status(rs_status s, const rs_error *e)
{
    if (s == RS_OK) return;
    CHECK(e->status == s);
    CHECK(strncmp(e->msg, NAME ":", strlen(NAME) + 1) == 0);
}

/* The typed lookups of key in map, none required, then all required. */
static void check_lookups(yd_doc *doc, yaml_node_t *map, const char *key)
{
    const char *str = NULL;
    long l = 0;
    double d = 0;
    bool b = false;
    for (int required = 0; required <= 1; required++) {
        rs_error e = {0};
        check_status(yd_str(doc, map, key, required, &str, &e), &e);
        check_status(yd_long(doc, map, key, required, &l, &e), &e);
        check_status(yd_double(doc, map, key, required, &d, &e), &e);
        check_status(yd_bool(doc, map, key, required, &b, &e), &e);
    }
    rs_error e = {0};
    if (yd_get(doc, map, "no such key") == NULL) {
        check_status(yd_str(doc, map, "no such key", true, &str, &e), &e);
        CHECK(e.status == RS_ETEMPLATE);
    }
}

/* Visit node and what it holds, at most depth levels down and while
 * *budget nodes remain. */
static void walk(yd_doc *doc, yaml_node_t *node, int depth, int *budget)
{
    static const char *const allowed[] = {"title", "sheets", "name", "type", NULL};
    rs_error e = {0};
    if (!node || depth <= 0 || --*budget <= 0) return;
    CHECK(yd_line(node) >= 1);
    size_t n = yd_count(node);
    switch (node->type) {
    case YAML_SCALAR_NODE:
        CHECK(yd_scalar(node) != NULL && n == 0);
        break;
    case YAML_SEQUENCE_NODE:
        CHECK(yd_scalar(node) == NULL && yd_item(doc, node, n) == NULL);
        for (size_t i = 0; i < n; i++)
            walk(doc, yd_item(doc, node, i), depth - 1, budget);
        break;
    case YAML_MAPPING_NODE:
        check_status(yd_check_keys(doc, node, allowed, &e), &e);
        for (size_t i = 0; i < n; i++) {
            const char *k = yd_key_at(doc, node, i);
            if (k) {
                CHECK(yd_get(doc, node, k) != NULL);
                check_lookups(doc, node, k);
            }
            walk(doc, yd_value_at(doc, node, i), depth - 1, budget);
        }
        CHECK(yd_key_at(doc, node, n) == NULL && yd_value_at(doc, node, n) == NULL);
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yd_doc *doc = NULL;
    rs_error e = {0};
    int budget = 5000;
    rs_status s = yd_load_string(NAME, (const char *)data, size, &doc, &e);
    check_status(s, &e);
    CHECK((s == RS_OK) == (doc != NULL));
    if (!doc) return 0;
    CHECK(strcmp(yd_name(doc), NAME) == 0);
    walk(doc, yd_root(doc), 32, &budget);
    yd_free(doc);
    return 0;
}
