/* test-import.c - interfaces files into earlynet INI: golden text, check, node01 model */
/*
 * Each fixture in tests/fixtures/import is converted and compared with
 * expected/NAME.ini and expected/NAME.err (the warnings). Every output that
 * has all its MACs must then load through config_load_string with no
 * problem; the tests also assert the keys and warnings that matter by name,
 * and node01 is compared model to model with conf/node01.ini.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "config.h"
#include "import.h"

#define FIXTURES "tests/fixtures/import"
#define NODE01_INI "../../../conf/node01.ini"

struct result {
	int rc;
	char *out, *err;
};

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, len = 0;

	if (!fp) {
		fail_msg("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t n;

		if (len + 4096 + 1 > cap) {
			cap = len + 4096 + 1;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, 4096, fp);
		len += n;
		if (n == 0)
			break;
	}
	buf[len] = '\0';
	fclose(fp);
	return buf;
}

/* Convert NAME.interfaces (as a file, or its text as a string), with
 * RULES.rules (RULES: NAME when NULL) when there is one. */
static void run_rules(const char *name, const char *rules_name, bool as_string,
		      const char *sysfs, struct result *r)
{
	char path[256], rules[256], root[256];
	/* another node's tree (NAME.root, or one that does not exist):
	 * nothing from this machine's /etc */
	struct import_opts o = { .sysfs_root = sysfs, .root = "no-root" };
	size_t lo, le;
	FILE *out, *err;

	snprintf(path, sizeof(path), "%s.interfaces", name);
	snprintf(rules, sizeof(rules), "%s.rules", rules_name ? rules_name : name);
	if (access(rules, R_OK) == 0)
		o.udev_rules = rules;
	snprintf(root, sizeof(root), "%s.root", name);
	if (access(root, X_OK) == 0)
		o.root = root;
	out = open_memstream(&r->out, &lo);
	err = open_memstream(&r->err, &le);
	assert_non_null(out);
	assert_non_null(err);
	if (as_string) {
		char *text = slurp(path);

		r->rc = import_string(text, path, &o, out, err);
		free(text);
	} else {
		r->rc = import_file(path, &o, out, err);
	}
	fclose(out);
	fclose(err);
}

