/*
 * alloc: allocation that never returns NULL, the one out-of-memory handler
 * and its list of temporary files (the policy is in alloc.h).  The handler
 * allocates nothing: it writes with write(2), unlinks the registered paths
 * and leaves with _exit(), since atexit handlers and stdio may allocate.
 */
#include "base/alloc.h"

#include <glib.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *temps[RS_TEMP_MAX];
static pthread_mutex_t temps_lock = PTHREAD_MUTEX_INITIALIZER;

void rs_out_of_memory(void)
{
    static const char msg[] = "reliefstat: out of memory\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    pthread_mutex_lock(&temps_lock);
    for (int i = 0; i < RS_TEMP_MAX; i++)
        if (temps[i]) unlink(temps[i]);
    _exit(3);
}

void rs_temp_register(const char *path)
{
    pthread_mutex_lock(&temps_lock);
    int i = 0;
    while (i < RS_TEMP_MAX && temps[i])
        i++;
    if (i < RS_TEMP_MAX) temps[i] = path;
    pthread_mutex_unlock(&temps_lock);
    if (i == RS_TEMP_MAX) {
        fprintf(stderr, "reliefstat: internal error: more than %d temporary files\n", RS_TEMP_MAX);
        abort();
    }
}

void rs_temp_unregister(const char *path)
{
    pthread_mutex_lock(&temps_lock);
    for (int i = 0; i < RS_TEMP_MAX; i++)
        if (temps[i] == path) temps[i] = NULL;
    pthread_mutex_unlock(&temps_lock);
}

void *rs_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) rs_out_of_memory();
    return p;
}

void *rs_calloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p) rs_out_of_memory();
    return p;
}

void *rs_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) rs_out_of_memory();
    return q;
}

char *rs_strdup(const char *s)
{
    char *p = strdup(s);
    if (!p) rs_out_of_memory();
    return p;
}

char *rs_strndup(const char *s, size_t n)
{
    char *p = strndup(s, n);
    if (!p) rs_out_of_memory();
    return p;
}

char *rs_sprintf(const char *fmt, ...)
{
    va_list ap;
    char *p = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&p, fmt, ap);
    va_end(ap);
    if (n < 0) rs_out_of_memory();
    return p;
}

/* GLib reports a failed g_malloc as an error-level message ("failed to
 * allocate N bytes") and then aborts; this handler ends the run the
 * reliefstat way instead.  Other errors go to GLib's default handler. */
static void glib_error(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    if (msg && strstr(msg, "failed to allocate")) rs_out_of_memory();
    g_log_default_handler(domain, level, msg, data);
}

void rs_alloc_init(void)
{
    g_log_set_handler("GLib", G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL, glib_error, NULL);
}
