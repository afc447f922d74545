/* Unit tests of the allocation policy (base/alloc.h): an allocation that
 * cannot be had, by rs_malloc or by GLib's g_malloc, ends the process with
 * exit status 3 and "reliefstat: out of memory" on stderr, and removes the
 * registered temporary files but no other; unregistering keeps a file.
 * Each case runs in a child process, whose status and stderr are read. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>

#include "base/alloc.h"

#ifdef __SANITIZE_ADDRESS__
/* Under AddressSanitizer (make check-asan), a request too large to serve
 * returns NULL, as from the C library, rather than stopping the test; the
 * warning it prints then goes to the test's own directory, not to the
 * logs that check-asan scans for reports. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}
void __sanitizer_set_report_path(const char *path);
#endif

static char dir[] = "/tmp/rs-test-alloc.XXXXXX";

/* A new file dir/name; its path in buf. */
static const char *make_file(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
    FILE *f = fopen(buf, "w");
    assert_non_null(f);
    fputs("partial", f);
    fclose(f);
    return buf;
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Run fn in a child with stderr to a file; returns its exit status (-1 if
 * it did not exit) and its stderr in err. */
static int run_child(void (*fn)(void), char *err, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/stderr", dir);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(path, "w", stderr)) _exit(99);
#ifdef __SANITIZE_ADDRESS__
        char report[256];
        snprintf(report, sizeof report, "%s/asan", dir);
        __sanitizer_set_report_path(report);
#endif
        rs_alloc_init();
        fn();
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t got = fread(err, 1, n - 1, f);
    err[got] = '\0';
    fclose(f);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char kept[256], temp[256], done_temp[256];

static void register_files(void)
{
    rs_temp_register(temp);
    rs_temp_register(done_temp);
    rs_temp_unregister(done_temp); /* committed: no longer temporary */
}

static void child_rs_malloc(void)
{
    register_files();
    void *p = rs_malloc(SIZE_MAX / 2);
    fprintf(stderr, "rs_malloc returned %p\n", p);
}

static void child_glib(void)
{
    register_files();
    void *p = g_malloc(SIZE_MAX / 2);
    fprintf(stderr, "g_malloc returned %p\n", p);
}

static void child_calloc_overflow(void)
{
    register_files();
    void *p = rs_calloc(SIZE_MAX / 4, 8);
    fprintf(stderr, "rs_calloc returned %p\n", p);
}

static void check_oom(void (*fn)(void))
{
    char err[1024];
    make_file(kept, sizeof kept, "kept.xlsx");
    make_file(temp, sizeof temp, ".out.xlsx.tmp1");
    make_file(done_temp, sizeof done_temp, ".done.pdf.tmp1");
    assert_int_equal(run_child(fn, err, sizeof err), 3);
    assert_string_equal(err, "reliefstat: out of memory\n");
    assert_false(exists(temp));
    assert_true(exists(kept));
    assert_true(exists(done_temp));
    unlink(kept);
    unlink(done_temp);
}

static void test_rs_malloc(void **state)
{
    check_oom(child_rs_malloc);
}

static void test_glib(void **state)
{
    check_oom(child_glib);
}

static void test_calloc_overflow(void **state)
{
    check_oom(child_calloc_overflow);
}

static void test_never_null(void **state)
{
    char *s = rs_sprintf("%s-%d", "a", 7);
    assert_string_equal(s, "a-7");
    free(s);
    s = rs_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    void *p = rs_malloc(0); /* a block, not NULL */
    assert_non_null(p);
    p = rs_realloc(p, 0);
    assert_non_null(p);
    free(p);
    p = rs_calloc(0, 16);
    assert_non_null(p);
    free(p);
}

static int setup(void **state)
{
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    DIR *d = opendir(dir);
    char path[512];
    for (struct dirent *de; d && (de = readdir(d));) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || strcmp(de->d_name, "..") == 0)) continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    if (d) closedir(d);
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rs_malloc),
        cmocka_unit_test(test_glib),
        cmocka_unit_test(test_calloc_overflow),
        cmocka_unit_test(test_never_null),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
