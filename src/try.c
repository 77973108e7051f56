/* try.c - what a revert of `earlynet try` does beyond `up` with the old
 * file: the difference between the recorded snapshot and the live one, as
 * operations (pure) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rename.h"
#include "try.h"

static struct op *add(struct plan *p, enum op_kind kind, const struct ks_link *l)
{
	struct op *op;

	if (p->n == p->cap) {
		int ncap = p->cap ? p->cap * 2 : 32;
		struct op *ops = realloc(p->ops, (size_t)ncap * sizeof(*ops));

		if (!ops)
			return NULL;
		p->ops = ops;
		p->cap = ncap;
	}
	op = memset(&p->ops[p->n++], 0, sizeof(*op));
	op->kind = kind;
	op->ifindex = l->ifindex;
	op->iface = -1;
	snprintf(op->name, sizeof(op->name), "%s", l->name);
	return op;
}

static enum ks_kind ks_kind_of(enum if_kind k)
{
	switch (k) {
	case IF_KIND_BOND:
		return KS_KIND_BOND;
	case IF_KIND_BRIDGE:
		return KS_KIND_BRIDGE;
	case IF_KIND_VLAN:
		return KS_KIND_VLAN;
	case IF_KIND_LINK:
		break;
	}
	return KS_KIND_OTHER;
}

bool try_named(const struct config *c, const struct kstate *k, const struct ks_link *l)
{
	for (int i = 0; c && i < c->n_ifaces; i++) {
		const struct iface *f = &c->ifaces[i];

		if (f->kind == IF_KIND_LINK) {
			if (ks_link_by_mac(k, f->link.mac) == l)
				return true;
		} else if (!strcmp(f->name, l->name) && ks_kind_of(f->kind) == l->kind) {
			return true;
		}
	}
	return false;
}

/* A virtual device of c by that name and kind. */
static bool virtual_in(const struct config *c, const struct ks_link *l)
{
	for (int i = 0; c && i < c->n_ifaces; i++)
		if (c->ifaces[i].kind != IF_KIND_LINK && !strcmp(c->ifaces[i].name, l->name) &&
		    ks_kind_of(c->ifaces[i].kind) == l->kind)
			return true;
	return false;
}

static bool same_addr(const struct en_addr *a, const struct en_addr *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && a->prefix == b->prefix && !memcmp(a->bytes, b->bytes, n);
}

static bool has_addr(const struct kstate *k, int ifindex, const struct ks_addr *a)
{
	for (int i = 0; i < k->n_addrs; i++)
		if (k->addrs[i].ifindex == ifindex && same_addr(&k->addrs[i].addr, &a->addr))
			return true;
	return false;
}

static bool has_route(const struct kstate *k, int ifindex, const struct ks_route *r)
{
	for (int i = 0; i < k->n_routes; i++)
		if (k->routes[i].ifindex == ifindex && same_addr(&k->routes[i].gw, &r->gw) &&
		    k->routes[i].dst.prefix == r->dst.prefix &&
		    (!r->dst.prefix || same_addr(&k->routes[i].dst, &r->dst)))
			return true;
	return false;
}

/* A route to a destination that c lists (dst and gateway): one of the
 * file's own, not a routing daemon's. */
static bool file_route(const struct config *c, const struct ks_route *r)
{
	for (int i = 0; c && i < c->n_ifaces; i++)
		for (int j = 0; j < c->ifaces[i].n_routes; j++) {
			const struct en_route *fr = &c->ifaces[i].routes[j];

			if (same_addr(&fr->dst, &r->dst) && fr->gw.family == r->gw.family &&
			    !memcmp(fr->gw.bytes, r->gw.bytes, fr->gw.family == AF_INET ? 4 : 16))
				return true;
		}
	return false;
}

