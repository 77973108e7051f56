/* test-plan.c - the planner: renames, links, bonds, bridges, VLANs, addresses,
 * routes, ordering, scopes, idempotence */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "model-build.h"
#include "plan.h"

struct want {
	enum op_kind kind;
	const char *name;
	const char *arg;        /* NULL: not compared */
};

static void dump(const struct config *c, const struct plan *p)
{
	fprintf(stderr, "plan (%d ops):\n", p->n);
	plan_print(c, p, stderr);
}

/* The plan is exactly these operations, in this order. */
static void expect_ops(const struct config *c, const struct plan *p, const struct want *w, int n)
{
	bool ok = p->n == n;

	for (int i = 0; ok && i < n; i++)
		ok = p->ops[i].kind == w[i].kind && !strcmp(p->ops[i].name, w[i].name) &&
		     (!w[i].arg || !strcmp(p->ops[i].arg, w[i].arg));
	if (!ok)
		dump(c, p);
	assert_true(ok);
}

static int find_op(const struct plan *p, enum op_kind kind, const char *name, const char *arg)
{
	for (int i = 0; i < p->n; i++)
		if (p->ops[i].kind == kind && !strcmp(p->ops[i].name, name) &&
		    (!arg || !strcmp(p->ops[i].arg, arg)))
			return i;
	return -1;
}

static int count_ops(const struct plan *p, enum op_kind kind)
{
	int n = 0;

	for (int i = 0; i < p->n; i++)
		n += p->ops[i].kind == kind;
	return n;
}

static const char *describe(const struct config *c, const struct plan *p, int i)
{
	static char buf[256];

	assert_true(i >= 0 && i < p->n);
	return op_describe(c, &p->ops[i], buf, sizeof(buf));
}

/* Not yet in any bond or bridge: its own MAC, no master, down. */
static void ks_unenslave(struct kstate *k, const char *name)
{
	struct ks_link *l = mb_ks(k, name);

	l->master = 0;
	l->master_kind[0] = '\0';
	memset(&l->port, 0, sizeof(l->port));
	memcpy(l->mac, l->perm_mac, 6);
}

static void ks_remove(struct kstate *k, const char *name)
{
	struct ks_link *l = mb_ks(k, name);
	int i = (int)(l - k->links);

	memmove(l, l + 1, (size_t)(k->n_links - i - 1) * sizeof(*l));
	k->n_links--;
}

/* Idempotence: a system that is the file gives no operation, in any scope
 * that converges it. */
