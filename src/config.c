/* config.c - read the INI file with inih into a struct config, one key table */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config-priv.h"

#define CONF_MAX_SIZE (1 << 20) /* a node's file is a few KiB */

#define K_LINK   (1u << IF_KIND_LINK)
#define K_BOND   (1u << IF_KIND_BOND)
#define K_BRIDGE (1u << IF_KIND_BRIDGE)
#define K_VLAN   (1u << IF_KIND_VLAN)
#define K_GLOBAL (1u << 4)
#define K_IFACE  (K_LINK | K_BOND | K_BRIDGE | K_VLAN)

#define F_REPEAT 1 /* may be given several times */
#define F_ALIAS  2 /* another name for the key just before it */

struct conf_key;
typedef void (*parse_fn)(struct conf_parser *p, const struct conf_key *k,
			 const char *v, void *field);

struct enum_name { const char *name; int value; };

struct conf_key {
	const char *name;
	unsigned kinds;
	parse_fn parse;
	size_t offset;            /* into struct config ([global]) or struct iface */
	int min, max;             /* parse_int */
	const struct enum_name *names; /* parse_enum */
	unsigned flags;
};

void conf_error(struct conf_parser *p, int line, const char *fmt, ...)
{
	struct conf_msg *m;
	va_list ap;
	char *text;
	int r;

	p->errors++;
	if (!p->err)
		return;
	if (p->n_msgs == p->cap_msgs) {
		int cap = p->cap_msgs ? p->cap_msgs * 2 : 16;

		m = realloc(p->msgs, (size_t)cap * sizeof(*m));
		if (!m) {
			p->oom = 1;
			return;
		}
		p->msgs = m;
		p->cap_msgs = cap;
	}
	va_start(ap, fmt);
	r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0) {
		p->oom = 1;
		return;
	}
	p->msgs[p->n_msgs] = (struct conf_msg){ line, p->n_msgs, text };
	p->n_msgs++;
}

static int msg_cmp(const void *a, const void *b)
{
	const struct conf_msg *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* In file order, so the output reads like the file. */
static void print_messages(struct conf_parser *p)
{
	if (p->n_msgs)
		qsort(p->msgs, (size_t)p->n_msgs, sizeof(*p->msgs), msg_cmp);
	for (int i = 0; i < p->n_msgs; i++) {
		if (p->msgs[i].line > 0)
			fprintf(p->err, "%s:%d: %s\n", p->name, p->msgs[i].line, p->msgs[i].text);
		else
			fprintf(p->err, "%s: %s\n", p->name, p->msgs[i].text);
	}
}

/* `KEY: "VALUE" why`, at the current line. */
__attribute__((format(printf, 4, 5)))
static void bad_value(struct conf_parser *p, const struct conf_key *k,
		      const char *v, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	conf_error(p, p->line, "%s: \"%s\" %s", k->name, v, why);
}

bool conf_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= EN_NAME_MAX || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (; *name; name++)
		if (!isalnum((unsigned char)*name) && !strchr("_.-", *name))
			return false;
	return true;
}

bool conf_is_bad_name(const struct conf_parser *p, const char *name)
{
	for (int i = 0; i < p->n_bad_names; i++)
		if (!strcmp(p->bad_names[i], name))
			return true;
	return false;
}

static void remember_bad_name(struct conf_parser *p, const char *name)
{
	char **n = realloc(p->bad_names, (size_t)(p->n_bad_names + 1) * sizeof(*n));

	if (!n) {
		p->oom = 1;
		return;
	}
	p->bad_names = n;
	n[p->n_bad_names] = strdup(name);
	if (!n[p->n_bad_names]) {
		p->oom = 1;
		return;
	}
	p->n_bad_names++;
}

/* ---- value parsers: each reports its own error, quoting the value ---- */

static bool parse_long(const char *v, long *out)
{
	char *end;

	if (!isdigit((unsigned char)v[0]) && !(v[0] == '-' && isdigit((unsigned char)v[1])))
		return false;
	errno = 0;
	*out = strtol(v, &end, 10);
	return !errno && !*end;
}

static void parse_int(struct conf_parser *p, const struct conf_key *k,
		      const char *v, void *field)
{
	long n;

	if (!parse_long(v, &n)) {
		bad_value(p, k, v, "is not a number");
		return;
	}
	if (n < k->min || n > k->max) {
		bad_value(p, k, v, "is not between %d and %d", k->min, k->max);
		return;
	}
	*(int *)field = (int)n;
}

static const struct enum_name bool_names[] = {
	{ "yes", 1 }, { "no", 0 }, { "on", 1 }, { "off", 0 },
	{ "true", 1 }, { "false", 0 }, { "1", 1 }, { "0", 0 }, { NULL, 0 },
};

static int lookup_bool(const char *v)
{
	for (const struct enum_name *e = bool_names; e->name; e++)
		if (!strcasecmp(e->name, v))
			return e->value;
	return -1;
}

static void parse_bool(struct conf_parser *p, const struct conf_key *k,
		       const char *v, void *field)
{
	int b = lookup_bool(v);

	if (b < 0)
		bad_value(p, k, v, "is not a boolean (yes/no, on/off, true/false, 1/0)");
	else
		*(bool *)field = b;
}

