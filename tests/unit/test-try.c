/* test-try.c - what a revert of `earlynet try` restores: the devices the
 * new file created removed, renames undone, ports, MTUs, addresses, routes
 * and VLANs (ids, pvid, untagged flags) as recorded; what neither file
 * names left alone */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "config.h"
#include "model-build.h"
#include "plan.h"
#include "try.h"

#define MAC_A "02:00:00:00:00:0a"
#define MAC_B "02:00:00:00:00:0b"
#define MAC_C "02:00:00:00:00:0c"
#define MAC_D "02:00:00:00:00:0d"

static int count(const struct plan *p, enum op_kind kind)
{
	int n = 0;

	for (int i = 0; i < p->n; i++)
		n += p->ops[i].kind == kind;
	return n;
}

static const struct op *find(const struct plan *p, enum op_kind kind, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (p->ops[i].kind == kind && !strcmp(p->ops[i].name, name))
			return &p->ops[i];
	return NULL;
}

/* old: eth0 in vmbr0; both snapshots: eth0 (2) in vmbr0 (3) */
static void base(struct config *old, struct kstate *k)
{
	mb_config_init(old);
	mb_link(old, "eth0", MAC_A);
	mb_bridge(old, "vmbr0", "eth0");
	mb_addr(old, "vmbr0", "10.0.0.1/24");
	mb_gateway(old, "vmbr0", "10.0.0.254");
	memset(k, 0, sizeof(*k));
	mb_ks_link(k, 2, "eth0", KS_KIND_OTHER, MAC_A, MAC_A)->flags = IFF_UP;
	mb_ks_link(k, 3, "vmbr0", KS_KIND_BRIDGE, MAC_A, NULL)->flags = IFF_UP;
	mb_ks_enslave(k, "eth0", "vmbr0");
	mb_ks_addr(k, 3, "10.0.0.1/24");
	k->addrs[k->n_addrs - 1].proto = 69;
	mb_ks_route(k, 3, "10.0.0.254");
	kstate_index(k);
}

static void test_new_vlan_removed(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;
	const struct op *op;

	(void)state;
	base(&old, &before);
	base(&new_, &now);
	mb_vlan(&new_, "vmbr0.10", "vmbr0", 10);
	mb_addr(&new_, "vmbr0.10", "10.10.0.1/24");
	mb_ks_link(&now, 10, "vmbr0.10", KS_KIND_VLAN, MAC_A, NULL)->flags = IFF_UP;
	mb_ks_addr(&now, 10, "10.10.0.1/24");
	now.addrs[now.n_addrs - 1].proto = 69;
	kstate_index(&now);

	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 1);
	assert_non_null(op = find(&p, OP_DELETE, "vmbr0.10"));
	assert_int_equal(op->ifindex, 10);
	assert_int_equal(op->ival, KS_KIND_VLAN);
	plan_free(&p);

	/* the same, once the VLAN is gone: nothing to do */
	assert_int_equal(try_restore_plan(&old, &new_, &before, &before, &p), 0);
	assert_int_equal(p.n, 0);
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