static void run(const char *name, bool as_string, const char *sysfs, struct result *r)
{
	run_rules(name, NULL, as_string, sysfs, r);
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

static void golden(const char *name, const struct result *r)
{
	char path[256];
	char *want;

	snprintf(path, sizeof(path), "expected/%s.ini", name);
	want = slurp(path);
	if (strcmp(want, r->out))
		fprintf(stderr, "--- %s: got\n%s--- want\n%s", path, r->out, want);
	assert_string_equal(r->out, want);
	free(want);
	snprintf(path, sizeof(path), "expected/%s.err", name);
	want = slurp(path);
	if (strcmp(want, r->err))
		fprintf(stderr, "--- %s: got\n%s--- want\n%s", path, r->err, want);
	assert_string_equal(r->err, want);
	free(want);
}

/* config_load_string's problem count; they are shown when there are any. */
static int load(const char *text, const char *name, struct config *c)
{
	char *msg = NULL;
	size_t len;
	FILE *err = open_memstream(&msg, &len);
	int n;

	assert_non_null(err);
	n = config_load_string(text, name, c, err);
	fclose(err);
	if (n)
		fprintf(stderr, "%s: %d problem(s):\n%s", name, n, msg);
	free(msg);
	return n;
}

static void assert_loads(const char *text, const char *name)
{
	struct config c;

	assert_int_equal(load(text, name, &c), 0);
	config_free(&c);
}

/* Is "line" one of the lines of the section "[header]"? */
static bool in_section(const char *text, const char *header, const char *line)
{
	const char *p = strstr(text, header);
	size_t n = strlen(line);

	if (!p)
		return false;
	for (p = strchr(p, '\n'); p && p[1] && p[1] != '['; p = strchr(p + 1, '\n'))
		if (!strncmp(p + 1, line, n) && (p[1 + n] == '\n' || p[1 + n] == '\0'))
			return true;
	return false;
}

static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* ---- node01, model to model ---- */

static const char *port_name(const struct config *c, int i)
{
	return i >= 0 && i < c->n_ifaces ? c->ifaces[i].name : "(none)";
}

static void same_addr(const struct en_addr *a, const struct en_addr *b)
{
	assert_int_equal(a->family, b->family);
	assert_int_equal(a->prefix, b->prefix);
	assert_memory_equal(a->bytes, b->bytes, a->family == AF_INET6 ? 16 : 4);
}

static void same_model(const struct config *got, const struct config *want, bool rings)
{
	assert_int_equal(got->n_ifaces, want->n_ifaces);
	assert_true(want->management >= 0);
	assert_true(got->management >= 0);
	assert_string_equal(port_name(got, got->management), port_name(want, want->management));
	assert_int_equal(got->carrier_timeout, want->carrier_timeout);
	assert_int_equal(got->lacp_timeout, want->lacp_timeout);
	for (int i = 0; i < want->n_ifaces; i++) {
		const struct iface *w = &want->ifaces[i];
		int j = config_find(got, w->name);
		const struct iface *g;

		if (j < 0)
			fail_msg("%s missing from the import", w->name);
		g = &got->ifaces[j];
		assert_int_equal(g->kind, w->kind);
		assert_int_equal(g->mtu, w->mtu);
		assert_int_equal(g->n_addrs, w->n_addrs);
		for (int k = 0; k < w->n_addrs; k++)
			same_addr(&g->addrs[k], &w->addrs[k]);
		assert_int_equal(g->gw4.family, w->gw4.family);
		if (w->gw4.family)
			assert_memory_equal(g->gw4.bytes, w->gw4.bytes, 4);
		assert_int_equal(g->gw6.family, w->gw6.family);
		assert_string_equal(port_name(got, g->master), port_name(want, w->master));
		assert_int_equal(g->n_ports, w->n_ports);
		for (int k = 0; k < w->n_ports; k++)
			assert_string_equal(port_name(got, g->ports[k]), port_name(want, w->ports[k]));
		switch (w->kind) {
		case IF_KIND_LINK:
			assert_memory_equal(g->link.mac, w->link.mac, 6);
			assert_int_equal(g->link.up, w->link.up);
			assert_int_equal(g->link.require_carrier, w->link.require_carrier);
			assert_int_equal(g->link.tso, w->link.tso);
			assert_int_equal(g->link.gso, w->link.gso);
			assert_int_equal(g->link.gro, w->link.gro);
			assert_int_equal(g->link.lro, w->link.lro);
			if (rings) {
				assert_int_equal(g->link.rx_ring, w->link.rx_ring);
				assert_int_equal(g->link.tx_ring, w->link.tx_ring);
			} else {
				/* the guide's interfaces file has no ethtool -G */
				assert_int_equal(g->link.rx_ring, EN_UNSET);
				assert_int_equal(g->link.tx_ring, EN_UNSET);
			}
			break;
		case IF_KIND_BOND:
			assert_int_equal(g->bond.mode, w->bond.mode);
			assert_int_equal(g->bond.miimon, w->bond.miimon);
			assert_int_equal(g->bond.xmit_hash_policy, w->bond.xmit_hash_policy);
			assert_int_equal(g->bond.lacp_rate, w->bond.lacp_rate);
			assert_int_equal(g->bond.min_links, w->bond.min_links);
			assert_int_equal(g->bond.ad_select, w->bond.ad_select);
			assert_int_equal(g->bond.updelay, w->bond.updelay);
			assert_int_equal(g->bond.downdelay, w->bond.downdelay);
			break;
		case IF_KIND_BRIDGE:
			assert_int_equal(g->bridge.stp, w->bridge.stp);
			assert_int_equal(g->bridge.forward_delay, w->bridge.forward_delay);
			assert_int_equal(g->bridge.vlan_aware, w->bridge.vlan_aware);
			break;
		case IF_KIND_VLAN:
			assert_string_equal(port_name(got, g->vlan.parent),
					    port_name(want, w->vlan.parent));
			assert_int_equal(g->vlan.id, w->vlan.id);
			break;
		}
	}
}

static void node01(const char *name, bool rings)
{
	struct config got, want;
	struct result r;

	/* as a string: the file's source line (interfaces.d/ *) must
	 * not read this machine's /etc */
	run_rules(name, "node01", true, NULL, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(load(r.out, name, &got), 0);
	assert_int_equal(config_load_file(NODE01_INI, &want, stderr), 0);
	same_model(&got, &want, rings);
	/* the one warning: the source line was not followed */
	assert_int_equal(count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "warning: 'source /etc/network/interfaces.d/*' not converted"));
	config_free(&got);
	config_free(&want);
	result_free(&r);
}

static void test_node01(void **state)
{
	(void)state;
	node01("node01", false);
}

static void test_node01_rings(void **state)
{
	(void)state;
	node01("node01-rings", true);
}

/* ---- fixtures: golden text, check, and the keys that matter ---- */

static void test_proxmox_vlan_aware(void **state)
{
	struct result r;

	(void)state;
	run("proxmox-vlan-aware", true, "sys", &r);
	golden("proxmox-vlan-aware", &r);
	assert_int_equal(r.rc, 0);
	assert_loads(r.out, "proxmox");
	assert_true(in_section(r.out, "[bridge vmbr0]", "vlan_aware = yes"));
	assert_true(in_section(r.out, "[bridge vmbr0]", "vids = 2-4094"));
	assert_true(in_section(r.out, "[bridge vmbr0]", "gateway = 192.168.10.1"));
	assert_true(in_section(r.out, "[vlan vmbr0.50]", "address = fd00:50::5/64"));
	/* bond ports: the permanent MAC from the bond's record, not the
	 * current (the bond's) one */
	assert_true(in_section(r.out, "[link eno2]", "mac = 3c:ec:ef:10:00:02"));
	/* and the section says where it came from */
	assert_true(in_section(r.out, "[link eno2]", "; mac read from this machine's "
			       "sys/class/net/eno2/bonding_slave/perm_hwaddr (--from-system)"));
	assert_true(in_section(r.out, "[link eno1]", "require_carrier = yes"));
	assert_true(in_section(r.out, "[link eno3]", "up = no"));
	/* the gateway is behind an 802.3ad bond: management all the same
	 * (the fallback keeps that bond) */
	assert_true(in_section(r.out, "[global]", "management = vmbr0"));
	assert_null(strstr(r.err, "802.3ad"));
	result_free(&r);
}

static void test_bond_master(void **state)
{
	struct result r;

	(void)state;
	run("bond-master", false, NULL, &r);
	golden("bond-master", &r);
	assert_int_equal(r.rc, 0);
	assert_loads(r.out, "bond-master");
	assert_true(in_section(r.out, "[bond bond0]", "slaves = eth0 eth1"));
	assert_true(in_section(r.out, "[bond bond0]", "mode = active-backup"));
	assert_true(in_section(r.out, "[bond bond0]", "address = 192.0.2.10/24"));
	assert_true(in_section(r.out, "[global]", "management = bond0"));
	/* MACs from the udev rules, upper case folded */
	assert_true(in_section(r.out, "[link eth0]", "mac = 00:25:90:aa:00:01"));
	/* not 802.3ad: the ports need no carrier wait */
	assert_false(in_section(r.out, "[link eth0]", "require_carrier = yes"));
	/* a bond option on a port is kept, not applied */
	assert_non_null(strstr(r.err, "bond-master.interfaces:20: warning: 'bond-mode active-backup'"));
	result_free(&r);
}

static void test_inet6(void **state)
{
	struct result r;
	struct config c;

	(void)state;
	run("inet6", false, NULL, &r);
	golden("inet6", &r);
	assert_int_equal(r.rc, 0);
	assert_true(in_section(r.out, "[link eth0]", "address = 2001:db8:0:1::5/64"));
	assert_true(in_section(r.out, "[link eth0]", "gateway = 2001:db8:0:1::1"));
	assert_true(in_section(r.out, "[link eth0]", "gateway = 203.0.113.1"));
	/* no MAC anywhere: commented out, warned, and check refuses it */
	assert_true(in_section(r.out, "[link eth0]", ";mac = (not found)"));
	assert_non_null(strstr(r.err, "inet6.interfaces:2: warning: no MAC for eth0"));
	assert_int_equal(load(r.out, "inet6", &c), 1);
	result_free(&r);
}

static void test_netmask(void **state)
{
	struct result r;

	(void)state;
	run("netmask", false, NULL, &r);
	golden("netmask", &r);
	assert_true(in_section(r.out, "[link eth0]", "address = 10.0.0.2/24"));
	assert_true(in_section(r.out, "[link eth1]", "address = 10.1.0.2/16"));
	assert_true(in_section(r.out, "[link eth2]", "address = 10.2.0.2/32"));
	assert_non_null(strstr(r.err, "netmask.interfaces:16: warning: no usable netmask"));
	/* network and broadcast are implied: kept, but not warned about */
	assert_null(strstr(r.err, "broadcast"));
	result_free(&r);
}

static void test_comments(void **state)
{
	struct result r;

	(void)state;
	run("comments", false, NULL, &r);
	golden("comments", &r);
	assert_int_equal(r.rc, 0);
	assert_loads(r.out, "comments");
	assert_true(in_section(r.out, "[bridge br0]", "ports = eth0 eth1"));
	assert_true(in_section(r.out, "[bridge br0]", "stp = on"));
	/* a comment between a stanza's options stays in its section */
	assert_true(in_section(r.out, "[bridge br0]", "; the two ports"));
	/* NAME:= in the rules counts too */
	assert_true(in_section(r.out, "[link eth1]", "mac = 52:54:00:00:00:11"));
	assert_string_equal(r.err, "");
	result_free(&r);
}

static void test_vlan_raw_device(void **state)
{
	struct result r;
	struct config c;
	int i;

	(void)state;
	run("vlan-raw-device", false, NULL, &r);
	golden("vlan-raw-device", &r);
	assert_int_equal(load(r.out, "vlan", &c), 0);
	i = config_find(&c, "storage");
	assert_true(i >= 0);
	assert_int_equal(c.ifaces[i].kind, IF_KIND_VLAN);
	assert_int_equal(c.ifaces[i].vlan.id, 200);
	assert_string_equal(port_name(&c, c.ifaces[i].vlan.parent), "eth0");
	i = config_find(&c, "vlan100");
	assert_true(i >= 0);
	assert_int_equal(c.ifaces[i].vlan.id, 100);
	i = config_find(&c, "eth0.300");
	assert_true(i >= 0);
	assert_int_equal(c.ifaces[i].vlan.id, 300);
	config_free(&c);
	result_free(&r);
}

static void test_source_directory(void **state)
{
	struct result r;

	(void)state;
	run("source", false, NULL, &r);
	assert_int_equal(r.rc, 0);
	golden("source", &r);
	assert_loads(r.out, "source");
	/* interfaces.d/eth0 and extra/vlan.cfg were read; eth1.bak is not a
	 * run-parts name, and the unmatched glob is no error */
	assert_true(in_section(r.out, "[link eth0]", "address = 198.51.100.7/24"));
	assert_true(in_section(r.out, "[vlan eth0.42]", "address = 192.0.2.42/24"));
	assert_null(strstr(r.out, "eth9"));
	assert_string_equal(r.err, "");
	result_free(&r);
}

static void test_bond_numeric(void **state)
{
	struct result r;
	struct config c;
	const struct iface *b;

	(void)state;
	run("bond-numeric", false, NULL, &r);
	golden("bond-numeric", &r);
	assert_int_equal(load(r.out, "bond-numeric", &c), 0);
	b = &c.ifaces[config_find(&c, "bond0")];
	assert_int_equal(b->bond.mode, BOND_MODE_8023AD);
	assert_int_equal(b->bond.lacp_rate, BOND_LACP_FAST);
	assert_int_equal(b->bond.xmit_hash_policy, BOND_HASH_LAYER34);
	assert_int_equal(b->bond.min_links, 1);
	assert_int_equal(b->bond.ad_select, BOND_AD_BANDWIDTH);
	assert_int_equal(b->bond.updelay, 200);
	assert_int_equal(b->bond.downdelay, 200);
	b = &c.ifaces[config_find(&c, "bond1")];
	assert_int_equal(b->bond.mode, BOND_MODE_ACTIVE_BACKUP);
	assert_int_equal(b->bond.miimon, 50);
	assert_true(c.ifaces[config_find(&c, "eth0")].link.require_carrier);
	assert_false(c.ifaces[config_find(&c, "eth2")].link.require_carrier);
	assert_string_equal(port_name(&c, c.management), "bond1");
	config_free(&c);
	result_free(&r);
}

static void test_dhcp(void **state)
{
	struct result r;

	(void)state;
	run("dhcp", false, NULL, &r);
	golden("dhcp", &r);
	assert_int_equal(r.rc, 0);
	assert_loads(r.out, "dhcp");
	/* one warning for eth0, though two stanzas are dynamic */
	assert_non_null(strstr(r.err, "dhcp.interfaces:7: warning: 'iface eth0 inet dhcp' not converted"));
	assert_null(strstr(r.err, "dhcp.interfaces:8:"));
	/* the default route came from the lease: say what to write instead */
	assert_non_null(strstr(r.err, "dhcp.interfaces:7: warning: the IPv4 default route comes from DHCP on eth0"));
	assert_true(in_section(r.out, "[link eth0]", "; dhcp.interfaces:8: iface eth0 inet6 auto"));
	/* the source line names another node's /etc: not read from ours */
	assert_non_null(strstr(r.err, "'no-root/etc/network/interfaces.d' does not exist"));
	assert_true(in_section(r.out, "[link eth0]", "; dhcp.interfaces:7: iface eth0 inet dhcp"));
	assert_true(in_section(r.out, "[link eth1]", "up = no"));
	assert_false(in_section(r.out, "[link eth0]", "up = no"));
	result_free(&r);
}

static void test_unknown(void **state)
{
	static const char *const warned[] = {
		":1: warning: 'mapping eth0'",
		":7: warning: 'up ip addr add 10.255.0.1/32 dev lo'",
		":13: warning: 'hwaddress ether 02:00:00:00:00:05'",
		":14: warning: 'dns-nameservers 10.0.0.53'",
		":16: warning: 'post-down ip route del",
		":21: warning: 'bridge_maxwait 0'",
		":22: warning: 'bridge-ageing 30'",
		":24: warning: 'metric 100'",
		":27: warning: 'bridge-access 10'",
	};
	struct result r;

	(void)state;
	run("unknown", false, NULL, &r);
	golden("unknown", &r);
	assert_int_equal(r.rc, 0);
	assert_loads(r.out, "unknown");
	for (size_t i = 0; i < sizeof(warned) / sizeof(warned[0]); i++)
		assert_non_null(strstr(r.err, warned[i]));
	assert_int_equal(count_lines(r.err), 9);
	/* post-up ip route add DEST via GW is a route */
	assert_true(in_section(r.out, "[link eth0]", "route = 10.10.0.0/16 via 10.0.0.254"));
	assert_null(strstr(r.err, ":15:"));
	assert_true(in_section(r.out, "[link eth0]",
			       "; unknown.interfaces:14: dns-nameservers 10.0.0.53"));
	assert_true(in_section(r.out, "[bridge br0]", "; unknown.interfaces:22: bridge-ageing 30"));
	assert_true(in_section(r.out, "[bridge br0]", "ports = eth1"));
	result_free(&r);
}

static void test_jumbo(void **state)
{
	struct result r;

	(void)state;
	run("jumbo", false, NULL, &r);
	golden("jumbo", &r);
	assert_loads(r.out, "jumbo");
	assert_true(in_section(r.out, "[link ens1f0]", "mtu = 9000"));
	assert_true(in_section(r.out, "[bond bond0]", "mtu = 9000"));
	assert_true(in_section(r.out, "[bridge vmbr1]", "mtu = 9000"));
	result_free(&r);
}

static void test_ethtool(void **state)
{
	struct result r;
	struct config c;
	const struct link_conf *l;

	(void)state;
	run("ethtool", false, NULL, &r);
	golden("ethtool", &r);
	assert_int_equal(load(r.out, "ethtool", &c), 0);
	l = &c.ifaces[config_find(&c, "eth0")].link;
	assert_int_equal(l->rx_ring, 4096);
	assert_int_equal(l->tx_ring, 2048);
	assert_int_equal(l->tso, TRI_OFF);
	assert_int_equal(l->gso, TRI_OFF);
	assert_int_equal(l->gro, TRI_OFF);
	assert_int_equal(l->lro, TRI_OFF);
	l = &c.ifaces[config_find(&c, "eth1")].link;
	assert_int_equal(l->rx_ring, 1024);
	assert_int_equal(l->tx_ring, EN_UNSET);
	assert_int_equal(l->gro, TRI_OFF);
	assert_int_equal(l->tso, TRI_UNSET);
	/* "rx off" has no key: the line stays, tso off is still applied */
	assert_non_null(strstr(r.err, "ethtool.interfaces:6: warning: 'up ethtool -K eth0 tso off && "
				       "ethtool -K eth0 rx off' not converted (partly converted"));
	/* offloads of a bond are not a thing earlynet sets */
	assert_non_null(strstr(r.err,
			       "ethtool.interfaces:17: warning: 'post-up ethtool -K bond0 tso off'"));
	assert_int_equal(count_lines(r.err), 2);
	config_free(&c);
	result_free(&r);
}

static void test_bridge_vlan_port(void **state)
{
	struct result r;
	const char *vlan, *bridge;

	(void)state;
	run("bridge-vlan-port", false, NULL, &r);
	golden("bridge-vlan-port", &r);
	assert_loads(r.out, "bridge-vlan-port");
	vlan = strstr(r.out, "[vlan eno1.100]");
	bridge = strstr(r.out, "[bridge vmbr100]");
	assert_non_null(vlan);
	assert_non_null(bridge);
	assert_true(vlan < bridge);
	/* bridge-ports none: a bridge with no ports */
	assert_false(in_section(r.out, "[bridge vmbr9]", "ports ="));
	result_free(&r);
}

/* ---- edge cases, as strings ---- */

static int convert(const char *text, const struct import_opts *o, char **out, char **err)
{
	size_t lo, le;
	FILE *fo = open_memstream(out, &lo), *fe = open_memstream(err, &le);
	int rc;

	assert_non_null(fo);
	assert_non_null(fe);
	rc = import_string(text, "t", o, fo, fe);
	fclose(fo);
	fclose(fe);
	return rc;
}

static void test_nothing_usable(void **state)
{
	char *out, *err;

	(void)state;
	assert_int_equal(convert("auto lo\niface lo inet loopback\n", NULL, &out, &err), 1);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "no interfaces"));
	free(out);
	free(err);
	assert_int_equal(convert("", NULL, &out, &err), 1);
	free(out);
	free(err);
}

