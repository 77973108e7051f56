/* test-lacp.c - the "LACP converged" verdict on recorded bond and port states */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lacp.h"
#include "model-build.h"

#define CONVERGED      0x3d /* activity aggregation sync collecting distributing */
#define CONVERGED_FAST 0x3f
#define SYNC_ONLY      0x0f /* activity timeout aggregation sync: not yet collecting */

/* bond0 (6) with spf0 (4) and spf1 (5), as the kernel shows a converged
 * 802.3ad bond: aggregator 1 with a partner, both ports in it. */
static void ks_bond(struct kstate *k)
{
	struct ks_link *b;

	memset(k, 0, sizeof(*k));
	mb_ks_link(k, 4, "spf0", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	mb_ks_link(k, 5, "spf1", KS_KIND_OTHER, "58:47:ca:76:76:fc", "58:47:ca:76:76:fc");
	b = mb_ks_link(k, 6, "bond0", KS_KIND_BOND, "58:47:ca:76:76:fb", NULL);
	b->bond.has_ad_info = true;
	b->bond.ad_aggregator = 1;
	b->bond.ad_num_ports = 2;
	mb_mac(b->bond.ad_partner_mac, "00:1c:73:aa:bb:cc");
	for (int i = 0; i < 2; i++) {
		struct ks_link *l = mb_ks(k, i ? "spf1" : "spf0");

		l->carrier = true;
		mb_ks_enslave(k, l->name, "bond0");
		l->port.ad_aggregator_id = 1;
		l->port.ad_actor_oper_port_state = CONVERGED;
		l->port.ad_partner_oper_port_state = CONVERGED;
	}
}

static void test_converged(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond(&k);
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_true(v.converged);
	assert_int_equal(v.ready, 2);
	assert_int_equal(v.needed, 1);
	assert_int_equal(v.ports, 2);
	assert_int_equal(v.no_carrier, 0);
	assert_string_equal(v.detail, "spf0 distributing, spf1 distributing");

	/* fast rate sets the timeout bit too */
	mb_ks(&k, "spf0")->port.ad_actor_oper_port_state = CONVERGED_FAST;
	mb_ks(&k, "spf0")->port.ad_partner_oper_port_state = CONVERGED_FAST;
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 2, &v);
	assert_true(v.converged);
	assert_int_equal(v.needed, 2);
	kstate_free(&k);
}

/* The partner has synchronised but not yet started collecting: seen for a
 * few seconds on every real switch. */
static void test_half_converged(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond(&k);
	mb_ks(&k, "spf1")->port.ad_partner_oper_port_state = SYNC_ONLY;
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_true(v.converged); /* one is enough without min_links */
	assert_int_equal(v.ready, 1);
	assert_string_equal(v.detail, "spf0 distributing, spf1 partner not collecting/distributing");

	/* min_links 2 with one ready */
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 2, &v);
	assert_false(v.converged);
	assert_int_equal(v.ready, 1);
	assert_int_equal(v.needed, 2);

	/* both sides half way */
	mb_ks(&k, "spf0")->port.ad_actor_oper_port_state = SYNC_ONLY & ~LACP_STATE_SYNCHRONIZATION;
	mb_ks(&k, "spf0")->port.ad_partner_oper_port_state = SYNC_ONLY;
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_false(v.converged);
	assert_int_equal(v.ready, 0);
	assert_string_equal(v.detail, "spf0 actor not sync/collecting/distributing, partner not "
	                    "collecting/distributing, spf1 partner not collecting/distributing");
	kstate_free(&k);
}

static void test_wrong_aggregator(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond(&k);
	mb_ks(&k, "spf1")->port.ad_aggregator_id = 2;
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 2, &v);
	assert_false(v.converged);
	assert_int_equal(v.ready, 1);
	assert_string_equal(v.detail, "spf0 distributing, spf1 not in aggregator");

	/* no 802.3ad information at all (not an 802.3ad bond, or too early) */
	mb_ks(&k, "bond0")->bond.has_ad_info = false;
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_false(v.converged);
	assert_int_equal(v.ready, 0);
	kstate_free(&k);
}

static void test_no_partner(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond(&k);
	memset(mb_ks(&k, "bond0")->bond.ad_partner_mac, 0, 6);
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_false(v.converged);
	assert_int_equal(v.ready, 0);
	assert_int_equal(v.ports, 2);
	assert_string_equal(v.detail, "spf0 no partner, spf1 no partner");
	kstate_free(&k);
}

static void test_no_carrier(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond(&k);
	mb_ks(&k, "spf1")->carrier = false;
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_true(v.converged);
	assert_int_equal(v.no_carrier, 1);
	assert_int_equal(v.ready, 1);
	assert_string_equal(v.detail, "spf0 distributing, spf1 no carrier");

	mb_ks(&k, "spf0")->carrier = false;
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_false(v.converged);
	assert_int_equal(v.no_carrier, 2);
	kstate_free(&k);
}

static void test_no_ports(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond(&k);
	for (int i = 0; i < k.n_links; i++)
		k.links[i].master = 0;
	/* a port of another bond does not count */
	mb_ks_link(&k, 7, "bond1", KS_KIND_BOND, "02:00:00:00:00:07", NULL);
	mb_ks_enslave(&k, "spf0", "bond1");
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_false(v.converged);
	assert_int_equal(v.ports, 0);
	assert_string_equal(v.detail, "no ports");
	kstate_free(&k);
}

/* Many ports with long names: the detail is cut, never overrun. */
static void test_detail_bounded(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond(&k);
	for (int i = 0; i < 30; i++) {
		char name[EN_NAME_MAX];

		snprintf(name, sizeof(name), "enp129s0f%unp1", (unsigned)i % 100);
		mb_ks_link(&k, 100 + i, name, KS_KIND_OTHER, "02:00:00:00:01:00", NULL)->carrier = true;
		mb_ks_enslave(&k, name, "bond0");
	}
	lacp_evaluate(&k, mb_ks(&k, "bond0"), 0, &v);
	assert_int_equal(v.ports, 32);
	assert_int_equal(v.ready, 2);
	assert_true(strlen(v.detail) < sizeof(v.detail));
	assert_true(strlen(v.detail) > 200);
	kstate_free(&k);
}

static void test_state_words(void **state)
{
	(void)state;
	char buf[128], small[12];

	assert_string_equal(lacp_state_words(61, buf, sizeof(buf)),
	                    "activity aggregation sync collecting distributing");
	assert_string_equal(lacp_state_words(63, buf, sizeof(buf)),
	                    "activity timeout aggregation sync collecting distributing");
	assert_string_equal(lacp_state_words(15, buf, sizeof(buf)),
	                    "activity timeout aggregation sync");
	assert_string_equal(lacp_state_words(0x45, buf, sizeof(buf)),
	                    "activity aggregation defaulted");
	assert_string_equal(lacp_state_words(0x80, buf, sizeof(buf)), "expired");
	assert_string_equal(lacp_state_words(0, buf, sizeof(buf)), "none");
	assert_string_equal(lacp_state_words(61, small, sizeof(small)), "activity ag");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_converged),
		cmocka_unit_test(test_half_converged),
		cmocka_unit_test(test_wrong_aggregator),
		cmocka_unit_test(test_no_partner),
		cmocka_unit_test(test_no_carrier),
		cmocka_unit_test(test_no_ports),
		cmocka_unit_test(test_detail_bounded),
		cmocka_unit_test(test_state_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
