/* sys-smoke.c - the kernel boundary (sys.h) against the running kernel, in
 * network namespaces of its own.
 *
 *   ns A (this program)                 ns B (the far end)
 *   sm0 ---------- veth ---------------- sm1  (up/down moves sm0's carrier)
 *   smbr (bridge, created by the test)
 *
 * Build:  cc -std=c11 -D_GNU_SOURCE -Isrc $(pkg-config --cflags libnl-route-3.0) \
 *           -DHAVE_UDEV=1 -o build/sys-smoke tests/netns/sys-smoke.c src/sys-*.c \
 *           src/kstate.c -lnl-route-3 -lnl-3 -ludev
 * Run as root: build/sys-smoke   (prints PASS/FAIL/SKIP lines, exit 1 on FAIL)
 *
 * The kernel's own view is read back with ip(8), bridge(8), ethtool(8) and
 * sysfs; this program may run shell commands, earlynet never does.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "compare.h"
#include "sys.h"

static int failed;
static char nsa[32], nsb[32];

#define CHECK(cond, ...) check(!!(cond), #cond, __VA_ARGS__)

static void check(bool ok, const char *expr, const char *fmt, ...)
{
	va_list ap;

	printf("%s: sys ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok) {
		printf(" [%s]", expr);
		failed = 1;
	}
	printf("\n");
	fflush(stdout);
}

static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* First line of a command's output (trailing newline removed). */
static char *out(const char *fmt, ...)
{
	static char buf[8192];
	char cmd[512];
	va_list ap;
	FILE *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	p = popen(cmd, "r");
	if (!p)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return buf;
}

static struct kstate snap(void)
{
	struct kstate k;
	int r = sys_snapshot(&k);

	if (r < 0) {
		printf("FAIL: sys snapshot: %s\n", strerror(-r));
		failed = 1;
		memset(&k, 0, sizeof(k));
	}
	return k;
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6;
}

static struct en_addr addr(const char *s, int prefix)
{
	struct en_addr a = { .family = strchr(s, ':') ? AF_INET6 : AF_INET,
			     .prefix = (uint8_t)prefix };

	inet_pton(a.family, s, a.bytes);
	return a;
}

static bool has_addr(const struct kstate *k, int ifindex, const struct en_addr *a)
{
	for (int i = 0; i < k->n_addrs; i++)
		if (k->addrs[i].ifindex == ifindex && k->addrs[i].addr.family == a->family &&
		    k->addrs[i].addr.prefix == a->prefix &&
		    !memcmp(k->addrs[i].addr.bytes, a->bytes, a->family == AF_INET ? 4 : 16))
			return true;
	return false;
}

static bool has_route(const struct kstate *k, int ifindex, const struct en_addr *gw)
{
	for (int i = 0; i < k->n_routes; i++)
		if (k->routes[i].ifindex == ifindex && k->routes[i].gw.family == gw->family &&
		    !memcmp(k->routes[i].gw.bytes, gw->bytes, gw->family == AF_INET ? 4 : 16))
			return true;
	return false;
}

/* Wait (10 s at most) until sm0's carrier is want, re-reading on events. */
static bool wait_carrier(int evfd, const char *name, bool want)
{
	for (int round = 0; round < 100; round++) {
		struct kstate k = snap();
		const struct ks_link *l = ks_link_by_name(&k, name);
		bool ok = l && l->carrier == want;
		struct pollfd p = { .fd = evfd, .events = POLLIN };

		kstate_free(&k);
		if (ok)
			return true;
		if (poll(&p, 1, 100) > 0)
			sys_events_drain();
	}
	return false;
}

/* Wait (10 s at most) for link messages on the events socket. */
static bool wait_event(int evfd)
{
	for (int round = 0; round < 100; round++) {
		struct pollfd p = { .fd = evfd, .events = POLLIN };

		if (poll(&p, 1, 100) > 0 && sys_events_drain() > 0)
			return true;
	}
	return false;
}

