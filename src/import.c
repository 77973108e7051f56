/* import.c - convert an ifupdown/ifupdown2 interfaces file into earlynet's INI format */
/*
 * Three steps: parse every stanza into one record per interface name (all
 * stanzas of a name merge, as in ifupdown2), resolve what each interface is
 * and what it references, then print the sections in dependency order.
 * What earlynet cannot express is kept as a "; FILE:LINE: text" comment in
 * the section it belongs to and warned about as "FILE:LINE: warning: ...".
 * Nothing here talks to the kernel; the only files read are the interfaces
 * files, the udev rules and, for MACs, sysfs.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config.h"
#include "import.h"
#include "model.h"

#define IMP_MAX_DEPTH   8        /* nested source lines */
#define IMP_MAX_FILE    (4 << 20)

enum ikind { IK_LINK, IK_BOND, IK_BRIDGE, IK_VLAN, IK_COUNT };
static const char *const kind_names[IK_COUNT] = { "link", "bond", "bridge", "vlan" };

struct strv {
	char **v;
	int n, cap;
};

/* A line of the input kept as a comment. */
struct note {
	const char *file;
	int line;
	char *text;
};

struct notes {
	struct note *v;
	int n, cap;
};

/* Warnings wait until the whole input is read: those about an interface
 * that turns out to be a device earlynet does not make (an Open vSwitch
 * bridge, a VXLAN) are replaced by one line saying so. */
struct warning {
	const char *file;
	int line;
	struct iif *owner;        /* the interface it is about, or NULL */
	bool unconv;              /* a "not converted" line: one per input line */
	char *text;
};

struct warnings {
	struct warning *v;
	int n, cap;
};

struct iaddr {
	int family;
	uint8_t b[16];
	int prefix;               /* -1 until the stanza's netmask is known */
	const char *file;
	int line;
};

enum { FEAT_TSO, FEAT_GSO, FEAT_GRO, FEAT_LRO, FEAT_COUNT };
static const char *const feat_names[FEAT_COUNT] = { "tso", "gso", "gro", "lro" };
static const char *const feat_long[FEAT_COUNT] = {
	"tcp-segmentation-offload", "generic-segmentation-offload",
	"generic-receive-offload", "large-receive-offload",
};

static const char *const mode_names[] = {
	"balance-rr", "active-backup", "balance-xor", "broadcast",
	"802.3ad", "balance-tlb", "balance-alb",
};
static const char *const hash_names[] = {
	"layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac",
};
static const char *const rate_names[] = { "slow", "fast" };
static const char *const select_names[] = { "stable", "bandwidth", "count" };
#define N_ELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* One interface, merged from all its stanzas and mentions. Integers are -1
 * while unset. */
struct iif {
	char name[EN_NAME_MAX];
	const char *file;         /* where it was declared or first mentioned */
	int line;
	bool declared, is_auto, referenced, named_master;
	bool has_slaves, has_ports;

	struct strv slaves, ports;
	char master[EN_NAME_MAX];
	char primary[EN_NAME_MAX];
	const char *primary_file;
	int primary_line;
	int mode, miimon, hash, lacp_rate, min_links, ad_select, updelay, downdelay;
	int stp, fd, vlan_aware;
	struct vid_set vids;
	bool has_vids;
	/* bridge-vids, bridge-pvid, bridge-access and their lines: a bridge's
	 * vids, or a port's own VLANs (decided once kinds are known) */
	int pvid, access;         /* 0: none */
	struct { const char *file; int line; char text[80]; } vl[3];
	char raw[EN_NAME_MAX];
	int vid;
	int mtu;
	int feat[FEAT_COUNT];
	int rx, tx;

	struct iaddr *addrs;
	int n_addrs;
	struct iaddr gw[2];       /* [0] IPv4, [1] IPv6; family 0 when none */
	struct iaddr peer;        /* pointopoint, family 0 when none */
	struct iroute {
		struct iaddr dst, gw;
		char *text;       /* the command line it came from */
		bool ok;
	} routes[EN_MAX_ROUTES];
	int n_routes;

	/* a device earlynet does not make: what it is, and where that was said */
	char foreign[48];         /* "" for a device earlynet makes */
	char foreign_why[160];
	const char *foreign_file;
	int foreign_line;
	struct notes lines;       /* every line of its stanzas, for a foreign one */
	bool dhcp, dhcp4, ovs_warned, foreign_said;
	const char *dhcp_file;
	int dhcp_line;
	char mac_from[EN_PATH_MAX + 64]; /* where mac came from, for the comment */

	struct strv pre;          /* the input's own comments above the stanza */
	struct notes notes;       /* kept lines, printed inside the section */
	struct notes kn[IK_COUNT];/* lines that only mean something for a kind */

	/* resolved */
	enum ikind kind;
	char parent[EN_NAME_MAX]; /* VLAN */
	int id;
	char mac[18];
	char hwaddress[18];       /* bonds, bridges: ifupdown's hwaddress */
	char hw_text[80];         /* its line, for a kind that has no such key */
	int lacp;                 /* see depends_on_lacp */
	const char *hw_file;
	int hw_line;
	bool require_carrier, up, gw_ok[2], emitted;
};

struct imp {
	FILE *err;
	bool follow;              /* resolve source lines on disk */
	int depth;
	const char *sysfs;
	const char *root;         /* another node's tree, or NULL */
	const char *udev_path;
	struct strv udev_names, udev_macs;
	int *udev_lines;
	struct warnings warns;
	struct iif *owner;        /* what the line being read is about */
	bool dns_warned;
	struct strv files;        /* every file name used in notes */
	struct strv pending;      /* comment lines waiting for their stanza */
	struct notes notes;       /* kept lines with no interface */
	struct iif **ifs;
	int n, cap;
	int management;
	int lacp_mgmt;            /* the default route's interface, behind 802.3ad */
	const char *lacp_file;
	int lacp_line;
	int error;                /* -ENOMEM, sticky */
};

enum st_type { ST_NONE, ST_IFACE, ST_LO, ST_MAPPING, ST_OTHER };

struct stanza {
	enum st_type type;
	struct iif *f;
	int first_addr;           /* f->n_addrs when the stanza opened */
	char netmask[64];
	const char *file;
	int line;
};

/* ---- small helpers ---- */

static void oom(struct imp *m)
{
	m->error = -ENOMEM;
}

static void strv_push(struct imp *m, struct strv *s, const char *str)
{
	char *d;

	if (s->n == s->cap) {
		int cap = s->cap ? 2 * s->cap : 8;
		char **v = realloc(s->v, (size_t)cap * sizeof(*v));

		if (!v) {
			oom(m);
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	d = strdup(str);
	if (!d) {
		oom(m);
		return;
	}
	s->v[s->n++] = d;
}

static bool strv_has(const struct strv *s, const char *str)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], str))
			return true;
	return false;
}

static void strv_fini(struct strv *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void notes_add(struct imp *m, struct notes *ns, const char *file, int line,
		      const char *text)
{
	char *d;

	if (ns->n == ns->cap) {
		int cap = ns->cap ? 2 * ns->cap : 4;
		struct note *v = realloc(ns->v, (size_t)cap * sizeof(*v));

		if (!v) {
			oom(m);
			return;
		}
		ns->v = v;
		ns->cap = cap;
	}
	d = strdup(text);
	if (!d) {
		oom(m);
		return;
	}
	ns->v[ns->n++] = (struct note){ .file = file, .line = line, .text = d };
}

static void notes_fini(struct notes *ns)
{
	for (int i = 0; i < ns->n; i++)
		free(ns->v[i].text);
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

__attribute__((format(printf, 5, 0)))
static void vwarn(struct imp *m, bool is_unconv, const char *file, int line,
		  const char *fmt, va_list ap)
{
	struct warning *w;
	char *text;

	if (is_unconv) {
		for (int i = 0; i < m->warns.n; i++)
			if (m->warns.v[i].unconv && m->warns.v[i].line == line &&
			    !strcmp(m->warns.v[i].file, file))
				return; /* one warning for one line */
	}
	if (m->warns.n == m->warns.cap) {
		int cap = m->warns.cap ? 2 * m->warns.cap : 16;

		w = realloc(m->warns.v, (size_t)cap * sizeof(*w));
		if (!w) {
			oom(m);
			return;
		}
		m->warns.v = w;
		m->warns.cap = cap;
	}
	if (vasprintf(&text, fmt, ap) < 0) {
		oom(m);
		return;
	}
	m->warns.v[m->warns.n++] = (struct warning){
		.file = file, .line = line, .owner = m->owner, .unconv = is_unconv, .text = text,
	};
}

__attribute__((format(printf, 4, 5)))
static void warn(struct imp *m, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(m, false, file, line, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 5, 6)))
static void warn_about(struct imp *m, struct iif *f, const char *file, int line,
		       const char *fmt, ...)
{
	struct iif *was = m->owner;
	va_list ap;

	m->owner = f;
	va_start(ap, fmt);
	vwarn(m, false, file, line, fmt, ap);
	va_end(ap);
	m->owner = was;
}

static bool has_note(const struct notes *ns, const char *file, int line, const char *text)
{
	for (int i = 0; i < ns->n; i++)
		if (ns->v[i].line == line && ns->v[i].file && !strcmp(ns->v[i].file, file) &&
		    !strcmp(ns->v[i].text, text))
			return true;
	return false;
}

static void unconv_warn(struct imp *m, struct iif *f, const char *file, int line,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void unconv_warn(struct imp *m, struct iif *f, const char *file, int line,
			const char *fmt, ...)
{
	struct iif *was = m->owner;
	va_list ap;

	m->owner = f;
	va_start(ap, fmt);
	vwarn(m, true, file, line, fmt, ap);
	va_end(ap);
	m->owner = was;
}

/* Keep a line the conversion cannot express, in f's section (at the top
 * when f is NULL), and say why. */
static void unconv(struct imp *m, struct iif *f, const char *file, int line,
		   const char *text, const char *why)
{
	struct notes *ns = f ? &f->notes : &m->notes;

	if (!has_note(ns, file, line, text))
		notes_add(m, ns, file, line, text);
	unconv_warn(m, f, file, line, "'%s' not converted (%s), kept as a comment", text, why);
}

/* Print the warnings, but not those about a device that was left out:
 * one line about it says everything. */
static void flush_warnings(struct imp *m)
{
	for (int i = 0; i < m->warns.n; i++) {
		const struct warning *w = &m->warns.v[i];

		if (w->owner && w->owner->foreign[0])
			continue;
		fprintf(m->err, "%s:%d: warning: %s\n", w->file, w->line, w->text);
	}
}

static long parse_num(const char *s, long min, long max)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v < min ? -1 : v;
}

static int parse_bool(const char *s)
{
	static const char *const yes[] = { "yes", "on", "true", "1" };
	static const char *const no[] = { "no", "off", "false", "0" };

	for (int i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

static int parse_enum(const char *s, const char *const *names, int n)
{
	long v = parse_num(s, 0, n - 1);

	if (v >= 0)
		return (int)v;
	for (int i = 0; i < n; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}

/* Kernel interface names, as config.md allows them. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= EN_NAME_MAX || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

/* "255.255.255.0" or "24" into a prefix length for family; -1 if neither. */
static int mask_prefix(const char *s, int family)
{
	struct in_addr a;
	uint32_t x;
	int p = 0;

	if (isdigit((unsigned char)*s) && !strchr(s, '.'))
		return (int)parse_num(s, 0, family == AF_INET ? 32 : 128);
	if (family != AF_INET || inet_pton(AF_INET, s, &a) != 1)
		return -1;
	x = ntohl(a.s_addr);
	while (p < 32 && (x & (0x80000000u >> p)))
		p++;
	if (p < 32 && (x << p) != 0)
		return -1; /* not contiguous */
	return p;
}

/* "IP" or "IP/PREFIX" (the prefix also as a dotted mask). */
static int parse_ip(const char *s, struct iaddr *a)
{
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	char buf[64];

	memset(a, 0, sizeof(*a));
	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, a->b) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, a->b) == 1)
		a->family = AF_INET6;
	else
		return -EINVAL;
	a->prefix = slash ? mask_prefix(slash + 1, a->family) : -1;
	if (slash && a->prefix < 0)
		return -EINVAL;
	return 0;
}

static bool in_subnet(const struct iaddr *net, const struct iaddr *ip)
{
	int p = net->prefix, full = p / 8, rest = p % 8;

	if (net->family != ip->family)
		return false;
	if (memcmp(net->b, ip->b, (size_t)full))
		return false;
	if (rest && ((net->b[full] ^ ip->b[full]) & (0xff << (8 - rest)) & 0xff))
		return false;
	return true;
}

static bool ip_is_zero(const struct iaddr *a)
{
	for (int i = 0; i < 16; i++)
		if (a->b[i])
			return false;
	return true;
}

/* fe80::/10: on every IPv6 link, where routers announce themselves */
static bool ip_is_link_local6(const struct iaddr *a)
{
	return a->family == AF_INET6 && a->b[0] == 0xfe && (a->b[1] & 0xc0) == 0x80;
}

static const char *ip_str(const struct iaddr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->b, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

/* "aa:bb:cc:dd:ee:ff" in any case into lower case; false if not a MAC
 * or all zero (no address at all). */
static bool norm_mac(const char *s, char out[18])
{
	bool zero = true;

	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (s[i] != ':')
				return false;
			out[i] = ':';
			continue;
		}
		if (!isxdigit((unsigned char)s[i]))
			return false;
		out[i] = (char)tolower((unsigned char)s[i]);
		if (s[i] != '0')
			zero = false;
	}
	out[17] = '\0';
	return !zero;
}

