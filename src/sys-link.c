/* sys-link.c - RTM_NEWLINK/SETLINK/DELLINK: links, bonds, bridges, VLANs */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "compare.h"
#include "sys.h"
#include "sys-nl.h"

static struct nl_msg *link_msg(int type, int flags, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };

	return sys_nl_msg(type, flags, &ifi, sizeof(ifi));
}

/* Build failures are only ever a full message: say so once. */
static int put_fail(struct nl_msg *msg)
{
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int sys_link_rename(int ifindex, const char *name)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex);

	if (!msg)
		return -ENOMEM;
	if (strlen(name) >= IFNAMSIZ) {
		nlmsg_free(msg);
		return -EINVAL;
	}
	if (nla_put_string(msg, IFLA_IFNAME, name) < 0)
		return put_fail(msg);
	return sys_nl_request(msg);
}

int sys_link_altname_del(int ifindex, const char *altname)
{
	struct nl_msg *msg = link_msg(RTM_DELLINKPROP, 0, ifindex);
	struct nlattr *list;

	if (!msg)
		return -ENOMEM;
	list = nla_nest_start(msg, IFLA_PROP_LIST);
	if (!list || nla_put_string(msg, IFLA_ALT_IFNAME, altname) < 0)
		return put_fail(msg);
	nla_nest_end(msg, list);
	return sys_nl_request(msg);
}

int sys_link_set_up(int ifindex, bool up)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_index = ifindex,
		.ifi_flags = up ? IFF_UP : 0,
		.ifi_change = IFF_UP,
	};

	return sys_nl_request(sys_nl_msg(RTM_NEWLINK, 0, &ifi, sizeof(ifi)));
}

int sys_link_set_mtu(int ifindex, int mtu)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, IFLA_MTU, (uint32_t)mtu) < 0)
		return put_fail(msg);
	return sys_nl_request(msg);
}

int sys_link_set_mac(int ifindex, const uint8_t mac[6])
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex);

	if (!msg)
		return -ENOMEM;
	if (nla_put(msg, IFLA_ADDRESS, 6, mac) < 0)
		return put_fail(msg);
	return sys_nl_request(msg);
}

int sys_link_set_master(int ifindex, int master_ifindex)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, IFLA_MASTER, (uint32_t)master_ifindex) < 0)
		return put_fail(msg);
	return sys_nl_request(msg);
}

int sys_link_set_ipv6_disabled(const char *ifname, bool off)
{
	char path[64 + IFNAMSIZ];
	int fd, e = 0;

	if (snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, off ? "1\n" : "0\n", 2) != 2)
		e = errno ? errno : EIO;
	if (close(fd) && !e)
		e = errno;
	return -e;
}

int sys_link_delete(int ifindex)
{
	return sys_nl_request(link_msg(RTM_DELLINK, 0, ifindex));
}

/* IFLA_LINKINFO { IFLA_INFO_KIND kind, IFLA_INFO_DATA { ... } }: opens both
 * nests, the caller fills the data and closes them with end_info(). */
static int begin_info(struct nl_msg *msg, const char *kind,
		      struct nlattr **info, struct nlattr **data)
{
	*info = nla_nest_start(msg, IFLA_LINKINFO);
	if (!*info || nla_put_string(msg, IFLA_INFO_KIND, kind) < 0)
		return -EMSGSIZE;
	*data = nla_nest_start(msg, IFLA_INFO_DATA);
	return *data ? 0 : -EMSGSIZE;
}

static void end_info(struct nl_msg *msg, struct nlattr *info, struct nlattr *data)
{
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
}

/* A new link of some kind, with its name (and parent, for a VLAN). */
static int new_link_msg(const char *name, int parent, struct nl_msg **ret)
{
	struct nl_msg *msg;

	if (strlen(name) >= IFNAMSIZ)
		return -EINVAL;
	msg = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
	    (parent > 0 && nla_put_u32(msg, IFLA_LINK, (uint32_t)parent) < 0))
		return put_fail(msg);
	*ret = msg;
	return 0;
}

/* The bond options named in fields (BOND_F_*), as the planner decided
 * from compare.c: nothing is compared again here. The kernel applies them
 * in its own order (the mode first, miimon before the delays). */
