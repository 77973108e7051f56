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
#include "compare.h"
#include "plan.h"
#include "topo.h"

static void converge(const struct config *c, struct kstate *k, enum plan_scope scope);

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

/* What plan_print() writes, as one string to free. */
static char *plan_text(const struct config *c, const struct plan *p)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	plan_print(c, p, f);
	fclose(f);
	return out;
}

/* Not yet in any bond or bridge: its own MAC, no master, down. */
/* What the kernel gives a new bridge, or a port that joins one. */
static void sim_default_pvid(struct ks_link *l)
{
	assert_non_null(ks_link_vlans(l));
	memset(l->vlans, 0, sizeof(*l->vlans));
	vid_set_add(&l->vlans->vids, 1, 1);
	vid_set_add(&l->vlans->untagged, 1, 1);
	l->pvid = l->vlans->pvid = 1;
}

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
	char *out;

	mb_node01(&c);
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	if (p.n)
		dump(&c, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.n_warnings, 0);
	assert_string_equal(p.error, "");

	out = plan_text(&c, &p);
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
	/* each interface's addresses as soon as it is up, not after all of
	 * them: a device up without its address costs the kernel (IGMP
	 * reports look through every device for a source address) */
	assert_true(find_op(&p, OP_LINK_UP, "vmbr1.10", NULL) < find_op(&p, OP_ADDR_ADD, "vmbr1.10", NULL));
	assert_true(find_op(&p, OP_ADDR_ADD, "vmbr1.10", NULL) < find_op(&p, OP_VLAN_ADD, "vmbr1.20", NULL));
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

/* A link the file does not mention holds the name the file gives a NIC:
 * down, it is renamed aside with a warning that says to what; up, the NIC
 * keeps its kernel name (a warning says why and what to do, the plan says
 * it for the result) and is set up under it. No failure either way. */
static void test_rename_held_by_unknown(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_RENAME, "spf0", "enaside0" }, { OP_RENAME, "eth5", "spf0" },
		{ OP_SET_MTU, "spf0", NULL }, { OP_LINK_UP, "spf0", NULL },
	};

	mb_config_init(&c);
	mb_link(&c, "spf0", "58:47:ca:76:76:fb");
	mb_iface(&c, "spf0")->mtu = 9000;
	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 4, "eth5", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	mb_ks_link(&k, 9, "spf0", KS_KIND_OTHER, "02:00:00:00:00:01", NULL); /* a veth */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 4);
	assert_int_equal(p.ops[0].ifindex, 9);
	assert_string_equal(describe(&c, &p, 0), "rename spf0 to enaside0 (not in the file; "
	                    "it held a name the file gives)");
	assert_int_equal(p.n_warnings, 1);
	assert_string_equal(p.warning[0], "renaming spf0 (ifindex 9, down, not in the file) to "
	                    "enaside0: the file gives the name spf0 to the NIC with MAC "
	                    "58:47:ca:76:76:fb");
	assert_int_equal(p.n_held, 0);
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	assert_string_equal(mb_ks(&k, "enaside0")->name, "enaside0");
	kstate_free(&k);

	/* up: spf0 stays eth5 and is set up as such; the holder is not touched */
	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 4, "eth5", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	mb_ks_link(&k, 9, "spf0", KS_KIND_OTHER, "02:00:00:00:00:01", NULL)->flags = IFF_UP;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_RENAME), 0);
	assert_true(find_op(&p, OP_SET_MTU, "eth5", NULL) >= 0);
	for (int i = 0; i < p.n; i++)
		assert_int_equal(p.ops[i].ifindex, 4);
	assert_int_equal(p.n_held, 1);
	assert_string_equal(p.held, "spf0 is eth5 (spf0 holds spf0)");
	assert_int_equal(p.n_warnings, 1);
	assert_string_equal(p.warning[0], "spf0 (the NIC with MAC 58:47:ca:76:76:fb) stays named "
	                    "eth5: the name spf0 is held by spf0 (ifindex 9), which is up and not "
	                    "in the file; bring spf0 down (or remove it), then run `earlynet up`");
	plan_free(&p);
	/* management's plan too: no failure */
	assert_int_equal(plan_build(&c, &k, PLAN_MANAGEMENT, &p), 0);
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	assert_int_equal(mb_ks(&k, "eth5")->mtu, 9000);
	kstate_free(&k);
	config_free(&c);
}

/* Altnames are names: a NIC's own altname that is its name in the file is
 * removed before the rename; one that an unrelated up link carries keeps
 * the NIC under its kernel name, and the unrelated link gets nothing. */
