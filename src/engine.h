/* engine.h - the phases of up, fallback, down, plan and status: policy */
#ifndef EARLYNET_ENGINE_H
#define EARLYNET_ENGINE_H

#include <stdbool.h>
#include "cmdline.h"
#include "model.h"

/* Exit codes: the contract of cli.md. */
enum {
	EXIT_OK = 0,            /* everything in the file is up */
	EXIT_CONFIG = 1,        /* usage or configuration error; nothing changed */
	EXIT_DEGRADED = 2,      /* a bond did not converge (management only), or
	                         * part of the data plane failed, the rest up */
	EXIT_FAILED = 3,        /* management could not be brought up */
};

struct engine_opts {
	const struct cmdline *cmdline;
	bool yes;               /* --yes: no confirmation for down/fallback */
	bool json;              /* status --json */
};

int engine_up(const struct config *c, const struct engine_opts *o);
int engine_fallback(const struct config *c, const struct engine_opts *o);
int engine_down(const struct config *c, const struct engine_opts *o);
int engine_plan(const struct config *c, const struct engine_opts *o);
/* c may be NULL: show every link, bond and bridge. */
int engine_status(const struct config *c, const struct engine_opts *o);

#endif
