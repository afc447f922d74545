/*
 * inject: an LD_PRELOAD shim that makes one family of system calls fail on
 * demand, so the end-to-end tests can prove that reliefstat turns a failed
 * open, write, fsync, rename or allocation into a clean error (exit status
 * 3, no half-written output, database unchanged) rather than a crash.
 *
 * Set by environment variables:
 *   RS_INJECT_FN     families to fail, comma-separated: open, fopen, write,
 *                    fsync, rename, malloc (their calls are counted together)
 *   RS_INJECT_PATH   fnmatch(3) pattern; only calls on a matching path count
 *                    (for descriptor and stream calls, the path they refer to)
 *   RS_INJECT_AT     the counted call that fails first (1-based; default 1);
 *                    allocations are counted from the start of main
 *   RS_INJECT_TIMES  how many calls fail from there (default 1; 0 = all, as
 *                    a full disk would)
 *   RS_INJECT_ERRNO  errno to set (number or ENOSPC, EIO, EACCES, ENOMEM,
 *                    EDQUOT, EROFS, EMFILE, EFBIG; default per family)
 *   RS_INJECT_LOG    file to which one line per failed call is appended,
 *                    and at exit "calls N": the number of counted calls
 *
 * Writes to standard input, output and error are never failed, so that the
 * program can still report the error.  Stream calls (fwrite, fprintf, ...)
 * are failed at the stream level because glibc's own buffered writes do not
 * pass through an interposable write(); a stream that failed once also
 * fails its fflush and fclose, as a stream on a full disk does.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum family { FAM_NONE, FAM_OPEN, FAM_FOPEN, FAM_WRITE, FAM_FSYNC, FAM_RENAME, FAM_MALLOC };

static struct {
    unsigned fams; /* bit (1 << family) for each family to fail */
    const char *pattern;
    long at, times;
    int err;
    const char *log;
    long calls; /* counted calls so far */
    long fired;
    bool ready;
} cfg;

/* Streams that have had a write failed, so that their flush and close fail
 * too (a small set: a test poisons a handful at most). */
#define MAX_POISONED 64
static FILE *poisoned[MAX_POISONED];

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

/* ---- real functions ---------------------------------------------------- */

static struct {
    int (*open)(const char *, int, ...);
    int (*open64)(const char *, int, ...);
    int (*openat)(int, const char *, int, ...);
    int (*openat64)(int, const char *, int, ...);
    int (*creat)(const char *, mode_t);
    int (*mkstemp)(char *);
    int (*mkostemp)(char *, int);
    FILE *(*fopen)(const char *, const char *);
    FILE *(*fopen64)(const char *, const char *);
    ssize_t (*write)(int, const void *, size_t);
    ssize_t (*pwrite)(int, const void *, size_t, off_t);
    ssize_t (*pwrite64)(int, const void *, size_t, off_t);
    ssize_t (*writev)(int, const struct iovec *, int);
    size_t (*fwrite)(const void *, size_t, size_t, FILE *);
    int (*fputs)(const char *, FILE *);
    int (*fputc)(int, FILE *);
    int (*vfprintf)(FILE *, const char *, va_list);
    int (*vfprintf_chk)(FILE *, int, const char *, va_list);
    int (*fflush)(FILE *);
    int (*fclose)(FILE *);
    int (*fsync)(int);
    int (*fdatasync)(int);
    int (*rename)(const char *, const char *);
    int (*renameat)(int, const char *, int, const char *);
} real;

/* The real function f, looked up on first use (a library constructor may
 * call it before this shim's constructor has run). */
#define REAL(f) ((__typeof__(real.f))resolve((void **)&real.f, #f))

/* The function named name after this shim, cached in *slot. */
static void *resolve(void **slot, const char *name)
{
    void *fn = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!fn) {
        fn = dlsym(RTLD_NEXT, name);
        __atomic_store_n(slot, fn, __ATOMIC_RELEASE);
    }
    return fn;
}

