/*
 * alloc: the allocation policy of reliefstat, one for the whole program.
 *
 * Allocation never fails visibly.  reliefstat's own memory comes from
 * rs_malloc, rs_calloc, rs_realloc, rs_strdup, rs_strndup and rs_sprintf,
 * which never return NULL; nothing tests their result.  When the system
 * cannot give the memory, rs_out_of_memory() prints "reliefstat: out of
 * memory" on stderr, removes the temporary files registered with
 * rs_temp_register() (the outputs being written: report_output_begin()
 * registers each, commit and abort unregister it, so an output appears
 * whole or not at all), and ends the process with exit status 3.  The
 * store needs nothing: an import's uncommitted transaction is rolled back
 * by SQLite when the store is next opened, exactly as after a kill.
 * GLib's allocator (g_malloc, g_new, and the GString, GPtrArray and
 * GHashTable reliefstat uses) follows the same policy: rs_alloc_init(),
 * called first by main(), sends GLib's "failed to allocate" error to
 * rs_out_of_memory() (GLib would abort).  Memory from rs_* is freed with
 * free(), memory from GLib with g_free().  The libraries that report a
 * failed allocation of their own as an error and carry on are handled as
 * any of their errors, which main() maps to exit status 3: RS_ENOMEM where
 * all the library says is that it could not allocate (libxlsxwriter's NULL
 * format or chart, libyaml's and libcsv's initialisation, glibc's
 * open_memstream), and the library's own message otherwise (SQLite's
 * SQLITE_NOMEM comes back as an RS_ESQL error reading "out of memory",
 * Cairo's CAIRO_STATUS_NO_MEMORY as the drawing's status).  Those are the
 * only places RS_ENOMEM is used.
 */
#ifndef RS_ALLOC_H
#define RS_ALLOC_H

#include <stddef.h>

/* Like malloc, calloc, realloc, strdup and strndup, but never NULL (see
 * above).  rs_calloc checks nmemb * size for overflow; rs_realloc(p, 0)
 * frees p and returns a new minimal block. */
void *rs_malloc(size_t size);
void *rs_calloc(size_t nmemb, size_t size);
void *rs_realloc(void *p, size_t size);
char *rs_strdup(const char *s);
char *rs_strndup(const char *s, size_t n);

/* A new string formatted like printf, which the caller frees. */
char *rs_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "reliefstat: out of memory", remove the registered temporary
 * files and exit with status 3.  Safe to call from any thread. */
void rs_out_of_memory(void) __attribute__((noreturn));

/* Register path (owned by the caller, valid until unregistered) as a
 * temporary file that rs_out_of_memory() removes; at most RS_TEMP_MAX at
 * a time.  Unregistering a path not registered does nothing. */
#define RS_TEMP_MAX 32
void rs_temp_register(const char *path);
void rs_temp_unregister(const char *path);

/* Route GLib's allocation failures to rs_out_of_memory(); once, first. */
void rs_alloc_init(void);

#endif
