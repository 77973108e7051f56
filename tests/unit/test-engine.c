/* test-engine.c - `earlynet up` (engine.c, apply.c, wait.c) against the
 * scripted kernel of tests/unit/fake: every exit path, judged from the
 * fake kernel's state, not from what the engine says; and the fake's own
 * side effects, each against what a real kernel does. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <poll.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmdline.h"
#include "compare.h"
#include "config.h"
#include "engine.h"
#include "fake/fake-sys.h"
#include "log.h"
#include "state.h"
#include "sys.h"
#include "wait.h"

/* node01 of the examples, with short timeouts. */
static const char *const node01 =
	"[global]\n"
	"management = vmbr0\n"
	"link_timeout = 2\n"
	"carrier_timeout = 2\n"
	"lacp_timeout = 2\n"
	"hooks_dir = /nonexistent/earlynet-test-engine\n"
	"[link eth0]\nmac = 58:47:ca:76:76:fe\n"
	"[link eth1]\nmac = 58:47:ca:76:76:fd\nup = no\n"
	"[link spf0]\nmac = 58:47:ca:76:76:fb\nrequire_carrier = yes\ntso = off\n"
	"rx_ring = 4096\ntx_ring = 4096\n"
	"[link spf1]\nmac = 58:47:ca:76:76:fc\nrequire_carrier = yes\ntso = off\n"
	"rx_ring = 4096\ntx_ring = 4096\n"
	"[bridge vmbr0]\nports = eth0\nstp = off\nforward_delay = 0\n"
	"address = 10.16.207.61/24\ngateway = 10.16.207.1\n"
	"[bond bond0]\nslaves = spf0 spf1\nmode = 802.3ad\nmiimon = 100\n"
	"xmit_hash_policy = layer2+3\nlacp_rate = slow\n"
	"[bridge vmbr1]\nports = bond0\nstp = off\nforward_delay = 0\n"
	"[vlan vmbr1.10]\naddress = 10.25.10.231/24\n"
	"[vlan vmbr1.20]\naddress = 10.25.20.231/24\n"
	"[vlan vmbr1.30]\naddress = 10.25.30.231/24\naddress = fd00:30::231/64\n";

static struct config C;
static char statefile[64];
static const struct engine_opts opts = { .yes = true };

static void load(const char *text)
{
	config_free(&C);
	assert_int_equal(config_load_string(text, "test.ini", &C, stderr), 0);
}

/* The NICs as a fresh boot names them (udev's names, not the file's). */
static void nics(void)
{
	fake_nic("ens18", "58:47:ca:76:76:fe", 0);
	fake_nic("ens19", "58:47:ca:76:76:fd", 0);
	fake_nic("enp1s0f0", "58:47:ca:76:76:fb", 0);
	fake_nic("enp1s0f1", "58:47:ca:76:76:fc", 0);
}

static int setup(void **s)
{
	int fd;

	(void)s;
	fake_reset();
	memset(&C, 0, sizeof(C));
	load(node01);
	snprintf(statefile, sizeof(statefile), "/tmp/earlynet-test-engine.XXXXXX");
	fd = mkstemp(statefile);
	assert_true(fd >= 0);
	close(fd);
	state_set_path(statefile);
	return 0;
}

static int teardown(void **s)
{
	(void)s;
	config_free(&C);
	unlink(statefile);
	fake_free();
	return 0;
}

static int up(void)
{
	return engine_up(&C, &opts);
}

/* The data plane and management of node01 as the file says. */
static void assert_node01(void)
{
	struct ks_link *l;

	assert_non_null(l = fake_link("vmbr0"));
	assert_true(l->flags & IFF_UP);
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_string_equal(fake_master("eth0"), "vmbr0");
	assert_string_equal(fake_master("spf0"), "bond0");
	assert_string_equal(fake_master("spf1"), "bond0");
	assert_string_equal(fake_master("bond0"), "vmbr1");
	assert_non_null(l = fake_link("bond0"));
	assert_int_equal(l->bond.mode, BOND_MODE_8023AD);
	assert_int_equal(l->bond.xmit_hash_policy, BOND_HASH_LAYER23);
	assert_true(l->carrier);
	assert_non_null(l = fake_link("vmbr1.20"));
	assert_true(l->flags & IFF_UP);
	assert_int_equal(l->vlan.id, 20);
	assert_int_equal(l->vlan.parent, fake_link("vmbr1")->ifindex);
	assert_true(fake_has_addr("vmbr1.10", "10.25.10.231/24"));
	assert_true(fake_has_addr("vmbr1.30", "fd00:30::231/64"));
	assert_non_null(l = fake_link("spf1"));
	assert_int_equal(l->ethtool.feature[FEAT_TSO], TRI_OFF);
	assert_int_equal(l->ethtool.rx, 4096);
	assert_non_null(l = fake_link("eth1"));
	assert_false(l->flags & IFF_UP);
}

