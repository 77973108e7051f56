/* plan.c - diff the file against a kernel snapshot into ordered operations (pure)
 *
 * The planner works on a copy of the snapshot ("the devices") and changes
 * it as it plans, so that each decision sees the system as the operations
 * before it leave it: names after renames, ports after releases, devices
 * after deletions. A system that already matches the file gives no
 * operations at all.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>

#include "compare.h"
#include "config.h"
#include "plan.h"
#include "order.h"
#include "rename.h"
#include "sys.h" /* feature_name(), in the pure kstate.c */

struct dev {
	int ifindex;            /* the kernel's, or negative for a planned device */
	char name[EN_NAME_MAX];
	enum ks_kind kind;
	bool up, gone, created;
	bool ipv6_off;          /* disable_ipv6 is 1, or the kernel has no IPv6 */
	int master;             /* ifindex, 0 for none (set_master() sets it) */
	/* The ports of this device, and this device among its master's:
	 * indices into devs, -1 for none; on_chain is the master whose
	 * chain holds it. A master's ports are found without a scan. */
	int first_port, next_port, prev_port, on_chain;
	int mtu;                /* 0: unknown (planned device) */
	int iface;              /* the file's interface it is, or -1 */
	const struct ks_link *ks; /* snapshot entry, NULL when planned */
	uint16_t vlan_id;
	int vlan_parent;        /* ifindex */
};

struct planner {
	const struct config *c;
	const struct kstate *k;
	struct plan *p;
	struct dev *devs;
	int n_devs, cap_devs;
	int *bound;             /* per interface: index into devs, or -1 */
	bool *scope;            /* per interface: converged by this plan */
	bool *mgmt_need;        /* per interface: management depends on it */
	bool mgmt;              /* flag for the operations being emitted */
	int next_fake;
	/* ifindex -> 1 + index into devs (open addressing; 0 empty). Every
	 * device has its own ifindex for good (planned ones a negative one),
	 * so entries are only ever added. */
	int *by_ifindex;
	unsigned by_ifindex_cap;        /* a power of two, > 2 * cap_devs */
	int err;
	struct op scratch;      /* written to instead when memory runs out */
};

static __attribute__((format(printf, 2, 3))) void warn(struct planner *pl, const char *fmt, ...)
{
	struct plan *p = pl->p;
	va_list ap;

	if (p->n_warnings >= (int)(sizeof(p->warning) / sizeof(p->warning[0])))
		return;
	va_start(ap, fmt);
	vsnprintf(p->warning[p->n_warnings++], sizeof(p->warning[0]), fmt, ap);
	va_end(ap);
}

static __attribute__((format(printf, 3, 4))) int fail(struct planner *pl, int err,
                                                      const char *fmt, ...)
{
	va_list ap;

	if (pl->err)
		return pl->err;
	va_start(ap, fmt);
	vsnprintf(pl->p->error, sizeof(pl->p->error), fmt, ap);
	va_end(ap);
	pl->err = err;
	return err;
}

static struct op *emit_raw(struct planner *pl, enum op_kind kind, int ifindex,
                           const char *name, int iface)
{
	struct plan *p = pl->p;
	struct op *op;

	if (p->n == p->cap) {
		int ncap = p->cap ? p->cap * 2 : 32;
		struct op *ops = realloc(p->ops, (size_t)ncap * sizeof(*ops));

		if (!ops) {
			if (!pl->err)
				pl->err = -ENOMEM;
			return memset(&pl->scratch, 0, sizeof(pl->scratch));
		}
		p->ops = ops;
		p->cap = ncap;
	}
	op = memset(&p->ops[p->n++], 0, sizeof(*op));
	op->kind = kind;
	op->ifindex = ifindex;
	snprintf(op->name, sizeof(op->name), "%s", name);
	op->iface = iface;
	op->mgmt = pl->mgmt;
	return op;
}

/* The devices. */

/* An operation on device d: its ifindex, its name at this point. */
static struct op *emit(struct planner *pl, enum op_kind kind, const struct dev *d)
{
	return emit_raw(pl, kind, d->ifindex, d->name, d->iface);
}

static struct dev *dev_by_name(struct planner *pl, const char *name)
{
	for (int i = 0; i < pl->n_devs; i++)
		if (!pl->devs[i].gone && !strcmp(pl->devs[i].name, name))
			return &pl->devs[i];
	return NULL;
}

static unsigned ifindex_slot(const struct planner *pl, int ifindex)
{
	return ((unsigned)ifindex * 2654435761u) & (pl->by_ifindex_cap - 1);
}

/* Record devs[i] under its ifindex (called as each device is added). */
static void dev_indexed(struct planner *pl, int i)
{
	unsigned m = pl->by_ifindex_cap - 1, h;

	if (!pl->by_ifindex)
		return;
	for (h = ifindex_slot(pl, pl->devs[i].ifindex); pl->by_ifindex[h]; h = (h + 1) & m)
		;
	pl->by_ifindex[h] = i + 1;
}

static struct dev *dev_by_index(struct planner *pl, int ifindex)
{
	unsigned m = pl->by_ifindex_cap - 1, h;

	if (!ifindex)
		return NULL;
	if (!pl->by_ifindex) {          /* out of memory: scan */
		for (int i = 0; i < pl->n_devs; i++)
			if (!pl->devs[i].gone && pl->devs[i].ifindex == ifindex)
				return &pl->devs[i];
		return NULL;
	}
	for (h = ifindex_slot(pl, ifindex); pl->by_ifindex[h]; h = (h + 1) & m) {
		struct dev *d = &pl->devs[pl->by_ifindex[h] - 1];

		if (d->ifindex == ifindex && !d->gone)
			return d;
	}
	return NULL;
}

static void dev_no_chain(struct dev *d)
{
	d->first_port = d->next_port = d->prev_port = d->on_chain = -1;
}

static void chain_unlink(struct planner *pl, struct dev *d)
{
	struct dev *m;

	if (d->on_chain < 0)
		return;
	m = &pl->devs[d->on_chain];
	if (d->prev_port >= 0)
		pl->devs[d->prev_port].next_port = d->next_port;
	else
		m->first_port = d->next_port;
	if (d->next_port >= 0)
		pl->devs[d->next_port].prev_port = d->prev_port;
	d->next_port = d->prev_port = d->on_chain = -1;
}