/* Appends text to the log file with raw system calls (no stdio, no malloc,
 * nothing this shim intercepts). */
static void log_line(const char *text)
{
    if (!cfg.log) return;
    int fd = (int)syscall(SYS_open, cfg.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    syscall(SYS_write, fd, text, strlen(text));
    syscall(SYS_close, fd);
}

/* The errno named by s (a number or a name), else dflt. */
static int parse_errno(const char *s, int dflt)
{
    static const struct {
        const char *name;
        int value;
    } names[] = {{"ENOSPC", ENOSPC}, {"EIO", EIO},     {"EACCES", EACCES}, {"ENOMEM", ENOMEM},
                 {"EDQUOT", EDQUOT}, {"EROFS", EROFS}, {"EMFILE", EMFILE}, {"EFBIG", EFBIG}};
    if (!s || !*s) return dflt;
    if (*s >= '0' && *s <= '9') return atoi(s);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) return names[i].value;
    return dflt;
}

/* Reads the configuration; runs before main.  Calls made before it (by
 * other libraries' constructors) are never failed. */
__attribute__((constructor)) static void inject_init(void)
{
    static const char *const fams[] = {"", "open", "fopen", "write", "fsync", "rename", "malloc"};
    static const int dflt_errno[] = {0, EACCES, EACCES, ENOSPC, EIO, EACCES, ENOMEM};
    const char *fn = getenv("RS_INJECT_FN");
    const char *at = getenv("RS_INJECT_AT"), *times = getenv("RS_INJECT_TIMES");
    enum family first = FAM_NONE;
    for (const char *p = fn; p && *p; p += strcspn(p, ","), p += *p == ',')
        for (size_t i = 1; i < sizeof fams / sizeof fams[0]; i++)
            if (strncmp(p, fams[i], strcspn(p, ",")) == 0 && strlen(fams[i]) == strcspn(p, ",")) {
                cfg.fams |= 1u << i;
                if (first == FAM_NONE) first = (enum family)i;
            }
    cfg.pattern = getenv("RS_INJECT_PATH");
    if (cfg.pattern && !*cfg.pattern) cfg.pattern = NULL;
    cfg.at = at ? atol(at) : 1;
    cfg.times = times ? atol(times) : 1;
    cfg.err = parse_errno(getenv("RS_INJECT_ERRNO"), dflt_errno[first]);
    cfg.log = getenv("RS_INJECT_LOG");
    cfg.ready = true;
}

/* Writes "calls N" to the log at exit, so a test knows how many calls it
 * can aim at. */
__attribute__((destructor)) static void inject_fini(void)
{
    char line[64];
    if (cfg.fams == 0) return;
    snprintf(line, sizeof line, "calls %ld\n", __atomic_load_n(&cfg.calls, __ATOMIC_SEQ_CST));
    log_line(line);
}

/* ---- the decision ------------------------------------------------------ */

/* True if this call of family fam on path (NULL: none known) must fail;
 * then errno is set and the failure logged. */
static bool should_fail(enum family fam, const char *fn, const char *path)
{
    if (!cfg.ready || !(cfg.fams & 1u << fam)) return false;
    if (cfg.pattern && (!path || fnmatch(cfg.pattern, path, 0) != 0)) return false;
    long n = __atomic_add_fetch(&cfg.calls, 1, __ATOMIC_SEQ_CST);
    if (n < cfg.at || (cfg.times > 0 && n >= cfg.at + cfg.times)) return false;
    __atomic_add_fetch(&cfg.fired, 1, __ATOMIC_SEQ_CST);
    if (cfg.log) {
        char line[512];
        int len = snprintf(line, sizeof line, "fired %s #%ld %s\n", fn, n, path ? path : "-");
        if (len > 0) log_line(line);
    }
    errno = cfg.err;
    return true;
}

