/* order.c - the order interfaces are built in (pure: no I/O)
 *
 * Kahn's algorithm with a min-heap of the ready interfaces keyed by (kind,
 * file position): the same order as choosing, again and again, the first
 * ready interface of the lowest kind, without rescanning the file for
 * each choice (which is quadratic at thousands of interfaces). */
#include <errno.h>
#include <stdlib.h>
#include "order.h"

struct heap {
	int *v;                 /* keys: kind * n + position */
	int n;
};

static void heap_push(struct heap *h, int key)
{
	int i = h->n++;

	while (i > 0 && h->v[(i - 1) / 2] > key) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = key;
}

static int heap_pop(struct heap *h)
{
	int top = h->v[0], last = h->v[--h->n], i = 0;

	for (;;) {
		int c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= last)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

/* The interfaces i waits for: its ports and VLAN parent, when in set.
 * Returns how many, into dep[] (room for EN_MAX_PORTS + 1). */
static int deps_of(const struct config *c, const bool *set, int i, int *dep)
{
	const struct iface *f = &c->ifaces[i];
	int n = 0;

	for (int p = 0; p < f->n_ports && p < EN_MAX_PORTS; p++) {
		int d = f->ports[p];

		if (d >= 0 && d < c->n_ifaces && set[d])
			dep[n++] = d;
	}
	if (f->kind == IF_KIND_VLAN && f->vlan.parent >= 0 &&
	    f->vlan.parent < c->n_ifaces && set[f->vlan.parent])
		dep[n++] = f->vlan.parent;
	return n;
}

int config_build_order(const struct config *c, const bool *set, int *order)
{
	int n = c->n_ifaces, placed_n = 0, want = 0, cursor = 0, ret = -ENOMEM;
	int *pending = calloc((size_t)n + 1, sizeof(int));
	int *start = calloc((size_t)n + 2, sizeof(int));   /* dependents, CSR */
	int *users = NULL, *fill = NULL;
	bool *placed = calloc((size_t)n + 1, sizeof(bool));
	struct heap h = { calloc((size_t)n + 1, sizeof(int)), 0 };
	int dep[EN_MAX_PORTS + 1];

	if (!pending || !start || !placed || !h.v)
		goto out;
	for (int i = 0; i < n; i++) {
		int k;

		if (!set[i])
			continue;
		want++;
		k = deps_of(c, set, i, dep);
		pending[i] = k;
		for (int j = 0; j < k; j++)
			start[dep[j] + 1]++;
	}
	for (int i = 0; i < n; i++)
		start[i + 1] += start[i];
	users = calloc((size_t)start[n] + 1, sizeof(int));
	fill = calloc((size_t)n + 1, sizeof(int));
	if (!users || !fill)
		goto out;
	for (int i = 0; i < n; i++) {
		int k;

		if (!set[i])
			continue;
		k = deps_of(c, set, i, dep);
		for (int j = 0; j < k; j++)
			users[start[dep[j]] + fill[dep[j]]++] = i;
		if (!k)
			heap_push(&h, (int)c->ifaces[i].kind * n + i);
	}
	while (placed_n < want) {
		int i;

		if (h.n) {
			i = heap_pop(&h) % n;
		} else {
			/* only a cycle leaves none ready: its first in file order */
			while (!set[cursor] || placed[cursor])
				cursor++;
			i = cursor;
		}
		placed[i] = true;
		order[placed_n++] = i;
		for (int u = start[i]; u < start[i + 1]; u++) {
			int j = users[u];

			if (--pending[j] == 0 && !placed[j])
				heap_push(&h, (int)c->ifaces[j].kind * n + j);
		}
	}
	ret = placed_n;
out:
	free(pending);
	free(start);
	free(users);
	free(fill);
	free(placed);
	free(h.v);
	return ret;
}