/* ---- exit 0 ---- */

static void test_converged(void **s)
{
	(void)s;
	nics();
	assert_int_equal(up(), EXIT_OK);
	assert_node01();
	/* udev was waited for, the NICs' ethtool state read */
	assert_true(fake_udev_waits() >= 4);
	assert_true(fake_ethtool_reads() >= 2);
	assert_null(fake_link("ens18"));
}

/* A second `up` sends nothing: the kernel is as the file says. */
static void test_second_up_writes_nothing(void **s)
{
	unsigned before;

	(void)s;
	nics();
	assert_int_equal(up(), EXIT_OK);
	before = fake_writes();
	assert_int_equal(up(), EXIT_OK);
	assert_int_equal(fake_writes(), before);
	assert_int_equal(fake_default_losses(), 0);
	assert_node01();
}

/* NICs a slow driver brings late, management's and the data plane's. */
static void test_nics_late(void **s)
{
	(void)s;
	fake_nic("ens18", "58:47:ca:76:76:fe", 300);
	fake_nic("ens19", "58:47:ca:76:76:fd", 0);
	fake_nic("enp1s0f0", "58:47:ca:76:76:fb", 0);
	fake_nic("enp1s0f1", "58:47:ca:76:76:fc", 600);
	assert_null(fake_link("ens18"));
	assert_int_equal(up(), EXIT_OK);
	assert_node01();
}

/* A NIC whose own altname is its configured name gives it up first. */
static void test_own_altname(void **s)
{
	(void)s;
	nics();
	fake_altname("ens18", "eth0");
	assert_int_equal(up(), EXIT_OK);
	assert_node01();
	assert_int_equal(fake_link("eth0")->n_altnames, 0);
	assert_int_equal(fake_writes_of(FAKE_ALTNAME_DEL), 1);
}

/* ---- what `up` does not own stays ---- */

/* Guests' ports in a file bridge, an address and a default route it did
 * not add: a second `up` leaves them and sends nothing. */
static void test_foreign_ports_and_addresses_stay(void **s)
{
	unsigned before;

	(void)s;
	nics();
	assert_int_equal(up(), EXIT_OK);
	fake_nic("tap100i0", "02:00:00:00:01:00", 0);
	fake_nic("fwpr100p0", "02:00:00:00:01:01", 0);
	assert_int_equal(sys_link_set_master(fake_link("tap100i0")->ifindex,
	                                     fake_link("vmbr1")->ifindex), 0);
	assert_int_equal(sys_link_set_master(fake_link("fwpr100p0")->ifindex,
	                                     fake_link("vmbr0")->ifindex), 0);
	fake_ip_addr("vmbr0", "10.16.207.99/24"); /* a keepalived VIP */
	fake_ip_addr("vmbr1.10", "fd00:10::5/64");
	before = fake_writes();
	assert_int_equal(up(), EXIT_OK);
	assert_int_equal(fake_writes(), before);
	assert_string_equal(fake_master("tap100i0"), "vmbr1");
	assert_string_equal(fake_master("fwpr100p0"), "vmbr0");
	assert_true(fake_has_addr("vmbr0", "10.16.207.99/24"));
	assert_true(fake_has_addr("vmbr1.10", "fd00:10::5/64"));
	assert_node01();
}

/* A default route through a NIC the file does not mention (ip=dhcp on
 * another NIC) is replaced by the file's gateway. */
static void test_foreign_default_route(void **s)
{
	(void)s;
	nics();
	fake_nic("enp9s0", "52:54:00:00:09:00", 0);
	assert_int_equal(sys_link_set_up(fake_link("enp9s0")->ifindex, true), 0);
	fake_ip_addr("enp9s0", "192.168.1.50/24");
	fake_ip_route("enp9s0", "192.168.1.1");
	assert_int_equal(up(), EXIT_OK);
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_false(fake_has_default("enp9s0", "192.168.1.1"));
	assert_int_equal(fake_default_losses(), 0);
	assert_true(fake_has_addr("enp9s0", "192.168.1.50/24"));
	assert_node01();
}

/* A NIC not in the file holds the name of a data NIC. Down: renamed
 * aside, and everything is up. */
static void test_held_name_down(void **s)
{
	(void)s;
	nics();
	fake_nic("spf0", "52:54:00:00:0a:00", 0);
	assert_int_equal(up(), EXIT_OK);
	assert_node01();
	assert_memory_equal(fake_link("spf0")->perm_mac,
	                    ((uint8_t[6]){ 0x58, 0x47, 0xca, 0x76, 0x76, 0xfb }), 6);
	/* the stranger is still there, under another name */
	for (int i = 0; i < fake_kernel()->n_links; i++) {
		struct ks_link *l = &fake_kernel()->links[i];

		if (l->perm_mac[0] == 0x52 && l->perm_mac[4] == 0x0a)
			assert_string_not_equal(l->name, "spf0");
	}
}