static bool link_local6(const struct en_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

struct restore {
	const struct config *old, *new_;
	const struct kstate *before, *now;
	struct plan *p;
	/* per link of now: what it is in before (NULL: none, or neither file
	 * names it), and whether we brought it down to rename it */
	const struct ks_link **was;
	bool *downed;
	bool *deleted;
	bool nomem;
};

static struct op *emit(struct restore *r, enum op_kind kind, const struct ks_link *l)
{
	struct op *op = add(r->p, kind, l);

	if (!op)
		r->nomem = true;
	return op;
}

static void deletes(struct restore *r)
{
	/* VLANs, then bridges, then bonds: what sits on a device goes first */
	static const enum ks_kind order[] = { KS_KIND_VLAN, KS_KIND_BRIDGE, KS_KIND_BOND };

	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
		for (int i = 0; i < r->now->n_links; i++) {
			const struct ks_link *l = &r->now->links[i];
			struct op *op;

			if (l->kind != order[o] || ks_link_by_index(r->before, l->ifindex) ||
			    !virtual_in(r->new_, l) || virtual_in(r->old, l))
				continue;
			if ((op = emit(r, OP_DELETE, l)))
				op->ival = l->kind;
			r->deleted[i] = true;
		}
}

static int renames(struct restore *r)
{
	const struct kstate *now = r->now;
	struct rename_node *nodes = calloc((size_t)now->n_links + 1, sizeof(*nodes));
	struct rename_plan rp = { 0 };
	int n = 0, ret = 0, *at = calloc((size_t)now->n_links + 1, sizeof(*at));
	bool any = false;

	if (!nodes || !at) {
		free(nodes);
		free(at);
		return -ENOMEM;
	}
	for (int i = 0; i < now->n_links; i++) {
		const struct ks_link *l = &now->links[i];
		struct rename_node *nd;

		if (r->deleted[i])
			continue;
		nd = &nodes[n];
		at[n++] = i;
		snprintf(nd->name, sizeof(nd->name), "%s", l->name);
		nd->ifindex = l->ifindex;
		nd->up = l->flags & IFF_UP;
		nd->ours = r->was[i] != NULL;
		nd->altnames = l->altnames;
		nd->n_altnames = l->n_altnames;
		if (r->was[i] && strcmp(r->was[i]->name, l->name)) {
			snprintf(nd->target, sizeof(nd->target), "%s", r->was[i]->name);
			any = true;
		}
	}
	if (!any)
		goto out;
	ret = rename_order(nodes, n, NULL, 0, &rp, r->p->error, sizeof(r->p->error));
	if (ret < 0)
		goto out;
	/* A link is renamed while down: bring down the ones that are up. */
	for (int s = 0; s < rp.n_steps; s++) {
		int i = at[rp.steps[s].node];
		const struct ks_link *l = &now->links[i];
		struct op *op;

		if (rp.steps[s].kind == RENAME_DROP_ALTNAME || (l->flags & IFF_UP) == 0 ||
		    r->downed[i])
			continue;
		op = emit(r, OP_LINK_DOWN, l);
		(void)op;
		r->downed[i] = true;
	}
	for (int s = 0; s < rp.n_steps; s++) {
		const struct rename_step *st = &rp.steps[s];
		const struct ks_link *l = &now->links[at[st->node]];
		struct op *op = emit(r, st->kind == RENAME_DROP_ALTNAME ? OP_ALTNAME_DEL : OP_RENAME, l);

		if (!op)
			break;
		snprintf(op->name, sizeof(op->name), "%s", st->from);
		snprintf(op->arg, sizeof(op->arg), "%s", st->to);
		op->ival = st->kind == RENAME_TEMPORARY ? 1 : st->kind == RENAME_ASIDE ? 2 : 0;
	}
	for (int k = 0; k < rp.n_kept; k++)
		snprintf(r->p->warning[r->p->n_warnings < 8 ? r->p->n_warnings++ : 7],
		         sizeof(r->p->warning[0]), "cannot give %s its name %s back: another "
		         "link that is up holds it", nodes[rp.kept[k].node].name,
		         nodes[rp.kept[k].node].target);
out:
	rename_plan_free(&rp);
	free(nodes);
	free(at);
	return ret;
}

/* The name link i of now has once the renames are done. */
static const char *final_name(const struct restore *r, int i)
{
	return r->was[i] ? r->was[i]->name : r->now->links[i].name;
}

static void set_name(const struct restore *r, struct op *op, int i)
{
	if (op)
		snprintf(op->name, sizeof(op->name), "%s", final_name(r, i));
}

static void per_link(struct restore *r)
{
	const struct kstate *now = r->now, *before = r->before;

	/* ports released first, MTUs, then given back to their master */
	for (int i = 0; i < now->n_links; i++) {
		const struct ks_link *l = &now->links[i], *w = r->was[i];

		if (w && l->master && l->master != w->master)
			set_name(r, emit(r, OP_RELEASE, l), i);
	}
	for (int i = 0; i < now->n_links; i++) {
		const struct ks_link *l = &now->links[i], *w = r->was[i];
		struct op *op;

		if (w && w->mtu && l->mtu != w->mtu && (op = emit(r, OP_SET_MTU, l))) {
			set_name(r, op, i);
			op->ival = w->mtu;
			op->was_ival = l->mtu;
		}
	}
	for (int i = 0; i < now->n_links; i++) {
		const struct ks_link *l = &now->links[i], *w = r->was[i], *m;
		struct op *op;

		if (!w || !w->master || l->master == w->master ||
		    !(m = ks_link_by_index(now, w->master)))
			continue;
		if ((op = emit(r, OP_ENSLAVE, l))) {
			set_name(r, op, i);
			op->other = m->ifindex;
			snprintf(op->arg, sizeof(op->arg), "%s",
			         final_name(r, (int)(m - now->links)));
		}
	}
	for (int i = 0; i < now->n_links; i++) {
		const struct ks_link *l = &now->links[i], *w = r->was[i];
		bool up_now = (l->flags & IFF_UP) && !r->downed[i];

		if (w && up_now != ((w->flags & IFF_UP) != 0))
			set_name(r, emit(r, (w->flags & IFF_UP) ? OP_LINK_UP : OP_LINK_DOWN, l), i);
	}
	/* VLANs on the ports (and the bridge itself) as they were: the pvid
	 * first (untagged, added when absent), then the ids added since go,
	 * and those gone come back tagged, with those made untagged or the pvid
	 * since (re-added tagged: not the pvid). The recorded pvid is left to
	 * OP_PORT_PVID: re-adding it would take it back. */
	for (int i = 0; i < now->n_links; i++) {
		const struct ks_link *l = &now->links[i], *w = r->was[i], *m;
		struct vid_set extra = { { 0 } }, tag = { { 0 } };
		bool any_extra = false, any_tag = false;
		int master = l->kind == KS_KIND_BRIDGE ? l->ifindex : l->master, first = r->p->n;
		struct op *op;

		if (!w || !w->has_vlans || !l->has_vlans || w->master != l->master || !master)
			continue;
		for (unsigned id = 1; id <= EN_VID_MAX; id++) {
			bool b = vid_set_has(&w->vlans->vids, id), n = vid_set_has(&l->vlans->vids, id);
			bool retag = n && w->pvid != id && !vid_set_has(&w->vlans->untagged, id) &&
			             (l->pvid == id || vid_set_has(&l->vlans->untagged, id));

			if (n && !b) {
				vid_set_add(&extra, id, id);
				any_extra = true;
			}
			if (b && id != w->pvid && (!n || retag)) {
				vid_set_add(&tag, id, id);
				any_tag = true;
			}
		}
		if (w->pvid && (w->pvid != l->pvid || (vid_set_has(&w->vlans->untagged, w->pvid) &&
		                                        !vid_set_has(&l->vlans->untagged, w->pvid))) &&
		    (op = emit(r, OP_PORT_PVID, l)))
			op->ival = w->pvid;
		if (any_extra && (op = emit(r, OP_PORT_VIDS_DEL, l))) {
			if (plan_op_vids(op))
				*op->vids = extra;
			else
				r->nomem = true;
		}
		if (any_tag && (op = emit(r, OP_PORT_VIDS, l))) {
			if (plan_op_vids(op))
				*op->vids = tag;
			else
				r->nomem = true;
		}
		m = ks_link_by_index(now, master);
		for (int j = first; j < r->p->n; j++) {
			set_name(r, &r->p->ops[j], i);
			r->p->ops[j].other = master;
			snprintf(r->p->ops[j].arg, sizeof(r->p->ops[j].arg), "%s",
			         m ? final_name(r, (int)(m - now->links)) : "");
		}
	}
	/* addresses: ours added since go, those gone come back */
	for (int a = 0; a < now->n_addrs; a++) {
		const struct ks_addr *ad = &now->addrs[a];
		const struct ks_link *l = ks_link_by_index(now, ad->ifindex);
		int i = l ? (int)(l - now->links) : -1;
		struct op *op;

		if (i < 0 || !r->was[i] || ad->proto != EN_IFA_PROTO ||
		    has_addr(before, ad->ifindex, ad))
			continue;
		if ((op = emit(r, OP_ADDR_DEL, l))) {
			set_name(r, op, i);
			op->addr = ad->addr;
		}
	}
	for (int a = 0; a < before->n_addrs; a++) {
		const struct ks_addr *ad = &before->addrs[a];
		const struct ks_link *l = ks_link_by_index(now, ad->ifindex);
		int i = l ? (int)(l - now->links) : -1;
		struct op *op;

		if (i < 0 || !r->was[i] || ad->dynamic || link_local6(&ad->addr) ||
		    has_addr(now, ad->ifindex, ad))
			continue;
		if ((op = emit(r, OP_ADDR_ADD, l))) {
			set_name(r, op, i);
			op->addr = ad->addr;
			op->peer = ad->peer;
		}
	}
	/* routes: default routes added through a recorded link go, and so do
	 * routes to a destination that the new file added; those gone come
	 * back (a routed one, or the default in its place) */
	for (int t = 0; t < now->n_routes; t++) {
		const struct ks_route *rt = &now->routes[t];
		const struct ks_link *l = ks_link_by_index(now, rt->ifindex);
		int i = l ? (int)(l - now->links) : -1;
		struct op *op;

		if (i < 0 || !r->was[i] || has_route(before, rt->ifindex, rt) ||
		    (rt->dst.prefix && !file_route(r->new_, rt)))
			continue;
		if ((op = emit(r, OP_ROUTE_DEL, l))) {
			set_name(r, op, i);
			op->addr = rt->gw;
			op->dst = rt->dst;
		}
	}
	for (int t = 0; t < before->n_routes; t++) {
		const struct ks_route *rt = &before->routes[t];
		const struct ks_link *l = ks_link_by_index(now, rt->ifindex);
		int i = l ? (int)(l - now->links) : -1;
		struct op *op;

		if (i < 0 || !r->was[i] || has_route(now, rt->ifindex, rt))
			continue;
		if ((op = emit(r, OP_ROUTE_ADD, l))) {
			set_name(r, op, i);
			op->addr = rt->gw;
			op->dst = rt->dst;
			op->on = !rt->dst.prefix;
		}
	}
}

int try_restore_plan(const struct config *old, const struct config *new_,
                     const struct kstate *before, const struct kstate *now,
                     struct plan *out)
{
	struct restore r = { old, new_, before, now, out, NULL, NULL, NULL, false };
	size_t n = (size_t)now->n_links + 1;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	r.was = calloc(n, sizeof(*r.was));
	r.downed = calloc(n, sizeof(*r.downed));
	r.deleted = calloc(n, sizeof(*r.deleted));
	if (!r.was || !r.downed || !r.deleted) {
		ret = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < now->n_links; i++) {
		const struct ks_link *w = ks_link_by_index(before, now->links[i].ifindex);

		if (w && (try_named(old, before, w) || try_named(new_, before, w) ||
		          try_named(new_, now, &now->links[i])))
			r.was[i] = w;
	}
	deletes(&r);
	if (!r.nomem && (ret = renames(&r)) < 0)
		goto out;
	if (!r.nomem)
		per_link(&r);
	if (r.nomem)
		ret = -ENOMEM;
out:
	free(r.was);
	free(r.downed);
	free(r.deleted);
	return ret;
}

int try_pending_pid(const char *text)
{
	const char *p = text ? strstr(text, "pid=") : NULL;
	char *end;
	long pid;

	if (!p || (p != text && p[-1] != '\n'))
		return -1;
	pid = strtol(p + 4, &end, 10);
	if (end == p + 4 || (*end && *end != '\n') || pid <= 1 || pid > 4194304)
		return -1;
	return (int)pid;
}
