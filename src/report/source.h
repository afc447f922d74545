/*
 * source: where renderers get a run's datasets.  A report_source hands out
 * tables by name: borrowed (owned by the source, valid for the whole run)
 * and masked for output (base/mask.h), the same tables to every renderer.
 * The run's source reads through the dataset registry (report/dataset.h);
 * tests give a source over fixed tables.
 */
#ifndef RS_SOURCE_H
#define RS_SOURCE_H

#include "base/error.h"
#include "base/table.h"

typedef struct {
    /* Put the dataset called name in *out (borrowed); an unknown name
     * fails with RS_ETEMPLATE. */
    rs_status (*fetch)(void *arg, const char *name, const rs_table **out, rs_error *e);
    void *arg;
} report_source;

#endif
