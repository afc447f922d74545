/*
 * fuzz_template: libFuzzer target for the report template model
 * (report/template*.c): any bytes as a template file, checked whole as the
 * report runner loads it and, when it loads, resolved for a run in both
 * languages; then the input as a text through the {variable} expander
 * (base/text).  A failure must be a template error that names the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/home.h"
#include "base/text.h"
#include "report/template.h"
#include "fuzz.h"

#define NAME "fuzz.yaml"

static text_words *words[2]; /* report_templates/_words.yaml */
static tpl_words renderer_words[2];

/* Values of the variables a report defines; NULL for others. */
static const char *var(void *arg, const char *name)
{
    static const char *const vars[][2] = {
        {"unit", "652325000000"},   {"unit_code", "652325000000"},
        {"unit_name", "奇台县"},    {"period", "2024-09"},
        {"period_zh", "2024年9月"}, {"period_en", "September 2024"},
        {"version", "0"},           {"year", "2024"}};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (strcmp(name, vars[i][0]) == 0) return vars[i][1];
    return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const langs[] = {"zh", "en"};
    rs_error e = {0};
    setenv("RELIEFSTAT_HOME", FUZZ_HOME, 0);
    char *path = home_path("report_templates/_words.yaml");
    for (int l = 0; l < 2; l++)
        if (tpl_words_load(path, langs[l], &words[l], &renderer_words[l], &e) != RS_OK) {
            fprintf(stderr, "fuzz_template: the words fail: %s\n", e.msg);
            abort();
        }
    free(path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"zh", "en"};
    tpl_report *t = NULL;
    rs_error e = {0};
    rs_status s = tpl_load_string(NAME, (const char *)data, size, &t, &e);
    CHECK((s == RS_OK) == (t != NULL));
    if (s != RS_OK) CHECK(e.status == s && strstr(e.msg, NAME) != NULL);
    for (int l = 0; t && l < 2; l++) {
        text_run run = {langs[l], var, NULL, words[l]};
        rs_error e2 = {0};
        if (tpl_resolve(t, &run, &renderer_words[l], &e2) == RS_OK)
            CHECK(t->title.shown != NULL);
        else
            CHECK(e2.status == RS_ETEMPLATE && e2.msg[0] != '\0');
    }
    tpl_free(t);

    char *text = malloc(size + 1), *out = NULL;
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    rs_error e3 = {0};
    if (text_expand(text, var, NULL, &out, &e3) == RS_OK)
        CHECK(out != NULL && strlen(out) <= strlen(text) * 16 + 1);
    else
        CHECK(e3.status != RS_OK && e3.msg[0] != '\0' && out == NULL);
    free(out);
    free(text);
    return 0;
}
