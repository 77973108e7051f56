/* kstate.c - lookups in the observed state (pure: no libnl, no I/O) */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>
#include "kstate.h"
#include "sys.h"

/* The index: pointers into links, sorted by key and then by position (a
 * pointer's order is its position's), so the first of equal keys is the
 * one a scan from the front would find. The MAC index holds each link
 * under every address ks_link_by_mac() may match it by, with the rule's
 * rank, so the lowest rank wins before the lowest position. */
struct mac_ent {
	uint8_t mac[6];
	uint8_t rank;               /* 0 permanent, 1 bond's record, 2 current */
	const struct ks_link *l;
};

struct ks_index {
	const struct ks_link *links;    /* what it was built for */
	int n;
	const struct ks_link **by_index, **by_name;
	struct mac_ent *by_mac;
	int n_mac;
	/* the addresses chained per ifindex: heads sorted by ifindex */
	const struct ks_addr *addrs;    /* what it was built for */
	int n_addrs;
	int *addr_next;                 /* per address: the next of its ifindex, -1 */
	int *head_if, *head;            /* n_heads ifindexes, their first address */
	int n_heads;
};

static bool indexed(const struct kstate *k)
{
	return k->idx && k->idx->links == k->links && k->idx->n == k->n_links;
}

static int ptr_cmp(const struct ks_link *a, const struct ks_link *b)
{
	return (a > b) - (a < b);
}

static int cmp_index(const void *x, const void *y)
{
	const struct ks_link *a = *(const struct ks_link *const *)x;
	const struct ks_link *b = *(const struct ks_link *const *)y;

	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return ptr_cmp(a, b);
}

static int cmp_name(const void *x, const void *y)
{
	const struct ks_link *a = *(const struct ks_link *const *)x;
	const struct ks_link *b = *(const struct ks_link *const *)y;
	int c = strcmp(a->name, b->name);

	return c ? c : ptr_cmp(a, b);
}

static int cmp_mac(const void *x, const void *y)
{
	const struct mac_ent *a = x, *b = y;
	int c = memcmp(a->mac, b->mac, 6);

	if (c)
		return c;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return ptr_cmp(a->l, b->l);
}

