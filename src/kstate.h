/* kstate.h - the observed state: a snapshot of the live links, addresses
 * and default routes, as read by sys_snapshot(). Plain data, no libnl. */
#ifndef EARLYNET_KSTATE_H
#define EARLYNET_KSTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "model.h"

enum ks_kind {
	KS_KIND_OTHER,  /* physical NIC, veth, anything else */
	KS_KIND_BOND,
	KS_KIND_BRIDGE,
	KS_KIND_VLAN,
};

/* 802.3ad port state bits (IEEE 802.1AX), as in IFLA_BOND_SLAVE_AD_*_PORT_STATE */
#define LACP_STATE_ACTIVITY        0x01
#define LACP_STATE_TIMEOUT         0x02
#define LACP_STATE_AGGREGATION     0x04
#define LACP_STATE_SYNCHRONIZATION 0x08
#define LACP_STATE_COLLECTING      0x10
#define LACP_STATE_DISTRIBUTING    0x20
#define LACP_STATE_DEFAULTED       0x40
#define LACP_STATE_EXPIRED         0x80

struct ks_bond {
	int mode, miimon, xmit_hash_policy, lacp_rate, min_links, ad_select;
	int updelay, downdelay;
	int primary;                /* IFLA_BOND_PRIMARY: ifindex, 0 for none */
	bool has_ad_info;           /* IFLA_BOND_AD_INFO present */
	uint16_t ad_aggregator;     /* active aggregator id */
	uint16_t ad_num_ports;
	uint8_t ad_partner_mac[6];
	/* From /proc/net/bonding/NAME (802.3ad bonds; has_proc false when
	 * it could not be read): what netlink does not carry. */
	bool has_proc;
	uint8_t ad_system_mac[6];   /* "System MAC address": our LACP system id */
	uint16_t ad_actor_key, ad_partner_key; /* of the active aggregator */
};

/* IFLA_INFO_SLAVE_DATA of a bond port */
struct ks_bond_port {
	bool valid;
	int state;                  /* IFLA_BOND_SLAVE_STATE: 0 active, 1 backup */
	int mii_status;             /* 0 up */
	uint8_t perm_hwaddr[6];     /* the bond's record of the port's permanent MAC */
	bool has_perm_hwaddr;
	uint16_t ad_aggregator_id;
	uint8_t ad_actor_oper_port_state;
	uint16_t ad_partner_oper_port_state;
	/* From /proc/net/bonding/NAME, has_proc true when the port was there */
	bool has_proc;
	int speed;                  /* Mb/s, 0 unknown */
	int duplex;                 /* 1 full, 0 half, -1 unknown */
	bool actor_churned, partner_churned;
	uint16_t actor_key;
	uint8_t partner_system[6];  /* partner system MAC, all-zero without LACPDU */
	uint16_t partner_key, partner_port;
};

struct ks_bridge {
	bool stp;
	int forward_delay;          /* seconds (kernel keeps centiseconds) */
	bool vlan_filtering;
};

struct ks_vlan {
	uint16_t id;
	int parent;                 /* ifindex of IFLA_LINK */
};

/* ethtool state of a configured NIC (read only for those) */
enum en_feature { FEAT_TSO, FEAT_GSO, FEAT_GRO, FEAT_LRO, FEAT_COUNT };

struct ks_ethtool {
	bool read;                  /* sys_read_ethtool() ran on this link */
	enum tristate feature[FEAT_COUNT]; /* TRI_UNSET: not supported/unknown */
	bool feature_fixed[FEAT_COUNT];    /* the driver cannot change it */
	bool has_rings;             /* ETHTOOL_GRINGPARAM answered */
	uint32_t rx, tx, rx_max, tx_max;
};

#define KS_ALTNAMES 4

/* The VLAN ids of a bridge port or of a bridge itself ("self"), as the
 * AF_BRIDGE dump gives them: 1 KiB, so out of line (most links have none). */
struct ks_vlans {
	struct vid_set vids;        /* every id, the pvid included */
	struct vid_set untagged;
	uint16_t pvid;              /* 0 for none */
};