static void test_missing_files(void **state)
{
	struct import_opts o = { .udev_rules = "does-not-exist.rules" };
	char *out, *err;
	FILE *fo, *fe;
	size_t lo, le;

	(void)state;
	fo = open_memstream(&out, &lo);
	fe = open_memstream(&err, &le);
	assert_int_equal(import_file("does-not-exist", NULL, fo, fe), -ENOENT);
	assert_int_equal(import_file("node01.interfaces", &o, fo, fe), -ENOENT);
	fclose(fo);
	fclose(fe);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "does-not-exist.rules: cannot read"));
	free(out);
	free(err);
}

/* The classes of the issue, each asserted by name (the corpus compares the
 * whole text). */
static void test_issue_classes(void **state)
{
	struct result r;
	struct config c;
	const struct iface *f;

	(void)state;
	/* link-local IPv6 gateways are kept */
	run("ovh-ll6", false, NULL, &r);
	assert_true(in_section(r.out, "[link eno1]", "gateway = fe80::1"));
	result_free(&r);
	/* point-to-point: the peer and the default route through it */
	run("hetzner-routed", false, NULL, &r);
	assert_int_equal(load(r.out, "hetzner-routed", &c), 0);
	f = &c.ifaces[config_find(&c, "enp0s31f6")];
	assert_int_equal(f->peer.family, AF_INET);
	assert_int_equal(f->gw4.family, AF_INET);
	assert_int_equal(f->gw6.family, AF_INET6);
	assert_int_equal(c.ifaces[config_find(&c, "vmbr0")].n_routes, 1);
	config_free(&c);
	result_free(&r);
	/* OVS and VXLAN devices are not NICs: no [link] that waits for them */
	run("ovs-bridge", false, NULL, &r);
	assert_null(strstr(r.out, "[link vmbr0]"));
	assert_null(strstr(r.out, "[link vlan50]"));
	assert_non_null(strstr(r.out, "[link eno1]"));
	assert_non_null(strstr(r.err, "vmbr0 is an Open vSwitch bridge"));
	result_free(&r);
	run("vxlan-preup", false, NULL, &r);
	assert_null(strstr(r.out, "[link vxlan2]"));
	assert_null(strstr(r.out, "[link vx3]"));
	assert_false(in_section(r.out, "[bridge vmbr2]", "ports = vxlan2"));
	result_free(&r);
	/* self-rejecting output: 0.0.0.0/0 and a management link with up = no */
	run("zero-address", false, NULL, &r);
	assert_null(strstr(r.out, "address = 0.0.0.0"));
	assert_loads(r.out, "zero-address");
	result_free(&r);
	run("mgmt-not-auto", false, NULL, &r);
	assert_true(in_section(r.out, "[global]", "management = enp3s0"));
	assert_false(in_section(r.out, "[link enp3s0]", "up = no"));
	assert_loads(r.out, "mgmt-not-auto");
	result_free(&r);
	/* MTU by command */
	run("mtu-commands", false, NULL, &r);
	assert_true(in_section(r.out, "[link eth0]", "mtu = 9000"));
	assert_true(in_section(r.out, "[link eth1]", "mtu = 9000"));
	assert_true(in_section(r.out, "[link eth2]", "mtu = 9216"));
	assert_string_equal(r.err, "");
	result_free(&r);
	/* dns-*: one warning naming resolv.conf, every line kept */
	run("ovh-ll6", false, NULL, &r);
	assert_int_equal(count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "resolv.conf"));
	assert_true(in_section(r.out, "[link eno1]", "; ovh-ll6.interfaces:16: dns-nameservers 2001:db8:0:ffff::99"));
	result_free(&r);
	/* MACs say where they came from; none from this machine unless asked */
	run("pointopoint", false, NULL, &r);
	assert_true(in_section(r.out, "[link ens3]", "; mac from pointopoint.rules:1"));
	result_free(&r);
	run_rules("pointopoint", "does-not-exist", false, NULL, &r);
	assert_true(in_section(r.out, "[link ens3]", ";mac = (not found)"));
	result_free(&r);
	/* SDN: source globs are read below --root, not from this machine */
	run("sdn-source", false, NULL, &r);
	assert_non_null(strstr(r.out, "[bridge vnet1]"));
	assert_null(strstr(r.out, "[link vxlan_vnet1]"));
	assert_non_null(strstr(r.err, "sdn-source.root/etc/network/interfaces.d/sdn:12: warning: "
				       "vxlan_vnet1 is a VXLAN"));
	result_free(&r);
}