/* VLANs before bridges before bonds; a bridge the old file has too stays */
static void test_delete_order(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;

	(void)state;
	base(&old, &before);
	base(&new_, &now);
	mb_link(&new_, "spf0", MAC_B);
	mb_bond(&new_, "bond0", "spf0");
	mb_bridge(&new_, "vmbr1", "bond0");
	mb_vlan(&new_, "vmbr1.20", "vmbr1", 20);
	mb_ks_link(&before, 4, "spf0", KS_KIND_OTHER, MAC_B, MAC_B);
	kstate_index(&before);
	mb_ks_link(&now, 4, "spf0", KS_KIND_OTHER, MAC_B, MAC_B)->flags = IFF_UP;
	mb_ks_link(&now, 11, "bond0", KS_KIND_BOND, MAC_B, NULL)->flags = IFF_UP;
	mb_ks_link(&now, 12, "vmbr1", KS_KIND_BRIDGE, MAC_B, NULL)->flags = IFF_UP;
	mb_ks_link(&now, 13, "vmbr1.20", KS_KIND_VLAN, MAC_B, NULL)->flags = IFF_UP;
	mb_ks_enslave(&now, "spf0", "bond0");
	mb_ks_enslave(&now, "bond0", "vmbr1");
	kstate_index(&now);

	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(count(&p, OP_DELETE), 3);
	assert_string_equal(p.ops[0].name, "vmbr1.20");
	assert_string_equal(p.ops[1].name, "vmbr1");
	assert_string_equal(p.ops[2].name, "bond0");
	/* spf0: released from the bond (gone anyway), down as it was */
	assert_non_null(find(&p, OP_RELEASE, "spf0"));
	assert_non_null(find(&p, OP_LINK_DOWN, "spf0"));
	assert_null(find(&p, OP_DELETE, "vmbr0"));
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

/* A bond whose mode the new file changed is the old file's: `up` with the
 * old file sets its mode back; the revert deletes nothing, its ports stay */
static void test_bond_mode_changed(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		struct config *c = pass ? &new_ : &old;
		struct kstate *k = pass ? &now : &before;

		base(c, k);
		mb_link(c, "spf0", MAC_B);
		mb_link(c, "spf1", MAC_C);
		mb_bond(c, "bond0", "spf0 spf1");
		mb_ks_link(k, 4, "spf0", KS_KIND_OTHER, MAC_B, MAC_B)->flags = IFF_UP;
		mb_ks_link(k, 5, "spf1", KS_KIND_OTHER, MAC_C, MAC_C)->flags = IFF_UP;
		mb_ks_link(k, 6, "bond0", KS_KIND_BOND, MAC_B, NULL)->flags = IFF_UP;
		mb_ks_enslave(k, "spf0", "bond0");
		mb_ks_enslave(k, "spf1", "bond0");
		kstate_index(k);
	}
	mb_iface(&new_, "bond0")->bond.mode = BOND_MODE_BALANCE_RR;
	mb_ks(&now, "bond0")->bond.mode = BOND_MODE_BALANCE_RR;

	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 0);
	plan_free(&p);

	/* had the new file's up left a port outside the bond: it goes back */
	mb_ks(&now, "spf1")->master = 0;
	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 1);
	assert_non_null(find(&p, OP_ENSLAVE, "spf1"));
	assert_int_equal(p.ops[0].other, 6);
	assert_string_equal(p.ops[0].arg, "bond0");
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

/* The new file swapped two NICs' names and gave a third a new one: the
 * names come back, through a temporary one, each link down while renamed
 * and up again as it was */