static void parse_tristate(struct conf_parser *p, const struct conf_key *k,
			   const char *v, void *field)
{
	int b = lookup_bool(v);

	if (b < 0)
		bad_value(p, k, v, "is not on or off");
	else
		*(enum tristate *)field = b ? TRI_ON : TRI_OFF;
}

static void parse_enum(struct conf_parser *p, const struct conf_key *k,
		       const char *v, void *field)
{
	char list[256] = "";
	size_t len = 0;

	for (const struct enum_name *e = k->names; e->name; e++) {
		if (!strcmp(e->name, v)) {
			*(int *)field = e->value;
			return;
		}
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					e == k->names ? "" : ", ", e->name);
		if (len >= sizeof(list))
			len = sizeof(list) - 1;
	}
	bad_value(p, k, v, "is not one of %s", list);
}

static void parse_path(struct conf_parser *p, const struct conf_key *k,
		       const char *v, void *field)
{
	if (v[0] != '/')
		bad_value(p, k, v, "is not an absolute path");
	else
		snprintf(field, EN_PATH_MAX, "%s", v);
}

static void parse_mac(struct conf_parser *p, const struct conf_key *k,
		      const char *v, void *field)
{
	uint8_t mac[6];
	static const uint8_t zero[6];

	if (en_mac_parse(v, mac) < 0)
		bad_value(p, k, v, "is not a MAC address like 58:47:ca:76:76:fb");
	else if (!memcmp(mac, zero, 6))
		bad_value(p, k, v, "is all zeros");
	else if (mac[0] & 1)
		bad_value(p, k, v, "is a multicast address, not a NIC's");
	else
		memcpy(field, mac, 6);
}

static void parse_name_ref(struct conf_parser *p, const struct conf_key *k,
			   const char *v, char *dst, int *line)
{
	if (!conf_name_valid(v)) {
		bad_value(p, k, v, "is not an interface name (1 to 15 of A-Z a-z 0-9 _ . -)");
		return;
	}
	snprintf(dst, 256, "%s", v);
	*line = p->line;
}

static void parse_management(struct conf_parser *p, const struct conf_key *k,
			     const char *v, void *field)
{
	(void)field;
	parse_name_ref(p, k, v, p->management, &p->management_line);
}

static void parse_vlan_link(struct conf_parser *p, const struct conf_key *k,
			    const char *v, void *field)
{
	(void)field;
	parse_name_ref(p, k, v, p->pif[p->cur].link, &p->pif[p->cur].link_line);
}

static void parse_primary(struct conf_parser *p, const struct conf_key *k,
			  const char *v, void *field)
{
	struct bond_conf *b = field;

	parse_name_ref(p, k, v, p->pif[p->cur].primary, &b->primary_line);
	/* a valid name fits (parse_name_ref refused anything longer) */
	if (strlen(p->pif[p->cur].primary) < sizeof(b->primary))
		memcpy(b->primary, p->pif[p->cur].primary, strlen(p->pif[p->cur].primary) + 1);
}

/* The list itself is resolved once every section is known (validate.c). */
static void parse_ports(struct conf_parser *p, const struct conf_key *k,
			const char *v, void *field)
{
	struct conf_pif *f = &p->pif[p->cur];

	(void)field;
	snprintf(f->ports, sizeof(f->ports), "%s", v);
	f->ports_line = p->line;
	f->ports_key = k->name;
}

static bool parse_vid(const char *v, uint16_t *out)
{
	long n;

	if (!parse_long(v, &n) || n < 1 || n > 4094)
		return false;
	*out = (uint16_t)n;
	return true;
}

static void parse_vlan_id(struct conf_parser *p, const struct conf_key *k,
			  const char *v, void *field)
{
	if (!parse_vid(v, field))
		bad_value(p, k, v, "is not a VLAN id between 1 and 4094");
	else
		p->pif[p->cur].id_line = p->line;
}

static void parse_vid_key(struct conf_parser *p, const struct conf_key *k,
			  const char *v, void *field)
{
	if (!parse_vid(v, field))
		bad_value(p, k, v, "is not a VLAN id between 1 and 4094");
}

/* vids, bridge_vids: ids and ranges, into the vid_set at field; true when
 * it took them */
