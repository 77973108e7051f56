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
	assert_string_equal(v.detail, "spf0 distributing, spf1 joining: partner not collecting/distributing");

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
	assert_string_equal(v.detail, "spf0 joining: actor not sync/collecting/distributing, partner not "
	                    "collecting/distributing, spf1 joining: partner not collecting/distributing");
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
	assert_string_equal(v.detail, "spf0 distributing, spf1 not in the active aggregator");

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
	assert_string_equal(v.detail, "spf0 joining: no partner yet, spf1 joining: no partner yet");
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

/* ---- causes: why a port is not in the active aggregator ---- */

#define DEFAULTED_STATE 0x45 /* activity aggregation defaulted */

/* The /proc/net/bonding details of a converged bond: both ports reach
 * switch 52:54:00:aa:00:03, key 15, at 1000 Mb/s full duplex. */
static void ks_bond_proc(struct kstate *k)
{
	struct ks_link *b;

	ks_bond(k);
	b = mb_ks(k, "bond0");
	b->bond.has_proc = true;
	mb_mac(b->bond.ad_partner_mac, "52:54:00:aa:00:03");
	mb_mac(b->bond.ad_system_mac, "58:47:ca:76:76:fb");
	b->bond.ad_actor_key = 15;
	b->bond.ad_partner_key = 15;
	for (int i = 0; i < 2; i++) {
		struct ks_link *l = mb_ks(k, i ? "spf1" : "spf0");

		l->port.has_proc = true;
		l->port.speed = 1000;
		l->port.duplex = 1;
		l->port.actor_key = 15;
		l->port.partner_key = 15;
		l->port.partner_port = (uint16_t)(i + 1);
		mb_mac(l->port.partner_system, "52:54:00:aa:00:03");
	}
}

/* spf1 in aggregator 2 with its own partner state converged. */
static struct ks_link *stray(struct kstate *k)
{
	struct ks_link *l = mb_ks(k, "spf1");

	l->port.ad_aggregator_id = 2;
	return l;
}

static void evaluate(struct kstate *k, struct lacp_verdict *v)
{
	lacp_evaluate(k, mb_ks(k, "bond0"), 0, v);
	assert_int_equal(v->n_port, 2);
	assert_string_equal(v->port[0].name, "spf0");
	assert_string_equal(v->port[1].name, "spf1");
}

static void test_cause_ok(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	evaluate(&k, &v);
	assert_true(v.converged);
	assert_int_equal(v.stray, 0);
	assert_int_equal(v.port[0].cause, LACP_OK);
	assert_int_equal(v.port[1].cause, LACP_OK);
	assert_string_equal(v.port[1].info, "");
	kstate_free(&k);
}

static void test_cause_no_carrier(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	mb_ks(&k, "spf1")->carrier = false;
	evaluate(&k, &v);
	assert_true(v.converged);
	assert_int_equal(v.stray, 1);
	assert_int_equal(v.transient, 0);
	assert_int_equal(v.port[1].cause, LACP_NO_CARRIER);
	assert_non_null(strstr(v.port[1].why, "no carrier"));
	kstate_free(&k);
}

/* Split LAG: the second port reaches another switch (its own swbond). */
static void test_cause_other_partner(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	mb_mac(stray(&k)->port.partner_system, "52:54:00:aa:00:04");
	evaluate(&k, &v);
	assert_true(v.converged);
	assert_int_equal(v.ready, 1);
	assert_int_equal(v.stray, 1);
	assert_int_equal(v.port[1].cause, LACP_OTHER_PARTNER);
	assert_false(v.port[1].transient);
	assert_non_null(strstr(v.port[1].why, "different partner"));
	assert_non_null(strstr(v.port[1].why, "52:54:00:aa:00:04"));
	assert_non_null(strstr(v.port[1].why, "52:54:00:aa:00:03"));
	assert_string_equal(v.detail, "spf0 distributing, spf1 different partner");
	kstate_free(&k);
}

/* One switch, two port-channels: same system, other key. */
static void test_cause_other_key(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	stray(&k)->port.partner_key = 17;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_OTHER_KEY);
	assert_non_null(strstr(v.port[1].why, "key 17 here, 15 on the active aggregator"));
	kstate_free(&k);
}

/* A plain switch port: no LACPDU ever, the port stays defaulted with an
 * all-zero partner. */
static void test_cause_no_lacpdu(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;
	struct ks_link *l;

	ks_bond_proc(&k);
	l = stray(&k);
	l->port.ad_actor_oper_port_state = DEFAULTED_STATE;
	l->port.ad_partner_oper_port_state = 0x01;
	memset(l->port.partner_system, 0, 6);
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_NO_LACPDU);
	assert_non_null(strstr(v.port[1].why, "no LACPDU"));
	assert_string_equal(v.port[1].info, ""); /* no rate note for a defaulted port */

	/* the all-zero partner alone says the same (no proc details: the bit) */
	l->port.ad_actor_oper_port_state = CONVERGED;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_NO_LACPDU);
	l->port.has_proc = false;
	l->port.ad_actor_oper_port_state = DEFAULTED_STATE;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_NO_LACPDU);

	/* no LACP at all on the switch: both ports, the bond has no partner */
	kstate_free(&k);
	ks_bond_proc(&k);
	memset(mb_ks(&k, "bond0")->bond.ad_partner_mac, 0, 6);
	for (int i = 0; i < 2; i++) {
		l = mb_ks(&k, i ? "spf1" : "spf0");
		l->port.ad_actor_oper_port_state = DEFAULTED_STATE;
		memset(l->port.partner_system, 0, 6);
	}
	evaluate(&k, &v);
	assert_false(v.converged);
	assert_int_equal(v.port[0].cause, LACP_NO_LACPDU);
	assert_int_equal(v.port[1].cause, LACP_NO_LACPDU);
	assert_string_equal(v.detail, "spf0 no LACPDU, spf1 no LACPDU");
	kstate_free(&k);
}

