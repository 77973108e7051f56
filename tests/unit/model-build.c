/* model-build.c - build a struct config and a struct kstate by hand, for tests */
#include <arpa/inet.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model-build.h"

void mb_config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->path, sizeof(c->path), "test.ini");
	c->link_timeout = 10;
	c->carrier_timeout = 30;
	c->lacp_timeout = 30;
	c->management = -1;
	c->fallback = FALLBACK_MANAGEMENT;
}

static int add(struct config *c, enum if_kind kind, const char *name)
{
	struct iface *f;

	c->ifaces = realloc(c->ifaces, (size_t)(c->n_ifaces + 1) * sizeof(*c->ifaces));
	assert(c->ifaces);
	f = &c->ifaces[c->n_ifaces];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->line = c->n_ifaces + 1;
	f->mtu = EN_UNSET;
	f->master = -1;
	return c->n_ifaces++;
}

struct iface *mb_iface(struct config *c, const char *name)
{
	int i = config_find(c, name);

	assert(i >= 0);
	return &c->ifaces[i];
}

void mb_mac(uint8_t mac[6], const char *text)
{
	unsigned b[6];

	memset(mac, 0, 6);
	if (!text)
		return;
	assert(sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) == 6);
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
}

struct en_addr mb_en_addr(const char *ip_prefix)
{
	struct en_addr a;
	char ip[64];
	const char *slash = strchr(ip_prefix, '/');

	memset(&a, 0, sizeof(a));
	snprintf(ip, sizeof(ip), "%.*s", slash ? (int)(slash - ip_prefix) : 63, ip_prefix);
	a.family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	assert(inet_pton(a.family, ip, a.bytes) == 1);
	a.prefix = slash ? (uint8_t)atoi(slash + 1) : 0;
	return a;
}

int mb_link(struct config *c, const char *name, const char *mac)
{
	int i = add(c, IF_KIND_LINK, name);
	struct link_conf *l = &c->ifaces[i].link;

	mb_mac(l->mac, mac);
	l->up = true;
	l->tso = l->gso = l->gro = l->lro = TRI_UNSET;
	l->rx_ring = l->tx_ring = EN_UNSET;
	return i;
}

static void set_ports(struct config *c, int m, const char *ports)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", ports);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		int p = config_find(c, t);

		assert(p >= 0);
		assert(iface_add_port(&c->ifaces[m], p) == 0);
		c->ifaces[p].master = m;
	}
}

int mb_bond(struct config *c, const char *name, const char *ports)
{
	int i = add(c, IF_KIND_BOND, name);
	struct bond_conf *b = &c->ifaces[i].bond;

	b->mode = BOND_MODE_8023AD;
	b->miimon = 100;
	b->xmit_hash_policy = BOND_HASH_LAYER2;
	b->lacp_rate = BOND_LACP_SLOW;
	b->ad_select = BOND_AD_STABLE;
	set_ports(c, i, ports);
	return i;
}

int mb_bridge(struct config *c, const char *name, const char *ports)
{
	int i = add(c, IF_KIND_BRIDGE, name);
	set_ports(c, i, ports);     /* vids: the default, 2-4094 */
	return i;
}

int mb_vlan(struct config *c, const char *name, const char *parent, int id)
{
	int p = config_find(c, parent);
	int i;

	assert(p >= 0);
	i = add(c, IF_KIND_VLAN, name);
	c->ifaces[i].vlan.parent = p;
	c->ifaces[i].vlan.id = (uint16_t)id;
	return i;
}

void mb_addr(struct config *c, const char *name, const char *ip_prefix)
{
	struct en_addr a = mb_en_addr(ip_prefix);

	assert(iface_add_addr(mb_iface(c, name), &a) == 0);
}

void mb_gateway(struct config *c, const char *name, const char *ip)
{
	struct iface *f = mb_iface(c, name);
	struct en_addr a = mb_en_addr(ip);

	if (a.family == AF_INET)
		f->gw4 = a;
	else
		f->gw6 = a;
}

