/* model.c - lookups over the desired state: names, dependencies */
#include <errno.h>
#include <stdio.h>
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

int en_grow(void **arr, int n, int least, size_t size)
{
	void *p;

	if (n != 0 && (n < least || (n & (n - 1))))
		return 0;
	p = realloc(*arr, (size_t)(n ? n * 2 : least) * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

static int grow(void **arr, int n, size_t size)
{
	return en_grow(arr, n, 4, size);
}

int iface_add_addr(struct iface *f, const struct en_addr *a)
{
	if (grow((void **)&f->addrs, f->n_addrs, sizeof(*f->addrs)) < 0)
		return -ENOMEM;
	f->addrs[f->n_addrs++] = *a;
	return 0;
}

int iface_add_route(struct iface *f, const struct en_route *r)
{
	if (grow((void **)&f->routes, f->n_routes, sizeof(*f->routes)) < 0)
		return -ENOMEM;
	f->routes[f->n_routes++] = *r;
	return 0;
}

int iface_add_port(struct iface *f, int port)
{
	if (grow((void **)&f->ports, f->n_ports, sizeof(*f->ports)) < 0)
		return -ENOMEM;
	f->ports[f->n_ports++] = port;
	return 0;
}

static const struct vid_set *default_bridge_vids(void)
{
	static struct vid_set def;
	static bool made;

	if (!made) {
		vid_set_add(&def, 2, EN_VID_MAX);
		made = true;
	}
	return &def;
}

const struct vid_set *iface_bridge_vids(const struct iface *f)
{
	return f->br_vids ? f->br_vids : default_bridge_vids();
}

struct vid_set *iface_bridge_vids_set(struct iface *f)
{
	if (!f->br_vids) {
		f->br_vids = malloc(sizeof(*f->br_vids));
		if (f->br_vids)
			*f->br_vids = *default_bridge_vids();
	}
	return f->br_vids;
}

struct vid_set *iface_port_vids_set(struct iface *f)
{
	if (!f->pvlan.vids)
		f->pvlan.vids = calloc(1, sizeof(*f->pvlan.vids));
	return f->pvlan.vids;
}

void iface_free(struct iface *f)
{
	free(f->addrs);
	free(f->routes);
	free(f->ports);
	free(f->br_vids);
	free(f->pvlan.vids);
	f->addrs = NULL;
	f->routes = NULL;
	f->ports = NULL;
	f->br_vids = NULL;
	f->pvlan.vids = NULL;
	f->n_addrs = f->n_routes = f->n_ports = 0;
}

void config_free(struct config *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n_ifaces; i++)
		iface_free(&c->ifaces[i]);
	free(c->ifaces);
	c->ifaces = NULL;
	c->n_ifaces = 0;
}

void vid_set_add(struct vid_set *s, unsigned lo, unsigned hi)
{
	if (lo < 1)
		lo = 1;
	if (hi > EN_VID_MAX)
		hi = EN_VID_MAX;
	for (unsigned v = lo; v <= hi; v++)
		s->bits[v / 8] |= (uint8_t)(1u << (v % 8));
}

void vid_set_del(struct vid_set *s, unsigned id)
{
	if (id <= EN_VID_MAX)
		s->bits[id / 8] &= (uint8_t)~(1u << (id % 8));
}

bool vid_set_has(const struct vid_set *s, unsigned id)
{
	return id >= 1 && id <= EN_VID_MAX && (s->bits[id / 8] >> (id % 8)) & 1u;
}

bool vid_set_empty(const struct vid_set *s)
{
	for (size_t i = 0; i < sizeof(s->bits); i++)
		if (s->bits[i])
			return false;
	return true;
}

bool vid_set_equal(const struct vid_set *a, const struct vid_set *b)
{
	return !memcmp(a->bits, b->bits, sizeof(a->bits));
}

bool vid_set_next(const struct vid_set *s, unsigned *from, struct vid_range *r)
{
	unsigned v = *from < 1 ? 1 : *from;

	while (v <= EN_VID_MAX && !vid_set_has(s, v))
		v++;
	if (v > EN_VID_MAX)
		return false;
	r->lo = (uint16_t)v;
	while (v + 1 <= EN_VID_MAX && vid_set_has(s, v + 1))
		v++;
	r->hi = (uint16_t)v;
	*from = v + 1;
	return true;
}

void vid_set_words(const struct vid_set *s, char *buf, size_t len)
{
	struct vid_range r;
	unsigned from = 1;
	size_t n = 0;
	int w;

	if (!len)
		return;
	buf[0] = '\0';
	while (vid_set_next(s, &from, &r)) {
		char one[16];

		if (r.lo == r.hi)
			snprintf(one, sizeof(one), "%u", r.lo);
		else
			snprintf(one, sizeof(one), "%u-%u", r.lo, r.hi);
		if (n + strlen(one) + 1 + 4 >= len) {
			snprintf(buf + n, len - n, "%s...", n ? " " : "");
			return;
		}
		w = snprintf(buf + n, len - n, "%s%s", n ? " " : "", one);
		if (w < 0)
			return;
		n += (size_t)w;
	}
}

const struct en_addr *iface_peer_for(const struct iface *f, const struct en_addr *a)
{
	int full = a->family == AF_INET ? 32 : 128;

	if (!f->peer.family || f->peer.family != a->family || a->prefix != full)
		return NULL;
	return &f->peer;
}