static void test_cause_individual(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	stray(&k)->port.ad_partner_oper_port_state = CONVERGED & ~LACP_STATE_AGGREGATION;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_INDIVIDUAL);
	assert_non_null(strstr(v.port[1].why, "individual"));
	kstate_free(&k);
}

static void test_cause_speed(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;
	struct ks_link *l;

	ks_bond_proc(&k);
	l = stray(&k);
	l->port.speed = 100;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_SPEED);
	assert_non_null(strstr(v.port[1].why, "100 Mb/s full duplex here, 1000 Mb/s full on spf0"));
	l->port.speed = 1000;
	l->port.duplex = 0;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_SPEED);
	/* unknown speed says nothing */
	l->port.duplex = 1;
	l->port.speed = 0;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_OTHER_AGGREGATOR);
	kstate_free(&k);
}

static void test_cause_churned(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	stray(&k)->port.partner_churned = true;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_CHURNED);
	assert_non_null(strstr(v.port[1].why, "churned (partner)"));
	kstate_free(&k);
}

static void test_cause_expired(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	stray(&k)->port.ad_actor_oper_port_state = CONVERGED | LACP_STATE_EXPIRED;
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_EXPIRED);
	assert_true(v.port[1].transient);
	assert_int_equal(v.transient, 1);
	kstate_free(&k);
}

static void test_cause_mac_changed(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	stray(&k);
	mb_mac(mb_ks(&k, "bond0")->mac, "02:00:00:00:00:99");
	evaluate(&k, &v);
	assert_int_equal(v.port[1].cause, LACP_MAC_CHANGED);
	assert_non_null(strstr(v.port[1].why, "02:00:00:00:00:99 now"));
	assert_non_null(strstr(v.port[1].why, "still 58:47:ca:76:76:fb"));
	/* in the aggregator, the changed MAC is no cause */
	assert_int_equal(v.port[0].cause, LACP_OK);
	kstate_free(&k);
}

/* The partner asks for a fast rate, the bond is slow: a note, no fault. */
static void test_rate_info(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;

	ks_bond_proc(&k);
	mb_ks(&k, "bond0")->bond.lacp_rate = 0;
	mb_ks(&k, "spf1")->port.ad_partner_oper_port_state = CONVERGED_FAST;
	evaluate(&k, &v);
	assert_true(v.converged);
	assert_int_equal(v.stray, 0);
	assert_int_equal(v.port[1].cause, LACP_OK);
	assert_non_null(strstr(v.port[1].info, "partner times out fast"));
	assert_string_equal(v.port[0].info, "");
	kstate_free(&k);
}

/* Settling: one port converged, the second still joining is no verdict;
 * a stable definite cause is, after settle_ms. */
static void test_settle(void **state)
{
	(void)state;
	struct kstate k;
	struct lacp_verdict v;
	struct lacp_settle s = { 0 };

	ks_bond_proc(&k);
	mb_ks(&k, "spf1")->port.ad_partner_oper_port_state = SYNC_ONLY;
	evaluate(&k, &v);
	assert_true(v.converged);
	assert_int_equal(v.port[1].cause, LACP_JOINING);
	assert_false(lacp_settled(&s, &v, 0, 5000));
	assert_false(lacp_settled(&s, &v, 60000, 5000)); /* joining never settles */

	/* it joins: settled at once */
	mb_ks(&k, "spf1")->port.ad_partner_oper_port_state = CONVERGED;
	evaluate(&k, &v);
	assert_true(lacp_settled(&s, &v, 60001, 5000));

	/* another partner: settled once it stayed so for 5 s */
	mb_mac(stray(&k)->port.partner_system, "52:54:00:aa:00:04");
	evaluate(&k, &v);
	assert_false(lacp_settled(&s, &v, 70000, 5000));
	assert_false(lacp_settled(&s, &v, 74999, 5000));
	assert_true(lacp_settled(&s, &v, 75000, 5000));
	/* the cause changes: the clock starts again */
	mb_ks(&k, "spf1")->carrier = false;
	evaluate(&k, &v);
	assert_false(lacp_settled(&s, &v, 76000, 5000));
	assert_true(lacp_settled(&s, &v, 81000, 5000));

	/* not converged: never settled */
	mb_ks(&k, "spf0")->carrier = false;
	evaluate(&k, &v);
	assert_false(v.converged);
	assert_false(lacp_settled(&s, &v, 100000, 0));
	kstate_free(&k);
}

static void test_cause_words(void **state)
{
	(void)state;
	for (int c = 0; c < LACP_CAUSES; c++)
		assert_true(strlen(lacp_cause_word((enum lacp_cause)c)) > 0);
	assert_string_equal(lacp_cause_word(LACP_CAUSES), "?");
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
		cmocka_unit_test(test_cause_ok),
		cmocka_unit_test(test_cause_no_carrier),
		cmocka_unit_test(test_cause_other_partner),
		cmocka_unit_test(test_cause_other_key),
		cmocka_unit_test(test_cause_no_lacpdu),
		cmocka_unit_test(test_cause_individual),
		cmocka_unit_test(test_cause_speed),
		cmocka_unit_test(test_cause_churned),
		cmocka_unit_test(test_cause_expired),
		cmocka_unit_test(test_cause_mac_changed),
		cmocka_unit_test(test_rate_info),
		cmocka_unit_test(test_settle),
		cmocka_unit_test(test_cause_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