/* Name and VLAN id implied by a VLAN's name: "vmbr1.10", or the old
 * "vlan10" style (which needs vlan-raw-device for its parent). */
static bool vlan_from_name(const char *name, char parent[EN_NAME_MAX], int *id)
{
	const char *dot = strrchr(name, '.');
	long v;

	parent[0] = '\0';
	if (dot && dot != name) {
		v = parse_num(dot + 1, 1, 4094);
		if (v > 0) {
			snprintf(parent, EN_NAME_MAX, "%.*s", (int)(dot - name), name);
			*id = (int)v;
			return true;
		}
	}
	if (!strncmp(name, "vlan", 4)) {
		v = parse_num(name + 4, 1, 4094);
		if (v > 0) {
			*id = (int)v;
			return true;
		}
	}
	return false;
}

/* ---- the interface table ---- */

static struct iif *find(struct imp *m, const char *name)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->ifs[i]->name, name))
			return m->ifs[i];
	return NULL;
}

/* The record for name, created on first mention. NULL for lo (never
 * converted), for a name the kernel would refuse (warned) and on ENOMEM. */
static struct iif *get(struct imp *m, const char *name, const char *file, int line)
{
	struct iif *f;

	if (!strcmp(name, "lo"))
		return NULL;
	if (!valid_name(name)) {
		warn(m, file, line, "'%s' is not a valid interface name, ignored", name);
		return NULL;
	}
	f = find(m, name);
	if (f)
		return f;
	if (m->n == m->cap) {
		int cap = m->cap ? 2 * m->cap : 16;
		struct iif **v = realloc(m->ifs, (size_t)cap * sizeof(*v));

		if (!v)
			return oom(m), NULL;
		m->ifs = v;
		m->cap = cap;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return oom(m), NULL;
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->file = file;
	f->line = line;
	f->mode = f->miimon = f->hash = f->lacp_rate = f->min_links = -1;
	f->ad_select = f->updelay = f->downdelay = -1;
	f->stp = f->fd = f->vlan_aware = f->vid = f->mtu = f->rx = f->tx = -1;
	for (int i = 0; i < FEAT_COUNT; i++)
		f->feat[i] = -1;
	m->ifs[m->n++] = f;
	return f;
}

static void iif_free(struct iif *f)
{
	if (!f)
		return;
	strv_fini(&f->slaves);
	strv_fini(&f->ports);
	strv_fini(&f->pre);
	notes_fini(&f->notes);
	notes_fini(&f->lines);
	for (int i = 0; i < IK_COUNT; i++)
		notes_fini(&f->kn[i]);
	free(f->addrs);
	for (int i = 0; i < f->n_routes; i++)
		free(f->routes[i].text);
	free(f);
}

/* ifupdown lets "eth0:1" add addresses to eth0. */
static void base_name(const char *name, char *out, size_t len)
{
	snprintf(out, len, "%.*s", (int)strcspn(name, ":"), name);
}

/* ---- options ---- */

struct opt {
	struct imp *m;
	struct stanza *st;
	struct iif *f;
	int argc;
	char **argv;
	const char *text;         /* the whole logical line */
	const char *file;
	int line;
};

static void bad_value(struct opt *o)
{
	unconv(o->m, o->f, o->file, o->line, o->text, "bad value");
}

/* An option that only means something on one kind of interface: apply it,
 * and remember the line in case the interface turns out to be another kind. */
static void kind_note(struct opt *o, struct iif *f, enum ikind k)
{
	notes_add(o->m, &f->kn[k], o->file, o->line, o->text);
}

static void opt_address(struct opt *o)
{
	struct iif *f = o->f;

	if (o->argc < 2) {
		bad_value(o);
		return;
	}
	for (int i = 1; i < o->argc; i++) {
		struct iaddr a, *v;

		if (parse_ip(o->argv[i], &a) < 0) {
			unconv(o->m, f, o->file, o->line, o->text, "not an IP address");
			continue;
		}
		if (ip_is_zero(&a)) {
			/* "address 0.0.0.0 netmask 0.0.0.0": up without an address */
			unconv(o->m, f, o->file, o->line, o->text,
			       "an all-zero address means no address; none is set");
			continue;
		}
		v = realloc(f->addrs, (size_t)(f->n_addrs + 1) * sizeof(*v));
		if (!v) {
			oom(o->m);
			return;
		}
		a.file = o->file;
		a.line = o->line;
		f->addrs = v;
		f->addrs[f->n_addrs++] = a;
	}
}

static void opt_gateway(struct opt *o)
{
	struct iaddr a;
	int fam;

	if (o->argc != 2 || parse_ip(o->argv[1], &a) < 0 || a.prefix >= 0) {
		bad_value(o);
		return;
	}
	fam = a.family == AF_INET ? 0 : 1;
	if (o->f->gw[fam].family && memcmp(o->f->gw[fam].b, a.b, 16)) {
		unconv(o->m, o->f, o->file, o->line, o->text,
		       "a second default gateway on one interface");
		return;
	}
	a.file = o->file;
	a.line = o->line;
	o->f->gw[fam] = a;
}

/* pointopoint PEER: the far end of the stanza's /32 */
static void opt_peer(struct opt *o)
{
	struct iaddr a;

	if (o->argc != 2 || parse_ip(o->argv[1], &a) < 0 || a.prefix >= 0 ||
	    (o->f->peer.family && memcmp(o->f->peer.b, a.b, 16))) {
		unconv(o->m, o->f, o->file, o->line, o->text,
		       o->argc == 2 ? "one peer per interface" : "bad value");
		return;
	}
	a.file = o->file;
	a.line = o->line;
	o->f->peer = a;
}

static void opt_list(struct opt *o, struct strv *list, bool *flag, enum ikind k)
{
	*flag = true;
	kind_note(o, o->f, k);
	if (o->argc == 2 && !strcmp(o->argv[1], "none"))
		return;
	for (int i = 1; i < o->argc; i++) {
		const char *p = o->argv[i];

		/* ifupdown2 port patterns name no interface we could list */
		if (!strcmp(p, "all") || !strcmp(p, "regex") || !strcmp(p, "glob")) {
			unconv(o->m, o->f, o->file, o->line, o->text,
			       "port patterns are not supported; list the ports");
			return;
		}
		if (!valid_name(p)) {
			warn(o->m, o->file, o->line,
			     "'%s' is not a valid interface name, ignored", p);
			continue;
		}
		if (!strcmp(p, "lo") || !strcmp(p, o->f->name) || strv_has(list, p))
			continue;
		strv_push(o->m, list, p);
	}
}

static void opt_int(struct opt *o, int *dst, long min, long max, enum ikind k)
{
	long v = o->argc == 2 ? parse_num(o->argv[1], min, max) : -1;

	if (v < 0) {
		bad_value(o);
		return;
	}
	*dst = (int)v;
	kind_note(o, o->f, k);
}

static void opt_enum(struct opt *o, int *dst, const char *const *names, int n, enum ikind k)
{
	int v = o->argc == 2 ? parse_enum(o->argv[1], names, n) : -1;

	if (v < 0) {
		bad_value(o);
		return;
	}
	*dst = v;
	kind_note(o, o->f, k);
}

static void opt_bool(struct opt *o, int *dst, enum ikind k)
{
	int v = o->argc == 2 ? parse_bool(o->argv[1]) : -1;

	if (v < 0) {
		bad_value(o);
		return;
	}
	*dst = v;
	kind_note(o, o->f, k);
}

/* hwaddress [ether] MAC: earlynet's hwaddress, on a bond or bridge only
 * (a NIC is matched by its permanent MAC, which this would hide). */
static void opt_hwaddress(struct opt *o)
{
	const char *v = o->argc == 3 && !strcmp(o->argv[1], "ether") ? o->argv[2] :
	                o->argc == 2 ? o->argv[1] : NULL;
	uint8_t mac[6];

	if (!v || en_mac_parse(v, mac) < 0) {
		bad_value(o);
		return;
	}
	snprintf(o->f->hwaddress, sizeof(o->f->hwaddress), "%02x:%02x:%02x:%02x:%02x:%02x",
	         mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	snprintf(o->f->hw_text, sizeof(o->f->hw_text), "%s", o->text);
	o->f->hw_file = o->file;
	o->f->hw_line = o->line;
}

/* Where bridge-vids (0), bridge-pvid (1), bridge-access (2) were said. */
static void vl_note(struct opt *o, int which)
{
	o->f->vl[which].file = o->file;
	o->f->vl[which].line = o->line;
	snprintf(o->f->vl[which].text, sizeof(o->f->vl[which].text), "%s", o->text);
}

/* bridge-vids "2-4094" or "10 20 30-40", merged into sorted ranges. */
static void opt_vids(struct opt *o)
{
	struct vid_set set = { { 0 } };
	int n = 0;

	for (int i = 1; i < o->argc; i++) {
		char *dash = strchr(o->argv[i], '-');
		long lo, hi;

		if (dash) {
			*dash = '\0';
			lo = parse_num(o->argv[i], 1, 4094);
			hi = parse_num(dash + 1, 1, 4094);
			*dash = '-';
		} else {
			lo = hi = parse_num(o->argv[i], 1, 4094);
		}
		if (lo < 0 || hi < lo) {
			bad_value(o);
			return;
		}
		vid_set_add(&set, (unsigned)lo, (unsigned)hi);
		n++;
	}
	if (n == 0) {
		bad_value(o);
		return;
	}
	o->f->vids = set;
	o->f->has_vids = true;
	vl_note(o, 0);
}

/* bridge-pvid, bridge-access: one VLAN id on a bridge port */
static void opt_port_vid(struct opt *o, int *field, int which)
{
	long v = o->argc == 2 ? parse_num(o->argv[1], 1, 4094) : -1;

	if (v < 0) {
		bad_value(o);
		return;
	}
	*field = (int)v;
	vl_note(o, which);
}

static void opt_raw(struct opt *o)
{
	if (o->argc != 2 || !valid_name(o->argv[1])) {
		bad_value(o);
		return;
	}
	snprintf(o->f->raw, sizeof(o->f->raw), "%s", o->argv[1]);
	kind_note(o, o->f, IK_VLAN);
}

static void opt_master(struct opt *o)
{
	if (o->argc != 2 || !valid_name(o->argv[1]) || !strcmp(o->argv[1], o->f->name)) {
		bad_value(o);
		return;
	}
	snprintf(o->f->master, sizeof(o->f->master), "%s", o->argv[1]);
}

static void opt_primary(struct opt *o)
{
	if (o->argc != 2 || !valid_name(o->argv[1])) {
		bad_value(o);
		return;
	}
	snprintf(o->f->primary, sizeof(o->f->primary), "%s", o->argv[1]);
	o->f->primary_file = o->file;
	o->f->primary_line = o->line;
	kind_note(o, o->f, IK_BOND);
}

static void opt_netmask(struct opt *o)
{
	if (o->argc != 2 || strlen(o->argv[1]) >= sizeof(o->st->netmask)) {
		bad_value(o);
		return;
	}
	snprintf(o->st->netmask, sizeof(o->st->netmask), "%s", o->argv[1]);
}

static void opt_mtu(struct opt *o)
{
	long v = o->argc == 2 ? parse_num(o->argv[1], 68, 65535) : -1;

	if (v < 0) {
		bad_value(o);
		return;
	}
	o->f->mtu = (int)v;
}

/* ifupdown2's ethtool addon: "gro-offload off" and friends. */
static void opt_offload(struct opt *o, int feat)
{
	int v = o->argc == 2 ? parse_bool(o->argv[1]) : -1;

	if (v < 0) {
		bad_value(o);
		return;
	}
	o->f->feat[feat] = v;
	kind_note(o, o->f, IK_LINK);
}

/* f is a device earlynet does not make (what: "an Open vSwitch bridge"). */
static void set_foreign(struct iif *f, const char *what, const char *why,
			const char *file, int line)
{
	if (f->foreign[0])
		return;
	snprintf(f->foreign, sizeof(f->foreign), "%s", what);
	snprintf(f->foreign_why, sizeof(f->foreign_why), "%s", why);
	f->foreign_file = file;
	f->foreign_line = line;
}

/* ovs_type and friends: the bridge, its internal ports and bonds are made by
 * Open vSwitch; an OVSPort is a real NIC that Open vSwitch adds to its bridge. */
static void opt_ovs(struct opt *o, const char *key)
{
	static const struct { const char *type, *what; } types[] = {
		{ "OVSBridge", "an Open vSwitch bridge" },
		{ "OVSIntPort", "an Open vSwitch internal port" },
		{ "OVSBond", "an Open vSwitch bond" },
		{ "OVSPatchPort", "an Open vSwitch patch port" },
		{ "OVSTunnel", "an Open vSwitch tunnel" },
	};

	if (!strcmp(key, "ovs-type") && o->argc == 2) {
		for (int i = 0; i < N_ELEM(types); i++) {
			if (!strcasecmp(o->argv[1], types[i].type)) {
				set_foreign(o->f, types[i].what, o->text, o->file, o->line);
				return;
			}
		}
	}
	/* a NIC that is an Open vSwitch port: the NIC is ours, the port is not */
	notes_add(o->m, &o->f->notes, o->file, o->line, o->text);
	if (!o->f->ovs_warned) {
		o->f->ovs_warned = true;
		warn(o->m, o->file, o->line, "'%s' kept as a comment: Open vSwitch keys stay "
		     "with Open vSwitch (earlynet does not make OVS bridges or ports)", o->text);
	}
}

/* dns-nameservers, dns-search: resolvconf's, not the network's */
static void opt_dns(struct opt *o)
{
	notes_add(o->m, &o->f->notes, o->file, o->line, o->text);
	if (!o->m->dns_warned) {
		o->m->dns_warned = true;
		warn(o->m, o->file, o->line, "'%s' and any other dns-* line kept as comments: "
		     "DNS servers belong in /etc/resolv.conf, which earlynet does not write",
		     o->text);
	}
}

enum conv { CONV_NONE, CONV_PART, CONV_FULL };

static const char *cmd_target(struct opt *o, const char *name)
{
	if (!strcmp(name, "$IFACE") || !strcmp(name, "${IFACE}"))
		return o->f->name;
	return name;
}

/* "ip link set [dev] IF mtu N" and "ifconfig IF mtu N" into mtu. */
static enum conv mtu_cmd(struct opt *o, char **av, int ac)
{
	const char *prog = strrchr(av[0], '/') ? strrchr(av[0], '/') + 1 : av[0];
	const char *target;
	int i;
	long v;
	struct iif *t;

	if (!strcmp(prog, "ip") && ac >= 6 && !strcmp(av[1], "link") && !strcmp(av[2], "set")) {
		i = 3;
		if (!strcmp(av[i], "dev"))
			i++;
	} else if (!strcmp(prog, "ifconfig") && ac >= 4) {
		i = 1;
	} else {
		return CONV_NONE;
	}
	if (i + 3 != ac || strcmp(av[i + 1], "mtu"))
		return CONV_NONE;
	target = cmd_target(o, av[i]);
	v = parse_num(av[i + 2], 68, 65535);
	if (v < 0 || !valid_name(target) || !(t = get(o->m, target, o->file, o->line)))
		return CONV_NONE;
	t->mtu = (int)v;
	return CONV_FULL;
}

/* Is the network a has no host bits below its prefix? */
static bool is_network(const struct iaddr *a)
{
	int full = a->family == AF_INET ? 32 : 128;

	for (int bit = a->prefix; bit < full; bit++)
		if (a->b[bit / 8] & (0x80 >> (bit % 8)))
			return false;
	return true;
}

/* "ip [-4|-6] route add DEST via GW [dev IF]" and "route add -net NET
 * netmask MASK gw GW [dev IF]" (or NET/PREFIX) into route = DEST via GW. */
static enum conv route_cmd(struct opt *o, char **av, int ac)
{
	const char *prog = strrchr(av[0], '/') ? strrchr(av[0], '/') + 1 : av[0];
	const char *dst = NULL, *gw = NULL, *mask = NULL, *dev = o->f->name;
	struct iaddr d, g;
	struct iif *t;
	int i = 1;

	if (!strcmp(prog, "ip")) {
		if (i < ac && (!strcmp(av[i], "-4") || !strcmp(av[i], "-6")))
			i++;
		if (i + 2 >= ac || (strcmp(av[i], "route") && strcmp(av[i], "ro") && strcmp(av[i], "r")) ||
		    strcmp(av[i + 1], "add"))
			return CONV_NONE;
		dst = av[i + 2];
		for (i += 3; i < ac; i++) {
			if (!strcmp(av[i], "via") && i + 1 < ac)
				gw = av[++i];
			else if (!strcmp(av[i], "dev") && i + 1 < ac)
				dev = av[++i];
			else
				return CONV_NONE; /* metric, src, table, onlink: no key */
		}
	} else if (!strcmp(prog, "route")) {
		if (ac < 5 || strcmp(av[1], "add") || strcmp(av[2], "-net"))
			return CONV_NONE;
		dst = av[3];
		for (i = 4; i < ac; i++) {
			if (!strcmp(av[i], "netmask") && i + 1 < ac)
				mask = av[++i];
			else if (!strcmp(av[i], "gw") && i + 1 < ac)
				gw = av[++i];
			else if (!strcmp(av[i], "dev") && i + 1 < ac)
				dev = av[++i];
			else
				return CONV_NONE;
		}
	} else {
		return CONV_NONE;
	}
	if (!dst || !gw || !strcmp(dst, "default") || parse_ip(dst, &d) < 0 ||
	    parse_ip(gw, &g) < 0 || g.prefix >= 0 || g.family != d.family)
		return CONV_NONE;
	if (mask) {
		if (d.prefix >= 0 || (d.prefix = mask_prefix(mask, d.family)) < 0)
			return CONV_NONE;
	}
	if (d.prefix < 0)
		d.prefix = d.family == AF_INET ? 32 : 128;
	/* the kernel refuses host bits, so the node never had this route */
	if (d.prefix == 0 || !is_network(&d))
		return CONV_NONE;
	dev = cmd_target(o, dev);
	if (!valid_name(dev) || !(t = get(o->m, dev, o->file, o->line)))
		return CONV_NONE;
	for (int r = 0; r < t->n_routes; r++)
		if (t->routes[r].dst.prefix == d.prefix && !memcmp(t->routes[r].dst.b, d.b, 16))
			return CONV_NONE; /* a second route to one destination */
	if (t->n_routes == EN_MAX_ROUTES)
		return CONV_NONE;
	d.file = g.file = o->file;
	d.line = g.line = o->line;
	t->routes[t->n_routes] = (struct iroute){ .dst = d, .gw = g, .text = strdup(o->text) };
	if (!t->routes[t->n_routes].text) {
		oom(o->m);
		return CONV_NONE;
	}
	t->n_routes++;
	return CONV_FULL;
}

/* "ip link add [name|dev] IF type T ...": a device earlynet does not make
 * (a VXLAN, a GRE tunnel, a veth). Returns true when it was one. */
static bool link_add_cmd(struct opt *o, char **av, int ac, char *what, size_t len)
{
	const char *prog = strrchr(av[0], '/') ? strrchr(av[0], '/') + 1 : av[0];
	const char *name = NULL, *type = NULL;
	struct iif *t;

	if (strcmp(prog, "ip") || ac < 4 || strcmp(av[1], "link") || strcmp(av[2], "add"))
		return false;
	/* ip link add [link DEV] [name] NAME type TYPE [ARGS]: what follows
	 * TYPE is the device's own (its "dev" is the lower device) */
	for (int i = 3; i < ac && !type; i++) {
		if ((!strcmp(av[i], "name") || !strcmp(av[i], "dev")) && i + 1 < ac)
			name = av[++i];
		else if (!strcmp(av[i], "link") && i + 1 < ac)
			i++;
		else if (!strcmp(av[i], "type") && i + 1 < ac)
			type = av[++i];
		else if (!name)
			name = av[i];
	}
	if (!name || !type || !strcmp(type, "bridge") || !strcmp(type, "bond") ||
	    !strcmp(type, "vlan"))
		return false;
	name = cmd_target(o, name);
	if (!valid_name(name) || !(t = get(o->m, name, o->file, o->line)))
		return false;
	snprintf(what, len, "a %s device", type);
	set_foreign(t, what, o->text, o->file, o->line);
	/* the line's own warning says it when the line is another stanza's */
	t->foreign_said = t != o->f;
	snprintf(what, len, "%s", name);
	return true;
}

/* One "ethtool -K IF feat on|off ..." or "ethtool -G IF rx N tx N". The
 * settings go to the interface the command names, which may be another
 * stanza's (a bond's stanza tuning its ports). */
static enum conv ethtool_cmd(struct opt *o, char **av, int ac)
{
	const char *prog = strrchr(av[0], '/') ? strrchr(av[0], '/') + 1 : av[0];
	const char *target;
	bool features, done = false, all = true;
	struct iif *t;

	if (strcmp(prog, "ethtool") || ac < 5)
		return CONV_NONE;
	if (!strcmp(av[1], "-K") || !strcmp(av[1], "--features") || !strcmp(av[1], "--offload"))
		features = true;
	else if (!strcmp(av[1], "-G") || !strcmp(av[1], "--set-ring"))
		features = false;
	else
		return CONV_NONE;
	target = cmd_target(o, av[2]);
	if (!valid_name(target) || !(t = get(o->m, target, o->file, o->line)))
		return CONV_NONE;
	for (int i = 3; i < ac; i += 2) {
		const char *k = av[i], *v = i + 1 < ac ? av[i + 1] : "";
		bool ok = false;

		if (features) {
			int b = parse_bool(v);

			for (int j = 0; j < FEAT_COUNT && b >= 0; j++) {
				if (!strcmp(k, feat_names[j]) || !strcmp(k, feat_long[j])) {
					t->feat[j] = b;
					ok = true;
				}
			}
		} else if (!strcmp(k, "rx") || !strcmp(k, "tx")) {
			long n = parse_num(v, 1, 1 << 20);

			if (n > 0) {
				*(k[0] == 'r' ? &t->rx : &t->tx) = (int)n;
				ok = true;
			}
		}
		done |= ok;
		all &= ok;
	}
	if (done)
		kind_note(o, t, IK_LINK);
	return !done ? CONV_NONE : all ? CONV_FULL : CONV_PART;
}

static bool is_true_cmd(char **av, int ac)
{
	return ac == 1 && (!strcmp(av[0], "true") || !strcmp(av[0], ":") ||
			   !strcmp(av[0], "/bin/true") || !strcmp(av[0], "/usr/bin/true"));
}

/* pre-up/up/post-up: ethtool commands, possibly chained with && or ;, each
 * possibly followed by "|| true", become link keys; anything else stays. */
static void opt_command(struct opt *o)
{
	char **av = calloc((size_t)o->argc * 2 + 1, sizeof(*av));
	char **cut = calloc((size_t)o->argc + 1, sizeof(*cut));
	int ac = 0, nconv = 0;
	bool all = o->argc > 1;
	char made[64] = "";

	if (!av || !cut) {
		oom(o->m);
		goto out;
	}
	/* split "off;" into "off" ";" (cut[] owns the shortened copies) */
	for (int i = 1; i < o->argc; i++) {
		size_t len = strlen(o->argv[i]);

		if (len > 1 && o->argv[i][len - 1] == ';') {
			cut[i] = strndup(o->argv[i], len - 1);
			if (!cut[i]) {
				oom(o->m);
				goto out;
			}
			av[ac++] = cut[i];
			av[ac++] = ";";
		} else {
			av[ac++] = o->argv[i];
		}
	}
	for (int i = 0; i < ac;) {
		int j = i;
		enum conv c;

		while (j < ac && strcmp(av[j], "&&") && strcmp(av[j], ";") && strcmp(av[j], "||"))
			j++;
		if (j > i) {
			/* an empty command (a trailing ";") converts nothing */
			c = ethtool_cmd(o, av + i, j - i);
			if (c == CONV_NONE)
				c = mtu_cmd(o, av + i, j - i);
			if (c == CONV_NONE)
				c = route_cmd(o, av + i, j - i);
			if (c == CONV_NONE && !made[0])
				link_add_cmd(o, av + i, j - i, made, sizeof(made));
			nconv += c != CONV_NONE;
			all &= c == CONV_FULL;
		}
		if (j < ac && !strcmp(av[j], "||")) {
			int k = j + 1;

			while (k < ac && strcmp(av[k], "&&") && strcmp(av[k], ";") &&
			       strcmp(av[k], "||"))
				k++;
			all &= is_true_cmd(av + j + 1, k - j - 1);
			j = k;
		}
		i = j + 1;
	}
	if (!all && made[0] && !nconv) {
		char why[192];

		snprintf(why, sizeof(why), "it makes %s, a device earlynet does not make; "
			 "it stays with the tool that made it", made);
		unconv(o->m, o->f, o->file, o->line, o->text, why);
	} else if (!all) {
		unconv(o->m, o->f, o->file, o->line, o->text, nconv ?
		       "partly converted: only ethtool -K tso/gso/gro/lro, -G rx/tx, "
		       "ip link set mtu and ip route add DEST via GW have keys" :
		       "earlynet runs no commands");
	}
out:
	for (int i = 0; cut && i < o->argc; i++)
		free(cut[i]);
	free(cut);
	free(av);
}

static const char *const quiet_keys[] = { "broadcast", "network" };

static void option_iface(struct imp *m, struct stanza *st, int argc, char **argv,
			 const char *text, const char *file, int line);

static void option(struct imp *m, struct stanza *st, int argc, char **argv,
		   const char *text, const char *file, int line)
{
	if (st->type == ST_IFACE) {
		notes_add(m, &st->f->lines, file, line, text);
		m->owner = st->f;
	}
	option_iface(m, st, argc, argv, text, file, line);
	m->owner = NULL;
}

static void option_iface(struct imp *m, struct stanza *st, int argc, char **argv,
			 const char *text, const char *file, int line)
{
	struct opt o = { m, st, st->f, argc, argv, text, file, line };
	struct iif *f = st->f;
	char key[64];

	switch (st->type) {
	case ST_IFACE:
		break;
	case ST_MAPPING:
	case ST_OTHER:
		/* the stanza line was warned about */
		notes_add(m, &m->notes, file, line, text);
		return;
	case ST_LO:
		unconv(m, NULL, file, line, text, "lo is left to the kernel");
		return;
	case ST_NONE:
		unconv(m, NULL, file, line, text, "outside of any iface stanza");
		return;
	}
	/* ifupdown takes bond_mode and bond-mode alike */
	snprintf(key, sizeof(key), "%s", argv[0]);
	for (char *p = key; *p; p++)
		*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);

	if (!strcmp(key, "address"))
		opt_address(&o);
	else if (!strcmp(key, "netmask"))
		opt_netmask(&o);
	else if (!strcmp(key, "gateway"))
		opt_gateway(&o);
	else if (!strcmp(key, "mtu"))
		opt_mtu(&o);
	else if (!strcmp(key, "pointopoint") || !strcmp(key, "pointtopoint"))
		opt_peer(&o);
	else if (!strcmp(key, "bond-slaves") || !strcmp(key, "bond-ports") || !strcmp(key, "slaves"))
		opt_list(&o, &f->slaves, &f->has_slaves, IK_BOND);
	else if (!strcmp(key, "bond-master"))
		opt_master(&o);
	else if (!strcmp(key, "bond-primary"))
		opt_primary(&o);
	else if (!strcmp(key, "bond-mode"))
		opt_enum(&o, &f->mode, mode_names, N_ELEM(mode_names), IK_BOND);
	else if (!strcmp(key, "bond-miimon"))
		opt_int(&o, &f->miimon, 0, 1000000, IK_BOND);
	else if (!strcmp(key, "bond-xmit-hash-policy"))
		opt_enum(&o, &f->hash, hash_names, N_ELEM(hash_names), IK_BOND);
	else if (!strcmp(key, "bond-lacp-rate"))
		opt_enum(&o, &f->lacp_rate, rate_names, N_ELEM(rate_names), IK_BOND);
	else if (!strcmp(key, "bond-min-links"))
		opt_int(&o, &f->min_links, 0, 1024, IK_BOND);
	else if (!strcmp(key, "bond-ad-select"))
		opt_enum(&o, &f->ad_select, select_names, N_ELEM(select_names), IK_BOND);
	else if (!strcmp(key, "bond-updelay"))
		opt_int(&o, &f->updelay, 0, 1000000, IK_BOND);
	else if (!strcmp(key, "bond-downdelay"))
		opt_int(&o, &f->downdelay, 0, 1000000, IK_BOND);
	else if (!strcmp(key, "bridge-ports"))
		opt_list(&o, &f->ports, &f->has_ports, IK_BRIDGE);
	else if (!strcmp(key, "bridge-stp"))
		opt_bool(&o, &f->stp, IK_BRIDGE);
	else if (!strcmp(key, "bridge-fd"))
		opt_int(&o, &f->fd, 0, 255, IK_BRIDGE);
	else if (!strcmp(key, "bridge-vlan-aware"))
		opt_bool(&o, &f->vlan_aware, IK_BRIDGE);
	else if (!strcmp(key, "bridge-vids"))
		opt_vids(&o);
	else if (!strcmp(key, "bridge-pvid"))
		opt_port_vid(&o, &f->pvid, 1);
	else if (!strcmp(key, "bridge-access"))
		opt_port_vid(&o, &f->access, 2);
	else if (!strcmp(key, "hwaddress"))
		opt_hwaddress(&o);
	else if (!strcmp(key, "vlan-raw-device"))
		opt_raw(&o);
	else if (!strcmp(key, "vlan-id"))
		opt_int(&o, &f->vid, 1, 4094, IK_VLAN);
	else if (!strcmp(key, "pre-up") || !strcmp(key, "up") || !strcmp(key, "post-up"))
		opt_command(&o);
	else if (!strcmp(key, "tso-offload"))
		opt_offload(&o, FEAT_TSO);
	else if (!strcmp(key, "gso-offload"))
		opt_offload(&o, FEAT_GSO);
	else if (!strcmp(key, "gro-offload"))
		opt_offload(&o, FEAT_GRO);
	else if (!strcmp(key, "lro-offload"))
		opt_offload(&o, FEAT_LRO);
	else if (!strncmp(key, "ovs-", 4))
		opt_ovs(&o, key);
	else if (!strncmp(key, "dns-", 4))
		opt_dns(&o);
	else if (!strcmp(key, "vxlan-id")) {
		set_foreign(f, "a VXLAN", text, file, line);
		notes_add(m, &f->notes, file, line, text);
	} else {
		for (int i = 0; i < N_ELEM(quiet_keys); i++) {
			/* implied by the prefix: keep them, no need to warn */
			if (!strcmp(key, quiet_keys[i])) {
				notes_add(m, &f->notes, file, line, text);
				return;
			}
		}
		unconv(m, f, file, line, text, "no earlynet equivalent");
	}
}

/* ---- stanzas ---- */

/* Addresses given without a prefix take the stanza's netmask. */
static void stanza_close(struct imp *m, struct stanza *st)
{
	struct iif *f = st->f;

	if (st->type == ST_IFACE && f) {
		for (int i = st->first_addr; i < f->n_addrs; i++) {
			struct iaddr *a = &f->addrs[i];
			char buf[INET6_ADDRSTRLEN];

			if (a->prefix >= 0)
				continue;
			if (st->netmask[0])
				a->prefix = mask_prefix(st->netmask, a->family);
			if (a->prefix < 0) {
				a->prefix = a->family == AF_INET ? 32 : 128;
				warn(m, a->file, a->line,
				     "no usable netmask for %s, assumed /%d; check it",
				     ip_str(a, buf, sizeof(buf)), a->prefix);
			}
		}
	}
	memset(st, 0, sizeof(*st));
}

static void take_pending(struct imp *m, struct iif *f)
{
	for (int i = 0; f && i < m->pending.n; i++)
		strv_push(m, &f->pre, m->pending.v[i]);
	strv_fini(&m->pending);
}

static void stanza_iface(struct imp *m, struct stanza *st, int argc, char **argv,
			 const char *text, const char *file, int line)
{
	const char *fam = argc > 2 ? argv[2] : "inet";
	const char *meth = argc > 3 ? argv[3] : "manual";
	char name[64];
	struct iif *f;

	st->file = file;
	st->line = line;
	if (argc < 2) {
		st->type = ST_OTHER;
		unconv(m, NULL, file, line, text, "no interface name");
		return;
	}
	base_name(argv[1], name, sizeof(name));
	if (!strcmp(name, "lo") || !strcmp(meth, "loopback")) {
		st->type = ST_LO;
		strv_fini(&m->pending);
		return;
	}
	if (strcmp(fam, "inet") && strcmp(fam, "inet6")) {
		st->type = ST_OTHER;
		unconv(m, NULL, file, line, text, "only inet and inet6 are converted");
		return;
	}
	if (strcmp(meth, "static") && strcmp(meth, "manual") && strcmp(meth, "dhcp") &&
	    strcmp(meth, "auto")) {
		st->type = ST_OTHER;
		unconv(m, NULL, file, line, text, "unsupported method");
		return;
	}
	f = get(m, name, file, line);
	if (!f) {
		st->type = ST_OTHER;
		return;
	}
	st->type = ST_IFACE;
	st->f = f;
	st->first_addr = f->n_addrs;
	if (!f->declared) {
		f->declared = true;
		f->file = file;
		f->line = line;
	}
	take_pending(m, f);
	notes_add(m, &f->lines, file, line, text);
	if (!strcmp(meth, "dhcp") || !strcmp(meth, "auto")) {
		/* one warning per interface, however many stanzas */
		notes_add(m, &f->notes, file, line, text);
		if (!f->dhcp)
			warn_about(m, f, file, line, "'%s' not converted, kept as a comment: "
				   "earlynet sets static addresses only (a DHCP lease or SLAAC "
				   "needs a resident daemon); %s keeps no address from it",
				   text, f->name);
		f->dhcp = true;
		if (!strcmp(fam, "inet") && !f->dhcp4) {
			f->dhcp4 = true;
			f->dhcp_file = file;
			f->dhcp_line = line;
		}
	} else if (argc > 4) {
		unconv(m, f, file, line, text, "options on the iface line are ignored");
	}
}

static void stanza_auto(struct imp *m, int argc, char **argv, const char *file, int line)
{
	for (int i = 1; i < argc; i++) {
		char name[64];
		struct iif *f;

		base_name(argv[i], name, sizeof(name));
		f = get(m, name, file, line);
		if (f)
			f->is_auto = true;
	}
}

static int parse_text(struct imp *m, const char *text, const char *file);

static void include_file(struct imp *m, const char *path, const char *file, int line)
{
	FILE *fp;
	char *buf = NULL;
	size_t len = 0;
	int n;

	if (m->depth >= IMP_MAX_DEPTH) {
		warn(m, file, line, "source nested too deep, '%s' not read", path);
		return;
	}
	fp = fopen(path, "re");
	if (!fp) {
		warn(m, file, line, "cannot read '%s': %s", path, strerror(errno));
		return;
	}
	buf = malloc(IMP_MAX_FILE + 1);
	if (!buf) {
		fclose(fp);
		oom(m);
		return;
	}
	errno = 0;
	len = fread(buf, 1, IMP_MAX_FILE, fp);
	if (ferror(fp)) {
		warn(m, file, line, "cannot read '%s': %s", path, strerror(errno ? errno : EIO));
		goto out;
	}
	buf[len] = '\0';
	n = m->files.n;
	strv_push(m, &m->files, path);
	if (m->files.n == n)
		goto out;
	m->depth++;
	parse_text(m, buf, m->files.v[n]);
	m->depth--;
out:
	fclose(fp);
	free(buf);
}

/* Relative paths are taken from the including file's directory. */
static char *resolve(const char *file, const char *path)
{
	const char *slash = strrchr(file, '/');
	char *out;

	if (path[0] == '/' || !slash)
		return strdup(path);
	if (asprintf(&out, "%.*s/%s", (int)(slash - file), file, path) < 0)
		return NULL;
	return out;
}

/* run-parts names, as ifupdown's source-directory takes them */
static int runparts_name(const struct dirent *d)
{
	if (!d->d_name[0])
		return 0;
	for (const char *p = d->d_name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return 0;
	return 1;
}

static void stanza_source(struct imp *m, int argc, char **argv, const char *text,
			  const char *file, int line)
{
	bool dir = strcmp(argv[0], "source");
	glob_t g;
	char *path;
	int rc;

	if (argc != 2) {
		unconv(m, NULL, file, line, text, "takes one path");
		return;
	}
	if (!m->follow) {
		unconv(m, NULL, file, line, text, "source lines are not followed here");
		return;
	}
	if (m->root && m->root[0] && argv[1][0] == '/') {
		/* another node's tree: its /etc/network/interfaces.d, not ours */
		if (asprintf(&path, "%s%s", m->root, argv[1]) < 0)
			path = NULL;
	} else {
		path = resolve(file, argv[1]);
		if (argv[1][0] == '/' && strcmp(m->files.v[0], "/etc/network/interfaces"))
			warn(m, file, line, "'%s' is read from this machine's %s; if %s comes "
			     "from another node, give its tree with --root DIR", text, argv[1],
			     m->files.v[0]);
	}
	if (!path) {
		oom(m);
		return;
	}
	rc = glob(path, 0, NULL, &g);
	if (rc == GLOB_NOMATCH && !strpbrk(argv[1], "*?["))
		warn(m, file, line, "'%s' does not exist", path);
	for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) {
		struct dirent **ents;
		int n;

		if (!dir) {
			include_file(m, g.gl_pathv[i], file, line);
			continue;
		}
		n = scandir(g.gl_pathv[i], &ents, runparts_name, alphasort);
		if (n < 0) {
			warn(m, file, line, "cannot read '%s': %s", g.gl_pathv[i], strerror(errno));
			continue;
		}
		for (int j = 0; j < n; j++) {
			char *p;

			if (asprintf(&p, "%s/%s", g.gl_pathv[i], ents[j]->d_name) >= 0) {
				include_file(m, p, file, line);
				free(p);
			} else {
				oom(m);
			}
			free(ents[j]);
		}
		free(ents);
	}
	globfree(&g);
	free(path);
}

/* Split a logical line into words; the words point into buf. */
static int split(char *buf, char ***argv)
{
	int n = 0, cap = 8;
	char **v = malloc((size_t)cap * sizeof(*v)), *save = NULL;

	if (!v)
		return -ENOMEM;
	for (char *w = strtok_r(buf, " \t\f\v", &save); w; w = strtok_r(NULL, " \t\f\v", &save)) {
		if (n == cap) {
			char **nv = realloc(v, (size_t)(cap *= 2) * sizeof(*v));

			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[n++] = w;
	}
	*argv = v;
	return n;
}

static void logical_line(struct imp *m, struct stanza *st, char *text, const char *file, int line)
{
	char *copy, **argv = NULL;
	int argc;

	copy = strdup(text);
	if (!copy) {
		oom(m);
		return;
	}
	argc = split(copy, &argv);
	if (argc < 0) {
		oom(m);
		goto out;
	}
	if (argc == 0)
		goto out;
	if (!strcmp(argv[0], "iface")) {
		stanza_close(m, st);
		stanza_iface(m, st, argc, argv, text, file, line);
	} else if (!strcmp(argv[0], "auto") || !strcmp(argv[0], "allow-auto") ||
		   !strcmp(argv[0], "allow-hotplug")) {
		stanza_close(m, st);
		stanza_auto(m, argc, argv, file, line);
	} else if (!strcmp(argv[0], "source") || !strcmp(argv[0], "source-directory") ||
		   !strcmp(argv[0], "source-dir")) {
		stanza_close(m, st);
		strv_fini(&m->pending);
		stanza_source(m, argc, argv, text, file, line);
	} else if (!strcmp(argv[0], "mapping") || !strncmp(argv[0], "allow-", 6) ||
		   !strcmp(argv[0], "rename") || !strcmp(argv[0], "template") ||
		   !strcmp(argv[0], "no-auto-down") || !strcmp(argv[0], "no-scripts")) {
		stanza_close(m, st);
		strv_fini(&m->pending);
		unconv(m, NULL, file, line, text, "no earlynet equivalent");
		st->type = !strcmp(argv[0], "mapping") ? ST_MAPPING : ST_NONE;
	} else {
		/* a comment between a stanza's options stays in its section */
		for (int i = 0; st->type == ST_IFACE && i < m->pending.n; i++)
			notes_add(m, &st->f->notes, NULL, 0, m->pending.v[i]);
		strv_fini(&m->pending);
		option(m, st, argc, argv, text, file, line);
	}
out:
	free(argv);
	free(copy);
}

/* Comments, blank lines and backslash continuations, then logical lines. */
static int parse_text(struct imp *m, const char *text, const char *file)
{
	struct stanza st = { 0 };
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int lineno = 0, start = 0;
	const char *p = text;

	while (*p && !m->error) {
		size_t n = strcspn(p, "\n");
		const char *s = p;
		bool cont;

		p += n + (p[n] == '\n');
		lineno++;
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		while (n > 0 && isspace((unsigned char)*s))
			s++, n--;
		if (len == 0) {
			start = lineno;
			if (n == 0) {
				/* Proxmox writes a stanza's comment as its last
				 * lines; otherwise a blank line ends a comment
				 * block that belongs to nothing (a file header) */
				take_pending(m, st.type == ST_IFACE ? st.f : NULL);
				continue;
			}
			if (*s == '#') {
				char *c;

				while (n > 0 && *s == '#')
					s++, n--;
				while (n > 0 && isspace((unsigned char)*s))
					s++, n--;
				c = strndup(s, n);
				if (!c) {
					oom(m);
					break;
				}
				strv_push(m, &m->pending, c);
				free(c);
				continue;
			}
		}
		cont = n > 0 && s[n - 1] == '\\';
		if (cont)
			n--;
		if (len + n + 2 > cap) {
			char *nb = realloc(buf, len + n + 64);

			if (!nb) {
				oom(m);
				break;
			}
			buf = nb;
			cap = len + n + 64;
		}
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, s, n);
		len += n;
		buf[len] = '\0';
		if (cont && *p)
			continue;
		logical_line(m, &st, buf, file, start);
		len = 0;
	}
	stanza_close(m, &st);
	strv_fini(&m->pending);
	free(buf);
	return m->error;
}

/* ---- resolving ---- */

/* Lines kept for a kind the interface did not turn out to be. */
static void flush_kind_notes(struct imp *m, struct iif *f)
{
	for (int k = 0; k < IK_COUNT; k++) {
		if (k == (int)f->kind)
			continue;
		for (int i = 0; i < f->kn[k].n; i++) {
			struct note *n = &f->kn[k].v[i];
			char why[96];

			snprintf(why, sizeof(why), "a %s key, but %s is a %s",
				 kind_names[k], f->name, kind_names[f->kind]);
			unconv(m, f, n->file, n->line, n->text, why);
		}
	}
}

static void add_ref(struct imp *m, struct iif *f, const char *name)
{
	struct iif *r = get(m, name, f->file, f->line);

	if (r)
		r->referenced = true;
}

static void resolve_kinds(struct imp *m)
{
	for (int i = 0; i < m->n; i++) {
		struct iif *f = m->ifs[i], *b;

		if (!f->master[0])
			continue;
		b = get(m, f->master, f->file, f->line);
		if (!b)
			continue;
		b->named_master = true;
		if (!strv_has(&b->slaves, f->name))
			strv_push(m, &b->slaves, f->name);
	}
	/* the loop also visits interfaces that references create */
	for (int i = 0; i < m->n && !m->error; i++) {
		struct iif *f = m->ifs[i];
		bool bond_opts = f->kn[IK_BOND].n > 0 && !f->master[0];
		char parent[EN_NAME_MAX];
		int id = -1;
		bool by_name = vlan_from_name(f->name, parent, &id);

		if (f->has_slaves || f->named_master || bond_opts)
			f->kind = IK_BOND;
		else if (f->has_ports)
			f->kind = IK_BRIDGE;
		else if (f->raw[0] || f->vid > 0 || (by_name && parent[0]))
			f->kind = IK_VLAN;
		else
			f->kind = IK_LINK;
		flush_kind_notes(m, f);
		switch (f->kind) {
		case IK_BOND:
			for (int j = 0; j < f->slaves.n; j++)
				add_ref(m, f, f->slaves.v[j]);
			break;
		case IK_BRIDGE:
			for (int j = 0; j < f->ports.n; j++)
				add_ref(m, f, f->ports.v[j]);
			break;
		case IK_VLAN:
			snprintf(f->parent, sizeof(f->parent), "%s", f->raw[0] ? f->raw : parent);
			f->id = f->vid > 0 ? f->vid : id;
			if (!f->parent[0] || f->id <= 0 || !strcmp(f->parent, f->name)) {
				warn(m, f->file, f->line,
				     "cannot tell the parent and id of VLAN %s; "
				     "add vlan-raw-device and vlan-id", f->name);
				f->parent[0] = '\0';
				break;
			}
			add_ref(m, f, f->parent);
			break;
		case IK_LINK:
		case IK_COUNT:
			break;
		}
	}
}

/* A VLAN on a device earlynet does not make is not one either; a bridge or
 * bond port that is such a device is left out of the list. */
static void resolve_foreign(struct imp *m)
{
	bool more = true;

	while (more) {
		more = false;
		for (int i = 0; i < m->n; i++) {
			struct iif *f = m->ifs[i], *p;

			if (f->foreign[0] || f->kind != IK_VLAN || !(p = find(m, f->parent)) ||
			    !p->foreign[0])
				continue;
			snprintf(f->foreign, sizeof(f->foreign), "a VLAN on %s", p->name);
			snprintf(f->foreign_why, sizeof(f->foreign_why), "%s is %s",
				 p->name, p->foreign);
			f->foreign_file = f->file;
			f->foreign_line = f->line;
			more = true;
		}
	}
	for (int i = 0; i < m->n; i++) {
		struct iif *f = m->ifs[i];
		struct strv *list = f->kind == IK_BOND ? &f->slaves :
				    f->kind == IK_BRIDGE ? &f->ports : NULL;

		if (!list || f->foreign[0])
			continue;
		for (int j = 0; j < list->n;) {
			struct iif *p = find(m, list->v[j]);
			char text[160];

			if (!p || !p->foreign[0]) {
				j++;
				continue;
			}
			snprintf(text, sizeof(text), "port %s left out: it is %s, which earlynet "
				 "does not make", p->name, p->foreign);
			notes_add(m, &f->notes, NULL, 0, text);
			free(list->v[j]);
			memmove(&list->v[j], &list->v[j + 1], (size_t)(list->n - j - 1) * sizeof(char *));
			list->n--;
		}
	}
	for (int i = 0; i < m->n; i++) {
		struct iif *f = m->ifs[i];

		if (!f->foreign[0] || f->foreign_said)
			continue;
		warn(m, f->foreign_file ? f->foreign_file : f->file,
		     f->foreign_file ? f->foreign_line : f->line,
		     "%s is %s ('%s'); earlynet does not make it, so it is left out "
		     "(kept as comments) and stays with the tool that made it%s", f->name,
		     f->foreign, f->foreign_why,
		     f->n_addrs || f->gw[0].family || f->gw[1].family ?
		     "; its addresses and routes go with it" : "");
	}
}

static void udev_mac(struct imp *m, struct iif *f)
{
	for (int i = m->udev_names.n - 1; i >= 0; i--) {
		if (!strcmp(m->udev_names.v[i], f->name)) {
			memcpy(f->mac, m->udev_macs.v[i], 18);
			snprintf(f->mac_from, sizeof(f->mac_from), "mac from %s:%d",
				 m->udev_path, m->udev_lines[i]);
			return;
		}
	}
}

static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "re");
	bool ok;

	if (!fp)
		return false;
	ok = fgets(buf, (int)len, fp) != NULL;
	fclose(fp);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* The running NIC's permanent MAC: a bond port's current address is the
 * bond's, so the bond's record of the port comes first. */