/* d's master is now the device with this ifindex (0: none). */
static void set_master(struct planner *pl, struct dev *d, int ifindex)
{
	struct dev *m = ifindex ? dev_by_index(pl, ifindex) : NULL;
	int self = (int)(d - pl->devs);

	chain_unlink(pl, d);
	d->master = ifindex;
	if (!m)
		return;
	d->on_chain = (int)(m - pl->devs);
	d->next_port = m->first_port;
	if (m->first_port >= 0)
		pl->devs[m->first_port].prev_port = self;
	m->first_port = self;
}

static struct dev *bound(struct planner *pl, int iface)
{
	if (iface < 0 || pl->bound[iface] < 0)
		return NULL;
	return &pl->devs[pl->bound[iface]];
}

static enum ks_kind ks_kind_of(enum if_kind k)
{
	switch (k) {
	case IF_KIND_LINK:	return KS_KIND_OTHER;
	case IF_KIND_BOND:	return KS_KIND_BOND;
	case IF_KIND_BRIDGE:	return KS_KIND_BRIDGE;
	case IF_KIND_VLAN:	return KS_KIND_VLAN;
	}
	return KS_KIND_OTHER;
}

/* Room for every planned device is made up front (one per interface), so
 * pointers into devs stay valid. */
static struct dev *dev_new(struct planner *pl, const char *name, int iface)
{
	struct dev *d = &pl->devs[pl->n_devs];

	if (pl->n_devs == pl->cap_devs) {
		fail(pl, -ENOSPC, "internal error: too many planned devices");
		return NULL;
	}
	memset(d, 0, sizeof(*d));
	dev_no_chain(d);
	d->ifindex = --pl->next_fake;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->kind = ks_kind_of(pl->c->ifaces[iface].kind);
	d->created = true;
	d->iface = iface;
	pl->bound[iface] = pl->n_devs;
	dev_indexed(pl, pl->n_devs++);
	return d;
}

/* What the kernel does when a device goes: ports are released, VLANs on it
 * go with it. */
static void dev_gone(struct planner *pl, struct dev *d)
{
	d->gone = true;
	if (d->iface >= 0 && pl->bound[d->iface] == d - pl->devs)
		pl->bound[d->iface] = -1;
	chain_unlink(pl, d);
	while (d->first_port >= 0)
		set_master(pl, &pl->devs[d->first_port], 0);
	for (int i = 0; i < pl->n_devs; i++) {
		struct dev *e = &pl->devs[i];

		if (!e->gone && e->kind == KS_KIND_VLAN && e->vlan_parent == d->ifindex)
			dev_gone(pl, e);
	}
}

static bool wanted_up(const struct iface *f)
{
	return f->kind != IF_KIND_LINK || f->link.up;
}

static bool is_port_of(const struct iface *m, int iface)
{
	for (int i = 0; i < m->n_ports; i++)
		if (m->ports[i] == iface)
			return true;
	return false;
}

/* Operations that keep the devices in step. */

static void op_down(struct planner *pl, struct dev *d)
{
	if (!d->up)
		return;
	emit(pl, OP_LINK_DOWN, d);
	d->up = false;
}

static void op_up(struct planner *pl, struct dev *d)
{
	if (d->up)
		return;
	emit(pl, OP_LINK_UP, d);
	d->up = true;
}

static void op_release(struct planner *pl, struct dev *d)
{
	struct dev *m = dev_by_index(pl, d->master);
	struct op *op;

	if (!d->master)
		return;
	op = emit(pl, OP_RELEASE, d);
	if (m)
		snprintf(op->arg, sizeof(op->arg), "%s", m->name);
	set_master(pl, d, 0);
}

static void op_enslave(struct planner *pl, struct dev *port, const struct dev *master)
{
	struct op *op = emit(pl, OP_ENSLAVE, port);

	op->other = master->ifindex;
	snprintf(op->arg, sizeof(op->arg), "%s", master->name);
	set_master(pl, port, master->ifindex);
}

static void op_delete(struct planner *pl, struct dev *d)
{
	emit(pl, OP_DELETE, d)->ival = d->kind;
	dev_gone(pl, d);
}

static void op_mtu(struct planner *pl, struct dev *d, int mtu)
{
	struct op *op;

	if (mtu == EN_UNSET || d->mtu == mtu)
		return;
	op = emit(pl, OP_SET_MTU, d);
	op->ival = mtu;
	op->was_ival = d->mtu;
	d->mtu = mtu;
}

/* A name no device holds (as a name or altname), no interface of the
 * file has, and no operation so far gave out: "enaside0", "enaside1"... */
static void aside_name(struct planner *pl, char *out)
{
	for (int n = 0;; n++) {
		bool used = false;

		snprintf(out, EN_NAME_MAX, "enaside%u", (unsigned)n % 100000000u);
		used = config_find(pl->c, out) >= 0;
		for (int i = 0; !used && i < pl->n_devs; i++) {
			const struct dev *d = &pl->devs[i];

			used = !strcmp(d->name, out) || (d->ks && !strcmp(d->ks->name, out));
			for (int a = 0; !used && d->ks && a < d->ks->n_altnames; a++)
				used = !strcmp(d->ks->altnames[a], out);
		}
		if (!used)
			return;
	}
}

/* What depends on interface i is left out: a line for the result. */
static void note_held(struct planner *pl, const char *what)
{
	struct plan *p = pl->p;
	size_t used = strlen(p->held);

	if (used < sizeof(p->held))
		snprintf(p->held + used, sizeof(p->held) - used, "%s%s", used ? ", " : "",
		         what);
	p->n_held++;
}

/*
 * A virtual device of the file is missing: make its name free. A stale
 * bond, bridge or VLAN of that name goes. Anything else (a NIC, a veth) is
 * not ours to remove: down, it is renamed aside; up, the device is not
 * made (its dependants are built without it, the run is degraded), or,
 * when management needs it, the plan fails. 0: free; 1: not made.
 */
