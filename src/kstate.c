/* kstate.c - lookups in the observed state (pure: no libnl, no I/O) */
#include <stdlib.h>
#include <string.h>
#include "kstate.h"
#include "sys.h"

const struct ks_link *ks_link_by_name(const struct kstate *k, const char *name)
{
	for (int i = 0; i < k->n_links; i++)
		if (!strcmp(k->links[i].name, name))
			return &k->links[i];
	return NULL;
}

const struct ks_link *ks_link_by_index(const struct kstate *k, int ifindex)
{
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

const struct ks_link *ks_link_by_mac(const struct kstate *k, const uint8_t mac[6])
{
	static const uint8_t zero[6];
	int i;

	if (!memcmp(mac, zero, 6))
		return NULL;
	/* The permanent address is the NIC's own, whatever it is using now. */
	for (i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];

		if (is_nic(l) && l->has_perm_mac && !memcmp(l->perm_mac, mac, 6))
			return l;
	}
	/* A bond port carries the bond's MAC; the bond remembers the port's. */
	for (i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];

		if (is_nic(l) && l->port.valid && l->port.has_perm_hwaddr &&
		    !memcmp(l->port.perm_hwaddr, mac, 6))
			return l;
	}
	/* Lacking both (veth, some virtual NICs), the current address, but
	 * not on a bond port, whose current address is the bond's. */
	for (i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];

		if (is_nic(l) && !l->has_perm_mac && !l->port.valid &&
		    !memcmp(l->mac, mac, 6))
			return l;
	}
	return NULL;
}

void kstate_free(struct kstate *k)
{
	if (!k)
		return;
	free(k->links);
	free(k->addrs);
	free(k->routes);
	memset(k, 0, sizeof(*k));
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