static void sysfs_mac(struct imp *m, struct iif *f)
{
	char path[EN_PATH_MAX], buf[64];
	int type = -1;

	snprintf(path, sizeof(path), "%s/class/net/%s/bonding_slave/perm_hwaddr", m->sysfs, f->name);
	if (read_line(path, buf, sizeof(buf)) && norm_mac(buf, f->mac)) {
		snprintf(f->mac_from, sizeof(f->mac_from), "mac read from this machine's %s "
			 "(--from-system)", path);
		return;
	}
	snprintf(path, sizeof(path), "%s/class/net/%s/address", m->sysfs, f->name);
	if (!read_line(path, buf, sizeof(buf)) || !norm_mac(buf, f->mac))
		return;
	snprintf(f->mac_from, sizeof(f->mac_from), "mac read from this machine's %s "
		 "(--from-system)", path);
	snprintf(path, sizeof(path), "%s/class/net/%s/addr_assign_type", m->sysfs, f->name);
	if (read_line(path, buf, sizeof(buf)))
		type = (int)parse_num(buf, 0, 9);
	if (type > 0)
		warn(m, f->file, f->line,
		     "the MAC of %s (%s) was read from the running system and may not be "
		     "its permanent one (addr_assign_type %d); check it", f->name, f->mac, type);
}

