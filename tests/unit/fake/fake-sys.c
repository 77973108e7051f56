/* fake-sys.c - an in-memory kernel behind every sys_*() the engine uses.
 *
 * Linked in place of src/sys-*.o (the Makefile's test-engine rule), so the
 * engine, apply and the waits run unchanged. Each request does what the
 * kernel does with it, and the side effects the kernel adds; the comments
 * name the kernel code, and test-engine.c checks each against what a real
 * kernel did (6.18, veth and bridge in a network namespace) where it could.
 * Events: an epoll fd joining an eventfd (a change happened) and a timerfd
 * (a NIC due to appear), so the waits poll it like the rtnetlink socket.
 */
#include <assert.h>
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "compare.h"
#include "fake-sys.h"
#include "sys.h"
#include "wait.h"

struct sys_stats sys_stats;

#define MAX_IFINDEX 512
#define MAX_PENDING 8
#define MAX_RULES 8

/* What the kernel knows about a link beyond what a dump shows. */
struct extra {
	bool plugged;           /* a cable: carrier while up */
	bool mac_set;           /* a MAC was set: a bond or bridge keeps it */
};

struct pending {
	struct ks_link link;
	double at;              /* now_ms() when it appears */
};

struct rule {
	enum fake_op kind;
	char ifname[EN_NAME_MAX]; /* "" any */
	int err;
};

static struct kstate K;
static struct extra X[MAX_IFINDEX];
static int next_ifindex;
static struct pending pend[MAX_PENDING];
static int n_pend;
static struct rule rules[MAX_RULES];
static int n_rules;
static int fail_nth, fail_nth_err;
static int sig_write, sig_snap, sig_num;
static bool lacp_answers, promote;
static unsigned writes, writes_of[FAKE_OPS], snapshots, udev_waits, ethtool_reads;
static unsigned default_losses;
static bool had_default[2];  /* IPv4, IPv6 */
static int ep = -1, evfd = -1, tmfd = -1;
static char last_msg[128];

static void count_defaults(void);

/* ---- the kernel's tables ---- */

static int find_index(int ifindex)
{
	for (int i = 0; i < K.n_links; i++)
		if (K.links[i].ifindex == ifindex)
			return i;
	return -1;
}

/* Names and altnames share one namespace (netdev_name_in_use()). */
static int find_name(const char *name)
{
	for (int i = 0; i < K.n_links; i++) {
		if (!strcmp(K.links[i].name, name))
			return i;
		for (int a = 0; a < K.links[i].n_altnames; a++)
			if (!strcmp(K.links[i].altnames[a], name))
				return i;
	}
	return -1;
}

static struct ks_link *by_index(int ifindex)
{
	int i = find_index(ifindex);

	return i < 0 ? NULL : &K.links[i];
}

static struct extra *extra(int ifindex)
{
	static struct extra none;

	return ifindex > 0 && ifindex < MAX_IFINDEX ? &X[ifindex] : &none;
}

static void notify(void)
{
	uint64_t one = 1;

	if (evfd >= 0 && write(evfd, &one, sizeof(one)) < 0)
		abort();
}

static bool same_addr(const struct en_addr *a, const struct en_addr *b)
{
	return a->family == b->family && a->prefix == b->prefix &&
	       !memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16);
}

/* Is b inside a's prefix (IPv4)? */
static bool in_prefix4(const struct en_addr *a, const uint8_t b[4])
{
	uint32_t x, y, mask = a->prefix ? htonl(~0u << (32 - a->prefix)) : 0;

	memcpy(&x, a->bytes, 4);
	memcpy(&y, b, 4);
	return (x & mask) == (y & mask);
}

static struct ks_link *new_link(const char *name, enum ks_kind kind)
{
	static const char *const kinds[] = {
		[KS_KIND_OTHER] = "", [KS_KIND_BOND] = "bond",
		[KS_KIND_BRIDGE] = "bridge", [KS_KIND_VLAN] = "vlan",
	};
	struct ks_link *l;

	K.links = realloc(K.links, (size_t)(K.n_links + 1) * sizeof(*K.links));
	if (!K.links)
		abort();
	l = &K.links[K.n_links++];
	memset(l, 0, sizeof(*l));
	l->ifindex = next_ifindex++;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind_name, sizeof(l->kind_name), "%s", kinds[kind]);
	l->kind = kind;
	l->mtu = 1500;
	/* a random locally administered MAC (eth_hw_addr_random()) */
	l->mac[0] = 0x02;
	l->mac[4] = (uint8_t)(l->ifindex >> 8);
	l->mac[5] = (uint8_t)l->ifindex;
	for (int f = 0; f < FEAT_COUNT; f++)
		l->ethtool.feature[f] = TRI_UNSET;
	*extra(l->ifindex) = (struct extra){ 0 };
	return l;
}

static void add_addr(int ifindex, const struct en_addr *a, const struct en_addr *peer,
                     uint8_t proto)
{
	K.addrs = realloc(K.addrs, (size_t)(K.n_addrs + 1) * sizeof(*K.addrs));
	if (!K.addrs)
		abort();
	memset(&K.addrs[K.n_addrs], 0, sizeof(K.addrs[0]));
	K.addrs[K.n_addrs].ifindex = ifindex;
	K.addrs[K.n_addrs].addr = *a;
	K.addrs[K.n_addrs].addr.line = 0;
	K.addrs[K.n_addrs].proto = proto;
	if (peer)
		K.addrs[K.n_addrs].peer = *peer;
	K.n_addrs++;
}

/* Removing keeps the order: it says which IPv4 address is primary. */
static void remove_addr(int i)
{
	memmove(&K.addrs[i], &K.addrs[i + 1], (size_t)(K.n_addrs - i - 1) * sizeof(K.addrs[0]));
	K.n_addrs--;
}

static void remove_route(int i)
{
	memmove(&K.routes[i], &K.routes[i + 1], (size_t)(K.n_routes - i - 1) * sizeof(K.routes[0]));
	K.n_routes--;
}

static void flush_routes(int ifindex, int family)
{
	for (int i = 0; i < K.n_routes; i++)
		if (K.routes[i].ifindex == ifindex && (!family || K.routes[i].gw.family == family))
			remove_route(i--);
}

/* The IPv6 link-local address addrconf gives a device that comes up
 * (addrconf_dev_config(), EUI-64 from the MAC), IFA_PROTO_KERNEL_LL. */
