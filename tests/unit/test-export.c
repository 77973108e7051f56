/* test-export.c - earlynet export: the interfaces file and the .link files
 *
 * Round trip: every example in conf/ is exported, the interfaces file is
 * imported back (the MACs from a udev rules file, as on a machine without
 * the NICs) and the two configurations are compared model to model. The
 * keys an interfaces file has no place for ([global] timeouts, fallback,
 * hooks_dir; require_carrier, which import derives from 802.3ad
 * membership) are compared separately where they are defined.
 */
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

#include <cmocka.h>

#include "config.h"
#include "export.h"
#include "import.h"

static void root_path(char *buf, size_t size, const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	assert_true(n > 0);
	exe[n] = '\0';
	for (int i = 0; i < 3; i++)
		*strrchr(exe, '/') = '\0';
	assert_true(snprintf(buf, size, "%s/%s", exe, rel) < (int)size);
}

static void load_example(const char *name, struct config *c)
{
	char path[PATH_MAX], rel[64];

	snprintf(rel, sizeof(rel), "conf/%s", name);
	root_path(path, sizeof(path), rel);
	assert_int_equal(config_load_file(path, c, stderr), 0);
}

static char *exported(const struct config *c)
{
	char *text;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	export_interfaces(c, f);
	fclose(f);
	return text;
}

/* A 70-persistent-net.rules with c's MACs, for import. */
static void write_rules(const struct config *c, const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	for (int i = 0; i < c->n_ifaces; i++) {
		const uint8_t *m = c->ifaces[i].link.mac;

		if (c->ifaces[i].kind != IF_KIND_LINK)
			continue;
		fprintf(f, "SUBSYSTEM==\"net\", ACTION==\"add\", ATTR{address}==\"%02x:%02x:%02x:%02x:%02x:%02x\", NAME=\"%s\"\n",
			m[0], m[1], m[2], m[3], m[4], m[5], c->ifaces[i].name);
	}
	fclose(f);
}

static const char *port_name(const struct config *c, const struct iface *f, int i)
{
	return c->ifaces[f->ports[i]].name;
}

static void assert_addr_equal(const struct en_addr *a, const struct en_addr *b)
{
	assert_int_equal(a->family, b->family);
	assert_int_equal(a->prefix, b->prefix);
	assert_memory_equal(a->bytes, b->bytes, 16);
}

