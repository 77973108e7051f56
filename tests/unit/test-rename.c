/* test-rename.c - rename ordering: chains, cycles, temporary names, conflicts */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "rename.h"

static struct rename_node node(const char *name, const char *target, int ifindex)
{
	struct rename_node nd;

	memset(&nd, 0, sizeof(nd));
	strcpy(nd.name, name);
	strcpy(nd.target, target);
	nd.ifindex = ifindex;
	return nd;
}

/* Replay the steps on the names: every step must go to a name nobody holds
 * at that moment, and the end state must be every target. */
static void replay(const struct rename_node *nodes, int n, const struct rename_step *s, int ns)
{
	char names[16][EN_NAME_MAX];

	assert_true(n <= 16);
	for (int i = 0; i < n; i++)
		strcpy(names[i], nodes[i].name);
	for (int k = 0; k < ns; k++) {
		assert_string_equal(names[s[k].node], s[k].from);
		for (int i = 0; i < n; i++)
			assert_string_not_equal(names[i], s[k].to);
		strcpy(names[s[k].node], s[k].to);
	}
	for (int i = 0; i < n; i++)
		assert_string_equal(names[i], nodes[i].target[0] ? nodes[i].target : nodes[i].name);
}

static void test_nothing_to_do(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth0", "eth0", 2), node("lo", "", 1) };
	struct rename_step *s;
	int ns;

	assert_int_equal(rename_order(nodes, 2, NULL, 0, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 0);
	free(s);
}

static void test_simple(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth2", "spf0", 4), node("eth3", "spf1", 5) };
	struct rename_step *s;
	int ns;

	assert_int_equal(rename_order(nodes, 2, NULL, 0, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 2);
	assert_string_equal(s[0].from, "eth2");
	assert_string_equal(s[0].to, "spf0");
	assert_false(s[0].temporary);
	replay(nodes, 2, s, ns);
	free(s);
}

static void test_swap(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth0", "eth1", 2), node("eth1", "eth0", 3) };
	struct rename_step *s;
	int ns;

	assert_int_equal(rename_order(nodes, 2, NULL, 0, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 3);
	assert_true(s[0].temporary);
	assert_string_equal(s[0].to, "entmp0");
	assert_false(s[1].temporary);
	assert_false(s[2].temporary);
	replay(nodes, 2, s, ns);
	free(s);
}

static void test_three_cycle(void **state)
{
	(void)state;
	struct rename_node nodes[] = {
		node("eth0", "eth1", 2), node("eth1", "eth2", 3), node("eth2", "eth0", 4),
		node("lo", "", 1),
	};
	struct rename_step *s;
	int ns, temps = 0;

	assert_int_equal(rename_order(nodes, 4, NULL, 0, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 4);
	for (int i = 0; i < ns; i++)
		temps += s[i].temporary;
	assert_int_equal(temps, 1);
	replay(nodes, 4, s, ns);
	free(s);
}

/* A target held by a NIC that is itself renamed away: no temporary name. */
static void test_chain(void **state)
{
	(void)state;
	struct rename_node nodes[] = {
		node("eth1", "eth0", 3), node("eth0", "spf0", 2), node("eth5", "eth1", 7),
	};
	struct rename_step *s;
	int ns;

	assert_int_equal(rename_order(nodes, 3, NULL, 0, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 3);
	assert_string_equal(s[0].from, "eth0");
	assert_string_equal(s[0].to, "spf0");
	for (int i = 0; i < ns; i++)
		assert_false(s[i].temporary);
	replay(nodes, 3, s, ns);
	free(s);
}

/* A longer cycle still costs one temporary name. */
static void test_five_cycle(void **state)
{
	(void)state;
	struct rename_node nodes[] = {
		node("eth9", "eth0", 9), node("eth0", "eth1", 2), node("eth1", "eth0x", 3),
		node("eth0x", "eth1x", 4), node("eth1x", "eth9", 5),
	};
	struct rename_step *s;
	int ns, temps = 0;

	/* eth9->eth0->eth1->eth0x->eth1x->eth9: one 5-cycle. */
	assert_int_equal(rename_order(nodes, 5, NULL, 0, &s, &ns, NULL, 0), 0);
	for (int i = 0; i < ns; i++)
		temps += s[i].temporary;
	assert_int_equal(temps, 1);
	assert_int_equal(ns, 6);
	replay(nodes, 5, s, ns);
	free(s);
}

/* The temporary name avoids names in use, wanted, and the file's names. */
static void test_temporary_name_free(void **state)
{
	(void)state;
	struct rename_node nodes[] = {
		node("eth0", "eth1", 2), node("eth1", "eth0", 3), node("entmp0", "", 4),
	};
	const char avoid[][EN_NAME_MAX] = { "entmp1" };
	struct rename_step *s;
	int ns;

	assert_int_equal(rename_order(nodes, 3, avoid, 1, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 3);
	assert_string_equal(s[0].to, "entmp2");
	replay(nodes, 3, s, ns);
	free(s);
}

static void test_held_by_unknown(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth2", "spf0", 4), node("spf0", "", 9) };
	struct rename_step *s;
	char err[256];
	int ns;

	assert_int_equal(rename_order(nodes, 2, NULL, 0, &s, &ns, err, sizeof(err)), -EEXIST);
	assert_null(s);
	assert_int_equal(ns, 0);
	assert_string_equal(err, "cannot rename eth2 to spf0: the name is held by spf0 "
	                    "(ifindex 9), which the file does not mention");
}

static void test_duplicate_target(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth2", "spf0", 4), node("eth3", "spf0", 5) };
	struct rename_step *s;
	char err[256];
	int ns;

	assert_int_equal(rename_order(nodes, 2, NULL, 0, &s, &ns, err, sizeof(err)), -EINVAL);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_three_cycle),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_five_cycle),
		cmocka_unit_test(test_temporary_name_free),
		cmocka_unit_test(test_held_by_unknown),
		cmocka_unit_test(test_duplicate_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
