/* test-config.c - the INI parser, the whole-file checks and the model lookups */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "config.h"

static char *errs; /* what the last load printed */

static int load(const char *text, struct config *c)
{
	size_t len;
	FILE *f = open_memstream(&errs, &len);
	int r;

	assert_non_null(f);
	r = config_load_string(text, "t.ini", c, f);
	fclose(f);
	return r;
}

static void reset(void)
{
	free(errs);
	errs = NULL;
}

/* The project root: the binary is build/unit/ or build/unit-asan/. */
static void root_path(char *buf, size_t size, const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	assert_true(n > 0);
	exe[n] = '\0';
	for (int i = 0; i < 3; i++)
		*strrchr(exe, '/') = '\0';
	snprintf(buf, size, "%s/%s", exe, rel);
}

/* lacp_timeout: [global]'s for every bond, a [bond]'s own for that one. */
static void test_bond_lacp_timeout(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(load("[global]\nlacp_timeout = 40\n"
	                      "[link a]\nmac = 02:00:00:00:00:01\n"
	                      "[link b]\nmac = 02:00:00:00:00:02\n"
	                      "[bond bond0]\nslaves = a\nlacp_timeout = 90\n"
	                      "[bond bond1]\nslaves = b\n", &c), 0);
	assert_int_equal(c.lacp_timeout, 40);
	assert_int_equal(c.ifaces[config_find(&c, "bond0")].bond.lacp_timeout, 90);
	assert_int_equal(c.ifaces[config_find(&c, "bond1")].bond.lacp_timeout, EN_UNSET);
	config_free(&c);
	reset();
}

/* ---- node01: the reference configuration ---- */

static void test_node01(void **state)
{
	char path[PATH_MAX];
	struct config c;
	const struct iface *f;
	char buf[50];
	int i, r;

	(void)state;
	root_path(path, sizeof(path), "conf/node01.ini");
	r = config_load_file(path, &c, stderr);
	assert_int_equal(r, 0);
	assert_int_equal(c.n_ifaces, 13);
	assert_int_equal(c.carrier_timeout, 30);
	assert_int_equal(c.lacp_timeout, 30);
	assert_int_equal(c.link_timeout, 10);
	assert_int_equal(c.fallback, FALLBACK_MANAGEMENT);
	assert_string_equal(c.hooks_dir, "/etc/earlynet/hooks");
	assert_string_equal(c.path, path);

	i = config_find(&c, "eth0");
	f = &c.ifaces[i];
	assert_int_equal(i, 0);
	assert_int_equal(f->kind, IF_KIND_LINK);
	assert_memory_equal(f->link.mac, "\x58\x47\xca\x76\x76\xfe", 6);
	assert_true(f->link.up);
	assert_false(f->link.require_carrier);
	assert_int_equal(f->link.tso, TRI_UNSET);
	assert_int_equal(f->link.rx_ring, EN_UNSET);
	assert_int_equal(f->mtu, EN_UNSET);
	assert_int_equal(f->master, config_find(&c, "vmbr0"));
	assert_int_equal(f->line, 8);

	f = &c.ifaces[config_find(&c, "eth1")];
	assert_false(f->link.up);
	assert_int_equal(f->master, -1);

	i = config_find(&c, "spf0");
	f = &c.ifaces[i];
	assert_memory_equal(f->link.mac, "\x58\x47\xca\x76\x76\xfb", 6);
	assert_true(f->link.require_carrier);
	assert_int_equal(f->link.tso, TRI_OFF);
	assert_int_equal(f->link.gso, TRI_UNSET);
	assert_int_equal(f->link.rx_ring, 4096);
	assert_int_equal(f->link.tx_ring, 4096);
	assert_int_equal(f->master, config_find(&c, "bond0"));

	i = config_find(&c, "bond0");
	f = &c.ifaces[i];
	assert_int_equal(f->kind, IF_KIND_BOND);
	assert_int_equal(f->n_ports, 2);
	assert_int_equal(f->ports[0], config_find(&c, "spf0"));
	assert_int_equal(f->ports[1], config_find(&c, "spf1"));
	assert_int_equal(f->bond.mode, BOND_MODE_8023AD);
	assert_int_equal(f->bond.miimon, 100);
	assert_int_equal(f->bond.xmit_hash_policy, BOND_HASH_LAYER23);
	assert_int_equal(f->bond.lacp_rate, BOND_LACP_SLOW);
	assert_int_equal(f->bond.min_links, 0);
	assert_int_equal(f->bond.ad_select, BOND_AD_STABLE);
	assert_int_equal(f->bond.lacp_timeout, EN_UNSET); /* [global]'s applies */
	assert_int_equal(f->master, config_find(&c, "vmbr1"));

	i = config_find(&c, "vmbr0");
	f = &c.ifaces[i];
	assert_int_equal(c.management, i);
	assert_int_equal(f->kind, IF_KIND_BRIDGE);
	assert_int_equal(f->n_ports, 1);
	assert_int_equal(f->ports[0], config_find(&c, "eth0"));
	assert_false(f->bridge.stp);
	assert_int_equal(f->bridge.forward_delay, 0);
	assert_false(f->bridge.vlan_aware);
	assert_false(vid_set_has(iface_bridge_vids(f), 1));
	assert_true(vid_set_has(iface_bridge_vids(f), 2));
	assert_true(vid_set_has(iface_bridge_vids(f), 4094));
	assert_int_equal(f->n_addrs, 1);
	assert_string_equal(en_addr_fmt(&f->addrs[0], true, buf), "10.16.207.61/24");
	assert_int_equal(f->addrs[0].line, 33);
	assert_int_equal(f->gw4.family, AF_INET);
	assert_string_equal(en_addr_fmt(&f->gw4, false, buf), "10.16.207.1");
	assert_int_equal(f->gw6.family, 0);

	i = config_find(&c, "vmbr1.30");
	f = &c.ifaces[i];
	assert_int_equal(f->kind, IF_KIND_VLAN);
	assert_int_equal(f->vlan.parent, config_find(&c, "vmbr1"));
	assert_int_equal(f->vlan.id, 30);
	assert_int_equal(f->master, -1);
	assert_string_equal(en_addr_fmt(&f->addrs[0], true, buf), "10.25.30.231/24");
	assert_int_equal(c.ifaces[config_find(&c, "vmbr1")].n_addrs, 0);

	/* the dependency walk over the same model */
	assert_true(config_depends_on(&c, i, config_find(&c, "spf1")));
	assert_true(config_depends_on(&c, i, config_find(&c, "bond0")));
	assert_true(config_depends_on(&c, i, i));
	assert_false(config_depends_on(&c, i, config_find(&c, "eth0")));
	assert_false(config_depends_on(&c, config_find(&c, "bond0"), i));
	assert_false(config_depends_on(&c, c.management, config_find(&c, "bond0")));
	{
		bool need[13];

		config_management_closure(&c, need);
		for (int k = 0; k < 13; k++)
			assert_int_equal(need[k], !strcmp(c.ifaces[k].name, "vmbr0") ||
						  !strcmp(c.ifaces[k].name, "eth0"));
	}
	assert_int_equal(config_find(&c, "nothere"), -1);
	config_free(&c);
	config_free(&c);
	config_free(NULL);
}