static void test_links(void)
{
	struct kstate k;
	const struct ks_link *l;
	uint8_t mac[6];
	int idx, r, evfd;

	idx = sys_ifindex("sm0");
	CHECK(idx > 0, "ifindex of sm0 is %d", idx);
	CHECK(sys_ifindex("nosuch0") == -ENODEV, "ifindex of a missing link is -ENODEV");

	k = snap();
	l = ks_link_by_name(&k, "sm0");
	CHECK(l && l->ifindex == idx && l->kind == KS_KIND_OTHER &&
	      !strcmp(l->kind_name, "veth"), "snapshot has sm0, kind veth");
	CHECK(parse_mac(out("cat /sys/class/net/sm0/address"), mac) && l &&
	      !memcmp(l->mac, mac, 6), "snapshot MAC of sm0 is sysfs's");
	CHECK(l && !l->has_perm_mac, "veth has no permanent address");
	CHECK(ks_link_by_mac(&k, mac) == l, "ks_link_by_mac finds sm0 by current MAC");
	CHECK(l && l->mtu == 1500 && !l->carrier && !(l->flags & 1),
	      "sm0: mtu 1500, down, no carrier");
	CHECK(ks_link_by_index(&k, idx) == l, "ks_link_by_index");
	kstate_free(&k);

	/* carrier comes with both ends up; the event socket says so */
	evfd = sys_events_open();
	CHECK(evfd >= 0, "events socket open (%d)", evfd);
	r = sys_link_set_up(idx, true);
	CHECK(r == 0, "sm0 up: %d", r);
	sys_events_drain();
	CHECK(sys_events_drain() == 0, "nothing pending after a drain");
	sh("ip -n %s link set sm1 up", nsb);
	CHECK(wait_event(evfd), "events fd readable, link messages counted");
	CHECK(wait_carrier(evfd, "sm0", true), "carrier on when the far end is up");
	sys_events_drain();
	sh("ip -n %s link set sm1 down", nsb);
	CHECK(wait_event(evfd), "an event for the carrier loss");
	CHECK(wait_carrier(evfd, "sm0", false), "carrier off when the far end is down");
	/* Overrun: a tiny receive buffer and a burst of changes; the drain
	 * must still report link messages, not an error. */
	{
		int tiny = 1, n;

		setsockopt(evfd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof(tiny));
		sh("for i in 1 2 3 4 5 6 7 8 9; do ip link set sm0 mtu 140$i; done");
		CHECK(wait_event(evfd), "events after a burst into a tiny buffer");
		n = sys_events_drain();
		CHECK(n >= 0, "drain after overrun is not an error (%d)", n);
	}
	k = snap();
	l = ks_link_by_name(&k, "sm0");
	CHECK(l && l->carrier_changes >= 2, "carrier_changes counted (%u)",
	      l ? l->carrier_changes : 0);
	kstate_free(&k);
	sh("ip -n %s link set sm1 up", nsb);

	/* rename needs the link down */
	CHECK(sys_link_set_up(idx, false) == 0, "sm0 down");
	CHECK(strstr(out("ip -o link show sm0"), "state DOWN") != NULL, "ip sees sm0 down");
	r = sys_link_rename(idx, "smren");
	CHECK(r == 0 && sys_ifindex("smren") == idx, "rename sm0 -> smren: %d", r);
	r = sys_link_rename(idx, "lo");
	CHECK(r == -EEXIST, "rename onto an existing name is -EEXIST (%d)", r);
	r = sys_link_rename(idx, "sm0");
	CHECK(r == 0, "rename back: %d", r);

	/* altnames: in the snapshot, a held name, removed on request */
	sh("ip link property add dev sm0 altname smalt0");
	k = snap();
	l = ks_link_by_name(&k, "sm0");
	CHECK(l && l->n_altnames == 1 && !strcmp(l->altnames[0], "smalt0"),
	      "snapshot has the altname smalt0 of sm0");
	CHECK(!ks_link_by_name(&k, "smalt0"), "an altname is not a link's name");
	kstate_free(&k);
	CHECK(sys_ifindex("smalt0") == -ENODEV, "sys_ifindex ignores an altname");
	r = sys_link_rename(idx, "smalt0");
	CHECK(r == -EEXIST, "rename onto its own altname is -EEXIST (%d)", r);
	r = sys_link_altname_del(idx, "smalt0");
	CHECK(r == 0 && !strstr(out("ip -o link show sm0"), "smalt0"), "altname removed: %d", r);
	r = sys_link_altname_del(idx, "smalt0");
	CHECK(r == -ENOENT, "removing it twice is -ENOENT (%d)", r);
	CHECK(sys_link_set_up(idx, true) == 0, "sm0 up again");

	r = sys_link_set_mtu(idx, 1400);
	CHECK(r == 0 && !strcmp(out("cat /sys/class/net/sm0/mtu"), "1400"), "mtu 1400: %d", r);
	r = sys_link_set_mtu(idx, 10);
	CHECK(r == -EINVAL, "mtu 10 is -EINVAL (%d), kernel says \"%s\"", r, sys_last_error_msg());
	CHECK(sys_last_error_msg()[0] != '\0', "extended ack text captured");
	r = sys_link_delete(999999);
	CHECK(r == -ENODEV, "delete of a missing ifindex is -ENODEV (%d)", r);
	sys_events_close();
}

