/* test-procbond.c - /proc/net/bonding/NAME parsed, and merged into a snapshot */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>
#include <cmocka.h>

#include "procbond.h"
#include "model-build.h"

/* A fixture, read from the source tree: the binary is build/unit/ or
 * build/unit-asan/, whatever the working directory. */
static char *slurp(const char *rel, size_t *len)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	FILE *f;
	char *buf = calloc(1, 65536);

	assert_true(n > 0);
	exe[n] = '\0';
	for (int i = 0; i < 3; i++)
		*strrchr(exe, '/') = '\0';
	snprintf(path, sizeof(path), "%s/%s", exe, rel);
	f = fopen(path, "r");

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, 65535, f);
	fclose(f);
	return buf;
}

static void test_parse(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp("tests/fixtures/procbond/split.txt", &len);
	struct procbond *pb = malloc(sizeof(*pb));
	uint8_t mac[6];

	assert_int_equal(procbond_parse(text, len, pb), 0);
	assert_true(pb->lacp);
	assert_false(pb->fast);
	mb_mac(mac, "58:47:ca:76:76:fb");
	assert_memory_equal(pb->system_mac, mac, 6);
	assert_int_equal(pb->aggregator_id, 1);
	assert_int_equal(pb->actor_key, 9);
	assert_int_equal(pb->partner_key, 15);
	mb_mac(mac, "52:54:00:aa:00:03");
	assert_memory_equal(pb->partner_mac, mac, 6);

	assert_int_equal(pb->n_ports, 2);
	assert_string_equal(pb->port[0].name, "spf0");
	assert_int_equal(pb->port[0].speed, 1000);
	assert_int_equal(pb->port[0].duplex, 1);
	assert_int_equal(pb->port[0].aggregator_id, 1);
	assert_false(pb->port[0].actor_churned);
	assert_int_equal(pb->port[0].actor_key, 9);
	assert_int_equal(pb->port[0].actor_port, 1);
	assert_int_equal(pb->port[0].actor_state, 61);
	assert_memory_equal(pb->port[0].partner_system, mac, 6);
	assert_int_equal(pb->port[0].partner_key, 15);
	assert_int_equal(pb->port[0].partner_port, 1);
	assert_int_equal(pb->port[0].partner_state, 63);

	assert_string_equal(pb->port[1].name, "spf1");
	assert_int_equal(pb->port[1].speed, 100);
	assert_int_equal(pb->port[1].duplex, 0);
	assert_int_equal(pb->port[1].aggregator_id, 2);
	assert_true(pb->port[1].actor_churned);
	assert_false(pb->port[1].partner_churned);  /* "monitoring" */
	assert_int_equal(pb->port[1].actor_state, 69);
	memset(mac, 0, 6);
	assert_memory_equal(pb->port[1].partner_system, mac, 6);
	assert_int_equal(pb->port[1].partner_key, 1);

	/* cut anywhere: never past the end, whatever is left parses */
	for (size_t n = 0; n < len; n += 7)
		procbond_parse(text, n, pb);
	free(pb);
	free(text);
}

static void test_not_bonding(void **state)
{
	(void)state;
	struct procbond *pb = malloc(sizeof(*pb));
	const char *junk = "hello: world\nSlave Interface: x\n";
	char longline[1000];

	assert_int_equal(procbond_parse(junk, strlen(junk), pb), -22);
	assert_int_equal(procbond_parse("", 0, pb), -22);
	/* no 802.3ad section: an active-backup bond */
	assert_int_equal(procbond_parse("Bonding Mode: fault-tolerance (active-backup)\n", 46, pb), 0);
	assert_false(pb->lacp);
	/* an overlong line is cut, not overrun */
	memset(longline, 'a', sizeof(longline));
	memcpy(longline, "Bonding Mode: ", 14);
	assert_int_equal(procbond_parse(longline, sizeof(longline), pb), 0);
	/* more ports than kept */
	{
		char *many = calloc(1, 100 * 40);
		size_t n = 0;

		n += (size_t)sprintf(many + n, "Bonding Mode: IEEE 802.3ad\n802.3ad info\n");
		for (int i = 0; i < 90; i++)
			n += (size_t)sprintf(many + n, "Slave Interface: p%d\nSpeed: 10 Mbps\n", i);
		assert_int_equal(procbond_parse(many, n, pb), 0);
		assert_int_equal(pb->n_ports, PROCBOND_MAX_PORTS);
		free(many);
	}
	free(pb);
}

static void test_merge(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp("tests/fixtures/procbond/split.txt", &len);
	struct procbond *pb = malloc(sizeof(*pb));
	struct kstate k;
	struct ks_link *b;

	memset(&k, 0, sizeof(k));
	mb_ks_link(&k, 4, "spf0", KS_KIND_OTHER, "58:47:ca:76:76:fb", "58:47:ca:76:76:fb");
	mb_ks_link(&k, 5, "spf1", KS_KIND_OTHER, "58:47:ca:76:76:fc", "58:47:ca:76:76:fc");
	mb_ks_link(&k, 6, "bond0", KS_KIND_BOND, "58:47:ca:76:76:fb", NULL);
	mb_ks_enslave(&k, "spf0", "bond0");   /* spf1 is not (any more) a port */
	assert_int_equal(procbond_parse(text, len, pb), 0);
	b = mb_ks(&k, "bond0");
	procbond_merge(&k, b, pb);
	assert_true(b->bond.has_proc);
	assert_int_equal(b->bond.ad_partner_key, 15);
	assert_true(mb_ks(&k, "spf0")->port.has_proc);
	assert_int_equal(mb_ks(&k, "spf0")->port.speed, 1000);
	assert_int_equal(mb_ks(&k, "spf0")->port.partner_port, 1);
	assert_false(mb_ks(&k, "spf1")->port.has_proc);
	kstate_free(&k);
	free(pb);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_not_bonding),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