static int free_name(struct planner *pl, int iface)
{
	const struct iface *f = &pl->c->ifaces[iface];
	struct dev *h = dev_by_name(pl, f->name);
	char aside[EN_NAME_MAX], what[80];
	struct op *op;

	if (!h)
		return 0;
	if (h->kind != KS_KIND_OTHER) {
		op_delete(pl, h);
		return 0;
	}
	if (h->up && pl->mgmt_need[iface])
		return fail(pl, -EEXIST, "cannot create %s %s: the name is held by %s "
		            "(ifindex %d), which is up and not in the file",
		            if_kind_name(f->kind), f->name, h->name, h->ifindex);
	if (h->up) {
		warn(pl, "not creating %s %s: the name is held by %s (ifindex %d), which is up "
		     "and not in the file; bring %s down (or remove it), then run `earlynet up`",
		     if_kind_name(f->kind), f->name, h->name, h->ifindex, h->name);
		snprintf(what, sizeof(what), "%s not created (%s holds its name)", f->name, h->name);
		note_held(pl, what);
		return 1;
	}
	aside_name(pl, aside);
	warn(pl, "renaming %s (ifindex %d, down, not in the file) to %s: the file gives the "
	     "name %s to its %s", h->name, h->ifindex, aside, f->name, if_kind_name(f->kind));
	op = emit(pl, OP_RENAME, h);
	snprintf(op->arg, sizeof(op->arg), "%s", aside);
	op->ival = 2;
	memcpy(h->name, aside, EN_NAME_MAX);
	return 0;
}

/* Renames, first in every scope: a NIC may hold the name another needs. */

static bool rename_is_mgmt(struct planner *pl, const struct dev *d, const char *from)
{
	int j = config_find(pl->c, from);

	if (d->iface >= 0 && pl->mgmt_need[d->iface])
		return true;
	/* it frees a name that a management NIC takes */
	return j >= 0 && pl->mgmt_need[j] && pl->c->ifaces[j].kind == IF_KIND_LINK;
}