static void test_bridge(void)
{
	struct bridge_conf bc = { .stp = true, .forward_delay = 4 };
	struct vid_set vids = { { 0 } }, gone = { { 0 } };
	struct kstate k;
	const struct ks_link *l;
	int br, port = sys_ifindex("sm0"), r;
	unsigned req;
	char *s;

	r = sys_bridge_add("smbr", &bc, BRIDGE_F_STP | BRIDGE_F_FWD);
	br = sys_ifindex("smbr");
	CHECK(r > 0 && r == br, "bridge add: its ifindex %d (%d) %s", r, br, sys_last_error_msg());
	k = snap();
	l = ks_link_by_name(&k, "smbr");
	CHECK(l && l->kind == KS_KIND_BRIDGE && l->bridge.stp && l->bridge.forward_delay == 4 &&
	      !l->bridge.vlan_filtering, "snapshot: bridge stp on, delay 4, no vlan filtering");
	kstate_free(&k);
	CHECK(!strcmp(out("cat /sys/class/net/smbr/bridge/forward_delay"), "400") &&
	      strcmp(out("cat /sys/class/net/smbr/bridge/stp_state"), "0"),
	      "sysfs: forward_delay 400, stp on");
	r = sys_bridge_add("smbr", &bc, BRIDGE_F_STP | BRIDGE_F_FWD);
	CHECK(r == -EEXIST, "adding it again is -EEXIST (%d)", r);

	bc.stp = false;
	bc.forward_delay = 0;
	r = sys_bridge_set(br, &bc, BRIDGE_F_STP | BRIDGE_F_FWD);
	k = snap();
	l = ks_link_by_name(&k, "smbr");
	CHECK(r == 0 && l && !l->bridge.stp && l->bridge.forward_delay == 0,
	      "bridge set: stp off, delay 0 (%d)", r);
	kstate_free(&k);
	CHECK(!strcmp(out("cat /sys/class/net/smbr/bridge/stp_state"), "0") &&
	      !strcmp(out("cat /sys/class/net/smbr/bridge/forward_delay"), "0"),
	      "sysfs agrees");
	req = sys_stats.requests;
	r = sys_bridge_set(br, &bc, 0);
	CHECK(r == 0 && sys_stats.requests == req, "a set of no fields sends nothing: %d", r);

	r = sys_link_set_master(port, br);
	k = snap();
	l = ks_link_by_name(&k, "sm0");
	CHECK(r == 0 && l && l->master == br && !strcmp(l->master_kind, "bridge") &&
	      !l->port.valid, "sm0 enslaved to smbr (snapshot)");
	kstate_free(&k);
	CHECK(strstr(out("ip -o link show sm0"), "master smbr") != NULL, "ip sees master smbr");

	bc.vlan_aware = true;
	r = sys_bridge_set(br, &bc, BRIDGE_F_VLAN);
	if (r == -EOPNOTSUPP) {
		/* CONFIG_BRIDGE_VLAN_FILTERING off: iproute2 fails the same way */
		CHECK(sh("ip link add smvf type bridge vlan_filtering 1 2>/dev/null") != 0,
		      "no vlan filtering in this kernel: ip(8) agrees");
		printf("SKIP: sys bridge port vids (kernel without bridge VLAN filtering)\n");
	} else {
		k = snap();
		l = ks_link_by_name(&k, "smbr");
		CHECK(r == 0 && l && l->bridge.vlan_filtering, "vlan filtering on: %d", r);
		kstate_free(&k);
		vid_set_add(&vids, 10, 10);
		vid_set_add(&vids, 20, 30);
		r = sys_bridge_vids(port, &vids, false);
		s = out("bridge -c vlan show dev sm0");
		CHECK(r == 0 && strstr(s, " 10") && strstr(s, "20-30"),
		      "port vids 10, 20-30: %d (bridge says: %s)", r, s);
		k = snap();
		l = ks_link_by_name(&k, "sm0");
		CHECK(l && l->has_vlans && vid_set_has(&l->vlans->vids, 10) && vid_set_has(&l->vlans->vids, 25) &&
		      !vid_set_has(&l->vlans->vids, 11) && l->pvid == 1 && vid_set_has(&l->vlans->untagged, 1),
		      "snapshot reads the port's vlans (10 20-30, pvid 1 untagged)");
		kstate_free(&k);
		vid_set_add(&gone, 20, 24);
		r = sys_bridge_vids(port, &gone, true);
		s = out("bridge -c vlan show dev sm0");
		CHECK(r == 0 && strstr(s, " 10") && strstr(s, "25-30") && !strstr(s, "20-30"),
		      "port vids 20-24 removed: %d (bridge says: %s)", r, s);
		r = sys_bridge_vids(br, &vids, false);
		k = snap();
		l = ks_link_by_name(&k, "smbr");
		CHECK(r == 0 && l && l->has_vlans && vid_set_has(&l->vlans->vids, 10) &&
		      vid_set_has(&l->vlans->vids, 30), "bridge self vids 10 20-30: %d", r);
		kstate_free(&k);
	}

	r = sys_link_set_master(port, 0);
	k = snap();
	l = ks_link_by_name(&k, "sm0");
	CHECK(r == 0 && l && l->master == 0 && !l->master_kind[0], "released from the bridge");
	kstate_free(&k);

	r = sys_link_delete(br);
	CHECK(r == 0 && sys_ifindex("smbr") == -ENODEV, "bridge deleted: %d", r);
}

