/* validate.c - whole-file checks: references, membership, cycles, routes */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config-priv.h"

static const char *kind_of(const struct config *c, int i)
{
	return if_kind_name(c->ifaces[i].kind);
}

/* Names in a list value: blanks (and commas, as people write them). */
static char *next_word(char **s)
{
	char *w;

	*s += strspn(*s, " \t,");
	if (!**s)
		return NULL;
	w = *s;
	*s += strcspn(*s, " \t,");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

/* Turn the ports/slaves lists into indices, and set each member's master. */
static void resolve_ports(struct conf_parser *p, int i)
{
	struct config *c = p->c;
	struct iface *f = &c->ifaces[i];
	struct conf_pif *pf = &p->pif[i];
	const char *key = pf->ports_key;
	char list[sizeof(pf->ports)], *s = list, *w;

	if (!pf->ports_line)
		return;
	memcpy(list, pf->ports, sizeof(list));
	while ((w = next_word(&s))) {
		int j = conf_find(p, w), k;

		if (j < 0) {
			if (!conf_name_valid(w))
				conf_error(p, pf->ports_line, "%s: \"%s\" is not an interface name", key, w);
			else if (!conf_is_bad_name(p, w))
				conf_error(p, pf->ports_line, "%s: \"%s\" is not defined in this file", key, w);
			continue;
		}
		if (j == i) {
			conf_error(p, pf->ports_line, "%s: \"%s\" cannot be a port of itself", key, w);
			continue;
		}
		if (f->kind == IF_KIND_BOND && c->ifaces[j].kind != IF_KIND_LINK) {
			conf_error(p, pf->ports_line, "%s: \"%s\" is a %s; bond slaves must be [link]s",
				   key, w, kind_of(c, j));
			continue;
		}
		if (f->kind == IF_KIND_BRIDGE && c->ifaces[j].kind == IF_KIND_BRIDGE) {
			conf_error(p, pf->ports_line, "%s: \"%s\" is a bridge; a bridge cannot be a port of another bridge",
				   key, w);
			continue;
		}
		for (k = 0; k < f->n_ports && f->ports[k] != j; k++)
			;
		if (k < f->n_ports) {
			conf_error(p, pf->ports_line, "%s: \"%s\" is listed twice", key, w);
			continue;
		}
		if (c->ifaces[j].master >= 0) {
			int m = c->ifaces[j].master;

			conf_error(p, pf->ports_line, "%s: \"%s\" is already a port of %s %s (line %d); an interface can have one master",
				   key, w, kind_of(c, m), c->ifaces[m].name, p->pif[m].ports_line);
			continue;
		}
		if (f->n_ports == EN_MAX_PORTS) {
			conf_error(p, pf->ports_line, "%s: more than %d ports", key, EN_MAX_PORTS);
			break;
		}
		if (iface_add_port(f, j) < 0) {
			p->oom = 1;
			break;
		}
		c->ifaces[j].master = i;
	}
}

static void resolve_vlan(struct conf_parser *p, int i)
{
	struct config *c = p->c;
	struct iface *f = &c->ifaces[i];
	struct conf_pif *pf = &p->pif[i];
	bool derived = pf->link_line == f->line;
	int j;

	if (!pf->link_line)
		return;
	j = conf_find(p, pf->link);
	if (j == i) {
		conf_error(p, pf->link_line, "link: \"%s\" cannot be the parent of itself", pf->link);
	} else if (j < 0 && !conf_name_valid(pf->link)) {
		conf_error(p, pf->link_line, "[vlan %s]: parent \"%s\" (from the name) is not an interface name",
			   f->name, pf->link);
	} else if (j < 0 && !conf_is_bad_name(p, pf->link)) {
		if (derived)
			conf_error(p, pf->link_line, "[vlan %s]: parent \"%s\" (from the name) is not defined in this file",
				   f->name, pf->link);
		else
			conf_error(p, pf->link_line, "link: \"%s\" is not defined in this file", pf->link);
	} else if (j >= 0) {
		f->vlan.parent = j;
	}
}

static void resolve_management(struct conf_parser *p)
{
	struct config *c = p->c;

	if (!p->management_line)
		return;
	c->management = conf_find(p, p->management);
	if (c->management < 0 && !conf_is_bad_name(p, p->management))
		conf_error(p, p->management_line, "management: \"%s\" is not defined in this file",
			   p->management);
}

/* Depth-first over "needs" edges (master -> port, vlan -> parent); an edge
 * to an interface still on the path closes a cycle. */
struct dfs {
	struct conf_parser *p;
	unsigned char *state; /* 0 new, 1 on the path, 2 done */
	int *path;
	int depth;
};

static void cycle_report(struct dfs *d, int to, int line, const char *key)
{
	const struct config *c = d->p->c;
	char text[512];
	size_t len = 0;
	int k = d->depth - 1;

	while (k > 0 && d->path[k] != to)
		k--;
	for (; k < d->depth && len < sizeof(text); k++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s -> ",
					c->ifaces[d->path[k]].name);
	if (len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, "%s", c->ifaces[to].name);
	conf_error(d->p, line, "%s: \"%s\" makes a dependency cycle: %s",
		   key, c->ifaces[to].name, text);
}

static void dfs_visit(struct dfs *d, int i)
{
	const struct config *c = d->p->c;
	const struct iface *f = &c->ifaces[i];
	const struct conf_pif *pf = &d->p->pif[i];

	d->state[i] = 1;
	d->path[d->depth++] = i;
	for (int k = 0; k < f->n_ports; k++) {
		int j = f->ports[k];

		if (d->state[j] == 1)
			cycle_report(d, j, pf->ports_line, pf->ports_key);
		else if (!d->state[j])
			dfs_visit(d, j);
	}
	if (f->kind == IF_KIND_VLAN && f->vlan.parent >= 0) {
		int j = f->vlan.parent;

		if (d->state[j] == 1)
			cycle_report(d, j, pf->link_line, "link");
		else if (!d->state[j])
			dfs_visit(d, j);
	}
	d->depth--;
	d->state[i] = 2;
}

static void check_cycles(struct conf_parser *p)
{
	int n = p->c->n_ifaces;
	struct dfs d = { .p = p };

	if (!n)
		return;
	d.state = calloc((size_t)n, 1);
	d.path = calloc((size_t)n, sizeof(int));
	if (!d.state || !d.path) {
		p->oom = 1;
		goto out;
	}
	for (int i = 0; i < n; i++)
		if (!d.state[i])
			dfs_visit(&d, i);
out:
	free(d.state);
	free(d.path);
}

/* Interfaces that share a key (a MAC; a parent and VLAN id): sorted, so
 * that thousands of them cost no pairwise comparison. */
struct keyed {
	uint8_t key[6];
	int i;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int r = memcmp(x->key, y->key, sizeof(x->key));

	return r ? r : (x->i > y->i) - (x->i < y->i);
}

/* report(p, j, i) for every interface j whose key interface i, the first
 * in the file with it, has too. */
static void report_same(struct conf_parser *p, struct keyed *ks, int n,
			void (*report)(struct conf_parser *, int, int))
{
	qsort(ks, (size_t)n, sizeof(*ks), keyed_cmp);
	for (int k = 1, first = 0; k < n; k++) {
		if (memcmp(ks[k].key, ks[first].key, sizeof(ks[k].key)))
			first = k;
		else
			report(p, ks[k].i, ks[first].i);
	}
}

static void vlan_id_taken(struct conf_parser *p, int j, int i)
{
	const struct iface *a = &p->c->ifaces[i], *b = &p->c->ifaces[j];

	conf_error(p, p->pif[j].id_line, "[vlan %s]: VLAN %u on %s is already %s (line %d)",
		   b->name, b->vlan.id, p->c->ifaces[b->vlan.parent].name, a->name, a->line);
}

static void mac_taken(struct conf_parser *p, int j, int i)
{
	const uint8_t *m = p->c->ifaces[j].link.mac;

	conf_error(p, conf_key_line(p, j, "mac"),
		   "mac: \"%02x:%02x:%02x:%02x:%02x:%02x\" is already the MAC of %s (line %d)",
		   m[0], m[1], m[2], m[3], m[4], m[5], p->c->ifaces[i].name,
		   conf_key_line(p, i, "mac"));
}

static void check_vlan_ids(struct conf_parser *p)
{
	const struct config *c = p->c;
	struct keyed *ks = calloc((size_t)c->n_ifaces + 1, sizeof(*ks));
	int n = 0;

	if (!ks) {
		p->oom = 1;
		return;
	}
	for (int j = 0; j < c->n_ifaces; j++) {
		const struct iface *b = &c->ifaces[j];
		uint32_t parent = (uint32_t)b->vlan.parent;

		if (b->kind != IF_KIND_VLAN || b->vlan.parent < 0 || !b->vlan.id)
			continue;
		memcpy(ks[n].key, &parent, 4);
		memcpy(ks[n].key + 4, &b->vlan.id, 2);
		ks[n++].i = j;
	}
	report_same(p, ks, n, vlan_id_taken);
	free(ks);
}

static void check_macs(struct conf_parser *p)
{
	const struct config *c = p->c;
	static const uint8_t zero[6];
	struct keyed *ks = calloc((size_t)c->n_ifaces + 1, sizeof(*ks));
	int n = 0;

	if (!ks) {
		p->oom = 1;
		return;
	}
	for (int j = 0; j < c->n_ifaces; j++) {
		const struct iface *b = &c->ifaces[j];

		if (b->kind != IF_KIND_LINK || !memcmp(b->link.mac, zero, 6))
			continue;
		memcpy(ks[n].key, b->link.mac, 6);
		ks[n++].i = j;
	}
	report_same(p, ks, n, mac_taken);
	free(ks);
}

static bool in_subnet(const struct en_addr *net, const struct en_addr *ip)
{
	int bits = net->prefix;

	for (int k = 0; bits > 0; k++, bits -= 8) {
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		if ((net->bytes[k] & mask) != (ip->bytes[k] & mask))
			return false;
	}
	return true;
}

/* Is there an address the peer goes with (a /32 or /128 of its family)? */
static bool has_peer_address(const struct iface *f)
{
	for (int k = 0; k < f->n_addrs; k++)
		if (iface_peer_for(f, &f->addrs[k]))
			return true;
	return false;
}

static void check_peer(struct conf_parser *p, const struct iface *f)
{
	char buf[50];
	int v = f->peer.family == AF_INET ? 4 : 6;

	if (!f->peer.family || has_peer_address(f))
		return;
	conf_error(p, f->peer.line, "peer: \"%s\" needs an IPv%d address /%d on %s to be the far end of",
		   en_addr_fmt(&f->peer, false, buf), v, v == 4 ? 32 : 128, f->name);
}

static void check_gateway_key(struct conf_parser *p, const struct iface *f,
			      const struct en_addr *gw, const char *key)
{
	char buf[50];
	int v = gw->family == AF_INET ? 4 : 6;
	bool have = false;

	if (!gw->family)
		return;
	/* fe80::/10 is on every IPv6 link; routers announce themselves there. */
	if (gw->family == AF_INET6 && gw->bytes[0] == 0xfe && (gw->bytes[1] & 0xc0) == 0x80)
		return;
	/* the far end of a point-to-point address is on the link */
	if (f->peer.family == gw->family && !memcmp(f->peer.bytes, gw->bytes, 16) &&
	    f->n_addrs && has_peer_address(f))
		return;
	for (int k = 0; k < f->n_addrs; k++) {
		const struct en_addr *a = &f->addrs[k];

		if (a->family != gw->family)
			continue;
		have = true;
		if (!memcmp(a->bytes, gw->bytes, 16)) {
			conf_error(p, gw->line, "%s: \"%s\" is an address of %s itself",
				   key, en_addr_fmt(gw, false, buf), f->name);
			return;
		}
		if (in_subnet(a, gw))
			return;
	}
	if (have)
		conf_error(p, gw->line, "%s: \"%s\" is outside every IPv%d subnet of %s",
			   key, en_addr_fmt(gw, false, buf), v, f->name);
	else
		conf_error(p, gw->line, "%s: \"%s\" needs an IPv%d address on %s in its subnet",
			   key, en_addr_fmt(gw, false, buf), v, f->name);
}

static void check_gateway(struct conf_parser *p, const struct iface *f, const struct en_addr *gw)
{
	check_gateway_key(p, f, gw, "gateway");
}

static void check_routes(struct conf_parser *p)
{
	const struct config *c = p->c;
	int first4 = -1, first6 = -1;
	char buf[50];

	for (int i = 0; i < c->n_ifaces; i++) {
		const struct iface *f = &c->ifaces[i];

		check_peer(p, f);
		for (int r = 0; r < f->n_routes; r++)
			check_gateway_key(p, f, &f->routes[r].gw, "route");
		check_gateway(p, f, &f->gw4);
		check_gateway(p, f, &f->gw6);
		if (f->gw4.family && first4 >= 0)
			conf_error(p, f->gw4.line, "gateway: \"%s\" is a second IPv4 default route (the first is on %s, line %d)",
				   en_addr_fmt(&f->gw4, false, buf), c->ifaces[first4].name,
				   c->ifaces[first4].gw4.line);
		else if (f->gw4.family)
			first4 = i;
		if (f->gw6.family && first6 >= 0)
			conf_error(p, f->gw6.line, "gateway: \"%s\" is a second IPv6 default route (the first is on %s, line %d)",
				   en_addr_fmt(&f->gw6, false, buf), c->ifaces[first6].name,
				   c->ifaces[first6].gw6.line);
		else if (f->gw6.family)
			first6 = i;
	}
}

static void check_management(struct conf_parser *p)
{
	const struct config *c = p->c;
	int m = c->management;
	bool *need;

	if (m < 0)
		return;
	need = calloc((size_t)c->n_ifaces, sizeof(*need));
	if (!need) {
		p->oom = 1;
		return;
	}
	config_management_closure(c, need);
	for (int j = 0; j < c->n_ifaces; j++) {
		const struct iface *f = &c->ifaces[j];

		if (!need[j])
			continue;
		if (f->kind == IF_KIND_LINK && !f->link.up)
			conf_error(p, p->management_line, "management: \"%s\" depends on %s, which has up = no (line %d)",
				   c->ifaces[m].name, f->name, conf_key_line(p, j, "up"));
	}
	free(need);
}

/* updelay and downdelay count in miimon periods: the kernel refuses them
 * without miimon, and rounds one that is not a multiple down, so that
 * `up` would find it changed and set it again at every run. */
static void check_bond_delays(struct conf_parser *p, int i)
{
	const struct iface *f = &p->c->ifaces[i];
	static const char *const keys[] = { "updelay", "downdelay" };
	const int vals[] = { f->bond.updelay, f->bond.downdelay };
	int miimon = f->bond.miimon;

	for (int k = 0; k < 2; k++) {
		int v = vals[k], line = conf_key_line(p, i, keys[k]);

		if (v <= 0)
			continue;
		if (miimon == 0)
			conf_error(p, line, "%s: \"%d\" needs link monitoring, but miimon is 0 (line %d): "
				   "set miimon (100 is usual) or drop %s",
				   keys[k], v, conf_key_line(p, i, "miimon"), keys[k]);
		else if (v % miimon)
			conf_error(p, line, "%s: \"%d\" is not a multiple of miimon %d; the kernel would "
				   "round it down to %d: use %d or %d",
				   keys[k], v, miimon, v / miimon * miimon, v / miimon * miimon,
				   (v / miimon + 1) * miimon);
	}
}

/* Checks between the keys of one interface and its neighbours. */
static void check_iface(struct conf_parser *p, int i)
{
	const struct config *c = p->c;
	const struct iface *f = &c->ifaces[i];
	int line;

	if (f->master >= 0) {
		const struct iface *m = &c->ifaces[f->master];

		if (f->n_routes && !f->n_addrs && !f->gw4.family && !f->gw6.family)
			conf_error(p, f->routes[0].line, "route: %s is a port of %s; routes belong on %s",
				   f->name, m->name, m->name);
		if (f->n_addrs || f->gw4.family || f->gw6.family) {
			line = f->n_addrs ? f->addrs[0].line : f->gw4.family ? f->gw4.line : f->gw6.line;
			conf_error(p, line, "%s: %s is a port of %s; addresses and gateways belong on %s",
				   f->n_addrs ? "address" : "gateway", f->name, m->name, m->name);
		}
		if (f->kind == IF_KIND_LINK && !f->link.up)
			conf_error(p, conf_key_line(p, i, "up"), "up: \"no\" but %s is a port of %s, which brings it up",
				   f->name, m->name);
		if (m->kind == IF_KIND_BOND && f->mtu != EN_UNSET && m->mtu != EN_UNSET && f->mtu != m->mtu)
			conf_error(p, conf_key_line(p, i, "mtu"), "mtu: \"%d\" differs from the mtu %d of bond %s, which sets it on its slaves",
				   f->mtu, m->mtu, m->name);
		/* The kernel gives a joining slave the bond's MTU: a slave's
		 * own would be undone at every `up` and set again the next. */
		if (m->kind == IF_KIND_BOND && f->mtu != EN_UNSET && m->mtu == EN_UNSET)
			conf_error(p, conf_key_line(p, i, "mtu"), "mtu: \"%d\" on %s, a slave of bond %s, which has no mtu: "
				   "the bond sets its own mtu on its slaves; put mtu = %d in [bond %s] instead",
				   f->mtu, f->name, m->name, f->mtu, m->name);
	}
	switch (f->kind) {
	case IF_KIND_LINK:
		break;
	case IF_KIND_BOND:
		if (f->bond.min_links > f->n_ports && f->n_ports > 0)
			conf_error(p, conf_key_line(p, i, "min_links"), "min_links: \"%d\" is more than the %d slaves of %s",
				   f->bond.min_links, f->n_ports, f->name);
		check_bond_delays(p, i);
		break;
	case IF_KIND_BRIDGE:
		if (f->bridge.stp && f->bridge.forward_delay < 2) {
			line = conf_key_line(p, i, "forward_delay");
			conf_error(p, line ? line : conf_key_line(p, i, "stp"),
				   "forward_delay: \"%d\"%s is below 2, the least the kernel takes with stp = on",
				   f->bridge.forward_delay, line ? "" : " (the default)");
		}
		break;
	case IF_KIND_VLAN:
		if (f->vlan.parent >= 0) {
			const struct iface *par = &c->ifaces[f->vlan.parent];

			if (par->kind == IF_KIND_LINK && !par->link.up)
				conf_error(p, p->pif[i].link_line, "[vlan %s]: parent %s has up = no (line %d)",
					   f->name, par->name, conf_key_line(p, f->vlan.parent, "up"));
			if (par->kind == IF_KIND_BRIDGE && par->bridge.vlan_aware &&
			    !vid_set_has(iface_bridge_vids(par), f->vlan.id)) {
				line = p->pif[i].id_line ? p->pif[i].id_line : f->line;
				conf_error(p, line, "[vlan %s]: id %u is not in the vids of vlan-aware bridge %s (line %d), so no port would pass its frames; add %u to vids there",
					   f->name, f->vlan.id, par->name,
					   conf_key_line(p, f->vlan.parent, "vids") ? conf_key_line(p, f->vlan.parent, "vids") : par->line,
					   f->vlan.id);
			}
			if (f->mtu != EN_UNSET && par->mtu != EN_UNSET && f->mtu > par->mtu)
				conf_error(p, conf_key_line(p, i, "mtu"), "mtu: \"%d\" is larger than the mtu %d of its parent %s",
					   f->mtu, par->mtu, par->name);
		}
		break;
	}
}

/* bridge_vids, bridge_pvid, bridge_access: only on a port of a VLAN-aware
 * bridge, and an access port has one VLAN, nothing else */
static void check_port_vlans(struct conf_parser *p, int i)
{
	const struct config *c = p->c;
	const struct iface *f = &c->ifaces[i];
	static const char *const keys[] = { "bridge_vids", "bridge_pvid", "bridge_access" };
	const struct iface *m = f->master >= 0 ? &c->ifaces[f->master] : NULL;
	int line;

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		line = conf_key_line(p, i, keys[k]);
		if (!line)
			continue;
		if (!m || m->kind != IF_KIND_BRIDGE) {
			conf_error(p, line, "%s: %s is not a port of a bridge%s%s; the key sets a bridge port's VLANs",
				   keys[k], f->name, m ? ", only of bond " : "", m ? m->name : "");
			return;
		}
		if (!m->bridge.vlan_aware) {
			conf_error(p, line, "%s: bridge %s (line %d) is not vlan_aware, so its ports have no VLANs; "
				   "set vlan_aware = yes there or remove the key",
				   keys[k], m->name, m->line);
			return;
		}
	}
	line = conf_key_line(p, i, "bridge_access");
	if (line && (f->pvlan.has_vids || conf_key_line(p, i, "bridge_pvid")))
		conf_error(p, line, "bridge_access: an access port carries only VLAN %u, untagged; "
			   "remove %s (line %d), or bridge_access for a trunk port",
			   f->pvlan.access, f->pvlan.has_vids ? "bridge_vids" : "bridge_pvid",
			   conf_key_line(p, i, f->pvlan.has_vids ? "bridge_vids" : "bridge_pvid"));
}