/* What the conversion cannot make right is said: the output is checked
 * as `earlynet check` would, once its missing MACs are filled in. */
static void test_self_check(void **state)
{
	static const char text[] =
		"auto a\niface a inet static\n address 10.0.0.2/24\n gateway 10.0.0.1\n"
		"auto a.5\niface a.5 inet manual\n"
		"auto v5\niface v5 inet manual\n vlan-raw-device a\n vlan-id 5\n";
	char *out, *err;

	(void)state;
	assert_int_equal(convert(text, NULL, &out, &err), 0);
	assert_non_null(strstr(err, "t: warning: the converted file does not pass `earlynet check` "
				    "(converted:"));
	assert_non_null(strstr(err, "VLAN 5 on a is already a.5"));
	/* a missing MAC alone is the operator's to fill, not a refusal */
	assert_null(strstr(err, "mac is required"));
	free(out);
	free(err);
}

static void test_gateways(void **state)
{
	/* a gateway outside the subnet, and a second IPv4 default route */
	static const char text[] =
		"auto a\niface a inet static\n address 10.0.0.2/24\n gateway 10.1.0.1\n"
		"auto b\niface b inet static\n address 10.2.0.2/24\n gateway 10.2.0.1\n"
		"auto c\niface c inet static\n address 10.3.0.2/24\n gateway 10.3.0.1\n";
	char *out, *err;

	(void)state;
	assert_int_equal(convert(text, NULL, &out, &err), 0);
	assert_false(in_section(out, "[link a]", "gateway = 10.1.0.1"));
	assert_true(in_section(out, "[link b]", "gateway = 10.2.0.1"));
	assert_false(in_section(out, "[link c]", "gateway = 10.3.0.1"));
	assert_true(in_section(out, "[global]", "management = b"));
	assert_non_null(strstr(err, "t:4: warning: 'gateway 10.1.0.1' not converted (outside"));
	assert_non_null(strstr(err, "t:12: warning: 'gateway 10.3.0.1' not converted (only one"));
	free(out);
	free(err);
}

