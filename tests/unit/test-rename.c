/* test-rename.c - rename ordering: chains, cycles, temporary names, conflicts,
 * names and altnames held by links the file does not mention */
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

/* A link the file does not mention (no target), up or down. */
static struct rename_node foreign(const char *name, int ifindex, bool up)
{
	struct rename_node nd = node(name, "", ifindex);

	nd.up = up;
	return nd;
}

/* Replay the steps on the names and altnames: every rename must go to a
 * name nobody holds (as a name or altname) at that moment, an altname is
 * only removed where it is, and the end state must be every target, but
 * for the kept nodes (their name stays). */
static void replay_plan(const struct rename_node *nodes, int n, const struct rename_plan *p)
{
	char names[16][EN_NAME_MAX], alts[16][4][EN_NAME_MAX];
	const struct rename_step *s = p->steps;

	assert_true(n <= 16);
	memset(alts, 0, sizeof(alts));
	for (int i = 0; i < n; i++) {
		strcpy(names[i], nodes[i].name);
		for (int a = 0; a < nodes[i].n_altnames && a < 4; a++)
			strcpy(alts[i][a], nodes[i].altnames[a]);
	}
	for (int k = 0; k < p->n_steps; k++) {
		assert_string_equal(names[s[k].node], s[k].from);
		if (s[k].kind == RENAME_DROP_ALTNAME) {
			bool found = false;

			for (int a = 0; a < 4; a++)
				if (!strcmp(alts[s[k].node][a], s[k].to)) {
					alts[s[k].node][a][0] = '\0';
					found = true;
				}
			assert_true(found);
			continue;
		}
		for (int i = 0; i < n; i++) {
			assert_string_not_equal(names[i], s[k].to);
			for (int a = 0; a < 4; a++)
				assert_string_not_equal(alts[i][a], s[k].to);
		}
		strcpy(names[s[k].node], s[k].to);
	}
	for (int i = 0; i < n; i++) {
		bool kept = false;

		for (int j = 0; j < p->n_kept; j++)
			kept |= p->kept[j].node == i;
		if (kept || !nodes[i].target[0])
			continue;
		assert_string_equal(names[i], nodes[i].target);
	}
}

static void replay(const struct rename_node *nodes, int n, const struct rename_step *s, int ns)
{
	struct rename_plan p = { (struct rename_step *)s, ns, NULL, 0 };

	replay_plan(nodes, n, &p);
}

/* The old interface of the tests: steps only, nothing kept. */
static int order(const struct rename_node *nodes, int n, const char (*avoid)[EN_NAME_MAX],
                 int n_avoid, struct rename_step **s, int *ns, char *err, size_t errlen)
{
	struct rename_plan p;
	int r = rename_order(nodes, n, avoid, n_avoid, &p, err, errlen);

	*s = p.steps;
	*ns = p.n_steps;
	if (r == 0)
		assert_int_equal(p.n_kept, 0);
	free(p.kept);
	return r;
}

