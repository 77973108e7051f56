/* online.c - is the node online? (pure: snapshot predicates, ARP packets) */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "lacp.h"
#include "online.h"

int online_target(const struct config *c, bool bonds, struct online_target *t,
		  char *why, size_t len)
{
	const struct iface *m;

	memset(t, 0, sizeof(*t));
	t->c = c;
	t->bonds = bonds;
	if (c->management < 0) {
		snprintf(why, len, "%s has no management interface: nothing to wait for "
			 "(set management in [global])", c->path[0] ? c->path : "the file");
		return -EINVAL;
	}
	m = &c->ifaces[c->management];
	t->mgmt = m->name;
	if (m->gw4.family != AF_INET)
		return 0;
	for (int i = 0; i < m->n_addrs; i++) {
		if (m->addrs[i].family == AF_INET) {
			memcpy(t->src, m->addrs[i].bytes, 4);
			memcpy(t->gw, m->gw4.bytes, 4);
			t->has_gw = true;
			return 0;
		}
	}
	snprintf(why, len, "%s has an IPv4 gateway but no IPv4 address to ask it from", m->name);
	return -EINVAL;
}

/* Append "a b" to the detail, comma-separated. */
static void say(char *d, size_t len, const char *a, const char *b)
{
	size_t n = strlen(d);

	if (n + 3 >= len)
		return;
	snprintf(d + n, len - n, "%s%s%s", n ? ", " : "", a, b);
}

static bool has_addr(const struct kstate *k, int ifindex, const struct en_addr *a)
{
	for (int i = 0; i < k->n_addrs; i++) {
		const struct en_addr *x = &k->addrs[i].addr;

		if (k->addrs[i].ifindex == ifindex && x->family == a->family &&
		    x->prefix == a->prefix && !memcmp(x->bytes, a->bytes, a->family == AF_INET ? 4 : 16))
			return true;
	}
	return false;
}

bool online_links_ready(const struct kstate *k, void *ctx, char *d, size_t len)
{
	const struct online_target *t = ctx;
	const struct config *c = t->c;
	const struct iface *m = &c->ifaces[c->management];
	const struct ks_link *l = ks_link_by_name(k, t->mgmt);
	bool ok = true;

	d[0] = '\0';
	if (!l) {
		say(d, len, t->mgmt, " missing");
		ok = false;
	} else if (!(l->flags & IFF_UP)) {
		say(d, len, t->mgmt, " down");
		ok = false;
	} else if (!(l->flags & IFF_RUNNING)) {
		say(d, len, t->mgmt, " no carrier");
		ok = false;
	} else {
		for (int i = 0; i < m->n_addrs; i++) {
			char buf[64], what[80];

			if (has_addr(k, l->ifindex, &m->addrs[i]))
				continue;
			snprintf(what, sizeof(what), " without %s", en_addr_fmt(&m->addrs[i], true, buf));
			say(d, len, t->mgmt, what);
			ok = false;
			break;
		}
	}
	if (ok && !d[0])
		say(d, len, t->mgmt, " up");
	for (int i = 0; t->bonds && i < c->n_ifaces; i++) {
		const struct iface *f = &c->ifaces[i];
		const struct ks_link *b;
		struct lacp_verdict v;
		char what[300];

		if (f->kind != IF_KIND_BOND || f->bond.mode != BOND_MODE_8023AD)
			continue;
		if (!(b = ks_link_by_name(k, f->name))) {
			say(d, len, f->name, " missing");
			ok = false;
			continue;
		}
		lacp_evaluate(k, b, f->bond.min_links, &v);
		snprintf(what, sizeof(what), v.converged ? " converged" : " not converged (%s)",
			 v.detail);
		say(d, len, f->name, what);
		ok &= v.converged;
	}
	return ok;
}

void online_arp_request(const struct online_target *t, const uint8_t mac[6],
			uint8_t out[ONLINE_ARP_LEN])
{
	static const uint8_t head[8] = { 0, 1, 8, 0, 6, 4, 0, 1 }; /* Ethernet, IPv4, request */

	memcpy(out, head, 8);
	memcpy(out + 8, mac, 6);
	memcpy(out + 14, t->src, 4);
	memset(out + 18, 0, 6);
	memcpy(out + 24, t->gw, 4);
}

bool online_arp_from_gateway(const struct online_target *t, const uint8_t *p, size_t len,
			     uint8_t mac[6])
{
	if (len < ONLINE_ARP_LEN || p[0] != 0 || p[1] != 1 || p[2] != 8 || p[3] != 0 ||
	    p[4] != 6 || p[5] != 4 || p[6] != 0 || (p[7] != 1 && p[7] != 2))
		return false;
	if (memcmp(p + 14, t->gw, 4))
		return false;
	memcpy(mac, p + 8, 6);
	return true;
}
