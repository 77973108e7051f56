/* topo.c - the topology tree and the JSON document of `earlynet status`
 *
 * Pure: works on a config and a snapshot, prints to a FILE. The tree puts
 * what an interface sits on below it: a bridge's or bond's ports, a VLAN's
 * parent. Roots are the interfaces nothing sits on. An interface below
 * several others (a bridge carrying six VLANs) is drawn in full once and
 * referred to after that. The JSON fields are documented in status.c.
 */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "compare.h"
#include "config.h"
#include "json.h"
#include "lacp.h"
#include "topo.h"

#define TOPO_MAX_DIFFS  12
#define TOPO_NAME_COL   20      /* where the details start */

struct node {
	char name[EN_NAME_MAX];
	int ci;                         /* index in config, -1: not in the file */
	const struct ks_link *l;        /* NULL: missing */
	int speed;                      /* Mb/s, -1 unknown */
	bool is_child, drawn;
	bool foreign;                   /* a port of a file's bridge or bond
	                                 * that the file does not mention: up
	                                 * leaves it alone, not a difference */
	char diff[TOPO_MAX_DIFFS][232];
	int n_diff;
};

enum edge_kind { EDGE_PORT, EDGE_VLAN_PARENT };

struct edge {
	int parent, child;
	enum edge_kind kind;
};

struct topo {
	const struct config *c;
	const struct kstate *k;
	struct node *nodes;
	int n_nodes, cap_nodes;
	struct edge *edges;
	int n_edges, cap_edges;
	bool utf8;
	FILE *out;
	const struct state_summary *last;
};

/* A bond port's LACP verdict, out of its bond's; NULL when l is no port
 * of an 802.3ad bond. v holds it. */
static const struct lacp_port *port_verdict(const struct kstate *k, const struct ks_link *l,
                                            struct lacp_verdict *v)
{
	const struct ks_link *m = l && l->master ? ks_link_by_index(k, l->master) : NULL;

	if (!m || m->kind != KS_KIND_BOND || m->bond.mode != BOND_MODE_8023AD)
		return NULL;
	lacp_evaluate(k, m, m->bond.min_links, v);
	for (int i = 0; i < v->n_port; i++)
		if (!strcmp(v->port[i].name, l->name))
			return &v->port[i];
	return NULL;
}

/* The LLDP neighbour the last run heard on this port, or NULL. */
static const char *last_neighbour(const struct topo *t, const char *name)
{
	if (!t->last)
		return NULL;
	for (int i = 0; i < t->last->n_ifaces; i++)
		if (!strcmp(t->last->ifaces[i].name, name) && t->last->ifaces[i].neighbour[0])
			return t->last->ifaces[i].neighbour;
	return NULL;
}