static void test_addr(void)
{
	int idx = sys_ifindex("sm0"), r;
	struct en_addr a4 = addr("192.0.2.10", 24), a6 = addr("2001:db8::10", 64);
	struct en_addr g4 = addr("192.0.2.1", 0), g6 = addr("2001:db8::1", 0);
	struct kstate k;

	r = sys_addr_add(idx, &a4);
	CHECK(r == 0, "addr add 192.0.2.10/24: %d", r);
	r = sys_addr_add(idx, &a6);
	CHECK(r == 0, "addr add 2001:db8::10/64: %d", r);
	CHECK(sys_addr_add(idx, &a4) == -EEXIST, "adding it twice is -EEXIST");
	CHECK(strstr(out("ip -o -4 addr show dev sm0"), "192.0.2.10/24 brd 192.0.2.255") != NULL,
	      "ip sees 192.0.2.10/24 with broadcast");
	CHECK(strstr(out("ip -o -6 addr show dev sm0"), "2001:db8::10/64") != NULL,
	      "ip sees 2001:db8::10/64");
	k = snap();
	CHECK(has_addr(&k, idx, &a4) && has_addr(&k, idx, &a6), "snapshot has both addresses");
	kstate_free(&k);

	r = sys_route_add_default(idx, &g4);
	CHECK(r == 0, "default via 192.0.2.1: %d", r);
	r = sys_route_add_default(idx, &g6);
	CHECK(r == 0, "default via 2001:db8::1: %d", r);
	CHECK(strstr(out("ip -4 route show default"), "default via 192.0.2.1 dev sm0 proto static") != NULL,
	      "ip sees the v4 default route");
	CHECK(strstr(out("ip -6 route show default"), "default via 2001:db8::1 dev sm0 proto static") != NULL,
	      "ip sees the v6 default route");
	k = snap();
	CHECK(has_route(&k, idx, &g4) && has_route(&k, idx, &g6), "snapshot has both default routes");
	kstate_free(&k);

	/* a replace takes the default route's place, another gateway */
	{
		struct en_addr g4b = addr("192.0.2.2", 0);

		CHECK(sys_route_add_default(idx, &g4b) == -EEXIST, "a second v4 default is -EEXIST");
		r = sys_route_replace_default(idx, &g4b);
		CHECK(r == 0 && !strcmp(out("ip -4 route show default | awk '{ print $3 }'"),
		                        "192.0.2.2"), "replace: one default, via 192.0.2.2: %d", r);
		r = sys_route_replace_default(idx, &g4);
		CHECK(r == 0 && !strcmp(out("ip -4 route show default | awk '{ print $3 }'"),
		                        "192.0.2.1"), "replace back: %d", r);
	}
	r = sys_route_del_default(idx, &g4);
	CHECK(r == 0, "del v4 default: %d", r);
	r = sys_route_del_default(idx, &g6);
	CHECK(r == 0, "del v6 default: %d", r);
	CHECK(sys_route_del_default(idx, &g4) == -ESRCH, "deleting it twice is -ESRCH");
	k = snap();
	CHECK(!has_route(&k, idx, &g4) && !has_route(&k, idx, &g6), "snapshot: routes gone");
	kstate_free(&k);

	CHECK(sys_addr_del(idx, &a4) == 0 && sys_addr_del(idx, &a6) == 0, "addr del both");
	k = snap();
	CHECK(!has_addr(&k, idx, &a4) && !has_addr(&k, idx, &a6), "snapshot: addresses gone");
	kstate_free(&k);
	CHECK(sys_addr_del(idx, &a4) == -EADDRNOTAVAIL, "deleting it twice is -EADDRNOTAVAIL");
}

