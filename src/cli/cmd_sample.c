/*
 * cmd_sample: `reliefstat sample --out DIR [--scale county|prefecture|region]
 * [--seed N]`, the command line of the synthetic dataset generator.
 */
#include <errno.h>
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
    const char *out = NULL, *scale_name = "county", *seed_text = "1";
    const cli_option options[] = {
        {"out", 0, CLI_VALUE, &out, "DIR", "the directory to write the dataset into (required)"},
        {"scale", 0, CLI_VALUE, &scale_name, "county|prefecture|region",
         "one county (default), a prefecture of counties, or the whole region"},
        {"seed", 0, CLI_VALUE, &seed_text, "N", "the generator's seed (default 1)"},
        {0}};
    sample_scale scale = SAMPLE_COUNTY;
    uint64_t seed = 1;
    if (!cli_parse(&argc, &argv, options, e)) return e->status;
    if (argc > 1) return rs_fail(e, RS_EUSAGE, "unexpected argument '%s'", argv[1]);
    if (!out) return rs_fail(e, RS_EUSAGE, "--out DIR is required");
    if (sample_scale_parse(scale_name, &scale, e) != RS_OK ||
        parse_seed(seed_text, &seed, e) != RS_OK)
        return e->status;
    return sample_generate(out, scale, seed, e);
}