static char *mac_fmt(const uint8_t m[6], char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static bool mac_zero(const uint8_t m[6])
{
	static const uint8_t zero[6];

	return memcmp(m, zero, 6) == 0;
}

static int node_of_link(const struct topo *t, const struct ks_link *l)
{
	for (int i = 0; l && i < t->n_nodes; i++)
		if (t->nodes[i].l == l)
			return i;
	return -1;
}

static int node_of_conf(const struct topo *t, int ci)
{
	for (int i = 0; ci >= 0 && i < t->n_nodes; i++)
		if (t->nodes[i].ci == ci)
			return i;
	return -1;
}

static int add_node(struct topo *t, const char *name, int ci, const struct ks_link *l,
		    const int *speed)
{
	struct node *n;

	if (t->n_nodes == t->cap_nodes)
		return -ENOMEM;         /* sized for every link and section */
	n = &t->nodes[t->n_nodes];
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->ci = ci;
	n->l = l;
	n->speed = l && speed ? speed[l - t->k->links] : -1;
	return t->n_nodes++;
}

static void add_edge(struct topo *t, int parent, int child, enum edge_kind kind)
{
	if (parent < 0 || child < 0 || t->n_edges == t->cap_edges)
		return;
	for (int i = 0; i < t->n_edges; i++)
		if (t->edges[i].parent == parent && t->edges[i].child == child)
			return;
	t->edges[t->n_edges++] = (struct edge){ parent, child, kind };
	t->nodes[child].is_child = true;
}

static const struct ks_link *conf_link(const struct config *c, const struct kstate *k, int ci)
{
	const struct iface *f = &c->ifaces[ci];

	/* NICs are found by MAC: a NIC not renamed yet is still "the" link */
	if (f->kind == IF_KIND_LINK)
		return ks_link_by_mac(k, f->link.mac);
	return ks_link_by_name(k, f->name);
}

/* Nodes for the configured interfaces (or every link), then the ports the
 * kernel has that the file does not name, then the edges. */
static int build(struct topo *t, const int *speed)
{
	const struct config *c = t->c;
	const struct kstate *k = t->k;
	int r;

	if (c) {
		for (int i = 0; i < c->n_ifaces; i++)
			if ((r = add_node(t, c->ifaces[i].name, i, conf_link(c, k, i), speed)) < 0)
				return r;
	} else {
		for (int i = 0; i < k->n_links; i++)
			if (!(k->links[i].flags & IFF_LOOPBACK) &&
			    (r = add_node(t, k->links[i].name, -1, &k->links[i], speed)) < 0)
				return r;
	}
	/* the loop sees nodes added during it: ports of stray ports too */
	for (int i = 0; i < t->n_nodes; i++) {
		const struct ks_link *l = t->nodes[i].l;
		int ci = t->nodes[i].ci;

		if (c && ci >= 0) {
			const struct iface *f = &c->ifaces[ci];

			for (int p = 0; p < f->n_ports; p++)
				add_edge(t, i, node_of_conf(t, f->ports[p]), EDGE_PORT);
			if (f->kind == IF_KIND_VLAN)
				add_edge(t, i, node_of_conf(t, f->vlan.parent), EDGE_VLAN_PARENT);
		} else if (l && l->kind == KS_KIND_VLAN) {
			const struct ks_link *p = ks_link_by_index(k, l->vlan.parent);

			add_edge(t, i, node_of_link(t, p), EDGE_VLAN_PARENT);
		}
		if (!l)
			continue;
		for (int j = 0; j < k->n_links; j++) {
			const struct ks_link *p = &k->links[j];
			int n;

			if (p->master != l->ifindex)
				continue;
			n = node_of_link(t, p);
			if (n < 0 && (n = add_node(t, p->name, -1, p, speed)) < 0)
				return n;
			add_edge(t, i, n, EDGE_PORT);
		}
	}
	return 0;
}

static void diff(struct node *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diff(struct node *n, const char *fmt, ...)
{
	va_list ap;

	if (n->n_diff >= TOPO_MAX_DIFFS)
		return;
	va_start(ap, fmt);
	vsnprintf(n->diff[n->n_diff++], sizeof(n->diff[0]), fmt, ap);
	va_end(ap);
}

static const char *ks_kind_word(const struct ks_link *l)
{
	switch (l->kind) {
	case KS_KIND_BOND:
		return "bond";
	case KS_KIND_BRIDGE:
		return "bridge";
	case KS_KIND_VLAN:
		return "vlan";
	case KS_KIND_OTHER:
		break;
	}
	return l->kind_name[0] ? l->kind_name : "link";
}

static bool kind_matches(enum if_kind want, const struct ks_link *l)
{
	switch (want) {
	case IF_KIND_LINK:
		return l->kind == KS_KIND_OTHER;
	case IF_KIND_BOND:
		return l->kind == KS_KIND_BOND;
	case IF_KIND_BRIDGE:
		return l->kind == KS_KIND_BRIDGE;
	case IF_KIND_VLAN:
		return l->kind == KS_KIND_VLAN;
	}
	return false;
}

static const char *link_name(const struct kstate *k, int ifindex)
{
	const struct ks_link *l = ifindex > 0 ? ks_link_by_index(k, ifindex) : NULL;

	return l ? l->name : NULL;
}

static bool addr_equal(const struct en_addr *a, const struct en_addr *b, bool prefix)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && (!prefix || a->prefix == b->prefix) &&
	       memcmp(a->bytes, b->bytes, len) == 0;
}

static bool has_addr(const struct kstate *k, int ifindex, const struct en_addr *a)
{
	for (int i = ks_addr_first(k, ifindex); i >= 0; i = ks_addr_next(k, i))
		if (k->addrs[i].ifindex == ifindex && addr_equal(&k->addrs[i].addr, a, true))
			return true;
	return false;
}

/* The kernel's address a on ifindex has the peer the file gives it. */
static bool peer_as_file(const struct kstate *k, int ifindex, const struct iface *f,
			 const struct en_addr *a)
{
	const struct en_addr *want = iface_peer_for(f, a);

	for (int i = ks_addr_first(k, ifindex); i >= 0; i = ks_addr_next(k, i)) {
		const struct ks_addr *ka = &k->addrs[i];

		if (ka->ifindex != ifindex || !addr_equal(&ka->addr, a, true))
			continue;
		return want ? addr_equal(&ka->peer, want, false) : !ka->peer.family;
	}
	return false;
}

static bool has_route_to(const struct kstate *k, int ifindex, const struct en_route *rt)
{
	for (int i = 0; i < k->n_routes; i++)
		if (k->routes[i].ifindex == ifindex && k->routes[i].dst.prefix &&
		    addr_equal(&k->routes[i].dst, &rt->dst, true) &&
		    addr_equal(&k->routes[i].gw, &rt->gw, false))
			return true;
	return false;
}

static bool has_route(const struct kstate *k, int ifindex, const struct en_addr *gw)
{
	for (int i = 0; i < k->n_routes; i++)
		if (k->routes[i].ifindex == ifindex && !k->routes[i].dst.prefix &&
		    addr_equal(&k->routes[i].gw, gw, false))
			return true;
	return false;
}

static void diff_ethtool(struct node *n, const struct link_conf *lc, const struct ks_ethtool *e)
{
	const enum tristate want[FEAT_COUNT] = { lc->tso, lc->gso, lc->gro, lc->lro };
	static const char *const names[FEAT_COUNT] = { "tso", "gso", "gro", "lro" };

	if (!e->read)
		return;
	for (int f = 0; f < FEAT_COUNT; f++)
		if (want[f] != TRI_UNSET && e->feature[f] != TRI_UNSET && want[f] != e->feature[f])
			diff(n, "%s %s, file says %s%s", names[f], e->feature[f] ? "on" : "off",
			     want[f] ? "on" : "off", e->feature_fixed[f] ? " (fixed by the driver)" : "");
	if (!e->has_rings)
		return;
	/* a size above the maximum is clamped to it by design, not a drift */
	if (lc->rx_ring != EN_UNSET) {
		uint32_t w = e->rx_max && (uint32_t)lc->rx_ring > e->rx_max ? e->rx_max : (uint32_t)lc->rx_ring;

		if (w != e->rx)
			diff(n, "rx ring %u, file says %d", e->rx, lc->rx_ring);
	}
	if (lc->tx_ring != EN_UNSET) {
		uint32_t w = e->tx_max && (uint32_t)lc->tx_ring > e->tx_max ? e->tx_max : (uint32_t)lc->tx_ring;

		if (w != e->tx)
			diff(n, "tx ring %u, file says %d", e->tx, lc->tx_ring);
	}
}

/* Options as compare.c sees them, the same comparison the planner makes:
 * "lacp_rate slow, file says fast". */
static void diff_changes(struct node *n, const struct change *ch, int count)
{
	for (int i = 0; i < count; i++)
		diff(n, "%s %s, file says %s", ch[i].field, ch[i].have, ch[i].want);
}

/* The primary is named by the kernel by ifindex: compared by name here,
 * as the planner does (primary_differs). */
static void diff_primary(struct node *n, const struct kstate *k, const struct bond_conf *b,
			 const struct ks_bond *kb)
{
	if (b->primary[0]) {
		const struct ks_link *pl = kb->primary ? ks_link_by_index(k, kb->primary) : NULL;

		if (!pl || strcmp(pl->name, b->primary))
			diff(n, "primary %s, file says %s", pl ? pl->name : "none", b->primary);
	}
}

/* What differs from the file, and trouble worth a mark without one. */
/* The VLANs of a filtering bridge or of a port of one against the file's
 * (compare_vlans, as the planner compares them). */
static void diff_vids(struct node *n, const struct config *c, const struct ks_link *l,
		      const char *where)
{
	struct vlan_want want;
	struct vlan_change ch;
	unsigned f;
	char w[96];

	if (!l->has_vlans || !compare_vlan_want(c, n->ci, &want))
		return;
	f = compare_vlans(&want, l, &ch);
	if (f & VLAN_F_ADD) {
		vid_set_words(&ch.add, w, sizeof(w));
		diff(n, "vlans %s missing%s", w, where);
	}
	if (f & VLAN_F_PVID) {
		if (l->pvid == ch.pvid)
			diff(n, "pvid %u tagged, file says untagged", l->pvid);
		else if (l->pvid)
			diff(n, "pvid %u, file says %u", l->pvid, ch.pvid);
		else
			diff(n, "no pvid, file says %u", ch.pvid);
	}
	if (f & VLAN_F_TAG) {
		vid_set_words(&ch.tag, w, sizeof(w));
		diff(n, "vlans %s untagged%s, file says tagged", w, where);
	}
	if (f & VLAN_F_DEL) {
		vid_set_words(&ch.del, w, sizeof(w));
		diff(n, "vlans %s%s, not in the file", w, where);
	}
}

static void find_diffs(struct topo *t, struct node *n, const char *expected_master)
{
	const struct config *c = t->c;
	const struct kstate *k = t->k;
	const struct ks_link *l = n->l;
	const struct iface *f = c && n->ci >= 0 ? &c->ifaces[n->ci] : NULL;
	char a[64], pb[64];

	if (l && l->kind == KS_KIND_BOND && l->bond.mode == BOND_MODE_8023AD) {
		struct lacp_verdict v;

		lacp_evaluate(k, l, l->bond.min_links, &v);
		if (!v.converged)
			diff(n, "LACP not converged: %s", v.detail);
		else if (v.stray)
			diff(n, "LACP on %d of %d ports: %s", v.ready, v.ports, v.detail);
	}
	if (l) {
		struct lacp_verdict v;
		const struct lacp_port *p = port_verdict(k, l, &v);

		if (p && p->cause != LACP_OK)
			diff(n, "%s", p->why);
	}
	if (!c)
		return;
	if (!f) {
		if (l && expected_master)
			n->foreign = true;
		else
			diff(n, "not in the file");
		return;
	}
	if (!l) {
		diff(n, "missing");
		return;
	}
	if (strcmp(l->name, f->name) != 0)
		diff(n, "the NIC with this MAC is called %s", l->name);
	if (!kind_matches(f->kind, l)) {
		diff(n, "is a %s, file says %s", ks_kind_word(l), if_kind_name(f->kind));
		return;
	}
	if (f->kind == IF_KIND_LINK && !f->link.up) {
		if (l->flags & IFF_UP)
			diff(n, "up, file says up = no");
	} else if (!(l->flags & IFF_UP)) {
		diff(n, "down");
	} else if (!l->carrier && (f->kind != IF_KIND_LINK || f->link.require_carrier)) {
		diff(n, "no carrier");
	}
	if (f->mtu != EN_UNSET && f->mtu != l->mtu)
		diff(n, "mtu %d, file says %d", l->mtu, f->mtu);
	{
		const char *m = link_name(k, l->master);

		if (expected_master && !m)
			diff(n, "not enslaved to %s", expected_master);
		else if (!expected_master && m)
			diff(n, "enslaved to %s, not in the file", m);
		else if (expected_master && strcmp(m, expected_master) != 0)
			diff(n, "enslaved to %s, file says %s", m, expected_master);
		else if (f->master >= 0 && c->ifaces[f->master].kind == IF_KIND_BRIDGE &&
		         c->ifaces[f->master].bridge.vlan_aware)
			diff_vids(n, c, l, "");
	}
	switch (f->kind) {
	case IF_KIND_LINK:
		diff_ethtool(n, &f->link, &l->ethtool);
		break;
	case IF_KIND_BOND: {
		struct change ch[COMPARE_MAX_CHANGES];

		diff_changes(n, ch, compare_bond_words(&f->bond, &l->bond,
		                                       compare_bond(&f->bond, &l->bond), ch));
		diff_primary(n, k, &f->bond, &l->bond);
		break;
	}
	case IF_KIND_BRIDGE: {
		struct change ch[COMPARE_MAX_CHANGES];

		diff_changes(n, ch, compare_bridge_words(&f->bridge, &l->bridge,
		                                         compare_bridge(&f->bridge, &l->bridge), ch));
		if (f->bridge.vlan_aware && l->bridge.vlan_filtering)
			diff_vids(n, c, l, " on the bridge itself");
		break;
	}
	case IF_KIND_VLAN: {
		const char *p = link_name(k, l->vlan.parent);
		const char *want = f->vlan.parent >= 0 ? c->ifaces[f->vlan.parent].name : "";

		if (l->vlan.id != f->vlan.id)
			diff(n, "vlan id %u, file says %u", l->vlan.id, f->vlan.id);
		if (!p || strcmp(p, want) != 0)
			diff(n, "on %s, file says %s", p ? p : "?", want);
		break;
	}
	}
	for (int i = 0; i < f->n_addrs; i++)
		if (!has_addr(k, l->ifindex, &f->addrs[i]))
			diff(n, "address %s missing", en_addr_fmt(&f->addrs[i], true, a));
		else if (!peer_as_file(k, l->ifindex, f, &f->addrs[i]))
			diff(n, "address %s: peer is not %s", en_addr_fmt(&f->addrs[i], true, a),
			     iface_peer_for(f, &f->addrs[i]) ?
			     en_addr_fmt(iface_peer_for(f, &f->addrs[i]), false, pb) : "none");
	if (f->gw4.family && !has_route(k, l->ifindex, &f->gw4))
		diff(n, "no default route via %s", en_addr_fmt(&f->gw4, false, a));
	if (f->gw6.family && !has_route(k, l->ifindex, &f->gw6))
		diff(n, "no default route via %s", en_addr_fmt(&f->gw6, false, a));
	for (int i = 0; i < f->n_routes; i++)
		if (!has_route_to(k, l->ifindex, &f->routes[i]))
			diff(n, "no route %s via %s", en_addr_fmt(&f->routes[i].dst, true, a),
			     en_addr_fmt(&f->routes[i].gw, false, pb));
}

static void find_all_diffs(struct topo *t)
{
	for (int i = 0; i < t->n_nodes; i++) {
		const char *master = NULL;

		/* the master the file gives, or for a stray port the kernel's */
		for (int e = 0; e < t->n_edges; e++)
			if (t->edges[e].child == i && t->edges[e].kind == EDGE_PORT &&
			    t->nodes[t->edges[e].parent].ci >= 0)
				master = t->nodes[t->edges[e].parent].name;
		if (t->c && t->nodes[i].ci >= 0) {
			int m = t->c->ifaces[t->nodes[i].ci].master;

			master = m >= 0 ? t->c->ifaces[m].name : NULL;
		}
		find_diffs(t, &t->nodes[i], master);
	}
}

/* ---- text ---- */

struct line {
	char buf[512];
	size_t len;
	int col;                /* visible columns */
	bool empty;             /* no field on this line yet */
	const char *cont;       /* prefix for continuation lines */
	int cont_col;
};

/* Columns, not bytes: the box-drawing characters are three bytes each. */
static int width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void put(struct line *ln, const char *s)
{
	size_t n = strlen(s);

	if (ln->len + n >= sizeof(ln->buf))
		n = sizeof(ln->buf) - ln->len - 1;
	memcpy(ln->buf + ln->len, s, n);
	ln->len += n;
	ln->buf[ln->len] = '\0';
	ln->col += width(s);
}

static void pad_to(struct line *ln, int col)
{
	do
		put(ln, " ");
	while (ln->col < col);
}

static void flush(struct line *ln, FILE *out)
{
	while (ln->len > 0 && ln->buf[ln->len - 1] == ' ')
		ln->len--;
	fprintf(out, "%.*s\n", (int)ln->len, ln->buf);
	ln->len = 0;
	ln->col = 0;
	ln->buf[0] = '\0';
	put(ln, ln->cont);
	if (ln->col < ln->cont_col)
		pad_to(ln, ln->cont_col);
	ln->empty = true;
}

/* A field on the current line, or on the next when it does not fit or
 * wants a line of its own. */
static void field(struct line *ln, FILE *out, bool own_line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void field(struct line *ln, FILE *out, bool own_line, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!ln->empty && (own_line || ln->col + 2 + width(text) > TOPO_WIDTH))
		flush(ln, out);
	if (!ln->empty)
		put(ln, "  ");
	put(ln, text);
	ln->empty = false;
	if (own_line)
		flush(ln, out);
}

/* "!! TEXT" on lines of its own, a long text wrapped at spaces with its
 * continuation indented under the text. */
static void diff_field(struct line *ln, FILE *out, const char *text)
{
	int room = TOPO_WIDTH - ln->cont_col - 3 - 2;
	bool first = true;

	if (room < 20)
		room = 20;
	while (*text) {
		int n = (int)strlen(text);

		if (n > room) {
			n = room;
			while (n > room / 2 && text[n] != ' ')
				n--;
			if (text[n] != ' ')
				n = room;
		}
		field(ln, out, true, "%s%.*s", first ? "!! " : "   ", n, text);
		text += n;
		while (*text == ' ')
			text++;
		first = false;
	}
}

static const char *tristate_word(enum tristate v)
{
	return v == TRI_UNSET ? "?" : v ? "on" : "off";
}

static bool file_has_addr(const struct iface *f, const struct en_addr *a)
{
	for (int i = 0; i < f->n_addrs; i++)
		if (addr_equal(&f->addrs[i], a, true))
			return true;
	return false;
}

static void text_fields(struct topo *t, const struct node *n, struct line *ln)
{
	const struct kstate *k = t->k;
	const struct ks_link *l = n->l;
	const struct ks_link *m = l && l->master ? ks_link_by_index(k, l->master) : NULL;
	FILE *out = t->out;
	const struct iface *fi = t->c && n->ci >= 0 ? &t->c->ifaces[n->ci] : NULL;
	char a[64], mac[18], words[128];

	if (!l) {
		field(ln, out, false, "%s", t->c ? if_kind_name(t->c->ifaces[n->ci].kind) : "?");
		return;
	}
	if (l->kind == KS_KIND_VLAN)
		field(ln, out, false, "vlan %u", l->vlan.id);
	else
		field(ln, out, false, "%s", ks_kind_word(l));
	if (!(l->flags & IFF_UP))
		field(ln, out, false, "down");
	else
		field(ln, out, false, "up %s", l->carrier ? "carrier" : "no-carrier");
	field(ln, out, false, "%s", mac_fmt(l->mac, mac));
	field(ln, out, false, "mtu %d", l->mtu);
	if (n->speed > 0 && l->carrier)
		field(ln, out, false, "%dMb/s", n->speed);
	if (l->ethtool.read) {
		static const char *const names[FEAT_COUNT] = { "tso", "gso", "gro", "lro" };

		for (int f = 0; f < FEAT_COUNT; f++)
			if (l->ethtool.feature[f] != TRI_UNSET)
				field(ln, out, false, "%s %s", names[f],
				      tristate_word(l->ethtool.feature[f]));
		if (l->ethtool.has_rings)
			field(ln, out, false, "rings %u/%u (max %u/%u)", l->ethtool.rx,
			      l->ethtool.tx, l->ethtool.rx_max, l->ethtool.tx_max);
	}
	if (l->kind == KS_KIND_BOND) {
		const struct ks_bond *b = &l->bond;

		field(ln, out, false, "%s", bond_mode_name((enum bond_mode)b->mode));
		if (bond_hash_matters(b->mode))
			field(ln, out, false, "hash %s",
			      bond_hash_name((enum bond_hash)b->xmit_hash_policy));
		if (b->mode == BOND_MODE_8023AD)
			field(ln, out, false, "lacp %s",
			      bond_lacp_rate_name((enum bond_lacp_rate)b->lacp_rate));
		field(ln, out, false, "miimon %d", b->miimon);
		if (b->primary && ks_link_by_index(k, b->primary))
			field(ln, out, false, "primary %s", ks_link_by_index(k, b->primary)->name);
		if (b->min_links)
			field(ln, out, false, "min_links %d", b->min_links);
		if (b->mode == BOND_MODE_8023AD && b->has_ad_info) {
			field(ln, out, false, "aggregator %u", b->ad_aggregator);
			if (mac_zero(b->ad_partner_mac))
				field(ln, out, false, "no partner");
			else
				field(ln, out, false, "partner %s", mac_fmt(b->ad_partner_mac, mac));
		}
	}
	if (l->kind == KS_KIND_BRIDGE) {
		field(ln, out, false, "stp %s", l->bridge.stp ? "on" : "off");
		if (l->bridge.vlan_filtering)
			field(ln, out, false, "vlan-aware");
	}
	/* VLANs of a filtering bridge and of its ports, the pvid marked */
	if (l->has_vlans && ((l->kind == KS_KIND_BRIDGE && l->bridge.vlan_filtering) ||
	                     (m && m->kind == KS_KIND_BRIDGE && m->bridge.vlan_filtering))) {
		char v[96];

		vid_set_words(&l->vlans->vids, v, sizeof(v));
		field(ln, out, true, "vlans %s%s", v, l->pvid ? "" : " (no pvid)");
		if (l->pvid)
			field(ln, out, false, "pvid %u%s", l->pvid,
			      vid_set_has(&l->vlans->untagged, l->pvid) ? " untagged" : "");
	}
	if (m && m->kind == KS_KIND_BOND && l->port.valid) {
		const struct ks_bond_port *p = &l->port;

		if (m->bond.mode == BOND_MODE_8023AD) {
			field(ln, out, false, "aggregator %u%s", p->ad_aggregator_id,
			      m->bond.has_ad_info && p->ad_aggregator_id != m->bond.ad_aggregator
			      ? " (not the active one)" : "");
			field(ln, out, true, "actor: %s",
			      lacp_state_words(p->ad_actor_oper_port_state, words, sizeof(words)));
			field(ln, out, true, "partner: %s",
			      lacp_state_words(p->ad_partner_oper_port_state, words, sizeof(words)));
			if (p->has_proc && !mac_zero(p->partner_system))
				field(ln, out, false, "partner system %s key %u port %u",
				      mac_fmt(p->partner_system, mac), p->partner_key, p->partner_port);
			if (last_neighbour(t, l->name))
				field(ln, out, false, "-> %s", last_neighbour(t, l->name));
		} else {
			field(ln, out, false, "%s", p->state == 0 ? "active" : "backup");
		}
	}
	for (int i = ks_addr_first(k, l->ifindex); i >= 0; i = ks_addr_next(k, i)) {
		const struct en_addr *ad = &k->addrs[i].addr;

		if (k->addrs[i].ifindex != l->ifindex)
			continue;
		/* every IPv6 link has one; it says nothing */
		if (ad->family == AF_INET6 && ad->bytes[0] == 0xfe && (ad->bytes[1] & 0xc0) == 0x80)
			continue;
		/* up leaves an address the file does not give (a VIP, one
		 * added by hand): say so, it is not a difference */
		if (k->addrs[i].peer.family) {
			char pb[64];

			field(ln, out, false, "%s peer %s%s", en_addr_fmt(ad, true, a),
			      en_addr_fmt(&k->addrs[i].peer, false, pb),
			      fi && !file_has_addr(fi, ad) ? " (not in the file)" : "");
		} else {
			field(ln, out, false, "%s%s", en_addr_fmt(ad, true, a),
			      fi && !file_has_addr(fi, ad) ? " (not in the file)" : "");
		}
	}
	for (int i = 0; i < k->n_routes; i++) {
		char db[64];

		if (k->routes[i].ifindex != l->ifindex)
			continue;
		if (k->routes[i].dst.prefix)
			field(ln, out, false, "route %s via %s", en_addr_fmt(&k->routes[i].dst, true, db),
			      en_addr_fmt(&k->routes[i].gw, false, a));
		else
			field(ln, out, false, "default via %s", en_addr_fmt(&k->routes[i].gw, false, a));
	}
}

static void draw(struct topo *t, int i, const char *prefix, const char *branch, bool last);

static void draw_children(struct topo *t, int i, const char *prefix)
{
	int last = -1;

	for (int e = 0; e < t->n_edges; e++)
		if (t->edges[e].parent == i)
			last = e;
	for (int e = 0; e <= last; e++) {
		if (t->edges[e].parent != i)
			continue;
		draw(t, t->edges[e].child, prefix,
		     e == last ? (t->utf8 ? "└─ " : "`- ") : (t->utf8 ? "├─ " : "|- "), e == last);
	}
}

static bool has_children(const struct topo *t, int i)
{
	for (int e = 0; e < t->n_edges; e++)
		if (t->edges[e].parent == i)
			return true;
	return false;
}

static void draw(struct topo *t, int i, const char *prefix, const char *branch, bool last)
{
	struct node *n = &t->nodes[i];
	char kid_prefix[256], cont[260];
	struct line ln = { .empty = true };
	bool kids = has_children(t, i);

	snprintf(kid_prefix, sizeof(kid_prefix), "%s%s", prefix,
		 !branch[0] ? "" : last ? "   " : (t->utf8 ? "│  " : "|  "));
	snprintf(cont, sizeof(cont), "%s%s", kid_prefix, kids ? (t->utf8 ? "│" : "|") : "");
	ln.cont = cont;
	ln.cont_col = TOPO_NAME_COL;
	put(&ln, prefix);
	put(&ln, branch);
	put(&ln, n->name);
	pad_to(&ln, TOPO_NAME_COL);
	if (n->drawn) {
		ln.cont = "";
		field(&ln, t->out, false, "(shown above)");
		flush(&ln, t->out);
		return;
	}
	n->drawn = true;
	text_fields(t, n, &ln);
	if (n->foreign)
		field(&ln, t->out, false, "not in the file, left as it is");
	for (int d = 0; d < n->n_diff; d++)
		diff_field(&ln, t->out, n->diff[d]);
	if (!ln.empty)
		flush(&ln, t->out);
	draw_children(t, i, kid_prefix);
}

static void text_last(const struct state_summary *s, FILE *out)
{
	char when[64] = "";
	time_t ts = s->started_at;
	struct tm tm;

	if (s->started_at > 0 && gmtime_r(&ts, &tm))
		strftime(when, sizeof(when), ", started %Y-%m-%d %H:%M:%S UTC", &tm);
	fprintf(out, "last run: %s -> %s (exit %d)%s\n", s->command, s->result, s->exit_code, when);
	if (s->reason[0])
		fprintf(out, "  reason: %s\n", s->reason);
	fprintf(out, "  timings: read %.1f ms, rename %.1f ms, apply %.1f ms,\n"
		"           carrier wait %.1f ms, lacp wait %.1f ms, total %.1f ms\n",
		s->ms_read, s->ms_rename, s->ms_apply, s->ms_carrier_wait, s->ms_lacp_wait,
		s->ms_total);
	fprintf(out, "  netlink requests: %u\n", s->netlink_requests);
	for (int i = 0; i < s->n_ifaces; i++)
		if (strcmp(s->ifaces[i].outcome, "up") != 0 && strcmp(s->ifaces[i].outcome, "down") != 0)
			fprintf(out, "  %s: %s%s%s\n", s->ifaces[i].name, s->ifaces[i].outcome,
				s->ifaces[i].detail[0] ? ": " : "", s->ifaces[i].detail);
}

static void print_text(struct topo *t, const struct state_summary *last)
{
	for (int i = 0; i < t->n_nodes; i++)
		if (!t->nodes[i].is_child)
			draw(t, i, "", "", true);
	/* only a cycle leaves nodes undrawn; never lose one */
	for (int i = 0; i < t->n_nodes; i++)
		if (!t->nodes[i].drawn)
			draw(t, i, "", "", true);
	fputc('\n', t->out);
	if (last)
		text_last(last, t->out);
	else
		fprintf(t->out, "last run: none recorded\n");
}

/* ---- JSON ---- */

static void json_mac(struct json *j, const char *key, const uint8_t m[6], bool have)
{
	char mac[18];

	json_kv_string(j, key, have ? mac_fmt(m, mac) : NULL);
}

static void json_state_words(struct json *j, const char *key, unsigned state)
{
	char words[128];

	json_kv_string(j, key, lacp_state_words(state, words, sizeof(words)));
}

/* VLAN ids as ranges: ["1", "10-20"] */
static void json_vid_ranges(struct json *j, const char *key, const struct vid_set *s)
{
	struct vid_range r;
	unsigned from = 1;
	char one[16];

	json_key(j, key);
	json_begin_array(j);
	while (vid_set_next(s, &from, &r)) {
		if (r.lo == r.hi)
			snprintf(one, sizeof(one), "%u", r.lo);
		else
			snprintf(one, sizeof(one), "%u-%u", r.lo, r.hi);
		json_string(j, one);
	}
	json_end_array(j);
}

static void json_link_details(struct topo *t, struct json *j, const struct ks_link *l)
{
	const struct kstate *k = t->k;
	const struct ks_link *m = l->master ? ks_link_by_index(k, l->master) : NULL;
	static const char *const names[FEAT_COUNT] = { "tso", "gso", "gro", "lro" };

	if (l->kind == KS_KIND_VLAN) {
		json_key(j, "vlan");
		json_begin_object(j);
		json_kv_int(j, "id", l->vlan.id);
		json_kv_string(j, "parent", link_name(k, l->vlan.parent));
		json_end_object(j);
	}
	if (l->kind == KS_KIND_BOND) {
		const struct ks_bond *b = &l->bond;
		struct lacp_verdict v;

		json_key(j, "bond");
		json_begin_object(j);
		json_kv_string(j, "mode", bond_mode_name((enum bond_mode)b->mode));
		json_kv_string(j, "xmit_hash_policy", bond_hash_name((enum bond_hash)b->xmit_hash_policy));
		json_kv_string(j, "lacp_rate", bond_lacp_rate_name((enum bond_lacp_rate)b->lacp_rate));
		json_kv_string(j, "ad_select", bond_ad_select_name((enum bond_ad_select)b->ad_select));
		json_kv_int(j, "miimon", b->miimon);
		json_kv_int(j, "min_links", b->min_links);
		json_kv_int(j, "updelay", b->updelay);
		json_kv_int(j, "downdelay", b->downdelay);
		json_kv_string(j, "primary", b->primary && ks_link_by_index(k, b->primary) ?
			       ks_link_by_index(k, b->primary)->name : "");
		if (b->mode == BOND_MODE_8023AD) {
			lacp_evaluate(k, l, b->min_links, &v);
			json_key(j, "aggregator");
			if (b->has_ad_info)
				json_int(j, b->ad_aggregator);
			else
				json_null(j);
			json_mac(j, "partner_mac", b->ad_partner_mac,
				 b->has_ad_info && !mac_zero(b->ad_partner_mac));
			json_kv_bool(j, "lacp_converged", v.converged);
			json_kv_int(j, "lacp_ready_ports", v.ready);
			json_kv_string(j, "lacp_detail", v.detail);
		}
		json_end_object(j);
	}
	if (m && m->kind == KS_KIND_BOND && l->port.valid) {
		const struct ks_bond_port *p = &l->port;

		json_key(j, "bond_port");
		json_begin_object(j);
		json_kv_bool(j, "active", p->state == 0);
		json_kv_bool(j, "mii_up", p->mii_status == 0);
		json_mac(j, "permanent_mac", p->perm_hwaddr, p->has_perm_hwaddr);
		if (m->bond.mode == BOND_MODE_8023AD) {
			json_kv_int(j, "aggregator", p->ad_aggregator_id);
			json_kv_bool(j, "in_active_aggregator", m->bond.has_ad_info &&
				     p->ad_aggregator_id == m->bond.ad_aggregator);
			json_kv_int(j, "actor_state", p->ad_actor_oper_port_state);
			json_state_words(j, "actor_state_words", p->ad_actor_oper_port_state);
			json_kv_int(j, "partner_state", p->ad_partner_oper_port_state);
			json_state_words(j, "partner_state_words", p->ad_partner_oper_port_state);
			{
				struct lacp_verdict v;
				const struct lacp_port *lp = port_verdict(k, l, &v);
				const char *nb = last_neighbour(t, l->name);

				json_kv_string(j, "lacp", lp ? lacp_cause_word(lp->cause) : NULL);
				json_kv_string(j, "lacp_why", lp && lp->cause != LACP_OK ? lp->why : "");
				json_mac(j, "partner_system", p->partner_system,
				         p->has_proc && !mac_zero(p->partner_system));
				json_key(j, "partner_key");
				if (p->has_proc)
					json_int(j, p->partner_key);
				else
					json_null(j);
				json_kv_string(j, "neighbour", nb);
			}
		}
		json_end_object(j);
	}
	if (l->kind == KS_KIND_BRIDGE) {
		json_key(j, "bridge");
		json_begin_object(j);
		json_kv_bool(j, "stp", l->bridge.stp);
		json_kv_int(j, "forward_delay", l->bridge.forward_delay);
		json_kv_bool(j, "vlan_filtering", l->bridge.vlan_filtering);
		json_end_object(j);
	}
	if (l->has_vlans && ((l->kind == KS_KIND_BRIDGE && l->bridge.vlan_filtering) ||
	                     (m && m->kind == KS_KIND_BRIDGE && m->bridge.vlan_filtering))) {
		json_key(j, "vlans");
		json_begin_object(j);
		json_vid_ranges(j, "vids", &l->vlans->vids);
		json_key(j, "pvid");
		if (l->pvid)
			json_int(j, l->pvid);
		else
			json_null(j);
		json_vid_ranges(j, "untagged", &l->vlans->untagged);
		json_end_object(j);
	}
	if (l->ethtool.read) {
		json_key(j, "ethtool");
		json_begin_object(j);
		for (int f = 0; f < FEAT_COUNT; f++)
			json_kv_string(j, names[f], l->ethtool.feature[f] == TRI_UNSET ? NULL
				       : l->ethtool.feature[f] ? "on" : "off");
		if (l->ethtool.has_rings) {
			json_kv_int(j, "rx_ring", l->ethtool.rx);
			json_kv_int(j, "tx_ring", l->ethtool.tx);
			json_kv_int(j, "rx_ring_max", l->ethtool.rx_max);
			json_kv_int(j, "tx_ring_max", l->ethtool.tx_max);
		}
		json_end_object(j);
	}
}

static void json_node(struct topo *t, struct json *j, int i)
{
	const struct node *n = &t->nodes[i];
	const struct kstate *k = t->k;
	const struct ks_link *l = n->l;
	char a[64], mac[18];

	json_begin_object(j);
	json_kv_string(j, "name", n->name);
	json_kv_string(j, "kind", l ? (l->kind == KS_KIND_OTHER && !l->kind_name[0] ? "link"
				       : ks_kind_word(l))
				    : if_kind_name(t->c->ifaces[n->ci].kind));
	json_kv_bool(j, "configured", n->ci >= 0);
	json_kv_bool(j, "present", l != NULL);
	if (l) {
		json_kv_string(j, "kernel_name", l->name);
		json_kv_int(j, "ifindex", l->ifindex);
		json_kv_string(j, "mac", mac_fmt(l->mac, mac));
		json_mac(j, "permanent_mac", l->perm_mac, l->has_perm_mac);
		json_kv_bool(j, "up", l->flags & IFF_UP);
		json_kv_bool(j, "carrier", l->carrier);
		json_kv_int(j, "mtu", l->mtu);
		json_key(j, "speed_mbps");
		if (n->speed > 0)
			json_int(j, n->speed);
		else
			json_null(j);
		json_kv_string(j, "master", link_name(k, l->master));
	}
	json_key(j, "ports");
	json_begin_array(j);
	for (int e = 0; e < t->n_edges; e++)
		if (t->edges[e].parent == i && t->edges[e].kind == EDGE_PORT)
			json_string(j, t->nodes[t->edges[e].child].name);
	json_end_array(j);
	if (l)
		json_link_details(t, j, l);
	json_key(j, "addresses");
	json_begin_array(j);
	for (int x = l ? ks_addr_first(k, l->ifindex) : -1; x >= 0; x = ks_addr_next(k, x))
		if (k->addrs[x].ifindex == l->ifindex)
			json_string(j, en_addr_fmt(&k->addrs[x].addr, true, a));
	json_end_array(j);
	json_key(j, "default_routes");
	json_begin_array(j);
	for (int x = 0; l && x < k->n_routes; x++)
		if (k->routes[x].ifindex == l->ifindex && !k->routes[x].dst.prefix)
			json_string(j, en_addr_fmt(&k->routes[x].gw, false, a));
	json_end_array(j);
	json_key(j, "routes");
	json_begin_array(j);
	for (int x = 0; l && x < k->n_routes; x++) {
		char db[64], line[160];

		if (k->routes[x].ifindex != l->ifindex || !k->routes[x].dst.prefix)
			continue;
		snprintf(line, sizeof(line), "%s via %s", en_addr_fmt(&k->routes[x].dst, true, db),
			 en_addr_fmt(&k->routes[x].gw, false, a));
		json_string(j, line);
	}
	json_end_array(j);
	json_key(j, "differences");
	json_begin_array(j);
	for (int d = 0; d < n->n_diff; d++)
		json_string(j, n->diff[d]);
	json_end_array(j);
	json_end_object(j);
}

static void json_last(struct json *j, const struct state_summary *s)
{
	json_key(j, "last_run");
	if (!s) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kv_string(j, "command", s->command);
	json_kv_string(j, "result", s->result);
	json_kv_int(j, "exit_code", s->exit_code);
	json_kv_string(j, "reason", s->reason);
	json_kv_string(j, "config", s->config_path);
	json_kv_int(j, "started_at", s->started_at);
	json_kv_int(j, "finished_at", s->finished_at);
	json_kv_int(j, "netlink_requests", s->netlink_requests);
	json_key(j, "timings_ms");
	json_begin_object(j);
	json_kv_double(j, "read", s->ms_read);
	json_kv_double(j, "rename", s->ms_rename);
	json_kv_double(j, "apply", s->ms_apply);
	json_kv_double(j, "carrier_wait", s->ms_carrier_wait);
	json_kv_double(j, "lacp_wait", s->ms_lacp_wait);
	json_kv_double(j, "total", s->ms_total);
	json_end_object(j);
	json_key(j, "interfaces");
	json_begin_array(j);
	for (int i = 0; i < s->n_ifaces; i++) {
		json_begin_object(j);
		json_kv_string(j, "name", s->ifaces[i].name);
		json_kv_string(j, "outcome", s->ifaces[i].outcome);
		json_kv_string(j, "detail", s->ifaces[i].detail);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

/* Tree order, each interface once, so that the list reads like the tree. */
static void json_walk(struct topo *t, struct json *j, int i)
{
	if (t->nodes[i].drawn)
		return;
	t->nodes[i].drawn = true;
	json_node(t, j, i);
	for (int e = 0; e < t->n_edges; e++)
		if (t->edges[e].parent == i)
			json_walk(t, j, t->edges[e].child);
}

static void print_json(struct topo *t, const struct state_summary *last)
{
	struct json j;

	json_init(&j, t->out, true);
	json_begin_object(&j);
	json_kv_int(&j, "version", 1);
	json_kv_string(&j, "config", t->c ? t->c->path : NULL);
	json_key(&j, "interfaces");
	json_begin_array(&j);
	for (int i = 0; i < t->n_nodes; i++)
		if (!t->nodes[i].is_child)
			json_walk(t, &j, i);
	for (int i = 0; i < t->n_nodes; i++)
		json_walk(t, &j, i);
	json_end_array(&j);
	json_last(&j, last);
	json_end_object(&j);
	json_finish(&j);
}

int topo_print(const struct config *c, const struct kstate *k, const int *speed,
	       const struct state_summary *last, bool json, bool utf8, FILE *out)
{
	struct topo t = { .c = c, .k = k, .utf8 = utf8, .out = out, .last = last };
	int ret;

	t.cap_nodes = (c ? c->n_ifaces : 0) + k->n_links;
	/* a port of its master in the file and of another in the kernel,
	 * and a VLAN parent: three edges per interface at most */
	t.cap_edges = 3 * t.cap_nodes;
	t.nodes = calloc(t.cap_nodes ? t.cap_nodes : 1, sizeof(*t.nodes));
	t.edges = calloc(t.cap_edges ? t.cap_edges : 1, sizeof(*t.edges));
	if (!t.nodes || !t.edges) {
		ret = -ENOMEM;
		goto out;
	}
	ret = build(&t, speed);
	if (ret < 0)
		goto out;
	find_all_diffs(&t);
	if (json)
		print_json(&t, last);
	else
		print_text(&t, last);
	ret = fflush(out) == 0 && !ferror(out) ? 0 : -EIO;
out:
	free(t.nodes);
	free(t.edges);
	return ret;
}