static void add_link_local(const struct ks_link *l)
{
	struct en_addr a = { .family = AF_INET6, .prefix = 64 };

	if (l->flags & IFF_LOOPBACK)
		return;
	a.bytes[0] = 0xfe;
	a.bytes[1] = 0x80;
	a.bytes[8] = l->mac[0] ^ 0x02;
	a.bytes[9] = l->mac[1];
	a.bytes[10] = l->mac[2];
	a.bytes[11] = 0xff;
	a.bytes[12] = 0xfe;
	a.bytes[13] = l->mac[3];
	a.bytes[14] = l->mac[4];
	a.bytes[15] = l->mac[5];
	for (int i = 0; i < K.n_addrs; i++)
		if (K.addrs[i].ifindex == l->ifindex && same_addr(&K.addrs[i].addr, &a))
			return;
	add_addr(l->ifindex, &a, NULL, 1);
}

/*
 * A device goes down (__dev_close() and the NETDEV_DOWN notifiers):
 * - addrconf_ifdown() removes every IPv6 address (keep_addr_on_down off);
 * - fib_disable_ip() / rt6_disable_ip() flush the routes through it, IPv4
 *   addresses stay;
 * - vlan_device_event() takes the VLANs on it down too, which recurses.
 */
static void went_down(int ifindex)
{
	for (int i = 0; i < K.n_addrs; i++)
		if (K.addrs[i].ifindex == ifindex && K.addrs[i].addr.family == AF_INET6)
			remove_addr(i--);
	flush_routes(ifindex, 0);
	for (int i = 0; i < K.n_links; i++) {
		struct ks_link *v = &K.links[i];

		if (v->kind == KS_KIND_VLAN && v->vlan.parent == ifindex && (v->flags & IFF_UP)) {
			v->flags &= ~(unsigned)(IFF_UP | IFF_RUNNING);
			went_down(v->ifindex);
		}
	}
}

static void set_up(struct ks_link *l, bool up)
{
	if (up && !(l->flags & IFF_UP)) {
		l->flags |= IFF_UP;
		add_link_local(l);
	} else if (!up && (l->flags & IFF_UP)) {
		l->flags &= ~(unsigned)(IFF_UP | IFF_RUNNING);
		went_down(l->ifindex);
	}
}

static void default_pvid(struct ks_link *l)
{
	struct ks_vlans *v = ks_link_vlans(l);

	assert(v);
	memset(v, 0, sizeof(*v));
	vid_set_add(&v->vids, 1, 1);
	vid_set_add(&v->untagged, 1, 1);
	l->pvid = v->pvid = 1;
}

/* A bridge without a MAC of its own takes its lowest port's
 * (br_stp_recalculate_bridge_id()). */
static void bridge_mac(struct ks_link *br)
{
	const uint8_t *low = NULL;

	if (extra(br->ifindex)->mac_set)
		return;
	for (int i = 0; i < K.n_links; i++)
		if (K.links[i].master == br->ifindex && (!low || memcmp(K.links[i].mac, low, 6) < 0))
			low = K.links[i].mac;
	if (!low)
		return;
	memcpy(br->mac, low, 6);
	/* vlan_dev_inherit_address(): a VLAN whose MAC was never set follows
	 * its parent's */
	for (int i = 0; i < K.n_links; i++)
		if (K.links[i].kind == KS_KIND_VLAN && K.links[i].vlan.parent == br->ifindex &&
		    !extra(K.links[i].ifindex)->mac_set)
			memcpy(K.links[i].mac, low, 6);
}

static void release(struct ks_link *l)
{
	struct ks_link *m = by_index(l->master);

	/* __bond_release_one() gives the port its own MAC back */
	if (l->port.valid && l->port.has_perm_hwaddr)
		memcpy(l->mac, l->port.perm_hwaddr, 6);
	memset(&l->port, 0, sizeof(l->port));
	l->master = 0;
	l->master_kind[0] = '\0';
	l->has_vlans = false;
	free(l->vlans);
	l->vlans = NULL;
	l->pvid = 0;
	if (m && m->kind == KS_KIND_BRIDGE)
		bridge_mac(m);
}

static void delete_link(int ifindex)
{
	int i;

	for (i = 0; i < K.n_links; i++)
		if (K.links[i].master == ifindex)
			release(&K.links[i]);
	/* unregister_vlan_dev() for the VLANs of a device that goes */
	for (i = 0; i < K.n_links; i++)
		if (K.links[i].kind == KS_KIND_VLAN && K.links[i].vlan.parent == ifindex) {
			delete_link(K.links[i].ifindex);
			i = -1;
		}
	for (i = 0; i < K.n_addrs; i++)
		if (K.addrs[i].ifindex == ifindex)
			remove_addr(i--);
	flush_routes(ifindex, 0);
	i = find_index(ifindex);
	if (i < 0)
		return;
	free(K.links[i].vlans);
	memmove(&K.links[i], &K.links[i + 1], (size_t)(K.n_links - i - 1) * sizeof(K.links[0]));
	K.n_links--;
}

/* ---- what follows from the state: carrier, LACP ---- */

static bool has_carrier(const struct ks_link *l)
{
	return l && (l->flags & IFF_UP) && l->carrier;
}

static const uint8_t partner_mac[6] = { 0x02, 0xaa, 0, 0, 0, 1 };

static void lacp(struct ks_link *b)
{
	struct ks_bond *kb = &b->bond;
	int joined = 0;

	kb->has_ad_info = true;
	kb->ad_aggregator = 0;
	memset(kb->ad_partner_mac, 0, 6);
	for (int i = 0; i < K.n_links; i++) {
		struct ks_link *p = &K.links[i];

		if (p->master != b->ifindex)
			continue;
		if (!has_carrier(p)) {
			p->port.ad_aggregator_id = (uint16_t)p->ifindex;
			p->port.ad_actor_oper_port_state = LACP_STATE_ACTIVITY | LACP_STATE_AGGREGATION |
			                                   LACP_STATE_DEFAULTED;
			p->port.ad_partner_oper_port_state = 0;
			continue;
		}
		if (lacp_answers) {
			p->port.ad_aggregator_id = 1;
			p->port.ad_actor_oper_port_state = LACP_STATE_ACTIVITY | LACP_STATE_AGGREGATION |
				LACP_STATE_SYNCHRONIZATION | LACP_STATE_COLLECTING |
				LACP_STATE_DISTRIBUTING;
			p->port.ad_partner_oper_port_state = p->port.ad_actor_oper_port_state;
			joined++;
		} else {
			/* no LACPDU: each port alone, defaulted (ad_rx_machine) */
			p->port.ad_aggregator_id = (uint16_t)p->ifindex;
			p->port.ad_actor_oper_port_state = LACP_STATE_ACTIVITY | LACP_STATE_AGGREGATION |
			                                   LACP_STATE_DEFAULTED;
			p->port.ad_partner_oper_port_state = 0;
			if (!kb->ad_aggregator)
				kb->ad_aggregator = (uint16_t)p->ifindex;
		}
	}
	if (joined) {
		kb->ad_aggregator = 1;
		memcpy(kb->ad_partner_mac, partner_mac, 6);
	}
	kb->ad_num_ports = (uint16_t)joined;
}

