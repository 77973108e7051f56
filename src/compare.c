/* compare.c - the file's bond and bridge options against the kernel's (pure) */
#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "config.h"

int bond_effective_delay(int delay, int miimon)
{
	if (miimon <= 0)
		return 0;
	return delay / miimon * miimon;
}

unsigned compare_bond(const struct bond_conf *b, const struct ks_bond *k)
{
	unsigned f = 0;
	bool lacp = b->mode == BOND_MODE_8023AD;

	if (k->mode != (int)b->mode)
		f |= BOND_F_MODE;
	if (k->miimon != b->miimon)
		f |= BOND_F_MIIMON;
	if (k->updelay != bond_effective_delay(b->updelay, b->miimon))
		f |= BOND_F_UPDELAY;
	if (k->downdelay != bond_effective_delay(b->downdelay, b->miimon))
		f |= BOND_F_DOWNDELAY;
	if (bond_hash_matters(b->mode) && k->xmit_hash_policy != (int)b->xmit_hash_policy)
		f |= BOND_F_HASH;
	if (lacp && k->lacp_rate != (int)b->lacp_rate)
		f |= BOND_F_LACP_RATE;
	if (lacp && k->ad_select != (int)b->ad_select)
		f |= BOND_F_AD_SELECT;
	if (k->min_links != b->min_links)
		f |= BOND_F_MIN_LINKS;
	return f;
}

unsigned compare_bond_new(const struct bond_conf *b)
{
	unsigned f = BOND_F_MODE | BOND_F_MIIMON | BOND_F_MIN_LINKS;

	if (b->primary[0])
		f |= BOND_F_PRIMARY;

	if (bond_effective_delay(b->updelay, b->miimon))
		f |= BOND_F_UPDELAY;
	if (bond_effective_delay(b->downdelay, b->miimon))
		f |= BOND_F_DOWNDELAY;
	if (bond_hash_matters(b->mode))
		f |= BOND_F_HASH;
	if (b->mode == BOND_MODE_8023AD)
		f |= BOND_F_LACP_RATE | BOND_F_AD_SELECT;
	return f;
}

unsigned compare_bridge(const struct bridge_conf *b, const struct ks_bridge *k)
{
	unsigned f = 0;

	if (k->stp != b->stp)
		f |= BRIDGE_F_STP;
	if (k->forward_delay != b->forward_delay)
		f |= BRIDGE_F_FWD;
	if (k->vlan_filtering != b->vlan_aware)
		f |= BRIDGE_F_VLAN;
	return f;
}

/* A new bridge has STP and VLAN filtering off: say only what turns them
 * on (a kernel without VLAN filtering refuses even "vlan_filtering 0"). */
unsigned compare_bridge_new(const struct bridge_conf *b)
{
	unsigned f = BRIDGE_F_FWD;

	if (b->stp)
		f |= BRIDGE_F_STP;
	if (b->vlan_aware)
		f |= BRIDGE_F_VLAN;
	return f;
}

static void put(struct change *out, int *n, const char *field, const char *want,
                const char *have)
{
	struct change *c = &out[*n];

	if (*n >= COMPARE_MAX_CHANGES)
		return;
	c->field = field;
	snprintf(c->want, sizeof(c->want), "%s", want);
	snprintf(c->have, sizeof(c->have), "%s", have);
	(*n)++;
}

static void put_int(struct change *out, int *n, const char *field, int want, int have)
{
	char w[24], h[24];

	snprintf(w, sizeof(w), "%d", want);
	snprintf(h, sizeof(h), "%d", have);
	put(out, n, field, w, h);
}

static const char *on_off(bool on)
{
	return on ? "on" : "off";
}

int compare_bond_words(const struct bond_conf *b, const struct ks_bond *k, unsigned f,
                       struct change *out)
{
	int n = 0;