/* The path open on descriptor fd, into buf; NULL for the standard streams
 * (never failed) or when unknown. */
static const char *fd_path(int fd, char *buf, size_t n)
{
    char link[64];
    if (fd <= 2) return NULL;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(link, buf, n - 1);
    if (len < 0) return NULL;
    buf[len] = '\0';
    return buf;
}

/* should_fail for a descriptor call (never on the standard streams). */
static bool fd_should_fail(enum family fam, const char *fn, int fd)
{
    char buf[4096];
    if (!cfg.ready || !(cfg.fams & 1u << fam) || fd <= 2) return false;
    return should_fail(fam, fn, fd_path(fd, buf, sizeof buf));
}

/* Marks f as having failed a write. */
static void poison(FILE *f)
{
    for (int i = 0; i < MAX_POISONED; i++)
        if (__atomic_load_n(&poisoned[i], __ATOMIC_SEQ_CST) == NULL) {
            FILE *expect = NULL;
            if (__atomic_compare_exchange_n(&poisoned[i], &expect, f, false, __ATOMIC_SEQ_CST,
                                            __ATOMIC_SEQ_CST))
                return;
        }
}

/* True if f failed a write before; forget it when closing. */
static bool poisoned_stream(FILE *f, bool closing)
{
    for (int i = 0; i < MAX_POISONED; i++)
        if (__atomic_load_n(&poisoned[i], __ATOMIC_SEQ_CST) == f) {
            if (closing) __atomic_store_n(&poisoned[i], NULL, __ATOMIC_SEQ_CST);
            return true;
        }
    return false;
}

/* should_fail for a stream write; a failed stream is poisoned. */
static bool stream_should_fail(const char *fn, FILE *f)
{
    if (!cfg.ready || !(cfg.fams & 1u << FAM_WRITE) || !f) return false;
    if (poisoned_stream(f, false)) {
        errno = cfg.err;
        return true;
    }
    if (!fd_should_fail(FAM_WRITE, fn, fileno(f))) return false;
    poison(f);
    return true;
}

/* ---- open -------------------------------------------------------------- */

/* The mode argument of an open-like call, present only with O_CREAT or
 * O_TMPFILE. */
#define OPEN_MODE(flags, last)                                                                     \
    mode_t mode = 0;                                                                               \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                                                         \
        va_list ap;                                                                                \
        va_start(ap, last);                                                                        \
        mode = (mode_t)va_arg(ap, int);                                                            \
        va_end(ap);                                                                                \
    }