static void test_rename_altnames(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	struct ks_link *l;
	const struct want w[] = {
		{ OP_ALTNAME_DEL, "eth5", "spf0" }, { OP_RENAME, "eth5", "spf0" },
		{ OP_SET_MTU, "spf0", NULL }, { OP_LINK_UP, "spf0", NULL },
	};

	mb_config_init(&c);
	mb_link(&c, "spf0", "58:47:ca:76:76:fb");
	mb_iface(&c, "spf0")->mtu = 9000;
	memset(&k, 0, sizeof(k));
	l = mb_ks_link(&k, 4, "eth5", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	snprintf(l->altnames[0], sizeof(l->altnames[0]), "enp1s0f0");
	snprintf(l->altnames[1], sizeof(l->altnames[1]), "spf0");
	l->n_altnames = 2;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 4);
	assert_string_equal(describe(&c, &p, 0), "remove altname spf0 of eth5");
	assert_int_equal(p.n_warnings, 0);
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	assert_int_equal(mb_ks(&k, "spf0")->n_altnames, 1);
	kstate_free(&k);

	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 4, "eth5", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	l = mb_ks_link(&k, 9, "eth9", KS_KIND_OTHER, "02:00:00:00:00:01", NULL);
	l->flags = IFF_UP;
	snprintf(l->altnames[0], sizeof(l->altnames[0]), "spf0");
	l->n_altnames = 1;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	for (int i = 0; i < p.n; i++)
		assert_int_equal(p.ops[i].ifindex, 4);
	assert_int_equal(p.n_held, 1);
	assert_string_equal(p.warning[0], "spf0 (the NIC with MAC 58:47:ca:76:76:fb) stays named "
	                    "eth5: the altname spf0 is held by eth9 (ifindex 9), which is up and "
	                    "not in the file; bring eth9 down (or remove it), then run `earlynet up`");
	plan_free(&p);

	/* down, the unrelated link loses the altname, with a warning */
	mb_ks(&k, "eth9")->flags = 0;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(find_op(&p, OP_ALTNAME_DEL, "eth9", "spf0"), 0);
	assert_int_equal(p.ops[0].ifindex, 9);
	assert_string_equal(p.warning[0], "removing the altname spf0 of eth9 (ifindex 9, down, not "
	                    "in the file): the file gives that name to the NIC with MAC "
	                    "58:47:ca:76:76:fb");
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	assert_int_equal(mb_ks(&k, "eth9")->n_altnames, 0);
	assert_int_equal(mb_ks(&k, "eth9")->mtu, 1500); /* not spf0's 9000 */
	kstate_free(&k);
	config_free(&c);
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
	assert_string_equal(describe(&c, &p, 0), "set mtu of spf0 to 9000 (was 1500)");
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

/* Every operation names its device by ifindex: the kernel's for what
 * exists, one placeholder per created device, used by all its operations
 * (and by the ports that join it, the VLANs on it). Names only follow. */
static void test_ops_carry_their_device(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	int bond = 0, vmbr1 = 0, i;

	mb_node01(&c);
	ks_node01_fresh(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);

	/* eth2 becomes spf0: before and after the rename, ifindex 4 */
	i = find_op(&p, OP_RENAME, "eth2", "spf0");
	assert_true(i >= 0);
	assert_int_equal(p.ops[i].ifindex, 4);
	i = find_op(&p, OP_SET_RINGS, "spf0", NULL);
	assert_true(i >= 0);
	assert_int_equal(p.ops[i].ifindex, 4);

	i = find_op(&p, OP_BOND_ADD, "bond0", NULL);
	assert_true(i >= 0);
	bond = p.ops[i].ifindex;
	assert_true(bond < 0);
	assert_int_equal(p.ops[i].bond.xmit_hash_policy, BOND_HASH_LAYER23);
	i = find_op(&p, OP_BRIDGE_ADD, "vmbr1", NULL);
	assert_true(i >= 0);
	vmbr1 = p.ops[i].ifindex;
	assert_true(vmbr1 < 0 && vmbr1 != bond);

	for (i = 0; i < p.n; i++) {
		const struct op *op = &p.ops[i];

		assert_int_not_equal(op->ifindex, 0);
		if (!strcmp(op->name, "bond0"))
			assert_int_equal(op->ifindex, bond);
		if (!strcmp(op->name, "vmbr1"))
			assert_int_equal(op->ifindex, vmbr1);
		if (op->kind == OP_ENSLAVE && !strcmp(op->arg, "bond0"))
			assert_int_equal(op->other, bond);
		if (op->kind == OP_ENSLAVE && !strcmp(op->arg, "vmbr1"))
			assert_int_equal(op->other, vmbr1);
		if (op->kind == OP_VLAN_ADD) {
			assert_int_equal(op->other, vmbr1);
			assert_true(op->ifindex < 0);
		}
		if (op->kind == OP_ENSLAVE || op->kind == OP_VLAN_ADD)
			assert_int_not_equal(op->other, 0);
	}
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* A change of one bond option says which, to what, from what. */
static void test_bond_option_words(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;

	mb_node01(&c);
	mb_iface(&c, "bond0")->bond.lacp_rate = BOND_LACP_FAST;
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_true(find_op(&p, OP_BOND_SET, "bond0", NULL) >= 0);
	assert_string_equal(describe(&c, &p, find_op(&p, OP_BOND_SET, "bond0", NULL)),
	                    "set lacp_rate of bond0 to fast (was slow)");
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
	assert_string_equal(describe(&c, &p, 1), "set mode of bond0 to 802.3ad (was balance-rr)");
	/* bond0 down flushes what is on it and above: read again after */
	assert_true(plan_side_effects(&p));
	/* the values travel with the operation */
	assert_int_equal(p.ops[1].bond.mode, BOND_MODE_8023AD);
	assert_int_equal(p.ops[1].was_bond.mode, BOND_MODE_BALANCE_RR);
	assert_int_equal(p.ops[1].ifindex, mb_ks(&k, "bond0")->ifindex);
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
	mb_ks(&k, "bond0")->bond.mode = BOND_MODE_ACTIVE_BACKUP;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 11);
	assert_string_equal(describe(&c, &p, 0), "release spf0 from bond0");
	plan_free(&p);

	/* lacp_rate needs the bond down, not without ports */
	mb_ks(&k, "bond0")->bond.mode = BOND_MODE_8023AD;
	mb_ks(&k, "bond0")->bond.lacp_rate = BOND_LACP_FAST;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	{
		const struct want w2[] = {
			{ OP_LINK_DOWN, "bond0", NULL }, { OP_BOND_SET, "bond0", NULL },
			{ OP_LINK_UP, "bond0", NULL },
		};

		expect_ops(&c, &p, w2, 3);
	}
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

/* Ports the file does not list stay; the file's own NIC in another master
 * is released first and moved; an up=no link enslaved somewhere is
 * released and brought down. */
static void test_ports_stray_and_foreign(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	/* the file's own NICs are moved as the file says; veth9 in bond0 and
	 * the guests' tap100i0, fwpr100p0 in vmbr1 are not the file's: they
	 * stay where they are */
	const struct want w[] = {
		{ OP_RELEASE, "eth1", "vmbr0" }, { OP_LINK_DOWN, "eth1", NULL },
		{ OP_RELEASE, "spf1", "br9" },
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
	mb_ks_link(&k, 22, "tap100i0", KS_KIND_OTHER, "02:00:00:00:00:22", NULL)->flags = IFF_UP;
	mb_ks_enslave(&k, "tap100i0", "vmbr1");
	mb_ks_link(&k, 23, "fwpr100p0", KS_KIND_OTHER, "02:00:00:00:00:23", NULL)->flags = IFF_UP;
	mb_ks_enslave(&k, "fwpr100p0", "vmbr1");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 6);
	/* a stray port of the management bridge is management's business */
	assert_true(p.ops[0].mgmt);
	assert_false(p.ops[1].mgmt);
	plan_free(&p);

	/* a second run changes nothing: the guests' ports are not strays */
	converge(&c, &k, PLAN_UP);
	assert_int_equal(mb_ks(&k, "tap100i0")->master, mb_ks(&k, "vmbr1")->ifindex);
	assert_int_equal(mb_ks(&k, "fwpr100p0")->master, mb_ks(&k, "vmbr1")->ifindex);
	assert_int_equal(mb_ks(&k, "veth9")->master, mb_ks(&k, "bond0")->ifindex);

	/* a bond whose mode must change loses every port for the change; the
	 * one the file does not know is taken back */
	mb_ks(&k, "bond0")->bond.mode = BOND_MODE_ACTIVE_BACKUP;
	converge(&c, &k, PLAN_UP);
	assert_int_equal(mb_ks(&k, "veth9")->master, mb_ks(&k, "bond0")->ifindex);
	assert_int_equal(mb_ks(&k, "bond0")->bond.mode, BOND_MODE_8023AD);
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

	/* a dummy called bond0, up: not ours to delete or rename. bond0 is
	 * not made, what sits on it is built without it, the plan says so
	 * for a degraded result; management is not held up. */
	mb_ks(&k, "bond0")->kind = KS_KIND_OTHER;
	mb_ks(&k, "bond0")->flags |= IFF_UP;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(find_op(&p, OP_BOND_ADD, "bond0", NULL), -1);
	assert_int_equal(find_op(&p, OP_DELETE, "bond0", NULL), -1);
	assert_int_equal(find_op(&p, OP_RENAME, "bond0", NULL), -1);
	for (i = 0; i < p.n; i++)
		assert_int_not_equal(p.ops[i].ifindex, 6);
	assert_int_equal(p.n_held, 1);
	assert_string_equal(p.held, "bond0 not created (bond0 holds its name)");
	assert_string_equal(p.warning[0], "not creating bond bond0: the name is held by bond0 "
	                    "(ifindex 6), which is up and not in the file; bring bond0 down (or "
	                    "remove it), then run `earlynet up`");
	plan_free(&p);

	/* down: renamed aside, and the bond made */
	mb_ks(&k, "bond0")->flags &= ~(unsigned)IFF_UP;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	i = find_op(&p, OP_RENAME, "bond0", "enaside0");
	assert_true(i >= 0);
	assert_int_equal(p.ops[i].ifindex, 6);
	assert_true(i < find_op(&p, OP_BOND_ADD, "bond0", NULL));
	assert_string_equal(p.warning[0], "renaming bond0 (ifindex 6, down, not in the file) to "
	                    "enaside0: the file gives the name bond0 to its bond");
	plan_free(&p);
	kstate_free(&k);

	/* management's own bridge held by an up device: management fails */
	mb_ks_node01(&k);
	mb_ks(&k, "vmbr0")->kind = KS_KIND_OTHER;
	mb_ks(&k, "vmbr0")->flags |= IFF_UP;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), -EEXIST);
	assert_string_equal(p.error, "cannot create bridge vmbr0: the name is held by vmbr0 "
	                    "(ifindex 7), which is up and not in the file");
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
		{ OP_PORT_VIDS, "vmbr1", NULL },
	};
	const struct want w2[] = { { OP_BRIDGE_SET, "vmbr0", NULL } };

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_iface(&c, "vmbr1")->bridge.vlan_aware = true;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 3);
	assert_string_equal(describe(&c, &p, 0),
	                    "set vlan_aware of vmbr1 to on (was off)");
	assert_string_equal(describe(&c, &p, 1), "allow vlans 2-4094 on port bond0 of vmbr1");
	assert_int_equal(p.ops[1].iface, config_find(&c, "vmbr1"));
	/* the ids of vmbr1's VLAN interfaces go on the bridge itself */
	assert_string_equal(describe(&c, &p, 2), "allow vlans 10 20 30 40 50 60 on bridge vmbr1 itself");
	plan_free(&p);

	/* Filtering already on, the port and the bridge holding what the file
	 * says (and the kernel's pvid 1): nothing to do about VLANs. */
	mb_ks(&k, "vmbr1")->bridge.vlan_filtering = true;
	mb_ks(&k, "vmbr0")->bridge.stp = true;
	sim_default_pvid(mb_ks(&k, "bond0"));
	vid_set_add(&mb_ks(&k, "bond0")->vlans->vids, 2, 4094);
	sim_default_pvid(mb_ks(&k, "vmbr1"));
	for (unsigned id = 10; id <= 60; id += 10)
		vid_set_add(&mb_ks(&k, "vmbr1")->vlans->vids, id, id);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w2, 1);
	assert_true(p.ops[0].mgmt);
	plan_free(&p);
	mb_ks(&k, "vmbr0")->bridge.stp = false;

	/* vids edited: both ways, on the port and on the bridge itself; the
	 * pvid stays */
	{
		struct vid_set v = { { 0 } };

		vid_set_add(&v, 10, 10);
		vid_set_add(&v, 30, 39);
		*iface_bridge_vids_set(mb_iface(&c, "vmbr1")) = v;
		mb_iface(&c, "vmbr1.20")->vlan.id = 31;
		vid_set_add(&mb_ks(&k, "vmbr1")->vlans->vids, 77, 77); /* set by hand */
		assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
		assert_int_equal(count_ops(&p, OP_PORT_VIDS), 1); /* only on the bridge */
		assert_string_equal(describe(&c, &p, find_op(&p, OP_PORT_VIDS_DEL, "bond0", NULL)),
		                    "remove vlans 2-9 11-29 40-4094 from port bond0 of vmbr1");
		assert_string_equal(describe(&c, &p, find_op(&p, OP_PORT_VIDS, "vmbr1", NULL)),
		                    "allow vlans 31 on bridge vmbr1 itself");
		assert_string_equal(describe(&c, &p, find_op(&p, OP_PORT_VIDS_DEL, "vmbr1", NULL)),
		                    "remove vlans 20 77 from bridge vmbr1 itself");
		plan_free(&p);
		vid_set_del(&mb_ks(&k, "vmbr1")->vlans->vids, 77);
		config_free(&c);
		mb_node01(&c);
		mb_iface(&c, "vmbr1")->bridge.vlan_aware = true;
	}

	/* A new vlan-aware bridge: each port gets its vids once it joined. */
	{
		struct kstate fresh;

		ks_node01_fresh(&fresh);
		assert_int_equal(plan_build(&c, &fresh, PLAN_UP, &p), 0);
		assert_int_equal(count_ops(&p, OP_PORT_VIDS), 2);
		assert_true(find_op(&p, OP_ENSLAVE, "bond0", "vmbr1") <
		            find_op(&p, OP_PORT_VIDS, "bond0", NULL));
		assert_true(find_op(&p, OP_BRIDGE_ADD, "vmbr1", NULL) >= 0);
		assert_true(find_op(&p, OP_PORT_VIDS, "vmbr1", NULL) >= 0);
		assert_string_equal(describe(&c, &p, find_op(&p, OP_BRIDGE_ADD, "vmbr1", NULL)),
		                    "create bridge vmbr1 (stp off, forward_delay 0, vlan_aware)");
		plan_free(&p);
		kstate_free(&fresh);
	}

	/* A new port on the vlan-aware bridge gets its vids: what it held
	 * elsewhere does not count. */
	ks_unenslave(&k, "bond0");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.ops[0].kind, OP_ENSLAVE);
	assert_int_equal(p.ops[1].kind, OP_PORT_VIDS);
	assert_string_equal(describe(&c, &p, 1), "allow vlans 2-4094 on port bond0 of vmbr1");
	plan_free(&p);
	config_free(&c);
	kstate_free(&k);
}