/* ---- one failing and one passing case for every rule ---- */

/* A valid file of 16 lines; cases append from line 17. */
#define BASE \
	"[global]\n" \
	"management = vmbr0\n" \
	"[link eth0]\n" \
	"mac = 02:00:00:00:00:01\n" \
	"[link eth1]\n" \
	"mac = 02:00:00:00:00:02\n" \
	"[link eth2]\n" \
	"mac = 02:00:00:00:00:03\n" \
	"[bridge vmbr0]\n" \
	"ports = eth0\n" \
	"address = 10.0.0.2/24\n" \
	"gateway = 10.0.0.1\n" \
	"[bond bond0]\n" \
	"slaves = eth1 eth2\n" \
	"[bridge vmbr1]\n" \
	"ports = bond0\n"

#define L3 "[link eth3]\nmac = 02:00:00:00:00:04\n"

struct rule {
	const char *what;
	bool base;          /* text is appended to BASE */
	const char *text;
	const char *expect; /* NULL: valid; else one line of the output */
};

static const struct rule rules[] = {
	{ "valid base", true, "", NULL },
	{ "unknown section kind", true, "[tunnel t0]\nmtu = 1\n",
	  "t.ini:17: unknown section kind \"tunnel\" (expected global, link, bond, bridge or vlan)" },
	{ "empty section", true, "[]\n", "t.ini:17: empty section header []" },
	{ "section with no name", true, "[link]\n", "t.ini:17: [link] needs a name: [link NAME]" },
	{ "section with three words", true, "[link eth3 x]\n", "t.ini:17: [link eth3 x]: expected [KIND NAME]" },
	{ "global with a name", true, "[global x]\n", "t.ini:17: [global x]: [global] takes no name" },
	{ "text after a header", true, "[link eth3] x\nmac = 02:00:00:00:00:04\n",
	  "t.ini:17: text after the section header: \"x\"" },
	{ "comment after a header", true, "[link eth3] ; spare\nmac = 02:00:00:00:00:04\n", NULL },
	{ "unknown key", true, L3 "colour = red\n", "t.ini:19: unknown key \"colour\" in [link eth3]" },
	{ "key of another kind", true, "[vlan vmbr1.5]\nports = eth0\n",
	  "t.ini:18: ports: not allowed in [vlan vmbr1.5] (only in [bond], [bridge])" },
	{ "key before any section", false, "mtu = 1500\n[global]\n", "t.ini:1: mtu: key before the first [section]" },
	{ "line without =", true, L3 "mtu 9000\n", "t.ini:19: expected KEY = VALUE: \"mtu 9000\"" },
	{ "key: value is not ours", true, L3 "mtu: 9000\n", "t.ini:19: expected KEY = VALUE: \"mtu: 9000\"" },
	{ "no key before =", true, L3 "= 9000\n", "t.ini:19: no key before '=': \"= 9000\"" },
	{ "header without ]", true, "[link eth3\nmac = 02:00:00:00:00:04\n",
	  "t.ini:17: section header without ']': [link eth3" },
	{ "indented keys, no continuation", true, "[link eth3]\n  mac = 02:00:00:00:00:04\n  mtu = 9000\n", NULL },
	{ "inline comment", true, L3 "mtu = 9000 ; jumbo\n", NULL },
	{ "mtu too big", true, L3 "mtu = 70000\n", "t.ini:19: mtu: \"70000\" is not between 68 and 65535" },
	{ "mtu too small", true, L3 "mtu = 67\n", "t.ini:19: mtu: \"67\" is not between 68 and 65535" },
	{ "mtu not a number", true, L3 "mtu = 9k\n", "t.ini:19: mtu: \"9k\" is not a number" },
	{ "mtu empty", true, L3 "mtu =\n", "t.ini:19: mtu: \"\" is not a number" },
	{ "mtu bounds", true, L3 "mtu = 68\n[bridge br9]\nmtu = 65535\n", NULL },
	{ "miimon negative", true, "[bond bond1]\nslaves = eth3\nmiimon = -1\n" L3,
	  "t.ini:19: miimon: \"-1\" is not between 0 and 60000" },
	{ "miimon huge", true, "[bond bond1]\nslaves = eth3\nmiimon = 60001\n" L3,
	  "t.ini:19: miimon: \"60001\" is not between 0 and 60000" },
	{ "miimon 0", true, "[bond bond1]\nslaves = eth3\nmiimon = 0\n" L3, NULL },
	{ "updelay negative", true, "[bond bond1]\nslaves = eth3\nupdelay = -5\n" L3,
	  "t.ini:19: updelay: \"-5\" is not between 0 and 600000" },
	{ "downdelay negative", true, "[bond bond1]\nslaves = eth3\ndowndelay = -5\n" L3,
	  "t.ini:19: downdelay: \"-5\" is not between 0 and 600000" },
	{ "delays", true, "[bond bond1]\nslaves = eth3\nupdelay = 200\ndowndelay = 200\n" L3, NULL },
	{ "bad bond mode", true, "[bond bond1]\nslaves = eth3\nmode = lacp\n" L3,
	  "t.ini:19: mode: \"lacp\" is not one of 802.3ad, active-backup, balance-rr, balance-xor, broadcast, balance-tlb, balance-alb" },
	{ "bad hash", true, "[bond bond1]\nslaves = eth3\nxmit_hash_policy = l2\n" L3,
	  "t.ini:19: xmit_hash_policy: \"l2\" is not one of layer2, layer2+3, layer3+4, encap2+3, encap3+4, vlan+srcmac" },
	{ "bad lacp_rate", true, "[bond bond1]\nslaves = eth3\nlacp_rate = 1\n" L3,
	  "t.ini:19: lacp_rate: \"1\" is not one of slow, fast" },
	{ "bad ad_select", true, "[bond bond1]\nslaves = eth3\nad_select = x\n" L3,
	  "t.ini:19: ad_select: \"x\" is not one of stable, bandwidth, count" },
	{ "min_links above slaves", true, "[bond bond1]\nslaves = eth3\nmin_links = 2\n" L3,
	  "t.ini:19: min_links: \"2\" is more than the 1 slaves of bond1" },
	{ "min_links", true, "[bond bond1]\nslaves = eth3\nmin_links = 1\n" L3, NULL },
	{ "bond lacp_timeout", true, "[bond bond1]\nslaves = eth3\nlacp_timeout = 90\n" L3, NULL },
	{ "bond lacp_timeout too long", true, "[bond bond1]\nslaves = eth3\nlacp_timeout = 3601\n" L3,
	  "t.ini:19: lacp_timeout: \"3601\" is not between 0 and 3600" },
	{ "lacp_timeout on a link", true, L3 "lacp_timeout = 5\n",
	  "t.ini:19: lacp_timeout: not allowed in [link eth3] (only in [bond], [global])" },
	{ "bad boolean", true, L3 "up = maybe\n",
	  "t.ini:19: up: \"maybe\" is not a boolean (yes/no, on/off, true/false, 1/0)" },
	{ "bad offload", true, L3 "gro = sometimes\n", "t.ini:19: gro: \"sometimes\" is not on or off" },
	{ "booleans", true, L3 "up = No\nrequire_carrier = true\ngro = 1\nlro = off\n", NULL },
	{ "vlan id 0", true, "[vlan v5]\nlink = vmbr1\nid = 0\n", "t.ini:19: id: \"0\" is not a VLAN id between 1 and 4094" },
	{ "vlan id 4095", true, "[vlan v5]\nlink = vmbr1\nid = 4095\n", "t.ini:19: id: \"4095\" is not a VLAN id between 1 and 4094" },
	{ "vlan id from the name", true, "[vlan vmbr1.4095]\n",
	  "t.ini:17: [vlan vmbr1.4095]: id \"4095\" (from the name) is not between 1 and 4094" },
	{ "vlan id 4094", true, "[vlan v5]\nlink = vmbr1\nid = 4094\n[vlan vmbr1.1]\n", NULL },
	{ "vlan without link and id", true, "[vlan v5]\n",
	  "t.ini:17: [vlan v5]: needs link and id keys, or a name like PARENT.ID" },
	{ "vlan without id", true, "[vlan v5]\nlink = vmbr1\n", "t.ini:17: [vlan v5]: needs an id key (no .ID in the name)" },
	{ "vlan id key overrides the name", true, "[vlan vmbr1.x]\nid = 7\n", NULL },
	{ "ring 0", true, L3 "rx_ring = 0\n", "t.ini:19: rx_ring: \"0\" is not between 1 and 1048576" },
	{ "ring", true, L3 "rx_ring = 4096\ntx_ring = 1\n", NULL },
	{ "prefix 33", true, L3 "address = 10.1.0.1/33\n",
	  "t.ini:19: address: \"10.1.0.1/33\" has a prefix that is not between 0 and 32" },
	{ "prefix 129", true, L3 "address = 2001:db8::1/129\n",
	  "t.ini:19: address: \"2001:db8::1/129\" has a prefix that is not between 0 and 128" },
	{ "prefixes", true, L3 "address = 10.1.0.1/32\naddress = 2001:db8::1/128\naddress = fe80::1/64\n", NULL },
	{ "address without prefix", true, L3 "address = 10.1.0.1\n",
	  "t.ini:19: address: \"10.1.0.1\" has no /PREFIX (like 10.0.0.2/24)" },
	{ "malformed address", true, L3 "address = 10.1.0.300/24\n",
	  "t.ini:19: address: \"10.1.0.300/24\" is not an IPv4 or IPv6 address with /PREFIX" },
	{ "multicast address", true, L3 "address = 224.0.0.1/24\n", "t.ini:19: address: \"224.0.0.1/24\" is not a unicast address" },
	{ "address twice", true, L3 "address = 10.1.0.1/24\naddress = 10.1.0.1/16\n",
	  "t.ini:20: address: \"10.1.0.1/16\" is given twice (first on line 19)" },
	{ "gateway with prefix", true, L3 "address = 10.1.0.1/24\ngateway = 10.1.0.9/24\n",
	  "t.ini:20: gateway: \"10.1.0.9/24\" has a /PREFIX; a gateway is a plain address" },
	{ "malformed gateway", true, L3 "gateway = fe80::zz\n", "t.ini:19: gateway: \"fe80::zz\" is not an IPv4 or IPv6 address" },
	{ "timeout negative", true, "[global]\nlink_timeout = -1\n", "t.ini:18: link_timeout: \"-1\" is not between 0 and 3600" },
	{ "timeouts", true, "[global]\nlink_timeout = 0\ncarrier_timeout = 5\nlacp_timeout = 3600\n", NULL },
	{ "fallback", true, "[global]\nfallback = none\nhooks_dir = /x\n", NULL },
	{ "bad fallback", true, "[global]\nfallback = all\n", "t.ini:18: fallback: \"all\" is not one of management, none" },
	{ "relative hooks_dir", true, "[global]\nhooks_dir = hooks\n", "t.ini:18: hooks_dir: \"hooks\" is not an absolute path" },
	{ "forward_delay 31", true, "[bridge br9]\nforward_delay = 31\n",
	  "t.ini:18: forward_delay: \"31\" is not between 0 and 30" },
	{ "forward_delay 30", true, "[bridge br9]\nforward_delay = 30\n", NULL },
	{ "stp with forward_delay 0", true, "[bridge br9]\nstp = on\n",
	  "t.ini:18: forward_delay: \"0\" (the default) is below 2, the least the kernel takes with stp = on" },
	{ "stp with forward_delay 2", true, "[bridge br9]\nstp = on\nforward_delay = 2\n", NULL },
	{ "bad vids", true, "[bridge br9]\nvlan_aware = yes\nvids = 2-5000\n",
	  "t.ini:19: vids: \"2-5000\" is not a list of VLAN ids or ranges like 2-4094 (ids 1 to 4094)" },
	{ "vids backwards", true, "[bridge br9]\nvids = 9-3\n", "t.ini:18: vids: \"9-3\" has a range that ends before it starts" },
	{ "vids", true, "[bridge br9]\nvlan_aware = yes\nvids = 10 20-30 100\n", NULL },
	{ "short MAC", true, "[link eth3]\nmac = 02:00:00:00:00\n",
	  "t.ini:18: mac: \"02:00:00:00:00\" is not a MAC address like 58:47:ca:76:76:fb" },
	{ "bad hex in MAC", true, "[link eth3]\nmac = 02:00:00:00:00:zz\n",
	  "t.ini:18: mac: \"02:00:00:00:00:zz\" is not a MAC address like 58:47:ca:76:76:fb" },
	{ "multicast MAC", true, "[link eth3]\nmac = 01:00:5e:00:00:01\n",
	  "t.ini:18: mac: \"01:00:5e:00:00:01\" is a multicast address, not a NIC's" },
	{ "zero MAC", true, "[link eth3]\nmac = 00:00:00:00:00:00\n", "t.ini:18: mac: \"00:00:00:00:00:00\" is all zeros" },
	{ "upper-case MAC", true, "[link eth3]\nmac = 02:AB:CD:EF:00:04\n", NULL },
	{ "no MAC", true, "[link eth3]\nmtu = 1500\n", "t.ini:17: [link eth3]: mac is required" },
	{ "name of 16", true, "[link eth3456789abcdef]\nmac = 02:00:00:00:00:04\n",
	  "t.ini:17: [link eth3456789abcdef]: \"eth3456789abcdef\" is not an interface name (1 to 15 of A-Z a-z 0-9 _ . -, not . or ..)" },
	{ "name of 15", true, "[link eth3456789abcde]\nmac = 02:00:00:00:00:04\n", NULL },
	{ "name with /", true, "[link eth/3]\nmac = 02:00:00:00:00:04\n", "t.ini:17: [link eth/3]: \"eth/3\" is not an interface name" },
	{ "name ..", true, "[bridge ..]\n", "t.ini:17: [bridge ..]: \"..\" is not an interface name" },
	{ "name .", true, "[bridge .]\n", "t.ini:17: [bridge .]: \".\" is not an interface name" },
	{ "duplicate name", true, "[link eth0]\nmac = 02:00:00:00:00:09\n", "t.ini:17: [link eth0]: eth0 is already defined on line 3" },
	{ "duplicate name, other kind", true, "[bond eth1]\n", "t.ini:17: [bond eth1]: eth1 is already defined on line 5" },
	{ "duplicate MAC", true, "[link eth3]\nmac = 02:00:00:00:00:01\n",
	  "t.ini:18: mac: \"02:00:00:00:00:01\" is already the MAC of eth0 (line 4)" },
	{ "key twice", true, L3 "mtu = 1500\nmtu = 9000\n", "t.ini:20: mtu: given twice in [link eth3] (first on line 19)" },
	{ "slaves and ports", true, "[bond bond1]\nslaves = eth3\nports = eth3\n" L3,
	  "t.ini:19: ports: given twice in [bond bond1] (first on line 18)" },
	{ "ports as alias of slaves", true, "[bond bond1]\nports = eth3\n" L3, NULL },
	{ "global key twice", true, "[global]\nmanagement = vmbr1\n", "t.ini:18: management: given twice in [global] (first on line 2)" },
	{ "bond without slaves", true, "[bond bond1]\n", "t.ini:17: [bond bond1]: slaves is required" },
	{ "bond with empty slaves", true, "[bond bond1]\nslaves =\n", "t.ini:18: slaves: bond bond1 needs at least one slave" },
	{ "undefined port", true, "[bridge br9]\nports = eth9\n", "t.ini:18: ports: \"eth9\" is not defined in this file" },
	{ "undefined slave", true, "[bond bond1]\nslaves = eth9\n", "t.ini:18: slaves: \"eth9\" is not defined in this file" },
	{ "undefined vlan link", true, "[vlan v5]\nlink = br9\nid = 5\n", "t.ini:18: link: \"br9\" is not defined in this file" },
	{ "undefined vlan parent from the name", true, "[vlan br9.5]\n",
	  "t.ini:17: [vlan br9.5]: parent \"br9\" (from the name) is not defined in this file" },
	{ "undefined management", false, "[global]\nmanagement = vmbr9\n", "t.ini:2: management: \"vmbr9\" is not defined in this file" },
	{ "bad name in a list", true, "[bridge br9]\nports = eth/9\n", "t.ini:18: ports: \"eth/9\" is not an interface name" },
	{ "port of two masters", true, "[bridge br9]\nports = eth0\n",
	  "t.ini:18: ports: \"eth0\" is already a port of bridge vmbr0 (line 10); an interface can have one master" },
	{ "port twice in one master", true, "[bridge br9]\nports = eth3 eth3\n" L3, "t.ini:18: ports: \"eth3\" is listed twice" },
	{ "port of itself", true, "[bridge br9]\nports = br9\n", "t.ini:18: ports: \"br9\" cannot be a port of itself" },
	{ "bond slave that is not a link", true, "[bond bond1]\nslaves = vmbr1.5\n[vlan vmbr1.5]\n",
	  "t.ini:18: slaves: \"vmbr1.5\" is a vlan; bond slaves must be [link]s" },
	{ "bridge in a bridge", true, "[bridge br9]\nports = vmbr1\n",
	  "t.ini:18: ports: \"vmbr1\" is a bridge; a bridge cannot be a port of another bridge" },
	{ "vlan as a bridge port", true, "[bridge br9]\nports = vmbr1.5\n[vlan vmbr1.5]\n", NULL },
	{ "vlan on itself", true, "[vlan v5]\nlink = v5\nid = 5\n", "t.ini:18: link: \"v5\" cannot be the parent of itself" },
	{ "cycle", true, "[bridge br9]\nports = v5\n[vlan v5]\nlink = br9\nid = 5\n",
	  "t.ini:20: link: \"br9\" makes a dependency cycle: br9 -> v5 -> br9" },
	{ "vlan id clash", true, "[vlan vmbr1.7]\n[vlan v7]\nlink = vmbr1\nid = 7\n",
	  "t.ini:20: [vlan v7]: VLAN 7 on vmbr1 is already vmbr1.7 (line 17)" },
	{ "same id on two parents", true, "[vlan vmbr1.7]\n[vlan vmbr0.7]\n", NULL },
	{ "gateway outside the subnet", true, "[bridge br9]\naddress = 10.9.0.2/24\ngateway = 10.9.1.1\n",
	  "t.ini:19: gateway: \"10.9.1.1\" is outside every IPv4 subnet of br9" },
	{ "gateway without an address", true, "[bridge br9]\ngateway = 2001:db8::1\n",
	  "t.ini:18: gateway: \"2001:db8::1\" needs an IPv6 address on br9 in its subnet" },
	{ "gateway is the address", true, "[bridge br9]\naddress = 2001:db8::1/64\ngateway = 2001:db8::1\n",
	  "t.ini:19: gateway: \"2001:db8::1\" is an address of br9 itself" },
	{ "gateway in the second subnet", true, "[bridge br9]\naddress = 2001:db8::2/64\naddress = 2001:db9::2/64\ngateway = 2001:db9::1\n", NULL },
	{ "link-local IPv6 gateway", true, "[bridge br9]\ngateway = fe80::1\n", NULL },
	{ "primary of an active-backup bond", true,
	  "[bond bond1]\nslaves = eth3\nmode = active-backup\nprimary = eth3\n" L3, NULL },
	{ "primary of an 802.3ad bond", true, "[bond bond1]\nslaves = eth3\nprimary = eth3\n" L3,
	  "t.ini:19: primary: bond bond1 is not active-backup, balance-tlb or balance-alb, which are the modes with a primary port; remove the key" },
	{ "primary that is not a slave", true,
	  "[bond bond1]\nslaves = eth3\nmode = active-backup\nprimary = eth2\n" L3,
	  "t.ini:20: primary: \"eth2\" is not one of the slaves of bond1" },
	{ "routes v4 and v6", true,
	  "[bridge br9]\naddress = 10.9.0.2/24\naddress = 2001:db8::2/64\nroute = 10.99.0.0/16 via 10.9.0.254\n"
	  "route = 10.98.0.0/15 via 10.9.0.253\nroute = 2001:db8:99::/48 via 2001:db8::fe\nroute = 2001:db8:98::/48 via fe80::1\n", NULL },
	{ "route not DEST via GW", true, "[bridge br9]\naddress = 10.9.0.2/24\nroute = 10.99.0.0/16 10.9.0.254\n",
	  "t.ini:19: route: \"10.99.0.0/16 10.9.0.254\" is not DEST/PREFIX via GATEWAY (like 10.99.0.0/16 via 10.0.0.254)" },
	{ "route with host bits", true, "[bridge br9]\naddress = 10.9.0.2/24\nroute = 10.99.1.0/16 via 10.9.0.254\n",
	  "t.ini:19: route: \"10.99.1.0/16 via 10.9.0.254\" has host bits set in its destination; write 10.99.0.0/16" },
	{ "default route as a route", true, "[bridge br9]\naddress = 10.9.0.2/24\nroute = 0.0.0.0/0 via 10.9.0.254\n",
	  "t.ini:19: route: \"0.0.0.0/0 via 10.9.0.254\" is a default route; write gateway = 10.9.0.254" },
	{ "route gateway off the link", true, "[bridge br9]\naddress = 10.9.0.2/24\nroute = 10.99.0.0/16 via 10.8.0.254\n",
	  "t.ini:19: route: \"10.8.0.254\" is outside every IPv4 subnet of br9" },
	{ "route mixing families", true, "[bridge br9]\naddress = 10.9.0.2/24\nroute = 10.99.0.0/16 via 2001:db8::1\n",
	  "t.ini:19: route: \"10.99.0.0/16 via 2001:db8::1\" mixes IPv4 and IPv6" },
	{ "route twice", true, "[bridge br9]\naddress = 10.9.0.2/24\nroute = 10.99.0.0/16 via 10.9.0.254\nroute = 10.99.0.0/16 via 10.9.0.253\n",
	  "t.ini:20: route: \"10.99.0.0/16 via 10.9.0.253\" is a second route to the same destination (first on line 19)" },
	{ "route on a port", true, "[bridge br9]\nports = eth3\n" L3 "route = 10.99.0.0/16 via 10.9.0.254\n",
	  "t.ini:21: route: eth3 is a port of br9; routes belong on br9" },
	{ "point-to-point peer as gateway", false,
	  "[link eth0]\nmac = 02:00:00:00:00:01\naddress = 203.0.113.10/32\npeer = 203.0.113.1\ngateway = 203.0.113.1\n", NULL },
	{ "peer without a /32", false,
	  "[link eth0]\nmac = 02:00:00:00:00:01\naddress = 203.0.113.10/24\npeer = 203.0.113.1\n",
	  "t.ini:4: peer: \"203.0.113.1\" needs an IPv4 address /32 on eth0 to be the far end of" },
	{ "gateway that is not the peer", false,
	  "[link eth0]\nmac = 02:00:00:00:00:01\naddress = 203.0.113.10/32\npeer = 203.0.113.1\ngateway = 203.0.113.2\n",
	  "t.ini:5: gateway: \"203.0.113.2\" is outside every IPv4 subnet of eth0" },
	{ "peer with a prefix", false,
	  "[link eth0]\nmac = 02:00:00:00:00:01\naddress = 203.0.113.10/32\npeer = 203.0.113.1/32\n",
	  "t.ini:4: peer: \"203.0.113.1/32\" has a /PREFIX; a peer is a plain address" },
	{ "two IPv4 default routes", true, "[bridge br9]\naddress = 10.9.0.2/24\ngateway = 10.9.0.1\n",
	  "t.ini:19: gateway: \"10.9.0.1\" is a second IPv4 default route (the first is on vmbr0, line 12)" },
	{ "two IPv4 gateways on one", true, "[bridge br9]\naddress = 10.9.0.2/24\ngateway = 10.9.0.1\ngateway = 10.9.0.3\n",
	  "t.ini:20: gateway: \"10.9.0.3\" is a second IPv4 gateway on br9 (first on line 19)" },
	{ "one IPv6 default route besides", true, "[bridge br9]\naddress = 2001:db8::2/64\ngateway = 2001:db8::1\n", NULL },
	{ "management on an 802.3ad bond", false,
	  "[global]\nmanagement = vmbr1\n[link eth1]\nmac = 02:00:00:00:00:02\n"
	  "[bond bond0]\nslaves = eth1\n[bridge vmbr1]\nports = bond0\n", NULL },
	{ "management on a VLAN of an 802.3ad bond", false,
	  "[global]\nmanagement = bond0.10\n[link eth1]\nmac = 02:00:00:00:00:02\n"
	  "[bond bond0]\nslaves = eth1\n[vlan bond0.10]\naddress = 10.9.0.2/24\n", NULL },
	{ "vlan id outside a vlan-aware bridge's vids", false,
	  "[link eth1]\nmac = 02:00:00:00:00:02\n[bridge br9]\nports = eth1\nvlan_aware = yes\nvids = 10 20-30\n"
	  "[vlan br9.20]\n[vlan v31]\nlink = br9\nid = 31\n",
	  "t.ini:10: [vlan v31]: id 31 is not in the vids of vlan-aware bridge br9 (line 6), so no port would pass its frames; add 31 to vids there" },
	{ "vlan id outside the default vids", false,
	  "[link eth1]\nmac = 02:00:00:00:00:02\n[bridge br9]\nports = eth1\nvlan_aware = yes\n[vlan br9.1]\n",
	  "t.ini:6: [vlan br9.1]: id 1 is not in the vids of vlan-aware bridge br9 (line 3), so no port would pass its frames; add 1 to vids there" },
	{ "vlan on a bridge that does not filter", false,
	  "[link eth1]\nmac = 02:00:00:00:00:02\n[bridge br9]\nports = eth1\nvids = 10\n[vlan br9.11]\n", NULL },
	{ "many vids", false,
	  "[link eth1]\nmac = 02:00:00:00:00:02\n[bridge br9]\nports = eth1\nvlan_aware = yes\n"
	  "vids = 1 3 5 7 9 11 13 15 17 19 21 23 25 27 29 31 33 35 37 39 41 43 45 47 49 51 53 55 57 59 61 63 65 67 69 71 73 75 77 79 4094\n"
	  "[vlan br9.4094]\n", NULL },
	{ "port vlans", false,
	  "[bridge br9]\nports = eth1 eth2\nvlan_aware = yes\n[link eth1]\nmac = 02:00:00:00:00:02\n"
	  "bridge_vids = 10 20-30\nbridge_pvid = 5\n[link eth2]\nmac = 02:00:00:00:00:03\nbridge_access = 40\n", NULL },
	{ "bridge_pvid 4095", false,
	  "[bridge br9]\nports = eth1\nvlan_aware = yes\n[link eth1]\nmac = 02:00:00:00:00:02\nbridge_pvid = 4095\n",
	  "t.ini:6: bridge_pvid: \"4095\" is not a VLAN id between 1 and 4094" },
	{ "bridge_access 0", false,
	  "[bridge br9]\nports = eth1\nvlan_aware = yes\n[link eth1]\nmac = 02:00:00:00:00:02\nbridge_access = 0\n",
	  "t.ini:6: bridge_access: \"0\" is not a VLAN id between 1 and 4094" },
	{ "bridge_vids 5000", false,
	  "[bridge br9]\nports = eth1\nvlan_aware = yes\n[link eth1]\nmac = 02:00:00:00:00:02\nbridge_vids = 1-5000\n",
	  "t.ini:6: bridge_vids: \"1-5000\" is not a list of VLAN ids or ranges like 2-4094 (ids 1 to 4094)" },
	{ "bridge_access with bridge_vids", false,
	  "[bridge br9]\nports = eth1\nvlan_aware = yes\n[link eth1]\nmac = 02:00:00:00:00:02\n"
	  "bridge_vids = 10\nbridge_access = 20\n",
	  "t.ini:7: bridge_access: an access port carries only VLAN 20, untagged; remove bridge_vids (line 6), or bridge_access for a trunk port" },
	{ "bridge_access with bridge_pvid", false,
	  "[bridge br9]\nports = bond0\nvlan_aware = yes\n[link eth1]\nmac = 02:00:00:00:00:02\n"
	  "[bond bond0]\nslaves = eth1\nbridge_access = 20\nbridge_pvid = 20\n",
	  "t.ini:8: bridge_access: an access port carries only VLAN 20, untagged; remove bridge_pvid (line 9), or bridge_access for a trunk port" },
	{ "port vlans on a bridge that does not filter", false,
	  "[bridge br9]\nports = eth1\n[link eth1]\nmac = 02:00:00:00:00:02\nbridge_pvid = 10\n",
	  "t.ini:5: bridge_pvid: bridge br9 (line 1) is not vlan_aware, so its ports have no VLANs; set vlan_aware = yes there or remove the key" },
	{ "port vlans on a link that is no port", false,
	  "[link eth1]\nmac = 02:00:00:00:00:02\nbridge_vids = 10\n",
	  "t.ini:3: bridge_vids: eth1 is not a port of a bridge; the key sets a bridge port's VLANs" },
	{ "port vlans on a bond slave", false,
	  "[bond bond0]\nslaves = eth1\n[link eth1]\nmac = 02:00:00:00:00:02\nbridge_access = 10\n",
	  "t.ini:5: bridge_access: eth1 is not a port of a bridge, only of bond bond0; the key sets a bridge port's VLANs" },
	{ "port vlans on a bridge", false, "[bridge br9]\nbridge_pvid = 10\n",
	  "t.ini:2: bridge_pvid: not allowed in [bridge br9] (only in [link], [bond], [vlan])" },
	{ "management on an active-backup bond", false,
	  "[global]\nmanagement = vmbr1\n[link eth1]\nmac = 02:00:00:00:00:02\n"
	  "[bond bond0]\nslaves = eth1\nmode = active-backup\n[bridge vmbr1]\nports = bond0\n", NULL },
	{ "management on a link that stays down", false,
	  "[global]\nmanagement = vmbr1\n[link eth1]\nmac = 02:00:00:00:00:02\nup = no\n[bridge vmbr1]\nports = eth1\n",
	  "t.ini:2: management: \"vmbr1\" depends on eth1, which has up = no (line 5)" },
	{ "port that stays down", true, "[bridge br9]\nports = eth3\n" L3 "up = no\n",
	  "t.ini:21: up: \"no\" but eth3 is a port of br9, which brings it up" },
	{ "address on a port", true, "[bridge br9]\nports = eth3\n" L3 "address = 10.9.0.2/24\n",
	  "t.ini:21: address: eth3 is a port of br9; addresses and gateways belong on br9" },
	{ "vlan larger than its parent", true, L3 "mtu = 1500\n[vlan eth3.5]\nmtu = 9000\n",
	  "t.ini:21: mtu: \"9000\" is larger than the mtu 1500 of its parent eth3" },
	{ "delays without miimon", true, "[bond bond1]\nslaves = eth3\nmiimon = 0\nupdelay = 200\n" L3,
	  "t.ini:20: updelay: \"200\" needs link monitoring, but miimon is 0 (line 19): set miimon (100 is usual) or drop updelay" },
	{ "downdelay without miimon", true, "[bond bond1]\nslaves = eth3\ndowndelay = 100\nmiimon = 0\n" L3,
	  "t.ini:19: downdelay: \"100\" needs link monitoring, but miimon is 0 (line 20)" },
	{ "miimon 0 without delays", true, "[bond bond1]\nslaves = eth3\nmiimon = 0\nupdelay = 0\n" L3, NULL },
	{ "updelay not a multiple of miimon", true, "[bond bond1]\nslaves = eth3\nmiimon = 100\nupdelay = 250\n" L3,
	  "t.ini:20: updelay: \"250\" is not a multiple of miimon 100; the kernel would round it down to 200: use 200 or 300" },
	{ "downdelay not a multiple of the default miimon", true, "[bond bond1]\nslaves = eth3\ndowndelay = 50\n" L3,
	  "t.ini:19: downdelay: \"50\" is not a multiple of miimon 100; the kernel would round it down to 0: use 0 or 100" },
	{ "delays multiples of miimon", true, "[bond bond1]\nslaves = eth3\nmiimon = 50\nupdelay = 150\ndowndelay = 50\n" L3, NULL },
	{ "slave mtu without the bond's", true, "[bond bond1]\nslaves = eth3\n" L3 "mtu = 9000\n",
	  "t.ini:21: mtu: \"9000\" on eth3, a slave of bond bond1, which has no mtu: the bond sets its own mtu on its slaves; put mtu = 9000 in [bond bond1] instead" },
	{ "slave mtu as the bond's", true, "[bond bond1]\nslaves = eth3\nmtu = 9000\n" L3 "mtu = 9000\n", NULL },
	{ "slave mtu unlike the bond's", true, "[bond bond1]\nslaves = eth3\nmtu = 9000\n" L3 "mtu = 1500\n",
	  "t.ini:22: mtu: \"1500\" differs from the mtu 9000 of bond bond1, which sets it on its slaves" },
};

