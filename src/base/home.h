/*
 * home: where the engine finds its data files (queries/, seeds/,
 * report_templates/, charts/).  $RELIEFSTAT_HOME if set, else the project
 * directory the binary was built in (the parent of build/), else ".".
 */
#ifndef RS_HOME_H
#define RS_HOME_H

/* The home directory; a static string, valid for the life of the process. */
const char *home_dir(void);

/* home_dir()/rel as a new string; the caller frees it. */
char *home_path(const char *rel);

#endif