static void test_idempotent_node01(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	mb_node01(&c);
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	if (p.n)
		dump(&c, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.n_warnings, 0);
	assert_string_equal(p.error, "");

	f = open_memstream(&out, &len);
	assert_non_null(f);
	plan_print(&c, &p, f);
	fclose(f);
	assert_string_equal(out, "nothing to do\n");
	free(out);
	plan_free(&p);

	assert_int_equal(plan_build(&c, &k, PLAN_MANAGEMENT, &p), 0);
	assert_int_equal(p.n, 0);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* The kernel's names for node01's NICs: eth0/eth1 swapped, the SFP+ ports
 * as eth2/eth3; eth0 is up (ip= on the kernel command line). */
static void ks_node01_fresh(struct kstate *k)
{
	struct ks_link *l;

	memset(k, 0, sizeof(*k));
	l = mb_ks_link(k, 1, "lo", KS_KIND_OTHER, NULL, NULL);
	l->flags = IFF_UP | IFF_LOOPBACK;
	l = mb_ks_link(k, 2, "eth0", KS_KIND_OTHER, "58:47:ca:76:76:fd", "58:47:ca:76:76:fd");
	l->flags = IFF_UP;
	mb_ks_link(k, 3, "eth1", KS_KIND_OTHER, "58:47:ca:76:76:fe", "58:47:ca:76:76:fe");
	mb_ks_link(k, 4, "eth2", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	mb_ks_link(k, 5, "eth3", KS_KIND_OTHER, "58:47:ca:76:76:fc", "58:47:ca:76:76:fc");
	for (int i = 3; i < 5; i++) {
		struct ks_ethtool *e = &k->links[i].ethtool;

		e->read = true;
		e->feature[FEAT_TSO] = TRI_ON;
		e->has_rings = true;
		e->rx = e->tx = 512;
		e->rx_max = e->tx_max = 4096;
	}
	mb_ks_addr(k, 1, "127.0.0.1/8");
	mb_ks_addr(k, 2, "192.168.1.5/24"); /* from ip= */
}

static void test_node01_from_scratch(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	int i, first_data = -1, last_mgmt = -1, renames = 0;

	mb_node01(&c);
	ks_node01_fresh(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);

	/* Renames come first: the swap through a temporary name, eth0 brought
	 * down before its rename. */
	for (i = 0; i < p.n && (p.ops[i].kind == OP_RENAME || p.ops[i].kind == OP_LINK_DOWN); i++)
		renames += p.ops[i].kind == OP_RENAME;
	assert_int_equal(renames, 5);
	assert_int_equal(count_ops(&p, OP_RENAME), 5);
	assert_true(find_op(&p, OP_LINK_DOWN, "eth0", NULL) < find_op(&p, OP_RENAME, "eth0", NULL));
	assert_string_equal(describe(&c, &p, find_op(&p, OP_RENAME, "eth2", NULL)),
	                    "rename eth2 to spf0");
	i = find_op(&p, OP_RENAME, "eth0", "entmp0");
	if (i < 0)
		i = find_op(&p, OP_RENAME, "eth1", "entmp0");
	assert_true(i >= 0);
	{
		char want[96];

		snprintf(want, sizeof(want), "rename %s to entmp0 (temporary, to free the name)",
		         p.ops[i].name);
		assert_string_equal(describe(&c, &p, i), want);
	}

	/* Then management and what it needs, then the data plane. */
	for (i = renames; i < p.n; i++) {
		if (p.ops[i].kind == OP_RENAME || p.ops[i].kind == OP_LINK_DOWN)
			continue;
		if (p.ops[i].mgmt)
			last_mgmt = i;
		else if (first_data < 0)
			first_data = i;
	}
	assert_true(last_mgmt >= 0 && first_data >= 0);
	if (last_mgmt > first_data)
		dump(&c, &p);
	assert_true(last_mgmt < first_data);
	assert_true(p.ops[find_op(&p, OP_BRIDGE_ADD, "vmbr0", NULL)].mgmt);
	assert_true(find_op(&p, OP_BRIDGE_ADD, "vmbr0", NULL) < find_op(&p, OP_ENSLAVE, "eth0", "vmbr0"));
	assert_true(find_op(&p, OP_ENSLAVE, "eth0", "vmbr0") < find_op(&p, OP_LINK_UP, "eth0", NULL));
	assert_true(find_op(&p, OP_LINK_UP, "vmbr0", NULL) < find_op(&p, OP_ADDR_ADD, "vmbr0", NULL));
	assert_true(find_op(&p, OP_ADDR_ADD, "vmbr0", NULL) < find_op(&p, OP_ROUTE_ADD, "vmbr0", NULL));
	assert_true(p.ops[find_op(&p, OP_ROUTE_ADD, "vmbr0", NULL)].mgmt);
	assert_string_equal(describe(&c, &p, find_op(&p, OP_ROUTE_ADD, "vmbr0", NULL)),
	                    "add default route via 10.16.207.1 dev vmbr0");
	/* the address from ip= on the renamed NIC (now eth1, up=no) goes */
	assert_string_equal(describe(&c, &p, find_op(&p, OP_ADDR_DEL, "eth1", NULL)),
	                    "remove address 192.168.1.5/24 from eth1");
	assert_int_equal(find_op(&p, OP_LINK_UP, "eth1", NULL), -1);

	/* Data plane: the bond, its ports down-enslave-up, offloads, rings,
	 * then the bridge, the VLANs and their addresses. */
	i = find_op(&p, OP_BOND_ADD, "bond0", NULL);
	assert_false(p.ops[i].mgmt);
	assert_string_equal(describe(&c, &p, i),
	                    "create bond bond0 (802.3ad, miimon 100, layer2+3, lacp_rate slow)");
	assert_true(find_op(&p, OP_SET_FEATURE, "spf0", NULL) < i);
	assert_string_equal(describe(&c, &p, find_op(&p, OP_SET_FEATURE, "spf0", NULL)),
	                    "turn tso off on spf0");
	assert_string_equal(describe(&c, &p, find_op(&p, OP_SET_RINGS, "spf1", NULL)),
	                    "set rings of spf1 to rx 4096 tx 4096");
	assert_true(i < find_op(&p, OP_ENSLAVE, "spf1", "bond0"));
	assert_string_equal(describe(&c, &p, find_op(&p, OP_ENSLAVE, "spf1", "bond0")),
	                    "enslave spf1 to bond0");
	assert_true(find_op(&p, OP_ENSLAVE, "spf1", "bond0") < find_op(&p, OP_LINK_UP, "spf1", NULL));
	assert_true(find_op(&p, OP_LINK_UP, "bond0", NULL) < find_op(&p, OP_BRIDGE_ADD, "vmbr1", NULL));
	assert_true(find_op(&p, OP_ENSLAVE, "bond0", "vmbr1") < find_op(&p, OP_VLAN_ADD, "vmbr1.10", NULL));
	assert_string_equal(describe(&c, &p, find_op(&p, OP_VLAN_ADD, "vmbr1.10", NULL)),
	                    "create vlan vmbr1.10 on vmbr1 id 10");
	assert_int_equal(count_ops(&p, OP_VLAN_ADD), 6);
	assert_true(find_op(&p, OP_VLAN_ADD, "vmbr1.60", NULL) < find_op(&p, OP_ADDR_ADD, "vmbr1.10", NULL));
	assert_string_equal(describe(&c, &p, find_op(&p, OP_ADDR_ADD, "vmbr1.10", NULL)),
	                    "add address 10.25.10.231/24 to vmbr1.10");
	assert_int_equal(count_ops(&p, OP_ADDR_ADD), 7);
	assert_int_equal(count_ops(&p, OP_PORT_VIDS), 0);
	/* nothing on lo */
	for (i = 0; i < p.n; i++)
		assert_string_not_equal(p.ops[i].name, "lo");
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_rename_held_by_unknown(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;

	mb_config_init(&c);
	mb_link(&c, "spf0", "58:47:ca:76:76:fb");
	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 4, "eth5", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	mb_ks_link(&k, 9, "spf0", KS_KIND_OTHER, "02:00:00:00:00:01", NULL); /* a veth */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), -EEXIST);
	assert_string_equal(p.error, "cannot rename eth5 to spf0: the name is held by spf0 "
	                    "(ifindex 9), which the file does not mention");
	assert_int_equal(p.n, 0);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* A target held by a NIC that is renamed away: no temporary name needed;
 * an up NIC is brought down for its rename and up again after. */
static void test_rename_chain_and_up(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_LINK_DOWN, "eth0", NULL }, { OP_RENAME, "eth0", "spf0" },
		{ OP_RENAME, "eth1", "eth0" },
		{ OP_LINK_UP, "eth0", NULL }, { OP_LINK_UP, "spf0", NULL },
	};

	mb_config_init(&c);
	mb_link(&c, "eth0", "00:00:00:00:00:01");
	mb_link(&c, "spf0", "00:00:00:00:00:02");
	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 2, "eth1", KS_KIND_OTHER, "00:00:00:00:00:01", "00:00:00:00:00:01");
	mb_ks_link(&k, 3, "eth0", KS_KIND_OTHER, "00:00:00:00:00:02", "00:00:00:00:00:02")->flags = IFF_UP;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 5);
	plan_free(&p);

	/* up = no: renamed, and left down */
	mb_iface(&c, "spf0")->link.up = false;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 4);
	plan_free(&p);

	/* DOWN renames too, and leaves the links down */
	assert_int_equal(plan_build(&c, &k, PLAN_DOWN, &p), 0);
	expect_ops(&c, &p, w, 3);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* A 3-cycle through one temporary name that avoids every name in use. */
