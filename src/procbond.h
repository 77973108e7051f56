/* procbond.h - /proc/net/bonding/NAME in a struct (pure: text in, data out)
 *
 * Netlink gives a bond port's aggregator id and LACP state bits, but not
 * who the partner is: the partner's system MAC, key and port number, the
 * port's speed and duplex and its churn state are only in the bonding
 * driver's proc file. This parses that text; sys-procbond.c reads it. */
#ifndef EARLYNET_PROCBOND_H
#define EARLYNET_PROCBOND_H

#include <stdbool.h>
#include <stdint.h>
#include "kstate.h"

#define PROCBOND_MAX_PORTS 64

struct procbond_port {
	char name[EN_NAME_MAX];
	int speed;                  /* Mb/s, 0 unknown */
	int duplex;                 /* 1 full, 0 half, -1 unknown */
	int aggregator_id;          /* 0: none / N/A */
	bool actor_churned, partner_churned;
	uint8_t actor_system[6];
	uint16_t actor_key, actor_port;
	unsigned actor_state;
	uint8_t partner_system[6];
	uint16_t partner_key, partner_port;
	unsigned partner_state;
};

struct procbond {
	bool lacp;                  /* "802.3ad info" section present */
	bool fast;                  /* "LACP rate: fast" */
	uint8_t system_mac[6];      /* "System MAC address" */
	int aggregator_id;          /* of the active aggregator, 0 none */
	uint16_t actor_key, partner_key;
	uint8_t partner_mac[6];
	struct procbond_port port[PROCBOND_MAX_PORTS];
	int n_ports;                /* ports beyond PROCBOND_MAX_PORTS are dropped */
};

/* Parse the text of /proc/net/bonding/NAME (len bytes, need not end in
 * NUL). Unknown lines are skipped; 0, or -EINVAL when it is not a bonding
 * file at all. */
int procbond_parse(const char *text, size_t len, struct procbond *out);

/* Copy what pb says into the bond's and its ports' records in k
 * (ks_bond.has_proc, ks_bond_port.has_proc and the fields after them). */
void procbond_merge(struct kstate *k, const struct ks_link *bond, const struct procbond *pb);

#endif