static int put_bond(struct nl_msg *msg, const struct bond_conf *b, unsigned fields)
{
	int r = 0;

	if (fields & BOND_F_MODE)
		r |= nla_put_u8(msg, IFLA_BOND_MODE, (uint8_t)b->mode);
	if (fields & BOND_F_MIIMON)
		r |= nla_put_u32(msg, IFLA_BOND_MIIMON, (uint32_t)b->miimon);
	if (fields & BOND_F_UPDELAY)
		r |= nla_put_u32(msg, IFLA_BOND_UPDELAY, (uint32_t)b->updelay);
	if (fields & BOND_F_DOWNDELAY)
		r |= nla_put_u32(msg, IFLA_BOND_DOWNDELAY, (uint32_t)b->downdelay);
	if (fields & BOND_F_HASH)
		r |= nla_put_u8(msg, IFLA_BOND_XMIT_HASH_POLICY, (uint8_t)b->xmit_hash_policy);
	if (fields & BOND_F_LACP_RATE)
		r |= nla_put_u8(msg, IFLA_BOND_AD_LACP_RATE, (uint8_t)b->lacp_rate);
	if (fields & BOND_F_AD_SELECT)
		r |= nla_put_u8(msg, IFLA_BOND_AD_SELECT, (uint8_t)b->ad_select);
	if (fields & BOND_F_MIN_LINKS)
		r |= nla_put_u32(msg, IFLA_BOND_MIN_LINKS, (uint32_t)b->min_links);
	/* the kernel takes the port by ifindex and keeps its name; the
	 * planner found it (an absent NIC leaves the bond without one) */
	if ((fields & BOND_F_PRIMARY) && b->primary_ifindex > 0)
		r |= nla_put_u32(msg, IFLA_BOND_PRIMARY, (uint32_t)b->primary_ifindex);
	return r ? -EMSGSIZE : 0;
}

static int put_bridge(struct nl_msg *msg, const struct bridge_conf *b, unsigned fields)
{
	int r = 0;

	if (fields & BRIDGE_F_FWD)
		r |= nla_put_u32(msg, IFLA_BR_FORWARD_DELAY, (uint32_t)b->forward_delay * 100);
	if (fields & BRIDGE_F_STP)
		r |= nla_put_u32(msg, IFLA_BR_STP_STATE, b->stp ? 1 : 0);
	if (fields & BRIDGE_F_VLAN)
		r |= nla_put_u8(msg, IFLA_BR_VLAN_FILTERING, b->vlan_aware ? 1 : 0);
	return r ? -EMSGSIZE : 0;
}

/* IFLA_LINKINFO of kind with the options in fields, then send; a new
 * link's name is given to learn its ifindex. */
static int send_info(struct nl_msg *msg, const char *kind, const struct bond_conf *bond,
		     const struct bridge_conf *bridge, unsigned fields, const char *name)
{
	struct nlattr *info, *data;

	if (begin_info(msg, kind, &info, &data) < 0 ||
	    (bond && put_bond(msg, bond, fields) < 0) ||
	    (bridge && put_bridge(msg, bridge, fields) < 0))
		return put_fail(msg);
	end_info(msg, info, data);
	return name ? sys_nl_create(msg, name) : sys_nl_request(msg);
}

int sys_bond_add(const char *name, const struct bond_conf *b, unsigned fields)
{
	struct nl_msg *msg;
	int r;

	r = new_link_msg(name, 0, &msg);
	if (r < 0)
		return r;
	return send_info(msg, "bond", b, NULL, fields, name);
}

int sys_bond_set(int ifindex, const struct bond_conf *b, unsigned fields)
{
	struct nl_msg *msg;

	if (!fields)
		return 0;
	msg = link_msg(RTM_NEWLINK, 0, ifindex);
	if (!msg)
		return -ENOMEM;
	return send_info(msg, "bond", b, NULL, fields, NULL);
}

int sys_bridge_add(const char *name, const struct bridge_conf *b, unsigned fields)
{
	struct nl_msg *msg;
	int r;

	r = new_link_msg(name, 0, &msg);
	if (r < 0)
		return r;
	return send_info(msg, "bridge", NULL, b, fields, name);
}

static int bridge_change(int ifindex, const struct bridge_conf *b, unsigned fields)
{
	struct nl_msg *msg;

	if (!fields)
		return 0;
	msg = link_msg(RTM_NEWLINK, 0, ifindex);
	if (!msg)
		return -ENOMEM;
	return send_info(msg, "bridge", NULL, b, fields, NULL);
}

int sys_bridge_set(int ifindex, const struct bridge_conf *b, unsigned fields)
{
	int r;

	/* The kernel applies the delay before the STP state and refuses a
	 * delay outside 2..30 s while STP runs: stop STP in a first step. */
	if ((fields & BRIDGE_F_STP) && !b->stp && (fields & BRIDGE_F_FWD)) {
		r = bridge_change(ifindex, b, BRIDGE_F_STP);
		if (r < 0)
			return r;
		fields &= ~(unsigned)BRIDGE_F_STP;
	}
	return bridge_change(ifindex, b, fields);
}

