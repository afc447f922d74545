/*
 * home: locating the project's data directories at run time.
 */
#include "base/home.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"

static char home[PATH_MAX];

/* True if dir/queries is a directory. */
static int has_queries(const char *dir)
{
    char p[PATH_MAX + 16];
    struct stat st;
    snprintf(p, sizeof p, "%s/queries", dir);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *home_dir(void)
{
    if (home[0]) return home;
    const char *env = getenv("RELIEFSTAT_HOME");
    if (env && *env) {
        snprintf(home, sizeof home, "%s", env);
        return home;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash) break;
            *slash = '\0';
            if (exe[0] && has_queries(exe)) {
                snprintf(home, sizeof home, "%s", exe);
                return home;
            }
        }
    }
    snprintf(home, sizeof home, ".");
    return home;
}

char *home_path(const char *rel)
{
    const char *h = home_dir();
    size_t n = strlen(h) + strlen(rel) + 2;
    char *p = rs_malloc(n);
    snprintf(p, n, "%s/%s", h, rel);
    return p;
}