/* Everything an interfaces file carries, compared by interface name. */
static void assert_same(const struct config *a, const struct config *b)
{
	assert_int_equal(a->n_ifaces, b->n_ifaces);
	assert_true(a->management >= 0 && b->management >= 0);
	assert_string_equal(a->ifaces[a->management].name, b->ifaces[b->management].name);
	for (int i = 0; i < a->n_ifaces; i++) {
		const struct iface *x = &a->ifaces[i];
		int j = config_find(b, x->name);
		const struct iface *y;

		if (j < 0)
			fail_msg("%s: missing after the round trip", x->name);
		y = &b->ifaces[j];
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->mtu, y->mtu);
		assert_int_equal(x->n_addrs, y->n_addrs);
		for (int k = 0; k < x->n_addrs; k++)
			assert_addr_equal(&x->addrs[k], &y->addrs[k]);
		assert_addr_equal(&x->gw4, &y->gw4);
		assert_addr_equal(&x->gw6, &y->gw6);
		assert_int_equal(x->master < 0, y->master < 0);
		if (x->master >= 0)
			assert_string_equal(a->ifaces[x->master].name, b->ifaces[y->master].name);
		assert_int_equal(x->pvlan.has_vids, y->pvlan.has_vids);
		if (x->pvlan.has_vids)
			assert_true(vid_set_equal(x->pvlan.vids, y->pvlan.vids));
		assert_int_equal(x->pvlan.pvid, y->pvlan.pvid);
		assert_int_equal(x->pvlan.access, y->pvlan.access);
		assert_int_equal(x->n_ports, y->n_ports);
		for (int k = 0; k < x->n_ports; k++)
			assert_string_equal(port_name(a, x, k), port_name(b, y, k));
		switch (x->kind) {
		case IF_KIND_LINK:
			assert_memory_equal(x->link.mac, y->link.mac, 6);
			assert_int_equal(x->link.up, y->link.up);
			assert_int_equal(x->link.tso, y->link.tso);
			assert_int_equal(x->link.gso, y->link.gso);
			assert_int_equal(x->link.gro, y->link.gro);
			assert_int_equal(x->link.lro, y->link.lro);
			assert_int_equal(x->link.rx_ring, y->link.rx_ring);
			assert_int_equal(x->link.tx_ring, y->link.tx_ring);
			break;
		case IF_KIND_BOND:
			assert_int_equal(x->bond.mode, y->bond.mode);
			assert_int_equal(x->bond.miimon, y->bond.miimon);
			assert_int_equal(x->bond.xmit_hash_policy, y->bond.xmit_hash_policy);
			assert_int_equal(x->bond.lacp_rate, y->bond.lacp_rate);
			assert_int_equal(x->bond.min_links, y->bond.min_links);
			assert_int_equal(x->bond.ad_select, y->bond.ad_select);
			assert_int_equal(x->bond.updelay, y->bond.updelay);
			assert_int_equal(x->bond.downdelay, y->bond.downdelay);
			break;
		case IF_KIND_BRIDGE:
			assert_int_equal(x->bridge.stp, y->bridge.stp);
			assert_int_equal(x->bridge.forward_delay, y->bridge.forward_delay);
			assert_int_equal(x->bridge.vlan_aware, y->bridge.vlan_aware);
			if (x->bridge.vlan_aware) {
				assert_true(vid_set_equal(iface_bridge_vids(x), iface_bridge_vids(y)));
			}
			break;
		case IF_KIND_VLAN:
			assert_int_equal(x->vlan.id, y->vlan.id);
			assert_string_equal(a->ifaces[x->vlan.parent].name, b->ifaces[y->vlan.parent].name);
			break;
		}
	}
}

static void round_trip_config(const char *example, struct config *ap);

static void round_trip(const char *example)
{
	struct config a;

	load_example(example, &a);
	round_trip_config(example, &a);
}

static void round_trip_config(const char *example, struct config *ap)
{
	char rules[] = "/tmp/test-export-XXXXXX", *text, *ini, *err;
	struct import_opts o = { .udev_rules = rules };
	struct config a = *ap, b;
	size_t lo, le;
	FILE *fo, *fe;
	int fd;

	fd = mkstemp(rules);
	assert_true(fd >= 0);
	close(fd);
	write_rules(&a, rules);
	text = exported(&a);
	fo = open_memstream(&ini, &lo);
	fe = open_memstream(&err, &le);
	assert_int_equal(import_string(text, "exported", &o, fo, fe), 0);
	fclose(fo);
	fclose(fe);
	unlink(rules);
	/* export writes nothing import has to warn about */
	if (err[0])
		fail_msg("%s: import of the export warned:\n%s\n--- exported:\n%s", example, err, text);
	if (config_load_string(ini, "imported", &b, stderr))
		fail_msg("%s: import of the export does not load:\n%s", example, ini);
	assert_same(&a, &b);
	config_free(&a);
	config_free(&b);
	free(text);
	free(ini);
	free(err);
}

static bool has_line(const char *text, const char *line);

static void test_round_trip_node01(void **state)
{
	(void)state;
	round_trip("node01.ini");
}

static void test_round_trip_minimal(void **state)
{
	(void)state;
	round_trip("minimal.ini");
}

static void test_round_trip_every_key(void **state)
{
	(void)state;
	round_trip("earlynet.ini");
}

/* A port's own VLANs: bridge-vids, bridge-pvid, bridge-access in its
 * stanza, and back. */