/* Up: the NIC that wants the name stays under its own, what depends on
 * it is degraded (exit 2), management and the rest are up. */
static void test_held_name_up(void **s)
{
	(void)s;
	nics();
	fake_nic("spf0", "52:54:00:00:0a:00", 0);
	assert_int_equal(sys_link_set_up(fake_link("spf0")->ifindex, true), 0);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_string_equal(fake_master("eth0"), "vmbr0");
	/* the stranger keeps its name and is nobody's port */
	assert_memory_equal(fake_link("spf0")->perm_mac,
	                    ((uint8_t[6]){ 0x52, 0x54, 0, 0, 0x0a, 0 }), 6);
	assert_string_equal(fake_master("spf0"), "");
	assert_non_null(fake_link("enp1s0f0"));
	assert_string_equal(fake_master("spf1"), "bond0");
}


/* Change the text of the file: the first occurrence of from becomes to. */
static void edit(const char *from, const char *to)
{
	char text[4096];
	const char *at = strstr(node01, from);

	assert_non_null(at);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - node01), node01, to, at + strlen(from));
	load(text);
}

/* A new primary IPv4 address in the same subnet: the old one goes (and
 * takes its secondaries, the new one among them: __inet_del_ifa), then
 * the device has no IPv4 address left and loses its routes. The file's
 * address and gateway must be there at the end all the same. */
