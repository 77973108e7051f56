/* sys-parse.c - rtnetlink answers (links, addresses, routes) into kstate
 * structs: pure message parsing with the nla_ and nlmsg_ helpers of libnl, no
 * socket, so that it can be fuzzed on its own (tests/fuzz/fuzz-linkinfo.c). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/if_addr.h>
#include <netinet/in.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "sys-nl.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000    /* <linux/if.h>, which clashes with <net/if.h> */
#endif

/* Without a policy nlmsg_parse() fails only on a header shorter than the
 * family header (NLE_MSG_TOOSHORT); sys_nl_errno() maps that the same way,
 * but lives with the socket code. */
static int parse_errno(int nle)
{
	return nle == -NLE_MSG_TOOSHORT ? -EBADMSG : -EINVAL;
}

/* Attributes are read without a libnl policy: one odd attribute (a tunnel's
 * 4-byte address) must not fail the whole dump. Lengths are checked here. */
static bool get_u8(const struct nlattr *a, int *v)
{
	if (!a || nla_len(a) < 1)
		return false;
	*v = nla_get_u8((struct nlattr *)a);
	return true;
}

static bool get_u16(const struct nlattr *a, uint16_t *v)
{
	if (!a || nla_len(a) < 2)
		return false;
	*v = nla_get_u16((struct nlattr *)a);
	return true;
}

static bool get_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) < 4)
		return false;
	*v = nla_get_u32((struct nlattr *)a);
	return true;
}

static bool get_int(const struct nlattr *a, int *v)
{
	uint32_t u;

	if (!get_u32(a, &u))
		return false;
	*v = (int)u;
	return true;
}

static bool get_mac(const struct nlattr *a, uint8_t mac[6])
{
	static const uint8_t zero[6];

	if (!a || nla_len(a) != 6)
		return false;
	memcpy(mac, nla_data(a), 6);
	return memcmp(mac, zero, 6) != 0;
}

static void parse_bond(struct nlattr *data, struct ks_bond *b)
{
	struct nlattr *tb[IFLA_BOND_MAX + 1], *ad[IFLA_BOND_AD_INFO_MAX + 1];
	uint16_t u16;

	if (!data || nla_parse_nested(tb, IFLA_BOND_MAX, data, NULL) < 0)
		return;
	get_u8(tb[IFLA_BOND_MODE], &b->mode);
	get_int(tb[IFLA_BOND_MIIMON], &b->miimon);
	get_u8(tb[IFLA_BOND_XMIT_HASH_POLICY], &b->xmit_hash_policy);
	get_u8(tb[IFLA_BOND_AD_LACP_RATE], &b->lacp_rate);
	get_int(tb[IFLA_BOND_MIN_LINKS], &b->min_links);
	get_u8(tb[IFLA_BOND_AD_SELECT], &b->ad_select);
	get_int(tb[IFLA_BOND_UPDELAY], &b->updelay);
	get_int(tb[IFLA_BOND_DOWNDELAY], &b->downdelay);
	get_int(tb[IFLA_BOND_PRIMARY], &b->primary);
	/* Only in 802.3ad mode, and only once an aggregator is active. */
	if (!tb[IFLA_BOND_AD_INFO] ||
	    nla_parse_nested(ad, IFLA_BOND_AD_INFO_MAX, tb[IFLA_BOND_AD_INFO], NULL) < 0)
		return;
	b->has_ad_info = true;
	if (get_u16(ad[IFLA_BOND_AD_INFO_AGGREGATOR], &u16))
		b->ad_aggregator = u16;
	if (get_u16(ad[IFLA_BOND_AD_INFO_NUM_PORTS], &u16))
		b->ad_num_ports = u16;
	get_mac(ad[IFLA_BOND_AD_INFO_PARTNER_MAC], b->ad_partner_mac);
}