/* The peer goes with a /32 (IPv4) or /128 (IPv6) address, as check wants. */
static bool peer_has_address(const struct iif *f)
{
	for (int j = 0; j < f->n_addrs; j++)
		if (f->addrs[j].family == f->peer.family &&
		    f->addrs[j].prefix == (f->peer.family == AF_INET ? 32 : 128))
			return true;
	return false;
}

/* Does f need an 802.3ad bond? Memoized in f->lacp (0 not yet, 1 no,
 * 2 yes, 3 being walked: a cycle, which check reports). */
static bool depends_on_lacp(struct imp *m, struct iif *f)
{
	const struct strv *refs = f->kind == IK_BOND ? &f->slaves :
				  f->kind == IK_BRIDGE ? &f->ports : NULL;
	bool yes = f->kind == IK_BOND && f->mode == 4;
	struct iif *p;

	if (f->lacp)
		return f->lacp == 2;
	f->lacp = 3;
	if (f->kind == IK_VLAN && (p = find(m, f->parent)))
		yes |= depends_on_lacp(m, p);
	for (int i = 0; refs && i < refs->n && !yes; i++)
		if ((p = find(m, refs->v[i])))
			yes |= depends_on_lacp(m, p);
	f->lacp = yes ? 2 : 1;
	return yes;
}

