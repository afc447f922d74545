/*
 * cmd_import: the `init` and `import` commands.  `init` creates or upgrades
 * the store and loads the bundled divisions as an ordinary import batch;
 * `import` turns its arguments (files, directories, --table, --partial,
 * --rejects) into a list of sources for import_run.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/home.h"
#include "store/store.h"
#include "store/import.h"
#include "engine/engine.h"
#include "cli/cli.h"

/* The default rejects file: rejects.csv in the database's directory (the
 * current one for a database named by a URL); the caller frees it. */
static char *default_rejects(const char *db_path)
{
    char *dir = strstr(db_path, "://") ? g_strdup(".") : g_path_get_dirname(db_path);
    char *path = g_build_filename(dir, "rejects.csv", NULL);
    g_free(dir);
    return path;
}

/* Open the database at the --db path for writing, creating it if create. */
static rs_status open_store(bool create, store **db, rs_error *e)
{
    rs_status s = store_open(store_default_path(cli_db), create ? STORE_CREATE : 0, db, e);
    if (s == RS_OK && !create && (s = store_check_schema(*db, e)) != RS_OK) {
        store_close(*db);
        *db = NULL;
    }
    return s;
}

/* reliefstat init: create or upgrade the store, import seeds/divisions.csv
 * and seeds/item_scope.csv (the shipped defaults, which imported rows
 * override by the lookup rule) and rebuild every summary table. */
rs_status cmd_init(int argc, char **argv, rs_error *e)
{
    const cli_option options[] = {{0}};
    store *db = NULL;
    char *divisions, *scope, *rejects;
    const char *path;
    rs_status s;
    if (!cli_parse(&argc, &argv, options, e)) return e->status;
    if (argc > 1)
        return rs_fail(e, RS_EUSAGE,
                       "init takes no arguments (the database is --db or $RELIEFSTAT_DB)");
    path = store_default_path(cli_db);
    divisions = home_path("seeds/divisions.csv");
    scope = home_path("seeds/item_scope.csv");
    rejects = default_rejects(path);
    if ((s = open_store(true, &db, e)) != RS_OK || (s = store_migrate(db, e)) != RS_OK) goto done;
    printf("database %s: schema version %d\n", path, STORE_SCHEMA_VERSION);
    import_source src[] = {{.path = divisions, .table = "divisions"},
                           {.path = scope, .table = "item_scope"}};
    /* An upgrade may change what the summaries hold (a new table, new
     * parameter defaults): init rebuilds them all. */
    import_options opt = {.partial = false,
                          .rejects = rejects,
                          .summary = true,
                          .refresh_all = true,
                          .refresh = engine_refresh_summaries};
    s = import_run(db, src, sizeof src / sizeof src[0], &opt, e);
done:
    store_close(db);
    free(divisions);
    free(scope);
    g_free(rejects);
    return s;
}

/* Add to out every *.csv in dir named after a table, in name order; other
 * files are skipped with a note on stderr. */
static rs_status add_directory(const char *dir, GPtrArray *out, rs_error *e)
{
    GError *gerr = NULL;
    GDir *d = g_dir_open(dir, 0, &gerr);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    if (!d) {
        rs_status s = rs_fail(e, RS_EIO, "%s: %s", dir, gerr->message);
        g_error_free(gerr);
        g_ptr_array_free(names, TRUE);
        return s;
    }
    while ((name = g_dir_read_name(d)) != NULL)
        if (g_str_has_suffix(name, ".csv")) g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    for (guint i = 0; i < names->len; i++) {
        const char *n = *(const char **)&names->pdata[i];
        if (import_table_of_path(n))
            g_ptr_array_add(out, g_build_filename(dir, n, NULL));
        else
            fprintf(stderr, "note: skipping %s/%s: not named after a table\n", dir, n);
    }
    g_ptr_array_free(names, TRUE);
    return RS_OK;
}

/* reliefstat import PATH... [--table T] [--partial] [--rejects FILE] */
rs_status cmd_import(int argc, char **argv, rs_error *e)
{
    const char *table = NULL, *rejects = NULL;
    bool partial = false;
    const cli_option options[] = {
        {"table", 0, CLI_VALUE, &table, "T",
         "the table of the files named on the line (not of those found in a directory)"},
        {"partial", 0, CLI_FLAG, &partial, NULL,
         "load a file's good rows when some are bad (the bad go to the rejects file)"},
        {"rejects", 0, CLI_VALUE, &rejects, "FILE",
         "where the bad rows go (default: rejects.csv beside the database)"},
        {0}};
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    GArray *explicit = g_array_new(FALSE, FALSE, sizeof(gboolean));
    import_source *src = NULL;
    char *default_rej = NULL;
    store *db = NULL;
    rs_status s = RS_OK;
    if (!cli_parse(&argc, &argv, options, e)) {
        s = e->status;
        goto done;
    }
    for (int i = 1; i < argc && s == RS_OK; i++) {
        gboolean yes = TRUE;
        if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            s = add_directory(argv[i], paths, e);
            for (guint k = explicit->len; k < paths->len; k++)
                g_array_append_val(explicit, (gboolean){FALSE});
        } else {
            g_ptr_array_add(paths, g_strdup(argv[i]));
            g_array_append_val(explicit, yes);
        }
    }
    if (s != RS_OK) goto done;
    if (paths->len == 0) {
        s = rs_fail(e, RS_EUSAGE, "import needs at least one CSV file or directory");
        goto done;
    }
    if (table && !import_is_table(table)) {
        s = rs_fail(e, RS_EUSAGE,
                    "--table %s: not a table (divisions, standards, params, households, persons, "
                    "enrolments, payments, budgets, applications, reviews, referrals, warnings, "
                    "crosscheck, staff_relatives)",
                    table);
        goto done;
    }
    src = g_new0(import_source, paths->len);
    for (guint i = 0; i < paths->len; i++) {
        src[i].path = paths->pdata[i];
        src[i].table = table && g_array_index(explicit, gboolean, i)
                           ? table
                           : import_table_of_path(src[i].path);
        if (!src[i].table) {
            s = rs_fail(e, RS_EUSAGE,
                        "%s: not named after a table (e.g. households.csv); give --table",
                        src[i].path);
            goto done;
        }
    }
    if (!rejects) rejects = default_rej = default_rejects(store_default_path(cli_db));
    if ((s = open_store(false, &db, e)) != RS_OK) goto done;
    import_options opt = {.partial = partial,
                          .rejects = rejects,
                          .summary = true,
                          .refresh = engine_refresh_summaries};
    s = import_run(db, src, paths->len, &opt, e);
done:
    store_close(db);
    g_free(src);
    g_free(default_rej);
    g_array_free(explicit, TRUE);
    g_ptr_array_free(paths, TRUE);
    return s;
}