/* A port's own VLANs (bridge_vids, bridge_pvid, bridge_access): the pvid
 * first, untagged; ids both ways; a former untagged id becomes tagged. */
static void test_port_vlans(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	struct iface *bond;
	struct ks_link *kb;

	mb_node01(&c);
	mb_iface(&c, "vmbr1")->bridge.vlan_aware = true;
	mb_ks_node01(&k);
	mb_ks(&k, "vmbr1")->bridge.vlan_filtering = true;
	kb = mb_ks(&k, "bond0");
	sim_default_pvid(kb);
	vid_set_add(&kb->vlans->vids, 2, 4094);
	sim_default_pvid(mb_ks(&k, "vmbr1"));
	for (unsigned id = 10; id <= 60; id += 10)
		vid_set_add(&mb_ks(&k, "vmbr1")->vlans->vids, id, id);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 0); /* a port without keys: as before */
	plan_free(&p);

	/* a trunk with a pvid */
	bond = mb_iface(&c, "bond0");
	bond->pvlan.has_vids = true;
	vid_set_add(iface_port_vids_set(bond), 10, 20);
	bond->pvlan.pvid = 5;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(count_ops(&p, OP_PORT_VIDS), 0);
	assert_string_equal(describe(&c, &p, 0), "set pvid 5 untagged on port bond0 of vmbr1");
	assert_string_equal(describe(&c, &p, 1), "remove vlans 1-4 6-9 21-4094 from port bond0 of vmbr1");
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kb = mb_ks(&k, "bond0");
	assert_int_equal(kb->pvid, 5);
	assert_true(vid_set_has(&kb->vlans->untagged, 5));
	assert_false(vid_set_has(&kb->vlans->untagged, 10));
	assert_true(vid_set_has(&kb->vlans->vids, 20));
	assert_false(vid_set_has(&kb->vlans->vids, 1));

	/* the former pvid stays as a tagged VLAN of the trunk */
	vid_set_add(iface_port_vids_set(bond), 1, 1);
	bond->pvlan.pvid = 20;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 3);
	assert_string_equal(describe(&c, &p, 0), "set pvid 20 untagged on port bond0 of vmbr1");
	assert_string_equal(describe(&c, &p, 1), "allow vlans 1 on port bond0 of vmbr1");
	assert_string_equal(describe(&c, &p, 2), "remove vlans 5 from port bond0 of vmbr1");
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kb = mb_ks(&k, "bond0");
	assert_int_equal(kb->pvid, 20);
	assert_false(vid_set_has(&kb->vlans->vids, 5));

	/* an id that stays but was untagged by hand becomes tagged again */
	vid_set_add(&kb->vlans->untagged, 15, 15);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(describe(&c, &p, 0), "allow vlans 15 on port bond0 of vmbr1");
	plan_free(&p);
	converge(&c, &k, PLAN_UP);

	/* an access port: one VLAN, untagged */
	free(bond->pvlan.vids);
	memset(&bond->pvlan, 0, sizeof(bond->pvlan));
	bond->pvlan.access = 40;
	converge(&c, &k, PLAN_UP);
	kb = mb_ks(&k, "bond0");
	assert_int_equal(kb->pvid, 40);
	assert_true(vid_set_has(&kb->vlans->untagged, 40));
	{
		struct vid_set one = { { 0 } };

		vid_set_add(&one, 40, 40);
		assert_true(vid_set_equal(&kb->vlans->vids, &one));
	}

	/* back to the bridge's vids: the pvid the kernel has stays */
	bond->pvlan.access = 0;
	converge(&c, &k, PLAN_UP);
	kb = mb_ks(&k, "bond0");
	assert_int_equal(kb->pvid, 40);
	assert_true(vid_set_has(&kb->vlans->vids, 2) && vid_set_has(&kb->vlans->vids, 4094));

	/* a fresh node: the port joins, then its pvid and VLANs */
	kstate_free(&k);
	ks_node01_fresh(&k);
	bond->pvlan.pvid = 7;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_true(find_op(&p, OP_ENSLAVE, "bond0", "vmbr1") < find_op(&p, OP_PORT_PVID, "bond0", NULL));
	assert_string_equal(describe(&c, &p, find_op(&p, OP_PORT_VIDS_DEL, "bond0", NULL)),
	                    "remove vlans 1 from port bond0 of vmbr1");
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);
	config_free(&c);
}

/* MTU on bonds, bridges and VLANs: only when set and different; a new
 * bond gets its MTU before its ports join (it gives them its own). */
static void test_virtual_mtu(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_SET_MTU, "bond0", NULL }, { OP_SET_MTU, "vmbr1.10", NULL },
	};

	mb_node01(&c);
	mb_iface(&c, "bond0")->mtu = 9000;
	mb_iface(&c, "vmbr1")->mtu = 1500;
	mb_iface(&c, "vmbr1.10")->mtu = 1400;
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 2);
	plan_free(&p);
	kstate_free(&k);

	ks_node01_fresh(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_true(find_op(&p, OP_BOND_ADD, "bond0", NULL) < find_op(&p, OP_SET_MTU, "bond0", NULL));
	assert_true(find_op(&p, OP_SET_MTU, "bond0", NULL) < find_op(&p, OP_ENSLAVE, "spf0", "bond0"));
	assert_int_equal(p.ops[find_op(&p, OP_SET_MTU, "bond0", NULL)].ival, 9000);
	assert_true(find_op(&p, OP_SET_MTU, "vmbr1", NULL) > 0);
	assert_true(find_op(&p, OP_VLAN_ADD, "vmbr1.10", NULL) < find_op(&p, OP_SET_MTU, "vmbr1.10", NULL));
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
		{ OP_ADDR_ADD, "vmbr0", NULL }, { OP_ADDR_DEL, "vmbr0", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	mb_addr(&c, "vmbr0", "2001:db8::61/64");
	mb_ks_addr(&k, 7, "10.16.207.99/24");   /* ours once, no longer in the file */
	k.addrs[k.n_addrs - 1].proto = EN_IFA_PROTO;
	mb_ks_addr(&k, 7, "10.16.207.100/32");  /* a keepalived VIP: not ours */
	mb_ks_addr(&k, 7, "2001:db8::5054:ff:fe12:3456/64"); /* SLAAC */
	k.addrs[k.n_addrs - 1].dynamic = true;
	k.addrs[k.n_addrs - 1].proto = EN_IFA_PROTO; /* even so: it has a lifetime */
	mb_ks_addr(&k, 1, "10.99.0.1/32");      /* lo: not the file's */
	mb_ks_link(&k, 30, "eth9", KS_KIND_OTHER, "02:00:00:00:00:30", NULL);
	mb_ks_addr(&k, 30, "192.168.0.1/24");   /* not the file's */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 2);
	/* adds first: the device is never without an address */
	assert_string_equal(describe(&c, &p, 0), "add address 2001:db8::61/64 to vmbr0");
	assert_string_equal(describe(&c, &p, 1), "remove address 10.16.207.99/24 from vmbr0");
	assert_true(p.ops[0].mgmt && p.ops[1].mgmt);
	/* an IPv4 address removed: the kernel may take more with it */
	assert_true(plan_side_effects(&p));
	plan_free(&p);

	/* address_purge: every address the file does not give goes, but not
	 * one with a lifetime */
	mb_iface(&c, "vmbr0")->address_purge = true;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_ADDR_DEL), 2);
	assert_true(find_op(&p, OP_ADDR_DEL, "vmbr0", NULL) >= 0);
	assert_string_equal(describe(&c, &p, 2), "remove address 10.16.207.100/32 from vmbr0");
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
		{ OP_ROUTE_ADD, "vmbr0", NULL }, { OP_ROUTE_DEL, "eth9", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	k.routes[0].gw = mb_en_addr("10.16.207.254");
	mb_ks_route(&k, 9, "10.25.10.1");                 /* via vmbr1.10: the file's */
	mb_ks_link(&k, 30, "eth9", KS_KIND_OTHER, "02:00:00:00:00:30", NULL);
	mb_ks_route(&k, 30, "192.168.0.1");               /* not the file's: replaced */
	mb_ks_route(&k, 7, "fe80::1");                    /* no IPv6 gateway in the file */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 4);
	assert_string_equal(describe(&c, &p, 0), "remove default route via 10.16.207.254 dev vmbr0");
	assert_string_equal(describe(&c, &p, 1), "remove default route via 10.25.10.1 dev vmbr1.10");
	assert_string_equal(describe(&c, &p, 2), "replace the default route via 10.16.207.1 dev vmbr0");
	assert_true(p.ops[2].on);
	assert_string_equal(describe(&c, &p, 3), "remove default route via 192.168.0.1 dev eth9");
	assert_int_equal(p.ops[3].ifindex, 30);
	assert_int_equal(p.n_warnings, 1);
	assert_string_equal(p.warning[0], "replacing the default route via 192.168.0.1 dev eth9 "
	                    "(not in the file) with the file's, via 10.16.207.1 dev vmbr0");
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	for (int i = 0; i < k.n_routes; i++)
		assert_int_not_equal(k.routes[i].ifindex, 30);
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

