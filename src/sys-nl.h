/* sys-nl.h - shared plumbing of the sys-*.c files (not for the rest) */
#ifndef EARLYNET_SYS_NL_H
#define EARLYNET_SYS_NL_H

#include <netlink/msg.h>
#include "kstate.h"

/* Send a change request, wait for the ack, free msg (NULL gives -ENOMEM).
 * Counts in sys_stats.requests; the kernel's errno comes back as -errno
 * and its extended-ack text, if any, in sys_last_error_msg(). */
int sys_nl_request(struct nl_msg *msg);

/* The same for a request that makes the link name: a get of it goes in
 * the same sendmsg, behind. Its ifindex (> 0) or -errno. */
int sys_nl_create(struct nl_msg *msg, const char *name);

/* A new request message (NLM_F_REQUEST is added on send) carrying hdr. */
struct nl_msg *sys_nl_msg(int type, int flags, const void *hdr, size_t len);

/* Dump (or, without NLM_F_DUMP in flags, get) type with the family header
 * hdr; fn sees every answer and stops the walk by returning < 0.
 * An interrupted dump (the kernel's tables changed meanwhile) is -EAGAIN. */
typedef int (*sys_nl_fn)(struct nlmsghdr *nlh, void *arg);
int sys_nl_dump(int type, int flags, const void *hdr, size_t len,
		sys_nl_fn fn, void *arg);

int sys_nl_errno(int nle);          /* libnl NLE_* (negative) -> -errno */
/* The request socket checks dump requests strictly and filters by their
 * headers (NETLINK_GET_STRICT_CHK, Linux 4.20): set by sys_open(). */
extern bool sys_nl_strict;

/* Every notification pending on the event socket, without blocking, to
 * fn; after fn's first error the rest is read and dropped. 0, fn's error,
 * -ENOBUFS when some were lost (the socket overran), -errno. */
int sys_nl_events(sys_nl_fn fn, void *arg);

/* sys-parse.c: one RTM_NEWLINK message into l (zeroed first; also on
 * error). No socket needed. */
int sys_parse_link(struct nlmsghdr *nlh, struct ks_link *l);
/* sys-parse.c: one RTM_NEWADDR (RTM_NEWROUTE) message into x (zeroed
 * first): 1 when it is an IPv4/IPv6 address (a default unicast route of
 * the main table with an output interface), 0 when it is to be skipped,
 * -errno on a malformed message. RTM_DELADDR (RTM_DELROUTE) the same. */
int sys_parse_addr(struct nlmsghdr *nlh, struct ks_addr *x);
int sys_parse_route(struct nlmsghdr *nlh, struct ks_route *x);
/* sys-parse.c: one AF_BRIDGE RTM_NEWLINK (dumped with RTEXT_FILTER_BRVLAN)
 * into the VLAN fields of l; *ifindex says whose. 1 when it held VLANs,
 * 0 when not, -errno on a malformed message; RTM_DELLINK (a port left
 * its bridge) says whose, with none. */
int sys_parse_brvlan(struct nlmsghdr *nlh, int *ifindex, struct ks_vlans *l);
/* sys-read.c: the current state of one link. */
int sys_get_link(int ifindex, struct ks_link *l);

#endif