/* Requests in a batch: carried out in order, each its own result, a
 * failure in the middle does not stop the rest, a read sees what was
 * queued before it; more than one sendmsg's worth (64) of them. */
static void test_batch(void)
{
	int idx = sys_ifindex("sm0"), r;
	struct en_addr a = addr("198.51.100.1", 32), b = addr("198.51.100.2", 32);
	unsigned m[6], req = sys_stats.requests;
	const char *msg;
	const struct ks_link *l;
	struct kstate k;

	sys_batch_begin();
	m[0] = sys_batch_mark();
	r = sys_addr_add(idx, &a);
	m[1] = sys_batch_mark();
	r |= sys_addr_add(idx, &a);
	m[2] = sys_batch_mark();
	r |= sys_link_set_mtu(idx, 1400);
	m[3] = sys_batch_mark();
	r |= sys_link_rename(1 << 30, "nosuch");
	m[4] = sys_batch_mark();
	for (int i = 0; i < 150; i++) {
		struct en_addr x = addr("203.0.113.0", 32);

		x.bytes[3] = (uint8_t)i;
		r |= sys_addr_add(idx, &x);
	}
	r |= sys_addr_add(idx, &b);
	m[5] = sys_batch_mark();
	CHECK(r == 0 && m[1] == 1 && m[3] == 3 && m[5] == 155,
	      "batch: 155 requests queued: %d", r);
	k = snap();
	l = ks_link_by_name(&k, "sm0");
	CHECK(l && l->mtu == 1400, "batch: a read sees the mtu queued before it: %d", l ? l->mtu : 0);
	kstate_free(&k);
	sys_batch_end();
	CHECK(sys_stats.requests == req + 155, "batch: 155 requests counted");
	CHECK(sys_batch_result(m[0], m[1], &msg) == 0, "batch: the first address is added");
	r = sys_batch_result(m[1], m[2], &msg);
	CHECK(r == -EEXIST, "batch: the same again is -EEXIST: %d", r);
	CHECK(sys_batch_result(m[2], m[3], &msg) == 0, "batch: mtu set");
	r = sys_batch_result(m[3], m[4], &msg);
	CHECK(r == -ENODEV, "batch: a rename of no device is -ENODEV: %d (%s)", r, msg);
	CHECK(sys_batch_result(m[4], m[5], &msg) == 0, "batch: the rest after the failures all done");
	CHECK(sys_batch_result(m[0], m[5], &msg) == -EEXIST, "batch: the first failure of all is -EEXIST");
	CHECK(!strcmp(out("ip -o -4 addr show dev sm0 | grep -c ' 203\\.0\\.113\\.'"), "150") &&
	      strstr(out("ip -o -4 addr show dev sm0 to 198.51.100.2"), "198.51.100.2/32"),
	      "batch: ip sees all 151 addresses after the failures");
	CHECK(!strcmp(out("cat /sys/class/net/sm0/mtu"), "1400"), "batch: sysfs says mtu 1400");
	/* out of a batch, one at a time as before */
	CHECK(sys_addr_add(idx, &b) == -EEXIST, "after the batch: a request has its own result");
	sh("ip addr flush dev sm0; ip link set sm0 mtu 1500");
}

