/* fuzz-linkinfo.c - libFuzzer target: rtnetlink answers through sys-parse.c
 *
 * The first input byte picks where the rest goes:
 *   0  the payload of an RTM_NEWLINK (ifinfomsg + attributes), as received
 *   1  the inside of IFLA_LINKINFO of a well-formed RTM_NEWLINK
 *   2  IFLA_INFO_DATA of a link whose IFLA_INFO_KIND is "bond"
 *   3  IFLA_INFO_SLAVE_DATA of a port whose IFLA_INFO_SLAVE_KIND is "bond"
 *   4  the payload of an RTM_NEWADDR
 *   5  the payload of an RTM_NEWROUTE
 * so that the fuzzer reaches the bond, AD info and port parsing at once.
 * Every result is checked against what the parser promises (sys-nl.h).
 *
 * At start-up a few hand-built messages go through the parser and their
 * fields are compared with what was put in: a parser that fuzzes clean but
 * reads the wrong attribute fails here. With FUZZ_LINKINFO_SEEDS=dir set,
 * those messages are also written to dir as seeds (tests/fuzz/seed/). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "sys-nl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { M_LINK, M_LINKINFO, M_BOND, M_PORT, M_ADDR, M_ROUTE, M_COUNT };

#define MASTER_IFINDEX 7
#define LINK_IFINDEX   3
#define BUF_MAX        (256 * 1024)

/* A message under construction; u32 storage keeps it 4-byte aligned. */
struct msg {
	uint32_t words[BUF_MAX / 4];
	size_t len;
};

static uint8_t *at(struct msg *m, size_t off)
{
	return (uint8_t *)m->words + off;
}

static void put(struct msg *m, const void *p, size_t n)
{
	if (m->len + NLMSG_ALIGN(n) > sizeof(m->words))
		abort();
	memset(at(m, m->len), 0, NLMSG_ALIGN(n));
	if (n)
		memcpy(at(m, m->len), p, n);
	m->len += NLMSG_ALIGN(n);
}

static void start(struct msg *m, uint16_t type, const void *fam, size_t famlen)
{
	struct nlmsghdr h = { .nlmsg_type = type, .nlmsg_flags = NLM_F_MULTI };

	m->len = 0;
	put(m, &h, sizeof(h));
	put(m, fam, famlen);
}

static void finish(struct msg *m)
{
	((struct nlmsghdr *)at(m, 0))->nlmsg_len = (uint32_t)m->len;
}

/* Attributes: nest() returns the offset that end() closes. */
static size_t nest(struct msg *m, uint16_t type)
{
	struct nlattr a = { .nla_type = type | NLA_F_NESTED };
	size_t off = m->len;

	put(m, &a, sizeof(a));
	return off;
}

static void end(struct msg *m, size_t off)
{
	((struct nlattr *)at(m, off))->nla_len = (uint16_t)(m->len - off);
}

static void attr(struct msg *m, uint16_t type, const void *p, size_t n)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + n), .nla_type = type };

	put(m, &a, sizeof(a));
	put(m, p, n);
}

static void attr_u8(struct msg *m, uint16_t type, uint8_t v)   { attr(m, type, &v, 1); }
static void attr_u16(struct msg *m, uint16_t type, uint16_t v) { attr(m, type, &v, 2); }
static void attr_u32(struct msg *m, uint16_t type, uint32_t v) { attr(m, type, &v, 4); }
static void attr_str(struct msg *m, uint16_t type, const char *s)
{
	attr(m, type, s, strlen(s) + 1);
}

static void link_start(struct msg *m, const char *name)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC, .ifi_index = LINK_IFINDEX,
		.ifi_flags = 0x11043, /* UP BROADCAST RUNNING MULTICAST LOWER_UP */
	};

	start(m, RTM_NEWLINK, &ifi, sizeof(ifi));
	attr_str(m, IFLA_IFNAME, name);
}

/* The fuzz input in its place (see the top); false when it cannot be one
 * netlink attribute (nla_len is 16 bits). */
