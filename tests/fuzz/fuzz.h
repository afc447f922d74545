/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz/ share.
 */
#ifndef RS_FUZZ_H
#define RS_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

/* Abort naming the broken invariant when cond is false: libFuzzer keeps
 * the input as a crash. */
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "invariant broken: %s (%s:%d)\n", #cond, __FILE__, __LINE__);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