static bool bond_carrier(struct ks_link *b)
{
	int up = 0;

	if (b->bond.mode == BOND_MODE_8023AD) {
		lacp(b);
		/* bond_3ad_set_carrier(): the active aggregator's ports,
		 * at least min_links of them */
		return b->bond.ad_num_ports > 0 && b->bond.ad_num_ports >= b->bond.min_links;
	}
	for (int i = 0; i < K.n_links; i++)
		if (K.links[i].master == b->ifindex && has_carrier(&K.links[i]))
			up++;
	return up > 0 && up >= b->bond.min_links;
}

/* Carrier as the drivers set it: a NIC its cable, a bond its ports (or
 * LACP), a bridge a port that has it (or none at all: a bridge without
 * ports shows LOWER_UP), a VLAN its parent (vlan_transfer_operstate()). */
static void settle(void)
{
	for (int pass = 0; pass < 4; pass++)
		for (int i = 0; i < K.n_links; i++) {
			struct ks_link *l = &K.links[i];
			bool c = false, any = false;

			if (!(l->flags & IFF_UP)) {
				c = false;
			} else if (l->flags & IFF_LOOPBACK) {
				c = true;
			} else if (l->kind == KS_KIND_OTHER) {
				c = extra(l->ifindex)->plugged;
			} else if (l->kind == KS_KIND_BOND) {
				c = bond_carrier(l);
			} else if (l->kind == KS_KIND_BRIDGE) {
				for (int j = 0; j < K.n_links; j++)
					if (K.links[j].master == l->ifindex) {
						any = true;
						c |= has_carrier(&K.links[j]);
					}
				c |= !any;
			} else if (l->kind == KS_KIND_VLAN) {
				c = has_carrier(by_index(l->vlan.parent));
			}
			if (l->master && l->port.valid)
				l->port.mii_status = has_carrier(l) ? 0 : 1;
			if (c != l->carrier) {
				l->carrier = c;
				l->carrier_changes++;
				notify();
			}
			if (c && (l->flags & IFF_UP))
				l->flags |= IFF_RUNNING;
			else
				l->flags &= ~(unsigned)IFF_RUNNING;
		}
}

/* NICs whose time came (a driver probing late). */
static void arm(void)
{
	struct itimerspec it = { 0 };
	double next = 0;

	for (int i = 0; i < n_pend; i++)
		if (!next || pend[i].at < next)
			next = pend[i].at;
	if (next) {
		double left = next - now_ms();

		if (left < 1)
			left = 1;
		it.it_value.tv_sec = (time_t)(left / 1000);
		it.it_value.tv_nsec = (long)((left - (double)it.it_value.tv_sec * 1000) * 1e6) + 1;
	}
	if (tmfd >= 0)
		timerfd_settime(tmfd, 0, &it, NULL);
}

static void tick(void)
{
	double now = now_ms();
	bool came = false;

	for (int i = 0; i < n_pend; i++) {
		if (pend[i].at > now)
			continue;
		K.links = realloc(K.links, (size_t)(K.n_links + 1) * sizeof(*K.links));
		if (!K.links)
			abort();
		K.links[K.n_links++] = pend[i].link;
		pend[i--] = pend[--n_pend];
		came = true;
	}
	if (came) {
		notify();
		arm();
	}
}

/* ---- scripting ---- */

static void close_events(void)
{
	if (ep >= 0)
		close(ep);
	if (evfd >= 0)
		close(evfd);
	if (tmfd >= 0)
		close(tmfd);
	ep = evfd = tmfd = -1;
}

void fake_reset(void)
{
	struct ks_link *lo;

	kstate_free(&K);
	close_events();
	memset(X, 0, sizeof(X));
	next_ifindex = 1;
	n_pend = n_rules = 0;
	fail_nth = fail_nth_err = 0;
	sig_write = sig_snap = sig_num = 0;
	lacp_answers = true;
	promote = false;
	writes = snapshots = udev_waits = ethtool_reads = default_losses = 0;
	had_default[0] = had_default[1] = false;
	memset(writes_of, 0, sizeof(writes_of));
	memset(&sys_stats, 0, sizeof(sys_stats));
	last_msg[0] = '\0';
	lo = new_link("lo", KS_KIND_OTHER);
	lo->flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	lo->carrier = true;
	lo->mtu = 65536;
	memset(lo->mac, 0, 6);
	{
		struct en_addr a = { .family = AF_INET, .prefix = 8, .bytes = { 127, 0, 0, 1 } };

		add_addr(lo->ifindex, &a, NULL, 2); /* IFA_PROTO_KERNEL_LO */
	}
}

void fake_free(void)
{
	kstate_free(&K);
	close_events();
	n_pend = 0;
}

struct kstate *fake_kernel(void)
{
	return &K;
}

void fake_changed(void)
{
	settle();
	notify();
}

int fake_nic(const char *name, const char *mac, int after_ms)
{
	unsigned b[6];
	struct ks_link *l = new_link(name, KS_KIND_OTHER);
	int ifindex = l->ifindex;

	if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		abort();
	for (int i = 0; i < 6; i++)
		l->mac[i] = l->perm_mac[i] = (uint8_t)b[i];
	l->has_perm_mac = true;
	for (int f = 0; f < FEAT_COUNT; f++)
		l->ethtool.feature[f] = TRI_OFF;
	l->ethtool.has_rings = true;
	l->ethtool.rx = l->ethtool.tx = 256;
	l->ethtool.rx_max = l->ethtool.tx_max = 4096;
	extra(ifindex)->plugged = true;
	if (after_ms > 0) {
		if (n_pend == MAX_PENDING)
			abort();
		pend[n_pend].link = *l;
		pend[n_pend++].at = now_ms() + after_ms;
		K.n_links--;
		arm();
	}
	notify();
	return ifindex;
}

