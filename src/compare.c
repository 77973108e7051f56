/* compare.c - the file's bond and bridge options against the kernel's (pure) */
#include <stdio.h>

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