static int put_vinfo(struct nl_msg *msg, uint16_t flags, uint16_t vid)
{
	struct bridge_vlan_info vi = { .flags = flags, .vid = vid };

	return nla_put(msg, IFLA_BRIDGE_VLAN_INFO, sizeof(vi), &vi);
}

/* VLAN ids per message. The kernel handles a message under the RTNL lock
 * and, per id, updates every lower device's filter (a bond: each slave's
 * NIC): 4000 ids in one message keep a slow machine busy for seconds, in
 * which nothing else runs there. Short messages give it back in between;
 * 64 ids are at most 64 entries, well inside a page. */
#define VIDS_PER_MSG 64

static int vids_msg(int type, int ifindex, bool self, const struct vid_set *s,
		    unsigned *from, bool *more)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = ifindex };
	struct nl_msg *msg;
	struct nlattr *spec;
	struct vid_range r;
	unsigned n = 0;
	int e;

	*more = false;
	msg = sys_nl_msg(type, 0, &ifi, sizeof(ifi));
	if (!msg)
		return -ENOMEM;
	spec = nla_nest_start(msg, IFLA_AF_SPEC);
	if (!spec)
		return put_fail(msg);
	if (self && nla_put_u16(msg, IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_SELF) < 0)
		return put_fail(msg);
	while (n < VIDS_PER_MSG && vid_set_next(s, from, &r)) {
		if (r.hi - r.lo + 1u > VIDS_PER_MSG - n) {
			r.hi = (uint16_t)(r.lo + (VIDS_PER_MSG - n) - 1);
			*from = r.hi + 1u;
		}
		n += r.hi - r.lo + 1u;
		if (r.lo == r.hi)
			e = put_vinfo(msg, 0, r.lo);
		else
			e = put_vinfo(msg, BRIDGE_VLAN_INFO_RANGE_BEGIN, r.lo) |
			    put_vinfo(msg, BRIDGE_VLAN_INFO_RANGE_END, r.hi);
		if (e)
			return put_fail(msg);
	}
	*more = n == VIDS_PER_MSG;
	nla_nest_end(msg, spec);
	return sys_nl_request(msg);
}

int sys_bridge_vids(int ifindex, const struct vid_set *s, bool del)
{
	struct ks_link l;
	unsigned from = 1;
	bool more = true;
	int e;

	if (vid_set_empty(s))
		return 0;
	/* The bridge itself (for VLAN interfaces on top of it) takes the
	 * same request with BRIDGE_FLAGS_SELF, like `bridge vlan ... self`. */
	e = sys_get_link(ifindex, &l);
	if (e < 0)
		return e;
	for (;;) {
		unsigned peek = from;
		struct vid_range r;

		if (!more || !vid_set_next(s, &peek, &r))
			break;
		e = vids_msg(del ? RTM_DELLINK : RTM_SETLINK, ifindex,
			     l.kind == KS_KIND_BRIDGE, s, &from, &more);
		if (e < 0)
			return e;
	}
	return 0;
}

int sys_bridge_pvid(int ifindex, uint16_t vid)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = ifindex };
	struct nl_msg *msg;
	struct nlattr *spec;
	struct ks_link l;
	int e;

	if (vid < 1 || vid > EN_VID_MAX)
		return -EINVAL;
	e = sys_get_link(ifindex, &l);
	if (e < 0)
		return e;
	msg = sys_nl_msg(RTM_SETLINK, 0, &ifi, sizeof(ifi));
	if (!msg)
		return -ENOMEM;
	spec = nla_nest_start(msg, IFLA_AF_SPEC);
	if (!spec)
		return put_fail(msg);
	if (l.kind == KS_KIND_BRIDGE && nla_put_u16(msg, IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_SELF) < 0)
		return put_fail(msg);
	if (put_vinfo(msg, BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED, vid))
		return put_fail(msg);
	nla_nest_end(msg, spec);
	return sys_nl_request(msg);
}

int sys_vlan_add(const char *name, int parent_ifindex, uint16_t id)
{
	struct nl_msg *msg;
	struct nlattr *info, *data;
	int e;

	if (parent_ifindex <= 0 || id < 1 || id > 4094)
		return -EINVAL;
	e = new_link_msg(name, parent_ifindex, &msg);
	if (e < 0)
		return e;
	if (begin_info(msg, "vlan", &info, &data) < 0 ||
	    nla_put_u16(msg, IFLA_VLAN_ID, id) < 0)
		return put_fail(msg);
	end_info(msg, info, data);
	return sys_nl_create(msg, name);
}
