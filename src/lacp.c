/* lacp.c - is an 802.3ad bond converged, and why is a port not in it?
 * (pure, on a snapshot)
 *
 * The causes are the checks of the guide's Troubleshooting section, made
 * on the kernel's state: the port's LACP state bits (netlink), its partner
 * system MAC, key, speed and churn state (/proc/net/bonding/NAME, merged
 * into the snapshot by sys-procbond.c when it could be read).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lacp.h"

#define LACP_READY (LACP_STATE_SYNCHRONIZATION | LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING)

static const char *const state_names[8] = {
	"activity", "timeout", "aggregation", "sync",
	"collecting", "distributing", "defaulted", "expired",
};

static const char *const cause_words[LACP_CAUSES] = {
	[LACP_OK] = "distributing",
	[LACP_NO_CARRIER] = "no carrier",
	[LACP_NO_STATE] = "no LACP state",
	[LACP_EXPIRED] = "partner expired",
	[LACP_NO_LACPDU] = "no LACPDU",
	[LACP_INDIVIDUAL] = "partner not aggregating",
	[LACP_OTHER_PARTNER] = "different partner",
	[LACP_OTHER_KEY] = "different partner key",
	[LACP_SPEED] = "different speed/duplex",
	[LACP_CHURNED] = "churned",
	[LACP_MAC_CHANGED] = "bond MAC changed",
	[LACP_OTHER_AGGREGATOR] = "not in the active aggregator",
	[LACP_JOINING] = "joining",
};

const char *lacp_cause_word(enum lacp_cause c)
{
	return (unsigned)c < LACP_CAUSES ? cause_words[c] : "?";
}

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

static char *mac_str(const uint8_t m[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static const char *duplex_word(int d)
{
	return d == 1 ? "full" : d == 0 ? "half" : "unknown";
}

static bool ready(const struct ks_bond *b, const struct ks_link *l)
{
	return b->has_ad_info && b->ad_aggregator && l->port.ad_aggregator_id == b->ad_aggregator &&
	       !mac_zero(b->ad_partner_mac) &&
	       (l->port.ad_actor_oper_port_state & LACP_READY) == LACP_READY &&
	       (l->port.ad_partner_oper_port_state & LACP_READY) == LACP_READY;
}

/* A port of the active aggregator that is ready, to compare the others with. */
static const struct ks_link *reference_port(const struct kstate *k, const struct ks_link *bond)
{
	for (int i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];

		if (l->master == bond->ifindex && l->carrier && l->port.valid &&
		    ready(&bond->bond, l))
			return l;
	}
	return NULL;
}

/* Not a fault: the partner asks for another LACPDU rate than the bond's. */
static void rate_info(const struct ks_bond *b, const struct ks_link *l, struct lacp_port *p)
{
	unsigned ps = l->port.ad_partner_oper_port_state;
	bool partner_fast = ps & LACP_STATE_TIMEOUT, fast = b->lacp_rate == 1;

	if (l->port.ad_actor_oper_port_state & (LACP_STATE_DEFAULTED | LACP_STATE_EXPIRED) ||
	    partner_fast == fast)
		return;
	snprintf(p->info, sizeof(p->info),
	         "the partner times out %s (lacp_rate %s), the bond is %s: "
	         "both work, set lacp_rate = %s to match",
	         partner_fast ? "fast" : "slow", partner_fast ? "fast" : "slow",
	         fast ? "fast" : "slow", partner_fast ? "fast" : "slow");
}