/*
 * Convergence: carry a plan out on a snapshot the way the kernel would,
 * refusing what the kernel refuses (renaming an up NIC, a taken name, a
 * bond mode change with ports, enslaving an up port to a bond, a port of
 * another master, a second default route), then plan again: nothing may
 * be left to do.
 */
static int sim_find(struct kstate *k, const char *name)
{
	for (int i = 0; i < k->n_links; i++)
		if (!strcmp(k->links[i].name, name))
			return i;
	return -1;
}

static int sim_find_index(struct kstate *k, int ifindex)
{
	for (int i = 0; i < k->n_links; i++)
		if (k->links[i].ifindex == ifindex)
			return i;
	return -1;
}

/* Devices whose MAC was set by an operation: a bond keeps it. */
#define SIM_MAC_SET 1024
static bool sim_mac_set[SIM_MAC_SET];

static struct ks_link *sim_new(struct kstate *k, const char *name, enum ks_kind kind)
{
	int max = 0;

	assert_int_equal(sim_find(k, name), -1);
	for (int i = 0; i < k->n_links; i++)
		if (k->links[i].ifindex > max)
			max = k->links[i].ifindex;
	sim_mac_set[(max + 1) % SIM_MAC_SET] = false;
	return mb_ks_link(k, max + 1, name, kind, "02:00:00:00:99:99", NULL);
}

static void sim_release(struct kstate *k, struct ks_link *l)
{
	assert_int_not_equal(l->master, 0);
	if (l->port.valid)
		memcpy(l->mac, l->port.perm_hwaddr, 6);
	memset(&l->port, 0, sizeof(l->port));
	l->master = 0;
	l->master_kind[0] = '\0';
	l->has_vlans = false;
	free(l->vlans);
	l->vlans = NULL;
	l->pvid = 0;
	(void)k;
}

static void sim_delete(struct kstate *k, int ifindex)
{
	int i;

	for (i = 0; i < k->n_links; i++) {
		if (k->links[i].master == ifindex)
			sim_release(k, &k->links[i]);
	}
	for (i = 0; i < k->n_links; i++) {
		if (k->links[i].kind == KS_KIND_VLAN && k->links[i].vlan.parent == ifindex) {
			sim_delete(k, k->links[i].ifindex);
			i = -1; /* the array moved */
		}
	}
	for (i = 0; i < k->n_addrs; i++)
		if (k->addrs[i].ifindex == ifindex)
			k->addrs[i--] = k->addrs[--k->n_addrs];
	for (i = 0; i < k->n_routes; i++)
		if (k->routes[i].ifindex == ifindex)
			k->routes[i--] = k->routes[--k->n_routes];
	i = sim_find_index(k, ifindex);
	assert_true(i >= 0);
	free(k->links[i].vlans);
	memmove(&k->links[i], &k->links[i + 1], (size_t)(k->n_links - i - 1) * sizeof(k->links[0]));
	k->n_links--;
}

/* Only the fields the operation names reach the kernel: what the planner
 * forgot to name stays as it was, and the second plan finds it. */
static void sim_bond_opts(const struct kstate *k, struct ks_bond *kb, const struct bond_conf *b,
                          unsigned f)
{
	/* as sys_bond_set: the primary by the ifindex the operation carries,
	 * which must be a link there (no name is looked up) */
	if ((f & BOND_F_PRIMARY) && b->primary_ifindex > 0) {
		assert_true(sim_find_index((struct kstate *)k, b->primary_ifindex) >= 0);
		kb->primary = b->primary_ifindex;
	}
	if (f & BOND_F_MODE)
		kb->mode = (int)b->mode;
	if (f & BOND_F_MIIMON)
		kb->miimon = b->miimon;
	if (f & BOND_F_HASH)
		kb->xmit_hash_policy = (int)b->xmit_hash_policy;
	if (f & BOND_F_LACP_RATE) {
		assert_int_equal(kb->mode, BOND_MODE_8023AD); /* else -EACCES */
		kb->lacp_rate = (int)b->lacp_rate;
	}
	if (f & BOND_F_MIN_LINKS)
		kb->min_links = b->min_links;
	if (f & BOND_F_AD_SELECT)
		kb->ad_select = (int)b->ad_select;
	/* the kernel rounds delays down to a multiple of miimon */
	if (f & BOND_F_UPDELAY) {
		assert_int_not_equal(kb->miimon, 0); /* else -EPERM */
		kb->updelay = b->updelay / kb->miimon * kb->miimon;
	}
	if (f & BOND_F_DOWNDELAY) {
		assert_int_not_equal(kb->miimon, 0);
		kb->downdelay = b->downdelay / kb->miimon * kb->miimon;
	}
}

static void sim_bridge_opts(struct ks_bridge *kb, const struct bridge_conf *b, unsigned f)
{
	if (f & BRIDGE_F_STP)
		kb->stp = b->stp;
	if (f & BRIDGE_F_FWD)
		kb->forward_delay = b->forward_delay;
	if (f & BRIDGE_F_VLAN)
		kb->vlan_filtering = b->vlan_aware;
}

static bool sim_addr_eq(const struct en_addr *a, const struct en_addr *b)
{
	return a->family == b->family && a->prefix == b->prefix &&
	       !memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16);
}

/* What apply does with placeholders: real[-fake] once created. */
#define SIM_FAKES 64
static int sim_resolve(const int *real, int ifindex)
{
	if (ifindex >= 0)
		return ifindex;
	assert_true(-ifindex < SIM_FAKES);
	assert_int_not_equal(real[-ifindex], 0); /* used before it was created */
	return real[-ifindex];
}

/* The operation is carried out on the device it names by ifindex (which
 * must still have the name the operation records), with the values it
 * carries: the config is not looked at. */
