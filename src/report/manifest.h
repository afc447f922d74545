/*
 * manifest: the record of one report run, written as manifest.json beside
 * its outputs so that anyone can tell what produced a file and from what:
 * the tool version, the command line and parameters, whether full (unmasked)
 * values were shown, the import batches of the store (file name, SHA-256),
 * the SHA-256 of every template, query, chart definition and seed file the
 * run read, and of every output file.  Hashes are SHA-256 (GLib GChecksum).
 *
 * Ownership: a manifest copies every string it is given; manifest_free()
 * releases all.
 */
#ifndef RS_MANIFEST_H
#define RS_MANIFEST_H

#include <stdbool.h>
#include <stdio.h>

#include "base/error.h"
#include "base/table.h"

typedef struct manifest manifest;

/* A new empty manifest, which the caller frees with manifest_free(). */
manifest *manifest_new(void);

/* Free m; NULL is allowed. */
void manifest_free(manifest *m);

/* Record the command line (argv[0] is the program). */
void manifest_command(manifest *m, int argc, char *const *argv);

/* Record a run parameter (key and value are copied; value may be NULL). */
void manifest_param(manifest *m, const char *key, const char *value);

/* Hash the file at path and record it as an input of the given kind
 * ("template", "query", "seed", "chart"...); a path already recorded is
 * not recorded twice. */
rs_status manifest_input(manifest *m, const char *kind, const char *path, rs_error *e);

/* Record the import batches the run read from (rows of queries/
 * report_batches.sql); the table is copied. */
rs_status manifest_batches(manifest *m, const rs_table *batches, rs_error *e);

/* The SHA-256 of the file at path as 64 lower-case hex digits in hex. */
rs_status manifest_sha256_file(const char *path, char hex[65], rs_error *e);

/* Write m as JSON to f, hashing each of the n output files. */
rs_status manifest_write(const manifest *m, FILE *f, char *const *outputs, size_t n, rs_error *e);

/* The manifest so far as a table (section, item, value, sha256) for a
 * report's notes sheet: a new table the caller frees. */
rs_table *manifest_table(const manifest *m);

#endif
