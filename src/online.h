/* online.h - is the node online? What `earlynet wait-online` waits for
 * (pure: on a snapshot, and the ARP packets it sends and reads) */
#ifndef EARLYNET_ONLINE_H
#define EARLYNET_ONLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kstate.h"
#include "model.h"

#define ONLINE_ARP_LEN 28 /* an Ethernet/IPv4 ARP packet, without the frame */

/* What to wait for, from the file. */
struct online_target {
	const struct config *c;
	const char *mgmt;        /* the management interface */
	bool has_gw;             /* an IPv4 gateway to probe */
	uint8_t gw[4], src[4];   /* the gateway; management's first IPv4 address */
	bool bonds;              /* --bonds: every 802.3ad bond converged too */
};

/* Fill t from c. 0, or -EINVAL when c has no management interface (why is
 * in why). A gateway without an IPv4 address on management to ask from
 * is -EINVAL too. */
int online_target(const struct config *c, bool bonds, struct online_target *t,
		  char *why, size_t len);

/* Management up: the link exists, is administratively up, has carrier
 * (IFF_RUNNING) and holds every address the file gives it. With
 * t->bonds, also every 802.3ad bond converged. A wait_pred: ctx is the
 * target; detail says what is missing ("vmbr0 no carrier"). */
bool online_links_ready(const struct kstate *k, void *ctx, char *detail, size_t len);

/* The ARP request "who has t->gw? tell t->src (at mac)" into out. */
void online_arp_request(const struct online_target *t, const uint8_t mac[6],
			uint8_t out[ONLINE_ARP_LEN]);

/* Is pkt an ARP reply (or a request: the gateway asking is as good) sent
 * by t->gw? Its hardware address goes to mac when it is. */
bool online_arp_from_gateway(const struct online_target *t, const uint8_t *pkt, size_t len,
			     uint8_t mac[6]);

#endif
