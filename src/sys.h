/* sys.h - the kernel boundary: every netlink, ethtool and udev operation.
 *
 * Only sys-*.c include libnl, <linux/ethtool.h> or libudev. Every function
 * returns 0 (or a count) on success and -errno on failure, and never logs
 * above debug: the caller decides and reports once.
 */
#ifndef EARLYNET_SYS_H
#define EARLYNET_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "kstate.h"

int sys_open(void);             /* the request socket; idempotent */
void sys_close(void);
/* The kernel's extended-ack text for the last failed request, "" if none. */
const char *sys_last_error_msg(void);

/* Dump links (with bond, port, bridge and VLAN details), addresses and
 * default routes of the main table into *out (free with kstate_free). */
int sys_snapshot(struct kstate *out);
/* Add what /proc/net/bonding/NAME says of every 802.3ad bond in k and its
 * ports (partner system, keys, speed, churn: ks_bond.has_proc). sys_snapshot
 * does this itself; the first error, the rest is read anyway. */
int sys_read_procbond(struct kstate *k);
/* Fill l->ethtool (features, rings) for one link. */
int sys_read_ethtool(struct ks_link *l);

/* The device whose name (not altname) it is: > 0, or -ENODEV. Only for a
 * device just created (apply learns its ifindex once); never to find one. */
int sys_ifindex(const char *name);

int sys_link_rename(int ifindex, const char *name);
/* Remove one alternative name of a link (RTM_DELLINKPROP), e.g. the
 * altname enp1s0f0 that a NIC must give up before it is renamed to it. */
int sys_link_altname_del(int ifindex, const char *altname);
int sys_link_set_up(int ifindex, bool up);
int sys_link_set_mtu(int ifindex, int mtu);
/* The MAC of a bond or bridge; from then on the kernel keeps it (a bond
 * does not take its first port's, a bridge not its lowest port's). */
int sys_link_set_mac(int ifindex, const uint8_t mac[6]);
int sys_link_set_master(int ifindex, int master_ifindex); /* 0 releases */
/* net.ipv6.conf.IFNAME.disable_ipv6 (rtnetlink cannot set it); -ENOENT
 * when the kernel has no IPv6 for the link. */
int sys_link_set_ipv6_disabled(const char *ifname, bool off);
int sys_link_delete(int ifindex);

/* Bonds and bridges with the options named in fields (BOND_F_*,
 * BRIDGE_F_* of compare.h), exactly those: the planner decided what
 * differs. An add (a VLAN's too) returns the new device's ifindex. The bond mode can only change while the bond is down and has no
 * ports (the planner arranges that). A set with no fields sends nothing. */
int sys_bond_add(const char *name, const struct bond_conf *b, unsigned fields);
int sys_bond_set(int ifindex, const struct bond_conf *b, unsigned fields);
int sys_bridge_add(const char *name, const struct bridge_conf *b, unsigned fields);
int sys_bridge_set(int ifindex, const struct bridge_conf *b, unsigned fields);
/* Add (del false) or remove VLANs s on a port of a vlan-aware bridge, as
 * tagged; given the bridge itself, on the bridge device ("self"). They go
 * as ranges, 64 ids to a message (the kernel holds its lock for a
 * whole message). */
int sys_bridge_vids(int ifindex, const struct vid_set *s, bool del);
/* VLAN vid becomes the pvid of a port of a vlan-aware bridge (or of the
 * bridge itself), egress untagged; added when it is not there. The old
 * pvid stays as a VLAN of the port, no longer the pvid. */
int sys_bridge_pvid(int ifindex, uint16_t vid);
int sys_vlan_add(const char *name, int parent_ifindex, uint16_t id);

int sys_addr_add(int ifindex, const struct en_addr *a);
/* The same with a point-to-point peer (IFA_ADDRESS); peer NULL for none. */
int sys_addr_add_peer(int ifindex, const struct en_addr *a, const struct en_addr *peer);
int sys_addr_del(int ifindex, const struct en_addr *a);
int sys_route_add_default(int ifindex, const struct en_addr *gw);
/* The default route of gw's family with our metric becomes this one
 * (NLM_F_REPLACE), one step with no moment without a default route. */
