/* engine.h - the phases of up, fallback, down, plan and status: policy */
#ifndef EARLYNET_ENGINE_H
#define EARLYNET_ENGINE_H

#include <stdbool.h>
#include "cmdline.h"
#include "model.h"

struct state_report;

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
	/* try: the command the state file names ("try", NULL: the
	 * command's own), and where the report written goes too (NULL:
	 * nowhere), for try to write it again with its own result */
	const char *command;
	struct state_report *report;
};

int engine_up(const struct config *c, const struct engine_opts *o);
int engine_fallback(const struct config *c, const struct engine_opts *o);
int engine_down(const struct config *c, const struct engine_opts *o);
int engine_plan(const struct config *c, const struct engine_opts *o);
/* c may be NULL: show every link, bond and bridge. */
int engine_status(const struct config *c, const struct engine_opts *o);

/* engine-try.c: `earlynet try` and `earlynet confirm` (cli-next.md).
 * engine_try starts the reverter, detached, and follows it: its messages,
 * `y` on the terminal; returns its exit code. engine_try_run is the
 * reverter itself (the binary run again as "earlynet-try"). old is the
 * installed file, which a confirmation replaces with new. */
int engine_try(const struct config *old, const struct config *new_, int timeout_s,
               char *const reverter_argv[]);
int engine_try_run(const struct config *old, const struct config *new_, int timeout_s,
                   bool bonds, const struct engine_opts *o);
int engine_confirm(void);
/* EXIT_OK, or EXIT_CONFIG (said why) when a try is pending: `up`, `down`
 * and `fallback` would be undone by its revert. */
int engine_try_guard(const char *cmd);

#endif