	if (f & BOND_F_MODE)
		put(out, &n, "mode", bond_mode_name(b->mode), bond_mode_name((enum bond_mode)k->mode));
	if (f & BOND_F_MIIMON)
		put_int(out, &n, "miimon", b->miimon, k->miimon);
	if (f & BOND_F_HASH)
		put(out, &n, "xmit_hash_policy", bond_hash_name(b->xmit_hash_policy),
		    bond_hash_name((enum bond_hash)k->xmit_hash_policy));
	if (f & BOND_F_LACP_RATE)
		put(out, &n, "lacp_rate", bond_lacp_rate_name(b->lacp_rate),
		    bond_lacp_rate_name((enum bond_lacp_rate)k->lacp_rate));
	if (f & BOND_F_AD_SELECT)
		put(out, &n, "ad_select", bond_ad_select_name(b->ad_select),
		    bond_ad_select_name((enum bond_ad_select)k->ad_select));
	if (f & BOND_F_MIN_LINKS)
		put_int(out, &n, "min_links", b->min_links, k->min_links);
	if (f & BOND_F_UPDELAY)
		put_int(out, &n, "updelay", bond_effective_delay(b->updelay, b->miimon), k->updelay);
	if (f & BOND_F_DOWNDELAY)
		put_int(out, &n, "downdelay", bond_effective_delay(b->downdelay, b->miimon),
		        k->downdelay);
	return n;
}

int compare_bridge_words(const struct bridge_conf *b, const struct ks_bridge *k, unsigned f,
                         struct change *out)
{
	int n = 0;

	if (f & BRIDGE_F_STP)
		put(out, &n, "stp", on_off(b->stp), on_off(k->stp));
	if (f & BRIDGE_F_FWD)
		put_int(out, &n, "forward_delay", b->forward_delay, k->forward_delay);
	if (f & BRIDGE_F_VLAN)
		put(out, &n, "vlan_aware", on_off(b->vlan_aware), on_off(k->vlan_filtering));
	return n;
}

bool compare_vlan_want(const struct config *c, int i, struct vlan_want *w)
{
	const struct iface *f = &c->ifaces[i];
	const struct iface *m = f->master >= 0 ? &c->ifaces[f->master] : NULL;

	memset(w, 0, sizeof(*w));
	if (f->kind == IF_KIND_BRIDGE) {
		if (!f->bridge.vlan_aware)
			return false;
		for (int j = 0; j < c->n_ifaces; j++)
			if (c->ifaces[j].kind == IF_KIND_VLAN && c->ifaces[j].vlan.parent == i)
				vid_set_add(&w->vids, c->ifaces[j].vlan.id, c->ifaces[j].vlan.id);
		return true;
	}
	if (!m || m->kind != IF_KIND_BRIDGE || !m->bridge.vlan_aware)
		return false;
	if (f->pvlan.access) {
		vid_set_add(&w->vids, f->pvlan.access, f->pvlan.access);
		w->pvid = f->pvlan.access;
		return true;
	}
	w->vids = f->pvlan.has_vids ? *f->pvlan.vids : *iface_bridge_vids(m);
	if (f->pvlan.pvid) {
		vid_set_add(&w->vids, f->pvlan.pvid, f->pvlan.pvid);
		w->pvid = f->pvlan.pvid;
	}
	return true;
}

unsigned compare_vlans(const struct vlan_want *w, const struct ks_link *l,
		       struct vlan_change *out)
{
	struct vid_set have = { { 0 } }, untagged = { { 0 } };
	unsigned pvid = 1, f = 0;

	memset(out, 0, sizeof(*out));
	if (l && l->has_vlans) {
		have = l->vlans->vids;
		untagged = l->vlans->untagged;
		pvid = l->pvid;
	} else {
		vid_set_add(&have, 1, 1);
		vid_set_add(&untagged, 1, 1);
	}
	for (size_t b = 0; b < sizeof(have.bits); b++) {
		out->add.bits[b] = (uint8_t)(w->vids.bits[b] & ~have.bits[b]);
		out->del.bits[b] = (uint8_t)(have.bits[b] & ~w->vids.bits[b]);
		if (w->pvid)
			out->tag.bits[b] = (uint8_t)(w->vids.bits[b] & have.bits[b] & untagged.bits[b]);
	}
	if (w->pvid) {
		vid_set_del(&out->add, w->pvid);
		vid_set_del(&out->tag, w->pvid);
		if (pvid != w->pvid || !vid_set_has(&untagged, w->pvid)) {
			out->pvid = w->pvid;
			f |= VLAN_F_PVID;
		}
	} else {
		vid_set_del(&out->del, pvid);
	}
	if (!vid_set_empty(&out->add))
		f |= VLAN_F_ADD;
	if (!vid_set_empty(&out->tag))
		f |= VLAN_F_TAG;
	if (!vid_set_empty(&out->del))
		f |= VLAN_F_DEL;
	return f;
}