static void parse_bond_port(struct nlattr *data, struct ks_bond_port *p)
{
	struct nlattr *tb[IFLA_BOND_SLAVE_MAX + 1];
	int v;

	if (!data || nla_parse_nested(tb, IFLA_BOND_SLAVE_MAX, data, NULL) < 0)
		return;
	p->valid = true;
	get_u8(tb[IFLA_BOND_SLAVE_STATE], &p->state);
	get_u8(tb[IFLA_BOND_SLAVE_MII_STATUS], &p->mii_status);
	p->has_perm_hwaddr = get_mac(tb[IFLA_BOND_SLAVE_PERM_HWADDR], p->perm_hwaddr);
	get_u16(tb[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID], &p->ad_aggregator_id);
	if (get_u8(tb[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE], &v))
		p->ad_actor_oper_port_state = (uint8_t)v;
	get_u16(tb[IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE],
		&p->ad_partner_oper_port_state);
}

static void parse_bridge(struct nlattr *data, struct ks_bridge *b)
{
	struct nlattr *tb[IFLA_BR_MAX + 1];
	uint32_t u;
	int v;

	if (!data || nla_parse_nested(tb, IFLA_BR_MAX, data, NULL) < 0)
		return;
	if (get_u32(tb[IFLA_BR_STP_STATE], &u))
		b->stp = u != 0;
	/* clock_t: USER_HZ (100) ticks a second */
	if (get_u32(tb[IFLA_BR_FORWARD_DELAY], &u))
		b->forward_delay = (int)((u + 50) / 100);
	if (get_u8(tb[IFLA_BR_VLAN_FILTERING], &v))
		b->vlan_filtering = v != 0;
}

static void parse_vlan(struct nlattr *data, struct ks_vlan *vl)
{
	struct nlattr *tb[IFLA_VLAN_MAX + 1];

	if (!data || nla_parse_nested(tb, IFLA_VLAN_MAX, data, NULL) < 0)
		return;
	get_u16(tb[IFLA_VLAN_ID], &vl->id);
}

/* IFLA_LINKINFO: what the link is, and what its master says about it. */
static void parse_linkinfo(struct nlattr *info, struct ks_link *l)
{
	struct nlattr *tb[IFLA_INFO_MAX + 1];

	if (!info || nla_parse_nested(tb, IFLA_INFO_MAX, info, NULL) < 0)
		return;
	if (tb[IFLA_INFO_KIND])
		nla_strlcpy(l->kind_name, tb[IFLA_INFO_KIND], sizeof(l->kind_name));
	if (tb[IFLA_INFO_SLAVE_KIND])
		nla_strlcpy(l->master_kind, tb[IFLA_INFO_SLAVE_KIND], sizeof(l->master_kind));

	if (!strcmp(l->kind_name, "bond")) {
		l->kind = KS_KIND_BOND;
		parse_bond(tb[IFLA_INFO_DATA], &l->bond);
	} else if (!strcmp(l->kind_name, "bridge")) {
		l->kind = KS_KIND_BRIDGE;
		parse_bridge(tb[IFLA_INFO_DATA], &l->bridge);
	} else if (!strcmp(l->kind_name, "vlan")) {
		l->kind = KS_KIND_VLAN;
		parse_vlan(tb[IFLA_INFO_DATA], &l->vlan);
	}
	if (!strcmp(l->master_kind, "bond"))
		parse_bond_port(tb[IFLA_INFO_SLAVE_DATA], &l->port);
}

/* IFLA_PROP_LIST { IFLA_ALT_IFNAME "enp1s0f0", ... }: the altnames that
 * could be an interface name (shorter than IFNAMSIZ). */
static void parse_altnames(struct nlattr *list, struct ks_link *l)
{
	struct nlattr *a;
	int rem;

	if (!list)
		return;
	nla_for_each_nested(a, list, rem) {
		int len = nla_len(a);

		if (nla_type(a) != IFLA_ALT_IFNAME || len < 2 || len > EN_NAME_MAX ||
		    l->n_altnames >= KS_ALTNAMES)
			continue;
		/* the kernel sends it with its NUL; one without is cut */
		nla_strlcpy(l->altnames[l->n_altnames], a, EN_NAME_MAX);
		if (l->altnames[l->n_altnames][0])
			l->n_altnames++;
	}
}

/* IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_CONF s32[DEVCONF_MAX] } }: the
 * link's disable_ipv6. */
static void parse_inet6(struct nlattr *spec, struct ks_link *l)
{
	struct nlattr *a, *b;
	int rem, rem2;
	int32_t v;

	if (!spec)
		return;
	nla_for_each_nested(a, spec, rem) {
		if (nla_type(a) != AF_INET6)
			continue;
		nla_for_each_nested(b, a, rem2) {
			if (nla_type(b) != IFLA_INET6_CONF ||
			    nla_len(b) < (int)sizeof(int32_t) * (DEVCONF_DISABLE_IPV6 + 1))
				continue;
			memcpy(&v, (const char *)nla_data(b) + sizeof(int32_t) * DEVCONF_DISABLE_IPV6,
			       sizeof(v));
			l->ipv6 = v ? EN_IPV6_OFF : EN_IPV6_ON;
		}
	}
}

int sys_parse_link(struct nlmsghdr *nlh, struct ks_link *l)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct ifinfomsg *ifi;
	int v, r;

	memset(l, 0, sizeof(*l));
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return -EBADMSG;
	r = nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, NULL);
	if (r < 0)
		return parse_errno(r);
	ifi = nlmsg_data(nlh);
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	if (tb[IFLA_IFNAME])
		nla_strlcpy(l->name, tb[IFLA_IFNAME], sizeof(l->name));
	get_mac(tb[IFLA_ADDRESS], l->mac);
	l->has_perm_mac = get_mac(tb[IFLA_PERM_ADDRESS], l->perm_mac);
	get_int(tb[IFLA_MTU], &l->mtu);
	if (get_u8(tb[IFLA_CARRIER], &v))
		l->carrier = v != 0;
	else
		l->carrier = (ifi->ifi_flags & IFF_LOWER_UP) != 0;
	get_u32(tb[IFLA_CARRIER_CHANGES], &l->carrier_changes);
	get_int(tb[IFLA_MASTER], &l->master);
	parse_linkinfo(tb[IFLA_LINKINFO], l);
	parse_altnames(tb[IFLA_PROP_LIST], l);
	parse_inet6(tb[IFLA_AF_SPEC], l);
	if (l->kind == KS_KIND_VLAN)
		get_int(tb[IFLA_LINK], &l->vlan.parent);
	return 0;
}

/* IFLA_AF_SPEC of an AF_BRIDGE link message: IFLA_BRIDGE_VLAN_INFO entries,
 * single ids or RANGE_BEGIN/RANGE_END pairs (the compressed dump). */
int sys_parse_brvlan(struct nlmsghdr *nlh, int *ifindex, struct ks_vlans *l)
{
	struct nlattr *tb[IFLA_MAX + 1], *a;
	struct ifinfomsg *ifi;
	unsigned begin = 0;
	int rem, r, found = 0;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return 0;
	r = nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, NULL);
	if (r < 0)
		return parse_errno(r);
	ifi = nlmsg_data(nlh);
	*ifindex = ifi->ifi_index;
	if (!tb[IFLA_AF_SPEC])
		return 0;
	nla_for_each_nested(a, tb[IFLA_AF_SPEC], rem) {
		struct bridge_vlan_info vi;
		unsigned lo, hi;

		if (nla_type(a) != IFLA_BRIDGE_VLAN_INFO || nla_len(a) < (int)sizeof(vi))
			continue;
		memcpy(&vi, nla_data(a), sizeof(vi));
		if (vi.vid < 1 || vi.vid > EN_VID_MAX)
			continue;
		if (vi.flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) {
			begin = vi.vid;
			continue;
		}
		lo = hi = vi.vid;
		if ((vi.flags & BRIDGE_VLAN_INFO_RANGE_END) && begin && begin <= hi)
			lo = begin;
		begin = 0;
		vid_set_add(&l->vids, lo, hi);
		if (vi.flags & BRIDGE_VLAN_INFO_UNTAGGED)
			vid_set_add(&l->untagged, lo, hi);
		if (vi.flags & BRIDGE_VLAN_INFO_PVID)
			l->pvid = (uint16_t)lo;
		found = 1;
	}
	return found;
}

