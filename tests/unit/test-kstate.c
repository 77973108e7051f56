/* test-kstate.c - lookups in the observed state, above all the MAC rules */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>
#include "kstate.h"
#include "sys.h"

static const uint8_t MAC_A[6] = { 0x58, 0x47, 0xca, 0x76, 0x76, 0x0a };
static const uint8_t MAC_B[6] = { 0x58, 0x47, 0xca, 0x76, 0x76, 0x0b };
static const uint8_t MAC_C[6] = { 0x58, 0x47, 0xca, 0x76, 0x76, 0x0c };
static const uint8_t MAC_R[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 }; /* random */

static struct ks_link *add(struct kstate *k, const char *name, enum ks_kind kind,
			   const uint8_t mac[6])
{
	struct ks_link *l;

	/* Fixed room, so that the pointers handed out stay valid. */
	if (!k->links)
		k->links = calloc(8, sizeof(*k->links));
	assert_non_null(k->links);
	assert_true(k->n_links < 8);
	l = &k->links[k->n_links];
	memset(l, 0, sizeof(*l));
	l->ifindex = k->n_links + 1;
	strcpy(l->name, name);
	l->kind = kind;
	memcpy(l->mac, mac, 6);
	k->n_links++;
	return l;
}

static void perm(struct ks_link *l, const uint8_t mac[6])
{
	memcpy(l->perm_mac, mac, 6);
	l->has_perm_mac = true;
}

static void bond_port(struct ks_link *l, int master, const uint8_t rec[6])
{
	l->master = master;
	strcpy(l->master_kind, "bond");
	l->port.valid = true;
	if (rec) {
		memcpy(l->port.perm_hwaddr, rec, 6);
		l->port.has_perm_hwaddr = true;
	}
}

static const char *name_of(const struct ks_link *l)
{
	return l ? l->name : "(none)";
}

static void test_by_name_index(void **state)
{
	struct kstate k = { 0 };

	(void)state;
	add(&k, "lo", KS_KIND_OTHER, (uint8_t[6]){ 0 });
	add(&k, "eno1", KS_KIND_OTHER, MAC_A);
	assert_string_equal(name_of(ks_link_by_name(&k, "eno1")), "eno1");
	assert_null(ks_link_by_name(&k, "eno"));
	assert_null(ks_link_by_name(&k, "eno12"));
	assert_string_equal(name_of(ks_link_by_index(&k, 2)), "eno1");
	assert_null(ks_link_by_index(&k, 3));
	assert_null(ks_link_by_index(&k, 0));
	kstate_free(&k);
	assert_null(k.links);
	assert_int_equal(k.n_links, 0);
	kstate_free(&k);  /* again: a no-op */
	kstate_free(NULL);
}

/* A NIC renamed and re-addressed (a bond, a manual change) is still found
 * by its permanent address, before anything that merely uses it now. */
static void test_perm_first(void **state)
{
	struct kstate k = { 0 };
	struct ks_link *imp, *nic;

	(void)state;
	imp = add(&k, "veth9", KS_KIND_OTHER, MAC_A); /* no permanent address */
	nic = add(&k, "eth7", KS_KIND_OTHER, MAC_R);
	perm(nic, MAC_A);
	assert_ptr_equal(ks_link_by_mac(&k, MAC_A), nic);
	(void)imp;
	/* Its current (changed) address is not its identity. */
	assert_null(ks_link_by_mac(&k, MAC_R));
	kstate_free(&k);
}

/* 802.3ad: both ports carry the bond's MAC (the first port's) as current
 * address; each is found by its own permanent address. */
static void test_bond_ports(void **state)
{
	struct kstate k = { 0 };
	struct ks_link *bond, *p1, *p2;

	(void)state;
	p1 = add(&k, "eno1", KS_KIND_OTHER, MAC_A);
	perm(p1, MAC_A);
	p2 = add(&k, "eno2", KS_KIND_OTHER, MAC_A);
	perm(p2, MAC_B);
	bond = add(&k, "bond0", KS_KIND_BOND, MAC_A);
	bond_port(p1, bond->ifindex, MAC_A);
	bond_port(p2, bond->ifindex, MAC_B);
	assert_ptr_equal(ks_link_by_mac(&k, MAC_A), p1);
	assert_ptr_equal(ks_link_by_mac(&k, MAC_B), p2);
	kstate_free(&k);
}

/* A driver that reports no IFLA_PERM_ADDRESS: the bond's record of the
 * port's permanent MAC is the identity, not the borrowed current one. */