static void test_rename_three_cycle(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;

	mb_config_init(&c);
	mb_link(&c, "eth0", "00:00:00:00:00:01");
	mb_link(&c, "eth1", "00:00:00:00:00:02");
	mb_link(&c, "eth2", "00:00:00:00:00:03");
	for (int i = 0; i < 3; i++)
		c.ifaces[i].link.up = false;
	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 2, "eth1", KS_KIND_OTHER, "00:00:00:00:00:01", "00:00:00:00:00:01");
	mb_ks_link(&k, 3, "eth2", KS_KIND_OTHER, "00:00:00:00:00:02", "00:00:00:00:00:02");
	mb_ks_link(&k, 4, "eth0", KS_KIND_OTHER, "00:00:00:00:00:03", "00:00:00:00:00:03");
	mb_ks_link(&k, 5, "entmp0", KS_KIND_OTHER, "00:00:00:00:00:09", NULL);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 4);
	assert_int_equal(count_ops(&p, OP_RENAME), 4);
	assert_string_equal(p.ops[0].arg, "entmp1");
	assert_int_equal(p.ops[0].ival, 1);
	assert_string_equal(p.ops[3].name, "entmp1");
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_link_settings(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	struct ks_link *l;
	struct iface *f;
	const struct want w[] = {
		{ OP_SET_MTU, "spf0", NULL }, { OP_SET_FEATURE, "spf0", NULL },
		{ OP_SET_RINGS, "spf0", NULL },
	};

	mb_config_init(&c);
	mb_link(&c, "spf0", "00:00:00:00:00:01");
	f = mb_iface(&c, "spf0");
	f->mtu = 9000;
	f->link.tso = TRI_OFF;
	f->link.gso = TRI_ON;   /* fixed on: nothing to do */
	f->link.gro = TRI_OFF;  /* fixed on: warning */
	f->link.lro = TRI_OFF;  /* unknown: warning */
	f->link.rx_ring = 8192; /* above the maximum: clamped */
	f->link.tx_ring = 1024; /* as it is: left */
	memset(&k, 0, sizeof(k));
	l = mb_ks_link(&k, 2, "spf0", KS_KIND_OTHER, "00:00:00:00:00:01", "00:00:00:00:00:01");
	l->flags = IFF_UP;
	l->ethtool.read = true;
	l->ethtool.feature[FEAT_TSO] = TRI_ON;
	l->ethtool.feature[FEAT_GSO] = TRI_ON;
	l->ethtool.feature_fixed[FEAT_GSO] = true;
	l->ethtool.feature[FEAT_GRO] = TRI_ON;
	l->ethtool.feature_fixed[FEAT_GRO] = true;
	l->ethtool.has_rings = true;
	l->ethtool.rx = 512;
	l->ethtool.tx = 1024;
	l->ethtool.rx_max = l->ethtool.tx_max = 4096;

	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 3);
	assert_string_equal(describe(&c, &p, 0), "set mtu of spf0 to 9000");
	assert_int_equal(p.ops[0].ival, 9000);
	assert_int_equal(p.ops[1].feature, FEAT_TSO);
	assert_false(p.ops[1].on);
	assert_int_equal(p.ops[2].rx, 4096);
	assert_int_equal(p.ops[2].tx, 0);
	assert_string_equal(describe(&c, &p, 2), "set rings of spf0 to rx 4096");
	assert_int_equal(p.n_warnings, 3);
	assert_string_equal(p.warning[0], "spf0: the driver cannot change gro, ignoring");
	assert_string_equal(p.warning[1], "spf0: the driver does not report lro, ignoring");
	assert_string_equal(p.warning[2], "spf0: rx_ring 8192 is above the maximum 4096, using 4096");
	plan_free(&p);

	/* A driver without rings (veth): a warning, no operation; MTU equal. */
	l->mtu = 9000;
	l->ethtool.feature[FEAT_TSO] = TRI_OFF;
	l->ethtool.has_rings = false;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.n_warnings, 3);
	assert_string_equal(p.warning[2], "spf0: driver cannot change rings, ignoring");
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* A balance-rr bond0 left from an earlier run, up, with no ports. */
static void test_bond_stale_mode(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_LINK_DOWN, "bond0", NULL }, { OP_BOND_SET, "bond0", NULL },
		{ OP_ENSLAVE, "spf0", "bond0" }, { OP_LINK_UP, "spf0", NULL },
		{ OP_ENSLAVE, "spf1", "bond0" }, { OP_LINK_UP, "spf1", NULL },
		{ OP_LINK_UP, "bond0", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_ks(&k, "bond0")->bond.mode = BOND_MODE_BALANCE_RR;
	ks_unenslave(&k, "spf0");
	ks_unenslave(&k, "spf1");
	mb_ks(&k, "spf0")->flags = 0;
	mb_ks(&k, "spf1")->flags = 0;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	/* no release (it has no ports); it comes up again with its ports */
	expect_ops(&c, &p, w, 7);
	assert_string_equal(describe(&c, &p, 1),
	                    "set options of bond bond0 (802.3ad, miimon 100, layer2+3, lacp_rate slow)");
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* A wrong mode on a bond with ports: release them, down, set, take back. */
static void test_bond_mode_with_ports(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_RELEASE, "spf0", "bond0" }, { OP_RELEASE, "spf1", "bond0" },
		{ OP_LINK_DOWN, "bond0", NULL }, { OP_BOND_SET, "bond0", NULL },
		{ OP_LINK_DOWN, "spf0", NULL }, { OP_ENSLAVE, "spf0", "bond0" },
		{ OP_LINK_UP, "spf0", NULL },
		{ OP_LINK_DOWN, "spf1", NULL }, { OP_ENSLAVE, "spf1", "bond0" },
		{ OP_LINK_UP, "spf1", NULL },
		{ OP_LINK_UP, "bond0", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_ks(&k, "bond0")->bond.lacp_rate = BOND_LACP_FAST;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 11);
	assert_string_equal(describe(&c, &p, 0), "release spf0 from bond0");
	plan_free(&p);

	/* Other options change in place. */
	mb_ks(&k, "bond0")->bond.lacp_rate = BOND_LACP_SLOW;
	mb_ks(&k, "bond0")->bond.miimon = 200;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, &w[3], 1);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* Ports the file does not list go; a port of another master is released
 * first; an up=no link enslaved somewhere is released and brought down. */
