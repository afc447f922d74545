/*
 * store_backend: what a database backend implements for store.h, as one
 * table of functions (the way SQLite's VFS and libcurl's protocol handlers
 * are written).  A backend's connection and statement types begin with
 * struct store and struct store_stmt, whose be member points at the table;
 * store.c dispatches every call through it and writes the parts that need
 * no backend of their own (the schema migration, a statement's rows as a
 * table, region_name, the parameter defaults) on top of these functions.
 * Only store.c and the backends include this header.
 */
#ifndef RS_STORE_BACKEND_H
#define RS_STORE_BACKEND_H

#include "store/store.h"

typedef struct store_backend store_backend;

struct store {
    const store_backend *be;
};

struct store_stmt {
    const store_backend *be;
};

struct store_backend {
    const char *name;
    /* True if where (a path or URL) names a store of this backend. */
    bool (*accepts)(const char *where);
    /* Open a connection (store_open, without the schema check). */
    rs_status (*open)(const char *where, unsigned flags, store **out, rs_error *e);
    rs_status (*open_twin)(store *db, store **out);
    void (*close)(store *db);
    void (*interrupt)(store *db);
    /* The connection's last error message. */
    const char *(*errmsg)(store *db);
    /* The schema version recorded in the store, or -1 if it cannot be read;
     * and recording one (inside the migration's transaction). */
    int (*schema_version)(store *db);
    rs_status (*set_schema_version)(store *db, int version, rs_error *e);
    /* Where the schema files (vN.sql) of this backend live, under home;
     * the version whose file makes an empty store (versions before it are
     * not this backend's), and a file applied after every migration
     * (NULL: none). */
    const char *schema_dir;
    int schema_base;
    const char *schema_always;
    /* The folder under home whose files replace queries/'s of the same
     * name for this backend (queries/pg/refresh/NAME.sql), or NULL. */
    const char *dialect_dir;
    /* store_row_id and store_insert_unchecked. */
    const char *row_id;
    bool insert_unchecked;
    /* store_need_month, or NULL when nothing needs making. */
    rs_status (*need_month)(store *db, int period, rs_error *e);
    /* store_copy_begin, _row, _end; NULL: no bulk loading. */
    rs_status (*copy_begin)(store *db, const char *table, const char *const *cols, int n,
                            rs_error *e);
    rs_status (*copy_row)(store *db, const char *const *values, rs_error *e);
    rs_status (*copy_end)(store *db, bool keep, rs_error *e);
    /* store_loaded, or NULL. */
    rs_status (*loaded)(store *db, const char *table, rs_error *e);

    rs_status (*exec)(store *db, const char *sql, rs_error *e);
    rs_status (*exec_with)(store *db, const char *sql, const char *name, int64_t value,
                           rs_error *e);
    rs_status (*prepare)(store *db, const char *sql, store_stmt **st, rs_error *e);
    store_check (*prepare_readonly)(store *db, const char *sql, store_stmt **st, rs_error *e);
    rs_status (*tables_read)(store *db, const char *sql, GHashTable *tables, rs_error *e);

    void (*bind_int64)(store_stmt *st, const char *name, int64_t value);
    void (*bind_double)(store_stmt *st, const char *name, double value);
    void (*bind_text)(store_stmt *st, const char *name, const char *text, bool copy);
    void (*bind_null)(store_stmt *st, const char *name);
    void (*clear_bindings)(store_stmt *st);
    int (*param_count)(store_stmt *st);
    const char *(*param_name)(store_stmt *st, int i);
    rs_status (*step)(store_stmt *st, bool *row, rs_error *e);
    bool (*duplicate_key)(store_stmt *st);
    void (*reset)(store_stmt *st);
    void (*finalize)(store_stmt *st);
    int (*column_count)(store_stmt *st);
    const char *(*column_name)(store_stmt *st, int c);
    store_type (*column_type)(store_stmt *st, int c);
    int64_t (*column_int64)(store_stmt *st, int c);
    double (*column_double)(store_stmt *st, int c);
    const char *(*column_text)(store_stmt *st, int c);
    void (*stmt_trace)(store_stmt *st, char *buf, size_t n);

    rs_status (*begin)(store *db, rs_error *e);
    rs_status (*commit)(store *db, rs_error *e);
    void (*rollback)(store *db);
    bool (*in_transaction)(store *db);
    void (*busy_timeout)(store *db, int ms);
    int64_t (*last_insert_id)(store *db);

    rs_status (*register_functions)(store *db, rs_error *e);
    /* Process-wide set-up (store_init), or NULL. */
    void (*init)(void);
};

/* The SQLite backend (store/sqlite.c) and the PostgreSQL one (store/pg.c). */
extern const store_backend store_sqlite_backend;
extern const store_backend store_pg_backend;

#endif
