/* test-topo.c - the status tree and JSON on a hand-built node01 */
#include <errno.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "json.h"
#include "model-build.h"
#include "topo.h"

struct fixture {
	struct config c;
	struct kstate k;
	char *out;
	size_t len;
};

/* node01 as the file says and a live system that matches it, with the
 * bond converged: aggregator 1, a partner, both ports distributing. */
static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct ks_link *b;

	mb_node01(&fx->c);
	mb_ks_node01(&fx->k);
	b = mb_ks(&fx->k, "bond0");
	b->bond.has_ad_info = true;
	b->bond.ad_aggregator = 1;
	b->bond.ad_num_ports = 2;
	mb_mac(b->bond.ad_partner_mac, "52:54:00:12:34:56");
	for (int i = 0; i < 2; i++) {
		struct ks_link *p = mb_ks(&fx->k, i ? "spf1" : "spf0");

		p->port.ad_aggregator_id = 1;
		p->port.ad_actor_oper_port_state = 0x3d;
		p->port.ad_partner_oper_port_state = 0x3d;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	config_free(&fx->c);
	kstate_free(&fx->k);
	free(fx->out);
	free(fx);
	return 0;
}

static const char *run(struct fixture *fx, bool with_config, bool json, bool utf8,
		       const struct state_summary *last)
{
	FILE *f;
	int speed[64];

	for (int i = 0; i < 64; i++)
		speed[i] = -1;
	speed[1] = 1000;        /* eth0 */
	free(fx->out);
	fx->out = NULL;
	f = open_memstream(&fx->out, &fx->len);
	assert_non_null(f);
	assert_true(fx->k.n_links <= 64);
	assert_int_equal(topo_print(with_config ? &fx->c : NULL, &fx->k, speed, last,
				    json, utf8, f), 0);
	fclose(f);
	return fx->out;
}

/* The line that starts with prefix, or fail. */
static const char *line_starting(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, prefix, n) == 0)
			return p;
	fprintf(stderr, "%s", text);
	fail_msg("no line starting with \"%s\" in the text above", prefix);
	return NULL;
}

static const char *next_line(const char *p)
{
	p = strchr(p, '\n');
	assert_non_null(p);
	return p + 1;
}

static bool line_has(const char *line, const char *what)
{
	const char *end = strchr(line, '\n');
	const char *hit = strstr(line, what);

	return hit && (!end || hit < end);
}

/* A continuation line: nothing but tree lines and blanks before the
 * details column. */
static bool is_continuation(const char *line)
{
	int col = 0;

	for (const char *p = line; *p && *p != '\n' && col < 20; col++) {
		if (strncmp(p, "\u2502", 3) == 0)
			p += 3;
		else if (*p == ' ' || *p == '|')
			p++;
		else
			return false;
	}
	return true;
}

/* Does the block of the node whose line starts with prefix (its line and
 * continuation lines) contain what? */
static bool node_has(const char *text, const char *prefix, const char *what)
{
	const char *l = line_starting(text, prefix);

	do {
		if (line_has(l, what))
			return true;
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	} while (l && *l && is_continuation(l));
	return false;
}

static void assert_fits_80(const char *text)
{
	int col = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n') {
			col = 0;
			continue;
		}
		if ((*p & 0xc0) != 0x80)
			col++;
		if (col > 80)
			fail_msg("line wider than 80 columns in:\n%s", text);
	}
}

