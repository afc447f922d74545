/*
 * version: the program's version, as `reliefstat --version`, the manifest,
 * the workbooks and the dashboard show it.
 */
#ifndef RS_VERSION_H
#define RS_VERSION_H

#define RELIEFSTAT_VERSION "0.1.0"

#endif
