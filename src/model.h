/* model.h - the desired state: what the configuration file asks for */
#ifndef EARLYNET_MODEL_H
#define EARLYNET_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <net/if.h>

#define EN_NAME_MAX   IFNAMSIZ /* 16: 15 characters and the NUL */
#define EN_MAX_ADDRS  32       /* addresses on one interface */
#define EN_MAX_PORTS  32       /* members of one bond or bridge */
#define EN_MAX_ROUTES 16       /* route = DEST via GW on one interface */
#define EN_PATH_MAX   4096

/* "Unchanged" is a value: a key left out of the file is never written. */
enum tristate { TRI_UNSET = -1, TRI_OFF = 0, TRI_ON = 1 };
#define EN_UNSET (-1) /* for integers: mtu, rings, timeouts given or not */

enum if_kind { IF_KIND_LINK, IF_KIND_BOND, IF_KIND_BRIDGE, IF_KIND_VLAN };

/* Values are the kernel's own (IFLA_BOND_MODE and friends). */
enum bond_mode {
	BOND_MODE_BALANCE_RR = 0,
	BOND_MODE_ACTIVE_BACKUP = 1,
	BOND_MODE_BALANCE_XOR = 2,
	BOND_MODE_BROADCAST = 3,
	BOND_MODE_8023AD = 4,
	BOND_MODE_BALANCE_TLB = 5,
	BOND_MODE_BALANCE_ALB = 6,
};
enum bond_hash {
	BOND_HASH_LAYER2 = 0,
	BOND_HASH_LAYER34 = 1,
	BOND_HASH_LAYER23 = 2,
	BOND_HASH_ENCAP23 = 3,
	BOND_HASH_ENCAP34 = 4,
	BOND_HASH_VLAN_SRCMAC = 5,
};
enum bond_lacp_rate { BOND_LACP_SLOW = 0, BOND_LACP_FAST = 1 };
enum bond_ad_select { BOND_AD_STABLE = 0, BOND_AD_BANDWIDTH = 1, BOND_AD_COUNT = 2 };

enum fallback_mode { FALLBACK_MANAGEMENT, FALLBACK_NONE };

struct en_addr {
	int family;         /* AF_INET or AF_INET6 */
	uint8_t bytes[16];  /* network order; 4 used for AF_INET */
	uint8_t prefix;     /* 0 for a gateway */
	int line;           /* where it was given, for messages */
};

/* route = DEST via GW: dst has its prefix (never 0: that is gateway's) */
struct en_route {
	struct en_addr dst, gw;
	int line;
};

struct link_conf {
	uint8_t mac[6];
	bool up;              /* default yes */
	bool require_carrier; /* default no */
	enum tristate tso, gso, gro, lro;
	int rx_ring, tx_ring; /* EN_UNSET or > 0 */
};

struct bond_conf {
	enum bond_mode mode;  /* default 802.3ad */
	int miimon;           /* ms, default 100 */
	enum bond_hash xmit_hash_policy;
	enum bond_lacp_rate lacp_rate;
	int min_links;        /* default 0 */
	enum bond_ad_select ad_select;
	int updelay, downdelay;
	int lacp_timeout;     /* seconds; EN_UNSET: [global] lacp_timeout */
	/* the port that carries traffic whenever it is up (active-backup,
	 * balance-tlb, balance-alb); "" for none */
	char primary[EN_NAME_MAX];
	int primary_line;
	/* In an operation only: the primary's ifindex, as the planner found
	 * it (0: absent, the bond goes without one). Never looked up by name. */
	int primary_ifindex;
};

struct vid_range { uint16_t lo, hi; };

/* A set of VLAN ids 1..4094, one bit each: a file may list any number. */
#define EN_VID_MAX 4094
struct vid_set { uint8_t bits[(EN_VID_MAX + 1 + 7) / 8]; };

void vid_set_add(struct vid_set *s, unsigned lo, unsigned hi);
void vid_set_del(struct vid_set *s, unsigned id);
bool vid_set_has(const struct vid_set *s, unsigned id);
bool vid_set_empty(const struct vid_set *s);
bool vid_set_equal(const struct vid_set *a, const struct vid_set *b);
/* The next run of ids in s at or after *from: true with [r->lo, r->hi],
 * *from moved past it; false when there is none. Start with *from = 1. */
bool vid_set_next(const struct vid_set *s, unsigned *from, struct vid_range *r);
/* "2-4094" or "10 20-30", at most len bytes (cut with "..." when longer). */
void vid_set_words(const struct vid_set *s, char *buf, size_t len);

struct bridge_conf {
	bool stp;
	int forward_delay;    /* seconds */
	bool vlan_aware;
};