static void sim_op(struct kstate *k, const struct op *op, int *real)
{
	struct ks_link *l = NULL, *m;
	int i = -1, j;

	if (op->kind != OP_BOND_ADD && op->kind != OP_BRIDGE_ADD && op->kind != OP_VLAN_ADD) {
		i = sim_find_index(k, sim_resolve(real, op->ifindex));
		assert_true(i >= 0);
		l = &k->links[i];
		assert_string_equal(l->name, op->name);
	} else {
		assert_true(op->ifindex < 0 && -op->ifindex < SIM_FAKES);
	}
	switch (op->kind) {
	case OP_RENAME:
		assert_false(l->flags & IFF_UP);
		assert_int_equal(sim_find(k, op->arg), -1);
		/* names and altnames share one namespace */
		for (j = 0; j < k->n_links; j++)
			for (int a = 0; a < k->links[j].n_altnames; a++)
				assert_string_not_equal(k->links[j].altnames[a], op->arg);
		snprintf(l->name, sizeof(l->name), "%s", op->arg);
		break;
	case OP_ALTNAME_DEL:
		for (j = 0; j < l->n_altnames; j++)
			if (!strcmp(l->altnames[j], op->arg))
				break;
		assert_true(j < l->n_altnames);
		memmove(l->altnames[j], l->altnames[j + 1],
		        (size_t)(l->n_altnames - j - 1) * sizeof(l->altnames[0]));
		l->n_altnames--;
		break;
	case OP_LINK_DOWN:
		assert_true(l->flags & IFF_UP);
		l->flags &= ~(unsigned)IFF_UP;
		break;
	case OP_LINK_UP:
		assert_false(l->flags & IFF_UP);
		l->flags |= IFF_UP;
		break;
	case OP_SET_MAC:
		assert_true(l->kind == KS_KIND_BOND || l->kind == KS_KIND_BRIDGE ||
			    l->kind == KS_KIND_VLAN);
		memcpy(l->mac, op->mac, 6);
		sim_mac_set[l->ifindex % SIM_MAC_SET] = true;
		break;
	case OP_SET_MTU:
		l->mtu = op->ival;
		for (j = 0; l->kind == KS_KIND_BOND && j < k->n_links; j++)
			if (k->links[j].master == l->ifindex)
				k->links[j].mtu = op->ival;
		break;
	case OP_SET_IPV6:
		/* on a bridge port, or one about to be (before the bridge
		 * is made), never on the bridge */
		assert_true(l->kind != KS_KIND_BRIDGE);
		l->ipv6 = op->on ? EN_IPV6_OFF : EN_IPV6_ON;
		break;
	case OP_SET_FEATURE:
		l->ethtool.feature[op->feature] = op->on ? TRI_ON : TRI_OFF;
		break;
	case OP_SET_RINGS:
		if (op->rx)
			l->ethtool.rx = op->rx;
		if (op->tx)
			l->ethtool.tx = op->tx;
		break;
	case OP_BOND_ADD:
		l = sim_new(k, op->name, KS_KIND_BOND);
		real[-op->ifindex] = l->ifindex;
		memset(&l->bond, 0, sizeof(l->bond)); /* the kernel's defaults */
		sim_bond_opts(k, &l->bond, &op->bond, op->fields);
		break;
	case OP_BOND_SET:
		assert_int_equal(l->kind, KS_KIND_BOND);
		if (op->fields & BOND_F_NEED_DOWN)
			assert_false(l->flags & IFF_UP);
		for (j = 0; (op->fields & BOND_F_MODE) && j < k->n_links; j++)
			assert_int_not_equal(k->links[j].master, l->ifindex);
		sim_bond_opts(k, &l->bond, &op->bond, op->fields);
		break;
	case OP_BRIDGE_ADD:
	case OP_BRIDGE_SET:
		if (op->kind == OP_BRIDGE_ADD) {
			l = sim_new(k, op->name, KS_KIND_BRIDGE);
			real[-op->ifindex] = l->ifindex;
			/* the kernel's defaults */
			l->bridge.stp = l->bridge.vlan_filtering = false;
			l->bridge.forward_delay = 15;
		}
		assert_int_equal(l->kind, KS_KIND_BRIDGE);
		sim_bridge_opts(&l->bridge, &op->bridge, op->fields);
		if (op->kind == OP_BRIDGE_ADD)
			sim_default_pvid(l);
		break;
	case OP_VLAN_ADD:
		j = sim_find_index(k, sim_resolve(real, op->other));
		assert_true(j >= 0);
		assert_string_equal(k->links[j].name, op->arg);
		m = sim_new(k, op->name, KS_KIND_VLAN);
		real[-op->ifindex] = m->ifindex;
		m->vlan.id = (uint16_t)op->ival;
		m->vlan.parent = k->links[j].ifindex;
		m->mtu = k->links[j].mtu;
		memcpy(m->mac, k->links[j].mac, 6); /* the kernel's: its parent's */
		break;
	case OP_ENSLAVE:
		j = sim_find_index(k, sim_resolve(real, op->other));
		assert_true(j >= 0);
		assert_string_equal(k->links[j].name, op->arg);
		assert_int_equal(l->master, 0);
		m = &k->links[j];
		assert_true(m->kind == KS_KIND_BOND || m->kind == KS_KIND_BRIDGE);
		if (m->kind == KS_KIND_BOND) {
			bool first = true;

			assert_false(l->flags & IFF_UP);
			for (int p = 0; p < k->n_links; p++)
				first &= k->links[p].master != m->ifindex;
			/* the kernel keeps a MAC that was set (hwaddress) */
			if (first && !sim_mac_set[m->ifindex % SIM_MAC_SET])
				memcpy(m->mac, l->mac, 6);
			l->mtu = m->mtu;
		}
		mb_ks_enslave(k, l->name, m->name);
		if (m->kind == KS_KIND_BRIDGE)
			sim_default_pvid(l);
		break;
	case OP_RELEASE:
		sim_release(k, l);
		break;
	case OP_PORT_VIDS:
	case OP_PORT_VIDS_DEL:
		if (sim_resolve(real, op->other) == l->ifindex) {
			assert_int_equal(l->kind, KS_KIND_BRIDGE);
			assert_true(l->bridge.vlan_filtering);
		} else {
			j = sim_find_index(k, l->master);
			assert_true(j >= 0);
			assert_int_equal(k->links[j].ifindex, sim_resolve(real, op->other));
			assert_string_equal(k->links[j].name, op->arg);
			assert_true(k->links[j].bridge.vlan_filtering);
		}
		assert_false(vid_set_empty(op->vids));
		if (!l->has_vlans) /* a snapshot without VLANs: the planner assumes the default */
			sim_default_pvid(l);
		for (j = 1; j <= EN_VID_MAX; j++) {
			if (!vid_set_has(op->vids, (unsigned)j))
				continue;
			/* adds only what is missing (or makes an untagged one
			 * tagged), removes only what is there, and never the pvid */
			if (op->kind == OP_PORT_VIDS)
				assert_true(!vid_set_has(&l->vlans->vids, (unsigned)j) ||
				            vid_set_has(&l->vlans->untagged, (unsigned)j));
			else
				assert_true(vid_set_has(&l->vlans->vids, (unsigned)j));
			assert_int_not_equal(j, l->pvid);
			if (op->kind == OP_PORT_VIDS)
				vid_set_add(&l->vlans->vids, (unsigned)j, (unsigned)j);
			else
				vid_set_del(&l->vlans->vids, (unsigned)j);
			vid_set_del(&l->vlans->untagged, (unsigned)j);
		}
		break;
	case OP_PORT_PVID:
		j = sim_find_index(k, l->master);
		assert_true(j >= 0);
		assert_int_equal(k->links[j].ifindex, sim_resolve(real, op->other));
		assert_true(k->links[j].bridge.vlan_filtering);
		assert_true(op->ival >= 1 && op->ival <= EN_VID_MAX);
		if (!l->has_vlans)
			sim_default_pvid(l);
		/* the kernel: added when absent, the pvid, untagged; the old
		 * pvid stays as it was, no longer the pvid */
		assert_false(l->pvid == op->ival && vid_set_has(&l->vlans->untagged, (unsigned)op->ival));
		vid_set_add(&l->vlans->vids, (unsigned)op->ival, (unsigned)op->ival);
		vid_set_add(&l->vlans->untagged, (unsigned)op->ival, (unsigned)op->ival);
		l->pvid = (uint16_t)op->ival;
		break;
	case OP_DELETE:
		assert_int_not_equal(l->kind, KS_KIND_OTHER);
		sim_delete(k, l->ifindex);
		break;
	case OP_ADDR_ADD:
		for (j = 0; j < k->n_addrs; j++)
			assert_false(k->addrs[j].ifindex == l->ifindex &&
			             sim_addr_eq(&k->addrs[j].addr, &op->addr));
		k->addrs = realloc(k->addrs, (size_t)(k->n_addrs + 1) * sizeof(*k->addrs));
		assert_non_null(k->addrs);
		memset(&k->addrs[k->n_addrs], 0, sizeof(k->addrs[0]));
		k->addrs[k->n_addrs].ifindex = l->ifindex;
		k->addrs[k->n_addrs].proto = EN_IFA_PROTO; /* as sys_addr_add() marks it */
		/* what apply sends: the peer the operation carries */
		k->addrs[k->n_addrs].peer = op->peer;
		k->addrs[k->n_addrs++].addr = op->addr;
		break;
	case OP_ADDR_DEL:
		for (j = 0; j < k->n_addrs; j++)
			if (k->addrs[j].ifindex == l->ifindex && sim_addr_eq(&k->addrs[j].addr, &op->addr))
				break;
		assert_true(j < k->n_addrs);
		k->addrs[j] = k->addrs[--k->n_addrs];
		break;
	case OP_ROUTE_ADD:
		assert_true(l->flags & IFF_UP);
		/* a replace takes the place of the family's default route */
		for (j = 0; op->on && j < k->n_routes; j++)
			if (k->routes[j].gw.family == op->addr.family && !k->routes[j].dst.prefix) {
				k->routes[j] = k->routes[--k->n_routes];
				break;
			}
		/* the kernel refuses a second route to the same destination */
		for (j = 0; j < k->n_routes; j++)
			assert_false(k->routes[j].gw.family == op->addr.family &&
				     k->routes[j].dst.prefix == op->dst.prefix &&
				     !memcmp(k->routes[j].dst.bytes, op->dst.bytes, 16));
		k->routes = realloc(k->routes, (size_t)(k->n_routes + 1) * sizeof(*k->routes));
		assert_non_null(k->routes);
		memset(&k->routes[k->n_routes], 0, sizeof(k->routes[0]));
		k->routes[k->n_routes].ifindex = l->ifindex;
		k->routes[k->n_routes].dst = op->dst;
		k->routes[k->n_routes++].gw = op->addr;
		break;
	case OP_ROUTE_DEL:
		for (j = 0; j < k->n_routes; j++)
			if (k->routes[j].ifindex == l->ifindex &&
			    !memcmp(k->routes[j].gw.bytes, op->addr.bytes, 16))
				break;
		/* gone already (a replace took it): ESRCH, which apply takes */
		if (j < k->n_routes)
			k->routes[j] = k->routes[--k->n_routes];
		break;
	}
}

