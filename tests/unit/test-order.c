/* test-order.c - the build order agrees with the rule it states, the
 * quadratic way: again and again, the first ready interface of the
 * lowest kind (as plan.c chose it before), on random files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "order.h"

static int ref_order(const struct config *c, const bool *set, int *order)
{
	bool *placed = calloc((size_t)c->n_ifaces + 1, sizeof(*placed));
	int n = 0, want = 0;

	assert_non_null(placed);
	for (int i = 0; i < c->n_ifaces; i++)
		want += set[i];
	while (n < want) {
		int best = -1, fallback = -1;

		for (int i = 0; i < c->n_ifaces; i++) {
			const struct iface *f = &c->ifaces[i];
			bool ready = true;

			if (!set[i] || placed[i])
				continue;
			for (int p = 0; p < f->n_ports; p++)
				if (f->ports[p] >= 0 && set[f->ports[p]] && !placed[f->ports[p]])
					ready = false;
			if (f->kind == IF_KIND_VLAN && f->vlan.parent >= 0 &&
			    set[f->vlan.parent] && !placed[f->vlan.parent])
				ready = false;
			if (fallback < 0)
				fallback = i;
			if (ready && (best < 0 || f->kind < c->ifaces[best].kind))
				best = i;
		}
		if (best < 0)
			best = fallback;
		placed[best] = true;
		order[n++] = best;
	}
	free(placed);
	return n;
}

/* A random file of n interfaces: ports and parents anywhere (so cycles
 * and self-references happen when cyclic), or only earlier ones. */
static void rnd_config(struct config *c, int n, bool cyclic)
{
	memset(c, 0, sizeof(*c));
	c->ifaces = calloc((size_t)(n ? n : 1), sizeof(*c->ifaces));
	assert_non_null(c->ifaces);
	c->n_ifaces = n;
	for (int i = 0; i < n; i++) {
		struct iface *f = &c->ifaces[i];
		int lim = cyclic ? n : i;

		f->kind = (enum if_kind)(rand() % 4);
		f->vlan.parent = -1;
		if (lim == 0)
			continue;
		if (f->kind == IF_KIND_BOND || f->kind == IF_KIND_BRIDGE) {
			int n_ports = rand() % 4;

			for (int p = 0; p < n_ports; p++)
				assert_int_equal(iface_add_port(f, rand() % 8 ? rand() % lim : -1), 0);
		} else if (f->kind == IF_KIND_VLAN) {
			f->vlan.parent = rand() % 8 ? rand() % lim : -1;
		}
	}
}

static void test_random(void **state)
{
	static const int sizes[] = { 0, 1, 2, 3, 5, 8, 20, 100, 700 };

	(void)state;
	srand(14);
	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (int round = 0; round < 40; round++) {
			int n = sizes[s];
			struct config c;
			bool *set = calloc((size_t)n + 1, sizeof(*set));
			int *got = calloc((size_t)n + 1, sizeof(int));
			int *want = calloc((size_t)n + 1, sizeof(int));
			int k;

			assert_non_null(set);
			assert_non_null(got);
			assert_non_null(want);
			rnd_config(&c, n, round % 2);
			for (int i = 0; i < n; i++)
				set[i] = round % 4 < 2 || rand() % 3;
			k = ref_order(&c, set, want);
			assert_int_equal(config_build_order(&c, set, got), k);
			assert_memory_equal(got, want, (size_t)k * sizeof(int));
			config_free(&c);
			free(set);
			free(got);
			free(want);
		}
	}
}

/* node01's shape: links, then the bond on two of them, the bridges, and a
 * VLAN on the data bridge; a file-order tie goes to the earlier one. */
static void test_layout(void **state)
{
	struct iface f[7];
	struct config c = { .ifaces = f, .n_ifaces = 7 };
	bool set[7] = { true, true, true, true, true, true, true };
	int order[7];
	static const int want[7] = { 2, 3, 4, 1, 0, 5, 6 };

	(void)state;
	memset(f, 0, sizeof(f));
	for (int i = 0; i < 7; i++)
		f[i].vlan.parent = -1;
	f[0].kind = IF_KIND_BRIDGE; iface_add_port(&f[0], 2);                /* vmbr0 on eth0 */
	f[1].kind = IF_KIND_BOND;   iface_add_port(&f[1], 3); iface_add_port(&f[1], 4);
	f[2].kind = IF_KIND_LINK;
	f[3].kind = IF_KIND_LINK;
	f[4].kind = IF_KIND_LINK;
	f[5].kind = IF_KIND_BRIDGE; iface_add_port(&f[5], 1);                /* vmbr1 on bond0 */
	f[6].kind = IF_KIND_VLAN;   f[6].vlan.parent = 5;
	assert_int_equal(config_build_order(&c, set, order), 7);
	assert_memory_equal(order, want, sizeof(want));
	set[2] = false;             /* not in the set: not waited for */
	assert_int_equal(config_build_order(&c, set, order), 6);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[2], 1);  /* the bond before the bridges */
	assert_int_equal(order[3], 0);
	for (int i = 0; i < 7; i++)
		iface_free(&f[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
