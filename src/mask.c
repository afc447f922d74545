/*
 * mask: masking ID numbers and names.
 */
#include "mask.h"

#include <stdio.h>
#include <string.h>

bool mask_unmasked = false;

char *mask_id(const char *id, char *buf, size_t n)
{
    size_t len = strlen(id);
    if (mask_unmasked || n == 0) {
        snprintf(buf, n, "%s", id);
        return buf;
    }
    if (len <= 10) { /* too short to show any part safely */
        size_t k = len < n - 1 ? len : n - 1;
        memset(buf, '*', k);
        buf[k] = '\0';
        return buf;
    }
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < n; i++)
        buf[k++] = (i < 6 || i >= len - 4) ? id[i] : '*';
    buf[k] = '\0';
    return buf;
}

/* Length in bytes of the UTF-8 character starting with byte c. */
static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

char *mask_name(const char *name, char *buf, size_t n)
{
    size_t len = strlen(name), first;
    if (mask_unmasked || len == 0 || n == 0) {
        snprintf(buf, n, "%s", name);
        return buf;
    }
    first = utf8_len((unsigned char)name[0]);
    if (first > len) first = len;
    snprintf(buf, n, "%.*s*", (int)first, name);
    return buf;
}

static void sql_mask(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool is_id)
{
    const char *in = (const char *)sqlite3_value_text(argv[0]);
    char buf[256];
    if (!in) {
        sqlite3_result_null(ctx);
        return;
    }
    if (is_id)
        mask_id(in, buf, sizeof buf);
    else
        mask_name(in, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void sql_mask_id(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sql_mask(ctx, argc, argv, true);
}

static void sql_mask_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sql_mask(ctx, argc, argv, false);
}

int mask_register_sql(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    int rc = sqlite3_create_function(db, "mask_id", 1, flags, NULL, sql_mask_id, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "mask_name", 1, flags, NULL, sql_mask_name, NULL, NULL);
    return rc;
}