int sys_route_replace_default(int ifindex, const struct en_addr *gw);
int sys_route_del_default(int ifindex, const struct en_addr *gw);
/* route DST via GW dev ifindex, main table */
int sys_route_add(int ifindex, const struct en_addr *dst, const struct en_addr *gw);
int sys_route_del(int ifindex, const struct en_addr *dst, const struct en_addr *gw);

int sys_feature_set(const char *ifname, enum en_feature f, bool on);
/* 0 leaves a ring unchanged; values must already be clamped. */
int sys_rings_set(const char *ifname, uint32_t rx, uint32_t tx);

/* Batches. Between sys_batch_begin() and sys_batch_end(), the change
 * requests of the functions above are queued and go to the kernel several
 * to a sendmsg, their acks read together: when the queue fills, before
 * anything reads the kernel, at the end. Their return then says only
 * whether the request could be made. The kernel handles them in order and
 * goes on after a failure, as one at a time. sys_batch_mark() counts the
 * requests queued since the batch began; after sys_batch_end(),
 * sys_batch_result(from, to, &msg) is the first failure of requests
 * [from, to) and msg the kernel's words ("" if none); when none failed,
 * the ifindex of a device they made, else 0. Results last until the next
 * batch or request. */
void sys_batch_begin(void);
unsigned sys_batch_mark(void);
void sys_batch_end(void);
int sys_batch_result(unsigned from, unsigned to, const char **msg);

/* Link/address notifications (rtnetlink multicast), for the waits. */
int sys_events_open(void);      /* returns a pollable fd */
/* Read everything pending without blocking; returns how many link messages
 * arrived (any may have changed carrier, names, bond state). */
int sys_events_drain(void);
/* Read everything pending without blocking and apply it to k (a
 * snapshot of sys_snapshot(), kept up to date by this since): links,
 * their bridge VLANs, addresses and routes as announced, instead of
 * reading them all again. 0 when k is the kernel's state as far as
 * notifications tell (ethtool and /proc details stay as last read), 1
 * when some news was lost or not understood and k must be read again,
 * -errno. */
int sys_events_news(struct kstate *k);
void sys_events_close(void);

/* Wait until udev has initialized the NIC (when udevd runs and we are not
 * in a network namespace of our own). 0 when ready or udev is absent,
 * -ETIMEDOUT, -EINTR on a signal. Compiled out (always 0) without udev. */
int sys_udev_wait(const char *ifname, int timeout_ms);
bool sys_udev_running(void);

/* ARP on one interface (AF_PACKET, SOCK_DGRAM: the kernel adds the
 * Ethernet header), for wait-online's gateway probe. open returns a
 * non-blocking pollable fd; send broadcasts pkt; recv returns the length
 * of one packet read, 0 when none is pending. */
int sys_arp_open(int ifindex);
int sys_arp_send(int fd, int ifindex, const uint8_t *pkt, size_t len);
int sys_arp_recv(int fd, uint8_t *buf, size_t len);
void sys_arp_close(int fd);

/* LLDP, receive only (sys-lldp.c): listen on a port (idempotent), read
 * whatever arrived without blocking (how many ports heard a new neighbour),
 * the neighbour a port last heard ("sw-b Ethernet1/7") or NULL. */
int sys_lldp_listen(int ifindex, const char *name);
int sys_lldp_poll(void);
const char *sys_lldp_neighbour(const char *name);
void sys_lldp_close(void);

/* Counters, for the benchmarks and for "a second up changes nothing". */
struct sys_stats {
	unsigned requests;      /* netlink messages sent that change state */
	unsigned dumps;         /* dump requests */
	unsigned ioctls;        /* ethtool ioctls */
};
extern struct sys_stats sys_stats;

const char *feature_name(enum en_feature f);   /* "tso", "gso", ... */

#endif
