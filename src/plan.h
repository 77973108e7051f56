/* plan.h - the difference between the file and the live system, as an
 * ordered list of operations. plan_build() is pure: no I/O, no logging. */
#ifndef EARLYNET_PLAN_H
#define EARLYNET_PLAN_H

#include <stdio.h>
#include "model.h"
#include "kstate.h"

enum op_kind {
	OP_RENAME,       /* name -> arg; ival 1 when arg is a temporary name
	                  * ("entmpN") that only frees the name for another */
	OP_LINK_DOWN,
	OP_LINK_UP,
	OP_SET_MTU,      /* ival */
	OP_SET_FEATURE,  /* feature, on */
	OP_SET_RINGS,    /* rx, tx (already clamped; 0 = leave) */
	OP_BOND_ADD,     /* bond options from config.ifaces[iface] */
	OP_BOND_SET,
	OP_BRIDGE_ADD,   /* bridge options from config.ifaces[iface] */
	OP_BRIDGE_SET,
	OP_VLAN_ADD,     /* arg = parent, ival = id */
	OP_ENSLAVE,      /* name joins master arg */
	OP_RELEASE,      /* name leaves its master; arg = the master's name,
	                  * for the words only ("" when unknown) */
	OP_PORT_VIDS,    /* add vids on port name of bridge config.ifaces[iface]
	                  * (tagged); name the bridge itself: on "self" */
	OP_PORT_VIDS_DEL, /* remove vids from port name (or the bridge self) */
	OP_DELETE,       /* ival = the device's enum ks_kind (a stale device
	                  * may be of another kind than the file says) */
	OP_ADDR_ADD,     /* addr */
	OP_ADDR_DEL,
	OP_ROUTE_ADD,    /* addr = gateway; default route via name */
	OP_ROUTE_DEL,
};

struct op {
	enum op_kind kind;
	char name[EN_NAME_MAX];  /* the interface, by its name at that point */
	char arg[EN_NAME_MAX];
	int iface;               /* index into config.ifaces, or -1 */
	int ival;
	bool on;
	enum en_feature feature;
	uint32_t rx, tx;
	struct en_addr addr;
	struct vid_set vids;     /* OP_PORT_VIDS, OP_PORT_VIDS_DEL */
	bool mgmt;               /* management or something it depends on */
};

enum plan_scope {
	PLAN_UP,                 /* the whole file */
	PLAN_MANAGEMENT,         /* renames, plus management and what it needs */
	PLAN_FALLBACK,           /* management only: remove the rest of the file */
	PLAN_DOWN,               /* remove the file's VLANs, bridges, bonds; links down */
};

struct plan {
	struct op *ops;
	int n, cap;
	char warning[8][160];    /* things worth telling (rings clamped, ...) */
	int n_warnings;
	char error[256];         /* why plan_build failed, "" otherwise */
};

/* Build the plan. 0, or -EEXIST/-ENOMEM/... with plan->error set (e.g. a
 * target name held by a device the file does not mention). NICs the file
 * names but that are absent are skipped (their dependants are built without
 * them). Free with plan_free() in every case. */
int plan_build(const struct config *c, const struct kstate *k,
               enum plan_scope scope, struct plan *plan);
void plan_free(struct plan *plan);


/* plan-print.c: one operation in words an operator understands, e.g.
 * "rename eth2 to spf0", "enslave spf1 to bond0". Returns buf. */
char *op_describe(const struct config *c, const struct op *op, char *buf, size_t len);
/* Every operation, one a line; "nothing to do" for an empty plan. */
void plan_print(const struct config *c, const struct plan *p, FILE *out);

#endif