static void test_matching_tree(void **state)
{
	struct fixture *fx = *state;
	const char *out = run(fx, true, false, false, NULL), *l;

	assert_null(strstr(out, "!!"));
	assert_fits_80(out);
	/* eth1 (up = no) and vmbr0 are roots, vmbr0 over eth0 */
	l = line_starting(out, "eth1 ");
	assert_true(line_has(l, "down"));
	l = line_starting(out, "vmbr0 ");
	assert_true(line_has(l, "bridge") && line_has(l, "up carrier"));
	while (!strncmp(l = next_line(l), "|", 1))
		;
	assert_true(strncmp(l, "`- eth0 ", 8) == 0);
	assert_true(line_has(l, "1000Mb/s"));
	/* the first VLAN carries the whole stack, the others refer to it */
	l = line_starting(out, "vmbr1.10 ");
	assert_true(line_has(l, "vlan 10"));
	assert_true(node_has(out, "vmbr1.10 ", "10.25.10.231/24"));
	assert_false(node_has(out, "vmbr1.10 ", "fe80::"));
	while (!strncmp(l = next_line(l), "|", 1))
		;
	assert_true(strncmp(l, "`- vmbr1 ", 9) == 0);
	while (strncmp(l = next_line(l), "   `- bond0 ", 12) != 0)
		assert_true(strncmp(l, "   |", 4) == 0);
	assert_true(node_has(l, "   `- bond0 ", "802.3ad"));
	assert_true(node_has(l, "   `- bond0 ", "hash layer2+3"));
	assert_true(node_has(l, "   `- bond0 ", "lacp slow"));
	assert_true(node_has(l, "   `- bond0 ", "partner 52:54:00:12:34:56"));
	assert_false(node_has(l, "   `- bond0 ", "actor:"));
	assert_true(node_has(out, "      |- spf0 ", "actor: "));
	l = line_starting(out, "      |- spf0 ");
	l = line_starting(l, "      `- spf1 ");
	l = line_starting(out, "vmbr1.20 ");
	while (is_continuation(l = next_line(l)))
		;
	assert_true(strncmp(l, "`- vmbr1 ", 9) == 0 && line_has(l, "(shown above)"));
	/* the bond's partner and the ports' LACP states are spelled out */
	assert_non_null(strstr(out, "partner 52:54:00:12:34:56"));
	assert_non_null(strstr(out, "aggregator 1"));
	assert_non_null(strstr(out, "actor: "));
	assert_non_null(strstr(out, "tso off"));
	assert_non_null(strstr(out, "rings 4096/4096"));
	assert_non_null(strstr(out, "default via 10.16.207.1"));
	assert_non_null(strstr(out, "last run: none recorded"));
	/* lo is not in the file */
	assert_null(strstr(out, "\nlo "));
}

static void test_utf8(void **state)
{
	struct fixture *fx = *state;
	const char *out = run(fx, true, false, true, NULL);

	line_starting(out, "└─ vmbr1 ");
	line_starting(out, "   └─ bond0 ");
	line_starting(out, "      ├─ spf0 ");
	assert_fits_80(out);
}

/* Everything that drifted from the file is marked on its interface. */
static void test_differences(void **state)
{
	struct fixture *fx = *state;
	struct ks_link *l;
	const char *out;

	mb_iface(&fx->c, "vmbr1.30")->mtu = 9000;
	mb_ks(&fx->k, "bond0")->bond.lacp_rate = BOND_LACP_FAST;
	mb_ks(&fx->k, "spf1")->master = 0;
	mb_ks(&fx->k, "spf1")->port.valid = false;
	mb_ks(&fx->k, "spf0")->ethtool.feature[FEAT_TSO] = TRI_ON;
	mb_ks(&fx->k, "vmbr0")->bridge.stp = true;
	/* the VLAN 60 is gone, a stray veth sits in vmbr1, the route is gone */
	l = mb_ks(&fx->k, "vmbr1.60");
	snprintf(l->name, sizeof(l->name), "old60");
	l = mb_ks_link(&fx->k, 40, "veth9", KS_KIND_OTHER, "02:00:00:00:00:09", NULL);
	snprintf(l->kind_name, sizeof(l->kind_name), "veth");
	l->flags = IFF_UP;
	mb_ks_enslave(&fx->k, "veth9", "vmbr1");
	fx->k.n_routes = 0;
	/* eth0 was never renamed */
	snprintf(mb_ks(&fx->k, "eth0")->name, EN_NAME_MAX, "enp1s0");

	out = run(fx, true, false, false, NULL);
	assert_fits_80(out);
	assert_non_null(strstr(out, "!! mtu 1500, file says 9000"));
	assert_non_null(strstr(out, "!! lacp_rate fast, file says slow"));
	assert_non_null(strstr(out, "!! not enslaved to bond0"));
	assert_non_null(strstr(out, "!! tso on, file says off"));
	assert_non_null(strstr(out, "!! stp on, file says off"));
	assert_non_null(strstr(out, "!! no default route via 10.16.207.1"));
	assert_non_null(strstr(out, "!! the NIC with this MAC is called enp1s0"));
	assert_true(node_has(out, "vmbr1.60 ", "vlan"));
	assert_true(node_has(out, "vmbr1.60 ", "!! missing"));
	assert_true(node_has(out, "   `- veth9 ", "veth"));
	/* a port the file does not mention (a guest's) is listed, not marked */
	assert_true(node_has(out, "   `- veth9 ", "not in the file, left as it is"));
	assert_false(node_has(out, "   `- veth9 ", "!!"));
	/* each mark sits in the block of its interface */
	assert_true(node_has(out, "vmbr1.30 ", "!! mtu 1500"));
	assert_false(node_has(out, "vmbr1.20 ", "!! mtu 1500"));
	assert_true(node_has(out, "   |  `- spf1 ", "!! not enslaved to bond0"));
	assert_true(node_has(out, "vmbr0 ", "!! no default route"));
}

