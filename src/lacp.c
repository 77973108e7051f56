/* lacp.c - is an 802.3ad bond converged? (pure, on a snapshot) */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lacp.h"

#define LACP_READY (LACP_STATE_SYNCHRONIZATION | LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING)

static const char *const state_names[8] = {
	"activity", "timeout", "aggregation", "sync",
	"collecting", "distributing", "defaulted", "expired",
};

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

char *lacp_state_words(unsigned state, char *buf, size_t len)
{
	if (!len)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < 8; i++)
		if (state & (1u << i))
			append(buf, len, "%s%s", buf[0] ? " " : "", state_names[i]);
	if (!buf[0])
		snprintf(buf, len, "none");
	return buf;
}

/* "sync/collecting": the ready bits missing from state, "" when none is. */
static void missing(unsigned state, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 3; i <= 5; i++)
		if (!(state & (1u << i)))
			append(buf, len, "%s%s", buf[0] ? "/" : "", state_names[i]);
}

static bool mac_zero(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !memcmp(mac, zero, 6);
}

void lacp_evaluate(const struct kstate *k, const struct ks_link *bond,
                   int min_links, struct lacp_verdict *v)
{
	const struct ks_bond *b = &bond->bond;

	memset(v, 0, sizeof(*v));
	v->needed = min_links > 1 ? min_links : 1;

	for (int i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];
		char actor[48], partner[48];

		if (!l->master || l->master != bond->ifindex)
			continue;
		v->ports++;
		append(v->detail, sizeof(v->detail), "%s%s ", v->detail[0] ? ", " : "", l->name);
		if (!l->carrier) {
			v->no_carrier++;
			append(v->detail, sizeof(v->detail), "no carrier");
			continue;
		}
		if (!l->port.valid) {
			append(v->detail, sizeof(v->detail), "no LACP state");
			continue;
		}
		if (!b->has_ad_info || !b->ad_aggregator ||
		    l->port.ad_aggregator_id != b->ad_aggregator) {
			append(v->detail, sizeof(v->detail), "not in aggregator");
			continue;
		}
		if (mac_zero(b->ad_partner_mac)) {
			append(v->detail, sizeof(v->detail), "no partner");
			continue;
		}
		if ((l->port.ad_actor_oper_port_state & LACP_READY) == LACP_READY &&
		    (l->port.ad_partner_oper_port_state & LACP_READY) == LACP_READY) {
			v->ready++;
			append(v->detail, sizeof(v->detail), "distributing");
			continue;
		}
		missing(l->port.ad_actor_oper_port_state, actor, sizeof(actor));
		missing(l->port.ad_partner_oper_port_state, partner, sizeof(partner));
		if (actor[0])
			append(v->detail, sizeof(v->detail), "actor not %s%s", actor,
			       partner[0] ? ", " : "");
		if (partner[0])
			append(v->detail, sizeof(v->detail), "partner not %s", partner);
	}
	if (!v->ports)
		snprintf(v->detail, sizeof(v->detail), "no ports");
	v->converged = v->ready >= v->needed;
}
