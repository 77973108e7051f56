/* test-lldp.c - LLDPDUs parsed into who is at the other end */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lldp.h"

/* Append a TLV: 7 bits type, 9 bits length, value. */
static size_t tlv(uint8_t *p, size_t at, unsigned type, const void *v, size_t n)
{
	p[at] = (uint8_t)(type << 1 | (n >> 8));
	p[at + 1] = (uint8_t)(n & 0xff);
	memcpy(p + at + 2, v, n);
	return at + 2 + n;
}

/* As a switch sends it: chassis MAC, port id an interface name. */
static size_t switch_pdu(uint8_t *p)
{
	static const uint8_t chassis[] = { 4, 0x00, 0x1c, 0x73, 0xaa, 0xbb, 0xcc };
	static const uint8_t port[] = { 5, 'E', 't', 'h', 'e', 'r', 'n', 'e', 't', '1', '/', '7' };
	static const uint8_t ttl[] = { 0, 120 };
	size_t at = 0;

	at = tlv(p, at, 1, chassis, sizeof(chassis));
	at = tlv(p, at, 2, port, sizeof(port));
	at = tlv(p, at, 3, ttl, sizeof(ttl));
	at = tlv(p, at, 4, "to node01 sfp1", 14);
	at = tlv(p, at, 5, "sw-b", 4);
	at = tlv(p, at, 0, "", 0);
	return at;
}

static void test_switch(void **state)
{
	(void)state;
	uint8_t p[256];
	size_t n = switch_pdu(p);
	struct lldp_neighbour nb;
	char buf[96];

	assert_int_equal(lldp_parse(p, n, &nb), 0);
	assert_string_equal(nb.chassis, "00:1c:73:aa:bb:cc");
	assert_string_equal(nb.port_id, "Ethernet1/7");
	assert_true(nb.port_id_is_name);
	assert_string_equal(nb.port_desc, "to node01 sfp1");
	assert_string_equal(nb.system, "sw-b");
	assert_string_equal(lldp_format(&nb, buf, sizeof(buf)), "sw-b Ethernet1/7");

	/* every cut of it: never past the end */
	for (size_t i = 0; i < n; i++)
		lldp_parse(p, i, &nb);
	/* a TLV longer than the frame */
	p[1] = 200;
	assert_int_equal(lldp_parse(p, n, &nb), -22);
}

/* lldpd's default: port id the MAC, the name in the description; no
 * system name: the chassis id is shown. */
static void test_mac_port(void **state)
{
	(void)state;
	static const uint8_t chassis[] = { 5, 1, 10, 0, 0, 1 };  /* an IPv4 address */
	static const uint8_t port[] = { 3, 0x52, 0x54, 0, 0xaa, 0, 3 };
	uint8_t p[128];
	size_t at = 0;
	struct lldp_neighbour nb;
	char buf[96];

	at = tlv(p, at, 1, chassis, sizeof(chassis));
	at = tlv(p, at, 2, port, sizeof(port));
	at = tlv(p, at, 4, "sw-spf1\x01\n", 9);
	assert_int_equal(lldp_parse(p, at, &nb), 0);  /* no end TLV: the frame ends */
	assert_string_equal(nb.chassis, "10.0.0.1");
	assert_string_equal(nb.port_id, "52:54:00:aa:00:03");
	assert_false(nb.port_id_is_name);
	assert_string_equal(nb.port_desc, "sw-spf1??");
	assert_string_equal(lldp_format(&nb, buf, sizeof(buf)), "10.0.0.1 sw-spf1??");
	/* without a description, the MAC */
	at = 0;
	at = tlv(p, at, 1, chassis, sizeof(chassis));
	at = tlv(p, at, 2, port, sizeof(port));
	assert_int_equal(lldp_parse(p, at, &nb), 0);
	assert_string_equal(lldp_format(&nb, buf, sizeof(buf)), "10.0.0.1 52:54:00:aa:00:03");
}

static void test_bad(void **state)
{
	(void)state;
	static const uint8_t chassis[] = { 7, 'x' };
	uint8_t p[1024];
	size_t at;
	struct lldp_neighbour nb;
	char big[600];

	/* no port id */
	at = tlv(p, 0, 1, chassis, sizeof(chassis));
	assert_int_equal(lldp_parse(p, at, &nb), -22);
	assert_int_equal(lldp_parse(p, 0, &nb), -22);
	/* an empty chassis id */
	at = tlv(p, 0, 1, "", 0);
	assert_int_equal(lldp_parse(p, at, &nb), -22);
	/* a 511-byte system name is cut */
	memset(big, 'n', sizeof(big));
	at = tlv(p, 0, 1, chassis, sizeof(chassis));
	at = tlv(p, at, 2, chassis, sizeof(chassis));
	at = tlv(p, at, 5, big, 511);
	assert_int_equal(lldp_parse(p, at, &nb), 0);
	assert_int_equal(strlen(nb.system), sizeof(nb.system) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch),
		cmocka_unit_test(test_mac_port),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