static bool build(struct msg *m, int mode, const uint8_t *p, size_t n)
{
	size_t li, d;

	if (mode >= M_LINKINFO && mode <= M_PORT && n > 60000)
		return false;
	switch (mode) {
	case M_LINK:
		start(m, RTM_NEWLINK, NULL, 0);
		put(m, p, n);
		break;
	case M_LINKINFO:
		link_start(m, "fz0");
		attr(m, IFLA_LINKINFO, p, n);
		break;
	case M_BOND:
		link_start(m, "bond0");
		li = nest(m, IFLA_LINKINFO);
		attr_str(m, IFLA_INFO_KIND, "bond");
		attr(m, IFLA_INFO_DATA, p, n);
		end(m, li);
		break;
	case M_PORT:
		link_start(m, "eth0");
		attr_u32(m, IFLA_MASTER, MASTER_IFINDEX);
		li = nest(m, IFLA_LINKINFO);
		attr_str(m, IFLA_INFO_SLAVE_KIND, "bond");
		d = nest(m, IFLA_INFO_SLAVE_DATA);
		put(m, p, n);
		end(m, d);
		end(m, li);
		break;
	case M_ADDR:
		start(m, RTM_NEWADDR, NULL, 0);
		put(m, p, n);
		break;
	case M_ROUTE:
		start(m, RTM_NEWROUTE, NULL, 0);
		put(m, p, n);
		break;
	}
	finish(m);
	/* put() padded the input; the header tells its true length */
	if (mode == M_LINK || mode == M_ADDR || mode == M_ROUTE)
		((struct nlmsghdr *)at(m, 0))->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + n);
	return true;
}

static void fail(const char *what)
{
	fprintf(stderr, "fuzz-linkinfo: invariant broken: %s\n", what);
	abort();
}

#define CHECK(cond) do { if (!(cond)) fail(#cond); } while (0)

static bool zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static bool terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

static void check_link(int mode, const struct nlmsghdr *h, int r, const struct ks_link *l)
{
	size_t fam = NLMSG_HDRLEN + sizeof(struct ifinfomsg);
	const struct ifinfomsg *ifi;

	CHECK(r == 0 || r == -EBADMSG);
	/* malformed only when the family header does not fit */
	CHECK((r < 0) == (h->nlmsg_len < fam));
	if (r < 0) {
		CHECK(zero(l, sizeof(*l)));
		return;
	}
	ifi = (const struct ifinfomsg *)((const uint8_t *)h + NLMSG_HDRLEN);
	CHECK(l->ifindex == ifi->ifi_index);
	CHECK(l->flags == ifi->ifi_flags);
	CHECK(terminated(l->name, sizeof(l->name)));
	CHECK(terminated(l->kind_name, sizeof(l->kind_name)));
	CHECK(terminated(l->master_kind, sizeof(l->master_kind)));
	CHECK((l->kind == KS_KIND_BOND) == !strcmp(l->kind_name, "bond"));
	CHECK((l->kind == KS_KIND_BRIDGE) == !strcmp(l->kind_name, "bridge"));
	CHECK((l->kind == KS_KIND_VLAN) == !strcmp(l->kind_name, "vlan"));
	CHECK(l->kind == KS_KIND_BOND || zero(&l->bond, sizeof(l->bond)));
	CHECK(l->kind == KS_KIND_BRIDGE || zero(&l->bridge, sizeof(l->bridge)));
	CHECK(l->kind == KS_KIND_VLAN || zero(&l->vlan, sizeof(l->vlan)));
	CHECK(!strcmp(l->master_kind, "bond") || zero(&l->port, sizeof(l->port)));
	CHECK(l->bond.has_ad_info || (l->bond.ad_aggregator == 0 &&
		l->bond.ad_num_ports == 0 &&
		zero(l->bond.ad_partner_mac, sizeof(l->bond.ad_partner_mac))));
	/* has_* says the address is there and not all zeros */
	CHECK(l->has_perm_mac == !zero(l->perm_mac, sizeof(l->perm_mac)));
	CHECK(l->port.has_perm_hwaddr ==
	      !zero(l->port.perm_hwaddr, sizeof(l->port.perm_hwaddr)));
	CHECK(l->port.valid || zero(&l->port, sizeof(l->port)));
	CHECK(l->bridge.forward_delay >= 0);
	CHECK(zero(&l->ethtool, sizeof(l->ethtool)));
	switch (mode) {
	case M_LINKINFO:
		CHECK(!strcmp(l->name, "fz0"));
		break;
	case M_BOND:
		CHECK(!strcmp(l->name, "bond0"));
		CHECK(l->kind == KS_KIND_BOND);
		CHECK(l->master == 0 && l->master_kind[0] == '\0');
		break;
	case M_PORT:
		CHECK(!strcmp(l->name, "eth0"));
		CHECK(l->kind == KS_KIND_OTHER);
		CHECK(l->master == MASTER_IFINDEX);
		CHECK(!strcmp(l->master_kind, "bond"));
		CHECK(l->port.valid);
		break;
	}
}