void fake_plug(const char *name, bool plugged)
{
	int i = find_name(name);

	if (i < 0)
		abort();
	extra(K.links[i].ifindex)->plugged = plugged;
	settle();
}

void fake_altname(const char *name, const char *altname)
{
	int i = find_name(name);

	if (i < 0 || K.links[i].n_altnames == KS_ALTNAMES)
		abort();
	snprintf(K.links[i].altnames[K.links[i].n_altnames++], EN_NAME_MAX, "%s", altname);
	notify();
}

void fake_lacp_partner(bool answers)
{
	lacp_answers = answers;
	settle();
}

void fake_promote_secondaries(bool on)
{
	promote = on;
}

void fake_fail_nth(int n, int err)
{
	fail_nth = n;
	fail_nth_err = err;
}

void fake_fail_op(enum fake_op k, const char *ifname, int err)
{
	if (n_rules == MAX_RULES)
		abort();
	rules[n_rules].kind = k;
	snprintf(rules[n_rules].ifname, EN_NAME_MAX, "%s", ifname ? ifname : "");
	rules[n_rules++].err = err;
}

void fake_signal_at(int n, int sig)
{
	sig_write = n > 0 ? n : 0;
	sig_snap = n < 0 ? -n : 0;
	sig_num = sig;
}

unsigned fake_writes(void) { return writes; }
unsigned fake_writes_of(enum fake_op k) { return writes_of[k]; }
unsigned fake_snapshots(void) { return snapshots; }
unsigned fake_udev_waits(void) { return udev_waits; }
unsigned fake_ethtool_reads(void) { return ethtool_reads; }
unsigned fake_default_losses(void) { return default_losses; }

struct ks_link *fake_link(const char *name)
{
	int i = find_name(name);

	return i < 0 ? NULL : &K.links[i];
}

static struct en_addr parse(const char *ip_prefix)
{
	struct en_addr a = { 0 };
	char ip[64];
	const char *slash = strchr(ip_prefix, '/');

	snprintf(ip, sizeof(ip), "%.*s", slash ? (int)(slash - ip_prefix) : 63, ip_prefix);
	a.family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(a.family, ip, a.bytes) != 1)
		abort();
	a.prefix = slash ? (uint8_t)atoi(slash + 1) : 0;
	return a;
}

bool fake_has_addr(const char *name, const char *ip_prefix)
{
	struct ks_link *l = fake_link(name);
	struct en_addr a = parse(ip_prefix);

	for (int i = 0; l && i < K.n_addrs; i++)
		if (K.addrs[i].ifindex == l->ifindex && same_addr(&K.addrs[i].addr, &a))
			return true;
	return false;
}

bool fake_has_default(const char *name, const char *gw)
{
	struct ks_link *l = fake_link(name);
	struct en_addr a = parse(gw);

	for (int i = 0; l && i < K.n_routes; i++)
		if (K.routes[i].ifindex == l->ifindex && !K.routes[i].dst.prefix &&
		    K.routes[i].gw.family == a.family && !memcmp(K.routes[i].gw.bytes, a.bytes, 16))
			return true;
	return false;
}

const char *fake_master(const char *name)
{
	struct ks_link *l = fake_link(name), *m;

	m = l ? by_index(l->master) : NULL;
	return m ? m->name : "";
}

void fake_ip_addr(const char *name, const char *ip_prefix)
{
	struct ks_link *l = fake_link(name);
	struct en_addr a = parse(ip_prefix);

	if (!l)
		abort();
	add_addr(l->ifindex, &a, NULL, 0);
	notify();
}

void fake_ip_route(const char *name, const char *gw)
{
	struct ks_link *l = fake_link(name);

	if (!l)
		abort();
	K.routes = realloc(K.routes, (size_t)(K.n_routes + 1) * sizeof(*K.routes));
	if (!K.routes)
		abort();
	memset(&K.routes[K.n_routes], 0, sizeof(K.routes[0]));
	K.routes[K.n_routes].ifindex = l->ifindex;
	K.routes[K.n_routes++].gw = parse(gw);
	count_defaults();
	notify();
}

/* ---- requests: every write goes through begin() and end() ---- */

static int begin(enum fake_op kind, int ifindex)
{
	const struct ks_link *l = by_index(ifindex);

	tick();
	writes++;
	writes_of[kind]++;
	sys_stats.requests++;
	last_msg[0] = '\0';
	if (fail_nth > 0 && --fail_nth == 0) {
		snprintf(last_msg, sizeof(last_msg), "scripted failure");
		return -fail_nth_err;
	}
	for (int i = 0; i < n_rules; i++)
		if ((rules[i].kind == FAKE_ANY || rules[i].kind == kind) &&
		    (!rules[i].ifname[0] || (l && !strcmp(l->name, rules[i].ifname)))) {
			snprintf(last_msg, sizeof(last_msg), "scripted failure");
			return -rules[i].err;
		}
	return 0;
}

/* The same for requests that name a device not yet there (adds). */
static int begin_name(enum fake_op kind, const char *name)
{
	int ret;

	tick();
	ret = begin(kind, 0);
	for (int i = 0; !ret && i < n_rules; i++)
		if ((rules[i].kind == FAKE_ANY || rules[i].kind == kind) && !strcmp(rules[i].ifname, name))
			ret = -rules[i].err;
	return ret;
}

static void count_defaults(void)
{
	bool now[2] = { false, false };

	for (int i = 0; i < K.n_routes; i++)
		if (!K.routes[i].dst.prefix)
			now[K.routes[i].gw.family == AF_INET6] = true;
	for (int f = 0; f < 2; f++) {
		if (had_default[f] && !now[f])
			default_losses++;
		had_default[f] = now[f];
	}
}

/* A batch, as the kernel does it: each request is carried out at once,
 * in order; its result is kept for sys_batch_result(). */
#define FAKE_BATCH_MAX 4096
static bool batching;
static struct { int err; char msg[sizeof(last_msg)]; } batch[FAKE_BATCH_MAX];
static unsigned n_batch;

static int end(int ret)
{
	settle();
	count_defaults();
	notify();
	if (sig_write > 0 && --sig_write == 0)
		raise(sig_num);
	if (!batching)
		return ret;
	if (n_batch == FAKE_BATCH_MAX)
		abort();
	batch[n_batch].err = ret;
	snprintf(batch[n_batch].msg, sizeof(batch[n_batch].msg), "%s", ret < 0 ? last_msg : "");
	n_batch++;
	return 0;
}