/* Plan, carry out, plan again: nothing left. */
static void converge(const struct config *c, struct kstate *k, enum plan_scope scope)
{
	struct plan p;
	int real[SIM_FAKES] = { 0 };

	assert_int_equal(plan_build(c, k, scope, &p), 0);
	for (int i = 0; i < p.n; i++)
		sim_op(k, &p.ops[i], real);
	plan_free(&p);
	assert_int_equal(plan_build(c, k, scope, &p), 0);
	if (p.n)
		dump(c, &p);
	assert_int_equal(p.n, 0);
	plan_free(&p);
}

/* hwaddress: set on a new bond before its ports join (they would lend it
 * theirs), on a live bond or bridge only when it differs. */
static void test_hwaddress(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc };

	mb_node01(&c);
	memcpy(mb_iface(&c, "bond0")->hwaddress, mac, 6);
	memcpy(mb_iface(&c, "vmbr1")->hwaddress, mac, 6);
	ks_node01_fresh(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_SET_MAC), 2);
	assert_true(find_op(&p, OP_BOND_ADD, "bond0", NULL) < find_op(&p, OP_SET_MAC, "bond0", NULL));
	assert_true(find_op(&p, OP_SET_MAC, "bond0", NULL) < find_op(&p, OP_ENSLAVE, "spf0", "bond0"));
	assert_string_equal(describe(&c, &p, find_op(&p, OP_SET_MAC, "bond0", NULL)),
	                    "set mac of bond0 to 02:00:00:aa:bb:cc");
	plan_free(&p);
	kstate_free(&k);

	mb_ks_node01(&k);
	memcpy(mb_ks(&k, "vmbr1")->mac, mac, 6);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	/* bond0, and vmbr1's six VLANs, which still have its old MAC */
	assert_int_equal(count_ops(&p, OP_SET_MAC), 7);
	assert_true(find_op(&p, OP_SET_MAC, "bond0", NULL) >= 0);
	assert_int_equal(find_op(&p, OP_SET_MAC, "vmbr1", NULL), -1);
	assert_true(find_op(&p, OP_SET_MAC, "vmbr1.60", NULL) >= 0);
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);
	config_free(&c);
}

/* A VLAN on a bridge has the bridge's MAC (ifupdown2 would set it, down
 * and up): a new one copies it when made, after the bridge's ports joined;
 * an old one that differs is set, to the bridge's hwaddress when it has
 * one. A VLAN on a bond or a NIC is left alone. */
static void test_vlan_mac(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc };
	static const uint8_t other[6] = { 0x52, 0x11, 0x22, 0x33, 0x44, 0x55 };

	mb_node01(&c);
	ks_node01_fresh(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_SET_MAC), 0);
	assert_true(find_op(&p, OP_ENSLAVE, "bond0", "vmbr1") < find_op(&p, OP_VLAN_ADD, "vmbr1.10", NULL));
	plan_free(&p);
	kstate_free(&k);

	/* the bridge's MAC changed under its VLANs (udev) */
	mb_ks_node01(&k);
	memcpy(mb_ks(&k, "vmbr1")->mac, other, 6);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_SET_MAC), 6);
	assert_string_equal(describe(&c, &p, find_op(&p, OP_SET_MAC, "vmbr1.20", NULL)),
	                    "set mac of vmbr1.20 to 52:11:22:33:44:55");
	assert_int_equal(count_ops(&p, OP_LINK_DOWN), 0);
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);

	/* the bridge's hwaddress, set in the same plan */
	memcpy(mb_iface(&c, "vmbr1")->hwaddress, mac, 6);
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_SET_MAC), 7);
	assert_true(find_op(&p, OP_SET_MAC, "vmbr1", NULL) < find_op(&p, OP_SET_MAC, "vmbr1.10", NULL));
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);
	config_free(&c);

	/* a VLAN on a bond keeps what it has */
	mb_config_init(&c);
	mb_link(&c, "spf0", "58:47:ca:76:76:fb");
	mb_bond(&c, "bond0", "spf0");
	mb_vlan(&c, "bond0.10", "bond0", 10);
	mb_ks_node01(&k);
	memcpy(mb_ks_link(&k, 20, "bond0.10", KS_KIND_VLAN, "52:11:22:33:44:55", NULL)->mac, other, 6);
	mb_ks(&k, "bond0.10")->vlan.id = 10;
	mb_ks(&k, "bond0.10")->vlan.parent = 6;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(find_op(&p, OP_SET_MAC, "bond0.10", NULL), -1);
	plan_free(&p);
	kstate_free(&k);
	config_free(&c);
}

/* A bridge port gets disable_ipv6 1, as ifupdown2 sets it: a port the
 * kernel says has IPv6 on, and one this plan makes (bond0); not one that
 * has it off already, nor one of a kernel without IPv6 (it says nothing). */
static void test_port_ipv6(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	int i;

	mb_node01(&c);
	ks_node01_fresh(&k);
	mb_ks(&k, "eth1")->ipv6 = EN_IPV6_ON; /* eth0 by its MAC */
	mb_ks(&k, "eth2")->ipv6 = EN_IPV6_ON; /* spf0 */
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_SET_IPV6), 2);
	/* before the bridge is made or anything comes up: the kernel walks
	 * every IPv6 route at each such write */
	i = find_op(&p, OP_SET_IPV6, "eth0", NULL);
	assert_true(i < find_op(&p, OP_BRIDGE_ADD, "vmbr0", NULL));
	assert_true(i < find_op(&p, OP_LINK_UP, "eth0", NULL));
	assert_true(p.ops[i].on);
	assert_string_equal(describe(&c, &p, i), "disable IPv6 on eth0 (disable_ipv6 1)");
	assert_true(find_op(&p, OP_SET_IPV6, "bond0", NULL) >= 0);
	assert_int_equal(find_op(&p, OP_SET_IPV6, "spf0", NULL), -1); /* a bond's port */
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);

	mb_ks_node01(&k);
	mb_ks(&k, "eth0")->ipv6 = EN_IPV6_OFF;
	mb_ks(&k, "bond0")->ipv6 = EN_IPV6_ON;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(count_ops(&p, OP_SET_IPV6), 1);
	assert_true(find_op(&p, OP_SET_IPV6, "bond0", NULL) >= 0);
	assert_int_equal(count_ops(&p, OP_LINK_DOWN), 0);
	plan_free(&p);
	kstate_free(&k);
	config_free(&c);
}

static void test_converges(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;

	mb_node01(&c);
	mb_addr(&c, "vmbr0", "2001:db8::61/64");
	mb_gateway(&c, "vmbr0", "2001:db8::1");
	mb_iface(&c, "bond0")->mtu = 9000;
	mb_iface(&c, "vmbr1")->mtu = 9000;
	mb_iface(&c, "vmbr1")->bridge.vlan_aware = true;
	mb_iface(&c, "vmbr1.10")->mtu = 9000;

	/* from a fresh boot, then down, then up again, then fallback */
	ks_node01_fresh(&k);
	converge(&c, &k, PLAN_UP);
	converge(&c, &k, PLAN_DOWN);
	assert_int_equal(k.n_links, 5);
	converge(&c, &k, PLAN_MANAGEMENT);
	converge(&c, &k, PLAN_UP);
	converge(&c, &k, PLAN_FALLBACK);
	assert_int_equal(sim_find(&k, "bond0"), -1);
	assert_true(sim_find(&k, "vmbr0") >= 0);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);

	/* from every drift the other tests use, at once */
	mb_ks_node01(&k);
	mb_ks(&k, "bond0")->bond.mode = BOND_MODE_BALANCE_RR;
	mb_ks(&k, "vmbr1.10")->vlan.id = 11;
	mb_ks(&k, "vmbr1.20")->vlan.parent = 7;
	mb_ks(&k, "eth1")->flags = IFF_UP;
	mb_ks_enslave(&k, "eth1", "vmbr0");
	mb_ks_link(&k, 21, "br9", KS_KIND_BRIDGE, "02:00:00:00:00:21", NULL);
	ks_unenslave(&k, "spf1");
	mb_ks_enslave(&k, "spf1", "br9");
	mb_ks_link(&k, 22, "veth9", KS_KIND_OTHER, "02:00:00:00:00:09", NULL);
	mb_ks_enslave(&k, "veth9", "bond0");
	mb_ks_addr(&k, 7, "10.16.207.99/24");
	k.routes[0].gw = mb_en_addr("10.16.207.254");
	mb_ks_route(&k, 9, "fe80::1");
	converge(&c, &k, PLAN_UP);
	/* the stranger stays in our bond, through the change of its mode */
	assert_int_equal(k.links[sim_find(&k, "veth9")].master, mb_ks(&k, "bond0")->ifindex);
	kstate_free(&k);

	/* a stale bridge holding the bond's name */
	mb_ks_node01(&k);
	mb_ks(&k, "bond0")->kind = KS_KIND_BRIDGE;
	converge(&c, &k, PLAN_UP);
	assert_int_equal(k.links[sim_find(&k, "bond0")].kind, KS_KIND_BOND);
	kstate_free(&k);
	config_free(&c);
}