static void check_addr(const struct nlmsghdr *h, int r, const struct ks_addr *x)
{
	const struct ifaddrmsg *ifa;

	CHECK(r == 1 || r == 0 || r == -EBADMSG);
	CHECK((r < 0) == (h->nlmsg_len < NLMSG_HDRLEN + sizeof(*ifa)));
	if (r != 1) {
		CHECK(zero(x, sizeof(*x)));
		return;
	}
	ifa = (const struct ifaddrmsg *)((const uint8_t *)h + NLMSG_HDRLEN);
	CHECK(x->addr.family == AF_INET || x->addr.family == AF_INET6);
	CHECK(x->addr.family == ifa->ifa_family);
	CHECK(x->addr.prefix == ifa->ifa_prefixlen);
	CHECK(x->ifindex == (int)ifa->ifa_index);
}

static void check_route(const struct nlmsghdr *h, int r, const struct ks_route *x)
{
	const struct rtmsg *rtm;

	CHECK(r == 1 || r == 0 || r == -EBADMSG);
	CHECK((r < 0) == (h->nlmsg_len < NLMSG_HDRLEN + sizeof(*rtm)));
	if (r != 1) {
		CHECK(zero(x, sizeof(*x)));
		return;
	}
	rtm = (const struct rtmsg *)((const uint8_t *)h + NLMSG_HDRLEN);
	CHECK(x->gw.family == AF_INET || x->gw.family == AF_INET6);
	CHECK(x->gw.family == rtm->rtm_family);
	CHECK(rtm->rtm_type == RTN_UNICAST);
	/* a default route, or a route to a destination via a gateway */
	if (rtm->rtm_dst_len == 0) {
		CHECK(x->dst.family == 0);
	} else {
		CHECK(x->dst.family == rtm->rtm_family);
		CHECK(x->dst.prefix == rtm->rtm_dst_len);
	}
}

static struct msg m;