static void test_rules(void **state)
{
	char text[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *t = &rules[i];
		struct config c;
		int r;

		snprintf(text, sizeof(text), "%s%s", t->base ? BASE : "", t->text);
		r = load(text, &c);
		if (!t->expect) {
			if (r != 0)
				print_message("case \"%s\" failed:\n%s", t->what, errs);
			assert_int_equal(r, 0);
			assert_string_equal(errs, "");
			config_free(&c);
		} else {
			if (r <= 0 || !strstr(errs, t->expect))
				print_message("case \"%s\": expected \"%s\", got (%d):\n%s",
					      t->what, t->expect, r, errs);
			assert_true(r > 0);
			assert_non_null(strstr(errs, t->expect));
			assert_null(c.ifaces);
			assert_int_equal(c.n_ifaces, 0);
		}
		reset();
	}
}

/* A refused section name is reported once, not again where it is used. */
static void test_no_double_report(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(load(BASE "[bridge br9]\nports = eth/3\n[link eth/3]\nmac = 02:00:00:00:00:04\n", &c), 2);
	assert_non_null(strstr(errs, "t.ini:18: ports: \"eth/3\" is not an interface name"));
	assert_non_null(strstr(errs, "t.ini:19: [link eth/3]"));
	reset();
	assert_int_equal(load(BASE "[bridge br9]\nports = t9\n[tunnel t9]\n", &c), 1);
	assert_string_equal(errs, "t.ini:19: unknown section kind \"tunnel\" (expected global, link, bond, bridge or vlan)\n");
	reset();
}