static bool parse_vid_list(struct conf_parser *p, const struct conf_key *k,
			   const char *v, struct vid_set *out)
{
	struct vid_set set = { { 0 } };
	bool ok = false;
	char *buf = strdup(v), *save = NULL;
	int n = 0;

	if (!buf) {
		p->oom = 1;
		return false;
	}
	for (char *w = strtok_r(buf, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
		char *dash = strchr(w, '-');
		struct vid_range r;

		if (dash)
			*dash = '\0';
		if (!parse_vid(w, &r.lo) || !parse_vid(dash ? dash + 1 : w, &r.hi)) {
			bad_value(p, k, v, "is not a list of VLAN ids or ranges like 2-4094 (ids 1 to 4094)");
			goto out;
		}
		if (r.lo > r.hi) {
			bad_value(p, k, v, "has a range that ends before it starts");
			goto out;
		}
		vid_set_add(&set, r.lo, r.hi);
		n++;
	}
	if (n == 0) {
		bad_value(p, k, v, "is empty");
		goto out;
	}
	*out = set;
	ok = true;
out:
	free(buf);
	return ok;
}

/* [bridge] vids: the bridge's own set, out of line (most keep the default) */
static void parse_vids(struct conf_parser *p, const struct conf_key *k,
		       const char *v, void *field)
{
	struct vid_set set;

	(void)field;
	if (!parse_vid_list(p, k, v, &set))
		return;
	if (!iface_bridge_vids_set(&p->c->ifaces[p->cur])) {
		p->oom = 1;
		return;
	}
	*p->c->ifaces[p->cur].br_vids = set;
}

static void parse_port_vids(struct conf_parser *p, const struct conf_key *k,
			    const char *v, void *field)
{
	struct port_vlan_conf *pv = field;
	struct vid_set set;

	if (!parse_vid_list(p, k, v, &set))
		return;
	if (!iface_port_vids_set(&p->c->ifaces[p->cur])) {
		p->oom = 1;
		return;
	}
	*pv->vids = set;
	pv->has_vids = true;
}

static bool addr_usable(const struct en_addr *a)
{
	static const uint8_t zero[16];

	if (a->family == AF_INET)
		return memcmp(a->bytes, zero, 4) && (a->bytes[0] & 0xf0) != 0xe0 &&
		       memcmp(a->bytes, "\xff\xff\xff\xff", 4);
	return memcmp(a->bytes, zero, 16) && a->bytes[0] != 0xff;
}

static void parse_address(struct conf_parser *p, const struct conf_key *k,
			  const char *v, void *field)
{
	struct iface *f = &p->c->ifaces[p->cur];
	struct en_addr a;

	(void)field;
	if (!strchr(v, '/')) {
		bad_value(p, k, v, "has no /PREFIX (like 10.0.0.2/24)");
		return;
	}
	if (en_addr_parse(v, true, &a) < 0) {
		char ip[64];
		struct en_addr t;

		snprintf(ip, sizeof(ip), "%.*s", (int)(strchr(v, '/') - v), v);
		if (en_addr_parse(ip, false, &t) < 0)
			bad_value(p, k, v, "is not an IPv4 or IPv6 address with /PREFIX");
		else
			bad_value(p, k, v, "has a prefix that is not between 0 and %d",
				  t.family == AF_INET ? 32 : 128);
		return;
	}
	if (!addr_usable(&a)) {
		bad_value(p, k, v, "is not a unicast address");
		return;
	}
	for (int i = 0; i < f->n_addrs; i++) {
		if (f->addrs[i].family == a.family &&
		    !memcmp(f->addrs[i].bytes, a.bytes, 16)) {
			bad_value(p, k, v, "is given twice (first on line %d)", f->addrs[i].line);
			return;
		}
	}
	if (f->n_addrs == EN_MAX_ADDRS) {
		bad_value(p, k, v, "is one address too many (at most %d)", EN_MAX_ADDRS);
		return;
	}
	a.line = p->line;
	if (iface_add_addr(f, &a) < 0)
		p->oom = 1;
}

/* A plain unicast address (a gateway, a peer): true with *a, or false
 * after saying why at the key's line. */
static bool parse_host_addr(struct conf_parser *p, const struct conf_key *k,
			    const char *v, const char *what, struct en_addr *a)
{
	if (strchr(v, '/')) {
		bad_value(p, k, v, "has a /PREFIX; a %s is a plain address", what);
		return false;
	}
	if (en_addr_parse(v, false, a) < 0) {
		bad_value(p, k, v, "is not an IPv4 or IPv6 address");
		return false;
	}
	if (!addr_usable(a)) {
		bad_value(p, k, v, "is not a unicast address");
		return false;
	}
	return true;
}

static void parse_gateway(struct conf_parser *p, const struct conf_key *k,
			  const char *v, void *field)
{
	struct iface *f = &p->c->ifaces[p->cur];
	struct en_addr a, *gw;

	(void)field;
	if (!parse_host_addr(p, k, v, "gateway", &a))
		return;
	gw = a.family == AF_INET ? &f->gw4 : &f->gw6;
	if (gw->family) {
		bad_value(p, k, v, "is a second IPv%d gateway on %s (first on line %d)",
			  a.family == AF_INET ? 4 : 6, f->name, gw->line);
		return;
	}
	a.line = p->line;
	*gw = a;
}

/* route = DEST/PREFIX via GW */
static void parse_route(struct conf_parser *p, const struct conf_key *k,
			const char *v, void *field)
{
	struct iface *f = &p->c->ifaces[p->cur];
	char dst[64], via[8], gw[64], extra[2];
	struct en_route rt = { .line = p->line };
	int full;

	(void)field;
	if (sscanf(v, "%63s %7s %63s %1s", dst, via, gw, extra) != 3 || strcmp(via, "via")) {
		bad_value(p, k, v, "is not DEST/PREFIX via GATEWAY (like 10.99.0.0/16 via 10.0.0.254)");
		return;
	}
	if (!strchr(dst, '/') || en_addr_parse(dst, true, &rt.dst) < 0) {
		bad_value(p, k, v, "has a destination that is not an IPv4 or IPv6 network with /PREFIX");
		return;
	}
	if (rt.dst.prefix == 0) {
		bad_value(p, k, v, "is a default route; write gateway = %s", gw);
		return;
	}
	full = rt.dst.family == AF_INET ? 32 : 128;
	for (int bit = rt.dst.prefix; bit < full; bit++) {
		if (rt.dst.bytes[bit / 8] & (0x80 >> (bit % 8))) {
			struct en_addr net = rt.dst;
			char buf[64];

			for (int b = rt.dst.prefix; b < full; b++)
				net.bytes[b / 8] &= (uint8_t)~(0x80 >> (b % 8));
			bad_value(p, k, v, "has host bits set in its destination; write %s",
				  en_addr_fmt(&net, true, buf));
			return;
		}
	}
	if (en_addr_parse(gw, false, &rt.gw) < 0 || !addr_usable(&rt.gw)) {
		bad_value(p, k, v, "has a gateway that is not a unicast IPv4 or IPv6 address");
		return;
	}
	if (rt.gw.family != rt.dst.family) {
		bad_value(p, k, v, "mixes IPv4 and IPv6");
		return;
	}
	for (int i = 0; i < f->n_routes; i++) {
		if (!memcmp(&f->routes[i].dst.bytes, rt.dst.bytes, 16) &&
		    f->routes[i].dst.family == rt.dst.family &&
		    f->routes[i].dst.prefix == rt.dst.prefix) {
			bad_value(p, k, v, "is a second route to the same destination (first on line %d)",
				  f->routes[i].line);
			return;
		}
	}
	if (f->n_routes == EN_MAX_ROUTES) {
		bad_value(p, k, v, "is one route too many (at most %d)", EN_MAX_ROUTES);
		return;
	}
	rt.dst.line = rt.gw.line = p->line;
	if (iface_add_route(f, &rt) < 0)
		p->oom = 1;
}

/* peer = ADDRESS: ifupdown's pointopoint, the far end of a /32 or /128 */
static void parse_peer(struct conf_parser *p, const struct conf_key *k,
		       const char *v, void *field)
{
	struct iface *f = &p->c->ifaces[p->cur];
	struct en_addr a;

	(void)field;
	if (!parse_host_addr(p, k, v, "peer", &a))
		return;
	a.line = p->line;
	f->peer = a;
}

static const struct enum_name fallback_names[] = {
	{ "management", FALLBACK_MANAGEMENT }, { "none", FALLBACK_NONE }, { NULL, 0 },
};
static const struct enum_name mode_names[] = {
	{ "802.3ad", BOND_MODE_8023AD }, { "active-backup", BOND_MODE_ACTIVE_BACKUP },
	{ "balance-rr", BOND_MODE_BALANCE_RR }, { "balance-xor", BOND_MODE_BALANCE_XOR },
	{ "broadcast", BOND_MODE_BROADCAST }, { "balance-tlb", BOND_MODE_BALANCE_TLB },
	{ "balance-alb", BOND_MODE_BALANCE_ALB }, { NULL, 0 },
};
static const struct enum_name hash_names[] = {
	{ "layer2", BOND_HASH_LAYER2 }, { "layer2+3", BOND_HASH_LAYER23 },
	{ "layer3+4", BOND_HASH_LAYER34 }, { "encap2+3", BOND_HASH_ENCAP23 },
	{ "encap3+4", BOND_HASH_ENCAP34 }, { "vlan+srcmac", BOND_HASH_VLAN_SRCMAC },
	{ NULL, 0 },
};
static const struct enum_name rate_names[] = {
	{ "slow", BOND_LACP_SLOW }, { "fast", BOND_LACP_FAST }, { NULL, 0 },
};
static const struct enum_name select_names[] = {
	{ "stable", BOND_AD_STABLE }, { "bandwidth", BOND_AD_BANDWIDTH },
	{ "count", BOND_AD_COUNT }, { NULL, 0 },
};

#define G(f) offsetof(struct config, f)
#define I(f) offsetof(struct iface, f)

/* Every key of every section. The limits are the kernel's or, where the
 * kernel takes anything, what is sane at boot. */
static const struct conf_key keys[] = {
	{ "link_timeout",     K_GLOBAL, parse_int, G(link_timeout), 0, 3600, NULL, 0 },
	{ "carrier_timeout",  K_GLOBAL, parse_int, G(carrier_timeout), 0, 3600, NULL, 0 },
	{ "lacp_timeout",     K_GLOBAL, parse_int, G(lacp_timeout), 0, 3600, NULL, 0 },
	{ "management",       K_GLOBAL, parse_management, 0, 0, 0, NULL, 0 },
	{ "fallback",         K_GLOBAL, parse_enum, G(fallback), 0, 0, fallback_names, 0 },
	{ "hooks_dir",        K_GLOBAL, parse_path, G(hooks_dir), 0, 0, NULL, 0 },

	{ "mac",              K_LINK, parse_mac, I(link.mac), 0, 0, NULL, 0 },
	{ "hwaddress",        K_BOND | K_BRIDGE, parse_mac, I(hwaddress), 0, 0, NULL, 0 },
	{ "up",               K_LINK, parse_bool, I(link.up), 0, 0, NULL, 0 },
	{ "require_carrier",  K_LINK, parse_bool, I(link.require_carrier), 0, 0, NULL, 0 },
	{ "tso",              K_LINK, parse_tristate, I(link.tso), 0, 0, NULL, 0 },
	{ "gso",              K_LINK, parse_tristate, I(link.gso), 0, 0, NULL, 0 },
	{ "gro",              K_LINK, parse_tristate, I(link.gro), 0, 0, NULL, 0 },
	{ "lro",              K_LINK, parse_tristate, I(link.lro), 0, 0, NULL, 0 },
	{ "rx_ring",          K_LINK, parse_int, I(link.rx_ring), 1, 1 << 20, NULL, 0 },
	{ "tx_ring",          K_LINK, parse_int, I(link.tx_ring), 1, 1 << 20, NULL, 0 },

	{ "slaves",           K_BOND, parse_ports, 0, 0, 0, NULL, 0 },
	{ "ports",            K_BOND | K_BRIDGE, parse_ports, 0, 0, 0, NULL, F_ALIAS },
	{ "mode",             K_BOND, parse_enum, I(bond.mode), 0, 0, mode_names, 0 },
	{ "miimon",           K_BOND, parse_int, I(bond.miimon), 0, 60000, NULL, 0 },
	{ "xmit_hash_policy", K_BOND, parse_enum, I(bond.xmit_hash_policy), 0, 0, hash_names, 0 },
	{ "lacp_rate",        K_BOND, parse_enum, I(bond.lacp_rate), 0, 0, rate_names, 0 },
	{ "min_links",        K_BOND, parse_int, I(bond.min_links), 0, EN_MAX_PORTS, NULL, 0 },
	{ "ad_select",        K_BOND, parse_enum, I(bond.ad_select), 0, 0, select_names, 0 },
	{ "updelay",          K_BOND, parse_int, I(bond.updelay), 0, 600000, NULL, 0 },
	{ "downdelay",        K_BOND, parse_int, I(bond.downdelay), 0, 600000, NULL, 0 },
	{ "lacp_timeout",     K_BOND, parse_int, I(bond.lacp_timeout), 0, 3600, NULL, 0 },
	{ "primary",          K_BOND, parse_primary, I(bond), 0, 0, NULL, 0 },

	{ "stp",              K_BRIDGE, parse_bool, I(bridge.stp), 0, 0, NULL, 0 },
	{ "forward_delay",    K_BRIDGE, parse_int, I(bridge.forward_delay), 0, 30, NULL, 0 },
	{ "vlan_aware",       K_BRIDGE, parse_bool, I(bridge.vlan_aware), 0, 0, NULL, 0 },
	{ "vids",             K_BRIDGE, parse_vids, 0, 0, 0, NULL, 0 },
	{ "bridge_vids",      K_LINK | K_BOND | K_VLAN, parse_port_vids, I(pvlan), 0, 0, NULL, 0 },
	{ "bridge_pvid",      K_LINK | K_BOND | K_VLAN, parse_vid_key, I(pvlan.pvid), 0, 0, NULL, 0 },
	{ "bridge_access",    K_LINK | K_BOND | K_VLAN, parse_vid_key, I(pvlan.access), 0, 0, NULL, 0 },

	{ "link",             K_VLAN, parse_vlan_link, 0, 0, 0, NULL, 0 },
	{ "id",               K_VLAN, parse_vlan_id, I(vlan.id), 0, 0, NULL, 0 },

	{ "mtu",              K_IFACE, parse_int, I(mtu), 68, 65535, NULL, 0 },
	{ "address",          K_IFACE, parse_address, 0, 0, 0, NULL, F_REPEAT },
	{ "address_purge",    K_IFACE, parse_bool, I(address_purge), 0, 0, NULL, 0 },
	{ "gateway",          K_IFACE, parse_gateway, 0, 0, 0, NULL, F_REPEAT },
	{ "peer",             K_IFACE, parse_peer, 0, 0, 0, NULL, 0 },
	{ "route",            K_IFACE, parse_route, 0, 0, 0, NULL, F_REPEAT },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
_Static_assert(N_KEYS <= CONF_MAX_KEYS, "raise CONF_MAX_KEYS");

/* Aliases share the slot of the key they stand for. */
static int key_slot(const struct conf_key *k)
{
	return (int)(k - keys) - ((k->flags & F_ALIAS) ? 1 : 0);
}

int conf_key_line(const struct conf_parser *p, int i, const char *key)
{
	const int *seen = i == CUR_GLOBAL ? p->global_seen : p->pif[i].seen;

	for (size_t n = 0; n < N_KEYS; n++)
		if (keys[n].name[0] == key[0] && !strcmp(keys[n].name, key))
			return seen[key_slot(&keys[n])];
	return 0;
}

static const char *kind_names[] = {
	[IF_KIND_LINK] = "link", [IF_KIND_BOND] = "bond",
	[IF_KIND_BRIDGE] = "bridge", [IF_KIND_VLAN] = "vlan",
};

/* "[link], [bond]" for the kinds in mask, for messages. */
static void kinds_text(unsigned mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k <= 4 && len < size; k++)
		if (mask & (1u << k))
			len += (size_t)snprintf(buf + len, size - len, "%s[%s]",
						len ? ", " : "", k == 4 ? "global" : kind_names[k]);
}

static void section_text(const struct conf_parser *p, char *buf, size_t size)
{
	if (p->cur == CUR_GLOBAL)
		snprintf(buf, size, "[global]");
	else
		snprintf(buf, size, "[%s %s]", kind_names[p->c->ifaces[p->cur].kind],
			 p->c->ifaces[p->cur].name);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct conf_parser *p = user;
	const struct conf_key *k = NULL;
	unsigned kinds, other = 0;
	char where[64], allowed[64];
	int *seen, slot;
	char *base;

	(void)section; /* the reader tracks sections itself, with their lines */
	if (p->cur == CUR_SKIP || p->oom)
		return 1;
	if (p->cur == CUR_NONE) {
		conf_error(p, p->line, "%s: key before the first [section]", name);
		return 1;
	}
	kinds = p->cur == CUR_GLOBAL ? K_GLOBAL : 1u << p->c->ifaces[p->cur].kind;
	for (size_t n = 0; n < N_KEYS; n++) {
		if (keys[n].name[0] != name[0] || strcmp(keys[n].name, name))
			continue;
		if (keys[n].kinds & kinds) {
			k = &keys[n];
			break;
		}
		other |= keys[n].kinds;
	}
	if (!k && other) {
		section_text(p, where, sizeof(where));
		kinds_text(other, allowed, sizeof(allowed));
		conf_error(p, p->line, "%s: not allowed in %s (only in %s)", name, where, allowed);
		return 1;
	}
	if (!k) {
		section_text(p, where, sizeof(where));
		conf_error(p, p->line, "unknown key \"%s\" in %s", name, where);
		return 1;
	}
	seen = p->cur == CUR_GLOBAL ? p->global_seen : p->pif[p->cur].seen;
	slot = key_slot(k);
	if (seen[slot] && !(k->flags & F_REPEAT)) {
		section_text(p, where, sizeof(where));
		conf_error(p, p->line, "%s: given twice in %s (first on line %d)",
			   name, where, seen[slot]);
		return 1;
	}
	if (!seen[slot])
		seen[slot] = p->line;
	base = p->cur == CUR_GLOBAL ? (char *)p->c : (char *)&p->c->ifaces[p->cur];
	k->parse(p, k, value, base + k->offset);
	return 1;
}

static void iface_defaults(struct iface *f, enum if_kind kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->mtu = EN_UNSET;
	f->master = -1;
	switch (kind) {
	case IF_KIND_LINK:
		f->link.up = true;
		f->link.tso = f->link.gso = f->link.gro = f->link.lro = TRI_UNSET;
		f->link.rx_ring = f->link.tx_ring = EN_UNSET;
		break;
	case IF_KIND_BOND:
		f->bond.mode = BOND_MODE_8023AD;
		f->bond.miimon = 100;
		f->bond.xmit_hash_policy = BOND_HASH_LAYER2;
		f->bond.lacp_rate = BOND_LACP_SLOW;
		f->bond.ad_select = BOND_AD_STABLE;
		f->bond.lacp_timeout = EN_UNSET;
		break;
	case IF_KIND_BRIDGE:
		break;           /* vids: the default until the file says */
	case IF_KIND_VLAN:
		f->vlan.parent = -1;
		break;
	}
}

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u;       /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void names_put(int *tab, unsigned cap, const char *name, int i)
{
	unsigned m = cap - 1, h = name_hash(name) & m;

	while (tab[h])
		h = (h + 1) & m;
	tab[h] = i + 1;
}

/* Add interface i (already in c->ifaces) to the hash, growing it first
 * when it would be more than half full. */
static void names_add(struct conf_parser *p, int i)
{
	if (!p->names && p->names_cap)
		return;                 /* out of memory before: conf_find scans */
	if (2 * (unsigned)(i + 1) > p->names_cap) {
		unsigned cap = p->names_cap ? 2 * p->names_cap : 64;
		int *tab = calloc(cap, sizeof(*tab));

		if (!tab) {
			free(p->names);
			p->names = NULL;
			p->names_cap = 1;
			return;
		}
		for (int j = 0; j < i; j++)
			names_put(tab, cap, p->c->ifaces[j].name, j);
		free(p->names);
		p->names = tab;
		p->names_cap = cap;
	}
	names_put(p->names, p->names_cap, p->c->ifaces[i].name, i);
}

int conf_find(const struct conf_parser *p, const char *name)
{
	unsigned m, h;

	if (!p->names)
		return config_find(p->c, name);
	m = p->names_cap - 1;
	for (h = name_hash(name) & m; p->names[h]; h = (h + 1) & m)
		if (!strcmp(p->c->ifaces[p->names[h] - 1].name, name))
			return p->names[h] - 1;
	return -1;
}

static void section_open(struct conf_parser *p, const char *kind, const char *name)
{
	struct config *c = p->c;
	int k, dup;

	p->cur = CUR_SKIP;
	if (!strcmp(kind, "global")) {
		if (*name)
			conf_error(p, p->line, "[global %s]: [global] takes no name", name);
		else
			p->cur = CUR_GLOBAL;
		return;
	}
	for (k = 0; k < 4; k++)
		if (!strcmp(kind, kind_names[k]))
			break;
	if (k == 4) {
		conf_error(p, p->line, "unknown section kind \"%s\" (expected global, link, bond, bridge or vlan)",
			   kind);
		if (conf_name_valid(name))
			remember_bad_name(p, name);
		return;
	}
	if (!*name) {
		conf_error(p, p->line, "[%s] needs a name: [%s NAME]", kind, kind);
		return;
	}
	if (!conf_name_valid(name)) {
		conf_error(p, p->line, "[%s %s]: \"%s\" is not an interface name (1 to 15 of A-Z a-z 0-9 _ . -, not . or ..)",
			   kind, name, name);
		remember_bad_name(p, name);
		return;
	}
	dup = conf_find(p, name);
	if (dup >= 0) {
		conf_error(p, p->line, "[%s %s]: %s is already defined on line %d",
			   kind, name, name, c->ifaces[dup].line);
		return;
	}
	if (c->n_ifaces == p->cap) {
		int cap = p->cap ? p->cap * 2 : 16;
		struct iface *fi = realloc(c->ifaces, (size_t)cap * sizeof(*fi));
		struct conf_pif *pi;

		if (!fi) {
			p->oom = 1;
			return;
		}
		c->ifaces = fi;
		pi = realloc(p->pif, (size_t)cap * sizeof(*pi));
		if (!pi) {
			p->oom = 1;
			return;
		}
		p->pif = pi;
		p->cap = cap;
	}
	iface_defaults(&c->ifaces[c->n_ifaces], (enum if_kind)k);
	snprintf(c->ifaces[c->n_ifaces].name, EN_NAME_MAX, "%s", name);
	c->ifaces[c->n_ifaces].line = p->line;
	memset(&p->pif[c->n_ifaces], 0, sizeof(p->pif[0]));
	p->cur = c->n_ifaces++;
	names_add(p, p->cur);
}

/* "[KIND NAME]" with optional blanks and a trailing comment. */
static void section_line(struct conf_parser *p, char *s)
{
	char *close = strchr(s, ']'), *kind, *name, *rest, *save = NULL;

	if (!close) {
		conf_error(p, p->line, "section header without ']': %s", s);
		p->cur = CUR_SKIP;
		return;
	}
	*close = '\0';
	rest = close + 1;
	rest += strspn(rest, " \t");
	if (*rest && *rest != ';' && *rest != '#')
		conf_error(p, p->line, "text after the section header: \"%s\"", rest);
	kind = strtok_r(s + 1, " \t", &save);
	name = kind ? strtok_r(NULL, " \t", &save) : NULL;
	rest = name ? strtok_r(NULL, "", &save) : NULL;
	if (!kind) {
		conf_error(p, p->line, "empty section header []");
		p->cur = CUR_SKIP;
		return;
	}
	if (rest) {
		conf_error(p, p->line, "[%s %s %s]: expected [KIND NAME]", kind, name, rest);
		p->cur = CUR_SKIP;
		return;
	}
	section_open(p, kind, name ? name : "");
}

/*
 * inih's reader: one physical line per call, so p->line is inih's line
 * number. Leading blanks are dropped, which turns off inih's multi-line
 * values (an indented key would otherwise continue the previous value),
 * and lines inih would cut in two or misread are reported here and handed
 * on empty. Section headers are handled here too, because inih does not
 * call the handler for a section without keys.
 */
static char *reader(char *buf, int size, void *stream)
{
	struct conf_parser *p = stream;
	const char *s = p->pos, *nl, *e;
	size_t len;

	if (!s || !*s)
		return NULL;
	nl = strchr(s, '\n');
	e = nl ? nl : s + strlen(s);
	p->pos = nl ? nl + 1 : e;
	p->line++;
	buf[0] = '\0';

	if (p->line == 1 && e - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	len = (size_t)(e - s);
	if (len == 0 || *s == ';' || *s == '#')
		return buf;
	if (len > (size_t)size - 1) {
		conf_error(p, p->line, "line is too long (%zu characters, at most %d)",
			   len, size - 1);
		return buf;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';

	if (buf[0] == '[') {
		section_line(p, buf);
		buf[0] = '\0'; /* keep inih from reading it its own way */
	} else {
		char *eq = strchr(buf, '='), *colon = strchr(buf, ':');

		if (!eq || (colon && colon < eq)) {
			conf_error(p, p->line, "expected KEY = VALUE: \"%s\"", buf);
			buf[0] = '\0';
		} else if (eq == buf) {
			conf_error(p, p->line, "no key before '=': \"%s\"", buf);
			buf[0] = '\0';
		}
	}
	return buf;
}

/* Per-section checks that need the whole section: required keys, and the
 * VLAN parent and id taken from NAME. Reported at the header line. */
static void finish_sections(struct conf_parser *p)
{
	struct config *c = p->c;

	for (int i = 0; i < c->n_ifaces; i++) {
		struct iface *f = &c->ifaces[i];
		struct conf_pif *pf = &p->pif[i];
		const char *dot = strrchr(f->name, '.');

		switch (f->kind) {
		case IF_KIND_LINK:
			if (!conf_key_line(p, i, "mac"))
				conf_error(p, f->line, "[link %s]: mac is required", f->name);
			break;
		case IF_KIND_BOND:
			if (!pf->ports_line)
				conf_error(p, f->line, "[bond %s]: slaves is required", f->name);
			else if (!pf->ports[strspn(pf->ports, " \t,")])
				conf_error(p, pf->ports_line, "%s: bond %s needs at least one slave",
					   pf->ports_key, f->name);
			break;
		case IF_KIND_BRIDGE:
			break;
		case IF_KIND_VLAN:
			if (!dot && !conf_key_line(p, i, "link") && !conf_key_line(p, i, "id")) {
				conf_error(p, f->line, "[vlan %s]: needs link and id keys, or a name like PARENT.ID",
					   f->name);
				break;
			}
			if (!conf_key_line(p, i, "link")) {
				if (!dot || dot == f->name)
					conf_error(p, f->line, "[vlan %s]: needs a link key (no PARENT. in the name)",
						   f->name);
				else {
					snprintf(pf->link, sizeof(pf->link), "%.*s",
						 (int)(dot - f->name), f->name);
					pf->link_line = f->line;
				}
			}
			if (!conf_key_line(p, i, "id")) {
				if (!dot)
					conf_error(p, f->line, "[vlan %s]: needs an id key (no .ID in the name)",
						   f->name);
				else if (!parse_vid(dot + 1, &f->vlan.id))
					conf_error(p, f->line, "[vlan %s]: id \"%s\" (from the name) is not between 1 and 4094",
						   f->name, dot + 1);
				else
					pf->id_line = f->line;
			}
			break;
		}
	}
}

static void parser_fini(struct conf_parser *p)
{
	for (int i = 0; i < p->n_msgs; i++)
		free(p->msgs[i].text);
	free(p->msgs);
	for (int i = 0; i < p->n_bad_names; i++)
		free(p->bad_names[i]);
	free(p->bad_names);
	free(p->pif);
	free(p->names);
}

int config_load_string(const char *text, const char *name, struct config *out, FILE *err)
{
	struct config c = {
		.link_timeout = 10, .carrier_timeout = 30, .lacp_timeout = 30,
		.management = -1, .fallback = FALLBACK_MANAGEMENT,
		.hooks_dir = "/etc/earlynet/hooks",
	};
	struct conf_parser p = {
		.c = &c, .name = name, .err = err, .pos = text, .cur = CUR_NONE,
	};
	int r;

	snprintf(c.path, sizeof(c.path), "%s", name);
	r = ini_parse_stream(reader, &p, handler, &p);
	if (r == -2)
		p.oom = 1;
	else if (r > 0) /* a line the reader let through but inih refused */
		conf_error(&p, r, "syntax error");
	if (!p.oom) {
		finish_sections(&p);
		conf_validate(&p);
	}
	if (p.err)
		print_messages(&p);
	parser_fini(&p);
	if (p.oom) {
		if (err)
			fprintf(err, "%s: out of memory\n", name);
		config_free(&c);
		memset(out, 0, sizeof(*out));
		out->management = -1;
		return -ENOMEM;
	}
	if (p.errors) {
		config_free(&c);
		memset(out, 0, sizeof(*out));
		out->management = -1;
		return p.errors;
	}
	*out = c;
	return 0;
}

int config_load_fd(int fd, const char *path, struct config *out, FILE *err)
{
	size_t len = 0;
	char *buf = NULL;
	ssize_t n;
	int r;

	memset(out, 0, sizeof(*out));
	out->management = -1;
	buf = malloc(CONF_MAX_SIZE + 1);
	if (!buf) {
		r = -ENOMEM;
		goto fail;
	}
	while (len < CONF_MAX_SIZE + 1) {
		n = read(fd, buf + len, CONF_MAX_SIZE + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > CONF_MAX_SIZE) {
		if (err)
			fprintf(err, "%s: larger than %d bytes, not a configuration file\n",
				path, CONF_MAX_SIZE);
		r = 1;
		goto out;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		const char *z = buf + strlen(buf);
		int line = 1;

		for (const char *q = buf; q < z; q++)
			line += *q == '\n';
		if (err)
			fprintf(err, "%s:%d: contains a NUL byte, not a text file\n", path, line);
		r = 1;
		goto out;
	}
	r = config_load_string(buf, path, out, err);
	goto out;
fail:
	if (err)
		fprintf(err, "%s: cannot read: %s\n", path, strerror(-r));
out:
	free(buf);
	return r;
}

int config_load_file(const char *path, struct config *out, FILE *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	int r;

	if (fd < 0) {
		r = -errno;
		memset(out, 0, sizeof(*out));
		out->management = -1;
		if (err)
			fprintf(err, "%s: cannot read: %s\n", path, strerror(-r));
		return r;
	}
	r = config_load_fd(fd, path, out, err);
	close(fd);
	return r;
}
