/* test-online.c - what wait-online waits for: the target from the file,
 * "management up" (and bonds converged) on recorded snapshots, and the
 * ARP packets */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kstate.h"
#include "model-build.h"
#include "online.h"

#define CONVERGED (LACP_STATE_ACTIVITY | LACP_STATE_AGGREGATION | LACP_STATE_SYNCHRONIZATION | \
		   LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING)

static void test_target(void **state)
{
	struct config c;
	struct online_target t;
	char why[256];

	(void)state;
	mb_node01(&c);
	assert_int_equal(online_target(&c, false, &t, why, sizeof(why)), 0);
	assert_string_equal(t.mgmt, "vmbr0");
	assert_true(t.has_gw);
	assert_memory_equal(t.gw, ((uint8_t[]){ 10, 16, 207, 1 }), 4);
	assert_memory_equal(t.src, ((uint8_t[]){ 10, 16, 207, 61 }), 4);
	/* no management: nothing to wait for */
	c.management = -1;
	assert_int_equal(online_target(&c, false, &t, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "no management interface"));
	config_free(&c);
}

static void test_links_ready(void **state)
{
	struct config c;
	struct kstate k;
	struct online_target t;
	char d[256];

	(void)state;
	mb_node01(&c);
	mb_ks_node01(&k);
	assert_int_equal(online_target(&c, false, &t, d, sizeof(d)), 0);
	assert_true(online_links_ready(&k, &t, d, sizeof(d)));
	assert_string_equal(d, "vmbr0 up");

	mb_ks(&k, "vmbr0")->flags &= ~(unsigned)IFF_RUNNING;
	assert_false(online_links_ready(&k, &t, d, sizeof(d)));
	assert_string_equal(d, "vmbr0 no carrier");
	mb_ks(&k, "vmbr0")->flags &= ~(unsigned)IFF_UP;
	assert_false(online_links_ready(&k, &t, d, sizeof(d)));
	assert_string_equal(d, "vmbr0 down");
	mb_ks(&k, "vmbr0")->flags |= IFF_UP | IFF_RUNNING;

	/* the address not (yet) there */
	for (int i = 0; i < k.n_addrs; i++)
		if (k.addrs[i].ifindex == 7 && k.addrs[i].addr.family == AF_INET)
			k.addrs[i].addr.prefix = 16;
	assert_false(online_links_ready(&k, &t, d, sizeof(d)));
	assert_string_equal(d, "vmbr0 without 10.16.207.61/24");
	kstate_free(&k);

	mb_ks_node01(&k);
	strcpy(mb_ks(&k, "vmbr0")->name, "vmbrX");
	assert_false(online_links_ready(&k, &t, d, sizeof(d)));
	assert_string_equal(d, "vmbr0 missing");
	kstate_free(&k);
	config_free(&c);
}

static void test_bonds(void **state)
{
	struct config c;
	struct kstate k;
	struct online_target t;
	struct ks_link *b;
	char d[512];

	(void)state;
	mb_node01(&c);
	mb_ks_node01(&k);
	assert_int_equal(online_target(&c, true, &t, d, sizeof(d)), 0);
	/* no partner yet */
	assert_false(online_links_ready(&k, &t, d, sizeof(d)));
	assert_non_null(strstr(d, "vmbr0 up, bond0 not converged ("));
	/* without --bonds the bond does not matter */
	t.bonds = false;
	assert_true(online_links_ready(&k, &t, d, sizeof(d)));
	t.bonds = true;

	b = mb_ks(&k, "bond0");
	b->bond.has_ad_info = true;
	b->bond.ad_aggregator = 1;
	b->bond.ad_num_ports = 2;
	mb_mac(b->bond.ad_partner_mac, "00:1c:73:aa:bb:cc");
	for (int i = 0; i < 2; i++) {
		struct ks_link *l = mb_ks(&k, i ? "spf1" : "spf0");

		l->port.ad_aggregator_id = 1;
		l->port.ad_actor_oper_port_state = CONVERGED;
		l->port.ad_partner_oper_port_state = CONVERGED;
	}
	assert_true(online_links_ready(&k, &t, d, sizeof(d)));
	assert_string_equal(d, "vmbr0 up, bond0 converged");
	kstate_free(&k);
	config_free(&c);
}

static void test_arp(void **state)
{
	static const uint8_t want[ONLINE_ARP_LEN] = {
		0, 1, 8, 0, 6, 4, 0, 1,
		0x58, 0x47, 0xca, 0x76, 0x76, 0xfe, 10, 16, 207, 61,
		0, 0, 0, 0, 0, 0, 10, 16, 207, 1,
	};
	uint8_t mac[6], pkt[ONLINE_ARP_LEN], reply[ONLINE_ARP_LEN + 18] = { 0 };
	struct config c;
	struct online_target t;
	char why[128];

	(void)state;
	mb_node01(&c);
	assert_int_equal(online_target(&c, false, &t, why, sizeof(why)), 0);
	mb_mac(mac, "58:47:ca:76:76:fe");
	online_arp_request(&t, mac, pkt);
	assert_memory_equal(pkt, want, sizeof(want));

	/* the gateway's reply (with Ethernet padding after it) */
	memcpy(reply, (uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 2, 0, 0x1c, 0x73, 1, 2, 3, 10, 16, 207, 1 }, 18);
	memcpy(reply + 18, want + 8, 10);
	memset(mac, 0, 6);
	assert_true(online_arp_from_gateway(&t, reply, sizeof(reply), mac));
	assert_memory_equal(mac, ((uint8_t[]){ 0, 0x1c, 0x73, 1, 2, 3 }), 6);
	/* our own request (sender is us), a short packet, another sender, not IPv4 */
	assert_false(online_arp_from_gateway(&t, pkt, sizeof(pkt), mac));
	assert_false(online_arp_from_gateway(&t, reply, 27, mac));
	reply[17] = 2;
	assert_false(online_arp_from_gateway(&t, reply, sizeof(reply), mac));
	reply[17] = 1;
	reply[2] = 0x86;
	assert_false(online_arp_from_gateway(&t, reply, sizeof(reply), mac));
	reply[2] = 8;
	reply[7] = 3; /* RARP */
	assert_false(online_arp_from_gateway(&t, reply, sizeof(reply), mac));
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_links_ready),
		cmocka_unit_test(test_bonds),
		cmocka_unit_test(test_arp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