/* inih cuts lines at INI_MAX_LINE; the reader reports them, and the lines
 * after still carry their own numbers. */
static void test_long_line(void **state)
{
	char text[8192], pad[400];
	struct config c;

	(void)state;
	memset(pad, 'x', 300);
	pad[300] = '\0';
	snprintf(text, sizeof(text), BASE L3 "; %s\nmtu = 1\n", pad);
	assert_int_equal(load(text, &c), 1); /* a comment may be long */
	assert_non_null(strstr(errs, "t.ini:20: mtu: \"1\""));
	reset();
	snprintf(text, sizeof(text), BASE L3 "address = %s\nmtu = 1\n[link eth4]\nmac = 02:00:00:00:00:05\nmtu = 2\n",
		 pad);
	assert_int_equal(load(text, &c), 3);
	assert_string_equal(errs,
		"t.ini:19: line is too long (310 characters, at most 199)\n"
		"t.ini:20: mtu: \"1\" is not between 68 and 65535\n"
		"t.ini:23: mtu: \"2\" is not between 68 and 65535\n");
	reset();
}

/* Windows line ends, a byte order mark, blanks and comments everywhere. */
static void test_layout(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(load("\xef\xbb\xbf[link eth0]\r\nmac = 02:00:00:00:00:01\r\n"
			      "\t# comment\r\n  ; comment\r\n\r\n[bridge br0]  \r\n"
			      "\tports =   eth0  \r\nmtu = 70000\r\n", &c), 1);
	assert_string_equal(errs, "t.ini:8: mtu: \"70000\" is not between 68 and 65535\n");
	reset();
	assert_int_equal(load("", &c), 0);
	assert_int_equal(c.n_ifaces, 0);
	assert_int_equal(c.management, -1);
	config_free(&c);
	reset();
}