static void test_round_trip_port_vlans(void **state)
{
	static const char ini[] =
		"[global]\nmanagement = vmbr1.10\n"
		"[link eth0]\nmac = 02:00:00:00:00:01\nbridge_access = 20\n"
		"[link eth1]\nmac = 02:00:00:00:00:02\n"
		"[link eth2]\nmac = 02:00:00:00:00:03\nbridge_pvid = 7\n"
		"[bond bond0]\nslaves = eth1\nbridge_vids = 10-30 99\nbridge_pvid = 99\n"
		"[bridge vmbr1]\nports = bond0 eth0 eth2\nvlan_aware = yes\nvids = 10 20 30\n"
		"[vlan vmbr1.10]\naddress = 10.25.10.2/24\ngateway = 10.25.10.1\n";
	struct config a;
	char *text;

	(void)state;
	assert_int_equal(config_load_string(ini, "pv.ini", &a, stderr), 0);
	text = exported(&a);
	assert_true(has_line(text, "\tbridge-access 20"));
	assert_true(has_line(text, "\tbridge-vids 10-30 99"));
	assert_true(has_line(text, "\tbridge-pvid 99"));
	assert_true(has_line(text, "\tbridge-pvid 7"));
	assert_true(has_line(text, "\tbridge-vids 10 20 30"));
	free(text);
	round_trip_config("pv.ini", &a);
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

/* What ifupdown2 needs to find nothing to change: every value earlynet
 * sets, defaults included, and no auto for a NIC left down. */
static void test_node01_text(void **state)
{
	struct config c;
	char *t;

	(void)state;
	load_example("node01.ini", &c);
	t = exported(&c);
	assert_true(has_line(t, "auto lo"));
	assert_true(has_line(t, "auto eth0"));
	assert_false(has_line(t, "auto eth1"));
	assert_true(has_line(t, "iface eth1 inet manual"));
	assert_true(has_line(t, "iface vmbr0 inet static"));
	assert_true(has_line(t, "\tbridge-ports eth0"));
	assert_true(has_line(t, "\tbridge-stp off"));
	assert_true(has_line(t, "\tbridge-fd 0"));
	assert_true(has_line(t, "\taddress 10.16.207.61/24"));
	assert_true(has_line(t, "\tgateway 10.16.207.1"));
	assert_true(has_line(t, "\tbond-slaves spf0 spf1"));
	assert_true(has_line(t, "\tbond-mode 802.3ad"));
	assert_true(has_line(t, "\tbond-miimon 100"));
	assert_true(has_line(t, "\tbond-xmit-hash-policy layer2+3"));
	assert_true(has_line(t, "\tbond-lacp-rate slow"));
	assert_true(has_line(t, "\tbond-min-links 0"));
	assert_true(has_line(t, "\ttso-offload off"));
	assert_true(has_line(t, "\tpost-up ethtool -G spf0 rx 4096 tx 4096 || true"));
	/* a dotted name says parent and id itself */
	assert_true(has_line(t, "iface vmbr1.10 inet static"));
	assert_null(strstr(t, "vlan-raw-device"));
	/* bonds before the bridge over them, as in the file */
	assert_true(strstr(t, "iface bond0") < strstr(t, "iface vmbr1 "));
	free(t);
	config_free(&c);
}

/* hwaddress of a bond or bridge goes out as ifupdown2's hwaddress (which
 * it would otherwise not keep), and comes back in through import. */
static void test_hwaddress(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0xaa, 0xbb, 0x01 };
	struct import_opts o = { 0 };
	struct config c;
	char *t, *ini, *err;
	size_t lo, le;
	FILE *fo, *fe;

	(void)state;
	load_example("node01.ini", &c);
	t = exported(&c);
	assert_null(strstr(t, "hwaddress"));
	free(t);
	for (int i = 0; i < c.n_ifaces; i++)
		if (!strcmp(c.ifaces[i].name, "bond0") || !strcmp(c.ifaces[i].name, "vmbr1"))
			memcpy(c.ifaces[i].hwaddress, mac, 6);
	t = exported(&c);
	assert_true(strstr(t, "iface bond0") < strstr(t, "\thwaddress 02:00:00:aa:bb:01"));
	assert_true(strstr(strstr(t, "iface vmbr1 "), "\thwaddress 02:00:00:aa:bb:01") <
		    strstr(t, "iface vmbr1.10"));
	fo = open_memstream(&ini, &lo);
	fe = open_memstream(&err, &le);
	assert_int_equal(import_string(t, "exported", &o, fo, fe), 0);
	fclose(fo);
	fclose(fe);
	assert_true(strstr(strstr(ini, "[bond bond0]"), "hwaddress = 02:00:00:aa:bb:01") <
		    strstr(ini, "[bridge vmbr1]"));
	assert_non_null(strstr(strstr(ini, "[bridge vmbr1]"), "hwaddress = 02:00:00:aa:bb:01"));
	free(ini);
	free(err);
	free(t);
	config_free(&c);
}