void mb_node01(struct config *c)
{
	static const char *const vlans[] = { "10", "20", "30", "40", "50", "60" };

	mb_config_init(c);
	mb_link(c, "eth0", "58:47:ca:76:76:fe");
	mb_link(c, "eth1", "58:47:ca:76:76:fd");
	mb_iface(c, "eth1")->link.up = false;
	for (int i = 0; i < 2; i++) {
		struct iface *f;

		mb_link(c, i ? "spf1" : "spf0", i ? "58:47:ca:76:76:fc" : "58:47:ca:76:76:fb");
		f = mb_iface(c, i ? "spf1" : "spf0");
		f->link.require_carrier = true;
		f->link.tso = TRI_OFF;
		f->link.rx_ring = f->link.tx_ring = 4096;
	}
	c->management = mb_bridge(c, "vmbr0", "eth0");
	mb_addr(c, "vmbr0", "10.16.207.61/24");
	mb_gateway(c, "vmbr0", "10.16.207.1");
	mb_iface(c, "vmbr0")->bridge.forward_delay = 0;
	mb_bond(c, "bond0", "spf0 spf1");
	mb_iface(c, "bond0")->bond.xmit_hash_policy = BOND_HASH_LAYER23;
	mb_bridge(c, "vmbr1", "bond0");
	for (int i = 0; i < 6; i++) {
		char name[EN_NAME_MAX], addr[32];

		snprintf(name, sizeof(name), "vmbr1.%s", vlans[i]);
		snprintf(addr, sizeof(addr), "10.25.%s.231/24", vlans[i]);
		mb_vlan(c, name, "vmbr1", atoi(vlans[i]));
		mb_addr(c, name, addr);
	}
}

struct ks_link *mb_ks_link(struct kstate *k, int ifindex, const char *name,
                           enum ks_kind kind, const char *mac, const char *perm)
{
	static const char *const kinds[] = {
		[KS_KIND_OTHER] = "", [KS_KIND_BOND] = "bond",
		[KS_KIND_BRIDGE] = "bridge", [KS_KIND_VLAN] = "vlan",
	};
	struct ks_link *l;

	k->links = realloc(k->links, (size_t)(k->n_links + 1) * sizeof(*k->links));
	assert(k->links);
	l = &k->links[k->n_links++];
	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind_name, sizeof(l->kind_name), "%s", kinds[kind]);
	l->kind = kind;
	mb_mac(l->mac, mac);
	if (perm) {
		mb_mac(l->perm_mac, perm);
		l->has_perm_mac = true;
	}
	l->mtu = 1500;
	for (int f = 0; f < FEAT_COUNT; f++)
		l->ethtool.feature[f] = TRI_UNSET;
	if (kind == KS_KIND_BOND) {
		l->bond.mode = BOND_MODE_8023AD;
		l->bond.miimon = 100;
	}
	return l;
}

struct ks_link *mb_ks(struct kstate *k, const char *name)
{
	for (int i = 0; i < k->n_links; i++)
		if (!strcmp(k->links[i].name, name))
			return &k->links[i];
	assert(!"no such link");
	return NULL;
}

/* As the kernel shows a port: the master's index and kind, and for a bond
 * port the bond's MAC as its address and the bond's record of its own. */
void mb_ks_enslave(struct kstate *k, const char *port, const char *master)
{
	struct ks_link *m = mb_ks(k, master);
	struct ks_link *p = mb_ks(k, port);

	p->master = m->ifindex;
	snprintf(p->master_kind, sizeof(p->master_kind), "%s", m->kind_name);
	if (m->kind == KS_KIND_BOND) {
		p->port.valid = true;
		p->port.has_perm_hwaddr = true;
		memcpy(p->port.perm_hwaddr, p->has_perm_mac ? p->perm_mac : p->mac, 6);
		memcpy(p->mac, m->mac, 6);
	}
}

void mb_ks_addr(struct kstate *k, int ifindex, const char *ip_prefix)
{
	k->addrs = realloc(k->addrs, (size_t)(k->n_addrs + 1) * sizeof(*k->addrs));
	assert(k->addrs);
	memset(&k->addrs[k->n_addrs], 0, sizeof(k->addrs[0]));
	k->addrs[k->n_addrs].ifindex = ifindex;
	k->addrs[k->n_addrs++].addr = mb_en_addr(ip_prefix);
}

