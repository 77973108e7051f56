/* state.h - the result of the last up/fallback/down, in /run/earlynet/state.json */
#ifndef EARLYNET_STATE_H
#define EARLYNET_STATE_H

#include <stdbool.h>
#include "model.h"

#define STATE_PATH        "/run/earlynet/state.json"
#define STATE_MAX_IFACES  256
#define STATE_VERSION     1

struct state_iface {
	char name[16];
	char outcome[16];       /* "up", "down", "removed", "degraded", "failed", "missing" */
	char detail[224];
	char lacp[32];          /* a bond port: its LACP verdict ("distributing",
	                         * "different partner", ...), "" for others */
	char neighbour[96];     /* a bond port: LLDP "sw-b Ethernet1/7", "" */
};

/* What a run writes. Strings may be NULL (written as null). */
struct state_report {
	const char *command;    /* "up", "fallback", "down" */
	const char *result;     /* "ok", "degraded", "fallback", "failed", "down" */
	int exit_code;
	char reason[256];       /* why not "ok"; "" when there is nothing to say */
	const char *config_path;
	double ms_read, ms_rename, ms_apply, ms_carrier_wait, ms_lacp_wait, ms_total;
	unsigned netlink_requests;
	long started_at;        /* unix time */
	struct state_iface ifaces[STATE_MAX_IFACES];
	int n_ifaces;
};

/* What status reads back. */
struct state_summary {
	int version;
	char command[16];
	char result[16];
	int exit_code;
	char reason[256];
	char config_path[EN_PATH_MAX];
	double ms_read, ms_rename, ms_apply, ms_carrier_wait, ms_lacp_wait, ms_total;
	unsigned netlink_requests;
	long started_at, finished_at;
	struct state_iface ifaces[STATE_MAX_IFACES];
	int n_ifaces;
};

/* STATE_PATH, or the file given to state_set_path (--state FILE). Test
 * builds (-DEARLYNET_TESTING) also take $EARLYNET_STATE; the product does
 * not. (EARLYNET_STATE is what hooks are given: that is another matter.) */
const char *state_path(void);
void state_set_path(const char *path);

/* Append an interface to r (silently dropped beyond STATE_MAX_IFACES). */
void state_add_iface(struct state_report *r, const char *name, const char *outcome,
		     const char *detail);

/* Write r atomically to path (NULL: state_path()): the directory is created
 * (0755), the document goes to a temporary file in it, is synced and renamed
 * over path. Returns 0 or -errno. */
int state_write(const char *path, const struct state_report *r);

/* Read a state file written by state_write. Unknown fields are ignored,
 * missing ones stay zero/empty. 0, -ENOENT when there is none (no run yet),
 * -EINVAL when it is not ours, -errno. */
int state_read(const char *path, struct state_summary *out);

#endif