static void test_aliases_and_names(void **state)
{
	static const char text[] =
		"auto eth0 eth0:1 averyveryverylongname\n"
		"iface eth0 inet static\n address 10.0.0.2/24\n"
		"iface eth0:1 inet static\n address 10.0.1.2/24\n"
		"iface bad/name inet manual\n";
	char *out, *err;

	(void)state;
	assert_int_equal(convert(text, NULL, &out, &err), 0);
	assert_true(in_section(out, "[link eth0]", "address = 10.0.0.2/24"));
	assert_true(in_section(out, "[link eth0]", "address = 10.0.1.2/24"));
	assert_null(strstr(out, "eth0:1"));
	assert_null(strstr(out, "averyveryverylongname"));
	assert_non_null(strstr(err, "'averyveryverylongname' is not a valid interface name"));
	assert_non_null(strstr(err, "'bad/name' is not a valid interface name"));
	free(out);
	free(err);
}

/* ---- the corpus: every NAME.interfaces with an expected/NAME.ini ---- */

/* The operator's step after import: fill in the MACs it could not find. */
static char *fill_macs(const char *text)
{
	static const char hole[] = ";mac = (not found)";
	char *out = NULL, *p;
	size_t len;
	FILE *fp = open_memstream(&out, &len);
	int n = 0;

	assert_non_null(fp);
	while ((p = strstr(text, hole))) {
		fprintf(fp, "%.*smac = 02:00:5e:00:00:%02x", (int)(p - text), text, n++ & 0xff);
		text = p + sizeof(hole) - 1;
	}
	fputs(text, fp);
	fclose(fp);
	return out;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* As the CLI runs it (tests/fixtures/import/update writes the same): a file,
 * NAME.rules when there is one, and --root NAME.root or a tree that does
 * not exist, so nothing is read from this machine's /etc or /sys. */
static void corpus_one(const char *name)
{
	char path[256], rules[256], root[256];
	struct import_opts o = { .root = "no-root" };
	struct result r;
	size_t lo, le;
	FILE *out, *err;
	char *want, *filled;

	snprintf(path, sizeof(path), "%s.interfaces", name);
	snprintf(rules, sizeof(rules), "%s.rules", name);
	snprintf(root, sizeof(root), "%s.root", name);
	if (access(rules, R_OK) == 0)
		o.udev_rules = rules;
	if (is_dir(root))
		o.root = root;
	out = open_memstream(&r.out, &lo);
	err = open_memstream(&r.err, &le);
	assert_non_null(out);
	assert_non_null(err);
	r.rc = import_file(path, &o, out, err);
	fclose(out);
	fclose(err);
	if (r.rc != 0)
		fprintf(stderr, "%s: import returned %d\n%s", path, r.rc, r.err);
	assert_int_equal(r.rc, 0);
	golden(name, &r);
	/* every expected file passes check once its missing MACs are filled */
	snprintf(path, sizeof(path), "expected/%s.ini", name);
	want = slurp(path);
	filled = fill_macs(want);
	assert_loads(filled, path);
	free(filled);
	free(want);
	result_free(&r);
}

static void test_corpus(void **state)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char name[200], ini[256];

		if (len <= 11 || len >= sizeof(name) + 11 ||
		    strcmp(e->d_name + len - 11, ".interfaces"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 11), e->d_name);
		/* --from-system with sys/: test_proxmox_vlan_aware */
		if (!strcmp(name, "proxmox-vlan-aware"))
			continue;
		snprintf(ini, sizeof(ini), "expected/%s.ini", name);
		assert_int_equal(access(ini, R_OK), 0);
		corpus_one(name);
		n++;
	}
	closedir(d);
	/* the issue asks for at least 30 real-world patterns */
	assert_true(n >= 30);
}

static int to_fixtures(void **state)
{
	(void)state;
	/* tests/run starts the binaries from the top of the tree */
	return chdir(FIXTURES) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node01),
		cmocka_unit_test(test_node01_rings),
		cmocka_unit_test(test_proxmox_vlan_aware),
		cmocka_unit_test(test_bond_master),
		cmocka_unit_test(test_inet6),
		cmocka_unit_test(test_netmask),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_vlan_raw_device),
		cmocka_unit_test(test_source_directory),
		cmocka_unit_test(test_bond_numeric),
		cmocka_unit_test(test_dhcp),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_jumbo),
		cmocka_unit_test(test_ethtool),
		cmocka_unit_test(test_bridge_vlan_port),
		cmocka_unit_test(test_nothing_usable),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_gateways),
		cmocka_unit_test(test_aliases_and_names),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_issue_classes),
		cmocka_unit_test(test_self_check),
	};

	return cmocka_run_group_tests(tests, to_fixtures, NULL);
}