/* The bridge whose bridge-ports name f, or NULL. */
static struct iif *bridge_of(struct imp *m, const struct iif *f)
{
	for (int i = 0; i < m->n; i++)
		if (m->ifs[i]->kind == IK_BRIDGE && strv_has(&m->ifs[i]->ports, f->name))
			return m->ifs[i];
	return NULL;
}

/* bridge-vids on a bridge are its vids; bridge-vids, bridge-pvid and
 * bridge-access on a port of a VLAN-aware bridge are the port's own VLANs
 * (bridge_vids, bridge_pvid, bridge_access). Anywhere else: not converted. */
static void port_vlans(struct imp *m, struct iif *f)
{
	const struct iif *b = f->kind == IK_BRIDGE ? NULL : bridge_of(m, f);
	const char *why = NULL;
	int from = 0;

	if (f->kind == IK_BRIDGE) {
		/* bridge-vids is the bridge's vids; the other two are defaults
		 * for its ports, which earlynet sets per port */
		why = "on a bridge it is the default of its ports; set bridge_pvid "
		      "(bridge_access) on each port instead";
		from = 1;
	} else if (!b) {
		why = "a bridge port key, but it is not a port of a bridge";
	} else if (b->vlan_aware != 1) {
		why = "a bridge port key, but its bridge is not VLAN-aware";
	} else if (f->access && (f->has_vids || f->pvid)) {
		/* the access VLAN wins: an access port has no other */
		for (int k = 0; k < 2; k++)
			if (f->vl[k].line)
				unconv(m, f, f->vl[k].file, f->vl[k].line, f->vl[k].text,
				       "bridge-access makes an access port, which has no other VLANs");
		f->has_vids = false;
		f->pvid = 0;
		return;
	}
	if (!why)
		return;
	for (int k = from; k < 3; k++)
		if (f->vl[k].line)
			unconv(m, f, f->vl[k].file, f->vl[k].line, f->vl[k].text, why);
	if (from == 0)
		f->has_vids = false;
	f->pvid = f->access = 0;
}