/* A file with many different mistakes: every one, with its line, in order. */
/* Thousands of sections: every name is found (ports, management), and a
 * duplicate is caught wherever it is, as the hash of names grows. */
static void test_many_sections(void **state)
{
	enum { N = 3000 };
	size_t cap = (size_t)N * 120 + 256, used = 0;
	char *text = malloc(cap);
	struct config c;
	int r;

	(void)state;
	assert_non_null(text);
	used += (size_t)snprintf(text + used, cap - used, "[global]\nmanagement = br%d\n", N - 1);
	for (int i = 0; i < N; i++)
		used += (size_t)snprintf(text + used, cap - used,
			"[link nic%d]\nmac = 02:c4:00:00:%02x:%02x\n[bridge br%d]\nports = nic%d\n",
			i, (i + 1) / 256, (i + 1) % 256, i, i);
	assert_true(used < cap);
	r = load(text, &c);
	assert_int_equal(r, 0);
	assert_int_equal(c.n_ifaces, 2 * N);
	assert_int_equal(c.management, 2 * N - 1);
	for (int i = 0; i < N; i++) {
		const struct iface *b = &c.ifaces[2 * i + 1];

		assert_int_equal(b->n_ports, 1);
		assert_int_equal(b->ports[0], 2 * i);
		assert_int_equal(config_find(&c, b->name), 2 * i + 1);
	}
	config_free(&c);
	reset();

	/* the same name again near the end: reported with both lines */
	snprintf(text + used, cap - used, "[bridge br17]\nports = nic17\n");
	r = load(text, &c);
	assert_int_equal(r, 1);
	assert_non_null(strstr(errs, "[bridge br17]: br17 is already defined on line 73"));
	reset();
	free(text);
}