static void test_bond_record(void **state)
{
	struct kstate k = { 0 };
	struct ks_link *bond, *p1, *p2;

	(void)state;
	p1 = add(&k, "eth0", KS_KIND_OTHER, MAC_A);
	p2 = add(&k, "eth1", KS_KIND_OTHER, MAC_A);
	bond = add(&k, "bond0", KS_KIND_BOND, MAC_A);
	bond_port(p1, bond->ifindex, MAC_A);
	bond_port(p2, bond->ifindex, MAC_B);
	assert_ptr_equal(ks_link_by_mac(&k, MAC_B), p2);
	assert_ptr_equal(ks_link_by_mac(&k, MAC_A), p1);
	kstate_free(&k);

	/* Without any record, a bond port's current MAC is the bond's: it
	 * must not make the port match the bond's address. */
	memset(&k, 0, sizeof(k));
	p1 = add(&k, "eth0", KS_KIND_OTHER, MAC_A);
	bond = add(&k, "bond0", KS_KIND_BOND, MAC_A);
	bond_port(p1, bond->ifindex, NULL);
	assert_null(ks_link_by_mac(&k, MAC_A));
	kstate_free(&k);
}

/* Current addresses count only for links with no permanent one, and never
 * for bonds, bridges and VLANs, which borrow them. */
static void test_current_fallback(void **state)
{
	struct kstate k = { 0 };
	struct ks_link *v, *br, *vl;

	(void)state;
	br = add(&k, "vmbr0", KS_KIND_BRIDGE, MAC_C);
	vl = add(&k, "vmbr0.7", KS_KIND_VLAN, MAC_C);
	v = add(&k, "veth0", KS_KIND_OTHER, MAC_C);
	assert_ptr_equal(ks_link_by_mac(&k, MAC_C), v);
	v->mac[5] ^= 1;
	assert_null(ks_link_by_mac(&k, MAC_C));
	(void)br;
	(void)vl;
	assert_null(ks_link_by_mac(&k, (uint8_t[6]){ 0 }));
	kstate_free(&k);
}

/* ---- the index: every lookup agrees with a plain scan ---- */

/* The rules of ks_link_by_mac() as the manual states them, one pass per
 * rule, written out here independently of kstate.c. */
static const struct ks_link *ref_by_mac(const struct kstate *k, const uint8_t mac[6])
{
	static const uint8_t zero[6];
	int i;

	if (!memcmp(mac, zero, 6))
		return NULL;
	for (i = 0; i < k->n_links; i++)
		if (k->links[i].kind == KS_KIND_OTHER && k->links[i].has_perm_mac &&
		    !memcmp(k->links[i].perm_mac, mac, 6))
			return &k->links[i];
	for (i = 0; i < k->n_links; i++)
		if (k->links[i].kind == KS_KIND_OTHER && k->links[i].port.valid &&
		    k->links[i].port.has_perm_hwaddr &&
		    !memcmp(k->links[i].port.perm_hwaddr, mac, 6))
			return &k->links[i];
	for (i = 0; i < k->n_links; i++)
		if (k->links[i].kind == KS_KIND_OTHER && !k->links[i].has_perm_mac &&
		    !k->links[i].port.valid && !memcmp(k->links[i].mac, mac, 6))
			return &k->links[i];
	return NULL;
}

static const struct ks_link *ref_by_name(const struct kstate *k, const char *name)
{
	for (int i = 0; i < k->n_links; i++)
		if (!strcmp(k->links[i].name, name))
			return &k->links[i];
	return NULL;
}

static const struct ks_link *ref_by_index(const struct kstate *k, int ifindex)
{
	for (int i = 0; i < k->n_links; i++)
		if (k->links[i].ifindex == ifindex)
			return &k->links[i];
	return NULL;
}

/* A small pool of values, so that names, ifindexes and MACs collide. */
static void rnd_mac(uint8_t m[6], unsigned pool)
{
	unsigned v = (unsigned)rand() % pool;

	memcpy(m, MAC_A, 6);
	m[4] = (uint8_t)(v >> 8);
	m[5] = (uint8_t)v;
	if (v == 0)
		memset(m, 0, 6);        /* the zero address matches nothing */
}

static void rnd_links(struct kstate *k, int n, unsigned pool)
{
	static const enum ks_kind kinds[] = {
		KS_KIND_OTHER, KS_KIND_OTHER, KS_KIND_OTHER, KS_KIND_BOND,
		KS_KIND_BRIDGE, KS_KIND_VLAN,
	};

	k->links = calloc((size_t)(n ? n : 1), sizeof(*k->links));
	assert_non_null(k->links);
	k->n_links = n;
	for (int i = 0; i < n; i++) {
		struct ks_link *l = &k->links[i];

		l->ifindex = 1 + rand() % (int)pool;
		snprintf(l->name, sizeof(l->name), "if%u", (unsigned)rand() % pool);
		l->kind = kinds[rand() % 6];
		rnd_mac(l->mac, pool);
		if (rand() % 2) {
			l->has_perm_mac = true;
			rnd_mac(l->perm_mac, pool);
		}
		if (rand() % 3 == 0) {
			l->port.valid = true;
			if (rand() % 2) {
				l->port.has_perm_hwaddr = true;
				rnd_mac(l->port.perm_hwaddr, pool);
			}
		}
	}
}