static void test_nothing_to_do(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth0", "eth0", 2), node("lo", "", 1) };
	struct rename_step *s;
	int ns;

	assert_int_equal(order(nodes, 2, NULL, 0, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 0);
	free(s);
}

static void test_simple(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth2", "spf0", 4), node("eth3", "spf1", 5) };
	struct rename_step *s;
	int ns;

	assert_int_equal(order(nodes, 2, NULL, 0, &s, &ns, NULL, 0), 0);
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

	assert_int_equal(order(nodes, 2, NULL, 0, &s, &ns, NULL, 0), 0);
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

	assert_int_equal(order(nodes, 4, NULL, 0, &s, &ns, NULL, 0), 0);
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

	assert_int_equal(order(nodes, 3, NULL, 0, &s, &ns, NULL, 0), 0);
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
	assert_int_equal(order(nodes, 5, NULL, 0, &s, &ns, NULL, 0), 0);
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

	assert_int_equal(order(nodes, 3, avoid, 1, &s, &ns, NULL, 0), 0);
	assert_int_equal(ns, 3);
	assert_string_equal(s[0].to, "entmp2");
	replay(nodes, 3, s, ns);
	free(s);
}

/* A down link the file does not mention holds the name: it is renamed
 * aside first, to a name nobody holds, wants or avoids. */
static void test_held_by_unknown_down(void **state)
{
	(void)state;
	struct rename_node nodes[] = {
		node("eth2", "spf0", 4), foreign("spf0", 9, false), foreign("enaside0", 10, true),
	};
	const char avoid[][EN_NAME_MAX] = { "spf0", "enaside1" };
	struct rename_plan p;

	assert_int_equal(rename_order(nodes, 3, avoid, 2, &p, NULL, 0), 0);
	assert_int_equal(p.n_steps, 2);
	assert_int_equal(p.steps[0].kind, RENAME_ASIDE);
	assert_int_equal(p.steps[0].node, 1);
	assert_string_equal(p.steps[0].to, "enaside2");
	assert_int_equal(p.steps[1].kind, RENAME_TO);
	assert_int_equal(p.n_kept, 0);
	replay_plan(nodes, 3, &p);
	rename_plan_free(&p);
}

/* An up link the file does not mention holds the name: only the node
 * that wants it keeps its name (and one that wants the kept node's name);
 * the rest is renamed. */
static void test_held_by_unknown_up(void **state)
{
	(void)state;
	struct rename_node nodes[] = {
		node("eth2", "spf0", 4), foreign("spf0", 9, true), node("eth3", "eth2", 5),
		node("eth4", "spf1", 6),
	};
	struct rename_plan p;

	assert_int_equal(rename_order(nodes, 4, NULL, 0, &p, NULL, 0), 0);
	assert_int_equal(p.n_kept, 2);
	assert_int_equal(p.kept[0].node, 0);
	assert_int_equal(p.kept[0].holder, 1);
	assert_false(p.kept[0].altname);
	assert_int_equal(p.kept[1].node, 2);
	assert_int_equal(p.kept[1].holder, 0);
	assert_int_equal(p.n_steps, 1);
	assert_string_equal(p.steps[0].from, "eth4");
	assert_string_equal(p.steps[0].to, "spf1");
	replay_plan(nodes, 4, &p);
	rename_plan_free(&p);
}

/* A NIC's own altname that is its target goes before the rename; so does
 * the altname of another of the file's links, and of a down foreign one. */
static void test_altnames_removed(void **state)
{
	(void)state;
	const char own[][EN_NAME_MAX] = { "enp1s0f0", "spf0" };
	const char other[][EN_NAME_MAX] = { "spf1" };
	const char down[][EN_NAME_MAX] = { "eth0" };
	struct rename_node nodes[] = {
		node("eth2", "spf0", 4), node("eth3", "eth3", 5), node("eth4", "spf1", 6),
		foreign("wlan0", 9, false), node("eth5", "eth0", 7),
	};
	struct rename_plan p;
	int drops = 0;

	nodes[0].altnames = own;
	nodes[0].n_altnames = 2;
	nodes[1].altnames = other;
	nodes[1].n_altnames = 1;
	nodes[1].ours = true;
	nodes[3].altnames = down;
	nodes[3].n_altnames = 1;
	assert_int_equal(rename_order(nodes, 5, NULL, 0, &p, NULL, 0), 0);
	assert_int_equal(p.n_kept, 0);
	for (int i = 0; i < p.n_steps; i++) {
		if (p.steps[i].kind != RENAME_DROP_ALTNAME)
			continue;
		drops++;
		/* before any rename */
		for (int j = 0; j < i; j++)
			assert_int_equal(p.steps[j].kind, RENAME_DROP_ALTNAME);
	}
	assert_int_equal(drops, 3);
	assert_int_equal(p.n_steps, 6);
	replay_plan(nodes, 5, &p);
	rename_plan_free(&p);
}

/* An up foreign link holding the target as an altname keeps the node. */
static void test_altname_held_up(void **state)
{
	(void)state;
	const char alt[][EN_NAME_MAX] = { "spf0" };
	struct rename_node nodes[] = { node("eth2", "spf0", 4), foreign("eth9", 9, true) };
	struct rename_plan p;

	nodes[1].altnames = alt;
	nodes[1].n_altnames = 1;
	assert_int_equal(rename_order(nodes, 2, NULL, 0, &p, NULL, 0), 0);
	assert_int_equal(p.n_steps, 0);
	assert_int_equal(p.n_kept, 1);
	assert_int_equal(p.kept[0].holder, 1);
	assert_true(p.kept[0].altname);
	rename_plan_free(&p);
}

/* Temporary names avoid altnames too. */
static void test_temporary_avoids_altnames(void **state)
{
	(void)state;
	const char alt[][EN_NAME_MAX] = { "entmp0" };
	struct rename_node nodes[] = { node("eth0", "eth1", 2), node("eth1", "eth0", 3),
	                               foreign("wlan0", 9, true) };
	struct rename_step *s;
	int ns;

	nodes[2].altnames = alt;
	nodes[2].n_altnames = 1;
	assert_int_equal(order(nodes, 3, NULL, 0, &s, &ns, NULL, 0), 0);
	assert_string_equal(s[0].to, "entmp1");
	replay(nodes, 3, s, ns);
	free(s);
}

static void test_duplicate_target(void **state)
{
	(void)state;
	struct rename_node nodes[] = { node("eth2", "spf0", 4), node("eth3", "spf0", 5) };
	struct rename_step *s;
	char err[256];
	int ns;

	assert_int_equal(order(nodes, 2, NULL, 0, &s, &ns, err, sizeof(err)), -EINVAL);
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
		cmocka_unit_test(test_held_by_unknown_down),
		cmocka_unit_test(test_held_by_unknown_up),
		cmocka_unit_test(test_altnames_removed),
		cmocka_unit_test(test_altname_held_up),
		cmocka_unit_test(test_temporary_avoids_altnames),
		cmocka_unit_test(test_duplicate_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
