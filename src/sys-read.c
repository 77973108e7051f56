/* sys-read.c - the snapshot: links, addresses and default routes */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include "sys.h"
#include "sys-nl.h"

static int on_link(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *k = arg;
	int r;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	r = ks_grow((void **)&k->links, k->n_links, sizeof(*k->links));
	if (r < 0)
		return r;
	r = sys_parse_link(nlh, &k->links[k->n_links]);
	if (r < 0)
		return r;
	k->n_links++;
	return 0;
}

static int on_addr(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *k = arg;
	struct ks_addr x;
	int r;

	r = sys_parse_addr(nlh, &x);
	if (r <= 0)
		return r;
	r = ks_grow((void **)&k->addrs, k->n_addrs, sizeof(*k->addrs));
	if (r < 0)
		return r;
	k->addrs[k->n_addrs++] = x;
	return 0;
}

static int on_route(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *k = arg;
	struct ks_route x;
	int r;

	r = sys_parse_route(nlh, &x);
	if (r <= 0)
		return r;
	r = ks_grow((void **)&k->routes, k->n_routes, sizeof(*k->routes));
	if (r < 0)
		return r;
	k->routes[k->n_routes++] = x;
	return 0;
}

/* The VLANs of bridges and their ports go into the links already read. */
static int on_brvlan(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *k = arg;
	struct ks_vlans tmp;
	int ifindex = 0, r;

	memset(&tmp, 0, sizeof(tmp));
	r = sys_parse_brvlan(nlh, &ifindex, &tmp);
	if (r <= 0)
		return r;
	/* the links are indexed by now (snapshot_once): a search, not a scan */
	return ks_vlans_news(k, ifindex, &tmp);
}

/* RTM_GETLINK for AF_BRIDGE with IFLA_EXT_MASK asking for compressed VLAN
 * lists, the way `bridge vlan show` asks. */
static int dump_brvlan(struct kstate *k)
{
	struct {
		struct ifinfomsg ifi;
		struct nlattr nla;
		uint32_t mask;
	} req;

	memset(&req, 0, sizeof(req));
	req.ifi.ifi_family = AF_BRIDGE;
	req.nla.nla_type = IFLA_EXT_MASK;
	req.nla.nla_len = (uint16_t)(sizeof(req.nla) + sizeof(req.mask));
	req.mask = RTEXT_FILTER_BRVLAN_COMPRESSED;
	return sys_nl_dump(RTM_GETLINK, NLM_F_DUMP, &req, sizeof(req), on_brvlan, k);
}

/* A dump request into buf: the family header hdr, then one u32
 * attribute (type 0: none). Returns its length. */
static size_t dump_req(void *buf, const void *hdr, size_t hlen, int type, uint32_t val)
{
	struct nlattr nla = { .nla_type = (uint16_t)type,
	                      .nla_len = (uint16_t)(NLA_HDRLEN + sizeof(val)) };
	char *p = buf;

	memcpy(p, hdr, hlen);
	if (!type)
		return hlen;
	memset(p + hlen, 0, NLMSG_ALIGN(hlen) - hlen);
	p += NLMSG_ALIGN(hlen);
	memcpy(p, &nla, sizeof(nla));
	memcpy(p + NLA_HDRLEN, &val, sizeof(val));
	return NLMSG_ALIGN(hlen) + NLA_HDRLEN + sizeof(val);
}

static int snapshot_once(struct kstate *k)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct ifaddrmsg ifa = { .ifa_family = AF_UNSPEC };
	struct rtmsg rtm = { .rtm_family = AF_UNSPEC };
	uint64_t buf[8];
	size_t len;
	int r;

	/* Links without their counters (a third of each message). */
	len = dump_req(buf, &ifi, sizeof(ifi), IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	r = sys_nl_dump(RTM_GETLINK, NLM_F_DUMP, buf, len, on_link, k);
	if (r < 0)
		return r;
	kstate_index(k);        /* the VLAN dump finds its links by ifindex */
	r = dump_brvlan(k);
	if (r < 0)
		return r;
	r = sys_nl_dump(RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof(ifa), on_addr, k);
	if (r < 0)
		return r;
	/* Only the main table is read (sys_parse_route); a strict socket
	 * lets the kernel leave out the local table's routes (one per
	 * address, and IPv6 multicast per device). */
	if (sys_nl_strict)
		rtm.rtm_table = RT_TABLE_MAIN;
	len = dump_req(buf, &rtm, sizeof(rtm), sys_nl_strict ? RTA_TABLE : 0, RT_TABLE_MAIN);
	return sys_nl_dump(RTM_GETROUTE, NLM_F_DUMP, buf, len, on_route, k);
}

int sys_snapshot(struct kstate *out)
{
	struct kstate k;
	int r, tries;

	/* A dump interrupted by a concurrent change (udev renaming a NIC)
	 * is retried from scratch: the pieces must agree with each other. */
	for (tries = 0; tries < 5; tries++) {
		memset(&k, 0, sizeof(k));
		r = snapshot_once(&k);
		if (r != -EAGAIN)
			break;
		kstate_free(&k);
	}
	if (r < 0) {
		kstate_free(&k);
		return r;
	}
	/* Partner details, for the LACP verdicts; a bond without its proc
	 * file (no permission, a race with its removal) is judged without. */
	sys_read_procbond(&k);
	kstate_index(&k);       /* every lookup in it from here is a search */
	*out = k;
	return 0;
}

/* ---- news ---- */

static int on_news(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *k = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);
	struct ks_link l;
	struct ks_addr a;
	struct ks_route rt;
	int ifindex = 0, r;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
			return -EBADMSG;
		if (ifi->ifi_family == AF_BRIDGE) {
			struct ks_vlans v;

			memset(&v, 0, sizeof(v));
			r = sys_parse_brvlan(nlh, &ifindex, &v);
			if (r < 0)
				return r;
			return ks_vlans_news(k, ifindex, r > 0 && nlh->nlmsg_type != RTM_DELLINK ? &v : NULL);
		}
		if (nlh->nlmsg_type == RTM_DELLINK) {
			ks_link_gone(k, ifi->ifi_index);
			return 0;
		}
		r = sys_parse_link(nlh, &l);
		return r < 0 ? r : ks_link_news(k, &l);
	case RTM_NEWADDR:
	case RTM_DELADDR:
		r = sys_parse_addr(nlh, &a);
		return r <= 0 ? r : ks_addr_news(k, &a, nlh->nlmsg_type == RTM_DELADDR);
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		r = sys_parse_route(nlh, &rt);
		return r <= 0 ? r : ks_route_news(k, &rt, nlh->nlmsg_type == RTM_DELROUTE);
	}
	return 0;
}

int sys_events_news(struct kstate *k)
{
	int r = sys_nl_events(on_news, k);

	kstate_index(k);
	/* news lost (-ENOBUFS), not understood or not applied: read it all
	 * (a broken socket says so there) */
	return r < 0 ? 1 : 0;
}

static int on_one_link(struct nlmsghdr *nlh, void *arg)
{
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	return sys_parse_link(nlh, arg);
}

int sys_get_link(int ifindex, struct ks_link *l)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };

	memset(l, 0, sizeof(*l));
	return sys_nl_dump(RTM_GETLINK, 0, &ifi, sizeof(ifi), on_one_link, l);
}

int sys_ifindex(const char *name)
{
	unsigned idx = if_nametoindex(name);
	char now[IF_NAMESIZE];

	/* if_nametoindex() also matches altnames: only the device whose
	 * name it is counts */
	if (!idx || !if_indextoname(idx, now) || strcmp(now, name))
		return -ENODEV;
	return (int)idx;
}