static void test_ports_stray_and_foreign(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_RELEASE, "eth1", "vmbr0" }, { OP_LINK_DOWN, "eth1", NULL },
		{ OP_RELEASE, "spf1", "br9" },
		{ OP_RELEASE, "veth9", "bond0" },
		{ OP_LINK_DOWN, "spf1", NULL }, { OP_ENSLAVE, "spf1", "bond0" },
		{ OP_LINK_UP, "spf1", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_ks_link(&k, 21, "br9", KS_KIND_BRIDGE, "02:00:00:00:00:21", NULL);
	ks_unenslave(&k, "spf1");
	mb_ks_enslave(&k, "spf1", "br9");
	mb_ks(&k, "eth1")->flags = IFF_UP;
	mb_ks_enslave(&k, "eth1", "vmbr0");
	mb_ks_link(&k, 20, "veth9", KS_KIND_OTHER, "02:00:00:00:00:09", NULL);
	mb_ks_enslave(&k, "veth9", "bond0");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 7);
	/* a stray port of the management bridge is management's business */
	assert_true(p.ops[0].mgmt);
	assert_false(p.ops[1].mgmt);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* A stale device of another kind holding the name goes first; a device
 * that is not ours to delete is an error. */
static void test_name_conflicts(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	int i;

	mb_node01(&c);
	mb_ks_node01(&k);
	for (i = 0; i < k.n_links; i++) /* bond0 as a bridge */
		if (k.links[i].ifindex == 6) {
			k.links[i].kind = KS_KIND_BRIDGE;
			snprintf(k.links[i].kind_name, sizeof(k.links[i].kind_name), "bridge");
		}
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	i = find_op(&p, OP_DELETE, "bond0", NULL);
	assert_true(i >= 0);
	assert_string_equal(describe(&c, &p, i), "delete bridge bond0");
	assert_true(i < find_op(&p, OP_BOND_ADD, "bond0", NULL));
	/* its ports leave it (not the file's master for them), then join
	 * the new bond */
	assert_true(find_op(&p, OP_RELEASE, "spf0", "bond0") < i);
	assert_true(find_op(&p, OP_ENSLAVE, "spf0", "bond0") > i);
	/* the new bond goes into vmbr1 */
	assert_true(find_op(&p, OP_ENSLAVE, "bond0", "vmbr1") > i);
	plan_free(&p);

	mb_ks(&k, "bond0")->kind = KS_KIND_OTHER; /* a dummy called bond0 */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), -EEXIST);
	assert_string_equal(p.error, "cannot create bond bond0: the name is held by bond0 "
	                    "(ifindex 6), which the file does not mention");
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_bridge_options_and_vids(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_BRIDGE_SET, "vmbr1", NULL }, { OP_PORT_VIDS, "bond0", NULL },
	};
	const struct want w2[] = { { OP_BRIDGE_SET, "vmbr0", NULL } };

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_iface(&c, "vmbr1")->bridge.vlan_aware = true;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 2);
	assert_string_equal(describe(&c, &p, 0),
	                    "set options of bridge vmbr1 (stp off, forward_delay 0, vlan_aware)");
	assert_string_equal(describe(&c, &p, 1), "allow vlans 2-4094 on port bond0 of vmbr1");
	assert_int_equal(p.ops[1].iface, config_find(&c, "vmbr1"));
	plan_free(&p);

	/* Filtering already on and the port in place: the vids are not known,
	 * and not touched. */
	mb_ks(&k, "vmbr1")->bridge.vlan_filtering = true;
	mb_ks(&k, "vmbr0")->bridge.stp = true;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w2, 1);
	assert_true(p.ops[0].mgmt);
	plan_free(&p);

	/* A new port on the vlan-aware bridge gets its vids. */
	mb_ks(&k, "vmbr0")->bridge.stp = false;
	ks_unenslave(&k, "bond0");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.ops[0].kind, OP_ENSLAVE);
	assert_int_equal(p.ops[1].kind, OP_PORT_VIDS);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_vlan_wrong_id_or_parent(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_DELETE, "vmbr1.10", NULL }, { OP_VLAN_ADD, "vmbr1.10", "vmbr1" },
		{ OP_LINK_UP, "vmbr1.10", NULL }, { OP_ADDR_ADD, "vmbr1.10", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_ks(&k, "vmbr1.10")->vlan.id = 11;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 4);
	assert_int_equal(p.ops[1].ival, 10);
	assert_string_equal(describe(&c, &p, 0), "delete vlan vmbr1.10");
	plan_free(&p);

	mb_ks(&k, "vmbr1.10")->vlan.id = 10;
	mb_ks(&k, "vmbr1.10")->vlan.parent = 7; /* on vmbr0 */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 4);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_addresses(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_ADDR_DEL, "vmbr0", NULL }, { OP_ADDR_ADD, "vmbr0", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_addr(&c, "vmbr0", "2001:db8::61/64");
	mb_ks_addr(&k, 7, "10.16.207.99/24");   /* stray */
	mb_ks_addr(&k, 1, "10.99.0.1/32");      /* lo: not the file's */
	mb_ks_link(&k, 30, "eth9", KS_KIND_OTHER, "02:00:00:00:00:30", NULL);
	mb_ks_addr(&k, 30, "192.168.0.1/24");   /* not the file's */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 2);
	assert_string_equal(describe(&c, &p, 0), "remove address 10.16.207.99/24 from vmbr0");
	assert_string_equal(describe(&c, &p, 1), "add address 2001:db8::61/64 to vmbr0");
	assert_true(p.ops[0].mgmt && p.ops[1].mgmt);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_routes(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_ROUTE_DEL, "vmbr0", NULL }, { OP_ROUTE_DEL, "vmbr1.10", NULL },
		{ OP_ROUTE_ADD, "vmbr0", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	k.routes[0].gw = mb_en_addr("10.16.207.254");
	mb_ks_route(&k, 9, "10.25.10.1");                 /* via vmbr1.10: the file's */
	mb_ks_link(&k, 30, "eth9", KS_KIND_OTHER, "02:00:00:00:00:30", NULL);
	mb_ks_route(&k, 30, "192.168.0.1");               /* not the file's */
	mb_ks_route(&k, 7, "fe80::1");                    /* no IPv6 gateway in the file */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 3);
	assert_string_equal(describe(&c, &p, 0), "remove default route via 10.16.207.254 dev vmbr0");
	assert_string_equal(describe(&c, &p, 1), "remove default route via 10.25.10.1 dev vmbr1.10");
	assert_string_equal(describe(&c, &p, 2), "add default route via 10.16.207.1 dev vmbr0");
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* An absent NIC: its bond is built without it, its VLANs without a
 * parent are skipped. */