static void test_renames_undone(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;
	char names[3][EN_NAME_MAX] = { "eth1", "eth2", "ren3" }; /* now, by ifindex 4..6 */
	const char *want[3] = { "eth2", "eth1", "eth3" };

	(void)state;
	base(&old, &before);
	base(&new_, &now);
	mb_link(&new_, "eth1", MAC_B);
	mb_link(&new_, "eth2", MAC_C);
	mb_link(&new_, "ren3", MAC_D);
	mb_ks_link(&before, 4, "eth2", KS_KIND_OTHER, MAC_B, MAC_B)->flags = IFF_UP;
	mb_ks_link(&before, 5, "eth1", KS_KIND_OTHER, MAC_C, MAC_C)->flags = IFF_UP;
	mb_ks_link(&before, 6, "eth3", KS_KIND_OTHER, MAC_D, MAC_D);
	kstate_index(&before);
	mb_ks_link(&now, 4, "eth1", KS_KIND_OTHER, MAC_B, MAC_B)->flags = IFF_UP;
	mb_ks_link(&now, 5, "eth2", KS_KIND_OTHER, MAC_C, MAC_C)->flags = IFF_UP;
	mb_ks_link(&now, 6, "ren3", KS_KIND_OTHER, MAC_D, MAC_D)->flags = IFF_UP;
	kstate_index(&now);

	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	/* replay: each rename to a free name, from the name it has */
	for (int i = 0; i < p.n; i++) {
		const struct op *op = &p.ops[i];
		int at = op->ifindex - 4;

		if (op->kind != OP_RENAME)
			continue;
		assert_true(at >= 0 && at < 3);
		assert_string_equal(names[at], op->name);
		for (int j = 0; j < 3; j++)
			assert_string_not_equal(names[j], op->arg);
		/* down first */
		for (int j = 0; j < i; j++)
			if (p.ops[j].kind == OP_LINK_DOWN && p.ops[j].ifindex == op->ifindex)
				goto down;
		fail_msg("%s renamed while up", op->name);
down:
		snprintf(names[at], EN_NAME_MAX, "%s", op->arg);
	}
	for (int j = 0; j < 3; j++)
		assert_string_equal(names[j], want[j]);
	assert_true(count(&p, OP_RENAME) >= 3);
	assert_int_equal(count(&p, OP_LINK_DOWN), 3);
	/* eth3 was down before: it stays down */
	assert_int_equal(count(&p, OP_LINK_UP), 2);
	assert_non_null(find(&p, OP_LINK_UP, "eth1"));
	assert_non_null(find(&p, OP_LINK_UP, "eth2"));
	assert_null(find(&p, OP_LINK_UP, "eth3"));
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

/* Management's address moved: earlynet's new one goes, the old one and
 * the default route come back; an address someone else added stays */
static void test_addresses_and_routes(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;
	const struct op *op;
	char buf[64];

	(void)state;
	base(&old, &before);
	base(&new_, &now);
	mb_iface(&new_, "vmbr0")->addrs[0] = mb_en_addr("10.0.0.2/24");
	now.addrs[0].addr = mb_en_addr("10.0.0.2/24");
	mb_ks_addr(&now, 3, "192.168.7.7/32");      /* a VIP, proto 0 */
	mb_ks_addr(&now, 3, "fe80::1/64");          /* the kernel's */
	mb_ks_addr(&before, 3, "fe80::1/64");
	now.n_routes = 0;
	mb_ks(&now, "vmbr0")->mtu = 9000;

	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 4);
	assert_non_null(op = find(&p, OP_ADDR_DEL, "vmbr0"));
	assert_string_equal(en_addr_fmt(&op->addr, true, buf), "10.0.0.2/24");
	assert_non_null(op = find(&p, OP_ADDR_ADD, "vmbr0"));
	assert_string_equal(en_addr_fmt(&op->addr, true, buf), "10.0.0.1/24");
	assert_non_null(op = find(&p, OP_ROUTE_ADD, "vmbr0"));
	assert_string_equal(en_addr_fmt(&op->addr, false, buf), "10.0.0.254");
	assert_true(op->on);
	assert_non_null(op = find(&p, OP_SET_MTU, "vmbr0"));
	assert_int_equal(op->ival, 1500);
	plan_free(&p);

	/* a default route the new file added goes */
	mb_ks_route(&now, 3, "10.0.0.253");
	mb_ks_route(&now, 3, "10.0.0.254");
	kstate_index(&now);
	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_non_null(op = find(&p, OP_ROUTE_DEL, "vmbr0"));
	assert_string_equal(en_addr_fmt(&op->addr, false, buf), "10.0.0.253");
	assert_null(find(&p, OP_ROUTE_ADD, "vmbr0"));
	plan_free(&p);

	/* a route to a destination that the new file added goes; one that a
	 * routing daemon added (not in either file) stays */
	{
		struct en_route rt = { mb_en_addr("10.9.0.0/16"), mb_en_addr("10.0.0.253"), 0 };

		assert_int_equal(mb_iface(&new_, "vmbr0")->n_routes, 0);
		assert_int_equal(iface_add_route(mb_iface(&new_, "vmbr0"), &rt), 0);
	}
	mb_ks_route(&now, 3, "10.0.0.253");
	now.routes[now.n_routes - 1].dst = mb_en_addr("10.9.0.0/16");
	mb_ks_route(&now, 3, "10.0.0.253");
	now.routes[now.n_routes - 1].dst = mb_en_addr("10.8.0.0/16");
	kstate_index(&now);
	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	{
		int dels = 0;

		for (int i = 0; i < p.n; i++) {
			if (p.ops[i].kind != OP_ROUTE_DEL || !p.ops[i].dst.prefix)
				continue;
			assert_string_equal(en_addr_fmt(&p.ops[i].dst, true, buf), "10.9.0.0/16");
			assert_string_equal(en_addr_fmt(&p.ops[i].addr, false, buf), "10.0.0.253");
			dels++;
		}
		assert_int_equal(dels, 1);
	}
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

/* VLAN ids of a bridge port and of the bridge itself, both ways */
static void test_vids(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;
	const struct op *op;
	char buf[64];

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		struct config *c = pass ? &new_ : &old;
		struct kstate *k = pass ? &now : &before;
		struct ks_link *l;

		base(c, k);
		l = mb_ks(k, "eth0");
		assert_non_null(ks_link_vlans(l));
		vid_set_add(&l->vlans->vids, 1, 1);
		vid_set_add(&l->vlans->vids, 10, 10);
		vid_set_add(&l->vlans->vids, pass ? 30 : 20, pass ? 30 : 20);
		l = mb_ks(k, "vmbr0");
		assert_non_null(ks_link_vlans(l));
		vid_set_add(&l->vlans->vids, 1, 1);
		if (pass)
			vid_set_add(&l->vlans->vids, 30, 30);
	}
	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 3);
	assert_non_null(op = find(&p, OP_PORT_VIDS_DEL, "eth0"));
	vid_set_words(op->vids, buf, sizeof(buf));
	assert_string_equal(buf, "30");
	assert_int_equal(op->other, 3);
	assert_string_equal(op->arg, "vmbr0");
	assert_non_null(op = find(&p, OP_PORT_VIDS, "eth0"));
	vid_set_words(op->vids, buf, sizeof(buf));
	assert_string_equal(buf, "20");
	assert_non_null(op = find(&p, OP_PORT_VIDS_DEL, "vmbr0"));
	assert_int_equal(op->other, 3);
	vid_set_words(op->vids, buf, sizeof(buf));
	assert_string_equal(buf, "30");
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

