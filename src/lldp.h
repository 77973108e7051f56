/* lldp.h - who is at the other end of a cable: LLDPDUs parsed (pure) */
#ifndef EARLYNET_LLDP_H
#define EARLYNET_LLDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_P_LLDP_TYPE 0x88cc

struct lldp_neighbour {
	char chassis[64];       /* chassis id as text (a MAC, an address, a name) */
	char port_id[64];       /* port id as text */
	bool port_id_is_name;   /* an interface name or local name, not a MAC */
	char port_desc[64];     /* port description TLV, "" */
	char system[64];        /* system name TLV, "" */
};

/* Parse an LLDPDU (the frame after its Ethernet header). Text is cut to
 * fit and anything unprintable becomes '?'. 0, or -EINVAL when the chassis
 * id or port id TLV is missing or a TLV runs past the end. */
int lldp_parse(const uint8_t *pdu, size_t len, struct lldp_neighbour *out);

/* "sw-b Ethernet1/7": the system name (else the chassis id), then the port
 * id when it is a name, else the port description, else the port id. */
char *lldp_format(const struct lldp_neighbour *n, char *buf, size_t len);

#endif