static void judge(const struct kstate *k, const struct ks_link *bond, const struct ks_link *ref,
                  const struct ks_link *l, struct lacp_port *p)
{
	const struct ks_bond *b = &bond->bond;
	const struct ks_bond_port *s = &l->port;
	unsigned as = s->ad_actor_oper_port_state, ps = s->ad_partner_oper_port_state;
	bool active = b->has_ad_info && b->ad_aggregator && s->ad_aggregator_id == b->ad_aggregator;
	char m1[18], m2[18];

	(void)k;
	p->transient = false;
	if (!l->carrier) {
		p->cause = LACP_NO_CARRIER;
		snprintf(p->why, sizeof(p->why),
		         "no carrier: check the cable, the optic and that the switch port is "
		         "enabled");
		return;
	}
	if (!s->valid) {
		p->cause = LACP_NO_STATE;
		p->transient = true;
		snprintf(p->why, sizeof(p->why), "no LACP state from the bond yet");
		return;
	}
	rate_info(b, l, p);
	if (ready(b, l)) {
		p->cause = LACP_OK;
		snprintf(p->why, sizeof(p->why), "distributing");
		return;
	}
	if (as & LACP_STATE_EXPIRED) {
		p->cause = LACP_EXPIRED;
		p->transient = true;
		snprintf(p->why, sizeof(p->why),
		         "partner expired: LACPDUs from the switch stopped arriving on this port");
		return;
	}
	if (as & LACP_STATE_DEFAULTED || (s->has_proc && mac_zero(s->partner_system))) {
		p->cause = LACP_NO_LACPDU;
		snprintf(p->why, sizeof(p->why),
		         "no LACPDU from the switch (partner defaulted): the switch port is "
		         "not in an LACP port-channel (a plain port or a static LAG); make it "
		         "an active LACP member");
		return;
	}
	if (!(ps & LACP_STATE_AGGREGATION)) {
		p->cause = LACP_INDIVIDUAL;
		snprintf(p->why, sizeof(p->why),
		         "partner not aggregating (individual): the switch runs LACP on this "
		         "port but will not bundle it; check its port-channel");
		return;
	}
	if (!active && s->has_proc && b->has_proc && !mac_zero(b->ad_partner_mac)) {
		if (memcmp(s->partner_system, b->ad_partner_mac, 6)) {
			p->cause = LACP_OTHER_PARTNER;
			snprintf(p->why, sizeof(p->why),
			         "different partner: this port reaches switch %s, the active "
			         "aggregator reaches %s: two switches that are not one LAG "
			         "(no MLAG, vPC or stack)",
			         mac_str(s->partner_system, m1), mac_str(b->ad_partner_mac, m2));
			return;
		}
		if (s->partner_key != b->ad_partner_key) {
			p->cause = LACP_OTHER_KEY;
			snprintf(p->why, sizeof(p->why),
			         "different partner key: same switch %s, key %u here, %u on the "
			         "active aggregator: two port-channels; put both switch ports "
			         "in one",
			         mac_str(s->partner_system, m1), s->partner_key, b->ad_partner_key);
			return;
		}
	}
	if (ref && s->has_proc && ref->port.has_proc && s->speed && ref->port.speed &&
	    (s->speed != ref->port.speed || s->duplex != ref->port.duplex)) {
		p->cause = LACP_SPEED;
		snprintf(p->why, sizeof(p->why),
		         "different speed/duplex: %d Mb/s %s duplex here, %d Mb/s %s on %s: "
		         "check the optic and the switch port's speed",
		         s->speed, duplex_word(s->duplex), ref->port.speed,
		         duplex_word(ref->port.duplex), ref->name);
		return;
	}
	if (s->has_proc && (s->actor_churned || s->partner_churned)) {
		p->cause = LACP_CHURNED;
		snprintf(p->why, sizeof(p->why),
		         "churned (%s): the two ends could not agree; compare the switch "
		         "port-channel with the bond (mode active, rate, speed)",
		         s->actor_churned && s->partner_churned ? "actor and partner"
		         : s->actor_churned ? "actor" : "partner");
		return;
	}
	if (!active && b->has_proc && !mac_zero(b->ad_system_mac) &&
	    memcmp(b->ad_system_mac, bond->mac, 6)) {
		p->cause = LACP_MAC_CHANGED;
		snprintf(p->why, sizeof(p->why),
		         "bond MAC changed: %s now, its LACP system id is still %s; take the "
		         "ports out and back in (earlynet down, then up)",
		         mac_str(bond->mac, m1), mac_str(b->ad_system_mac, m2));
		return;
	}
	if (!active) {
		p->cause = LACP_OTHER_AGGREGATOR;
		snprintf(p->why, sizeof(p->why),
		         "not in the active aggregator (in %u, the active one is %u)",
		         s->ad_aggregator_id, b->has_ad_info ? b->ad_aggregator : 0);
		return;
	}
	p->cause = LACP_JOINING;
	p->transient = true;
	{
		char actor[48], partner[48];

		missing(as, actor, sizeof(actor));
		missing(ps, partner, sizeof(partner));
		if (mac_zero(b->ad_partner_mac) || (!actor[0] && !partner[0])) {
			snprintf(p->why, sizeof(p->why), "joining: no partner yet");
			return;
		}
		snprintf(p->why, sizeof(p->why), "joining:%s%s%s%s%s", actor[0] ? " actor not " : "",
		         actor, actor[0] && partner[0] ? "," : "", partner[0] ? " partner not " : "",
		         partner);
	}
}

void lacp_evaluate(const struct kstate *k, const struct ks_link *bond,
                   int min_links, struct lacp_verdict *v)
{
	const struct ks_link *ref = reference_port(k, bond);

	memset(v, 0, sizeof(*v));
	v->needed = min_links > 1 ? min_links : 1;

	for (int i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];
		struct lacp_port tmp, *p = v->n_port < LACP_MAX_PORTS ? &v->port[v->n_port++] : &tmp;

		if (!l->master || l->master != bond->ifindex) {
			if (p != &tmp)
				v->n_port--;
			continue;
		}
		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "%s", l->name);
		judge(k, bond, ref, l, p);
		v->ports++;
		if (p->cause == LACP_OK) {
			v->ready++;
		} else {
			v->stray++;
			v->transient += p->transient;
			v->no_carrier += p->cause == LACP_NO_CARRIER;
		}
		if (p->cause == LACP_JOINING)
			append(v->detail, sizeof(v->detail), "%s%s %s", v->detail[0] ? ", " : "",
			       l->name, p->why);
		else
			append(v->detail, sizeof(v->detail), "%s%s %s", v->detail[0] ? ", " : "",
			       l->name, lacp_cause_word(p->cause));
	}
	if (!v->ports)
		snprintf(v->detail, sizeof(v->detail), "no ports");
	v->converged = v->ready >= v->needed;
}

bool lacp_settled(struct lacp_settle *s, const struct lacp_verdict *v, double now_ms,
                  int settle_ms)
{
	unsigned sig = 2166136261u;

	if (!v->converged) {
		s->seen = false;
		return false;
	}
	if (!v->stray)
		return true;
	for (int i = 0; i < v->n_port; i++)
		sig = (sig ^ (unsigned)(v->port[i].cause + 1) * (unsigned)(i + 1)) * 16777619u;
	if (!s->seen || s->sig != sig) {
		s->seen = true;
		s->sig = sig;
		s->since = now_ms;
	}
	return !v->transient && now_ms - s->since >= settle_ms;
}