static void test_absent_nic(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;

	mb_node01(&c);
	ks_node01_fresh(&k);
	ks_remove(&k, "eth3"); /* spf1 */
	mb_link(&c, "eth7", "00:00:00:00:00:77");
	mb_vlan(&c, "eth7.5", "eth7", 5);
	mb_addr(&c, "eth7.5", "10.7.5.1/24");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_true(find_op(&p, OP_ENSLAVE, "spf0", "bond0") >= 0);
	assert_int_equal(find_op(&p, OP_ENSLAVE, "spf1", NULL), -1);
	assert_int_equal(find_op(&p, OP_VLAN_ADD, "eth7.5", NULL), -1);
	assert_int_equal(find_op(&p, OP_ADDR_ADD, "eth7.5", NULL), -1);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* MANAGEMENT: every rename, then management and what it needs only. */
static void test_scope_management(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;

	mb_node01(&c);
	ks_node01_fresh(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_MANAGEMENT, &p), 0);
	assert_int_equal(count_ops(&p, OP_RENAME), 5);
	assert_true(find_op(&p, OP_BRIDGE_ADD, "vmbr0", NULL) >= 0);
	assert_true(find_op(&p, OP_ROUTE_ADD, "vmbr0", NULL) >= 0);
	assert_int_equal(count_ops(&p, OP_BOND_ADD), 0);
	assert_int_equal(count_ops(&p, OP_VLAN_ADD), 0);
	assert_int_equal(count_ops(&p, OP_SET_FEATURE), 0);
	for (int i = 0; i < p.n; i++)
		if (p.ops[i].kind != OP_RENAME && p.ops[i].kind != OP_LINK_DOWN)
			assert_true(p.ops[i].mgmt);
	/* eth0's rename is management's; spf0's is not */
	assert_true(p.ops[find_op(&p, OP_RENAME, "eth1", "eth0")].mgmt);
	assert_false(p.ops[find_op(&p, OP_RENAME, "eth2", "spf0")].mgmt);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_scope_fallback(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_DELETE, "vmbr1.60", NULL }, { OP_DELETE, "vmbr1.50", NULL },
		{ OP_DELETE, "vmbr1.40", NULL }, { OP_DELETE, "vmbr1.30", NULL },
		{ OP_DELETE, "vmbr1.20", NULL }, { OP_DELETE, "vmbr1.10", NULL },
		{ OP_DELETE, "vmbr1", NULL }, { OP_DELETE, "bond0", NULL },
		{ OP_LINK_DOWN, "spf0", NULL }, { OP_LINK_DOWN, "spf1", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_FALLBACK, &p), 0);
	expect_ops(&c, &p, w, 10);
	assert_string_equal(describe(&c, &p, 7), "delete bond bond0");
	for (int i = 0; i < p.n; i++)
		assert_false(p.ops[i].mgmt);
	plan_free(&p);

	/* management broken too: it is repaired first */
	mb_ks(&k, "vmbr0")->flags = 0;
	assert_int_equal(plan_build(&c, &k, PLAN_FALLBACK, &p), 0);
	assert_int_equal(p.n, 11);
	assert_int_equal(p.ops[0].kind, OP_LINK_UP);
	assert_string_equal(p.ops[0].name, "vmbr0");
	assert_true(p.ops[0].mgmt);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_scope_down(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_DELETE, "vmbr1.60", NULL }, { OP_DELETE, "vmbr1.50", NULL },
		{ OP_DELETE, "vmbr1.40", NULL }, { OP_DELETE, "vmbr1.30", NULL },
		{ OP_DELETE, "vmbr1.20", NULL }, { OP_DELETE, "vmbr1.10", NULL },
		{ OP_DELETE, "vmbr1", NULL }, { OP_DELETE, "vmbr0", NULL },
		{ OP_DELETE, "bond0", NULL },
		{ OP_LINK_DOWN, "eth0", NULL }, { OP_LINK_DOWN, "spf0", NULL },
		{ OP_LINK_DOWN, "spf1", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_DOWN, &p), 0);
	expect_ops(&c, &p, w, 12);
	plan_free(&p);

	/* A fresh boot: the renames only, and the links stay down. */
	kstate_free(&k);
	ks_node01_fresh(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_DOWN, &p), 0);
	assert_int_equal(p.n, 6);
	assert_int_equal(count_ops(&p, OP_RENAME), 5);
	assert_int_equal(count_ops(&p, OP_LINK_DOWN), 1);
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