static void fmt_mac(const uint8_t m[6], char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* "the NIC with MAC 02:e0:00:00:00:01" that the file calls name */
static void wanted_by(struct planner *pl, const char *name, char *buf, size_t len)
{
	int j = config_find(pl->c, name);
	char mac[18];

	if (j < 0 || pl->c->ifaces[j].kind != IF_KIND_LINK) {
		snprintf(buf, len, "one of its interfaces");
		return;
	}
	fmt_mac(pl->c->ifaces[j].link.mac, mac);
	snprintf(buf, len, "the NIC with MAC %s", mac);
}

/* A NIC that keeps its kernel name: a warning with the cause and what to
 * do, and a line in plan->held for the result. */
static void note_kept(struct planner *pl, const struct rename_node *nodes,
                      const struct rename_kept *kp)
{
	const struct rename_node *nd = &nodes[kp->node], *h = &nodes[kp->holder];
	struct plan *p = pl->p;
	char who[48];
	size_t used = strlen(p->held);

	wanted_by(pl, nd->target, who, sizeof(who));
	if (h->target[0])
		warn(pl, "%s (%s) stays named %s: its name is held by %s, the file's %s, "
		     "which cannot be renamed either", nd->target, who, nd->name, h->name,
		     h->target);
	else
		warn(pl, "%s (%s) stays named %s: %s%s is held by %s (ifindex %d), which is up "
		     "and not in the file; bring %s down (or remove it), then run `earlynet up`",
		     nd->target, who, nd->name, kp->altname ? "the altname " : "the name ",
		     nd->target, h->name, h->ifindex, h->name);
	if (used < sizeof(p->held))
		snprintf(p->held + used, sizeof(p->held) - used, "%s%s is %s (%s holds %s)",
		         used ? ", " : "", nd->target, nd->name, h->name, nd->target);
	p->n_held++;
}

static int plan_renames(struct planner *pl)
{
	const struct config *c = pl->c;
	struct rename_node *nodes = calloc((size_t)pl->n_devs + 1, sizeof(*nodes));
	char (*avoid)[EN_NAME_MAX] = calloc((size_t)c->n_ifaces + 1, sizeof(*avoid));
	struct rename_plan rp = { 0 };
	char who[48];
	int r;

	if (!nodes || !avoid) {
		r = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < pl->n_devs; i++) {
		const struct dev *d = &pl->devs[i];

		memcpy(nodes[i].name, d->name, EN_NAME_MAX);
		nodes[i].ifindex = d->ifindex;
		nodes[i].ours = d->iface >= 0;
		nodes[i].up = d->up;
		if (d->ks) {
			nodes[i].altnames = (const char (*)[EN_NAME_MAX])d->ks->altnames;
			nodes[i].n_altnames = d->ks->n_altnames;
		}
		if (d->iface >= 0 && c->ifaces[d->iface].kind == IF_KIND_LINK)
			memcpy(nodes[i].target, c->ifaces[d->iface].name, EN_NAME_MAX);
	}
	for (int i = 0; i < c->n_ifaces; i++)
		memcpy(avoid[i], c->ifaces[i].name, EN_NAME_MAX);

	r = rename_order(nodes, pl->n_devs, (const char (*)[EN_NAME_MAX])avoid, c->n_ifaces,
	                 &rp, pl->p->error, sizeof(pl->p->error));
	if (r < 0)
		goto out;
	for (int i = 0; i < rp.n_steps; i++) {
		const struct rename_step *st = &rp.steps[i];
		struct dev *d = &pl->devs[st->node];
		struct op *op;

		if (st->kind == RENAME_DROP_ALTNAME) {
			pl->mgmt = rename_is_mgmt(pl, d, st->to);
			if (d->iface < 0) {
				wanted_by(pl, st->to, who, sizeof(who));
				warn(pl, "removing the altname %s of %s (ifindex %d, down, not in the "
				     "file): the file gives that name to %s", st->to, d->name,
				     d->ifindex, who);
			}
			op = emit(pl, OP_ALTNAME_DEL, d);
			snprintf(op->arg, sizeof(op->arg), "%s", st->to);
			continue;
		}
		pl->mgmt = rename_is_mgmt(pl, d, st->from);
		if (st->kind == RENAME_ASIDE) {
			wanted_by(pl, st->from, who, sizeof(who));
			warn(pl, "renaming %s (ifindex %d, down, not in the file) to %s: the file "
			     "gives the name %s to %s", st->from, d->ifindex, st->to, st->from, who);
		}
		op_down(pl, d);
		op = emit(pl, OP_RENAME, d);
		snprintf(op->arg, sizeof(op->arg), "%s", st->to);
		op->ival = st->kind == RENAME_TEMPORARY ? 1 : st->kind == RENAME_ASIDE ? 2 : 0;
		memcpy(d->name, st->to, EN_NAME_MAX);
	}
	for (int i = 0; i < rp.n_kept; i++)
		note_kept(pl, nodes, &rp.kept[i]);
	pl->mgmt = false;
out:
	if (r == -ENOMEM)
		snprintf(pl->p->error, sizeof(pl->p->error), "out of memory");
	free(nodes);
	free(avoid);
	rename_plan_free(&rp);
	return r;
}

/* One interface of the file, brought to what the file says. */

static void plan_link(struct planner *pl, int i)
{
	const struct iface *f = &pl->c->ifaces[i];
	const struct ks_ethtool *e;
	struct dev *d = bound(pl, i);
	uint32_t rx = 0, tx = 0;

	if (!d)
		return; /* absent: its dependants are built without it */
	e = &d->ks->ethtool;

	/* A master the file does not give it is let go; one out of this
	 * plan's scope is not ours to judge. */
	if (d->master) {
		struct dev *m = dev_by_index(pl, d->master);
		bool keep = f->master >= 0 && (!pl->scope[f->master] || (m && m->iface == f->master));

		if (!keep)
			op_release(pl, d);
	}
	if (!f->link.up)
		op_down(pl, d);
	op_mtu(pl, d, f->mtu);

	for (int k = 0; k < FEAT_COUNT; k++) {
		enum tristate want = k == FEAT_TSO ? f->link.tso : k == FEAT_GSO ? f->link.gso :
		                     k == FEAT_GRO ? f->link.gro : f->link.lro;
		struct op *op;

		if (want == TRI_UNSET)
			continue;
		/* Without a reading (the caller did not ask the driver), set it:
		 * that is harmless, comparing is only an optimisation. */
		if (e->read) {
			if (e->feature[k] == want)
				continue;
			if (e->feature[k] == TRI_UNSET) {
				warn(pl, "%s: the driver does not report %s, ignoring",
				     f->name, feature_name((enum en_feature)k));
				continue;
			}
			if (e->feature_fixed[k]) {
				warn(pl, "%s: the driver cannot change %s, ignoring",
				     f->name, feature_name((enum en_feature)k));
				continue;
			}
		}
		op = emit(pl, OP_SET_FEATURE, d);
		op->feature = (enum en_feature)k;
		op->on = want == TRI_ON;
	}

	if (f->link.rx_ring != EN_UNSET || f->link.tx_ring != EN_UNSET) {
		if (e->read && !e->has_rings) {
			warn(pl, "%s: driver cannot change rings, ignoring", f->name);
		} else {
			if (f->link.rx_ring != EN_UNSET)
				rx = (uint32_t)f->link.rx_ring;
			if (f->link.tx_ring != EN_UNSET)
				tx = (uint32_t)f->link.tx_ring;
			if (e->read && e->rx_max && rx > e->rx_max) {
				warn(pl, "%s: rx_ring %u is above the maximum %u, using %u",
				     f->name, rx, e->rx_max, e->rx_max);
				rx = e->rx_max;
			}
			if (e->read && e->tx_max && tx > e->tx_max) {
				warn(pl, "%s: tx_ring %u is above the maximum %u, using %u",
				     f->name, tx, e->tx_max, e->tx_max);
				tx = e->tx_max;
			}
			if (e->read && rx == e->rx)
				rx = 0;
			if (e->read && tx == e->tx)
				tx = 0;
			if (rx || tx) {
				struct op *op = emit(pl, OP_SET_RINGS, d);

				op->rx = rx;
				op->tx = tx;
			}
		}
	}

	/* A port comes up when its master takes it. */
	if (f->link.up && (f->master < 0 || !pl->scope[f->master]))
		op_up(pl, d);
}

/* The options as the kernel will keep them (delays rounded to miimon). */
static struct bond_conf bond_values(const struct bond_conf *b)
{
	struct bond_conf v = *b;

	v.updelay = bond_effective_delay(b->updelay, b->miimon);
	v.downdelay = bond_effective_delay(b->downdelay, b->miimon);
	return v;
}

/* Release the ports of master m (interface i) that are interfaces of the
 * file it does not give to m: they go where the file says. Ports that are
 * not the file's (a guest's tap100i0, a container's veth101i0) stay. */
static void release_misplaced(struct planner *pl, const struct dev *m, int i)
{
	const struct iface *f = &pl->c->ifaces[i];

	for (int k = m->first_port, next; k >= 0; k = next) {
		struct dev *e = &pl->devs[k];

		next = e->next_port; /* op_release takes e off the chain */
		if (!e->gone && e->iface >= 0 && !is_port_of(f, e->iface))
			op_release(pl, e);
	}
}

/* hwaddress: on a new device right after it is made (before any port
 * joins, which would lend it its MAC), on an old one when it differs. */
static void op_mac(struct planner *pl, const struct dev *d, const struct iface *f)
{
	static const uint8_t zero[6];

	if (!memcmp(f->hwaddress, zero, 6) || (d->ks && !memcmp(d->ks->mac, f->hwaddress, 6)))
		return;
	memcpy(emit(pl, OP_SET_MAC, d)->mac, f->hwaddress, 6);
}

/* Is the kernel's primary port of the bond not the file's? A file without
 * one leaves the kernel's alone; an absent port cannot be primary. */
static int primary_ifindex(struct planner *pl, const struct iface *f)
{
	int pi = f->bond.primary[0] ? config_find(pl->c, f->bond.primary) : -1;
	struct dev *pd = pi >= 0 ? bound(pl, pi) : NULL;

	return pd && pd->ifindex > 0 ? pd->ifindex : 0;
}

static bool primary_differs(struct planner *pl, const struct iface *f, const struct ks_bond *kb)
{
	int pi = primary_ifindex(pl, f);

	return pi && kb->primary != pi;
}

static void plan_bond(struct planner *pl, int i)
{
	const struct iface *f = &pl->c->ifaces[i];
	const struct bond_conf *b = &f->bond;
	struct dev *d = bound(pl, i);
	struct dev *foreign[EN_MAX_PORTS];
	int n_foreign = 0;
	struct op *op;

	if (d) {
		const struct ks_bond *kb = &d->ks->bond;
		unsigned fields = compare_bond(b, kb) |
		                  (primary_differs(pl, f, kb) ? BOND_F_PRIMARY : 0);
		bool reconf = fields & BOND_F_NEED_DOWN;

		/* The mode changes only on a bond without ports: they all
		 * go and the file's come back below; one the file does not
		 * know is taken back after the change. */
		if (fields & BOND_F_MODE) {
			for (int k = d->first_port, next; k >= 0; k = next) {
				struct dev *e = &pl->devs[k];

				next = e->next_port;
				if (e->gone)
					continue;
				if (e->iface < 0 && n_foreign < EN_MAX_PORTS)
					foreign[n_foreign++] = e;
				op_release(pl, e);
			}
		}
		if (reconf)
			op_down(pl, d);
		if (fields) {
			op = emit(pl, OP_BOND_SET, d);
			op->fields = fields;
			op->bond = bond_values(b);
			op->bond.primary_ifindex = primary_ifindex(pl, f);
			op->was_bond = *kb;
		}
	} else {
		if (free_name(pl, i) != 0)
			return;
		d = dev_new(pl, f->name, i);
		if (!d)
			return;
		op = emit(pl, OP_BOND_ADD, d);
		op->bond = bond_values(b);
		op->bond.primary_ifindex = primary_ifindex(pl, f);
		op->fields = compare_bond_new(b);
	}

	op_mac(pl, d, f);
	/* Before the ports join: a bond gives each new port its own MTU. */
	op_mtu(pl, d, f->mtu);
	release_misplaced(pl, d, i);
	for (int k = 0; k < f->n_ports; k++) {
		struct dev *pd = bound(pl, f->ports[k]);

		if (!pd)
			continue;
		if (pd->master != d->ifindex) {
			op_release(pl, pd);
			op_down(pl, pd); /* a bond takes only ports that are down */
			op_enslave(pl, pd, d);
		}
		if (wanted_up(&pl->c->ifaces[f->ports[k]]))
			op_up(pl, pd);
	}
	for (int k = 0; k < n_foreign; k++) {
		bool was_up = foreign[k]->up;

		op_down(pl, foreign[k]);
		op_enslave(pl, foreign[k], d);
		if (was_up)
			op_up(pl, foreign[k]);
	}
	op_up(pl, d);
}

/* Converge the VLANs of d (port j of vlan-aware bridge i, or the bridge
 * itself, j == i) to what the file gives it, both ways, the pvid first.
 * fresh: what the snapshot says about d does not hold (a new bridge, a
 * port that joins now); the kernel then gives it VLAN 1, pvid, untagged. */
static void plan_vids(struct planner *pl, const struct dev *d, const struct dev *br,
		      int i, int j, bool fresh)
{
	struct vlan_want w;
	struct vlan_change ch;
	unsigned f;
	struct op *op;

	if (!compare_vlan_want(pl->c, j, &w))
		return;
	f = compare_vlans(&w, fresh ? NULL : d->ks, &ch);
	if (f & VLAN_F_PVID) {
		op = emit(pl, OP_PORT_PVID, d);
		op->iface = i;
		op->other = br->ifindex;
		snprintf(op->arg, sizeof(op->arg), "%s", br->name);
		op->ival = ch.pvid;
	}
	for (size_t b = 0; b < sizeof(ch.add.bits); b++)
		ch.add.bits[b] |= ch.tag.bits[b]; /* added tagged, or made tagged */
	for (int k = 0; k < 2; k++) {
		const struct vid_set *v = k ? &ch.del : &ch.add;

		if (vid_set_empty(v))
			continue;
		op = emit(pl, k ? OP_PORT_VIDS_DEL : OP_PORT_VIDS, d);
		op->iface = i;
		op->other = br->ifindex;
		snprintf(op->arg, sizeof(op->arg), "%s", br->name);
		if (op == &pl->scratch)
			continue;       /* out of memory already */
		if (plan_op_vids(op))
			*op->vids = *v;
		else if (!pl->err)
			pl->err = -ENOMEM;
	}
}

/*
 * A bridge port has IPv6 disabled (disable_ipv6 1), as ifupdown2 sets it on
 * every port it enslaves (and at boot, --perfmode, on every port): no
 * link-local address, no SLAAC on a port, where it does not belong; the
 * bridge has them. Set when the kernel says it is on, and on a port made
 * by this plan; a kernel without IPv6 says nothing and is left alone.
 */
static void op_port_ipv6(struct planner *pl, struct dev *pd)
{
	if (pd->ipv6_off)
		return;
	emit(pl, OP_SET_IPV6, pd)->on = true;
	pd->ipv6_off = true;
}

static void plan_bridge(struct planner *pl, int i)
{
	const struct iface *f = &pl->c->ifaces[i];
	const struct bridge_conf *b = &f->bridge;
	struct dev *d = bound(pl, i);
	bool fresh = false;
	struct op *op;

	if (d) {
		const struct ks_bridge *kb = &d->ks->bridge;
		unsigned fields = compare_bridge(b, kb);

		if (fields) {
			op = emit(pl, OP_BRIDGE_SET, d);
			op->fields = fields;
			op->bridge = *b;
			op->was_bridge = *kb;
		}
	} else {
		if (free_name(pl, i) != 0)
			return;
		d = dev_new(pl, f->name, i);
		if (!d)
			return;
		op = emit(pl, OP_BRIDGE_ADD, d);
		op->bridge = *b;
		op->fields = compare_bridge_new(b);
		fresh = true;
	}

	op_mac(pl, d, f);
	release_misplaced(pl, d, i);
	for (int k = 0; k < f->n_ports; k++) {
		struct dev *pd = bound(pl, f->ports[k]);
		bool joined = false;

		if (!pd)
			continue;
		if (pd->master != d->ifindex) {
			op_release(pl, pd);
			op_enslave(pl, pd, d);
			joined = true;
		}
		op_port_ipv6(pl, pd);
		if (b->vlan_aware)
			plan_vids(pl, pd, d, i, f->ports[k], fresh || joined);
	}
	if (b->vlan_aware)
		plan_vids(pl, d, d, i, i, fresh);
	op_mtu(pl, d, f->mtu);
	/* The bridge comes up before its ports: it gets carrier when a port
	 * does, from the kernel's link watch, and not inside our request.
	 * Up with carrier, the kernel gives it its IPv6 link-local address,
	 * routes and DAD then and there, each a walk of every IPv6 route in
	 * the namespace: at thousands of bridges, most of the time of `up`
	 * (ip -batch, ports first, gets the same by luck of timing). */
	op_up(pl, d);
	for (int k = 0; k < f->n_ports; k++) {
		struct dev *pd = bound(pl, f->ports[k]);

		if (pd && wanted_up(&pl->c->ifaces[f->ports[k]]))
			op_up(pl, pd);
	}
}

/*
 * A VLAN on a bridge keeps the bridge's MAC, as ifupdown2 wants it: for a
 * VLAN without hwaddress of its own on a bridge it sets the bridge's MAC,
 * taking the VLAN down and up for it (carrier_changes +2, a bounce). A new
 * VLAN copies its parent's MAC when it is made, after the bridge's ports
 * joined; an old one that differs (the bridge's MAC changed after it was
 * made: udev's MACAddressPolicy on the bridge, a port that left) is set
 * to the bridge's MAC, which a VLAN takes while up.
 */
static void op_vlan_mac(struct planner *pl, const struct dev *d, const struct dev *parent,
			int pi)
{
	static const uint8_t zero[6];
	const struct iface *pf = &pl->c->ifaces[pi];
	const uint8_t *want;

	if (pf->kind != IF_KIND_BRIDGE || !d->ks)
		return;
	if (memcmp(pf->hwaddress, zero, 6))
		want = pf->hwaddress;
	else if (parent->ks)
		want = parent->ks->mac;
	else
		return;
	if (memcmp(d->ks->mac, want, 6))
		memcpy(emit(pl, OP_SET_MAC, d)->mac, want, 6);
}

static void plan_vlan(struct planner *pl, int i)
{
	const struct iface *f = &pl->c->ifaces[i];
	struct dev *parent = bound(pl, f->vlan.parent);
	struct dev *d = bound(pl, i);
	struct op *op;

	if (!parent)
		return; /* its NIC is absent */
	if (d && (d->vlan_id != f->vlan.id || d->vlan_parent != parent->ifindex)) {
		op_delete(pl, d);
		d = NULL;
	}
	if (!d) {
		if (free_name(pl, i) != 0)
			return;
		d = dev_new(pl, f->name, i);
		if (!d)
			return;
		op = emit(pl, OP_VLAN_ADD, d);
		op->other = parent->ifindex;
		snprintf(op->arg, sizeof(op->arg), "%s", parent->name);
		op->ival = f->vlan.id;
		d->vlan_id = f->vlan.id;
		d->vlan_parent = parent->ifindex;
	}
	op_vlan_mac(pl, d, parent, f->vlan.parent);
	op_mtu(pl, d, f->mtu);
	op_up(pl, d);
}

static bool addr_eq(const struct en_addr *a, const struct en_addr *b, bool prefix)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && !memcmp(a->bytes, b->bytes, len) &&
	       (!prefix || a->prefix == b->prefix);
}

