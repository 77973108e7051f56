/* sys-addr.c - addresses and default routes (main table) */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "sys.h"
#include "sys-nl.h"

static int addr_len(const struct en_addr *a)
{
	if (a->family == AF_INET)
		return 4;
	if (a->family == AF_INET6)
		return 16;
	return -EAFNOSUPPORT;
}

static int addr_msg(int type, int flags, int ifindex, const struct en_addr *a,
		    const struct en_addr *peer)
{
	struct ifaddrmsg ifa = {
		.ifa_family = (uint8_t)a->family,
		.ifa_prefixlen = a->prefix,
		.ifa_scope = RT_SCOPE_UNIVERSE,
		.ifa_index = (uint32_t)ifindex,
	};
	struct nl_msg *msg;
	int len = addr_len(a), e;

	if (len < 0)
		return len;
	if (a->prefix > len * 8)
		return -EINVAL;
	msg = sys_nl_msg(type, flags, &ifa, sizeof(ifa));
	if (!msg)
		return -ENOMEM;
	e = nla_put(msg, IFA_LOCAL, len, a->bytes);
	if (type == RTM_NEWADDR) {
		/* The far end of a point-to-point address: the kernel routes
		 * it on the link, so a gateway there is reachable. */
		e |= nla_put(msg, IFA_ADDRESS, len, peer ? peer->bytes : a->bytes);
		/* Ours: a later run removes only what carries this mark. */
		e |= nla_put_u8(msg, IFA_PROTO, EN_IFA_PROTO);
		/* As ifupdown does: the kernel does not derive it itself. */
		if (!peer && a->family == AF_INET && a->prefix < 31) {
			uint32_t ip, host = a->prefix ? ~0u >> a->prefix : ~0u;

			memcpy(&ip, a->bytes, 4);
			ip |= htonl(host);
			e |= nla_put(msg, IFA_BROADCAST, 4, &ip);
		}
	}
	if (e) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return sys_nl_request(msg);
}

int sys_addr_add(int ifindex, const struct en_addr *a)
{
	return addr_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, a, NULL);
}

int sys_addr_add_peer(int ifindex, const struct en_addr *a, const struct en_addr *peer)
{
	if (peer && peer->family != a->family)
		return -EINVAL;
	return addr_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, a, peer);
}

int sys_addr_del(int ifindex, const struct en_addr *a)
{
	return addr_msg(RTM_DELADDR, 0, ifindex, a, NULL);
}

static bool is_zero(const uint8_t *b, int len)
{
	for (int i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static int route_msg(int type, int flags, int ifindex, const struct en_addr *gw,
		     const struct en_addr *dst)
{
	int len = addr_len(gw);
	bool has_gw = len > 0 && !is_zero(gw->bytes, len);
	struct rtmsg rtm = {
		.rtm_family = (uint8_t)gw->family,
		.rtm_dst_len = dst ? dst->prefix : 0,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = type == RTM_NEWROUTE ? RTPROT_STATIC : RTPROT_UNSPEC,
		/* Deleting: RT_SCOPE_NOWHERE matches a route of any scope. */
		.rtm_scope = type == RTM_DELROUTE ? RT_SCOPE_NOWHERE :
			     has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK,
		.rtm_type = RTN_UNICAST,
	};
	struct nl_msg *msg;
	int e;

	if (len < 0)
		return len;
	msg = sys_nl_msg(type, flags, &rtm, sizeof(rtm));
	if (!msg)
		return -ENOMEM;
	e = nla_put_u32(msg, RTA_TABLE, RT_TABLE_MAIN);
	e |= nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex);
	if (has_gw)
		e |= nla_put(msg, RTA_GATEWAY, len, gw->bytes);
	if (dst && dst->prefix)
		e |= nla_put(msg, RTA_DST, len, dst->bytes);
	if (e) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return sys_nl_request(msg);
}

int sys_route_add_default(int ifindex, const struct en_addr *gw)
{
	return route_msg(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, ifindex, gw, NULL);
}

int sys_route_replace_default(int ifindex, const struct en_addr *gw)
{
	return route_msg(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, ifindex, gw, NULL);
}

int sys_route_add(int ifindex, const struct en_addr *dst, const struct en_addr *gw)
{
	if (dst->family != gw->family)
		return -EINVAL;
	return route_msg(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, ifindex, gw, dst);
}

int sys_route_del(int ifindex, const struct en_addr *dst, const struct en_addr *gw)
{
	if (dst->family != gw->family)
		return -EINVAL;
	return route_msg(RTM_DELROUTE, 0, ifindex, gw, dst);
}

int sys_route_del_default(int ifindex, const struct en_addr *gw)
{
	return route_msg(RTM_DELROUTE, 0, ifindex, gw, NULL);
}
