/*
 * fuzz_template: libFuzzer target for the report template loader
 * (template.c): any bytes as a template file, checked whole as the report
 * runner loads it, then the input as a text with {variables} expanded
 * against a small fixed template.  A failure must be a template error that
 * names the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/template.h"
#include "fuzz.h"

#define NAME "fuzz.yaml"

static tpl_report *fixed; /* a valid template for expanding texts */

/* Values of the variables a report defines; NULL for others. */
static const char *var(void *arg, const char *name)
{
    static const char *const vars[][2] = {
        {"unit", "652325000000"}, {"unit_name", "奇台县"}, {"period", "2024-09"}, {"year", "2024"}};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (strcmp(name, vars[i][0]) == 0) return vars[i][1];
    return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char text[] = "title: {zh: '{unit_name}月报', en: 'Monthly {period}'}\n"
                               "charts: []\n";
    rs_error e = {0};
    setenv("RELIEFSTAT_HOME", FUZZ_HOME, 0);
    if (tpl_load_string("fixed.yaml", text, sizeof text - 1, &fixed, &e) != RS_OK) {
        fprintf(stderr, "fuzz_template: the fixed template fails: %s\n", e.msg);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tpl_report *t = NULL;
    rs_error e = {0};
    rs_status s = tpl_load_string(NAME, (const char *)data, size, &t, &e);
    CHECK((s == RS_OK) == (t != NULL));
    if (s != RS_OK) CHECK(e.status == s && strstr(e.msg, NAME) != NULL);
    tpl_free(t);

    char *text = malloc(size + 1), *out = NULL;
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    rs_error e2 = {0};
    if (tpl_expand(fixed, NULL, text, var, NULL, &out, &e2) == RS_OK)
        CHECK(out != NULL && strlen(out) <= strlen(text) * 16 + 1);
    else
        CHECK(e2.status != RS_OK && e2.msg[0] != '\0');
    free(out);
    free(text);
    return 0;
}