static bool is_link_local6(const struct en_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

/* Does the kernel's address ka carry the peer the file gives it (none
 * when the file gives none)? */
static bool peer_matches(const struct iface *f, const struct en_addr *want,
			 const struct ks_addr *ka)
{
	const struct en_addr *p = iface_peer_for(f, want);

	if (!p)
		return !ka->peer.family;
	return addr_eq(p, &ka->peer, false);
}

/*
 * Addresses: add what the file gives and is missing. Remove only what
 * earlynet put there (IFA_PROTO EN_IFA_PROTO) and the file no longer
 * gives; with address_purge, on a port of the file's bridge or bond and on
 * a link the file wants down (where an address does not work: the boot's
 * ip= left behind), every address the file does not give. Never one with a lifetime (SLAAC, DHCP)
 * nor an IPv6 link-local one: those are the kernel's and other daemons'.
 * Anything else (a keepalived VIP, one added by hand or by a hook) stays.
 */
static bool addr_removable(const struct iface *f, const struct ks_addr *ka)
{
	if (ka->dynamic || is_link_local6(&ka->addr))
		return false;
	return ka->proto == EN_IFA_PROTO || f->address_purge || f->master >= 0 ||
	       (f->kind == IF_KIND_LINK && !f->link.up);
}

/* Is ka, an address of d in the snapshot, to go? */
static bool addr_unwanted(const struct iface *f, const struct ks_addr *ka)
{
	bool wanted = false, named = false;

	if (ka->dynamic || is_link_local6(&ka->addr))
		return false;
	for (int w = 0; w < f->n_addrs; w++) {
		named |= addr_eq(&f->addrs[w], &ka->addr, true);
		wanted |= addr_eq(&f->addrs[w], &ka->addr, true) &&
			  peer_matches(f, &f->addrs[w], ka);
	}
	/* the file's own address with another peer is the file's */
	return !wanted && (named || addr_removable(f, ka));
}

/* Does the file give the address of ka, by another prefix or peer? The
 * kernel refuses the add while ka is there (IPv6 by the address alone). */
static bool addr_replaced(const struct iface *f, const struct ks_addr *ka)
{
	for (int w = 0; w < f->n_addrs; w++)
		if (addr_eq(&f->addrs[w], &ka->addr, false))
			return true;
	return false;
}

static void addr_dels(struct planner *pl, const struct iface *f, const struct dev *d,
		      bool replaced)
{
	const struct kstate *k = pl->k;

	for (int a = d->created ? -1 : ks_addr_first(k, d->ifindex); a >= 0;
	     a = ks_addr_next(k, a))
		if (k->addrs[a].ifindex == d->ifindex && addr_unwanted(f, &k->addrs[a]) &&
		    addr_replaced(f, &k->addrs[a]) == replaced)
			emit(pl, OP_ADDR_DEL, d)->addr = k->addrs[a].addr;
}

/*
 * The adds come before the deletes, so that the device is never without
 * an address (a new primary IPv4 address is there before the old one
 * goes; what the kernel takes with the old one, the engine reads again
 * and puts back, see plan_side_effects()). An address the file gives
 * again with another prefix or peer goes first: the kernel would refuse
 * the add.
 */
static void plan_addrs(struct planner *pl, int i)
{
	const struct iface *f = &pl->c->ifaces[i];
	const struct kstate *k = pl->k;
	struct dev *d = bound(pl, i);

	if (!d)
		return;
	addr_dels(pl, f, d, true);
	for (int w = 0; w < f->n_addrs; w++) {
		bool have = false;

		for (int a = d->created ? -1 : ks_addr_first(k, d->ifindex); a >= 0;
		     a = ks_addr_next(k, a))
			have |= k->addrs[a].ifindex == d->ifindex &&
			        addr_eq(&f->addrs[w], &k->addrs[a].addr, true) &&
			        peer_matches(f, &f->addrs[w], &k->addrs[a]);
		if (!have) {
			struct op *op = emit(pl, OP_ADDR_ADD, d);
			const struct en_addr *peer = iface_peer_for(f, &f->addrs[w]);

			op->addr = f->addrs[w];
			if (peer)
				op->peer = *peer;
		}
	}
	addr_dels(pl, f, d, false);
}

/*
 * The file's default route of a family goes through its interface. Other
 * default routes of that family through interfaces of the file go. One
 * through an interface the file does not mention (left by ip=dhcp on
 * another NIC) is replaced: the add replaces the kernel's default route
 * of that metric in one step (never a moment without one), then the
 * foreign route goes if it is still there (it had another metric).
 */
static void plan_route(struct planner *pl, int i, const struct en_addr *gw)
{
	const struct kstate *k = pl->k;
	struct dev *d = bound(pl, i);
	int foreign[8], n_foreign = 0;
	bool have = false;
	char a[64], b[64];

	if (!gw->family || !d)
		return;
	for (int r = 0; r < k->n_routes; r++) {
		const struct ks_route *kr = &k->routes[r];
		struct dev *rd = dev_by_index(pl, kr->ifindex);

		if (kr->gw.family != gw->family || !rd || kr->dst.prefix)
			continue; /* gone with its device, or not a default */
		if (rd == d && addr_eq(&kr->gw, gw, false))
			have = true;
		else if (rd->iface >= 0)
			emit(pl, OP_ROUTE_DEL, rd)->addr = kr->gw;
		else if (n_foreign < (int)(sizeof(foreign) / sizeof(foreign[0])))
			foreign[n_foreign++] = r;
	}
	for (int f = 0; f < n_foreign; f++) {
		const struct ks_route *kr = &k->routes[foreign[f]];

		warn(pl, "replacing the default route via %s dev %s (not in the file) with the "
		     "file's, via %s dev %s", en_addr_fmt(&kr->gw, false, a),
		     dev_by_index(pl, kr->ifindex)->name, en_addr_fmt(gw, false, b), d->name);
	}
	if (!have) {
		struct op *op = emit(pl, OP_ROUTE_ADD, d);

		op->addr = *gw;
		op->on = n_foreign > 0;
	}
	for (int f = 0; f < n_foreign; f++) {
		const struct ks_route *kr = &k->routes[foreign[f]];

		emit(pl, OP_ROUTE_DEL, dev_by_index(pl, kr->ifindex))->addr = kr->gw;
	}
}

/*
 * route = DEST via GW: added when the kernel lacks it on the interface.
 * Routes via a gateway that the file does not list are left alone: other
 * tools (routing daemons) put theirs there too.
 */
static void plan_routes(struct planner *pl, int i)
{
	const struct iface *f = &pl->c->ifaces[i];
	const struct kstate *k = pl->k;
	struct dev *d = bound(pl, i);

	for (int w = 0; d && w < f->n_routes; w++) {
		const struct en_route *rt = &f->routes[w];
		bool have = false;

		for (int r = 0; !d->created && r < k->n_routes; r++) {
			const struct ks_route *kr = &k->routes[r];

			have |= kr->ifindex == d->ifindex && kr->dst.prefix &&
				addr_eq(&kr->dst, &rt->dst, true) && addr_eq(&kr->gw, &rt->gw, false);
		}
		if (!have) {
			struct op *op = emit(pl, OP_ROUTE_ADD, d);

			op->addr = rt->gw;
			op->dst = rt->dst;
		}
	}
}

/* IPv6 off on the ports of bridge i that exist already, before anything
 * of the pass comes up: the kernel walks every IPv6 route of the namespace
 * at each such write, and the routes of a thousand bridges brought up
 * first would make that walk grow with every bridge. */
static void ports_ipv6_first(struct planner *pl, int i)
{
	const struct iface *f = &pl->c->ifaces[i];

	if (f->kind != IF_KIND_BRIDGE)
		return;
	for (int k = 0; k < f->n_ports; k++) {
		struct dev *pd = bound(pl, f->ports[k]);

		if (pd && pd->ks)
			op_port_ipv6(pl, pd);
	}
}

static int plan_pass(struct planner *pl, const bool *set, bool mgmt)
{
	const struct config *c = pl->c;
	int *order = calloc((size_t)c->n_ifaces + 1, sizeof(*order));
	int n;

	if (!order)
		return -ENOMEM;
	n = config_build_order(c, set, order);
	if (n < 0) {
		free(order);
		return n;
	}
	pl->mgmt = mgmt;
	for (int k = 0; k < n; k++)
		ports_ipv6_first(pl, order[k]);
	for (int k = 0; k < n && !pl->err; k++) {
		switch (c->ifaces[order[k]].kind) {
		case IF_KIND_LINK:	plan_link(pl, order[k]); break;
		case IF_KIND_BOND:	plan_bond(pl, order[k]); break;
		case IF_KIND_BRIDGE:	plan_bridge(pl, order[k]); break;
		case IF_KIND_VLAN:	plan_vlan(pl, order[k]); break;
		}
		plan_addrs(pl, order[k]);
	}
	for (int k = 0; k < n; k++) {
		plan_route(pl, order[k], &c->ifaces[order[k]].gw4);
		plan_route(pl, order[k], &c->ifaces[order[k]].gw6);
	}
	for (int k = 0; k < n && !pl->err; k++)
		plan_routes(pl, order[k]);
	pl->mgmt = false;
	free(order);
	return pl->err;
}

/* Remove the file's bonds, bridges and VLANs outside keep[] (deepest first),
 * then bring its links outside keep[] down. */
static int plan_teardown(struct planner *pl, const bool *keep)
{
	const struct config *c = pl->c;
	bool *set = calloc((size_t)c->n_ifaces + 1, sizeof(*set));
	int *order = calloc((size_t)c->n_ifaces + 1, sizeof(*order));
	int n;

	if (!set || !order) {
		free(set);
		free(order);
		return -ENOMEM;
	}
	for (int i = 0; i < c->n_ifaces; i++)
		set[i] = !keep[i];
	n = config_build_order(c, set, order);
	pl->mgmt = false;
	for (int k = n - 1; k >= 0; k--) {
		struct dev *d = bound(pl, order[k]);

		if (d && c->ifaces[order[k]].kind != IF_KIND_LINK)
			op_delete(pl, d);
	}
	for (int k = 0; k < n; k++) {
		struct dev *d = bound(pl, order[k]);

		if (d && c->ifaces[order[k]].kind == IF_KIND_LINK)
			op_down(pl, d);
	}
	free(set);
	free(order);
	return n < 0 ? n : pl->err;
}

static int planner_init(struct planner *pl, const struct config *c, const struct kstate *k,
                        struct plan *p)
{
	int n = c->n_ifaces;

	memset(pl, 0, sizeof(*pl));
	pl->c = c;
	pl->k = k;
	pl->p = p;
	pl->cap_devs = k->n_links + n;
	pl->devs = calloc((size_t)pl->cap_devs + 1, sizeof(*pl->devs));
	pl->bound = calloc((size_t)n + 1, sizeof(*pl->bound));
	pl->scope = calloc((size_t)n + 1, sizeof(*pl->scope));
	pl->mgmt_need = calloc((size_t)n + 1, sizeof(*pl->mgmt_need));
	if (!pl->devs || !pl->bound || !pl->scope || !pl->mgmt_need)
		return -ENOMEM;
	for (pl->by_ifindex_cap = 64; pl->by_ifindex_cap <= 2u * (unsigned)pl->cap_devs;)
		pl->by_ifindex_cap *= 2;
	pl->by_ifindex = calloc(pl->by_ifindex_cap, sizeof(*pl->by_ifindex));

	for (int i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];
		struct dev *d = &pl->devs[pl->n_devs++];

		d->ifindex = l->ifindex;
		memcpy(d->name, l->name, EN_NAME_MAX);
		d->name[EN_NAME_MAX - 1] = '\0';
		d->kind = l->kind;
		d->up = l->flags & IFF_UP;
		dev_no_chain(d);
		d->ipv6_off = l->ipv6 != EN_IPV6_ON;
		d->mtu = l->mtu;
		d->iface = -1;
		d->ks = l;
		d->vlan_id = l->vlan.id;
		d->vlan_parent = l->vlan.parent;
		dev_indexed(pl, pl->n_devs - 1);
	}
	/* every master is indexed now; backwards, so that each chain is in
	 * the snapshot's order */
	for (int i = k->n_links - 1; i >= 0; i--)
		set_master(pl, &pl->devs[i], k->links[i].master);

	/* NICs by MAC, the rest by name and kind. */
	for (int i = 0; i < n; i++) {
		const struct iface *f = &c->ifaces[i];
		const struct ks_link *l = NULL;

		pl->bound[i] = -1;
		if (f->kind == IF_KIND_LINK) {
			l = ks_link_by_mac(k, f->link.mac);
			if (l && l->kind != KS_KIND_OTHER)
				l = NULL;
		} else {
			l = ks_link_by_name(k, f->name);
			if (l && l->kind != ks_kind_of(f->kind))
				l = NULL;
		}
		if (!l)
			continue;
		/* devs[j] is links[j]: the first interface to claim it has it */
		if (pl->devs[l - k->links].iface < 0) {
			pl->devs[l - k->links].iface = i;
			pl->bound[i] = (int)(l - k->links);
		}
	}
	if (c->management >= 0)
		config_management_closure(c, pl->mgmt_need);
	return 0;
}