const struct ks_link *ks_link_by_name(const struct kstate *k, const char *name)
{
	if (indexed(k)) {
		const struct ks_link **v = k->idx->by_name;
		int lo = 0, hi = k->n_links;

		while (lo < hi) {       /* first entry not below name */
			int mid = lo + (hi - lo) / 2;

			if (strcmp(v[mid]->name, name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < k->n_links && !strcmp(v[lo]->name, name) ? v[lo] : NULL;
	}
	for (int i = 0; i < k->n_links; i++)
		if (!strcmp(k->links[i].name, name))
			return &k->links[i];
	return NULL;
}

const struct ks_link *ks_link_by_index(const struct kstate *k, int ifindex)
{
	if (indexed(k)) {
		const struct ks_link **v = k->idx->by_index;
		int lo = 0, hi = k->n_links;

		while (lo < hi) {
			int mid = lo + (hi - lo) / 2;

			if (v[mid]->ifindex < ifindex)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < k->n_links && v[lo]->ifindex == ifindex ? v[lo] : NULL;
	}
	for (int i = 0; i < k->n_links; i++)
		if (k->links[i].ifindex == ifindex)
			return &k->links[i];
	return NULL;
}

/* Bonds, bridges and VLANs borrow a port's or parent's MAC: never "the NIC". */
static bool is_nic(const struct ks_link *l)
{
	return l->kind == KS_KIND_OTHER;
}

/* The addresses l answers to in ks_link_by_mac(), with their rank: the
 * permanent address is the NIC's own, whatever it is using now; a bond
 * port carries the bond's MAC, and the bond remembers the port's; lacking
 * both (veth, some virtual NICs), the current address, but not on a bond
 * port, whose current address is the bond's. */
static int mac_keys(const struct ks_link *l, struct mac_ent out[2])
{
	int n = 0;

	if (!is_nic(l))
		return 0;
	if (l->has_perm_mac) {
		memcpy(out[n].mac, l->perm_mac, 6);
		out[n++].rank = 0;
	}
	if (l->port.valid && l->port.has_perm_hwaddr) {
		memcpy(out[n].mac, l->port.perm_hwaddr, 6);
		out[n++].rank = 1;
	}
	if (!l->has_perm_mac && !l->port.valid) {
		memcpy(out[n].mac, l->mac, 6);
		out[n++].rank = 2;
	}
	for (int i = 0; i < n; i++)
		out[i].l = l;
	return n;
}

const struct ks_link *ks_link_by_mac(const struct kstate *k, const uint8_t mac[6])
{
	static const uint8_t zero[6];
	const struct ks_link *best = NULL;
	int best_rank = 3;

	if (!memcmp(mac, zero, 6))
		return NULL;
	if (indexed(k)) {
		const struct mac_ent *v = k->idx->by_mac;
		int lo = 0, hi = k->idx->n_mac;

		while (lo < hi) {
			int mid = lo + (hi - lo) / 2;

			if (memcmp(v[mid].mac, mac, 6) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < k->idx->n_mac && !memcmp(v[lo].mac, mac, 6) ? v[lo].l : NULL;
	}
	/* One pass: the lowest rank, and the first link of it. */
	for (int i = 0; i < k->n_links && best_rank > 0; i++) {
		struct mac_ent e[2];
		int n = mac_keys(&k->links[i], e);

		for (int j = 0; j < n; j++)
			if (e[j].rank < best_rank && !memcmp(e[j].mac, mac, 6)) {
				best = e[j].l;
				best_rank = e[j].rank;
			}
	}
	return best;
}

static bool addrs_indexed(const struct kstate *k)
{
	return k->idx && k->idx->addr_next && k->idx->addrs == k->addrs &&
	       k->idx->n_addrs == k->n_addrs;
}

int ks_addr_first(const struct kstate *k, int ifindex)
{
	if (addrs_indexed(k)) {
		const struct ks_index *x = k->idx;
		int lo = 0, hi = x->n_heads;

		while (lo < hi) {
			int mid = lo + (hi - lo) / 2;

			if (x->head_if[mid] < ifindex)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < x->n_heads && x->head_if[lo] == ifindex ? x->head[lo] : -1;
	}
	for (int i = 0; i < k->n_addrs; i++)
		if (k->addrs[i].ifindex == ifindex)
			return i;
	return -1;
}

int ks_addr_next(const struct kstate *k, int i)
{
	if (addrs_indexed(k))
		return k->idx->addr_next[i];
	for (int j = i + 1; j < k->n_addrs; j++)
		if (k->addrs[j].ifindex == k->addrs[i].ifindex)
			return j;
	return -1;
}

static const struct ks_addr *sort_addrs;

static int cmp_addr_pos(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	int ia = sort_addrs[a].ifindex, ib = sort_addrs[b].ifindex;

	if (ia != ib)
		return ia < ib ? -1 : 1;
	return (a > b) - (a < b);
}

/* The chains of the addresses; none (the lookups scan) out of memory. */
static void index_addrs(struct ks_index *x, const struct kstate *k)
{
	size_t n = (size_t)k->n_addrs;
	int *pos = malloc((n ? n : 1) * sizeof(*pos));

	x->addr_next = malloc((n ? n : 1) * sizeof(*x->addr_next));
	x->head_if = malloc((n ? n : 1) * sizeof(*x->head_if));
	x->head = malloc((n ? n : 1) * sizeof(*x->head));
	if (!pos || !x->addr_next || !x->head_if || !x->head) {
		free(pos);
		free(x->addr_next);
		free(x->head_if);
		free(x->head);
		x->addr_next = x->head_if = x->head = NULL;
		return;
	}
	for (size_t i = 0; i < n; i++)
		pos[i] = (int)i;
	sort_addrs = k->addrs;
	if (n)
		qsort(pos, n, sizeof(*pos), cmp_addr_pos);
	x->n_heads = 0;
	for (size_t i = 0; i < n; i++) {
		int a = pos[i], ifindex = k->addrs[a].ifindex;

		if (!x->n_heads || x->head_if[x->n_heads - 1] != ifindex) {
			x->head_if[x->n_heads] = ifindex;
			x->head[x->n_heads++] = a;
		}
		x->addr_next[a] = i + 1 < n && k->addrs[pos[i + 1]].ifindex == ifindex
			? pos[i + 1] : -1;
	}
	free(pos);
	x->addrs = k->addrs;
	x->n_addrs = k->n_addrs;
}

static void index_free(struct ks_index *x)
{
	if (!x)
		return;
	free(x->addr_next);
	free(x->head_if);
	free(x->head);
	free(x->by_index);
	free(x->by_name);
	free(x->by_mac);
	free(x);
}

void kstate_index(struct kstate *k)
{
	struct ks_index *x;
	size_t n = (size_t)k->n_links;

	index_free(k->idx);
	k->idx = NULL;
	x = calloc(1, sizeof(*x));
	if (!x)
		return;
	x->by_index = malloc((n ? n : 1) * sizeof(*x->by_index));
	x->by_name = malloc((n ? n : 1) * sizeof(*x->by_name));
	x->by_mac = malloc((n ? 2 * n : 1) * sizeof(*x->by_mac));
	if (!x->by_index || !x->by_name || !x->by_mac) {
		index_free(x);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		x->by_index[i] = x->by_name[i] = &k->links[i];
		x->n_mac += mac_keys(&k->links[i], &x->by_mac[x->n_mac]);
	}
	if (n) {
		qsort(x->by_index, n, sizeof(*x->by_index), cmp_index);
		qsort(x->by_name, n, sizeof(*x->by_name), cmp_name);
	}
	if (x->n_mac)
		qsort(x->by_mac, (size_t)x->n_mac, sizeof(*x->by_mac), cmp_mac);
	x->links = k->links;
	x->n = k->n_links;
	index_addrs(x, k);
	k->idx = x;
}

void kstate_free(struct kstate *k)
{
	if (!k)
		return;
	for (int i = 0; i < k->n_links; i++)
		free(k->links[i].vlans);
	free(k->links);
	free(k->addrs);
	free(k->routes);
	index_free(k->idx);
	memset(k, 0, sizeof(*k));
}

/* ---- news ---- */

int ks_grow(void **arr, int n, size_t size)
{
	return en_grow(arr, n, 8, size);
}

int ks_link_news(struct kstate *k, const struct ks_link *l)
{
	struct ks_link *old = (struct ks_link *)ks_link_by_index(k, l->ifindex);
	struct ks_link n = *l;

	if (!old) {
		if (ks_grow((void **)&k->links, k->n_links, sizeof(*k->links)) < 0)
			return -ENOMEM;
		n.has_vlans = false;    /* a link message carries none */
		n.vlans = NULL;
		n.pvid = 0;
		k->links[k->n_links++] = n;
		return 0;
	}
	n.ethtool = old->ethtool;
	n.has_vlans = old->has_vlans;
	n.vlans = old->vlans;
	n.pvid = old->pvid;
	if (n.kind == KS_KIND_BOND && old->kind == KS_KIND_BOND) {
		n.bond.has_proc = old->bond.has_proc;
		memcpy(n.bond.ad_system_mac, old->bond.ad_system_mac, 6);
		n.bond.ad_actor_key = old->bond.ad_actor_key;
		n.bond.ad_partner_key = old->bond.ad_partner_key;
	}
	if (n.port.valid && old->port.valid && n.master == old->master) {
		n.port.has_proc = old->port.has_proc;
		n.port.speed = old->port.speed;
		n.port.duplex = old->port.duplex;
		n.port.actor_churned = old->port.actor_churned;
		n.port.partner_churned = old->port.partner_churned;
		n.port.actor_key = old->port.actor_key;
		memcpy(n.port.partner_system, old->port.partner_system, 6);
		n.port.partner_key = old->port.partner_key;
		n.port.partner_port = old->port.partner_port;
	}
	*old = n;
	return 0;
}

void ks_link_gone(struct kstate *k, int ifindex)
{
	const struct ks_link *l = ks_link_by_index(k, ifindex);
	int i, j;

	if (l) {
		i = (int)(l - k->links);
		free(k->links[i].vlans);
		memmove(&k->links[i], &k->links[i + 1],
		        (size_t)(k->n_links - i - 1) * sizeof(*k->links));
		k->n_links--;
	}
	for (i = j = 0; i < k->n_addrs; i++)
		if (k->addrs[i].ifindex != ifindex)
			k->addrs[j++] = k->addrs[i];
	k->n_addrs = j;
	for (i = j = 0; i < k->n_routes; i++)
		if (k->routes[i].ifindex != ifindex)
			k->routes[j++] = k->routes[i];
	k->n_routes = j;
}

struct ks_vlans *ks_link_vlans(struct ks_link *l)
{
	if (!l->vlans) {
		l->vlans = calloc(1, sizeof(*l->vlans));
		if (!l->vlans)
			return NULL;
		l->vlans->pvid = l->pvid;
	}
	l->has_vlans = true;
	return l->vlans;
}

int ks_vlans_news(struct kstate *k, int ifindex, const struct ks_vlans *v)
{
	struct ks_link *l = (struct ks_link *)ks_link_by_index(k, ifindex);

	if (!l)
		return 0;
	if (v) {
		if (!ks_link_vlans(l))
			return -ENOMEM;
		*l->vlans = *v;
		l->pvid = v->pvid;
	} else {
		free(l->vlans);
		l->vlans = NULL;
		l->has_vlans = false;
		l->pvid = 0;
	}
	return 0;
}

static bool same_addr(const struct en_addr *a, const struct en_addr *b)
{
	int len = a->family == AF_INET6 ? 16 : 4;

	return a->family == b->family && a->prefix == b->prefix &&
	       !memcmp(a->bytes, b->bytes, (size_t)len);
}

int ks_addr_news(struct kstate *k, const struct ks_addr *a, bool gone)
{
	int i;

	for (i = 0; i < k->n_addrs; i++)
		if (k->addrs[i].ifindex == a->ifindex && same_addr(&k->addrs[i].addr, &a->addr))
			break;
	if (gone) {
		if (i < k->n_addrs) {
			memmove(&k->addrs[i], &k->addrs[i + 1],
			        (size_t)(k->n_addrs - i - 1) * sizeof(*k->addrs));
			k->n_addrs--;
		}
		return 0;
	}
	if (i == k->n_addrs) {
		if (ks_grow((void **)&k->addrs, k->n_addrs, sizeof(*k->addrs)) < 0)
			return -ENOMEM;
		k->n_addrs++;
	}
	k->addrs[i] = *a;
	return 0;
}

int ks_route_news(struct kstate *k, const struct ks_route *r, bool gone)
{
	int i;

	for (i = 0; i < k->n_routes; i++)
		if (k->routes[i].ifindex == r->ifindex && same_addr(&k->routes[i].gw, &r->gw) &&
		    same_addr(&k->routes[i].dst, &r->dst))
			break;
	if (gone) {
		if (i < k->n_routes) {
			memmove(&k->routes[i], &k->routes[i + 1],
			        (size_t)(k->n_routes - i - 1) * sizeof(*k->routes));
			k->n_routes--;
		}
		return 0;
	}
	if (i == k->n_routes) {
		if (ks_grow((void **)&k->routes, k->n_routes, sizeof(*k->routes)) < 0)
			return -ENOMEM;
		k->n_routes++;
	}
	k->routes[i] = *r;
	return 0;
}

const char *feature_name(enum en_feature f)
{
	switch (f) {
	case FEAT_TSO: return "tso";
	case FEAT_GSO: return "gso";
	case FEAT_GRO: return "gro";
	case FEAT_LRO: return "lro";
	case FEAT_COUNT: break;
	}
	return "?";
}