/* A port of a VLAN-aware bridge (a [link], [bond] or [vlan] in its ports):
 * its own VLANs, instead of the bridge's vids. */
struct port_vlan_conf {
	bool has_vids;        /* bridge_vids given: these, not the bridge's vids */
	struct vid_set *vids; /* has_vids: the set (the config's), else NULL */
	uint16_t pvid;        /* bridge_pvid: untagged frames go here, and its
	                       * frames leave untagged; 0: the kernel's pvid stays */
	uint16_t access;      /* bridge_access: this VLAN only, untagged; 0 none */
};

struct vlan_conf {
	int parent;           /* index into config.ifaces */
	uint16_t id;
};

/* One [KIND NAME] section. References between interfaces are indices into
 * config.ifaces (stable across realloc), -1 for none. The lists (addrs,
 * routes, ports) and the VLAN sets are the config's own allocations, as
 * long as their count (at most EN_MAX_*) needs: thousands of sections
 * with one address each stay small. config_free() frees them; an iface is
 * never copied by value. */
struct iface {
	enum if_kind kind;
	char name[EN_NAME_MAX];
	int line;             /* line of the section header */
	int mtu;              /* EN_UNSET or 68..65535 */
	uint8_t hwaddress[6]; /* bonds, bridges: the MAC to keep; zero: the kernel's */
	struct en_addr *addrs; /* n_addrs of them (iface_add_addr) */
	int n_addrs;
	struct en_addr gw4, gw6; /* family 0 when absent */
	bool address_purge;   /* remove addresses earlynet did not add, too */
	/* point-to-point: the far end of this interface's /32 (IPv4) or /128
	 * (IPv6) addresses (IFA_ADDRESS), family 0 when absent */
	struct en_addr peer;
	struct en_route *routes; /* n_routes (iface_add_route) */
	int n_routes;
	int master;           /* the bond or bridge this is a port of, or -1 */
	int *ports;           /* bond slaves or bridge ports (indices), n_ports
	                       * of them (iface_add_port) */
	int n_ports;
	struct port_vlan_conf pvlan; /* bridge_vids, bridge_pvid, bridge_access */
	/* [bridge] vids: allowed on every port; NULL: the default, 2-4094
	 * (iface_bridge_vids() reads it, iface_bridge_vids_set() makes it) */
	struct vid_set *br_vids;
	union {
		struct link_conf link;
		struct bond_conf bond;
		struct bridge_conf bridge;
		struct vlan_conf vlan;
	};
};

struct config {
	char path[EN_PATH_MAX];
	int link_timeout, carrier_timeout, lacp_timeout; /* seconds */
	int management;       /* index of the management interface, or -1 */
	enum fallback_mode fallback;
	char hooks_dir[EN_PATH_MAX];
	struct iface *ifaces; /* in file order */
	int n_ifaces;
};

/* Index of the interface called name, or -1. */
int config_find(const struct config *c, const char *name);

/* Does interface i (transitively, through ports, VLAN parents) need j?
 * An interface depends on itself. */
bool config_depends_on(const struct config *c, int i, int j);

/* Mark in need[] (n_ifaces bools) everything management depends on.
 * All false when there is no management interface. */
void config_management_closure(const struct config *c, bool *need);

/* The point-to-point peer that goes with address a of f (f->peer when a is
 * a /32 or /128 of its family), or NULL. */
const struct en_addr *iface_peer_for(const struct iface *f, const struct en_addr *a);

/* Append to the lists of f (room grows by doubling): 0, or -ENOMEM with f
 * unchanged. The caller keeps the EN_MAX_* limits. */
int iface_add_addr(struct iface *f, const struct en_addr *a);
int iface_add_route(struct iface *f, const struct en_route *r);
int iface_add_port(struct iface *f, int port);
/* The vids of bridge f: its own, or the default 2-4094. */
const struct vid_set *iface_bridge_vids(const struct iface *f);
/* f's own vids, made (a copy of the default) when f has none yet; NULL
 * when out of memory. */
struct vid_set *iface_bridge_vids_set(struct iface *f);
/* f's bridge_vids set (has_vids is left to the caller), made empty when
 * f has none yet; NULL when out of memory. */
struct vid_set *iface_port_vids_set(struct iface *f);
/* What iface_add_* and the VID sets hold; f's lists empty after. */
void iface_free(struct iface *f);

void config_free(struct config *c);

/* Room for entry n of an array that holds n: the capacity is a power of
 * two, at least least (itself one), so it doubles when n is 0 or such a
 * power. 0, or -ENOMEM with *arr unchanged. */
int en_grow(void **arr, int n, int least, size_t size);

#endif
