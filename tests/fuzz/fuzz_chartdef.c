/*
 * fuzz_chartdef: libFuzzer target for chart definitions (chartdef.c): any
 * bytes as a charts/NAME.yaml file, and a definition that loads is resolved
 * for a run and bound to a small fixed dataset as the runner binds it.  A failure must be
 * a template error that names the file; a binding never reads outside the
 * data it was given.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/home.h"
#include "base/text.h"
#include "report/chartdef.h"
#include "fuzz.h"

#define NAME "fuzz"

static rs_table *data;    /* every dataset is this table */
static text_words *words; /* report_templates/_words.yaml: month labels */

/* The variables of a run; NULL for others. */
static const char *var(void *arg, const char *name)
{
    if (strcmp(name, "unit") == 0 || strcmp(name, "unit_code") == 0) return "652325000000";
    if (strcmp(name, "unit_name") == 0) return "奇台县";
    if (strcmp(name, "period") == 0) return "2024-09";
    return NULL;
}

/* The fixed table, whatever dataset is asked for. */
static rs_status fetch(void *arg, const char *dataset, const rs_table **out, rs_error *e)
{
    *out = data;
    return RS_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const cols[] = {"region_code", "region_name", "indicator", "value",
                                       "numerator",   "amount_fen",  "period"};
    static const char *const names[] = {"奇台镇", "半截沟镇", "", NULL};
    data = table_new(7, cols);
    for (int r = 0; data && r < 4; r++) {
        long row = table_add_row(data);
        if (row < 0) abort();
        table_set_int(data, (size_t)row, 0, 652325100000 + r * 1000);
        table_set_text(data, (size_t)row, 1, names[r]);
        table_set_text(data, (size_t)row, 2, r % 2 ? "pay_on_time" : "pay_in_full");
        table_set_real(data, (size_t)row, 3, r == 3 ? NAN : 0.25 * r);
        table_set_int(data, (size_t)row, 4, r * 7);
        table_set_int(data, (size_t)row, 5, 123456 * r);
        table_set_text(data, (size_t)row, 6, "2024-09");
    }
    if (!data) abort();
    setenv("RELIEFSTAT_HOME", FUZZ_HOME, 0);
    char *path = home_path("report_templates/_words.yaml");
    rs_error e = {0};
    if (text_words_load(path, &words, &e) != RS_OK) {
        fprintf(stderr, "fuzz_chartdef: the words fail: %s\n", e.msg);
        abort();
    }
    free(path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data_in, size_t size)
{
    chart_def *def = NULL;
    chart_data *cd = NULL;
    rs_error e = {0};
    rs_status s = chartdef_load_string(NAME, (const char *)data_in, size, &def, &e);
    CHECK((s == RS_OK) == (def != NULL));
    if (s != RS_OK) {
        CHECK(e.status == s && strstr(e.msg, NAME) != NULL);
        return 0;
    }
    report_source src = {.fetch = fetch, .arg = NULL};
    for (int lang = 0; lang < 2; lang++) {
        text_run run = {lang ? "en" : "zh", var, NULL, words};
        rs_error e2 = {0};
        if (chartdef_resolve(def, &run, &e2) != RS_OK) {
            CHECK(e2.status == RS_ETEMPLATE && strstr(e2.msg, NAME) != NULL);
            continue;
        }
        if (chart_data_bind(def, &src, &run, &cd, &e2) == RS_OK) {
            CHECK(cd != NULL && cd->ncat <= data->nrows);
            for (size_t c = 0; c < cd->ncat; c++)
                CHECK(cd->cats[c] != NULL);
            chart_data_free(cd);
            cd = NULL;
        } else {
            CHECK(e2.status != RS_OK && e2.msg[0] != '\0');
        }
    }
    chartdef_free(def);
    return 0;
}