/* primary = PORT: one of the bond's own ports, in a mode that has one */
static void check_primary(struct conf_parser *p, const struct iface *f)
{
	const struct bond_conf *b = &f->bond;
	bool port = false;

	if (f->kind != IF_KIND_BOND || !b->primary[0])
		return;
	if (b->mode != BOND_MODE_ACTIVE_BACKUP && b->mode != BOND_MODE_BALANCE_TLB &&
	    b->mode != BOND_MODE_BALANCE_ALB) {
		conf_error(p, b->primary_line, "primary: bond %s is not active-backup, balance-tlb "
			   "or balance-alb, which are the modes with a primary port; remove the key",
			   f->name);
		return;
	}
	for (int k = 0; k < f->n_ports; k++)
		port |= f->ports[k] >= 0 && !strcmp(p->c->ifaces[f->ports[k]].name, b->primary);
	if (!port)
		conf_error(p, b->primary_line, "primary: \"%s\" is not one of the slaves of %s",
			   b->primary, f->name);
}

void conf_validate(struct conf_parser *p)
{
	struct config *c = p->c;

	for (int i = 0; i < c->n_ifaces; i++) {
		if (c->ifaces[i].kind == IF_KIND_VLAN)
			resolve_vlan(p, i);
		else
			resolve_ports(p, i);
	}
	resolve_management(p);
	check_vlan_ids(p);
	check_macs(p);
	check_routes(p);
	for (int i = 0; i < c->n_ifaces; i++) {
		check_iface(p, i);
		check_primary(p, &c->ifaces[i]);
		check_port_vlans(p, i);
	}
	check_cycles(p);
	/* Safe with a cycle too: the closure walk keeps a visited set. */
	check_management(p);
}