struct ks_link {
	int ifindex;
	char name[EN_NAME_MAX];
	char kind_name[16];         /* IFLA_INFO_KIND, "" for none */
	enum ks_kind kind;
	uint8_t mac[6];             /* current address */
	uint8_t perm_mac[6];        /* IFLA_PERM_ADDRESS */
	bool has_perm_mac;
	int mtu;
	unsigned flags;             /* IFF_* */
	bool carrier;
	uint32_t carrier_changes;
	int master;                 /* ifindex of IFLA_MASTER, 0 for none */
	char master_kind[16];       /* IFLA_INFO_SLAVE_KIND, "" for none */
	struct ks_bond bond;        /* kind == KS_KIND_BOND */
	struct ks_bond_port port;   /* master is a bond */
	struct ks_bridge bridge;    /* kind == KS_KIND_BRIDGE */
	struct ks_vlan vlan;        /* kind == KS_KIND_VLAN */
	struct ks_ethtool ethtool;
	/* VLANs of a bridge port, or of a bridge itself ("self"), from the
	 * AF_BRIDGE dump; has_vlans false when the kernel sent none. vlans is
	 * the snapshot's own allocation (kstate_free() frees it), non-NULL
	 * exactly when has_vlans: a link is copied out of a snapshot only to
	 * be read. */
	bool has_vlans;
	struct ks_vlans *vlans;
	uint16_t pvid;              /* vlans->pvid, 0 for none */
	/* Alternative names (IFLA_PROP_LIST, `ip link property add ... altname`;
	 * udev hands out enp1s0f0-style ones): they share the namespace of
	 * names, so each is a name this link holds. Only those short enough
	 * to be an interface name (the file's names are); the first few. */
	char altnames[KS_ALTNAMES][EN_NAME_MAX];
	int n_altnames;
	/* net.ipv6.conf.NAME.disable_ipv6 from IFLA_AF_SPEC/AF_INET6: 0 when
	 * the kernel did not say (no IPv6), else EN_IPV6_ON or EN_IPV6_OFF */
	int ipv6;
};
#define EN_IPV6_ON 1
#define EN_IPV6_OFF 2

/* The IFA_PROTO value earlynet puts on every address it adds (Linux 6.1
 * and later keep it and report it; older kernels drop it, and then
 * earlynet removes no address on its own). 0-3 are the kernel's. */
#define EN_IFA_PROTO 69

struct ks_addr {
	int ifindex;
	struct en_addr addr;        /* line unused */
	uint8_t proto;              /* IFA_PROTO, 0 when none */
	bool dynamic;               /* a lifetime (SLAAC, DHCP): not permanent */
	struct en_addr peer;        /* IFA_ADDRESS when not IFA_LOCAL; family 0 */
};

struct ks_route {                   /* routes via a gateway in the main table */
	int ifindex;
	struct en_addr gw;          /* family set; gateway address */
	struct en_addr dst;         /* prefix 0 (and family 0): the default route */
};

struct ks_index;                    /* kstate.c: lookups by ifindex, name, MAC */

struct kstate {
	struct ks_link *links;  int n_links;
	struct ks_addr *addrs;  int n_addrs;
	struct ks_route *routes; int n_routes;
	struct ks_index *idx;   /* NULL: the lookups scan links */
};

const struct ks_link *ks_link_by_name(const struct kstate *k, const char *name);
const struct ks_link *ks_link_by_index(const struct kstate *k, int ifindex);
/* The NIC whose permanent MAC (or, for a bond port, the bond's record of it;
 * or, lacking both, current MAC) is mac. NULL when none. */
const struct ks_link *ks_link_by_mac(const struct kstate *k, const uint8_t mac[6]);
/* Build the lookup index of k->links and k->addrs (sorted arrays, O(n log n)), so the
 * three lookups above cost O(log n) instead of a scan: sys_snapshot() does
 * it once per snapshot. Call it again after changing a link's ifindex, name
 * or MACs; adding or removing links makes the lookups scan until then. Out
 * of memory leaves no index, and the lookups scan: slower, same answers. */
void kstate_index(struct kstate *k);
/* The addresses of ifindex, in their order in k->addrs: the first one's
 * position, then each next one's, -1 after the last. Chained by
 * kstate_index() (then no scan), scans otherwise. */
int ks_addr_first(const struct kstate *k, int ifindex);
int ks_addr_next(const struct kstate *k, int i);
void kstate_free(struct kstate *k);

/* Makes room in an array of the snapshot (links, addrs, routes) for entry
 * n: capacity is a power of two, at least 8, so it doubles when n is 0 or
 * such a power. 0, or -ENOMEM with *arr unchanged. */
int ks_grow(void **arr, int n, size_t size);

/* News: what a notification says, applied to the snapshot instead of
 * reading it again (sys_events_news()). Each returns 0, or -ENOMEM with k
 * unchanged. Call kstate_index() after a run of them. */
/* l as the kernel announced it: it replaces the link of its ifindex,
 * keeping what no notification carries (ethtool, the AF_BRIDGE VLANs,
 * the /proc bonding details), or joins the links. */
int ks_link_news(struct kstate *k, const struct ks_link *l);
/* The link of ifindex is gone, and its addresses and routes with it. */
void ks_link_gone(struct kstate *k, int ifindex);
/* The AF_BRIDGE VLANs of ifindex (v NULL: none). Unknown links are left
 * alone. 0, or -ENOMEM with k unchanged. */
int ks_vlans_news(struct kstate *k, int ifindex, const struct ks_vlans *v);
/* The VLANs of l made (empty) when it has none: has_vlans true after, NULL
 * when out of memory. For the readers of the AF_BRIDGE dump and tests. */
struct ks_vlans *ks_link_vlans(struct ks_link *l);
/* An address (a route) came, changed (same interface, address and
 * prefix; same interface, destination and gateway) or, gone true, went. */
int ks_addr_news(struct kstate *k, const struct ks_addr *a, bool gone);
int ks_route_news(struct kstate *k, const struct ks_route *r, bool gone);

#endif