int open(const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    if (should_fail(FAM_OPEN, "open", path)) return -1;
    return REAL(open)(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    if (should_fail(FAM_OPEN, "open64", path)) return -1;
    return REAL(open64)(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    if (should_fail(FAM_OPEN, "openat", path)) return -1;
    return REAL(openat)(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    if (should_fail(FAM_OPEN, "openat64", path)) return -1;
    return REAL(openat64)(dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
    if (should_fail(FAM_OPEN, "creat", path)) return -1;
    return REAL(creat)(path, mode);
}

int mkstemp(char *tmpl)
{
    if (should_fail(FAM_OPEN, "mkstemp", tmpl)) return -1;
    return REAL(mkstemp)(tmpl);
}

int mkostemp(char *tmpl, int flags)
{
    if (should_fail(FAM_OPEN, "mkostemp", tmpl)) return -1;
    return REAL(mkostemp)(tmpl, flags);
}

FILE *fopen(const char *path, const char *mode)
{
    if (should_fail(FAM_FOPEN, "fopen", path)) return NULL;
    return REAL(fopen)(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
    if (should_fail(FAM_FOPEN, "fopen64", path)) return NULL;
    return REAL(fopen64)(path, mode);
}

/* ---- write ------------------------------------------------------------- */

ssize_t write(int fd, const void *buf, size_t n)
{
    if (fd_should_fail(FAM_WRITE, "write", fd)) return -1;
    return REAL(write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    if (fd_should_fail(FAM_WRITE, "pwrite", fd)) return -1;
    return REAL(pwrite)(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    if (fd_should_fail(FAM_WRITE, "pwrite64", fd)) return -1;
    return REAL(pwrite64)(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    if (fd_should_fail(FAM_WRITE, "writev", fd)) return -1;
    return REAL(writev)(fd, iov, cnt);
}

size_t fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
    if (stream_should_fail("fwrite", f)) return 0;
    return REAL(fwrite)(buf, size, n, f);
}

int fputs(const char *s, FILE *f)
{
    if (stream_should_fail("fputs", f)) return EOF;
    return REAL(fputs)(s, f);
}

int fputc(int c, FILE *f)
{
    if (stream_should_fail("fputc", f)) return EOF;
    return REAL(fputc)(c, f);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    if (stream_should_fail("vfprintf", f)) return -1;
    return REAL(vfprintf)(f, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int r = -1;
    va_start(ap, fmt);
    if (!stream_should_fail("fprintf", f)) r = REAL(vfprintf)(f, fmt, ap);
    va_end(ap);
    return r;
}

int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap)
{
    if (stream_should_fail("__vfprintf_chk", f)) return -1;
    return ((__typeof__(real.vfprintf_chk))resolve((void **)&real.vfprintf_chk, "__vfprintf_chk"))(
        f, flag, fmt, ap);
}

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
    va_list ap;
    int r = -1;
    va_start(ap, fmt);
    if (!stream_should_fail("__fprintf_chk", f)) r = __vfprintf_chk(f, flag, fmt, ap);
    va_end(ap);
    return r;
}

int fflush(FILE *f)
{
    if (f && poisoned_stream(f, false)) {
        errno = cfg.err;
        return EOF;
    }
    return REAL(fflush)(f);
}

/* Closes f for real (so nothing leaks) but reports the failure a stream
 * whose writes failed reports when its buffer cannot be flushed. */
int fclose(FILE *f)
{
    bool failed = f && poisoned_stream(f, true);
    int r = REAL(fclose)(f);
    if (failed) {
        errno = cfg.err;
        return EOF;
    }
    return r;
}

/* ---- fsync, rename ----------------------------------------------------- */

int fsync(int fd)
{
    if (fd_should_fail(FAM_FSYNC, "fsync", fd)) return -1;
    return REAL(fsync)(fd);
}

int fdatasync(int fd)
{
    if (fd_should_fail(FAM_FSYNC, "fdatasync", fd)) return -1;
    return REAL(fdatasync)(fd);
}

int rename(const char *from, const char *to)
{
    if (should_fail(FAM_RENAME, "rename", to)) return -1;
    return REAL(rename)(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    if (should_fail(FAM_RENAME, "renameat", to)) return -1;
    return REAL(renameat)(fromfd, from, tofd, to);
}

/* ---- allocation -------------------------------------------------------- */

/* Allocations are counted from main on: the libraries' own start-up (the
 * dynamic loader, constructors) is not the program's to handle. */
static bool in_main;

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

/* Marks the start of main, then runs it. */
static int counted_main(int argc, char **argv, char **envp)
{
    __atomic_store_n(&in_main, true, __ATOMIC_SEQ_CST);
    return real_main(argc, argv, envp);
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    int (*start)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *) =
        dlsym(RTLD_NEXT, "__libc_start_main");
    real_main = main;
    return start(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}

void *malloc(size_t n)
{
    if (in_main && should_fail(FAM_MALLOC, "malloc", NULL)) return NULL;
    return __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
    if (in_main && should_fail(FAM_MALLOC, "calloc", NULL)) return NULL;
    return __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
    if (in_main && n > 0 && should_fail(FAM_MALLOC, "realloc", NULL)) return NULL;
    return __libc_realloc(p, n);
}