static void test_plan_print(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	mb_config_init(&c);
	mb_link(&c, "spf0", "00:00:00:00:00:01");
	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 2, "eth2", KS_KIND_OTHER, "00:00:00:00:00:01", "00:00:00:00:00:01");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	plan_print(&c, &p, f);
	fclose(f);
	assert_string_equal(out, "  1. rename eth2 to spf0\n  2. bring up spf0\n");
	free(out);
	plan_free(&p);
	plan_free(&p); /* twice is harmless */
	plan_free(NULL);
	config_free(&c);
	kstate_free(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idempotent_node01),
		cmocka_unit_test(test_node01_from_scratch),
		cmocka_unit_test(test_rename_held_by_unknown),
		cmocka_unit_test(test_rename_chain_and_up),
		cmocka_unit_test(test_rename_three_cycle),
		cmocka_unit_test(test_link_settings),
		cmocka_unit_test(test_bond_stale_mode),
		cmocka_unit_test(test_bond_mode_with_ports),
		cmocka_unit_test(test_ports_stray_and_foreign),
		cmocka_unit_test(test_name_conflicts),
		cmocka_unit_test(test_bridge_options_and_vids),
		cmocka_unit_test(test_vlan_wrong_id_or_parent),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_absent_nic),
		cmocka_unit_test(test_scope_management),
		cmocka_unit_test(test_scope_fallback),
		cmocka_unit_test(test_scope_down),
		cmocka_unit_test(test_plan_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