void mb_ks_addr_peer(struct kstate *k, int ifindex, const char *ip_prefix, const char *peer)
{
	mb_ks_addr(k, ifindex, ip_prefix);
	k->addrs[k->n_addrs - 1].peer = mb_en_addr(peer);
}

void mb_ks_route(struct kstate *k, int ifindex, const char *gw)
{
	k->routes = realloc(k->routes, (size_t)(k->n_routes + 1) * sizeof(*k->routes));
	assert(k->routes);
	memset(&k->routes[k->n_routes], 0, sizeof(k->routes[0]));
	k->routes[k->n_routes].ifindex = ifindex;
	k->routes[k->n_routes++].gw = mb_en_addr(gw);
}

void mb_ks_node01(struct kstate *k)
{
	struct ks_link *l;

	memset(k, 0, sizeof(*k));
	l = mb_ks_link(k, 1, "lo", KS_KIND_OTHER, NULL, NULL);
	l->flags = IFF_UP | IFF_LOOPBACK;
	l->mtu = 65536;
	mb_ks_link(k, 2, "eth0", KS_KIND_OTHER, "58:47:ca:76:76:fe", "58:47:ca:76:76:fe");
	mb_ks_link(k, 3, "eth1", KS_KIND_OTHER, "58:47:ca:76:76:fd", "58:47:ca:76:76:fd");
	mb_ks_link(k, 4, "spf0", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	mb_ks_link(k, 5, "spf1", KS_KIND_OTHER, "58:47:ca:76:76:fc", "58:47:ca:76:76:fc");
	l = mb_ks_link(k, 6, "bond0", KS_KIND_BOND, "58:47:ca:76:76:fb", NULL);
	l->bond.xmit_hash_policy = BOND_HASH_LAYER23;
	l->bond.lacp_rate = BOND_LACP_SLOW;
	mb_ks_link(k, 7, "vmbr0", KS_KIND_BRIDGE, "58:47:ca:76:76:fe", NULL);
	mb_ks_link(k, 8, "vmbr1", KS_KIND_BRIDGE, "58:47:ca:76:76:fb", NULL);
	for (int i = 0; i < 6; i++) {
		char name[EN_NAME_MAX], addr[32];

		snprintf(name, sizeof(name), "vmbr1.%d", (i + 1) * 10);
		l = mb_ks_link(k, 9 + i, name, KS_KIND_VLAN, "58:47:ca:76:76:fb", NULL);
		l->vlan.id = (uint16_t)((i + 1) * 10);
		l->vlan.parent = 8;
		snprintf(addr, sizeof(addr), "10.25.%d.231/24", (i + 1) * 10);
		mb_ks_addr(k, 9 + i, addr);
		mb_ks_addr(k, 9 + i, "fe80::5a47:caff:fe76:76fb/64");
	}
	mb_ks_enslave(k, "eth0", "vmbr0");
	mb_ks_enslave(k, "spf0", "bond0");
	mb_ks_enslave(k, "spf1", "bond0");
	mb_ks_enslave(k, "bond0", "vmbr1");
	for (int i = 0; i < k->n_links; i++) {
		l = &k->links[i];
		if (strcmp(l->name, "eth1"))
			l->flags |= IFF_UP | IFF_RUNNING;
		l->carrier = strcmp(l->name, "eth1") != 0;
		if (!strncmp(l->name, "spf", 3)) {
			l->ethtool.read = true;
			l->ethtool.feature[FEAT_TSO] = TRI_OFF;
			l->ethtool.feature[FEAT_GSO] = TRI_ON;
			l->ethtool.has_rings = true;
			l->ethtool.rx = l->ethtool.tx = 4096;
			l->ethtool.rx_max = l->ethtool.tx_max = 4096;
		}
	}
	mb_ks_addr(k, 1, "127.0.0.1/8");
	mb_ks_addr(k, 7, "10.16.207.61/24");
	mb_ks_addr(k, 7, "fe80::5a47:caff:fe76:76fe/64");
	mb_ks_route(k, 7, "10.16.207.1");
}
