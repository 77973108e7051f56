/* try.h - `earlynet try`: what a revert must do beyond `up` with the old
 * file (pure: from the two files and two snapshots, no I/O) */
#ifndef EARLYNET_TRY_H
#define EARLYNET_TRY_H

#include <stdbool.h>
#include "kstate.h"
#include "model.h"
#include "plan.h"

/* Is link l of snapshot k named by file c: a NIC by its MAC, a bond,
 * bridge or VLAN by its name? */
bool try_named(const struct config *c, const struct kstate *k, const struct ks_link *l);

/*
 * The operations that bring back what `before` (recorded before NEWFILE was
 * applied) had, as far as `now` differs from it, for every link the old or
 * the new file names (links neither file names, a guest's tap, are left
 * alone): the bonds, bridges and VLANs NEWFILE created are deleted (VLANs
 * first), renames undone (cycles through temporary names, rename.h), ports
 * released or given back to their master, MTUs, up/down, the addresses
 * earlynet added since removed and those removed added back, default routes
 * put back, the VLAN ids of bridge ports made as they were. What `up` with
 * the old file then sets (bond and bridge options, offloads) is left to it.
 * Ops carry the ifindex of `now` (no placeholders); iface is -1. Fills
 * *out (free with plan_free). 0, -ENOMEM, or -EINVAL with out->error set.
 */
int try_restore_plan(const struct config *old, const struct config *new_,
                     const struct kstate *before, const struct kstate *now,
                     struct plan *out);

/* Parse the pending record ("pid=N\n..."): the reverter's pid, or -1 when
 * text is not one. */
int try_pending_pid(const char *text);

#endif