/* MACs, gateways, management, up/require_carrier. */
static void resolve_rest(struct imp *m)
{
	struct iif *gwif[2] = { NULL, NULL };

	for (int i = 0; i < m->n; i++) {
		struct iif *f = m->ifs[i];

		if (f->foreign[0])
			continue;
		for (int r = 0; r < f->n_routes; r++) {
			struct iroute *rt = &f->routes[r];
			bool fits = ip_is_link_local6(&rt->gw) ||
				    (f->peer.family == rt->gw.family && !memcmp(f->peer.b, rt->gw.b, 16) &&
				     peer_has_address(f));

			bool own = false;

			for (int j = 0; j < f->n_addrs; j++) {
				fits |= in_subnet(&f->addrs[j], &rt->gw) &&
					memcmp(f->addrs[j].b, rt->gw.b, 16);
				own |= f->addrs[j].prefix == rt->dst.prefix &&
				       in_subnet(&f->addrs[j], &rt->dst);
			}
			rt->ok = fits && !own;
			if (own)
				unconv(m, f, rt->dst.file, rt->dst.line, rt->text,
				       "the interface's own subnet: the kernel routes it itself");
			else if (!fits)
				unconv(m, f, rt->dst.file, rt->dst.line, rt->text,
				       "its gateway is outside every address of the interface");
		}
		if (f->peer.family && !peer_has_address(f)) {
			char buf[INET6_ADDRSTRLEN], text[96];

			snprintf(text, sizeof(text), "pointopoint %s", ip_str(&f->peer, buf, sizeof(buf)));
			unconv(m, f, f->peer.file, f->peer.line, text,
			       "earlynet's peer goes with a /32 or /128 address, and there is none");
		}
		for (int fam = 0; fam < 2; fam++) {
			struct iaddr *g = &f->gw[fam];
			char buf[INET6_ADDRSTRLEN], text[96];
			bool fits = false;

			if (!g->family)
				continue;
			for (int j = 0; j < f->n_addrs; j++)
				fits |= in_subnet(&f->addrs[j], g);
			fits |= ip_is_link_local6(g);
			/* on a point-to-point link the peer is the gateway */
			fits |= f->peer.family == g->family && !memcmp(f->peer.b, g->b, 16) &&
				peer_has_address(f);
			snprintf(text, sizeof(text), "gateway %s", ip_str(g, buf, sizeof(buf)));
			if (!fits)
				unconv(m, f, g->file, g->line, text,
				       "outside every address of the interface");
			else if (gwif[fam])
				unconv(m, f, g->file, g->line, text,
				       "only one default route per family; the first one is kept");
			else
				f->gw_ok[fam] = true, gwif[fam] = f;
		}
	}
	for (int i = 0; i < m->n; i++) {
		struct iif *f = m->ifs[i];
		char text[64];

		if (f->foreign[0])
			continue;
		/* bond-primary: a slave, in a mode that has a primary */
		snprintf(text, sizeof(text), "bond-primary %s", f->primary);
		if (f->kind == IK_BOND && f->primary[0] && f->mode != 1 && f->mode != 5 &&
		    f->mode != 6) {
			unconv(m, f, f->primary_file, f->primary_line, text,
			       "only active-backup, balance-tlb and balance-alb bonds have a primary");
			f->primary[0] = '\0';
		} else if (f->kind == IK_BOND && f->primary[0] && !strv_has(&f->slaves, f->primary)) {
			unconv(m, f, f->primary_file, f->primary_line, text,
			       "it is not one of the bond's slaves");
			f->primary[0] = '\0';
		}
		if (f->kind == IK_BOND && f->mode == 4) {
			for (int j = 0; j < f->slaves.n; j++) {
				struct iif *s = find(m, f->slaves.v[j]);

				if (s && s->kind == IK_LINK)
					s->require_carrier = true;
			}
		}
		port_vlans(m, f);
		if (f->hwaddress[0] && f->kind != IK_BOND && f->kind != IK_BRIDGE) {
			unconv(m, f, f->hw_file, f->hw_line, f->hw_text,
			       "earlynet sets a MAC on bonds and bridges only");
			f->hwaddress[0] = '\0';
		}
		f->up = f->is_auto || f->referenced;
		if (f->kind != IK_LINK) {
			if (!f->up)
				warn(m, f->file, f->line, "%s is not marked auto, but earlynet "
				     "brings up every %s in its file", f->name, kind_names[f->kind]);
			continue;
		}
		udev_mac(m, f);
		if (!f->mac[0] && m->sysfs)
			sysfs_mac(m, f);
		if (!f->mac[0] && m->udev_path)
			warn(m, f->file, f->line, "no MAC for %s: it is not in %s%s; fill in "
			     "its mac (ip link show %s on the node)", f->name, m->udev_path,
			     m->sysfs ? " nor on this machine" : "", f->name);
		else if (!f->mac[0])
			warn(m, f->file, f->line, "no MAC for %s: fill in its mac (--udev-rules "
			     "FILE with the node's rules, or --from-system when importing on the "
			     "node itself)", f->name);
	}
	m->management = -1;
	for (int fam = 0; fam < 2 && m->management < 0; fam++) {
		struct iif *g = gwif[fam];

		if (!g)
			continue;
		if (depends_on_lacp(m, g)) {
			/* management if check takes it (see decide_lacp_management) */
			for (int i = 0; i < m->n; i++)
				if (m->ifs[i] == g)
					m->lacp_mgmt = i;
			m->lacp_file = g->gw[fam].file;
			m->lacp_line = g->gw[fam].line;
			break;
		}
		for (int i = 0; i < m->n; i++)
			if (m->ifs[i] == g)
				m->management = i;
	}
	if (m->management >= 0) {
		struct iif *g = m->ifs[m->management];

		/* check refuses a management interface that stays down */
		if (!g->up)
			warn(m, g->file, g->line, "%s carries the default route but is not "
			     "marked auto; as the management interface earlynet brings it up",
			     g->name);
		g->up = true;
		return;
	}
	for (int i = 0; i < m->n; i++) {
		struct iif *f = m->ifs[i];

		if (!f->dhcp4 || f->foreign[0] || gwif[0])
			continue;
		warn(m, f->dhcp_file, f->dhcp_line, "the IPv4 default route comes from DHCP "
		     "on %s, so there is no management interface: write the lease's address "
		     "and gateway (ip -4 addr show %s; ip -4 route show default) as "
		     "'address = A/PREFIX' and 'gateway = G' in [%s %s], and "
		     "'management = %s' in [global]", f->name, f->name, kind_names[f->kind],
		     f->name, f->name);
		break;
	}
}

