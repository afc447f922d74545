/*
 * cmd_sample: `reliefstat sample --out DIR [--scale county|prefecture|region]
 * [--seed N]`, the command line of the synthetic dataset generator.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample/sample.h"
#include "cli/cli.h"

/* Parse a seed: a decimal unsigned 64-bit number. */
static rs_status parse_seed(const char *s, uint64_t *out, rs_error *e)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *s == '-' || *end || errno)
        return rs_fail(e, RS_EUSAGE, "--seed: '%s' is not a non-negative integer", s);
    *out = v;
    return RS_OK;
}

rs_status cmd_sample(int argc, char **argv, rs_error *e)
{
    const char *out = NULL;
    sample_scale scale = SAMPLE_COUNTY;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            printf("usage: reliefstat sample --out DIR [--scale county|prefecture|region] "
                   "[--seed N]\n");
            return RS_OK;
        }
        if (i + 1 >= argc) return rs_fail(e, RS_EUSAGE, "%s: unknown option or missing value", opt);
        const char *val = argv[++i];
        if (strcmp(opt, "--out") == 0) {
            out = val;
        } else if (strcmp(opt, "--scale") == 0) {
            if (sample_scale_parse(val, &scale, e) != RS_OK) return e->status;
        } else if (strcmp(opt, "--seed") == 0) {
            if (parse_seed(val, &seed, e) != RS_OK) return e->status;
        } else {
            return rs_fail(e, RS_EUSAGE, "unknown option %s", opt);
        }
    }
    if (!out) return rs_fail(e, RS_EUSAGE, "--out DIR is required");
    return sample_generate(out, scale, seed, e);
}