int sys_parse_addr(struct nlmsghdr *nlh, struct ks_addr *x)
{
	struct nlattr *tb[IFA_MAX + 1], *a;
	struct ifaddrmsg *ifa;
	int len, r;

	memset(x, 0, sizeof(*x));
	if (nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR)
		return 0;
	r = nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, NULL);
	if (r < 0)
		return parse_errno(r);
	ifa = nlmsg_data(nlh);
	if (ifa->ifa_family == AF_INET)
		len = 4;
	else if (ifa->ifa_family == AF_INET6)
		len = 16;
	else
		return 0;
	/* IFA_ADDRESS is the peer on point-to-point links; IFA_LOCAL ours. */
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || nla_len(a) != len)
		return 0;
	x->ifindex = (int)ifa->ifa_index;
	x->proto = tb[IFA_PROTO] ? nla_get_u8(tb[IFA_PROTO]) : 0;
	x->dynamic = !((tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags) &
		       IFA_F_PERMANENT);
	x->addr.family = ifa->ifa_family;
	x->addr.prefix = ifa->ifa_prefixlen;
	memcpy(x->addr.bytes, nla_data(a), (size_t)len);
	if (tb[IFA_LOCAL] && tb[IFA_ADDRESS] && nla_len(tb[IFA_ADDRESS]) == len &&
	    memcmp(nla_data(tb[IFA_ADDRESS]), nla_data(tb[IFA_LOCAL]), (size_t)len)) {
		x->peer.family = ifa->ifa_family;
		memcpy(x->peer.bytes, nla_data(tb[IFA_ADDRESS]), (size_t)len);
	}
	return 1;
}

int sys_parse_route(struct nlmsghdr *nlh, struct ks_route *x)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct rtmsg *rtm;
	uint32_t table;
	int oif = 0, len, r;

	memset(x, 0, sizeof(*x));
	if (nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE)
		return 0;
	r = nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, NULL);
	if (r < 0)
		return parse_errno(r);
	rtm = nlmsg_data(nlh);
	if (rtm->rtm_family == AF_INET)
		len = 4;
	else if (rtm->rtm_family == AF_INET6)
		len = 16;
	else
		return 0;
	table = rtm->rtm_table;
	get_u32(tb[RTA_TABLE], &table);
	if (table != RT_TABLE_MAIN || rtm->rtm_type != RTN_UNICAST ||
	    !get_int(tb[RTA_OIF], &oif))
		return 0;
	/* other than the default route, only routes via a gateway: the
	 * kernel's own subnet routes are not the file's */
	if (rtm->rtm_dst_len != 0 &&
	    (!tb[RTA_GATEWAY] || nla_len(tb[RTA_GATEWAY]) != len ||
	     !tb[RTA_DST] || nla_len(tb[RTA_DST]) != len))
		return 0;
	x->ifindex = oif;
	x->gw.family = rtm->rtm_family;
	if (tb[RTA_GATEWAY] && nla_len(tb[RTA_GATEWAY]) == len)
		memcpy(x->gw.bytes, nla_data(tb[RTA_GATEWAY]), (size_t)len);
	if (rtm->rtm_dst_len != 0) {
		x->dst.family = rtm->rtm_family;
		x->dst.prefix = rtm->rtm_dst_len;
		memcpy(x->dst.bytes, nla_data(tb[RTA_DST]), (size_t)len);
	}
	return 1;
}