/* The pvid and the untagged flags of a port as recorded: before, VLAN 1
 * the pvid, untagged, 10 and 20 tagged; now (bridge_pvid = 10, bridge_vids
 * = 10 20) 1 gone, 10 the pvid, untagged. The pvid comes back first (which
 * adds 1), then 10 is tagged again (re-added, no longer the pvid); 1 is not
 * re-added tagged, which would take the pvid back. */
static void test_pvid(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;
	const struct op *op;
	struct ks_link *l;
	char buf[64];

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		struct config *c = pass ? &new_ : &old;
		struct kstate *k = pass ? &now : &before;
		uint16_t pvid = pass ? 10 : 1;

		base(c, k);
		l = mb_ks(k, "eth0");
		assert_non_null(ks_link_vlans(l));
		if (!pass)
			vid_set_add(&l->vlans->vids, 1, 1);
		vid_set_add(&l->vlans->vids, 10, 10);
		vid_set_add(&l->vlans->vids, 20, 20);
		l->pvid = pvid;
		vid_set_add(&l->vlans->untagged, pvid, pvid);
	}
	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.ops[0].kind, OP_PORT_PVID);
	op = &p.ops[0];
	assert_string_equal(op->name, "eth0");
	assert_int_equal(op->ifindex, 2);
	assert_int_equal(op->ival, 1);
	assert_int_equal(op->other, 3);
	assert_string_equal(op->arg, "vmbr0");
	assert_int_equal(p.ops[1].kind, OP_PORT_VIDS);
	op = &p.ops[1];
	vid_set_words(op->vids, buf, sizeof(buf));
	assert_string_equal(buf, "10");
	assert_int_equal(op->other, 3);
	assert_string_equal(op->arg, "vmbr0");
	plan_free(&p);
	config_free(&new_);
	kstate_free(&now);

	/* the pvid kept, but made tagged since: untagged again */
	base(&new_, &now);
	l = mb_ks(&now, "eth0");
	assert_non_null(ks_link_vlans(l));
	vid_set_add(&l->vlans->vids, 1, 1);
	vid_set_add(&l->vlans->vids, 10, 10);
	vid_set_add(&l->vlans->vids, 20, 20);
	l->pvid = 1;
	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 1);
	assert_non_null(op = find(&p, OP_PORT_PVID, "eth0"));
	assert_int_equal(op->ival, 1);
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

/* Links neither file names (a guest's tap) are not the revert's business */
static void test_foreign_left_alone(void **state)
{
	struct config old, new_;
	struct kstate before, now;
	struct plan p;

	(void)state;
	base(&old, &before);
	base(&new_, &now);
	mb_ks_link(&before, 20, "tap100i0", KS_KIND_OTHER, MAC_D, NULL);
	kstate_index(&before);
	mb_ks_link(&now, 20, "tap100i0", KS_KIND_OTHER, MAC_D, NULL)->mtu = 9000;
	mb_ks_link(&now, 21, "tap101i0", KS_KIND_OTHER, MAC_C, NULL)->flags = IFF_UP;
	mb_ks_enslave(&now, "tap101i0", "vmbr0");
	mb_ks_link(&now, 22, "vmbr9", KS_KIND_BRIDGE, MAC_C, NULL);
	kstate_index(&now);
	assert_int_equal(try_restore_plan(&old, &new_, &before, &now, &p), 0);
	assert_int_equal(p.n, 0);
	plan_free(&p);
	config_free(&old);
	config_free(&new_);
	kstate_free(&before);
	kstate_free(&now);
}

static void test_pending_pid(void **state)
{
	(void)state;
	assert_int_equal(try_pending_pid("pid=1234\nphase=waiting\n"), 1234);
	assert_int_equal(try_pending_pid("phase=waiting\npid=77\n"), 77);
	assert_int_equal(try_pending_pid("pid=1\n"), -1);
	assert_int_equal(try_pending_pid("pid=\n"), -1);
	assert_int_equal(try_pending_pid("pid=12x\n"), -1);
	assert_int_equal(try_pending_pid("xpid=12\n"), -1);
	assert_int_equal(try_pending_pid(""), -1);
	assert_int_equal(try_pending_pid(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_vlan_removed),
		cmocka_unit_test(test_delete_order),
		cmocka_unit_test(test_bond_mode_changed),
		cmocka_unit_test(test_renames_undone),
		cmocka_unit_test(test_addresses_and_routes),
		cmocka_unit_test(test_vids),
		cmocka_unit_test(test_pvid),
		cmocka_unit_test(test_foreign_left_alone),
		cmocka_unit_test(test_pending_pid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
