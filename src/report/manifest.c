/*
 * manifest: collecting what a report run read and wrote, and writing it as
 * JSON.  File hashes are computed when a file is recorded (inputs) or when
 * the manifest is written (outputs, which are complete by then).
 */
#include "report/manifest.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/alloc.h"
#include "base/mask.h"
#include "base/output.h"
#include "base/version.h"

typedef struct {
    char *kind, *path;
    char sha[65];
} mf_input;

typedef struct {
    char *key, *value;
} mf_param;

struct manifest {
    char *command;
    mf_param *params;
    size_t nparams;
    mf_input *inputs;
    size_t ninputs;
    char *batches_json;
    char created[32];
};

manifest *manifest_new(void)
{
    manifest *m = rs_calloc(1, sizeof *m);
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm)) strftime(m->created, sizeof m->created, "%Y-%m-%dT%H:%M:%S%z", &tm);
    return m;
}

void manifest_free(manifest *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nparams; i++) {
        free(m->params[i].key);
        free(m->params[i].value);
    }
    for (size_t i = 0; i < m->ninputs; i++) {
        free(m->inputs[i].kind);
        free(m->inputs[i].path);
    }
    free(m->params);
    free(m->inputs);
    free(m->command);
    free(m->batches_json);
    free(m);
}

/* Append s to buf, single-quoted for a POSIX shell if it holds anything
 * but plain characters. */
static void append_word(GString *buf, const char *s)
{
    bool plain = *s != '\0';
    for (const char *p = s; *p && plain; p++)
        plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./:,@+",
                       *p) != NULL;
    if (buf->len) g_string_append_c(buf, ' ');
    if (plain)
        g_string_append(buf, s);
    else {
        g_string_append_c(buf, '\'');
        for (const char *p = s; *p; p++)
            if (*p == '\'')
                g_string_append(buf, "'\\''");
            else
                g_string_append_c(buf, *p);
        g_string_append_c(buf, '\'');
    }
}

void manifest_command(manifest *m, int argc, char *const *argv)
{
    GString *buf = g_string_new(NULL);
    for (int i = 0; i < argc; i++)
        append_word(buf, argv[i]);
    free(m->command);
    m->command = rs_strdup(buf->str);
    g_string_free(buf, TRUE);
}

void manifest_param(manifest *m, const char *key, const char *value)
{
    m->params = rs_realloc(m->params, (m->nparams + 1) * sizeof *m->params);
    m->params[m->nparams].key = rs_strdup(key);
    m->params[m->nparams].value = value ? rs_strdup(value) : NULL;
    m->nparams++;
}

rs_status manifest_sha256_file(const char *path, char hex[65], rs_error *e)
{
    unsigned char buf[65536];
    size_t n;
    rs_status s = RS_OK;
    FILE *f = fopen(path, "rb");
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    if (!f) {
        g_checksum_free(ck);
        return rs_fail(e, RS_EIO, "%s: %s", path, strerror(errno));
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        g_checksum_update(ck, buf, (gssize)n);
    if (ferror(f))
        s = rs_fail(e, RS_EIO, "reading %s: %s", path, strerror(errno));
    else
        snprintf(hex, 65, "%s", g_checksum_get_string(ck));
    fclose(f);
    g_checksum_free(ck);
    return s;
}

rs_status manifest_input(manifest *m, const char *kind, const char *path, rs_error *e)
{
    char sha[65];
    rs_status s;
    for (size_t i = 0; i < m->ninputs; i++)
        if (strcmp(m->inputs[i].path, path) == 0) return RS_OK;
    if ((s = manifest_sha256_file(path, sha, e)) != RS_OK) return s;
    m->inputs = rs_realloc(m->inputs, (m->ninputs + 1) * sizeof *m->inputs);
    m->inputs[m->ninputs].kind = rs_strdup(kind);
    m->inputs[m->ninputs].path = rs_strdup(path);
    memcpy(m->inputs[m->ninputs].sha, sha, sizeof sha);
    m->ninputs++;
    return RS_OK;
}

rs_status manifest_batches(manifest *m, const rs_table *batches, rs_error *e)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    rs_status s;
    if (!f) return rs_fail(e, RS_ENOMEM, "out of memory"); /* glibc's own allocation */
    s = output_write(f, batches, OUT_JSON, false, e);
    fclose(f);
    if (s != RS_OK) {
        free(text);
        return s;
    }
    free(m->batches_json);
    m->batches_json = text;
    return RS_OK;
}