static int jvlans(void *ud, const char *path, int index, const struct json_scalar *v)
{
	char *got = ud, one[64];

	(void)index;
	if (strncmp(path, "interfaces.vlans.", 17))
		return 0;
	if (v->type == JSON_TYPE_STRING)
		snprintf(one, sizeof(one), "%s=%s ", path + 17, v->str);
	else if (v->type == JSON_TYPE_NULL)
		snprintf(one, sizeof(one), "%s=null ", path + 17);
	else
		snprintf(one, sizeof(one), "%s=%g ", path + 17, v->num);
	strcat(got, one);
	return 0;
}

/* A VLAN-aware vmbr1: the VLANs of the port and of the bridge itself are
 * shown, and what differs from the file is marked, pvid left out. */
static void test_vlan_differences(void **state)
{
	struct fixture *fx = *state;
	struct ks_link *l;
	const char *out;

	mb_iface(&fx->c, "vmbr1")->bridge.vlan_aware = true;
	mb_ks(&fx->k, "vmbr1")->bridge.vlan_filtering = true;
	l = mb_ks(&fx->k, "bond0");
	assert_non_null(ks_link_vlans(l));
	l->pvid = 1;
	vid_set_add(&l->vlans->untagged, 1, 1);
	vid_set_add(&l->vlans->vids, 1, 1);
	vid_set_add(&l->vlans->vids, 2, 4094);
	l = mb_ks(&fx->k, "vmbr1");
	assert_non_null(ks_link_vlans(l));
	l->pvid = 1;
	vid_set_add(&l->vlans->vids, 1, 1);
	for (unsigned id = 10; id <= 50; id += 10)
		vid_set_add(&l->vlans->vids, id, id);
	vid_set_add(&l->vlans->vids, 77, 77);

	out = run(fx, true, false, false, NULL);
	assert_fits_80(out);
	assert_non_null(strstr(out, "vlans 1 10 20 30 40 50 77"));
	assert_non_null(strstr(out, "vlans 1-4094"));
	assert_non_null(strstr(out, "pvid 1 untagged"));
	assert_true(node_has(out, "`- vmbr1 ", "!! vlans 60 missing on the bridge itself"));
	assert_true(node_has(out, "`- vmbr1 ", "!! vlans 77 on the bridge itself, not in the file"));
	assert_null(strstr(out, "!! vlans 1 ")); /* the pvid */
	assert_null(strstr(out, "!! vlans 2-4094"));

	/* the port lost some, and holds one the file does not allow */
	l = mb_ks(&fx->k, "bond0");
	memset(&l->vlans->vids, 0, sizeof(l->vlans->vids));
	vid_set_add(&l->vlans->vids, 1, 20);
	vid_set_add(&l->vlans->untagged, 1, 1);
	*iface_bridge_vids_set(mb_iface(&fx->c, "vmbr1")) = (struct vid_set){ { 0 } };
	vid_set_add(iface_bridge_vids_set(mb_iface(&fx->c, "vmbr1")), 10, 60);
	out = run(fx, true, false, false, NULL);
	assert_non_null(strstr(out, "!! vlans 21-60 missing"));
	assert_non_null(strstr(out, "!! vlans 2-9, not in the file"));

	/* the port's own VLANs: bridge_vids and bridge_pvid, the pvid and
	 * its untagged flag compared too */
	{
		struct iface *f = mb_iface(&fx->c, "bond0");

		f->pvlan.has_vids = true;
		vid_set_add(iface_port_vids_set(f), 1, 20);
		f->pvlan.pvid = 10;
		vid_set_add(&l->vlans->untagged, 15, 15);
		out = run(fx, true, false, false, NULL);
		assert_true(node_has(out, "   `- bond0 ", "!! pvid 1, file says 10"));
		assert_true(node_has(out, "   `- bond0 ", "!! vlans 1 15 untagged, file says tagged"));
		assert_null(strstr(out, "!! vlans 2-9"));
		l->pvid = 10;
		memset(&l->vlans->untagged, 0, sizeof(l->vlans->untagged));
		out = run(fx, true, false, false, NULL);
		assert_true(node_has(out, "   `- bond0 ", "!! pvid 10 tagged, file says untagged"));
		assert_non_null(strstr(out, "vlans 1-20"));
		vid_set_add(&l->vlans->untagged, 10, 10);
		out = run(fx, true, false, false, NULL);
		assert_false(node_has(out, "   `- bond0 ", "!! "));
		assert_non_null(strstr(out, "pvid 10 untagged"));
		/* --json: ranges, pvid, untagged */
		out = run(fx, true, true, false, NULL);
		{
			char got[512] = "";

			assert_int_equal(json_scan(out, strlen(out), jvlans, got), 0);
			assert_string_equal(got, "vids=1 vids=10 vids=20 vids=30 vids=40 vids=50 vids=77 pvid=1 "
			                    "vids=1-20 pvid=10 untagged=10 ");
		}
		/* an access port */
		free(f->pvlan.vids);
		memset(&f->pvlan, 0, sizeof(f->pvlan));
		f->pvlan.access = 10;
		out = run(fx, true, false, false, NULL);
		assert_true(node_has(out, "   `- bond0 ", "!! vlans 1-9 11-20, not in the file"));
	}
}

