/*
 * common: definitions every module may use.
 *
 * STATIC marks a module's private functions.  They are static in the
 * program; unit tests build the modules with -DTESTING (the Makefile's
 * build/tobj/), where STATIC is empty, so that a test can declare and call
 * a private function directly (as libxlsxwriter does).
 */
#ifndef RS_COMMON_H
#define RS_COMMON_H

#ifdef TESTING
#define STATIC
#else
#define STATIC static
#endif

#endif
