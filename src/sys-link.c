/* sys-link.c - RTM_NEWLINK/SETLINK/DELLINK: links, bonds, bridges, VLANs */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
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

/* Bond options. cur is the bond as it is (NULL for a new bond): only what
 * differs is sent, since the kernel refuses the mode, lacp_rate and
 * ad_select on a bond that is up even when the value is the same, and
 * lacp_rate outside 802.3ad mode (-EACCES). */
static int put_bond(struct nl_msg *msg, const struct bond_conf *b,
		    const struct ks_bond *cur, int *n)
{
	int mode = cur ? cur->mode : -1;
	int r = 0;

#define DIFF(field, want) (!cur || cur->field != (int)(want))
	if (DIFF(mode, b->mode)) {
		r |= nla_put_u8(msg, IFLA_BOND_MODE, (uint8_t)b->mode);
		mode = (int)b->mode;
		(*n)++;
	}
	if (DIFF(miimon, b->miimon)) {
		r |= nla_put_u32(msg, IFLA_BOND_MIIMON, (uint32_t)b->miimon);
		(*n)++;
	}
	/* A new bond starts with no delays, and the kernel refuses any
	 * delay, even 0, without miimon: send them only when meant. */
	if (DIFF(updelay, b->updelay) && (cur || b->updelay)) {
		r |= nla_put_u32(msg, IFLA_BOND_UPDELAY, (uint32_t)b->updelay);
		(*n)++;
	}
	if (DIFF(downdelay, b->downdelay) && (cur || b->downdelay)) {
		r |= nla_put_u32(msg, IFLA_BOND_DOWNDELAY, (uint32_t)b->downdelay);
		(*n)++;
	}
	if (DIFF(xmit_hash_policy, b->xmit_hash_policy)) {
		r |= nla_put_u8(msg, IFLA_BOND_XMIT_HASH_POLICY,
				(uint8_t)b->xmit_hash_policy);
		(*n)++;
	}
	if (mode == BOND_MODE_8023AD && DIFF(lacp_rate, b->lacp_rate)) {
		r |= nla_put_u8(msg, IFLA_BOND_AD_LACP_RATE, (uint8_t)b->lacp_rate);
		(*n)++;
	}
	if (DIFF(ad_select, b->ad_select)) {
		r |= nla_put_u8(msg, IFLA_BOND_AD_SELECT, (uint8_t)b->ad_select);
		(*n)++;
	}
	if (DIFF(min_links, b->min_links)) {
		r |= nla_put_u32(msg, IFLA_BOND_MIN_LINKS, (uint32_t)b->min_links);
		(*n)++;
	}
	if (b->primary[0]) {
		/* the kernel takes the port by ifindex and keeps its name; an
		 * absent NIC leaves the bond without a primary */
		int pi = sys_ifindex(b->primary);

		if (pi > 0 && DIFF(primary, pi)) {
			r |= nla_put_u32(msg, IFLA_BOND_PRIMARY, (uint32_t)pi);
			(*n)++;
		}
	}
#undef DIFF
	return r ? -EMSGSIZE : 0;
}

/* Fill msg (a new bond, or a change to the bond cur) and send it. A change
 * that carries nothing is not sent at all. */
static int send_bond(struct nl_msg *msg, const struct bond_conf *b,
		     const struct ks_bond *cur)
{
	struct nlattr *info, *data;
	int n = 0;

	if (begin_info(msg, "bond", &info, &data) < 0 ||
	    put_bond(msg, b, cur, &n) < 0)
		return put_fail(msg);
	if (cur && n == 0) {
		nlmsg_free(msg);
		return 0;
	}
	end_info(msg, info, data);
	return sys_nl_request(msg);
}

int sys_bond_add(const char *name, const struct bond_conf *b)
{
	struct nl_msg *msg;
	int r;

	r = new_link_msg(name, 0, &msg);
	if (r < 0)
		return r;
	return send_bond(msg, b, NULL);
}

int sys_bond_set(int ifindex, const struct bond_conf *b)
{
	struct nl_msg *msg;
	struct ks_link cur;
	int r;

	r = sys_get_link(ifindex, &cur);
	if (r < 0)
		return r;
	if (cur.kind != KS_KIND_BOND)
		return -EINVAL;
	msg = link_msg(RTM_NEWLINK, 0, ifindex);
	if (!msg)
		return -ENOMEM;
	return send_bond(msg, b, &cur.bond);
}

/* Bridge options; cur as for put_bond. Unchanged values stay out: a kernel
 * without CONFIG_BRIDGE_VLAN_FILTERING refuses even vlan_filtering 0. */
static int put_bridge(struct nl_msg *msg, const struct bridge_conf *b,
		      const struct ks_bridge *cur, int *n)
{
	int r = 0;

	if (cur ? cur->forward_delay != b->forward_delay : true) {
		r |= nla_put_u32(msg, IFLA_BR_FORWARD_DELAY, (uint32_t)b->forward_delay * 100);
		(*n)++;
	}
	if (cur ? cur->stp != b->stp : b->stp) {
		r |= nla_put_u32(msg, IFLA_BR_STP_STATE, b->stp ? 1 : 0);
		(*n)++;
	}
	if (cur ? cur->vlan_filtering != b->vlan_aware : b->vlan_aware) {
		r |= nla_put_u8(msg, IFLA_BR_VLAN_FILTERING, b->vlan_aware ? 1 : 0);
		(*n)++;
	}
	return r ? -EMSGSIZE : 0;
}

/* As send_bond(), for a bridge. */
static int send_bridge(struct nl_msg *msg, const struct bridge_conf *b,
		       const struct ks_bridge *cur)
{
	struct nlattr *info, *data;
	int n = 0;

	if (begin_info(msg, "bridge", &info, &data) < 0 ||
	    put_bridge(msg, b, cur, &n) < 0)
		return put_fail(msg);
	if (cur && n == 0) {
		nlmsg_free(msg);
		return 0;
	}
	end_info(msg, info, data);
	return sys_nl_request(msg);
}

int sys_bridge_add(const char *name, const struct bridge_conf *b)
{
	struct nl_msg *msg;
	int r;

	r = new_link_msg(name, 0, &msg);
	if (r < 0)
		return r;
	return send_bridge(msg, b, NULL);
}

/* Send what differs between b and cur; nothing at all when nothing does. */
static int bridge_change(int ifindex, const struct bridge_conf *b,
			 const struct ks_bridge *cur)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex);

	if (!msg)
		return -ENOMEM;
	return send_bridge(msg, b, cur);
}

int sys_bridge_set(int ifindex, const struct bridge_conf *b)
{
	struct ks_link cur;
	int r;

	r = sys_get_link(ifindex, &cur);
	if (r < 0)
		return r;
	if (cur.kind != KS_KIND_BRIDGE)
		return -EINVAL;
	/* The kernel applies the delay before the STP state and refuses a
	 * delay outside 2..30 s while STP runs: stop STP in a first step. */
	if (cur.bridge.stp && !b->stp && cur.bridge.forward_delay != b->forward_delay) {
		struct bridge_conf first = *b;

		first.forward_delay = cur.bridge.forward_delay;
		r = bridge_change(ifindex, &first, &cur.bridge);
		if (r < 0)
			return r;
		cur.bridge.stp = false;
		cur.bridge.vlan_filtering = b->vlan_aware;
	}
	return bridge_change(ifindex, b, &cur.bridge);
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
	return sys_nl_request(msg);
}