static void test_change_primary_address(void **s)
{
	(void)s;
	nics();
	assert_int_equal(up(), EXIT_OK);
	edit("address = 10.16.207.61/24", "address = 10.16.207.62/24");
	assert_int_equal(up(), EXIT_OK);
	assert_true(fake_has_addr("vmbr0", "10.16.207.62/24"));
	assert_false(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
}

/* The same with promote_secondaries on (systemd's default): the new
 * address, added first, is promoted when the old one goes, and the node
 * is never without its default route. */
static void test_change_primary_address_promoted(void **s)
{
	(void)s;
	nics();
	fake_promote_secondaries(true);
	assert_int_equal(up(), EXIT_OK);
	edit("address = 10.16.207.61/24", "address = 10.16.207.62/24");
	assert_int_equal(up(), EXIT_OK);
	assert_true(fake_has_addr("vmbr0", "10.16.207.62/24"));
	assert_false(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_int_equal(fake_default_losses(), 0);
}

/* lacp_rate changes only while the bond is down: the bond goes down and
 * up, and what sits on it is whole again at the end. */
static void test_bond_reconfigured(void **s)
{
	(void)s;
	nics();
	assert_int_equal(up(), EXIT_OK);
	edit("lacp_rate = slow", "lacp_rate = fast");
	assert_int_equal(up(), EXIT_OK);
	assert_int_equal(fake_link("bond0")->bond.lacp_rate, BOND_LACP_FAST);
	assert_node01();
}


/* An unrelated NIC, down, carries the altname spf0 (udev's): the altname
 * is removed, the name goes to the file's NIC, and nothing meant for spf0
 * reaches the stranger. */
static void test_held_altname(void **s)
{
	struct ks_link *l;

	(void)s;
	nics();
	fake_nic("enp9s0", "52:54:00:00:09:00", 0);
	fake_altname("enp9s0", "spf0");
	assert_int_equal(up(), EXIT_OK);
	assert_node01();
	assert_memory_equal(fake_link("spf0")->perm_mac,
	                    ((uint8_t[6]){ 0x58, 0x47, 0xca, 0x76, 0x76, 0xfb }), 6);
	assert_non_null(l = fake_link("enp9s0"));
	assert_int_equal(l->n_altnames, 0);
	assert_int_equal(l->master, 0);
	assert_false(l->flags & IFF_UP);
}

/* A data NIC's rename fails: that NIC is degraded (exit 2), management
 * and the bond with the other port are up. */
static void test_rename_fails(void **s)
{
	(void)s;
	nics();
	fake_fail_op(FAKE_RENAME, "enp1s0f1", EIO);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_non_null(fake_link("enp1s0f1"));
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_string_equal(fake_master("spf0"), "bond0");
	assert_true(fake_link("bond0")->carrier);
	assert_true(fake_has_addr("vmbr1.10", "10.25.10.231/24"));
}

/* The same with a VLAN on the bond: the bond going down takes the VLAN
 * down (vlan_device_event) and its IPv6 addresses (addrconf_ifdown). */
static void test_bond_reconfigured_vlan_on_it(void **s)
{
	char text[4096];

	(void)s;
	snprintf(text, sizeof(text), "%s[vlan bond0.99]\naddress = fd00:99::1/64\n", node01);
	load(text);
	nics();
	assert_int_equal(up(), EXIT_OK);
	assert_true(fake_has_addr("bond0.99", "fd00:99::1/64"));
	snprintf(text, sizeof(text), "%s[vlan bond0.99]\naddress = fd00:99::1/64\n", node01);
	memcpy(strstr(text, "lacp_rate = slow"), "lacp_rate = fast", 16);
	load(text);
	assert_int_equal(up(), EXIT_OK);
	assert_true(fake_link("bond0.99")->flags & IFF_UP);
	assert_true(fake_has_addr("bond0.99", "fd00:99::1/64"));
}

/* ---- exit 2 ---- */

/* No LACP partner: management only, the data plane removed. */
static void test_fallback_no_lacp(void **s)
{
	(void)s;
	nics();
	fake_lacp_partner(false);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_string_equal(fake_master("eth0"), "vmbr0");
	assert_null(fake_link("bond0"));
	assert_null(fake_link("vmbr1"));
	assert_null(fake_link("vmbr1.10"));
}

/* One data-plane operation fails (IPv6 is off on vmbr1.30): that VLAN is
 * degraded, the healthy bridges, bond and VLANs stay up. */
static void test_degraded_local_failure(void **s)
{
	(void)s;
	nics();
	fake_fail_op(FAKE_ADDR_ADD, "vmbr1.30", EACCES);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_false(fake_has_addr("vmbr1.30", "fd00:30::231/64"));
	assert_true(fake_has_addr("vmbr1.10", "10.25.10.231/24"));
	assert_true(fake_has_addr("vmbr1.20", "10.25.20.231/24"));
	assert_true(fake_link("vmbr1")->flags & IFF_UP);
	assert_true(fake_link("bond0")->carrier);
	assert_string_equal(fake_master("bond0"), "vmbr1");
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
}


/* A data NIC that never comes: the bond works with the other port; the
 * result says degraded, the exit code is 0 (cli.md: only a bond that did
 * not converge or a failed part makes 2). */
static void test_data_nic_missing(void **s)
{
	(void)s;
	fake_nic("ens18", "58:47:ca:76:76:fe", 0);
	fake_nic("ens19", "58:47:ca:76:76:fd", 0);
	fake_nic("enp1s0f0", "58:47:ca:76:76:fb", 0);
	assert_int_equal(up(), EXIT_OK);
	assert_string_equal(fake_master("spf0"), "bond0");
	assert_true(fake_link("bond0")->carrier);
	assert_true(fake_has_addr("vmbr1.10", "10.25.10.231/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
}

/* The bond cannot be made (no bonding module): the fallback, management
 * only, exit 2. */
static void test_fallback_no_bond(void **s)
{
	(void)s;
	nics();
	fake_fail_op(FAKE_BOND_ADD, "bond0", EOPNOTSUPP);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_null(fake_link("bond0"));
	assert_null(fake_link("vmbr1"));
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_string_equal(fake_master("eth0"), "vmbr0");
}

/* fallback = none: the data plane is left as it got, exit 2. */
static void test_no_lacp_fallback_none(void **s)
{
	char text[4096];

	(void)s;
	snprintf(text, sizeof(text), "[global]\nfallback = none\n%s", node01 + 9);
	load(text);
	nics();
	fake_lacp_partner(false);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_non_null(fake_link("bond0"));
	assert_string_equal(fake_master("bond0"), "vmbr1");
	assert_true(fake_has_addr("vmbr1.10", "10.25.10.231/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
}

/* earlynet.fallback on the kernel command line: management only. */
static void test_cmdline_fallback(void **s)
{
	struct cmdline cl = { 0 };
	struct engine_opts o = { .yes = true, .cmdline = &cl };

	(void)s;
	nics();
	cl.fallback = true;
	assert_int_equal(engine_up(&C, &o), EXIT_DEGRADED);
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_string_equal(fake_master("eth0"), "vmbr0");
	assert_null(fake_link("bond0"));
}

/* earlynet.fallback waits for the management NIC like `up`: one that
 * comes late still becomes management's port. */
static void test_cmdline_fallback_late_nic(void **s)
{
	struct cmdline cl = { 0 };
	struct engine_opts o = { .yes = true, .cmdline = &cl };

	(void)s;
	fake_nic("ens18", "58:47:ca:76:76:fe", 400);
	fake_nic("enp1s0f0", "58:47:ca:76:76:fb", 0);
	fake_nic("enp1s0f1", "58:47:ca:76:76:fc", 0);
	cl.fallback = true;
	assert_int_equal(engine_up(&C, &o), EXIT_DEGRADED);
	assert_string_equal(fake_master("eth0"), "vmbr0");
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
}

/* A fallback after a converged node removes the data plane; the next
 * `up` brings it back. */
static void test_up_after_fallback(void **s)
{
	(void)s;
	nics();
	fake_lacp_partner(false);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_null(fake_link("bond0"));
	fake_lacp_partner(true);
	assert_int_equal(up(), EXIT_OK);
	assert_node01();
}

/* ---- exit 3 ---- */

/* Management's address cannot be added: failed, and the data plane is
 * not even begun. */
static void test_management_fails(void **s)
{
	(void)s;
	nics();
	fake_fail_op(FAKE_ADDR_ADD, "vmbr0", EINVAL);
	assert_int_equal(up(), EXIT_FAILED);
	assert_false(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_null(fake_link("bond0"));
	assert_null(fake_link("vmbr1"));
}

/* The management NIC never appears: failed, nothing of the data plane. */
static void test_management_nic_missing(void **s)
{
	(void)s;
	fake_nic("enp1s0f0", "58:47:ca:76:76:fb", 0);
	fake_nic("enp1s0f1", "58:47:ca:76:76:fc", 0);
	assert_int_equal(up(), EXIT_FAILED);
	assert_null(fake_link("vmbr0"));
	assert_null(fake_link("bond0"));
	assert_int_equal(fake_writes(), 0);
}

/* ---- exit 1 ---- */

/* A bad file is refused before the kernel is looked at: main runs the
 * engine only on a valid config, and loading one makes no sys call. */
static void test_bad_config_touches_nothing(void **s)
{
	struct config bad;
	FILE *err = tmpfile();
	char text[4096], line[256] = "";

	(void)s;
	nics();
	snprintf(text, sizeof(text), "%s[bond bond1]\nslaves = spf0 nosuch\nmode = fast\n", node01);
	assert_non_null(err);
	assert_true(config_load_string(text, "bad.ini", &bad, err) > 0);
	rewind(err);
	assert_non_null(fgets(line, sizeof(line), err));
	assert_true(!strncmp(line, "bad.ini:", 8));
	fclose(err);
	assert_int_equal(fake_writes(), 0);
	assert_int_equal(fake_snapshots(), 0);
}

/* ---- the other commands ---- */

/* `earlynet fallback --yes` on a converged node: management only. */
static void test_command_fallback(void **s)
{
	(void)s;
	nics();
	assert_int_equal(up(), EXIT_OK);
	assert_int_equal(engine_fallback(&C, &opts), EXIT_DEGRADED);
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_null(fake_link("bond0"));
	assert_null(fake_link("vmbr1.10"));
	assert_string_equal(fake_master("spf0"), "");
}

/* `earlynet down --yes`: the file's bridges, bonds and VLANs go, its NICs
 * are down and keep the file's names; what the file does not own stays. */
static void test_command_down(void **s)
{
	(void)s;
	nics();
	assert_int_equal(up(), EXIT_OK);
	fake_nic("tap100i0", "02:00:00:00:01:00", 0);
	assert_int_equal(engine_down(&C, &opts), EXIT_OK);
	assert_null(fake_link("vmbr0"));
	assert_null(fake_link("vmbr1"));
	assert_null(fake_link("bond0"));
	assert_null(fake_link("vmbr1.20"));
	assert_non_null(fake_link("spf0"));
	assert_false(fake_link("spf0")->flags & IFF_UP);
	assert_non_null(fake_link("tap100i0"));
}

/* ---- interrupted (the last test: the signal flag of wait.c stays set
 * for the rest of the process) ---- */

/* SIGTERM while management is applied: management is finished, the data
 * plane is not begun, exit 2 "interrupted". */
static void test_interrupted(void **s)
{
	(void)s;
	nics();
	fake_signal_at(1, SIGTERM);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_true(wait_interrupted());
	assert_true(fake_has_addr("vmbr0", "10.16.207.61/24"));
	assert_true(fake_has_default("vmbr0", "10.16.207.1"));
	assert_null(fake_link("bond0"));
	assert_null(fake_link("vmbr1"));
}

/* SIGTERM while waiting for the management NIC: interrupted, not "did not
 * appear"; nothing was touched. (After test_interrupted the flag is set
 * already: the same as a signal at the first read.) */
static void test_interrupted_in_nic_wait(void **s)
{
	(void)s;
	fake_nic("ens18", "58:47:ca:76:76:fe", 1500);
	fake_nic("enp1s0f0", "58:47:ca:76:76:fb", 0);
	fake_nic("enp1s0f1", "58:47:ca:76:76:fc", 0);
	fake_signal_at(-1, SIGTERM);
	assert_int_equal(up(), EXIT_DEGRADED);
	assert_int_equal(fake_writes(), 0);
	assert_null(fake_link("vmbr0"));
}

/* ---- the fake against the kernel ---- */

static int h_setup(void **s)
{
	(void)s;
	fake_reset();
	return 0;
}

static int h_teardown(void **s)
{
	(void)s;
	fake_free();
	return 0;
}

static struct en_addr ip(const char *text)
{
	struct en_addr a = { 0 };
	const char *slash = strchr(text, '/');
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - text) : 63, text);
	a.family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(a.family, buf, a.bytes), 1);
	a.prefix = slash ? (uint8_t)atoi(slash + 1) : 0;
	return a;
}

static int nic_up(const char *name, const char *mac)
{
	int i = fake_nic(name, mac, 0);

	assert_int_equal(sys_link_set_up(i, true), 0);
	return i;
}

/* __inet_del_ifa(): deleting a primary IPv4 address deletes the
 * secondaries of its subnet (promote_secondaries is off by default);
 * other subnets stay. Seen on 6.18: del 10.0.0.5/24 took 10.0.0.6/24. */
static void test_fake_primary_takes_secondaries(void **s)
{
	int d;
	struct en_addr a;

	(void)s;
	d = nic_up("d0", "02:00:00:00:00:d0");
	assert_int_equal(sys_addr_add(d, (a = ip("10.0.0.5/24"), &a)), 0);
	assert_int_equal(sys_addr_add(d, (a = ip("10.0.0.6/24"), &a)), 0);
	assert_int_equal(sys_addr_add(d, (a = ip("10.9.0.1/24"), &a)), 0);
	assert_int_equal(sys_addr_del(d, (a = ip("10.0.0.5/24"), &a)), 0);
	assert_false(fake_has_addr("d0", "10.0.0.6/24"));
	assert_true(fake_has_addr("d0", "10.9.0.1/24"));
	/* a secondary goes alone */
	assert_int_equal(sys_addr_add(d, (a = ip("10.9.0.2/24"), &a)), 0);
	assert_int_equal(sys_addr_del(d, (a = ip("10.9.0.2/24"), &a)), 0);
	assert_true(fake_has_addr("d0", "10.9.0.1/24"));
	assert_int_equal(sys_addr_del(d, (a = ip("10.9.0.2/24"), &a)), -EADDRNOTAVAIL);
}

/* promote_secondaries on (6.18, `echo 1 > .../conf/d0/promote_secondaries`):
 * the secondary becomes the primary, the default route stays. */
static void test_fake_promote_secondaries(void **s)
{
	int d;
	struct en_addr a, g;

	(void)s;
	fake_promote_secondaries(true);
	d = nic_up("d0", "02:00:00:00:00:d0");
	assert_int_equal(sys_addr_add(d, (a = ip("10.0.0.5/24"), &a)), 0);
	assert_int_equal(sys_addr_add(d, (a = ip("10.0.0.6/24"), &a)), 0);
	assert_int_equal(sys_route_add_default(d, (g = ip("10.0.0.1"), &g)), 0);
	assert_int_equal(sys_addr_del(d, (a = ip("10.0.0.5/24"), &a)), 0);
	assert_true(fake_has_addr("d0", "10.0.0.6/24"));
	assert_true(fake_has_default("d0", "10.0.0.1"));
	assert_int_equal(fake_default_losses(), 0);
}

/* fib_inetaddr_event() -> fib_disable_ip(): the device's last IPv4
 * address goes, and its IPv4 routes with it. While another address is
 * left, a route through the deleted subnet's gateway stays (6.18). */
static void test_fake_last_address_takes_routes(void **s)
{
	int d;
	struct en_addr a, g;

	(void)s;
	d = nic_up("d0", "02:00:00:00:00:d0");
	assert_int_equal(sys_addr_add(d, (a = ip("10.0.0.5/24"), &a)), 0);
	assert_int_equal(sys_addr_add(d, (a = ip("10.9.0.1/24"), &a)), 0);
	assert_int_equal(sys_route_add_default(d, (g = ip("10.0.0.1"), &g)), 0);
	assert_int_equal(sys_addr_del(d, (a = ip("10.0.0.5/24"), &a)), 0);
	assert_true(fake_has_default("d0", "10.0.0.1"));
	assert_int_equal(fake_default_losses(), 0);
	assert_int_equal(sys_addr_del(d, (a = ip("10.9.0.1/24"), &a)), 0);
	assert_false(fake_has_default("d0", "10.0.0.1"));
	assert_int_equal(fake_default_losses(), 1);
}

/* __dev_close(): addrconf_ifdown() removes the IPv6 addresses,
 * fib_disable_ip()/rt6_disable_ip() the routes through the device; the
 * IPv4 addresses stay (6.18: `ip link set d0 down`); vlan_device_event()
 * takes the VLANs on it down, and they lose carrier. */
static void test_fake_down_flushes(void **s)
{
	int d, v;
	struct en_addr a, g;

	(void)s;
	d = nic_up("d0", "02:00:00:00:00:d0");
	assert_int_equal(sys_addr_add(d, (a = ip("10.0.0.5/24"), &a)), 0);
	assert_int_equal(sys_addr_add(d, (a = ip("2001:db8::1/64"), &a)), 0);
	assert_int_equal(sys_route_add_default(d, (g = ip("10.0.0.1"), &g)), 0);
	assert_int_equal(sys_route_add_default(d, (g = ip("2001:db8::2"), &g)), 0);
	v = sys_vlan_add("d0.5", d, 5);
	assert_int_equal(v, sys_ifindex("d0.5"));
	assert_int_equal(sys_link_set_up(v, true), 0);
	assert_int_equal(sys_addr_add(v, (a = ip("2001:db8:5::1/64"), &a)), 0);
	assert_true(fake_link("d0.5")->carrier);
	assert_true(fake_has_addr("d0", "fe80::ff:fe00:d0/64")); /* addrconf's */
	assert_int_equal(sys_link_set_up(d, false), 0);
	assert_true(fake_has_addr("d0", "10.0.0.5/24"));
	assert_false(fake_has_addr("d0", "2001:db8::1/64"));
	assert_false(fake_has_addr("d0", "fe80::ff:fe00:d0/64"));
	assert_false(fake_has_default("d0", "10.0.0.1"));
	assert_false(fake_has_default("d0", "2001:db8::2"));
	assert_false(fake_link("d0.5")->flags & IFF_UP);
	assert_false(fake_link("d0.5")->carrier);
	assert_false(fake_has_addr("d0.5", "2001:db8:5::1/64"));
}

/* Names and altnames are one namespace (netdev_name_in_use()): a rename
 * to an altname, even the device's own, is -EEXIST (6.18: `ip link set d2
 * name foo` with altname foo); lookups by name find altnames, the
 * ifindex of a device just made does not (sys.h). */
static void test_fake_altnames(void **s)
{
	int a, b;

	(void)s;
	a = fake_nic("d2", "02:00:00:00:00:d2", 0);
	b = fake_nic("d3", "02:00:00:00:00:d3", 0);
	fake_altname("d2", "foo");
	assert_int_equal(sys_link_rename(a, "foo"), -EEXIST);
	assert_int_equal(sys_link_rename(b, "foo"), -EEXIST);
	assert_int_equal(fake_link("foo")->ifindex, a);
	assert_int_equal(sys_ifindex("foo"), -ENODEV);
	assert_int_equal(sys_link_altname_del(a, "foo"), 0);
	assert_int_equal(sys_link_altname_del(a, "foo"), -ENOENT);
	assert_int_equal(sys_link_rename(a, "foo"), 0);
	assert_int_equal(sys_ifindex("foo"), a);
	/* dev_change_name() before live renames: not while up */
	assert_int_equal(sys_link_set_up(b, true), 0);
	assert_int_equal(sys_link_rename(b, "bar"), -EBUSY);
}

/* bond_option_updelay_set(): delays are kept in units of miimon (rounded
 * down), and refused with miimon 0 (-EPERM); rtnl_newlink() then
 * unregisters the new bond: nothing is made. */
static void test_fake_bond_delays(void **s)
{
	struct bond_conf b = { .mode = BOND_MODE_8023AD, .miimon = 100, .updelay = 250,
	                       .downdelay = 199 };
	int bond;

	(void)s;
	bond = sys_bond_add("b1", &b, BOND_F_MODE | BOND_F_MIIMON | BOND_F_UPDELAY |
	                              BOND_F_DOWNDELAY);
	assert_int_equal(bond, sys_ifindex("b1"));
	assert_int_equal(fake_link("b1")->bond.updelay, 200);
	assert_int_equal(fake_link("b1")->bond.downdelay, 100);
	b.miimon = 0;
	assert_int_equal(sys_bond_add("b0", &b, BOND_F_MIIMON | BOND_F_UPDELAY), -EPERM);
	assert_null(fake_link("b0"));
	/* the kernel's default miimon is 0 too */
	assert_int_equal(sys_bond_add("b0", &b, BOND_F_UPDELAY), -EPERM);
	assert_null(fake_link("b0"));
}

/* bond_enslave(): "Device can not be enslaved while up" (-EPERM); a port
 * takes the bond's MAC and is opened; the first lends the bond its MAC;
 * bond_opt_check_deps(): no mode change with ports (-ENOTEMPTY). */
static void test_fake_bond_ports(void **s)
{
	struct bond_conf b = { .mode = BOND_MODE_ACTIVE_BACKUP, .miimon = 100 };
	int p, q, bond;

	(void)s;
	p = fake_nic("p0", "02:00:00:00:00:a0", 0);
	q = nic_up("p1", "02:00:00:00:00:a1");
	bond = sys_bond_add("b1", &b, BOND_F_MODE | BOND_F_MIIMON);
	assert_int_equal(bond, sys_ifindex("b1"));
	assert_int_equal(sys_link_set_master(q, bond), -EPERM);
	assert_int_equal(sys_link_set_master(p, bond), 0);
	assert_true(fake_link("p0")->flags & IFF_UP);
	assert_memory_equal(fake_link("b1")->mac, fake_link("p0")->perm_mac, 6);
	b.mode = BOND_MODE_8023AD;
	assert_int_equal(sys_bond_set(bond, &b, BOND_F_MODE), -ENOTEMPTY);
	assert_int_equal(sys_link_set_master(p, 0), 0);
	assert_int_equal(sys_bond_set(bond, &b, BOND_F_MODE), 0);
}

/* A bridge without ports shows carrier; with ports, it has carrier when
 * one of them has (6.18: br0 NO-CARRIER once its only port went down);
 * it takes its lowest port's MAC until one is set. */
static void test_fake_bridge_carrier(void **s)
{
	struct bridge_conf b = { 0 };
	int p, br;

	(void)s;
	p = nic_up("p0", "02:00:00:00:00:b0");
	br = sys_bridge_add("br0", &b, 0);
	assert_int_equal(br, sys_ifindex("br0"));
	assert_int_equal(sys_link_set_up(br, true), 0);
	assert_true(fake_link("br0")->carrier);
	assert_int_equal(sys_link_set_master(p, br), 0);
	assert_memory_equal(fake_link("br0")->mac, fake_link("p0")->mac, 6);
	fake_plug("p0", false);
	assert_false(fake_link("br0")->carrier);
	fake_plug("p0", true);
	assert_true(fake_link("br0")->carrier);
}

/* NLM_F_REPLACE takes the family's default route's place, through
 * another device too; a plain add beside it is -EEXIST. */
static void test_fake_replace_default(void **s)
{
	int a, b;
	struct en_addr g;

	(void)s;
	a = nic_up("d0", "02:00:00:00:00:d0");
	b = nic_up("d1", "02:00:00:00:00:d1");
	assert_int_equal(sys_route_add_default(a, (g = ip("192.168.1.1"), &g)), 0);
	assert_int_equal(sys_route_add_default(b, (g = ip("10.0.0.1"), &g)), -EEXIST);
	assert_int_equal(sys_route_replace_default(b, (g = ip("10.0.0.1"), &g)), 0);
	assert_true(fake_has_default("d1", "10.0.0.1"));
	assert_false(fake_has_default("d0", "192.168.1.1"));
	assert_int_equal(fake_default_losses(), 0); /* one step */
}

/* A late NIC raises a link event when it appears, as the kernel's
 * RTM_NEWLINK does; the events fd becomes readable. */
static void test_fake_late_nic_event(void **s)
{
	struct pollfd p = { .events = POLLIN };

	(void)s;
	p.fd = sys_events_open();
	sys_events_drain();
	fake_nic("late0", "02:00:00:00:00:e0", 50);
	sys_events_drain();
	assert_null(fake_link("late0"));
	assert_int_equal(poll(&p, 1, 5000), 1);
	sys_events_drain();
	assert_non_null(fake_link("late0"));
}

/* Scripted faults: the n-th request, or a kind on a device. */
static void test_fake_faults(void **s)
{
	int d;

	(void)s;
	d = fake_nic("d0", "02:00:00:00:00:d0", 0);
	fake_fail_nth(2, EIO);
	assert_int_equal(sys_link_set_mtu(d, 9000), 0);
	assert_int_equal(sys_link_set_mtu(d, 1400), -EIO);
	assert_int_equal(fake_link("d0")->mtu, 9000);
	fake_fail_op(FAKE_SET_UP, "d0", ENETDOWN);
	assert_int_equal(sys_link_set_up(d, true), -ENETDOWN);
	assert_false(fake_link("d0")->flags & IFF_UP);
	assert_int_equal(fake_writes(), 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define H(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		H(test_fake_primary_takes_secondaries),
		H(test_fake_promote_secondaries),
		H(test_fake_last_address_takes_routes),
		H(test_fake_down_flushes),
		H(test_fake_altnames),
		H(test_fake_bond_delays),
		H(test_fake_bond_ports),
		H(test_fake_bridge_carrier),
		H(test_fake_replace_default),
		H(test_fake_late_nic_event),
		H(test_fake_faults),
		T(test_converged),
		T(test_second_up_writes_nothing),
		T(test_nics_late),
		T(test_own_altname),
		T(test_foreign_ports_and_addresses_stay),
		T(test_foreign_default_route),
		T(test_held_name_down),
		T(test_held_name_up),
		T(test_change_primary_address),
		T(test_change_primary_address_promoted),
		T(test_bond_reconfigured),
		T(test_bond_reconfigured_vlan_on_it),
		T(test_held_altname),
		T(test_rename_fails),
		T(test_fallback_no_lacp),
		T(test_degraded_local_failure),
		T(test_data_nic_missing),
		T(test_fallback_no_bond),
		T(test_no_lacp_fallback_none),
		T(test_cmdline_fallback),
		T(test_cmdline_fallback_late_nic),
		T(test_up_after_fallback),
		T(test_management_fails),
		T(test_management_nic_missing),
		T(test_bad_config_touches_nothing),
		T(test_command_fallback),
		T(test_command_down),
		T(test_interrupted), /* last: see above */
		T(test_interrupted_in_nic_wait),
	};

	log_init(getenv("TEST_VERBOSE") ? 0 : -1, false);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