static void test_vlan_not_dotted(void **state)
{
	struct config c;
	char *t;

	(void)state;
	load_example("earlynet.ini", &c);
	t = exported(&c);
	assert_true(has_line(t, "iface storage inet static"));
	assert_true(has_line(t, "\tvlan-raw-device vmbr1"));
	assert_true(has_line(t, "\tvlan-id 20"));
	assert_true(has_line(t, "\tbridge-vlan-aware yes"));
	assert_true(has_line(t, "\tbridge-vids 2-4094"));
	assert_true(has_line(t, "\tgateway fe80::1"));
	free(t);
	config_free(&c);
}

static void test_links_dir(void **state)
{
	char dir[] = "/tmp/test-export-links-XXXXXX", path[PATH_MAX], *text = NULL;
	struct config c;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	(void)state;
	load_example("node01.ini", &c);
	assert_non_null(mkdtemp(dir));
	f = open_memstream(&text, &cap);
	assert_non_null(f);
	assert_int_equal(export_links_dir(&c, dir, f), 4);
	fclose(f);
	/* node01's eth0 and eth1 are kernel-style names: a warning each, none for spf0/spf1 */
	assert_non_null(strstr(text, "warning: export: eth0 is a name the kernel gives out"));
	assert_non_null(strstr(text, "warning: export: eth1 is a name the kernel gives out"));
	assert_null(strstr(text, "spf0"));
	assert_null(strstr(text, "spf1"));
	free(text);
	text = NULL;
	cap = 0;
	snprintf(path, sizeof(path), "%s/10-earlynet-spf1.link", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	assert_true(n > 0);
	assert_true(has_line(text, "[Match]"));
	assert_true(has_line(text, "PermanentMACAddress=58:47:ca:76:76:fc"));
	assert_true(has_line(text, "[Link]"));
	assert_true(has_line(text, "Name=spf1"));
	free(text);
	text = NULL;
	for (int i = 0; i < c.n_ifaces; i++) {
		char name[64];

		if (c.ifaces[i].kind != IF_KIND_LINK)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir,
			 export_link_name(&c.ifaces[i], name, sizeof(name)));
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(rmdir(dir), 0); /* no temporary file left */
	/* a directory that is not there: -ENOENT, said on err */
	cap = 0;
	f = open_memstream(&text, &cap);
	assert_non_null(f);
	assert_int_equal(export_links_dir(&c, dir, f), -ENOENT);
	fclose(f);
	assert_non_null(strstr(text, "10-earlynet-eth0.link.tmp: No such file or directory"));
	free(text);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_node01),
		cmocka_unit_test(test_round_trip_minimal),
		cmocka_unit_test(test_round_trip_every_key),
		cmocka_unit_test(test_round_trip_port_vlans),
		cmocka_unit_test(test_node01_text),
		cmocka_unit_test(test_hwaddress),
		cmocka_unit_test(test_vlan_not_dotted),
		cmocka_unit_test(test_links_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
