/*
 * sample: the synthetic dataset generator behind `reliefstat sample`.  It
 * writes a realistic roster, ledger and process records for 奇台县, 昌吉州 or
 * the whole of Xinjiang in the data contract's CSV format, with findings
 * planted on purpose, the exact list of findings the engine must report
 * (ground_truth.csv), the planted records it must not report
 * (near_misses.csv) and a summary (sample.txt).  The same seed gives
 * byte-identical files.
 */
#ifndef RS_SAMPLE_H
#define RS_SAMPLE_H

#include <stdint.h>

#include "base/error.h"

typedef enum { SAMPLE_COUNTY, SAMPLE_PREFECTURE, SAMPLE_REGION } sample_scale;

/* Parse "county", "prefecture" or "region"; RS_EUSAGE for anything else. */
rs_status sample_scale_parse(const char *s, sample_scale *out, rs_error *e);

/* The scale's name ("county", ...). */
const char *sample_scale_name(sample_scale s);

/* Write the dataset of scale and seed into directory outdir (created if
 * missing; files in it are replaced). */
rs_status sample_generate(const char *outdir, sample_scale scale, uint64_t seed, rs_error *e);

#endif
