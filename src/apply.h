/* apply.h - carry out planned operations through the kernel boundary */
#ifndef EARLYNET_APPLY_H
#define EARLYNET_APPLY_H

#include <stdbool.h>
#include "model.h"
#include "plan.h"

struct apply_result {
	int done;               /* operations carried out */
	int failed;             /* operations that failed (and were fatal) */
	int warned;             /* non-fatal failures (offloads, rings) */
	double ms_rename;       /* time spent in renames */
	bool mgmt_failed;       /* a failed operation belonged to management */
	bool bond_failed;       /* a bond could not be created or set up: the
	                         * one data-plane failure that means fallback */
	bool interrupted;       /* SIGTERM: stopped before the data plane */
	char first_error[256];  /* "enslave spf1 to bond0: Device or resource busy" */
};

/*
 * Carry out p's operations in order; with only_mgmt, just those marked mgmt.
 * A failing operation is logged once with what it was doing and why; later
 * operations still run unless they depend on a name that failed to appear.
 */
void apply_plan(const struct config *c, const struct plan *p, bool only_mgmt,
                struct apply_result *r);

#endif