void sys_batch_begin(void)
{
	batching = true;
	n_batch = 0;
}

unsigned sys_batch_mark(void)
{
	return n_batch;
}

void sys_batch_end(void)
{
	batching = false;
}

int sys_batch_result(unsigned from, unsigned to, const char **msg)
{
	int ifindex = 0;

	for (unsigned i = from; i < to && i < n_batch; i++) {
		if (batch[i].err < 0) {
			*msg = batch[i].msg;
			return batch[i].err;
		}
		if (batch[i].err > 0)
			ifindex = batch[i].err;
	}
	*msg = "";
	return ifindex;
}

int sys_open(void)
{
	return 0;
}

void sys_close(void)
{
}

const char *sys_last_error_msg(void)
{
	return last_msg;
}

static void copy_table(void **dst, const void *src, size_t n, size_t size)
{
	*dst = NULL;
	if (!n)
		return;
	*dst = malloc(n * size);
	if (!*dst)
		abort();
	memcpy(*dst, src, n * size);
}

int sys_snapshot(struct kstate *out)
{
	tick();
	settle();
	snapshots++;
	sys_stats.dumps++;
	memset(out, 0, sizeof(*out));
	copy_table((void **)&out->links, K.links, (size_t)K.n_links, sizeof(*K.links));
	copy_table((void **)&out->addrs, K.addrs, (size_t)K.n_addrs, sizeof(*K.addrs));
	copy_table((void **)&out->routes, K.routes, (size_t)K.n_routes, sizeof(*K.routes));
	out->n_links = K.n_links;
	out->n_addrs = K.n_addrs;
	out->n_routes = K.n_routes;
	for (int i = 0; i < out->n_links; i++) {
		struct ks_link *l = &out->links[i];

		l->ethtool.read = false; /* read by sys_read_ethtool */
		if (l->vlans) {          /* the snapshot's own copy */
			const struct ks_vlans *v = l->vlans;

			l->vlans = NULL;
			assert(ks_link_vlans(l));
			*l->vlans = *v;
		}
	}
	kstate_index(out);
	if (sig_snap > 0 && --sig_snap == 0)
		raise(sig_num);
	return 0;
}

int sys_read_procbond(struct kstate *k)
{
	(void)k;
	return 0;
}

int sys_read_ethtool(struct ks_link *l)
{
	const struct ks_link *live = by_index(l->ifindex);

	ethtool_reads++;
	sys_stats.ioctls++;
	if (!live)
		return -ENODEV;
	l->ethtool = live->ethtool;
	l->ethtool.read = true;
	return 0;
}

/* Only a name, never an altname (sys.h). */
int sys_ifindex(const char *name)
{
	for (int i = 0; i < K.n_links; i++)
		if (!strcmp(K.links[i].name, name))
			return K.links[i].ifindex;
	return -ENODEV;
}

/* dev_change_name(): -EBUSY while up (kernels before live renames; 6.18
 * renames an up veth, the planner takes NICs down anyway), -EEXIST when
 * the name or an altname of any device, its own included, has it. */