rs_status manifest_write(const manifest *m, FILE *f, char *const *outputs, size_t n, rs_error *e)
{
    rs_status s = RS_OK;
    fprintf(f, "{\n  \"tool\": \"reliefstat\",\n  \"version\": ");
    output_json_string(f, RELIEFSTAT_VERSION);
    fprintf(f, ",\n  \"created_at\": ");
    output_json_string(f, m->created);
    fprintf(f, ",\n  \"command\": ");
    output_json_string(f, m->command ? m->command : "");
    fprintf(f, ",\n  \"masked\": %s,\n  \"parameters\": {", mask_unmasked ? "false" : "true");
    for (size_t i = 0; i < m->nparams; i++) {
        fprintf(f, "%s\n    ", i ? "," : "");
        output_json_string(f, m->params[i].key);
        fputs(": ", f);
        if (m->params[i].value)
            output_json_string(f, m->params[i].value);
        else
            fputs("null", f);
    }
    fprintf(f, "\n  },\n  \"inputs\": [");
    for (size_t i = 0; i < m->ninputs; i++) {
        fprintf(f, "%s\n    {\"kind\": ", i ? "," : "");
        output_json_string(f, m->inputs[i].kind);
        fputs(", \"path\": ", f);
        output_json_string(f, m->inputs[i].path);
        fprintf(f, ", \"sha256\": \"%s\"}", m->inputs[i].sha);
    }
    fprintf(f, "\n  ],\n  \"import_batches\": %s,\n  \"outputs\": [",
            m->batches_json ? m->batches_json : "[]");
    for (size_t i = 0; i < n && s == RS_OK; i++) {
        char sha[65];
        struct stat sb;
        if ((s = manifest_sha256_file(outputs[i], sha, e)) != RS_OK) break;
        if (stat(outputs[i], &sb) != 0) sb.st_size = 0;
        fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
        output_json_string(f, outputs[i]);
        fprintf(f, ", \"bytes\": %lld, \"sha256\": \"%s\"}", (long long)sb.st_size, sha);
    }
    fprintf(f, "\n  ]\n}\n");
    if (s == RS_OK && ferror(f))
        s = rs_fail(e, RS_EIO, "writing the manifest: %s", strerror(errno));
    return s;
}

/* Append one row (section, item, value, sha256) to t. */
static void add_row(rs_table *t, const char *section, const char *item, const char *value,
                    const char *sha)
{
    size_t r = table_add_row(t);
    table_set_text(t, r, 0, section);
    table_set_text(t, r, 1, item);
    table_set_text(t, r, 2, value);
    table_set_text(t, r, 3, sha);
}

rs_table *manifest_table(const manifest *m)
{
    static const char *const names[] = {"section", "item", "value", "sha256"};
    rs_table *t = table_new(4, names);
    add_row(t, "tool", "reliefstat", RELIEFSTAT_VERSION, NULL);
    add_row(t, "run", "created_at", m->created, NULL);
    add_row(t, "run", "command", m->command ? m->command : "", NULL);
    add_row(t, "run", "masked", mask_unmasked ? "false" : "true", NULL);
    for (size_t i = 0; i < m->nparams; i++)
        add_row(t, "parameter", m->params[i].key, m->params[i].value, NULL);
    for (size_t i = 0; i < m->ninputs; i++)
        add_row(t, m->inputs[i].kind, m->inputs[i].path, NULL, m->inputs[i].sha);
    return t;
}