/* primary = PORT on an active-backup bond: set when the kernel's differs,
 * left alone when the file names none. */
static void test_bond_primary(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = { { OP_BOND_SET, "bond0", NULL } };
	struct iface *b;

	mb_node01(&c);
	b = mb_iface(&c, "bond0");
	b->bond.mode = BOND_MODE_ACTIVE_BACKUP;
	snprintf(b->bond.primary, sizeof(b->bond.primary), "spf1");
	mb_ks_node01(&k);
	mb_ks(&k, "bond0")->bond.mode = BOND_MODE_ACTIVE_BACKUP;
	mb_ks(&k, "bond0")->bond.primary = mb_ks(&k, "spf0")->ifindex;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 1);
	/* the operation carries the primary's ifindex: apply looks up no name */
	assert_int_equal(p.ops[0].bond.primary_ifindex, mb_ks(&k, "spf1")->ifindex);
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	assert_int_equal(mb_ks(&k, "bond0")->bond.primary, mb_ks(&k, "spf1")->ifindex);
	kstate_free(&k);

	/* from a fresh boot, with the bond made anew */
	ks_node01_fresh(&k);
	converge(&c, &k, PLAN_UP);
	assert_int_equal(mb_ks(&k, "bond0")->bond.primary, mb_ks(&k, "spf1")->ifindex);
	kstate_free(&k);

	/* no primary in the file: the kernel's stays */
	b->bond.primary[0] = '\0';
	mb_ks_node01(&k);
	mb_ks(&k, "bond0")->bond.mode = BOND_MODE_ACTIVE_BACKUP;
	mb_ks(&k, "bond0")->bond.primary = mb_ks(&k, "spf0")->ifindex;
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 0);
	plan_free(&p);
	kstate_free(&k);
	config_free(&c);
}

static void add_route(struct config *c, const char *name, const char *dst, const char *gw)
{
	struct en_route rt = { .dst = mb_en_addr(dst), .gw = mb_en_addr(gw) };

	assert_int_equal(iface_add_route(mb_iface(c, name), &rt), 0);
}

/* route = DEST via GW, IPv4 and IPv6, several on one interface: added when
 * missing, after the default routes; routes the file does not list stay. */
static void test_static_routes(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_ROUTE_ADD, "vmbr0", NULL }, { OP_ROUTE_ADD, "vmbr1.10", NULL },
	};

	mb_node01(&c);
	mb_addr(&c, "vmbr0", "2001:db8::61/64");
	add_route(&c, "vmbr0", "10.99.0.0/16", "10.16.207.254");
	add_route(&c, "vmbr0", "2001:db8:99::/48", "2001:db8::fe");
	add_route(&c, "vmbr1.10", "10.98.0.0/16", "10.25.10.254");
	mb_ks_node01(&k);
	mb_ks_addr(&k, 7, "2001:db8::61/64");
	/* one is there; one is there via another gateway; one is missing;
	 * and a route the file does not list, from a routing daemon */
	mb_ks_route(&k, 7, "2001:db8::fe");
	k.routes[k.n_routes - 1].dst = mb_en_addr("2001:db8:99::/48");
	mb_ks_route(&k, 7, "10.16.207.253");
	k.routes[k.n_routes - 1].dst = mb_en_addr("10.99.0.0/16");
	mb_ks_route(&k, 7, "10.16.207.200");
	k.routes[k.n_routes - 1].dst = mb_en_addr("172.16.0.0/12");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 2);
	assert_string_equal(describe(&c, &p, 0), "add route 10.99.0.0/16 via 10.16.207.254 dev vmbr0");
	assert_string_equal(describe(&c, &p, 1), "add route 10.98.0.0/16 via 10.25.10.254 dev vmbr1.10");
	plan_free(&p);
	kstate_free(&k);

	/* from a fresh boot, down and up again, fallback: each converges */
	ks_node01_fresh(&k);
	converge(&c, &k, PLAN_UP);
	assert_int_equal(k.n_routes, 4);
	converge(&c, &k, PLAN_DOWN);
	converge(&c, &k, PLAN_UP);
	converge(&c, &k, PLAN_FALLBACK);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);
	config_free(&c);
}

/* A new primary IPv4 address: the new one is added before the old one
 * goes (the engine reads again after it, plan_side_effects()); the same
 * IPv6 address with another prefix goes first, or the kernel refuses the
 * add. An idempotent plan has no side effects. */
static void test_addr_replace_order(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want add_first[] = {
		{ OP_ADDR_ADD, "vmbr0", NULL }, { OP_ADDR_DEL, "vmbr0", NULL },
	};
	const struct want del_first[] = {
		{ OP_ADDR_DEL, "vmbr0", NULL }, { OP_ADDR_ADD, "vmbr0", NULL },
	};

	mb_node01(&c);
	mb_ks_node01(&k);
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 0);
	assert_false(plan_side_effects(&p));
	plan_free(&p);
	for (int a = 0; a < k.n_addrs; a++)
		k.addrs[a].proto = EN_IFA_PROTO;
	mb_iface(&c, "vmbr0")->addrs[0] = mb_en_addr("10.16.207.62/24");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, add_first, 2);
	assert_string_equal(describe(&c, &p, 0), "add address 10.16.207.62/24 to vmbr0");
	assert_string_equal(describe(&c, &p, 1), "remove address 10.16.207.61/24 from vmbr0");
	assert_true(plan_side_effects(&p));
	plan_free(&p);
	kstate_free(&k);

	mb_ks_node01(&k);
	mb_addr(&c, "vmbr0", "2001:db8::61/64");
	mb_ks_addr(&k, 7, "2001:db8::61/56");
	k.addrs[k.n_addrs - 1].proto = EN_IFA_PROTO;
	mb_iface(&c, "vmbr0")->addrs[0] = mb_en_addr("10.16.207.61/24");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, del_first, 2);
	assert_string_equal(describe(&c, &p, 0), "remove address 2001:db8::61/56 from vmbr0");
	/* an IPv6 address goes alone */
	assert_false(plan_side_effects(&p));
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);
	config_free(&c);
}

/* A routed /32 with a point-to-point peer that is also the gateway:
 * the peer is set with the address, a wrong or missing one replaced. */
static void test_peer(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	const struct want w[] = {
		{ OP_ADDR_DEL, "vmbr0", NULL }, { OP_ADDR_ADD, "vmbr0", NULL },
	};

	mb_node01(&c);
	mb_addr(&c, "vmbr0", "203.0.113.10/32");
	mb_iface(&c, "vmbr0")->peer = mb_en_addr("203.0.113.1");
	mb_ks_node01(&k);
	/* the address is there, but without its peer */
	mb_ks_addr(&k, 7, "203.0.113.10/32");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 2);
	assert_string_equal(describe(&c, &p, 0), "remove address 203.0.113.10/32 from vmbr0");
	assert_string_equal(describe(&c, &p, 1),
			    "add address 203.0.113.10/32 peer 203.0.113.1 to vmbr0");
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);

	/* a wrong peer goes too; the right one stays */
	mb_ks_node01(&k);
	mb_ks_addr_peer(&k, 7, "203.0.113.10/32", "203.0.113.254");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	expect_ops(&c, &p, w, 2);
	plan_free(&p);
	converge(&c, &k, PLAN_UP);
	converge(&c, &k, PLAN_DOWN);
	converge(&c, &k, PLAN_UP);
	kstate_free(&k);

	/* the right peer: nothing to do */
	mb_ks_node01(&k);
	mb_ks_addr_peer(&k, 7, "203.0.113.10/32", "203.0.113.1");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	assert_int_equal(p.n, 0);
	plan_free(&p);
	kstate_free(&k);
	config_free(&c);
}