static void test_ethtool(void)
{
	struct ks_link l = { 0 };
	int r;

	snprintf(l.name, sizeof(l.name), "sm0");
	r = sys_read_ethtool(&l);
	CHECK(r == 0 && l.ethtool.read, "read ethtool of sm0: %d", r);
	CHECK(l.ethtool.feature[FEAT_TSO] == TRI_ON && !l.ethtool.feature_fixed[FEAT_TSO],
	      "veth: tso on and changeable");
	CHECK(l.ethtool.feature[FEAT_LRO] == TRI_OFF && l.ethtool.feature_fixed[FEAT_LRO],
	      "veth: lro off and fixed");

	r = sys_feature_set("sm0", FEAT_TSO, false);
	CHECK(r == 0 && strstr(out("ethtool -k sm0 | grep '^tcp-segmentation-offload'"), ": off"),
	      "tso off: %d (ethtool: %s)", r, out("ethtool -k sm0 | grep '^tcp-segmentation-offload'"));
	sys_read_ethtool(&l);
	CHECK(l.ethtool.feature[FEAT_TSO] == TRI_OFF, "read back: tso off");
	r = sys_feature_set("sm0", FEAT_TSO, true);
	CHECK(r == 0 && strstr(out("ethtool -k sm0 | grep '^tcp-segmentation-offload'"), ": on"),
	      "tso on: %d", r);
	r = sys_feature_set("sm0", FEAT_GRO, false);
	CHECK(r == 0 && strstr(out("ethtool -k sm0 | grep '^generic-receive-offload'"), ": off"),
	      "gro off: %d", r);
	r = sys_feature_set("sm0", FEAT_LRO, true);
	CHECK(r == -EOPNOTSUPP, "lro on (fixed off) is -EOPNOTSUPP (%d)", r);
	CHECK(sys_feature_set("nosuch0", FEAT_TSO, false) == -ENODEV, "missing link: -ENODEV");

	sys_read_ethtool(&l);
	if (l.ethtool.has_rings) {
		uint32_t want = l.ethtool.rx_max >= 128 ? 128 : l.ethtool.rx_max;

		r = sys_rings_set("sm0", want, 0);
		sys_read_ethtool(&l);
		CHECK(r == 0 && l.ethtool.rx == want, "rx ring %u: %d", want, r);
	} else {
		r = sys_rings_set("sm0", 128, 128);
		CHECK(r == -EOPNOTSUPP, "no rings on this NIC: set is -EOPNOTSUPP (%d)", r);
	}
}

