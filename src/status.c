/* status.c - `earlynet status`: the live topology and the last run
 *
 * The text form is for people at an 80-column serial console; the --json
 * form is for machines, and its fields are stable (new ones may be added,
 * none renamed or dropped):
 *
 *   {
 *     "version": 1,
 *     "config": "/etc/earlynet/earlynet.ini",   null without a file
 *     "interfaces": [           tree order: each interface, then what it sits on
 *       {
 *         "name": "bond0",      the name in the file (or the kernel's)
 *         "kind": "bond",       "link", "bond", "bridge", "vlan", or the
 *                               kernel's kind ("veth", ...) for other links
 *         "configured": true,   named in the file
 *         "present": true,      exists in the kernel; without it only name,
 *                               kind, configured, present, ports, addresses,
 *                               default_routes and differences are given
 *         "kernel_name": "bond0",   differs from name for a NIC not renamed
 *         "ifindex": 7,
 *         "mac": "58:47:ca:76:76:fb",
 *         "permanent_mac": "58:47:ca:76:76:fb" | null,
 *         "up": true,           IFF_UP
 *         "carrier": true,
 *         "mtu": 9000,
 *         "speed_mbps": 10000 | null,
 *         "master": "vmbr1" | null,
 *         "ports": ["spf0", "spf1"],      bond slaves or bridge ports
 *         "vlan": { "id": 10, "parent": "vmbr1" },               VLANs only
 *         "bond": {                                               bonds only
 *           "mode": "802.3ad", "xmit_hash_policy": "layer2+3",
 *           "lacp_rate": "slow", "ad_select": "stable", "miimon": 100,
 *           "min_links": 0, "updelay": 0, "downdelay": 0,
 *           802.3ad only:
 *           "aggregator": 1 | null, "partner_mac": "..." | null,
 *           "lacp_converged": true, "lacp_ready_ports": 2,
 *           "lacp_detail": "spf0 distributing, spf1 distributing"
 *         },
 *         "bond_port": {                                   ports of a bond only
 *           "active": true, "mii_up": true, "permanent_mac": "..." | null,
 *           802.3ad only:
 *           "aggregator": 1, "in_active_aggregator": true,
 *           "actor_state": 61, "actor_state_words": "activity aggregation sync ...",
 *           "partner_state": 61, "partner_state_words": "...",
 *           "lacp": "different partner", "lacp_why": "..." ("" when distributing),
 *           "partner_system": "52:54:00:aa:00:04" | null, "partner_key": 15 | null,
 *           "neighbour": "sw-b Ethernet1/7" | null    (LLDP, from the last run)
 *         },
 *         "bridge": { "stp": false, "forward_delay": 0, "vlan_filtering": false },
 *         "vlans": {      a VLAN-aware bridge itself and each port of one
 *           "vids": ["1", "10-20"], "pvid": 1 | null, "untagged": ["1"]
 *         },
 *         "ethtool": {              when read: NICs whose offloads or rings the file sets
 *           "tso": "on" | "off" | null, "gso": ..., "gro": ..., "lro": ...,
 *           "rx_ring": 4096, "tx_ring": 4096, "rx_ring_max": 4096, "tx_ring_max": 4096
 *         },
 *         "addresses": ["10.25.10.231/24", "fe80::1/64"],
 *         "default_routes": ["10.16.207.1"],        gateways via this interface
 *         "differences": ["mtu 1500, file says 9000", "missing", ...]
 *       }, ...
 *     ],
 *     "last_run": null | {      the state file (see state.c), as read
 *       "command": "up", "result": "ok", "exit_code": 0, "reason": "",
 *       "config": "...", "started_at": 1718000000, "finished_at": 1718000004,
 *       "netlink_requests": 37,
 *       "timings_ms": { "read", "rename", "apply", "carrier_wait", "lacp_wait", "total" },
 *       "interfaces": [ { "name": "spf1", "outcome": "degraded", "detail": "..." } ]
 *     }
 *   }
 *
 * "differences" also carries what is wrong without a file: an 802.3ad bond
 * that has not converged ("LACP not converged: ...").
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "status.h"
#include "topo.h"

/* The speed sysfs reports, or -1: it reads -1 or fails (EINVAL) for links
 * without carrier and for virtual ones. */
static int link_speed(const char *name)
{
	char path[64 + EN_NAME_MAX], buf[32];
	FILE *f;
	int speed = -1;

	snprintf(path, sizeof(path), "/sys/class/net/%s/speed", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		speed = atoi(buf);
	fclose(f);
	return speed > 0 ? speed : -1;
}

/* The locale's character set from the environment, as setlocale() would
 * pick it: LC_ALL, then LC_CTYPE, then LANG. */
static bool utf8_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		char low[128];
		size_t n;

		if (!v || !*v)
			continue;
		for (n = 0; v[n] && n < sizeof(low) - 1; n++)
			low[n] = (char)tolower((unsigned char)v[n]);
		low[n] = '\0';
		return strstr(low, "utf-8") || strstr(low, "utf8");
	}
	return false;
}

int status_print(const struct config *c, const struct kstate *k,
		 const struct state_summary *last, bool json, FILE *out)
{
	int *speed = calloc(k->n_links ? (size_t)k->n_links : 1, sizeof(*speed));
	int ret;

	if (!speed)
		return -ENOMEM;
	for (int i = 0; i < k->n_links; i++)
		speed[i] = link_speed(k->links[i].name);
	ret = topo_print(c, k, speed, last, json, utf8_locale(), out);
	free(speed);
	return ret;
}