static void check_agree(const struct kstate *k, unsigned pool)
{
	char name[EN_NAME_MAX];
	uint8_t mac[6];

	/* Every value of a small pool, a sample of a large one (and 0, and
	 * one that no link has). */
	for (unsigned t = 0; t <= pool + 1 && t < 300; t++) {
		unsigned v = pool < 298 || t < 2 ? t : (unsigned)rand() % (pool + 2);

		if (t == 1 && pool >= 298)
			v = pool + 1;
		snprintf(name, sizeof(name), "if%u", v);
		assert_ptr_equal(ks_link_by_name(k, name), ref_by_name(k, name));
		assert_ptr_equal(ks_link_by_index(k, (int)v), ref_by_index(k, (int)v));
		memcpy(mac, MAC_A, 6);
		mac[4] = (uint8_t)(v >> 8);
		mac[5] = (uint8_t)v;
		assert_ptr_equal(ks_link_by_mac(k, mac), ref_by_mac(k, mac));
	}
	assert_null(ks_link_by_name(k, "nosuch"));
	assert_null(ks_link_by_index(k, -1));
	assert_null(ks_link_by_mac(k, (uint8_t[6]){ 0 }));
}

static void test_index_random(void **state)
{
	static const int sizes[] = { 0, 1, 2, 3, 7, 64, 500, 4094 };

	(void)state;
	srand(14);
	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (unsigned pool = 2; pool <= 8192; pool *= 16) {
			struct kstate k = { 0 };

			rnd_links(&k, sizes[s], pool);
			check_agree(&k, pool);          /* no index: scans */
			kstate_index(&k);
			assert_non_null(k.idx);
			check_agree(&k, pool);          /* searches */
			kstate_index(&k);               /* again: replaces it */
			check_agree(&k, pool);
			kstate_free(&k);
			assert_null(k.idx);
		}
	}
}

/* Links added after the index was built are found all the same (the
 * lookups scan until the index is rebuilt); a rebuilt index sees changes. */
static void test_index_stale(void **state)
{
	struct kstate k = { 0 };
	struct ks_link *a, *b;

	(void)state;
	a = add(&k, "eth0", KS_KIND_OTHER, MAC_A);
	kstate_index(&k);
	assert_ptr_equal(ks_link_by_name(&k, "eth0"), a);
	b = add(&k, "eth1", KS_KIND_OTHER, MAC_B);
	assert_ptr_equal(ks_link_by_name(&k, "eth1"), b);
	assert_ptr_equal(ks_link_by_mac(&k, MAC_B), b);
	assert_ptr_equal(ks_link_by_index(&k, 2), b);
	strcpy(b->name, "spf0");
	kstate_index(&k);
	assert_null(ks_link_by_name(&k, "eth1"));
	assert_ptr_equal(ks_link_by_name(&k, "spf0"), b);
	kstate_free(&k);
}

/* News: a notification's link replaces its ifindex's entry and keeps what
 * no notification carries; a new one joins; a gone one takes its
 * addresses and routes along; addresses and routes come, change, go. */