static void test_lacp_not_converged(void **state)
{
	struct fixture *fx = *state;
	const char *out;

	memset(mb_ks(&fx->k, "bond0")->bond.ad_partner_mac, 0, 6);
	out = run(fx, true, false, false, NULL);
	assert_non_null(strstr(out, "no partner"));
	assert_non_null(strstr(out, "!! LACP not converged"));
	/* without a file too: it is trouble, not drift */
	out = run(fx, false, false, false, NULL);
	assert_non_null(strstr(out, "!! LACP not converged"));
}

/* A split LAG: spf1 reaches another switch. The port's block says so and
 * names the neighbour the last run heard over LLDP. */
static void test_lacp_split(void **state)
{
	struct fixture *fx = *state;
	struct state_summary *s = calloc(1, sizeof(*s));
	struct ks_link *b = mb_ks(&fx->k, "bond0"), *p = mb_ks(&fx->k, "spf1");
	const char *out;

	assert_non_null(s);
	b->bond.has_proc = true;
	p->port.has_proc = true;
	p->port.ad_aggregator_id = (uint16_t)(b->bond.ad_aggregator + 1);
	mb_mac(p->port.partner_system, "52:54:00:aa:00:04");
	p->port.partner_key = 15;
	p->port.partner_port = 2;
	s->version = 1;
	s->n_ifaces = 1;
	snprintf(s->ifaces[0].name, sizeof(s->ifaces[0].name), "spf1");
	snprintf(s->ifaces[0].neighbour, sizeof(s->ifaces[0].neighbour), "sw-b Ethernet1/7");
	out = run(fx, true, false, false, s);
	assert_fits_80(out);
	assert_true(node_has(out, "      `- spf1 ", "!! different partner: this port reaches switch"));
	assert_true(node_has(out, "      `- spf1 ", "partner system 52:54:00:aa:00:04 key 15 port 2"));
	assert_true(node_has(out, "      `- spf1 ", "-> sw-b Ethernet1/7"));
	assert_true(node_has(out, "   `- bond0 ", "!! LACP on 1 of 2 ports"));
	assert_false(node_has(out, "      |- spf0 ", "!! different partner"));
	out = run(fx, true, true, false, s);
	assert_non_null(strstr(out, "\"lacp\": \"different partner\""));
	assert_non_null(strstr(out, "\"neighbour\": \"sw-b Ethernet1/7\""));
	assert_non_null(strstr(out, "\"partner_system\": \"52:54:00:aa:00:04\""));
	free(s);
}