static void test_many_errors(void **state)
{
	char path[PATH_MAX], golden[PATH_MAX], *want;
	struct config c;
	size_t len;
	FILE *f;
	int r;

	(void)state;
	root_path(path, sizeof(path), "tests/fixtures/many-errors.ini");
	root_path(golden, sizeof(golden), "tests/fixtures/many-errors.err");
	f = open_memstream(&errs, &len);
	r = config_load_file(path, &c, f);
	fclose(f);
	assert_null(c.ifaces);

	f = fopen(golden, "re");
	assert_non_null(f);
	want = calloc(1, 65536);
	assert_non_null(want);
	assert_true(fread(want, 1, 65535, f) > 0);
	fclose(f);
	/* the golden file names the fixture relative to the project */
	{
		char *got = errs, *exp = want;
		size_t plen = strlen(path) - strlen("tests/fixtures/many-errors.ini");
		int lines = 0;

		while (*got && *exp) {
			char *ge = strchr(got, '\n'), *ee = strchr(exp, '\n');

			assert_non_null(ge);
			assert_non_null(ee);
			*ge = *ee = '\0';
			assert_string_equal(got + plen, exp);
			got = ge + 1;
			exp = ee + 1;
			lines++;
		}
		assert_string_equal(got, exp);
		assert_int_equal(r, lines);
		assert_true(lines >= 8);
	}
	free(want);
	reset();
}

