/* model.c - lookups over the desired state: names, dependencies */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model.h"

int config_find(const struct config *c, const char *name)
{
	for (int i = 0; i < c->n_ifaces; i++)
		if (!strcmp(c->ifaces[i].name, name))
			return i;
	return -1;
}

/* Mark everything i needs in seen[]. seen[] doubles as the visited set, so
 * a cycle (only in a file that failed validation) cannot loop forever. */
static void mark_deps(const struct config *c, int i, bool *seen)
{
	const struct iface *f;

	if (i < 0 || i >= c->n_ifaces || seen[i])
		return;
	seen[i] = true;
	f = &c->ifaces[i];
	for (int k = 0; k < f->n_ports; k++)
		mark_deps(c, f->ports[k], seen);
	if (f->kind == IF_KIND_VLAN)
		mark_deps(c, f->vlan.parent, seen);
}

/* Without memory for a visited set: a plain walk, bounded by depth so a
 * cycle still ends. Slower on wide graphs, which only a fuzzer builds. */
static bool depends_slow(const struct config *c, int i, int j, int depth)
{
	const struct iface *f;

	if (i == j)
		return true;
	if (i < 0 || i >= c->n_ifaces || depth > c->n_ifaces)
		return false;
	f = &c->ifaces[i];
	for (int k = 0; k < f->n_ports; k++)
		if (depends_slow(c, f->ports[k], j, depth + 1))
			return true;
	return f->kind == IF_KIND_VLAN && depends_slow(c, f->vlan.parent, j, depth + 1);
}

bool config_depends_on(const struct config *c, int i, int j)
{
	bool *seen, r;

	if (i == j)
		return true;
	if (i < 0 || j < 0 || i >= c->n_ifaces || j >= c->n_ifaces)
		return false;
	seen = calloc((size_t)c->n_ifaces, sizeof(*seen));
	if (!seen)
		return depends_slow(c, i, j, 0);
	mark_deps(c, i, seen);
	r = seen[j];
	free(seen);
	return r;
}

void config_management_closure(const struct config *c, bool *need)
{
	memset(need, 0, (size_t)c->n_ifaces * sizeof(*need));
	mark_deps(c, c->management, need);
}

void config_free(struct config *c)
{
	if (!c)
		return;
	free(c->ifaces);
	c->ifaces = NULL;
	c->n_ifaces = 0;
}

const struct en_addr *iface_peer_for(const struct iface *f, const struct en_addr *a)
{
	int full = a->family == AF_INET ? 32 : 128;

	if (!f->peer.family || f->peer.family != a->family || a->prefix != full)
		return NULL;
	return &f->peer;
}
