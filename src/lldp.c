/* lldp.c - parse an LLDPDU (IEEE 802.1AB), pure
 *
 * A TLV is a 16-bit header, 7 bits of type and 9 of length, then the value.
 * The ones we read: 1 chassis id and 2 port id (each a subtype byte then
 * the id), 4 port description, 5 system name; 0 ends the PDU.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lldp.h"

enum { TLV_END = 0, TLV_CHASSIS = 1, TLV_PORT = 2, TLV_PORT_DESC = 4, TLV_SYSNAME = 5 };
/* subtypes of chassis id (802.1AB 8.5.2.2) and port id (8.5.3.2) */
enum { CH_MAC = 4, CH_ADDR = 5 };
enum { PT_ALIAS = 1, PT_MAC = 3, PT_ADDR = 4, PT_NAME = 5, PT_LOCAL = 7 };

static void text(char *dst, size_t size, const uint8_t *v, size_t n)
{
	size_t i;

	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++)
		dst[i] = v[i] >= 0x20 && v[i] < 0x7f ? (char)v[i] : '?';
	dst[i] = '\0';
}

/* A subtyped id: a MAC, an IPv4 or IPv6 address, or text. */
static void id(char *dst, size_t size, unsigned sub, unsigned mac_sub, unsigned addr_sub,
               const uint8_t *v, size_t n)
{
	if (sub == mac_sub && n == 6) {
		snprintf(dst, size, "%02x:%02x:%02x:%02x:%02x:%02x", v[0], v[1], v[2], v[3],
		         v[4], v[5]);
	} else if (sub == addr_sub && n == 5 && v[0] == 1) {
		snprintf(dst, size, "%u.%u.%u.%u", v[1], v[2], v[3], v[4]);
	} else if (sub == addr_sub && n == 17 && v[0] == 2) {
		size_t at = 0;

		dst[0] = '\0';
		for (int i = 0; i < 8 && at < size; i++)
			at += (size_t)snprintf(dst + at, size - at, "%s%x", i ? ":" : "",
			                       (unsigned)(v[1 + 2 * i] << 8 | v[2 + 2 * i]));
	} else {
		text(dst, size, v, n);
	}
}

int lldp_parse(const uint8_t *pdu, size_t len, struct lldp_neighbour *out)
{
	bool chassis = false, port = false;
	size_t at = 0;

	memset(out, 0, sizeof(*out));
	while (at + 2 <= len) {
		unsigned type = pdu[at] >> 1;
		size_t n = (size_t)(pdu[at] & 1) << 8 | pdu[at + 1];
		const uint8_t *v = pdu + at + 2;

		if (type == TLV_END)
			break;
		if (at + 2 + n > len)
			return -EINVAL;
		switch (type) {
		case TLV_CHASSIS:
			if (n < 2)
				return -EINVAL;
			id(out->chassis, sizeof(out->chassis), v[0], CH_MAC, CH_ADDR, v + 1, n - 1);
			chassis = true;
			break;
		case TLV_PORT:
			if (n < 2)
				return -EINVAL;
			id(out->port_id, sizeof(out->port_id), v[0], PT_MAC, PT_ADDR, v + 1, n - 1);
			out->port_id_is_name = v[0] == PT_NAME || v[0] == PT_LOCAL || v[0] == PT_ALIAS;
			port = true;
			break;
		case TLV_PORT_DESC:
			text(out->port_desc, sizeof(out->port_desc), v, n);
			break;
		case TLV_SYSNAME:
			text(out->system, sizeof(out->system), v, n);
			break;
		default:
			break;
		}
		at += 2 + n;
	}
	return chassis && port ? 0 : -EINVAL;
}

char *lldp_format(const struct lldp_neighbour *n, char *buf, size_t len)
{
	const char *who = n->system[0] ? n->system : n->chassis;
	const char *where = n->port_id_is_name || !n->port_desc[0] ? n->port_id : n->port_desc;

	snprintf(buf, len, "%s %s", who, where);
	return buf;
}
