/* plan.h - the difference between the file and the live system, as an
 * ordered list of operations. plan_build() is pure: no I/O, no logging. */
#ifndef EARLYNET_PLAN_H
#define EARLYNET_PLAN_H

#include <stdio.h>
#include "model.h"
#include "kstate.h"

/*
 * An operation carries everything apply needs: the device by ifindex and
 * the values it sets, copied in. apply needs neither the config nor a name
 * lookup. A device this plan creates has a placeholder ifindex (< 0, the
 * same in every operation on it); apply learns the real one once, right
 * after the operation that creates it.
 */
enum op_kind {
	OP_RENAME,       /* name -> arg; ival 1 when arg is a temporary name
	                  * ("entmpN") that only frees the name for another,
	                  * 2 when the link is not the file's and is moved
	                  * aside ("enasideN") off a name the file gives */
	OP_ALTNAME_DEL,  /* remove altname arg of name (which keeps its name) */
	OP_LINK_DOWN,
	OP_LINK_UP,
	OP_SET_MTU,      /* ival (was: was_ival, 0 when unknown) */
	OP_SET_MAC,      /* mac: a bond's or bridge's hwaddress, a VLAN's bridge's MAC */
	OP_SET_IPV6,     /* on: disable_ipv6 (a bridge port's 1, as ifupdown2) */
	OP_SET_FEATURE,  /* feature, on */
	OP_SET_RINGS,    /* rx, tx (already clamped; 0 = leave) */
	OP_BOND_ADD,     /* bond, fields */
	OP_BOND_SET,     /* bond, fields; was_bond, the bond as it is */
	OP_BRIDGE_ADD,   /* bridge, fields */
	OP_BRIDGE_SET,   /* bridge, fields; was_bridge, the bridge as it is */
	OP_VLAN_ADD,     /* other = the parent, arg = its name, ival = id */
	OP_ENSLAVE,      /* name joins master other (arg = its name) */
	OP_RELEASE,      /* name leaves its master; arg = the master's name,
	                  * for the words only ("" when unknown) */
	OP_PORT_VIDS,    /* add vids (tagged) on port name of bridge arg
	                  * (other); on the bridge itself when other == ifindex */
	OP_PORT_VIDS_DEL, /* remove vids from port name (or the bridge itself) */
	OP_PORT_PVID,    /* ival = the pvid of port name of bridge arg
	                  * (other), egress untagged (added when absent) */
	OP_DELETE,       /* ival = the device's enum ks_kind (a stale device
	                  * may be of another kind than the file says) */
	OP_ADDR_ADD,     /* addr */
	OP_ADDR_DEL,
	OP_ROUTE_ADD,    /* addr = gateway; default route via name, or the
	                  * route to dst when dst.prefix is not 0; on: replace
	                  * a default route of the family (a foreign one) */
	OP_ROUTE_DEL,
};

struct op {
	enum op_kind kind;
	int ifindex;             /* the device: the kernel's, or a placeholder
	                          * (< 0) for one this plan creates */
	int other;               /* the master (ENSLAVE, PORT_VIDS) or VLAN
	                          * parent (VLAN_ADD), same convention; 0 none */
	char name[EN_NAME_MAX];  /* the device's name at that point: for the
	                          * words and the ethtool ioctls, never to find it */
	char arg[EN_NAME_MAX];
	int iface;               /* index into config.ifaces, or -1 (words only) */
	int ival;
	int was_ival;
	bool on;
	enum en_feature feature;
	uint32_t rx, tx;
	unsigned fields;         /* BOND_*, BRIDGE_*: the options to send
	                          * (BOND_F_* / BRIDGE_F_* of compare.h) */
	/* OP_PORT_VIDS, OP_PORT_VIDS_DEL: the ids, the plan's own allocation
	 * (plan_op_vids() makes it, plan_free() frees it); NULL otherwise */
	struct vid_set *vids;
	uint8_t mac[6];          /* OP_SET_MAC */
	/* A plan holds tens of thousands of operations at scale: what only
	 * one kind of operation carries shares the space. */
	union {
		struct {                 /* OP_ADDR_*, OP_ROUTE_* */
			struct en_addr addr;
			struct en_addr dst;  /* OP_ROUTE_* of a route = DEST via GW */
			struct en_addr peer; /* OP_ADDR_ADD: point-to-point peer,
			                      * family 0 none */
		};
		struct {                 /* OP_BOND_* */
			struct bond_conf bond;
			struct ks_bond was_bond;
		};
		struct {                 /* OP_BRIDGE_* */
			struct bridge_conf bridge;
			struct ks_bridge was_bridge;
		};
	};
	bool mgmt;               /* management or something it depends on */
};

/* op->vids of an operation in plan (made empty when NULL): NULL when out of
 * memory. */
struct vid_set *plan_op_vids(struct op *op);

enum plan_scope {
	PLAN_UP,                 /* the whole file */
	PLAN_MANAGEMENT,         /* renames, plus management and what it needs */
	PLAN_FALLBACK,           /* management only: remove the rest of the file */
	PLAN_DOWN,               /* remove the file's VLANs, bridges, bonds; links down */
};

struct plan {
	struct op *ops;
	int n, cap;
	char warning[8][240];    /* things worth telling (rings clamped, ...) */
	int n_warnings;
	char error[256];         /* why plan_build failed, "" otherwise */
	/* Names the file gives that a link it does not mention holds and
	 * that is up: a NIC keeps its kernel name (and is used under it), a
	 * bond, bridge or VLAN is not made (its dependants are built without
	 * it). The run is degraded. "spf0 is eth5 (eth9 holds spf0), ..." */
	char held[256];
	int n_held;
};

/* Build the plan. 0, or -EEXIST/-ENOMEM/... with plan->error set (e.g. the
 * name of management's bridge held by an up link the file does not
 * mention). NICs the file names but that are absent are skipped (their
 * dependants are built without them). Free with plan_free() in every case. */
int plan_build(const struct config *c, const struct kstate *k,
               enum plan_scope scope, struct plan *plan);
void plan_free(struct plan *plan);

/* Does carrying out p make the kernel do more than it was asked? A live
 * device taken down loses its IPv6 addresses and its routes, and so do
 * the VLANs on it, which go down with it (a bond for a new mode or
 * lacp_rate, a NIC for a rename); an IPv4 address removed takes its secondaries and the routes
 * through it when it was the primary. A plan made from the snapshot before
 * does not put those back: read again and plan again after it. */
bool plan_side_effects(const struct plan *p);


/* plan-print.c: one operation in words an operator understands, e.g.
 * "rename eth2 to spf0", "enslave spf1 to bond0". Returns buf. */
char *op_describe(const struct config *c, const struct op *op, char *buf, size_t len);
/* Every operation, one a line; "nothing to do" for an empty plan. */
void plan_print(const struct config *c, const struct plan *p, FILE *out);

#endif