/* ---- output ---- */

static void put_notes(FILE *out, const struct notes *ns)
{
	for (int i = 0; i < ns->n; i++) {
		if (!ns->v[i].file) /* the input's own comment */
			fprintf(out, ";%s%s\n", ns->v[i].text[0] ? " " : "", ns->v[i].text);
		else
			fprintf(out, "; %s:%d: %s\n", ns->v[i].file, ns->v[i].line, ns->v[i].text);
	}
}

static void put_list(FILE *out, const char *key, const struct strv *s)
{
	fprintf(out, "%s =", key);
	for (int i = 0; i < s->n; i++)
		fprintf(out, " %s", s->v[i]);
	fputc('\n', out);
}

/* KEY = 10 20-30: VLAN ids as ranges */
static void put_vids(FILE *out, const char *key, const struct vid_set *v)
{
	struct vid_range r;
	unsigned from = 1;

	fprintf(out, "%s =", key);
	while (vid_set_next(v, &from, &r)) {
		if (r.lo == r.hi)
			fprintf(out, " %u", r.lo);
		else
			fprintf(out, " %u-%u", r.lo, r.hi);
	}
	fputc('\n', out);
}

static void put_section(struct iif *f, FILE *out)
{
	char buf[INET6_ADDRSTRLEN], parent[EN_NAME_MAX];
	bool dotted;
	int id = -1;

	fputc('\n', out);
	for (int i = 0; i < f->pre.n; i++)
		fprintf(out, ";%s%s\n", f->pre.v[i][0] ? " " : "", f->pre.v[i]);
	fprintf(out, "[%s %s]\n", kind_names[f->kind], f->name);
	switch (f->kind) {
	case IK_LINK:
		if (f->mac_from[0])
			fprintf(out, "; %s\n", f->mac_from);
		if (f->mac[0])
			fprintf(out, "mac = %s\n", f->mac);
		else
			fprintf(out, ";mac = (not found)\n");
		if (!f->up)
			fprintf(out, "up = no\n");
		if (f->require_carrier)
			fprintf(out, "require_carrier = yes\n");
		break;
	case IK_BOND:
		put_list(out, "slaves", &f->slaves);
		if (f->hwaddress[0])
			fprintf(out, "hwaddress = %s\n", f->hwaddress);
		/* ifupdown leaves the kernel's balance-rr when no mode is
		 * given; earlynet's default is 802.3ad, so always say it */
		fprintf(out, "mode = %s\n", mode_names[f->mode >= 0 ? f->mode : 0]);
		if (f->miimon >= 0)
			fprintf(out, "miimon = %d\n", f->miimon);
		if (f->hash >= 0)
			fprintf(out, "xmit_hash_policy = %s\n", hash_names[f->hash]);
		if (f->lacp_rate >= 0)
			fprintf(out, "lacp_rate = %s\n", rate_names[f->lacp_rate]);
		if (f->min_links >= 0)
			fprintf(out, "min_links = %d\n", f->min_links);
		if (f->ad_select >= 0)
			fprintf(out, "ad_select = %s\n", select_names[f->ad_select]);
		if (f->updelay >= 0)
			fprintf(out, "updelay = %d\n", f->updelay);
		if (f->downdelay >= 0)
			fprintf(out, "downdelay = %d\n", f->downdelay);
		if (f->primary[0])
			fprintf(out, "primary = %s\n", f->primary);
		break;
	case IK_BRIDGE:
		if (f->ports.n)
			put_list(out, "ports", &f->ports);
		if (f->hwaddress[0])
			fprintf(out, "hwaddress = %s\n", f->hwaddress);
		if (f->stp >= 0)
			fprintf(out, "stp = %s\n", f->stp ? "on" : "off");
		if (f->fd >= 0)
			fprintf(out, "forward_delay = %d\n", f->fd);
		else if (f->stp == 1)
			fprintf(out, "forward_delay = 15\n"); /* the kernel's, which ifupdown kept */
		if (f->vlan_aware >= 0)
			fprintf(out, "vlan_aware = %s\n", f->vlan_aware ? "yes" : "no");
		if (f->has_vids)
			put_vids(out, "vids", &f->vids);
		break;
	case IK_VLAN:
		/* only what the name does not already say */
		dotted = vlan_from_name(f->name, parent, &id) && parent[0];
		if (f->parent[0] && (!dotted || strcmp(parent, f->parent)))
			fprintf(out, "link = %s\n", f->parent);
		if (f->id > 0 && (!dotted || f->id != id))
			fprintf(out, "id = %d\n", f->id);
		break;
	case IK_COUNT:
		break;
	}
	if (f->kind != IK_BRIDGE) {
		/* a port of a VLAN-aware bridge (port_vlans kept only those) */
		if (f->has_vids)
			put_vids(out, "bridge_vids", &f->vids);
		if (f->pvid)
			fprintf(out, "bridge_pvid = %d\n", f->pvid);
		if (f->access)
			fprintf(out, "bridge_access = %d\n", f->access);
	}
	if (f->mtu > 0)
		fprintf(out, "mtu = %d\n", f->mtu);
	if (f->kind == IK_LINK) {
		for (int i = 0; i < FEAT_COUNT; i++)
			if (f->feat[i] >= 0)
				fprintf(out, "%s = %s\n", feat_names[i], f->feat[i] ? "on" : "off");
		if (f->rx > 0)
			fprintf(out, "rx_ring = %d\n", f->rx);
		if (f->tx > 0)
			fprintf(out, "tx_ring = %d\n", f->tx);
	}
	for (int i = 0; i < f->n_addrs; i++)
		fprintf(out, "address = %s/%d\n", ip_str(&f->addrs[i], buf, sizeof(buf)),
			f->addrs[i].prefix);
	if (f->peer.family && peer_has_address(f))
		fprintf(out, "peer = %s\n", ip_str(&f->peer, buf, sizeof(buf)));
	for (int i = 0; i < f->n_routes; i++) {
		char gb[INET6_ADDRSTRLEN];

		if (f->routes[i].ok)
			fprintf(out, "route = %s/%d via %s\n",
				ip_str(&f->routes[i].dst, buf, sizeof(buf)), f->routes[i].dst.prefix,
				ip_str(&f->routes[i].gw, gb, sizeof(gb)));
	}
	for (int fam = 0; fam < 2; fam++)
		if (f->gw_ok[fam])
			fprintf(out, "gateway = %s\n", ip_str(&f->gw[fam], buf, sizeof(buf)));
	put_notes(out, &f->notes);
}