static void run(int mode)
{
	struct nlmsghdr *h = (struct nlmsghdr *)at(&m, 0);
	struct ks_link l;
	struct ks_addr a;
	struct ks_route rt;

	/* poisoned: the parser must clear what it does not fill */
	memset(&l, 0xa5, sizeof(l));
	memset(&a, 0xa5, sizeof(a));
	memset(&rt, 0xa5, sizeof(rt));
	if (mode == M_ADDR)
		check_addr(h, sys_parse_addr(h, &a), &a);
	else if (mode == M_ROUTE)
		check_route(h, sys_parse_route(h, &rt), &rt);
	else
		check_link(mode, h, sys_parse_link(h, &l), &l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int mode;

	if (size < 1)
		return 0;
	mode = data[0] % M_COUNT;
	if (!build(&m, mode, data + 1, size - 1))
		return 0;
	run(mode);
	return 0;
}

/* ---- the known messages ---- */

static const uint8_t partner[6] = { 0x02, 0x00, 0x00, 0x5e, 0x10, 0x01 };
static const uint8_t permhw[6]  = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* Writes the input that build(mode) turns back into m's payload. */
static void seed(const char *dir, const char *name, int mode, size_t from)
{
	char path[4096];
	uint8_t b = (uint8_t)mode;
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	if (!f || fwrite(&b, 1, 1, f) != 1 ||
	    fwrite(at(&m, from), 1, m.len - from, f) != m.len - from || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void known_bond(const char *dir)
{
	struct ks_link l;
	size_t li, d, ad;

	link_start(&m, "bond0");
	attr_u32(&m, IFLA_MTU, 9000);
	li = nest(&m, IFLA_LINKINFO);
	attr_str(&m, IFLA_INFO_KIND, "bond");
	d = nest(&m, IFLA_INFO_DATA);
	attr_u8(&m, IFLA_BOND_MODE, 4);
	attr_u32(&m, IFLA_BOND_MIIMON, 100);
	attr_u8(&m, IFLA_BOND_XMIT_HASH_POLICY, 1);
	attr_u8(&m, IFLA_BOND_AD_LACP_RATE, 1);
	attr_u32(&m, IFLA_BOND_MIN_LINKS, 1);
	attr_u32(&m, IFLA_BOND_UPDELAY, 200);
	attr_u32(&m, IFLA_BOND_DOWNDELAY, 0);
	ad = nest(&m, IFLA_BOND_AD_INFO);
	attr_u16(&m, IFLA_BOND_AD_INFO_AGGREGATOR, 2);
	attr_u16(&m, IFLA_BOND_AD_INFO_NUM_PORTS, 2);
	attr_u16(&m, IFLA_BOND_AD_INFO_ACTOR_KEY, 15);
	attr_u16(&m, IFLA_BOND_AD_INFO_PARTNER_KEY, 9);
	attr(&m, IFLA_BOND_AD_INFO_PARTNER_MAC, partner, 6);
	end(&m, ad);
	end(&m, d);
	end(&m, li);
	finish(&m);
	CHECK(sys_parse_link((struct nlmsghdr *)at(&m, 0), &l) == 0);
	check_link(M_LINK, (struct nlmsghdr *)at(&m, 0), 0, &l);
	CHECK(!strcmp(l.name, "bond0") && l.ifindex == LINK_IFINDEX && l.mtu == 9000);
	CHECK(l.kind == KS_KIND_BOND && !strcmp(l.kind_name, "bond"));
	CHECK(l.bond.mode == 4 && l.bond.miimon == 100 && l.bond.xmit_hash_policy == 1);
	CHECK(l.bond.lacp_rate == 1 && l.bond.min_links == 1);
	CHECK(l.bond.updelay == 200 && l.bond.downdelay == 0);
	CHECK(l.bond.has_ad_info && l.bond.ad_aggregator == 2 && l.bond.ad_num_ports == 2);
	CHECK(!memcmp(l.bond.ad_partner_mac, partner, 6));
	CHECK(l.carrier);       /* no IFLA_CARRIER: IFF_LOWER_UP decides */
	seed(dir, "built-bond-8023ad", M_LINK, NLMSG_HDRLEN);
	seed(dir, "built-bond-data", M_BOND, d + NLA_HDRLEN);
}

static void known_port(const char *dir)
{
	struct ks_link l;
	size_t li, d;

	link_start(&m, "eth0");
	attr_u32(&m, IFLA_MASTER, MASTER_IFINDEX);
	attr_u8(&m, IFLA_CARRIER, 0);
	attr_u32(&m, IFLA_CARRIER_CHANGES, 5);
	li = nest(&m, IFLA_LINKINFO);
	attr_str(&m, IFLA_INFO_SLAVE_KIND, "bond");
	d = nest(&m, IFLA_INFO_SLAVE_DATA);
	attr_u8(&m, IFLA_BOND_SLAVE_STATE, 1);
	attr_u8(&m, IFLA_BOND_SLAVE_MII_STATUS, 0);
	attr_u32(&m, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, 0);
	attr(&m, IFLA_BOND_SLAVE_PERM_HWADDR, permhw, 6);
	attr_u16(&m, IFLA_BOND_SLAVE_QUEUE_ID, 0);
	attr_u16(&m, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, 2);
	attr_u8(&m, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, 0x3d);
	attr_u16(&m, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, 0x3d);
	end(&m, d);
	end(&m, li);
	finish(&m);
	CHECK(sys_parse_link((struct nlmsghdr *)at(&m, 0), &l) == 0);
	check_link(M_LINK, (struct nlmsghdr *)at(&m, 0), 0, &l);
	CHECK(l.master == MASTER_IFINDEX && !strcmp(l.master_kind, "bond"));
	CHECK(!l.carrier && l.carrier_changes == 5);
	CHECK(l.kind == KS_KIND_OTHER && l.kind_name[0] == '\0');
	CHECK(l.port.valid && l.port.state == 1 && l.port.mii_status == 0);
	CHECK(l.port.has_perm_hwaddr && !memcmp(l.port.perm_hwaddr, permhw, 6));
	CHECK(l.port.ad_aggregator_id == 2);
	CHECK(l.port.ad_actor_oper_port_state == 0x3d);
	CHECK(l.port.ad_partner_oper_port_state == 0x3d);
	seed(dir, "built-bond-port", M_LINK, NLMSG_HDRLEN);
	seed(dir, "built-bond-port-data", M_PORT, d + NLA_HDRLEN);
}

static void known_bridge_vlan(const char *dir)
{
	struct ks_link l;
	size_t li, d;

	link_start(&m, "vmbr0");
	attr(&m, IFLA_PERM_ADDRESS, permhw, 6);
	li = nest(&m, IFLA_LINKINFO);
	attr_str(&m, IFLA_INFO_KIND, "bridge");
	d = nest(&m, IFLA_INFO_DATA);
	attr_u32(&m, IFLA_BR_FORWARD_DELAY, 1499);
	attr_u32(&m, IFLA_BR_STP_STATE, 1);
	attr_u8(&m, IFLA_BR_VLAN_FILTERING, 1);
	end(&m, d);
	end(&m, li);
	finish(&m);
	CHECK(sys_parse_link((struct nlmsghdr *)at(&m, 0), &l) == 0);
	check_link(M_LINK, (struct nlmsghdr *)at(&m, 0), 0, &l);
	CHECK(l.kind == KS_KIND_BRIDGE && l.has_perm_mac);
	CHECK(l.bridge.stp && l.bridge.vlan_filtering && l.bridge.forward_delay == 15);
	seed(dir, "built-bridge-linkinfo", M_LINKINFO, li + NLA_HDRLEN);

	link_start(&m, "vmbr0.10");
	attr_u32(&m, IFLA_LINK, 9);
	/* a 4-byte address (tunnels): ignored, not a failure */
	attr(&m, IFLA_ADDRESS, "\x0a\x00\x00\x01", 4);
	li = nest(&m, IFLA_LINKINFO);
	attr_str(&m, IFLA_INFO_KIND, "vlan");
	d = nest(&m, IFLA_INFO_DATA);
	attr_u16(&m, IFLA_VLAN_ID, 10);
	end(&m, d);
	end(&m, li);
	finish(&m);
	CHECK(sys_parse_link((struct nlmsghdr *)at(&m, 0), &l) == 0);
	check_link(M_LINK, (struct nlmsghdr *)at(&m, 0), 0, &l);
	CHECK(l.kind == KS_KIND_VLAN && l.vlan.id == 10 && l.vlan.parent == 9);
	CHECK(zero(l.mac, sizeof(l.mac)));
	seed(dir, "built-vlan", M_LINK, NLMSG_HDRLEN);

	/* too short for the ifinfomsg */
	start(&m, RTM_NEWLINK, NULL, 0);
	put(&m, "\0\0\0\0", 4);
	finish(&m);
	CHECK(sys_parse_link((struct nlmsghdr *)at(&m, 0), &l) == -EBADMSG);
	CHECK(zero(&l, sizeof(l)));
}

static void known_addr_route(const char *dir)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = 5 };
	struct rtmsg rtm = {
		.rtm_family = AF_INET, .rtm_table = RT_TABLE_MAIN,
		.rtm_type = RTN_UNICAST, .rtm_protocol = RTPROT_STATIC,
	};
	struct ks_addr a;
	struct ks_route rt;

	start(&m, RTM_NEWADDR, &ifa, sizeof(ifa));
	attr(&m, IFA_ADDRESS, "\xc0\xa8\x00\x02", 4);
	attr(&m, IFA_LOCAL, "\xc0\xa8\x00\x01", 4);
	attr_str(&m, IFA_LABEL, "vmbr0");
	finish(&m);
	CHECK(sys_parse_addr((struct nlmsghdr *)at(&m, 0), &a) == 1);
	CHECK(a.ifindex == 5 && a.addr.family == AF_INET && a.addr.prefix == 24);
	CHECK(!memcmp(a.addr.bytes, "\xc0\xa8\x00\x01", 4));   /* IFA_LOCAL wins */
	seed(dir, "built-addr-v4", M_ADDR, NLMSG_HDRLEN);

	start(&m, RTM_NEWROUTE, &rtm, sizeof(rtm));
	attr_u32(&m, RTA_TABLE, RT_TABLE_MAIN);
	attr(&m, RTA_GATEWAY, "\xc0\xa8\x00\xfe", 4);
	attr_u32(&m, RTA_OIF, 5);
	finish(&m);
	CHECK(sys_parse_route((struct nlmsghdr *)at(&m, 0), &rt) == 1);
	CHECK(rt.ifindex == 5 && rt.gw.family == AF_INET);
	CHECK(!memcmp(rt.gw.bytes, "\xc0\xa8\x00\xfe", 4));
	seed(dir, "built-route-v4", M_ROUTE, NLMSG_HDRLEN);

	/* another table: skipped */
	start(&m, RTM_NEWROUTE, &rtm, sizeof(rtm));
	attr_u32(&m, RTA_TABLE, 100);
	attr_u32(&m, RTA_OIF, 5);
	finish(&m);
	CHECK(sys_parse_route((struct nlmsghdr *)at(&m, 0), &rt) == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_LINKINFO_SEEDS");

	(void)argc;
	(void)argv;
	known_bond(dir);
	known_port(dir);
	known_bridge_vlan(dir);
	known_addr_route(dir);
	return 0;
}