int sys_link_rename(int ifindex, const char *name)
{
	struct ks_link *l;
	int ret = begin(FAKE_RENAME, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	if (!name[0] || strlen(name) >= EN_NAME_MAX)
		return end(-EINVAL);
	if (!strcmp(l->name, name))
		return end(0);
	if (l->flags & IFF_UP)
		return end(-EBUSY);
	if (find_name(name) >= 0)
		return end(-EEXIST);
	snprintf(l->name, sizeof(l->name), "%s", name);
	return end(0);
}

int sys_link_altname_del(int ifindex, const char *altname)
{
	struct ks_link *l;
	int ret = begin(FAKE_ALTNAME_DEL, ifindex), j;

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	for (j = 0; j < l->n_altnames && strcmp(l->altnames[j], altname); j++)
		;
	if (j == l->n_altnames)
		return end(-ENOENT);
	memmove(l->altnames[j], l->altnames[j + 1],
	        (size_t)(l->n_altnames - j - 1) * sizeof(l->altnames[0]));
	l->n_altnames--;
	return end(0);
}

int sys_link_set_up(int ifindex, bool up)
{
	struct ks_link *l;
	int ret = begin(up ? FAKE_SET_UP : FAKE_SET_DOWN, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	set_up(l, up);
	return end(0);
}

int sys_link_set_mtu(int ifindex, int mtu)
{
	struct ks_link *l, *p;
	int ret = begin(FAKE_MTU, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	if (mtu < 68 || mtu > 65535)
		return end(-EINVAL);
	/* vlan_change_mtu(): not above the parent's */
	if (l->kind == KS_KIND_VLAN && (p = by_index(l->vlan.parent)) && mtu > p->mtu)
		return end(-ERANGE);
	l->mtu = mtu;
	/* bond_change_mtu(): every port takes it */
	for (int i = 0; l->kind == KS_KIND_BOND && i < K.n_links; i++)
		if (K.links[i].master == ifindex)
			K.links[i].mtu = mtu;
	return end(0);
}

int sys_link_set_mac(int ifindex, const uint8_t mac[6])
{
	struct ks_link *l;
	int ret = begin(FAKE_MAC, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	memcpy(l->mac, mac, 6);
	extra(ifindex)->mac_set = true;
	return end(0);
}

int sys_link_set_master(int ifindex, int master_ifindex)
{
	struct ks_link *l, *m;
	bool first = true;
	int ret = begin(FAKE_MASTER, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	if (!master_ifindex) {
		if (l->master)
			release(l);
		return end(0);
	}
	if (!(m = by_index(master_ifindex)))
		return end(-ENODEV);
	if (l->master == master_ifindex)
		return end(0);
	if (m->kind != KS_KIND_BOND && m->kind != KS_KIND_BRIDGE)
		return end(-EOPNOTSUPP);
	if (l->master) /* netdev_master_upper_dev_link() */
		return end(-EBUSY);
	if (m->kind == KS_KIND_BOND) {
		/* bond_enslave(): "Device can not be enslaved while up" */
		if (l->flags & IFF_UP)
			return end(-EPERM);
		for (int i = 0; i < K.n_links; i++)
			first &= K.links[i].master != master_ifindex;
		/* the first port lends the bond its MAC, unless one was set;
		 * every port takes the bond's MAC and MTU, and is opened */
		if (first && !extra(master_ifindex)->mac_set)
			memcpy(m->mac, l->mac, 6);
		l->port.valid = true;
		l->port.has_perm_hwaddr = true;
		memcpy(l->port.perm_hwaddr, l->has_perm_mac ? l->perm_mac : l->mac, 6);
		memcpy(l->mac, m->mac, 6);
		l->mtu = m->mtu;
		l->master = master_ifindex;
		snprintf(l->master_kind, sizeof(l->master_kind), "bond");
		set_up(l, true);
	} else {
		l->master = master_ifindex;
		snprintf(l->master_kind, sizeof(l->master_kind), "bridge");
		if (m->bridge.vlan_filtering)
			default_pvid(l); /* br_vlan_init default_pvid 1 */
		bridge_mac(m);
	}
	return end(0);
}

int sys_link_delete(int ifindex)
{
	struct ks_link *l;
	int ret = begin(FAKE_DELETE, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	if (l->kind == KS_KIND_OTHER)
		return end(-EOPNOTSUPP);
	delete_link(ifindex);
	return end(0);
}

/* bond_changelink(): the options in order (mode, miimon before delays);
 * bond_opt_check_deps() refuses a mode or lacp_rate or ad_select change
 * while up (-EBUSY), a mode change with ports (-ENOTEMPTY), lacp_rate
 * outside 802.3ad (-EACCES); bond_option_updelay_set() refuses delays
 * with miimon 0 (-EPERM) and keeps them in units of miimon (rounded down). */
static int bond_opts(struct ks_link *l, const struct bond_conf *b, unsigned f)
{
	struct ks_bond *kb = &l->bond;
	bool up = l->flags & IFF_UP, ports = false;
	int mode = (f & BOND_F_MODE) ? (int)b->mode : kb->mode;
	int miimon = (f & BOND_F_MIIMON) ? b->miimon : kb->miimon;

	for (int i = 0; i < K.n_links; i++)
		ports |= K.links[i].master == l->ifindex;
	if ((f & BOND_F_MODE) && kb->mode != (int)b->mode) {
		if (ports)
			return -ENOTEMPTY;
		if (up)
			return -EBUSY;
	}
	if (up && (((f & BOND_F_LACP_RATE) && kb->lacp_rate != (int)b->lacp_rate) ||
	           ((f & BOND_F_AD_SELECT) && kb->ad_select != (int)b->ad_select)))
		return -EBUSY;
	if ((f & BOND_F_LACP_RATE) && mode != BOND_MODE_8023AD)
		return -EACCES;
	if ((f & (BOND_F_UPDELAY | BOND_F_DOWNDELAY)) && !miimon &&
	    ((f & BOND_F_UPDELAY ? b->updelay : 0) || (f & BOND_F_DOWNDELAY ? b->downdelay : 0)))
		return -EPERM;
	if ((f & BOND_F_PRIMARY) && b->primary_ifindex > 0 && !by_index(b->primary_ifindex))
		return -ENODEV;
	kb->mode = mode;
	kb->miimon = miimon;
	if (f & BOND_F_HASH)
		kb->xmit_hash_policy = (int)b->xmit_hash_policy;
	if (f & BOND_F_LACP_RATE)
		kb->lacp_rate = (int)b->lacp_rate;
	if (f & BOND_F_MIN_LINKS)
		kb->min_links = b->min_links;
	if (f & BOND_F_AD_SELECT)
		kb->ad_select = (int)b->ad_select;
	if (f & BOND_F_UPDELAY)
		kb->updelay = miimon ? b->updelay / miimon * miimon : 0;
	if (f & BOND_F_DOWNDELAY)
		kb->downdelay = miimon ? b->downdelay / miimon * miimon : 0;
	if (f & BOND_F_PRIMARY)
		kb->primary = b->primary_ifindex;
	if (mode != BOND_MODE_8023AD)
		kb->has_ad_info = false;
	return 0;
}

/* rtnl_newlink(): a failed option unregisters the new bond again. The
 * kernel's defaults without module parameters: balance-rr, miimon 0. */
int sys_bond_add(const char *name, const struct bond_conf *b, unsigned fields)
{
	struct ks_link *l;
	int ret = begin_name(FAKE_BOND_ADD, name);

	if (ret)
		return end(ret);
	if (find_name(name) >= 0)
		return end(-EEXIST);
	l = new_link(name, KS_KIND_BOND);
	memset(&l->bond, 0, sizeof(l->bond));
	ret = bond_opts(l, b, fields);
	if (ret) {
		K.n_links--;
		next_ifindex--;
		return end(ret);
	}
	return end(l->ifindex);
}

int sys_bond_set(int ifindex, const struct bond_conf *b, unsigned fields)
{
	struct ks_link *l;
	int ret;

	if (!fields)
		return 0; /* sends nothing */
	ret = begin(FAKE_BOND_SET, ifindex);
	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)) || l->kind != KS_KIND_BOND)
		return end(-ENODEV);
	return end(bond_opts(l, b, fields));
}

static void bridge_opts(struct ks_link *l, const struct bridge_conf *b, unsigned f)
{
	if (f & BRIDGE_F_STP)
		l->bridge.stp = b->stp;
	if (f & BRIDGE_F_FWD)
		l->bridge.forward_delay = b->forward_delay;
	if ((f & BRIDGE_F_VLAN) && b->vlan_aware != l->bridge.vlan_filtering) {
		l->bridge.vlan_filtering = b->vlan_aware;
		/* br_vlan_filter_toggle(): the bridge and its ports get pvid 1 */
		if (b->vlan_aware) {
			default_pvid(l);
			for (int i = 0; i < K.n_links; i++)
				if (K.links[i].master == l->ifindex)
					default_pvid(&K.links[i]);
		}
	}
}

int sys_bridge_add(const char *name, const struct bridge_conf *b, unsigned fields)
{
	struct ks_link *l;
	int ret = begin_name(FAKE_BRIDGE_ADD, name);

	if (ret)
		return end(ret);
	if (find_name(name) >= 0)
		return end(-EEXIST);
	l = new_link(name, KS_KIND_BRIDGE);
	l->bridge.forward_delay = 15; /* BR_DEFAULT... 15 s */
	bridge_opts(l, b, fields);
	return end(l->ifindex);
}

int sys_bridge_set(int ifindex, const struct bridge_conf *b, unsigned fields)
{
	struct ks_link *l;
	int ret;

	if (!fields)
		return 0;
	ret = begin(FAKE_BRIDGE_SET, ifindex);
	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)) || l->kind != KS_KIND_BRIDGE)
		return end(-ENODEV);
	bridge_opts(l, b, fields);
	return end(0);
}

