/* compare.h - the one comparison of the file against the kernel, for the
 * options of bonds and bridges (pure). The planner decides from it what to
 * send, status marks from it what differs, plan prints it, and the netlink
 * layer sends exactly the fields it names: all four agree by construction.
 */
#ifndef EARLYNET_COMPARE_H
#define EARLYNET_COMPARE_H

#include <stdbool.h>
#include "model.h"
#include "kstate.h"

/* Bond options, as bits of a field set. */
enum {
	BOND_F_MODE       = 1u << 0,
	BOND_F_MIIMON     = 1u << 1,
	BOND_F_UPDELAY    = 1u << 2,
	BOND_F_DOWNDELAY  = 1u << 3,
	BOND_F_HASH       = 1u << 4,
	BOND_F_LACP_RATE  = 1u << 5,
	BOND_F_AD_SELECT  = 1u << 6,
	BOND_F_MIN_LINKS  = 1u << 7,
	BOND_F_PRIMARY    = 1u << 8,    /* decided by the planner: by ifindex */
};
/* The kernel changes these only on a bond that is down (the mode also only
 * on a bond without ports). */
#define BOND_F_NEED_DOWN (BOND_F_MODE | BOND_F_LACP_RATE | BOND_F_AD_SELECT)

enum {
	BRIDGE_F_STP      = 1u << 0,
	BRIDGE_F_FWD      = 1u << 1,    /* forward_delay */
	BRIDGE_F_VLAN     = 1u << 2,    /* vlan_filtering */
};

/* The delay the kernel keeps for a wanted one: rounded down to a multiple
 * of miimon (and 0 without miimon). Operations carry the rounded value. */
int bond_effective_delay(int delay, int miimon);

/* The fields of an existing bond (bridge) that differ from the file: the
 * hash policy only in modes that use it, lacp_rate and ad_select only in
 * 802.3ad mode, delays as the kernel rounds them. */
unsigned compare_bond(const struct bond_conf *want, const struct ks_bond *have);
unsigned compare_bridge(const struct bridge_conf *want, const struct ks_bridge *have);
/* The fields to send with a new bond (bridge): what the file sets that the
 * kernel would not take on its own (and never lacp_rate outside 802.3ad,
 * which the kernel refuses, nor delays without miimon). */
unsigned compare_bond_new(const struct bond_conf *want);
unsigned compare_bridge_new(const struct bridge_conf *want);

/* One differing field in words: "lacp_rate", want "fast", have "slow". */
struct change {
	const char *field;
	char want[24];
	char have[24];
};
#define COMPARE_MAX_CHANGES 8
/* The changes of fields (a set from compare_bond/compare_bridge), in a
 * fixed order; returns how many (at most COMPARE_MAX_CHANGES). */
int compare_bond_words(const struct bond_conf *want, const struct ks_bond *have,
                       unsigned fields, struct change *out);
int compare_bridge_words(const struct bridge_conf *want, const struct ks_bridge *have,
                         unsigned fields, struct change *out);

/* VLANs of a VLAN-aware bridge's port, or of the bridge itself ("self"):
 * what the file asks for. */
struct vlan_want {
	struct vid_set vids;      /* every id, the pvid included */
	uint16_t pvid;            /* 0: the kernel's pvid stays, not compared */
};

/* The VLANs the file gives interface i: a port of a VLAN-aware bridge
 * (bridge_access; else bridge_vids or the bridge's vids, with bridge_pvid)
 * or a VLAN-aware bridge itself (the ids of its [vlan]s, the pvid left
 * alone). False when i is neither: it has no VLANs to compare. */
bool compare_vlan_want(const struct config *c, int i, struct vlan_want *w);

enum {
	VLAN_F_ADD   = 1u << 0,   /* ids missing */
	VLAN_F_TAG   = 1u << 1,   /* ids there but untagged: to be tagged */
	VLAN_F_PVID  = 1u << 2,   /* the pvid differs, or is not untagged */
	VLAN_F_DEL   = 1u << 3,   /* ids the file does not list */
};
struct vlan_change {
	struct vid_set add, tag, del;
	uint16_t pvid;            /* VLAN_F_PVID: the one to set, untagged */
};

/* The kernel's VLANs of a port or bridge l against w; l NULL (or without
 * VLANs in the snapshot) is one the kernel just made: VLAN 1, pvid,
 * untagged (the bridge's default_pvid). Without a pvid in the file the
 * kernel's pvid is neither deleted nor changed. Returns the VLAN_F_* that
 * differ. */
unsigned compare_vlans(const struct vlan_want *w, const struct ks_link *l,
		       struct vlan_change *out);

#endif
