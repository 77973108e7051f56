/* cmdline.h - the earlynet* options of the kernel command line (pure) */
#ifndef EARLYNET_CMDLINE_H
#define EARLYNET_CMDLINE_H

#include <stdbool.h>
#include "model.h"

struct cmdline {
	bool off;             /* earlynet=off */
	bool fallback;        /* earlynet.fallback */
	bool debug;           /* earlynet.debug */
	char config[EN_PATH_MAX]; /* earlynet.config=PATH, "" when absent */
	int carrier_timeout;  /* earlynet.carrier_timeout=N, EN_UNSET when absent */
	int lacp_timeout;     /* earlynet.lacp_timeout=N, EN_UNSET when absent */
};

/* Parse a command line (words separated by blanks, "quoted" values allowed).
 * Unknown words are ignored; a malformed earlynet* option is returned as
 * -EINVAL with *bad pointing at a static description (options before it are
 * kept). */
int cmdline_parse(const char *text, struct cmdline *out, const char **bad);

/* Read and parse a file (NULL: /proc/cmdline; `earlynet --cmdline FILE`
 * gives another, for tests and for trying options out; test builds also
 * take $EARLYNET_CMDLINE when path is NULL). A missing file gives the
 * defaults and 0. */
int cmdline_read(const char *path, struct cmdline *out, const char **bad);

#endif