/* Drift node01 at random (fixed seed, so a failure can be replayed) in
 * ways the kernel allows, and converge from there. */
static void test_converges_from_random_drift(void **state)
{
	(void)state;
	static const char *const nic_names[2][4] = {
		{ "eth0", "eth1", "spf0", "spf1" }, { "eth0", "eth1", "eth2", "eth3" },
	};
	static const char *const masters[] = { "bond0", "vmbr0", "vmbr1" };
	struct config c;
	unsigned seed = 20241125;

	mb_node01(&c);
	mb_iface(&c, "vmbr1")->bridge.vlan_aware = true;
	for (int round = 0; round < 300; round++) {
		struct kstate k;
		int perm[4] = { 0, 1, 2, 3 };
		const char *const *names = nic_names[rand_r(&seed) % 2];
		int i;

		mb_ks_node01(&k);
		for (i = 3; i > 0; i--) {
			int j = rand_r(&seed) % (i + 1), t = perm[i];

			perm[i] = perm[j];
			perm[j] = t;
		}
		for (i = 0; i < 4; i++) {
			struct ks_link *l = &k.links[1 + i]; /* eth0, eth1, spf0, spf1 */

			snprintf(l->name, sizeof(l->name), "%s", names[perm[i]]);
			l->flags = rand_r(&seed) % 2 ? IFF_UP : 0;
			if (rand_r(&seed) % 4 == 0 && l->master)
				sim_release(&k, l);
		}
		if (rand_r(&seed) % 3 == 0)
			mb_ks(&k, "bond0")->bond.mode = rand_r(&seed) % 7;
		if (rand_r(&seed) % 4 == 0)
			mb_ks(&k, "bond0")->bond.lacp_rate = BOND_LACP_FAST;
		if (rand_r(&seed) % 4 == 0)
			mb_ks(&k, "bond0")->bond.miimon = 250;
		if (rand_r(&seed) % 4 == 0)
			mb_ks(&k, "vmbr1")->bridge.vlan_filtering = true;
		if (rand_r(&seed) % 4 == 0)
			mb_ks(&k, "vmbr1.30")->vlan.id = 31;
		if (rand_r(&seed) % 4 == 0)
			mb_ks(&k, "vmbr1.40")->vlan.parent = 7;
		if (rand_r(&seed) % 4 == 0)
			k.routes[0].gw = mb_en_addr("10.16.207.2");
		if (rand_r(&seed) % 4 == 0)
			mb_ks_addr(&k, 7 + rand_r(&seed) % 6, "192.0.2.1/24");
		/* a NIC left in some master, or a device gone */
		for (i = 0; i < 4; i++) {
			struct ks_link *l = &k.links[1 + i];

			if (!l->master && rand_r(&seed) % 3 == 0)
				mb_ks_enslave(&k, l->name, masters[rand_r(&seed) % 3]);
		}
		if (rand_r(&seed) % 4 == 0)
			sim_delete(&k, 6 + rand_r(&seed) % 9); /* bond0 .. vmbr1.60 */
		for (i = 0; i < k.n_links; i++)
			if (k.links[i].kind != KS_KIND_OTHER && rand_r(&seed) % 5 == 0)
				k.links[i].flags = 0;

		converge(&c, &k, rand_r(&seed) % 3 ? PLAN_UP : PLAN_FALLBACK);
		converge(&c, &k, PLAN_UP);
		kstate_free(&k);
	}
	config_free(&c);
}

/* What `status` marks "!!" on a bond's or bridge's options is exactly
 * what `plan` changes, on a node drifted at random: one comparison. */
static void test_status_and_plan_agree(void **state)
{
	(void)state;
	static const char *const fields[] = {
		"mode", "miimon", "xmit_hash_policy", "lacp_rate", "ad_select", "min_links",
		"updelay", "downdelay", "stp", "forward_delay", "vlan_aware",
	};
	unsigned seed = 20261202;
	struct config c;

	mb_node01(&c);
	mb_iface(&c, "bond0")->bond.updelay = 200;
	for (int round = 0; round < 200; round++) {
		struct kstate k;
		struct ks_link *b, *br;
		struct plan p;
		char *text = NULL, line[300];
		size_t len = 0;
		FILE *out;
		int marked = 0, planned = 0;

		mb_ks_node01(&k);
		b = mb_ks(&k, "bond0");
		br = mb_ks(&k, "vmbr1");
		b->bond.updelay = 200;
		if (rand_r(&seed) % 3 == 0)
			b->bond.mode = rand_r(&seed) % 7;
		if (rand_r(&seed) % 3 == 0)
			b->bond.lacp_rate = BOND_LACP_FAST;
		if (rand_r(&seed) % 3 == 0)
			b->bond.miimon = 250;
		if (rand_r(&seed) % 3 == 0)
			b->bond.updelay = 0;
		if (rand_r(&seed) % 3 == 0)
			b->bond.ad_select = BOND_AD_BANDWIDTH;
		if (rand_r(&seed) % 3 == 0)
			b->bond.xmit_hash_policy = BOND_HASH_LAYER34;
		if (rand_r(&seed) % 3 == 0)
			b->bond.min_links = 1;
		if (rand_r(&seed) % 3 == 0)
			br->bridge.stp = true;
		if (rand_r(&seed) % 3 == 0)
			br->bridge.forward_delay = 15;
		if (rand_r(&seed) % 3 == 0)
			br->bridge.vlan_filtering = true;

		assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
		out = open_memstream(&text, &len);
		assert_non_null(out);
		assert_int_equal(topo_print(&c, &k, NULL, NULL, false, false, out), 0);
		fclose(out);

		/* every change the plan makes is marked, in the same words */
		for (int i = 0; i < p.n; i++) {
			const struct op *op = &p.ops[i];
			struct change ch[COMPARE_MAX_CHANGES];
			int n;

			if (op->kind == OP_BOND_SET)
				n = compare_bond_words(&op->bond, &op->was_bond, op->fields, ch);
			else if (op->kind == OP_BRIDGE_SET)
				n = compare_bridge_words(&op->bridge, &op->was_bridge, op->fields, ch);
			else
				continue;
			for (int j = 0; j < n; j++) {
				snprintf(line, sizeof(line), "!! %s %s, file says %s", ch[j].field,
				         ch[j].have, ch[j].want);
				if (!strstr(text, line)) {
					fprintf(stderr, "plan changes \"%s\", status:\n%s", line, text);
					fail();
				}
				planned++;
			}
		}
		/* and status marks nothing on options that the plan leaves */
		for (const char *m = strstr(text, "!! "); m; m = strstr(m + 3, "!! "))
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
				size_t fl = strlen(fields[f]);

				if (!strncmp(m + 3, fields[f], fl) && m[3 + fl] == ' ')
					marked++;
			}
		if (marked != planned) {
			fprintf(stderr, "status marks %d options, plan changes %d:\n%s", marked,
			        planned, text);
			dump(&c, &p);
			fail();
		}
		free(text);
		plan_free(&p);
		kstate_free(&k);
	}
	config_free(&c);
}

static void test_plan_print(void **state)
{
	(void)state;
	struct config c;
	struct kstate k;
	struct plan p;
	char *out;

	mb_config_init(&c);
	mb_link(&c, "spf0", "00:00:00:00:00:01");
	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 2, "eth2", KS_KIND_OTHER, "00:00:00:00:00:01", "00:00:00:00:00:01");
	assert_int_equal(plan_build(&c, &k, PLAN_UP, &p), 0);
	out = plan_text(&c, &p);
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
		cmocka_unit_test(test_rename_altnames),
		cmocka_unit_test(test_rename_chain_and_up),
		cmocka_unit_test(test_rename_three_cycle),
		cmocka_unit_test(test_link_settings),
		cmocka_unit_test(test_ops_carry_their_device),
		cmocka_unit_test(test_bond_option_words),
		cmocka_unit_test(test_bond_stale_mode),
		cmocka_unit_test(test_bond_mode_with_ports),
		cmocka_unit_test(test_ports_stray_and_foreign),
		cmocka_unit_test(test_name_conflicts),
		cmocka_unit_test(test_bridge_options_and_vids),
		cmocka_unit_test(test_hwaddress),
		cmocka_unit_test(test_vlan_mac),
		cmocka_unit_test(test_port_ipv6),
		cmocka_unit_test(test_virtual_mtu),
		cmocka_unit_test(test_vlan_wrong_id_or_parent),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_absent_nic),
		cmocka_unit_test(test_scope_management),
		cmocka_unit_test(test_scope_fallback),
		cmocka_unit_test(test_scope_down),
		cmocka_unit_test(test_port_vlans),
		cmocka_unit_test(test_converges),
		cmocka_unit_test(test_peer),
		cmocka_unit_test(test_addr_replace_order),
		cmocka_unit_test(test_static_routes),
		cmocka_unit_test(test_bond_primary),
		cmocka_unit_test(test_converges_from_random_drift),
		cmocka_unit_test(test_plan_print),
		cmocka_unit_test(test_status_and_plan_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
