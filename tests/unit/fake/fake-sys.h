/* fake-sys.h - a scripted, in-memory kernel behind src/sys.h, for the unit
 * tests of engine.c, apply.c and wait.c (netifd's system-dummy idea).
 *
 * fake-sys.c defines every sys_*() function the engine uses, so a test
 * binary links it in place of the sys-*.o objects: no #ifdef in src/. It
 * keeps one kernel (links, addresses, routes) and does to it what the real
 * kernel does with each request, side effects included (see fake-sys.c for
 * each, with the kernel function that does it). Tests script it: NICs that
 * appear late, faults, LACP partners, signals; and read it back.
 */
#ifndef EARLYNET_FAKE_SYS_H
#define EARLYNET_FAKE_SYS_H

#include <stdbool.h>
#include "kstate.h"

/* The kinds of write request, for faults and counting. */
enum fake_op {
	FAKE_ANY,               /* any write request */
	FAKE_RENAME, FAKE_ALTNAME_DEL, FAKE_SET_UP, FAKE_SET_DOWN, FAKE_MTU,
	FAKE_MAC, FAKE_MASTER, FAKE_DELETE, FAKE_BOND_ADD, FAKE_BOND_SET,
	FAKE_BRIDGE_ADD, FAKE_BRIDGE_SET, FAKE_VIDS /* and the pvid */, FAKE_VLAN_ADD,
	FAKE_ADDR_ADD, FAKE_ADDR_DEL, FAKE_ROUTE_ADD, FAKE_ROUTE_REPLACE,
	FAKE_ROUTE_DEL, FAKE_FEATURE, FAKE_RINGS, FAKE_IPV6,
	FAKE_OPS
};

/* A fresh kernel: only lo (ifindex 1), nothing scripted, counters zero. */
void fake_reset(void);
/* Free the kernel and close the event fds (the end of a test). */
void fake_free(void);
/* The kernel itself, to set a scene or look at the outcome. A test that
 * changes it by hand calls fake_changed() (indexes, events). */
struct kstate *fake_kernel(void);
void fake_changed(void);

/* A physical NIC, down, cable plugged (carrier once up); after_ms > 0: it
 * appears that long after now (a slow driver), with a link event. Returns
 * its ifindex (the one it will have). */
int fake_nic(const char *name, const char *mac, int after_ms);
/* The cable of a NIC: carrier follows it while the NIC is up. */
void fake_plug(const char *name, bool plugged);
/* Add an altname to a link (udev's enp1s0f0-style names). */
void fake_altname(const char *name, const char *altname);

/* LACP on every 802.3ad bond: a partner that answers (ports converge into
 * one aggregator) or none (ports defaulted, no partner). Default: answers. */
void fake_lacp_partner(bool answers);

/* net.ipv4.conf.*.promote_secondaries: off is the kernel's default (and
 * the initramfs'); systemd's 50-default.conf turns it on. */
void fake_promote_secondaries(bool on);

/* Fail the n-th write request from now (1 = the next), with -err. */
void fake_fail_nth(int n, int err);
/* Fail every request of kind k (FAKE_ANY: any) on the device now called
 * ifname (NULL: any device) with -err; at most 8 such rules. */
void fake_fail_op(enum fake_op k, const char *ifname, int err);
/* Raise sig inside the n-th write request from now, after it is done
 * (n > 0), or inside the n-th snapshot read from now (n < 0: -1 is the next). */
void fake_signal_at(int n, int sig);

/* Counters: write requests (sent, failed or not) and of one kind; snapshot
 * reads; calls to the calls that only record (udev waits, ethtool reads). */
unsigned fake_writes(void);
unsigned fake_writes_of(enum fake_op k);
unsigned fake_snapshots(void);
unsigned fake_udev_waits(void);
unsigned fake_ethtool_reads(void);
/* How often the node had a default route of a family and then, after a
 * request, none (management unreachable for a moment): 0 when every
 * change of gateway was a replace or an add before the delete. */
unsigned fake_default_losses(void);

/* Lookups in the kernel as it is now (NULL when absent): by name or
 * altname, as the kernel looks a name up. */
struct ks_link *fake_link(const char *name);
/* Is address ip/prefix ("10.1.1.1/24") on device name? Default route of
 * the family of gw via gw on device name? */
bool fake_has_addr(const char *name, const char *ip_prefix);
bool fake_has_default(const char *name, const char *gw);
/* The master of a link by name, "" for none. */
const char *fake_master(const char *name);

/* Request helpers for the honesty tests: add an address as `ip addr add`
 * (proto 0: not earlynet's), a default route as `ip route add`. */
void fake_ip_addr(const char *name, const char *ip_prefix);
void fake_ip_route(const char *name, const char *gw);

#endif