static void test_misc(void)
{
	struct bond_conf b = { .mode = BOND_MODE_8023AD, .miimon = 100 };
	unsigned req = sys_stats.requests, dumps = sys_stats.dumps;
	struct kstate k = snap();
	int r;

	kstate_free(&k);
	CHECK(sys_stats.dumps == dumps + 4 && sys_stats.requests == req,
	      "a snapshot is four dumps (links, bridge VLANs, addresses, routes) and no request");
	CHECK(!sys_udev_running() && sys_udev_wait("sm0", 1000) == 0,
	      "udev is not waited for in a namespace of our own");
	/* This kernel may lack bonding and 8021q; then only the error is seen. */
	r = sys_bond_add("smbond", &b, BOND_F_MODE | BOND_F_MIIMON);
	printf("INFO: bond add: %d (%s) %s\n", r, strerror(r < 0 ? -r : 0), sys_last_error_msg());
	if (r > 0) {
		int idx = sys_ifindex("smbond");

		CHECK(r == idx, "bond add: its ifindex %d (%d)", r, idx);
		k = snap();
		const struct ks_link *l = ks_link_by_name(&k, "smbond");
		CHECK(l && l->kind == KS_KIND_BOND && l->bond.mode == 4 && l->bond.miimon == 100,
		      "bond: 802.3ad, miimon 100");
		kstate_free(&k);
		sys_link_delete(idx);
	}
	r = sys_vlan_add("sm0.7", sys_ifindex("sm0"), 7);
	printf("INFO: vlan add: %d (%s)\n", r, strerror(r < 0 ? -r : 0));
	if (r > 0) {
		CHECK(r == sys_ifindex("sm0.7"), "vlan add: its ifindex %d", r);
		k = snap();
		const struct ks_link *l = ks_link_by_name(&k, "sm0.7");
		CHECK(l && l->kind == KS_KIND_VLAN && l->vlan.id == 7 &&
		      l->vlan.parent == sys_ifindex("sm0"), "vlan 7 on sm0");
		kstate_free(&k);
		sys_link_delete(sys_ifindex("sm0.7"));
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--inner")) {
		snprintf(nsb, sizeof(nsb), "%s", argv[2]);
		CHECK(sys_open() == 0, "open");
		test_links();
		test_bridge();
		test_addr();
		test_batch();
		test_ethtool();
		test_misc();
		sys_close();
		return failed;
	}
	if (geteuid() != 0 || sh("ip netns list >/dev/null 2>&1") != 0) {
		printf("SKIP: sys (needs root and ip netns)\n");
		return 0;
	}
	snprintf(nsa, sizeof(nsa), "smoke-a-%d", (int)getpid());
	snprintf(nsb, sizeof(nsb), "smoke-b-%d", (int)getpid());
	if (sh("ip netns add %s && ip netns add %s && "
	       "ip -n %s link add sm0 type veth peer name sm1 netns %s && "
	       "ip -n %s link set lo up", nsa, nsb, nsa, nsb, nsa) != 0) {
		printf("SKIP: sys (cannot create namespaces with a veth pair)\n");
		failed = 0;
	} else {
		failed = sh("ip netns exec %s %s --inner %s", nsa, argv[0], nsb) != 0;
	}
	sh("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null", nsa, nsb);
	return failed;
}