static const struct strv *deps_of(const struct iif *f)
{
	return f->kind == IK_BOND ? &f->slaves : f->kind == IK_BRIDGE ? &f->ports : NULL;
}

static bool ready(struct imp *m, const struct iif *f)
{
	const struct strv *d = deps_of(f);
	struct iif *p;

	if (f->kind == IK_VLAN && (p = find(m, f->parent)) && !p->emitted)
		return false;
	for (int i = 0; d && i < d->n; i++)
		if ((p = find(m, d->v[i])) && !p->emitted)
			return false;
	return true;
}

/* Links, bonds, bridges, VLANs, each in file order, except that nothing
 * comes before what it depends on (a bridge over a VLAN, say). */
static void emit(struct imp *m, const char *name, FILE *out)
{
	fprintf(out, "; earlynet configuration imported from %s by `earlynet import`.\n"
		"; Review it, then run `earlynet check`.\n[global]\n", name);
	if (m->management >= 0)
		fprintf(out, "management = %s\n", m->ifs[m->management]->name);
	put_notes(out, &m->notes);
	for (int i = 0; i < m->n; i++) {
		struct iif *f = m->ifs[i];

		if (!f->foreign[0])
			continue;
		f->emitted = true;
		fprintf(out, "; %s left out: it is %s, which earlynet does not make\n",
			f->name, f->foreign);
		put_notes(out, &f->lines);
	}
	for (;;) {
		struct iif *best = NULL, *any = NULL;

		for (int i = 0; i < m->n; i++) {
			struct iif *f = m->ifs[i];

			if (f->emitted)
				continue;
			if (!any || f->kind < any->kind)
				any = f;
			if (ready(m, f) && (!best || f->kind < best->kind))
				best = f;
		}
		if (!any)
			break;
		best = best ? best : any; /* a cycle: check will name it */
		best->emitted = true;
		put_section(best, out);
	}
}

/* ---- udev rules ---- */

/* Lines like: SUBSYSTEM=="net", ATTR{address}=="58:47:..", NAME="eth0" */
static void udev_line(struct imp *m, char *s, int lineno)
{
	char mac[18] = "", name[EN_NAME_MAX] = "";

	while (*s) {
		char *key, *op, *val, *end;
		size_t klen, olen;
		int depth = 0;

		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		key = s;
		for (; *s && *s != ',' && !isspace((unsigned char)*s); s++) {
			if (*s == '{')
				depth++;
			else if (*s == '}')
				depth--;
			else if (depth == 0 && strchr("=!+-:", *s))
				break;
		}
		op = s;
		while (*s && strchr("=!+-:", *s))
			s++;
		klen = (size_t)(op - key);
		olen = (size_t)(s - op);
		if (*s != '"')
			break;
		val = ++s;
		end = strchr(val, '"');
		if (!end)
			break;
		*end = '\0';
		s = end + 1;
		if (klen == 13 && !strncmp(key, "ATTR{address}", 13) && olen == 2 &&
		    !strncmp(op, "==", 2))
			norm_mac(val, mac);
		else if (klen == 4 && !strncmp(key, "NAME", 4) && valid_name(val) &&
			 ((olen == 1 && *op == '=') || (olen == 2 && !strncmp(op, ":=", 2))))
			snprintf(name, sizeof(name), "%s", val);
	}
	if (mac[0] && name[0]) {
		int *v = realloc(m->udev_lines, (size_t)(m->udev_names.n + 1) * sizeof(*v));

		if (!v) {
			oom(m);
			return;
		}
		m->udev_lines = v;
		v[m->udev_names.n] = lineno;
		strv_push(m, &m->udev_names, name);
		strv_push(m, &m->udev_macs, mac);
	}
}

static int load_udev(struct imp *m, const char *path)
{
	FILE *fp = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;

	if (!fp) {
		int e = errno;

		fprintf(m->err, "%s: cannot read: %s\n", path, strerror(e));
		return -e;
	}
	m->udev_path = path;
	for (int n = 1; getline(&line, &cap, fp) > 0; n++)
		if (line[strspn(line, " \t")] != '#')
			udev_line(m, line, n);
	free(line);
	fclose(fp);
	return m->error;
}

/* ---- the output's own check ---- */

/* The text emit() writes, in a buffer; NULL on ENOMEM. */
static char *render(struct imp *m, const char *name)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (!mem)
		return NULL;
	for (int i = 0; i < m->n; i++)
		m->ifs[i]->emitted = false;
	emit(m, name, mem);
	if (fclose(mem) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int check_problems(struct imp *m, const char *text, char **msgs);

/*
 * The default route behind an 802.3ad bond: management there when check
 * takes it (whether the fallback can keep such a management interface is
 * check's rule), otherwise none, and a warning.
 */
static void decide_lacp_management(struct imp *m, const char *name)
{
	char *text, *msgs = NULL;
	int n;

	if (m->lacp_mgmt < 0 || m->management >= 0)
		return;
	m->management = m->lacp_mgmt;
	text = render(m, name);
	if (!text) {
		oom(m);
		return;
	}
	n = check_problems(m, text, &msgs);
	free(text);
	if (n != 0 && msgs && strstr(msgs, "management:")) {
		m->management = -1;
		warn(m, m->lacp_file, m->lacp_line,
		     "%s carries the default route but depends on an 802.3ad bond, "
		     "which check refuses for the management interface; set management by hand",
		     m->ifs[m->lacp_mgmt]->name);
	}
	free(msgs);
}

/*
 * Load the converted text as `earlynet check` would, once the MACs it could
 * not find are filled in (the operator's step), and say what check would
 * refuse: the importer must never hand over a file its own check refuses.
 */
/* config_load_string's problem count for text with its MAC holes
 * filled; the messages in *msgs (free it). */
static int check_problems(struct imp *m, const char *text, char **msgs)
{
	static const char hole[] = ";mac = (not found)";
	char *filled = NULL, *p;
	size_t flen = 0, mlen = 0;
	FILE *fp = open_memstream(&filled, &flen), *ep;
	struct config c;
	int n = 0;

	*msgs = NULL;
	if (!fp) {
		oom(m);
		return 0;
	}
	while ((p = strstr(text, hole))) {
		fprintf(fp, "%.*smac = 02:00:5e:00:00:%02x", (int)(p - text), text, n++ & 0xff);
		text = p + sizeof(hole) - 1;
	}
	fputs(text, fp);
	if (fclose(fp) != 0 || !(ep = open_memstream(msgs, &mlen))) {
		free(filled);
		oom(m);
		return 0;
	}
	n = config_load_string(filled, "converted", &c, ep);
	fclose(ep);
	if (n == 0)
		config_free(&c);
	free(filled);
	return n;
}

static void self_check(struct imp *m, const char *name, const char *text)
{
	char *msgs;
	int n = check_problems(m, text, &msgs);

	for (char *line = msgs, *end; n != 0 && line && *line; line = end) {
		end = strchr(line, '\n');
		if (end)
			*end++ = '\0';
		fprintf(m->err, "%s: warning: the converted file does not pass `earlynet check` "
			"(%s); fix that by hand\n", name, line);
	}
	free(msgs);
}

/* ---- entry points ---- */

static void imp_fini(struct imp *m)
{
	for (int i = 0; i < m->n; i++)
		iif_free(m->ifs[i]);
	free(m->ifs);
	strv_fini(&m->udev_names);
	strv_fini(&m->udev_macs);
	free(m->udev_lines);
	for (int i = 0; i < m->warns.n; i++)
		free(m->warns.v[i].text);
	free(m->warns.v);
	strv_fini(&m->files);
	strv_fini(&m->pending);
	notes_fini(&m->notes);
}

static int run(const char *text, const char *name, bool follow,
	       const struct import_opts *o, FILE *out, FILE *err)
{
	struct imp m = { .err = err, .follow = follow, .management = -1, .lacp_mgmt = -1,
			 .root = o ? o->root : NULL };
	int ret = 0, usable = 0;

	if (o && o->udev_rules) {
		ret = load_udev(&m, o->udev_rules);
		if (ret < 0)
			goto out;
	}
	m.sysfs = o ? o->sysfs_root : NULL;
	strv_push(&m, &m.files, name);
	if (m.error == 0)
		parse_text(&m, text, m.files.v[0]);
	if (m.error == 0)
		resolve_kinds(&m);
	if (m.error == 0)
		resolve_foreign(&m);
	if (m.error == 0)
		resolve_rest(&m);
	if (m.error == 0)
		decide_lacp_management(&m, name);
	flush_warnings(&m);
	if (m.error < 0) {
		ret = m.error;
		fprintf(err, "%s: %s\n", name, strerror(-ret));
		goto out;
	}
	for (int i = 0; i < m.n; i++)
		usable += !m.ifs[i]->foreign[0];
	if (!usable) {
		fprintf(err, "%s: no interfaces to import\n", name);
		ret = 1;
		goto out;
	}
	{
		char *conv = render(&m, name);

		if (!conv) {
			ret = -ENOMEM;
			fprintf(err, "%s: %s\n", name, strerror(-ret));
			goto out;
		}
		self_check(&m, name, conv);
		fputs(conv, out);
		free(conv);
	}
	if (fflush(out) != 0 || ferror(out))
		ret = -EIO;
out:
	imp_fini(&m);
	return ret;
}

int import_string(const char *text, const char *name, const struct import_opts *o,
		  FILE *out, FILE *err)
{
	return run(text, name ? name : "<string>", false, o, out, err);
}

int import_file(const char *path, const struct import_opts *o, FILE *out, FILE *err)
{
	FILE *fp = fopen(path, "re");
	char *buf;
	size_t len;
	int ret;

	if (!fp) {
		ret = -errno;
		fprintf(err, "%s: cannot read: %s\n", path, strerror(-ret));
		return ret;
	}
	buf = malloc(IMP_MAX_FILE + 1);
	if (!buf) {
		fclose(fp);
		return -ENOMEM;
	}
	errno = 0;
	len = fread(buf, 1, IMP_MAX_FILE, fp);
	if (ferror(fp)) {
		ret = errno ? -errno : -EIO;
		fprintf(err, "%s: cannot read: %s\n", path, strerror(-ret));
	} else {
		buf[len] = '\0';
		ret = run(buf, path, true, o, out, err);
	}
	fclose(fp);
	free(buf);
	return ret;
}