static void test_news(void **state)
{
	struct kstate k = { 0 };
	struct ks_link n, *a;
	struct ks_vlans v;
	struct ks_addr x = { .ifindex = 1 }, y = { .ifindex = 2 };
	struct ks_route rt = { .ifindex = 2 };

	(void)state;
	a = add(&k, "eth0", KS_KIND_OTHER, MAC_A);
	add(&k, "br0", KS_KIND_BRIDGE, MAC_B);
	a->ethtool.read = true;
	assert_non_null(ks_link_vlans(a));
	vid_set_add(&a->vlans->vids, 10, 20);
	a->pvid = 10;
	kstate_index(&k);

	memset(&n, 0, sizeof(n));
	n.ifindex = 1;
	strcpy(n.name, "spf0");
	n.carrier = true;
	assert_int_equal(ks_link_news(&k, &n), 0);
	kstate_index(&k);
	assert_int_equal(k.n_links, 2);
	a = (struct ks_link *)ks_link_by_name(&k, "spf0");
	assert_non_null(a);
	assert_null(ks_link_by_name(&k, "eth0"));
	assert_true(a->carrier);
	assert_true(a->ethtool.read);
	assert_true(a->has_vlans && vid_set_has(&a->vlans->vids, 15) && a->pvid == 10);

	n.ifindex = 7;
	strcpy(n.name, "vmbr1");
	assert_int_equal(ks_link_news(&k, &n), 0);
	kstate_index(&k);
	assert_int_equal(k.n_links, 3);
	assert_int_equal(ks_link_by_name(&k, "vmbr1")->ifindex, 7);
	assert_false(ks_link_by_index(&k, 7)->ethtool.read);

	/* the AF_BRIDGE news: VLANs, or none */
	assert_int_equal(ks_vlans_news(&k, 1, NULL), 0);
	assert_false(ks_link_by_index(&k, 1)->has_vlans);
	assert_null(ks_link_by_index(&k, 1)->vlans);
	memset(&v, 0, sizeof(v));
	vid_set_add(&v.vids, 100, 100);
	v.pvid = 100;
	assert_int_equal(ks_vlans_news(&k, 1, &v), 0);
	assert_int_equal(ks_vlans_news(&k, 99, &v), 0); /* unknown: nothing */
	assert_true(ks_link_by_index(&k, 1)->has_vlans);
	assert_true(vid_set_has(&ks_link_by_index(&k, 1)->vlans->vids, 100));
	assert_int_equal(ks_link_by_index(&k, 1)->pvid, 100);

	x.addr.family = AF_INET;
	x.addr.prefix = 24;
	x.addr.bytes[0] = 10;
	y.addr = x.addr;
	assert_int_equal(ks_addr_news(&k, &x, false), 0);
	assert_int_equal(ks_addr_news(&k, &y, false), 0);
	x.dynamic = true;
	assert_int_equal(ks_addr_news(&k, &x, false), 0);   /* changed */
	assert_int_equal(k.n_addrs, 2);
	assert_true(k.addrs[0].dynamic);
	rt.gw.family = AF_INET;
	rt.gw.bytes[0] = 10;
	assert_int_equal(ks_route_news(&k, &rt, false), 0);
	assert_int_equal(ks_route_news(&k, &rt, false), 0);
	assert_int_equal(k.n_routes, 1);

	ks_link_gone(&k, 2);            /* br0, its address and route */
	kstate_index(&k);
	assert_int_equal(k.n_links, 2);
	assert_null(ks_link_by_name(&k, "br0"));
	assert_int_equal(k.n_addrs, 1);
	assert_int_equal(k.addrs[0].ifindex, 1);
	assert_int_equal(k.n_routes, 0);
	assert_int_equal(ks_addr_news(&k, &x, true), 0);
	assert_int_equal(k.n_addrs, 0);
	assert_int_equal(ks_addr_news(&k, &x, true), 0);   /* not there: nothing */
	kstate_free(&k);
}

/* The addresses of one interface, in order, chained or scanned alike. */
static void test_addr_chain(void **state)
{
	struct kstate k = { 0 };
	static const int ifs[] = { 3, 1, 3, 2, 1, 3 };
	int n = (int)(sizeof(ifs) / sizeof(ifs[0]));

	(void)state;
	add(&k, "a", KS_KIND_OTHER, MAC_A);
	k.addrs = calloc((size_t)n, sizeof(*k.addrs));
	assert_non_null(k.addrs);
	for (int i = 0; i < n; i++)
		k.addrs[i].ifindex = ifs[i];
	k.n_addrs = n;
	for (int pass = 0; pass < 2; pass++) {
		int got[8], m = 0;

		for (int i = ks_addr_first(&k, 3); i >= 0 && m < 8; i = ks_addr_next(&k, i))
			got[m++] = i;
		assert_int_equal(m, 3);
		assert_int_equal(got[0], 0);
		assert_int_equal(got[1], 2);
		assert_int_equal(got[2], 5);
		assert_int_equal(ks_addr_first(&k, 2), 3);
		assert_int_equal(ks_addr_next(&k, 3), -1);
		assert_int_equal(ks_addr_first(&k, 9), -1);
		kstate_index(&k);       /* the second pass goes by the chains */
	}
	k.n_addrs = 2;                  /* changed since: scans again */
	assert_int_equal(ks_addr_next(&k, 0), -1);
	kstate_free(&k);
}

static void test_feature_names(void **state)
{
	(void)state;
	assert_string_equal(feature_name(FEAT_TSO), "tso");
	assert_string_equal(feature_name(FEAT_GSO), "gso");
	assert_string_equal(feature_name(FEAT_GRO), "gro");
	assert_string_equal(feature_name(FEAT_LRO), "lro");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_name_index),
		cmocka_unit_test(test_perm_first),
		cmocka_unit_test(test_bond_ports),
		cmocka_unit_test(test_bond_record),
		cmocka_unit_test(test_current_fallback),
		cmocka_unit_test(test_index_random),
		cmocka_unit_test(test_index_stale),
		cmocka_unit_test(test_news),
		cmocka_unit_test(test_addr_chain),
		cmocka_unit_test(test_feature_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