/*
 * The order: renames of every present NIC (all scopes); then, per pass,
 * IPv6 off on the bridge ports that exist, then each interface in
 * dependency order (its deletions of what holds its name before its
 * creation) with its addresses, then default routes. UP makes two
 * passes, management's closure (op.mgmt) and the rest; MANAGEMENT makes
 * the first only; FALLBACK adds the teardown of everything else; DOWN is
 * the teardown of everything.
 */
int plan_build(const struct config *c, const struct kstate *k, enum plan_scope scope,
               struct plan *p)
{
	struct planner pl;
	bool *data = NULL;
	int r;

	memset(p, 0, sizeof(*p));
	r = planner_init(&pl, c, k, p);
	if (r < 0)
		goto out;

	r = plan_renames(&pl);
	if (r < 0)
		goto out;

	switch (scope) {
	case PLAN_UP:
		data = calloc((size_t)c->n_ifaces + 1, sizeof(*data));
		if (!data) {
			r = -ENOMEM;
			break;
		}
		for (int i = 0; i < c->n_ifaces; i++) {
			pl.scope[i] = true;
			data[i] = !pl.mgmt_need[i];
		}
		r = plan_pass(&pl, pl.mgmt_need, true);
		if (r == 0)
			r = plan_pass(&pl, data, false);
		break;
	case PLAN_MANAGEMENT:
	case PLAN_FALLBACK:
		memcpy(pl.scope, pl.mgmt_need, (size_t)c->n_ifaces * sizeof(*pl.scope));
		r = plan_pass(&pl, pl.mgmt_need, true);
		if (r < 0 || scope == PLAN_MANAGEMENT)
			break;
		r = plan_teardown(&pl, pl.mgmt_need);
		break;
	case PLAN_DOWN:
		r = plan_teardown(&pl, pl.scope); /* keep nothing */
		break;
	}
	if (r == 0 && pl.err)
		r = pl.err;
out:
	if (r == -ENOMEM && !p->error[0])
		snprintf(p->error, sizeof(p->error), "out of memory");
	if (r < 0) {            /* half a plan is not to be applied */
		for (int i = 0; i < p->n; i++) {
			free(p->ops[i].vids);
			p->ops[i].vids = NULL;
		}
		p->n = 0;
	}
	free(data);
	free(pl.devs);
	free(pl.bound);
	free(pl.by_ifindex);
	free(pl.scope);
	free(pl.mgmt_need);
	return r;
}

struct vid_set *plan_op_vids(struct op *op)
{
	if (!op->vids)
		op->vids = calloc(1, sizeof(*op->vids));
	return op->vids;
}

void plan_free(struct plan *plan)
{
	if (!plan)
		return;
	for (int i = 0; i < plan->n; i++)
		free(plan->ops[i].vids);
	free(plan->ops);
	plan->ops = NULL;
	plan->n = plan->cap = 0;
}

bool plan_side_effects(const struct plan *p)
{
	for (int i = 0; i < p->n; i++) {
		const struct op *op = &p->ops[i];

		if ((op->kind == OP_LINK_DOWN && op->ifindex > 0) ||
		    (op->kind == OP_ADDR_DEL && op->addr.family == AF_INET))
			return true;
	}
	return false;
}
