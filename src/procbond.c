/* procbond.c - parse /proc/net/bonding/NAME (pure)
 *
 * The format, as drivers/net/bonding/bond_procfs.c writes it (6.1):
 *
 *   Bonding Mode: IEEE 802.3ad Dynamic link aggregation
 *   802.3ad info
 *   LACP rate: fast
 *   System MAC address: 58:47:ca:76:76:fb
 *   Active Aggregator Info:
 *           Aggregator ID: 1
 *           Actor Key: 15
 *           Partner Key: 15
 *           Partner Mac Address: 52:54:00:aa:00:03
 *
 *   Slave Interface: spf0
 *   Speed: 1000 Mbps
 *   Duplex: full
 *   Aggregator ID: 1
 *   Actor Churn State: none
 *   Partner Churn State: none
 *   details actor lacp pdu:
 *       system mac address: 58:47:ca:76:76:fb
 *       port key: 15
 *       port number: 1
 *       port state: 61
 *   details partner lacp pdu:
 *       system mac address: 52:54:00:aa:00:03
 *       oper key: 15
 *       port number: 1
 *       port state: 63
 *
 * One line at a time: "key: value", the key compared without case; which
 * section a key belongs to is the last heading seen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "procbond.h"

enum section { S_BOND, S_AGG, S_PORT, S_ACTOR, S_PARTNER };

static bool parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
	           &v[5], &end) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return true;
}

/* A decimal number at the start of s, or def. */
static long num(const char *s, long def)
{
	char *end;
	long v = strtol(s, &end, 10);

	return end == s || v < 0 || v > 0xffffff ? def : v;
}

static void port_line(struct procbond_port *p, enum section sec, const char *key,
                      const char *val)
{
	if (sec == S_PORT) {
		if (!strcasecmp(key, "speed"))
			p->speed = (int)num(val, 0);
		else if (!strcasecmp(key, "duplex"))
			p->duplex = !strcmp(val, "full") ? 1 : !strcmp(val, "half") ? 0 : -1;
		else if (!strcasecmp(key, "aggregator id"))
			p->aggregator_id = (int)num(val, 0);
		else if (!strcasecmp(key, "actor churn state"))
			p->actor_churned = !strcmp(val, "churned");
		else if (!strcasecmp(key, "partner churn state"))
			p->partner_churned = !strcmp(val, "churned");
		return;
	}
	if (!strcasecmp(key, "system mac address"))
		parse_mac(val, sec == S_ACTOR ? p->actor_system : p->partner_system);
	else if (!strcasecmp(key, "port key") || !strcasecmp(key, "oper key"))
		*(sec == S_ACTOR ? &p->actor_key : &p->partner_key) = (uint16_t)num(val, 0);
	else if (!strcasecmp(key, "port number"))
		*(sec == S_ACTOR ? &p->actor_port : &p->partner_port) = (uint16_t)num(val, 0);
	else if (!strcasecmp(key, "port state"))
		*(sec == S_ACTOR ? &p->actor_state : &p->partner_state) = (unsigned)num(val, 0) & 0xff;
}

static void bond_line(struct procbond *pb, enum section sec, const char *key, const char *val)
{
	if (sec == S_BOND) {
		if (!strcasecmp(key, "lacp rate"))
			pb->fast = !strcmp(val, "fast");
		else if (!strcasecmp(key, "system mac address"))
			parse_mac(val, pb->system_mac);
		return;
	}
	if (!strcasecmp(key, "aggregator id"))
		pb->aggregator_id = (int)num(val, 0);
	else if (!strcasecmp(key, "actor key"))
		pb->actor_key = (uint16_t)num(val, 0);
	else if (!strcasecmp(key, "partner key"))
		pb->partner_key = (uint16_t)num(val, 0);
	else if (!strcasecmp(key, "partner mac address"))
		parse_mac(val, pb->partner_mac);
}

int procbond_parse(const char *text, size_t len, struct procbond *out)
{
	enum section sec = S_BOND;
	struct procbond_port *p = NULL;
	bool bonding = false;
	size_t at = 0;

	memset(out, 0, sizeof(*out));
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		char line[256], *key, *val, *colon;

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, text + at, n);
		line[n] = '\0';
		at += (nl ? (size_t)(nl - (text + at)) + 1 : len - at);

		key = line + strspn(line, " \t");
		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!strcasecmp(key, "802.3ad info")) {
			out->lacp = true;
			continue;
		}
		if (!strcasecmp(key, "Active Aggregator Info:")) {
			sec = S_AGG;
			continue;
		}
		if (!strcasecmp(key, "details actor lacp pdu:")) {
			sec = p ? S_ACTOR : sec;
			continue;
		}
		if (!strcasecmp(key, "details partner lacp pdu:")) {
			sec = p ? S_PARTNER : sec;
			continue;
		}
		if (!(colon = strchr(key, ':')))
			continue;
		*colon = '\0';
		val = colon + 1 + strspn(colon + 1, " \t");
		if (!strcasecmp(key, "Ethernet Channel Bonding Driver") ||
		    !strcasecmp(key, "Bonding Mode")) {
			bonding = true;
			continue;
		}
		if (!strcasecmp(key, "Slave Interface")) {
			if (out->n_ports >= PROCBOND_MAX_PORTS) {
				p = NULL;
				sec = S_PORT;
				continue;
			}
			p = &out->port[out->n_ports++];
			snprintf(p->name, sizeof(p->name), "%s", val);
			p->duplex = -1;
			sec = S_PORT;
			continue;
		}
		if (sec == S_BOND || sec == S_AGG)
			bond_line(out, sec, key, val);
		else if (p)
			port_line(p, sec, key, val);
	}
	return bonding ? 0 : -EINVAL;
}

void procbond_merge(struct kstate *k, const struct ks_link *bond, const struct procbond *pb)
{
	struct ks_link *b = (struct ks_link *)bond;

	if (!pb->lacp)
		return;
	b->bond.has_proc = true;
	memcpy(b->bond.ad_system_mac, pb->system_mac, 6);
	b->bond.ad_actor_key = pb->actor_key;
	b->bond.ad_partner_key = pb->partner_key;
	for (int i = 0; i < pb->n_ports; i++) {
		const struct procbond_port *pp = &pb->port[i];
		struct ks_link *l = (struct ks_link *)ks_link_by_name(k, pp->name);
		struct ks_bond_port *kp;

		if (!l || l->master != bond->ifindex)
			continue;
		kp = &l->port;
		kp->has_proc = true;
		kp->speed = pp->speed;
		kp->duplex = pp->duplex;
		kp->actor_churned = pp->actor_churned;
		kp->partner_churned = pp->partner_churned;
		kp->actor_key = pp->actor_key;
		memcpy(kp->partner_system, pp->partner_system, 6);
		kp->partner_key = pp->partner_key;
		kp->partner_port = pp->partner_port;
	}
}