static void test_load_file_errors(void **state)
{
	char path[] = "/tmp/test-config-XXXXXX";
	struct config c;
	size_t len;
	FILE *f;
	int fd;

	(void)state;
	f = open_memstream(&errs, &len);
	assert_int_equal(config_load_file("/nonexistent/earlynet.ini", &c, f), -ENOENT);
	fclose(f);
	assert_string_equal(errs, "/nonexistent/earlynet.ini: cannot read: No such file or directory\n");
	assert_null(c.ifaces);
	reset();

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[global]\n\n\0\n", 12), 12);
	close(fd);
	f = open_memstream(&errs, &len);
	assert_int_equal(config_load_file(path, &c, f), 1);
	fclose(f);
	assert_non_null(strstr(errs, ":3: contains a NUL byte"));
	unlink(path);
	reset();
}

/* The example files in conf/ are valid as they stand. */
static void test_examples(void **state)
{
	static const char *files[] = { "conf/minimal.ini", "conf/earlynet.ini" };
	char path[PATH_MAX];
	struct config c;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		root_path(path, sizeof(path), files[i]);
		assert_int_equal(config_load_file(path, &c, stderr), 0);
		assert_true(c.management >= 0);
		assert_int_equal(c.ifaces[config_find(&c, "bond0")].bond.mode, BOND_MODE_8023AD);
		config_free(&c);
	}
	root_path(path, sizeof(path), "conf/earlynet.ini");
	assert_int_equal(config_load_file(path, &c, stderr), 0);
	assert_int_equal(c.ifaces[config_find(&c, "vmbr0")].gw6.family, AF_INET6);
	assert_int_equal(c.ifaces[config_find(&c, "storage")].vlan.id, 20);
	assert_int_equal(c.ifaces[config_find(&c, "storage")].vlan.parent, config_find(&c, "vmbr1"));
	assert_int_equal(c.ifaces[config_find(&c, "eth0")].link.lro, TRI_OFF);
	assert_int_equal(c.ifaces[config_find(&c, "bond0")].bond.lacp_rate, BOND_LACP_FAST);
	config_free(&c);
}