int sys_bridge_vids(int ifindex, const struct vid_set *s, bool del)
{
	struct ks_link *l, *br;
	int ret = begin(FAKE_VIDS, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	br = l->kind == KS_KIND_BRIDGE ? l : by_index(l->master);
	if (!br || br->kind != KS_KIND_BRIDGE || !br->bridge.vlan_filtering)
		return end(-EOPNOTSUPP);
	if (!l->has_vlans)
		default_pvid(l);
	for (unsigned id = 1; id <= EN_VID_MAX; id++) {
		if (!vid_set_has(s, id))
			continue;
		if (del) {
			vid_set_del(&l->vlans->vids, id);
			vid_set_del(&l->vlans->untagged, id);
			if (l->pvid == id)
				l->pvid = 0;
		} else {
			/* an id that is there takes the new flags: tagged,
			 * not the pvid (__vlan_add_flags) */
			vid_set_add(&l->vlans->vids, id, id);
			vid_set_del(&l->vlans->untagged, id);
			if (l->pvid == id)
				l->pvid = 0;
		}
	}
	return end(0);
}

int sys_bridge_pvid(int ifindex, uint16_t vid)
{
	struct ks_link *l, *br;
	int ret = begin(FAKE_VIDS, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	br = l->kind == KS_KIND_BRIDGE ? l : by_index(l->master);
	if (!br || br->kind != KS_KIND_BRIDGE || !br->bridge.vlan_filtering)
		return end(-EOPNOTSUPP);
	if (vid < 1 || vid > EN_VID_MAX)
		return end(-EINVAL);
	if (!l->has_vlans)
		default_pvid(l);
	/* added when absent, the pvid, untagged; the old pvid stays as it
	 * was, no longer the pvid */
	vid_set_add(&l->vlans->vids, vid, vid);
	vid_set_add(&l->vlans->untagged, vid, vid);
	l->pvid = l->vlans->pvid = vid;
	return end(0);
}

int sys_vlan_add(const char *name, int parent_ifindex, uint16_t id)
{
	struct ks_link *p, *l;
	int ret = begin_name(FAKE_VLAN_ADD, name), pi;

	if (ret)
		return end(ret);
	if ((pi = find_index(parent_ifindex)) < 0)
		return end(-ENODEV);
	if (find_name(name) >= 0)
		return end(-EEXIST);
	for (int i = 0; i < K.n_links; i++) /* vlan_check_real_dev() */
		if (K.links[i].kind == KS_KIND_VLAN && K.links[i].vlan.parent == parent_ifindex &&
		    K.links[i].vlan.id == id)
			return end(-EEXIST);
	l = new_link(name, KS_KIND_VLAN);
	p = &K.links[pi]; /* after the realloc */
	l->vlan.id = id;
	l->vlan.parent = parent_ifindex;
	l->mtu = p->mtu;
	memcpy(l->mac, p->mac, 6);
	return end(l->ifindex);
}

int sys_addr_add(int ifindex, const struct en_addr *a)
{
	return sys_addr_add_peer(ifindex, a, NULL);
}

int sys_addr_add_peer(int ifindex, const struct en_addr *a, const struct en_addr *peer)
{
	int ret = begin(FAKE_ADDR_ADD, ifindex);

	if (ret)
		return end(ret);
	if (!by_index(ifindex))
		return end(-ENODEV);
	for (int i = 0; i < K.n_addrs; i++)
		if (K.addrs[i].ifindex == ifindex && same_addr(&K.addrs[i].addr, a))
			return end(-EEXIST);
	/* sys_addr_add() marks what earlynet adds */
	add_addr(ifindex, a, peer, EN_IFA_PROTO);
	return end(0);
}

/* Is address i a secondary IPv4 address? inet_insert_ifa(): one added
 * where the device already has one with the same mask and subnet. */
static bool secondary(int i)
{
	const struct ks_addr *x = &K.addrs[i];

	for (int j = 0; x->addr.family == AF_INET && j < i; j++)
		if (K.addrs[j].ifindex == x->ifindex && K.addrs[j].addr.family == AF_INET &&
		    K.addrs[j].addr.prefix == x->addr.prefix && in_prefix4(&K.addrs[j].addr, x->addr.bytes))
			return true;
	return false;
}

/*
 * __inet_del_ifa(): deleting a primary IPv4 address deletes its
 * secondaries too (promote_secondaries off, the default); with it on, the
 * first secondary becomes the primary and the rest stay. When the device
 * has no IPv4 address left, fib_inetaddr_event() calls fib_disable_ip():
 * every IPv4 route through it goes. (A route through a gateway of the
 * deleted subnet stays while another address is left: seen on 6.18.)
 */
int sys_addr_del(int ifindex, const struct en_addr *a)
{
	int ret = begin(FAKE_ADDR_DEL, ifindex), i;
	bool primary, left = false;
	struct en_addr gone;

	if (ret)
		return end(ret);
	for (i = 0; i < K.n_addrs; i++)
		if (K.addrs[i].ifindex == ifindex && same_addr(&K.addrs[i].addr, a))
			break;
	if (i == K.n_addrs)
		return end(-EADDRNOTAVAIL);
	gone = K.addrs[i].addr;
	primary = a->family == AF_INET && !secondary(i) && !promote;
	remove_addr(i);
	for (i = 0; primary && i < K.n_addrs; i++) {
		struct ks_addr *x = &K.addrs[i];

		if (x->ifindex == ifindex && x->addr.family == AF_INET &&
		    x->addr.prefix == gone.prefix && in_prefix4(&gone, x->addr.bytes))
			remove_addr(i--);
	}
	for (i = 0; i < K.n_addrs; i++)
		left |= K.addrs[i].ifindex == ifindex && K.addrs[i].addr.family == AF_INET;
	if (a->family == AF_INET && !left)
		flush_routes(ifindex, AF_INET);
	return end(0);
}

static int route_add(enum fake_op kind, int ifindex, const struct en_addr *dst,
                     const struct en_addr *gw)
{
	struct ks_link *l;
	int ret = begin(kind, ifindex);

	if (ret)
		return end(ret);
	if (!(l = by_index(ifindex)))
		return end(-ENODEV);
	/* fib_check_nh(): a nexthop through a device that is down */
	if (!(l->flags & IFF_UP))
		return end(-ENETDOWN);
	for (int i = 0; i < K.n_routes; i++) {
		struct ks_route *r = &K.routes[i];

		if (r->gw.family != gw->family || r->dst.prefix != (dst ? dst->prefix : 0) ||
		    (dst && memcmp(r->dst.bytes, dst->bytes, 16)))
			continue;
		if (kind != FAKE_ROUTE_REPLACE)
			return end(-EEXIST);
		remove_route(i); /* NLM_F_REPLACE: takes its place */
		break;
	}
	K.routes = realloc(K.routes, (size_t)(K.n_routes + 1) * sizeof(*K.routes));
	if (!K.routes)
		abort();
	memset(&K.routes[K.n_routes], 0, sizeof(K.routes[0]));
	K.routes[K.n_routes].ifindex = ifindex;
	K.routes[K.n_routes].gw = *gw;
	K.routes[K.n_routes].gw.line = 0;
	if (dst) {
		K.routes[K.n_routes].dst = *dst;
		K.routes[K.n_routes].dst.line = 0;
	}
	K.n_routes++;
	return end(0);
}

int sys_route_add_default(int ifindex, const struct en_addr *gw)
{
	return route_add(FAKE_ROUTE_ADD, ifindex, NULL, gw);
}

int sys_route_replace_default(int ifindex, const struct en_addr *gw)
{
	return route_add(FAKE_ROUTE_REPLACE, ifindex, NULL, gw);
}

int sys_route_add(int ifindex, const struct en_addr *dst, const struct en_addr *gw)
{
	return route_add(FAKE_ROUTE_ADD, ifindex, dst, gw);
}

int sys_route_del(int ifindex, const struct en_addr *dst, const struct en_addr *gw)
{
	int ret = begin(FAKE_ROUTE_DEL, ifindex);

	if (ret)
		return end(ret);
	for (int i = 0; i < K.n_routes; i++)
		if (K.routes[i].ifindex == ifindex && K.routes[i].dst.prefix == dst->prefix &&
		    K.routes[i].dst.family == dst->family &&
		    !memcmp(K.routes[i].dst.bytes, dst->bytes, 16) &&
		    K.routes[i].gw.family == gw->family && !memcmp(K.routes[i].gw.bytes, gw->bytes, 16)) {
			remove_route(i);
			return end(0);
		}
	return end(-ESRCH);
}

int sys_route_del_default(int ifindex, const struct en_addr *gw)
{
	int ret = begin(FAKE_ROUTE_DEL, ifindex);

	if (ret)
		return end(ret);
	for (int i = 0; i < K.n_routes; i++)
		if (K.routes[i].ifindex == ifindex && !K.routes[i].dst.prefix &&
		    K.routes[i].gw.family == gw->family && !memcmp(K.routes[i].gw.bytes, gw->bytes, 16)) {
			remove_route(i);
			return end(0);
		}
	return end(-ESRCH);
}

static struct ks_link *by_ifname(const char *ifname)
{
	for (int i = 0; i < K.n_links; i++)
		if (!strcmp(K.links[i].name, ifname))
			return &K.links[i];
	return NULL;
}

int sys_feature_set(const char *ifname, enum en_feature f, bool on)
{
	struct ks_link *l = by_ifname(ifname);
	int ret = begin(FAKE_FEATURE, l ? l->ifindex : 0);

	sys_stats.requests--;
	sys_stats.ioctls++;
	if (ret)
		return end(ret);
	if (!l)
		return end(-ENODEV);
	l->ethtool.feature[f] = on ? TRI_ON : TRI_OFF;
	return end(0);
}

/* /proc/sys/net/ipv6/conf/IFNAME/disable_ipv6: a file write, no request */
int sys_link_set_ipv6_disabled(const char *ifname, bool off)
{
	struct ks_link *l = by_ifname(ifname);
	int ret = begin(FAKE_IPV6, l ? l->ifindex : 0);

	sys_stats.requests--;
	if (ret)
		return end(ret);
	if (!l)
		return end(-ENOENT);
	l->ipv6 = off ? EN_IPV6_OFF : EN_IPV6_ON;
	return end(0);
}

int sys_rings_set(const char *ifname, uint32_t rx, uint32_t tx)
{
	struct ks_link *l = by_ifname(ifname);
	int ret = begin(FAKE_RINGS, l ? l->ifindex : 0);

	sys_stats.requests--;
	sys_stats.ioctls++;
	if (ret)
		return end(ret);
	if (!l)
		return end(-ENODEV);
	if (rx > l->ethtool.rx_max || tx > l->ethtool.tx_max)
		return end(-EINVAL);
	if (rx)
		l->ethtool.rx = rx;
	if (tx)
		l->ethtool.tx = tx;
	return end(0);
}

int sys_events_open(void)
{
	struct epoll_event e = { .events = EPOLLIN };

	if (ep >= 0)
		return ep;
	ep = epoll_create1(EPOLL_CLOEXEC);
	evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	tmfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (ep < 0 || evfd < 0 || tmfd < 0)
		abort();
	epoll_ctl(ep, EPOLL_CTL_ADD, evfd, &e);
	epoll_ctl(ep, EPOLL_CTL_ADD, tmfd, &e);
	arm();
	return ep;
}

int sys_events_drain(void)
{
	uint64_t n = 0, t = 0;

	if (ep < 0)
		return 0;
	if (read(evfd, &n, sizeof(n)) < 0)
		n = 0;
	if (read(tmfd, &t, sizeof(t)) < 0)
		t = 0;
	tick();
	return (int)(n + t);
}

/* The fake kernel announces that something happened, not what: its news
 * is always "read it all again" (the engine's fallback, as when the real
 * event socket overran). */
int sys_events_news(struct kstate *k)
{
	(void)k;
	return sys_events_drain() > 0 ? 1 : 0;
}

void sys_events_close(void)
{
	close_events();
}

int sys_udev_wait(const char *ifname, int timeout_ms)
{
	(void)ifname;
	(void)timeout_ms;
	udev_waits++;
	return 0;
}

bool sys_udev_running(void)
{
	return true;
}

int sys_lldp_listen(int ifindex, const char *name)
{
	(void)ifindex;
	(void)name;
	return 0;
}

int sys_lldp_poll(void)
{
	return 0;
}

const char *sys_lldp_neighbour(const char *name)
{
	(void)name;
	return NULL;
}

void sys_lldp_close(void)
{
}