/* Without a file every link but lo is shown, and nothing is "drift". */
static void test_no_config(void **state)
{
	struct fixture *fx = *state;
	const char *out = run(fx, false, false, false, NULL);

	assert_null(strstr(out, "!!"));
	assert_null(strstr(out, "\nlo "));
	assert_true(strncmp(out, "lo ", 3) != 0);
	line_starting(out, "eth1 ");
	line_starting(out, "vmbr0 ");
	line_starting(out, "vmbr1.60 ");
	line_starting(out, "      |- spf0 ");
	assert_fits_80(out);
}

static void test_last_run(void **state)
{
	struct fixture *fx = *state;
	struct state_summary s = { 0 };
	const char *out;

	s.version = 1;
	snprintf(s.command, sizeof(s.command), "up");
	snprintf(s.result, sizeof(s.result), "degraded");
	snprintf(s.reason, sizeof(s.reason), "spf1: no carrier");
	s.started_at = 86400;
	s.ms_lacp_wait = 1480.25;
	s.ms_total = 3600;
	s.netlink_requests = 37;
	s.n_ifaces = 2;
	snprintf(s.ifaces[0].name, sizeof(s.ifaces[0].name), "spf0");
	snprintf(s.ifaces[0].outcome, sizeof(s.ifaces[0].outcome), "up");
	snprintf(s.ifaces[1].name, sizeof(s.ifaces[1].name), "spf1");
	snprintf(s.ifaces[1].outcome, sizeof(s.ifaces[1].outcome), "degraded");
	snprintf(s.ifaces[1].detail, sizeof(s.ifaces[1].detail), "no carrier");
	out = run(fx, true, false, false, &s);
	assert_non_null(strstr(out, "last run: up -> degraded (exit 0), started 1970-01-02 00:00:00 UTC\n"));
	assert_non_null(strstr(out, "  reason: spf1: no carrier\n"));
	assert_non_null(strstr(out, "lacp wait 1480.2 ms"));
	assert_non_null(strstr(out, "  spf1: degraded: no carrier\n"));
	assert_null(strstr(out, "  spf0: up"));
	assert_fits_80(out);
}

/* The JSON document, read back with our reader. */
struct jseen {
	char names[1024];
	char diffs[1024];
	bool bond_converged, saw_bond;
	char last_result[16];
	char spf0_actor[128];
	int spf0_index;
};

static int jcollect(void *ud, const char *path, int index, const struct json_scalar *v)
{
	struct jseen *s = ud;

	if (strcmp(path, "interfaces.name") == 0 && v->type == JSON_TYPE_STRING) {
		strcat(s->names, v->str);
		strcat(s->names, " ");
		if (strcmp(v->str, "spf0") == 0)
			s->spf0_index = index;
	}
	if (strcmp(path, "interfaces.differences") == 0 && v->type == JSON_TYPE_STRING) {
		strcat(s->diffs, v->str);
		strcat(s->diffs, ";");
	}
	if (strcmp(path, "interfaces.bond.lacp_converged") == 0) {
		s->saw_bond = true;
		s->bond_converged = v->b;
	}
	if (strcmp(path, "interfaces.bond_port.actor_state_words") == 0 && index == s->spf0_index)
		snprintf(s->spf0_actor, sizeof(s->spf0_actor), "%s", v->str);
	if (strcmp(path, "last_run.result") == 0)
		snprintf(s->last_result, sizeof(s->last_result), "%s", v->str);
	return 0;
}

static void test_json(void **state)
{
	struct fixture *fx = *state;
	struct state_summary s = { .version = 1 };
	struct jseen seen = { .spf0_index = -1 };
	const char *out;

	snprintf(s.result, sizeof(s.result), "ok");
	mb_iface(&fx->c, "vmbr0")->mtu = 9000;
	out = run(fx, true, true, false, &s);
	assert_int_equal(json_scan(out, strlen(out), jcollect, &seen), 0);
	/* tree order, each interface once */
	assert_string_equal(seen.names, "eth1 vmbr0 eth0 vmbr1.10 vmbr1 bond0 spf0 spf1 "
			    "vmbr1.20 vmbr1.30 vmbr1.40 vmbr1.50 vmbr1.60 ");
	assert_string_equal(seen.diffs, "mtu 1500, file says 9000;");
	assert_true(seen.saw_bond && seen.bond_converged);
	assert_true(strstr(seen.spf0_actor, "distributing") != NULL);
	assert_string_equal(seen.last_result, "ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_matching_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_differences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vlan_differences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lacp_not_converged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lacp_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