static void test_names(void **state)
{
	struct en_addr a;
	uint8_t mac[6];
	char buf[50];

	(void)state;
	assert_string_equal(bond_mode_name(BOND_MODE_8023AD), "802.3ad");
	assert_string_equal(bond_mode_name(BOND_MODE_ACTIVE_BACKUP), "active-backup");
	assert_string_equal(bond_hash_name(BOND_HASH_LAYER23), "layer2+3");
	assert_string_equal(bond_hash_name(BOND_HASH_LAYER34), "layer3+4");
	assert_string_equal(bond_lacp_rate_name(BOND_LACP_FAST), "fast");
	assert_string_equal(bond_ad_select_name(BOND_AD_COUNT), "count");
	assert_string_equal(if_kind_name(IF_KIND_VLAN), "vlan");

	assert_int_equal(en_addr_parse("2001:db8::1/64", true, &a), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.prefix, 64);
	assert_string_equal(en_addr_fmt(&a, true, buf), "2001:db8::1/64");
	assert_string_equal(en_addr_fmt(&a, false, buf), "2001:db8::1");
	assert_int_equal(en_addr_parse("10.0.0.1", false, &a), 0);
	assert_int_equal(a.family, AF_INET);
	assert_memory_equal(a.bytes, "\x0a\x00\x00\x01", 4);
	assert_int_equal(en_addr_parse("10.0.0.1", true, &a), -EINVAL);
	assert_int_equal(en_addr_parse("10.0.0.1/24", false, &a), -EINVAL);
	assert_int_equal(en_addr_parse("10.0.0.1/", true, &a), -EINVAL);
	assert_int_equal(en_addr_parse("10.0.0.1/+4", true, &a), -EINVAL);
	assert_int_equal(en_addr_parse("10.0.0.1/0024", true, &a), -EINVAL);
	assert_int_equal(en_addr_parse("::/0", true, &a), 0);
	assert_int_equal(en_addr_parse("::/129", true, &a), -EINVAL);
	assert_int_equal(en_addr_parse("", false, &a), -EINVAL);

	assert_int_equal(en_mac_parse("58:47:CA:76:76:fb", mac), 0);
	assert_memory_equal(mac, "\x58\x47\xca\x76\x76\xfb", 6);
	assert_int_equal(en_mac_parse("58:47:ca:76:76:fb:00", mac), -EINVAL);
	assert_int_equal(en_mac_parse("58-47-ca-76-76-fb", mac), -EINVAL);
	assert_int_equal(en_mac_parse("5:47:ca:76:76:fb", mac), -EINVAL);
	assert_int_equal(en_mac_parse("", mac), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node01),
		cmocka_unit_test(test_bond_lacp_timeout),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_no_double_report),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_load_file_errors),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_many_sections),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
