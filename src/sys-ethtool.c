/* sys-ethtool.c - SIOCETHTOOL: offload features by name, ring sizes */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include "sys.h"

/* What `ethtool -K` means by each name. tso is a group: every
 * tx-tcp*-segmentation (NETIF_F_ALL_TSO: tcp, ecn, mangleid, tcp6 and, on
 * new kernels, accecn), matched by pattern so that new members count. */
static const struct { const char *prefix, *suffix; } feat_match[FEAT_COUNT] = {
	[FEAT_TSO] = { "tx-tcp", "-segmentation" },
	[FEAT_GSO] = { "tx-generic-segmentation", "" },
	[FEAT_GRO] = { "rx-gro", "" },
	[FEAT_LRO] = { "rx-lro", "" },
};

/* Kernels without the feature string set have one ioctl pair each. */
static const struct { uint32_t get, set, flag; } feat_legacy[FEAT_COUNT] = {
	[FEAT_TSO] = { ETHTOOL_GTSO, ETHTOOL_STSO, 0 },
	[FEAT_GSO] = { ETHTOOL_GGSO, ETHTOOL_SGSO, 0 },
	[FEAT_GRO] = { ETHTOOL_GGRO, ETHTOOL_SGRO, 0 },
	[FEAT_LRO] = { ETHTOOL_GFLAGS, ETHTOOL_SFLAGS, ETH_FLAG_LRO },
};

struct eth {
	int fd;
	const char *ifname;
	/* the feature string set, when the kernel has it */
	uint32_t n;
	struct ethtool_gstrings *strings;
	struct ethtool_gfeatures *feats;
};

static int eth_ioctl(struct eth *e, void *data)
{
	struct ifreq ifr;
	int r;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, e->ifname, IFNAMSIZ - 1);
	ifr.ifr_data = data;
	sys_stats.ioctls++;
	r = ioctl(e->fd, SIOCETHTOOL, &ifr);
	return r < 0 ? -errno : r;
}

static int eth_open(struct eth *e, const char *ifname)
{
	memset(e, 0, sizeof(*e));
	if (strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	e->ifname = ifname;
	/* Any socket reaches dev_ioctl(); AF_UNIX works without IPv4. */
	e->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (e->fd < 0)
		e->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return e->fd < 0 ? -errno : 0;
}

static void eth_close(struct eth *e)
{
	if (e->fd >= 0)
		close(e->fd);
	free(e->strings);
	free(e->feats);
	e->fd = -1;
	e->strings = NULL;
	e->feats = NULL;
}

/* Names and states of every feature. -EOPNOTSUPP when the kernel has no
 * feature string set (the legacy ioctls apply then). */
static int feats_read(struct eth *e)
{
	struct ethtool_sset_info *ss;
	uint32_t blocks;
	int r;

	ss = calloc(1, sizeof(*ss) + sizeof(uint32_t));
	if (!ss)
		return -ENOMEM;
	ss->cmd = ETHTOOL_GSSET_INFO;
	ss->sset_mask = 1ULL << ETH_SS_FEATURES;
	r = eth_ioctl(e, ss);
	if (r >= 0 && !(ss->sset_mask & (1ULL << ETH_SS_FEATURES)))
		r = -EOPNOTSUPP;
	e->n = r >= 0 ? ss->data[0] : 0;
	free(ss);
	if (r < 0)
		return r;
	if (e->n == 0)
		return -EOPNOTSUPP;

	e->strings = calloc(1, sizeof(*e->strings) + (size_t)e->n * ETH_GSTRING_LEN);
	blocks = (e->n + 31) / 32;
	e->feats = calloc(1, sizeof(*e->feats) + blocks * sizeof(e->feats->features[0]));
	if (!e->strings || !e->feats)
		return -ENOMEM;
	e->strings->cmd = ETHTOOL_GSTRINGS;
	e->strings->string_set = ETH_SS_FEATURES;
	e->strings->len = e->n;
	r = eth_ioctl(e, e->strings);
	if (r < 0)
		return r;
	e->feats->cmd = ETHTOOL_GFEATURES;
	e->feats->size = blocks;
	r = eth_ioctl(e, e->feats);
	return r < 0 ? r : 0;
}

static bool in_group(const struct eth *e, uint32_t i, enum en_feature f)
{
	const char *name = (const char *)e->strings->data + (size_t)i * ETH_GSTRING_LEN;
	const char *pre = feat_match[f].prefix, *suf = feat_match[f].suffix;
	size_t ln = strnlen(name, ETH_GSTRING_LEN), lp = strlen(pre), ls = strlen(suf);

	if (ln < lp + ls || memcmp(name, pre, lp))
		return false;
	return ls ? !memcmp(name + ln - ls, suf, ls) : ln == lp;
}

#define BIT_OF(i)   (1u << ((i) % 32))
#define BLOCK_OF(i) ((i) / 32)

/* Like `ethtool -k`: a group is on when any of its parts is active, and
 * fixed when none of them can change. false when the NIC has none. */
static bool group_state(const struct eth *e, enum en_feature f, bool *on, bool *fixed)
{
	bool any = false;

	*on = false;
	*fixed = true;
	for (uint32_t i = 0; i < e->n; i++) {
		const struct ethtool_get_features_block *b;

		if (!in_group(e, i, f))
			continue;
		b = &e->feats->features[BLOCK_OF(i)];
		any = true;
		if (b->active & BIT_OF(i))
			*on = true;
		if ((b->available & BIT_OF(i)) && !(b->never_changed & BIT_OF(i)))
			*fixed = false;
	}
	return any;
}

static int legacy_get(struct eth *e, enum en_feature f, bool *on)
{
	struct ethtool_value v = { .cmd = feat_legacy[f].get };
	int r = eth_ioctl(e, &v);

	if (r < 0)
		return r;
	*on = feat_legacy[f].flag ? (v.data & feat_legacy[f].flag) != 0 : v.data != 0;
	return 0;
}

static int legacy_set(struct eth *e, enum en_feature f, bool on)
{
	struct ethtool_value v = { .cmd = feat_legacy[f].set, .data = on };
	int r;

	if (feat_legacy[f].flag) {
		/* flags: read, modify, write */
		struct ethtool_value g = { .cmd = feat_legacy[f].get };

		r = eth_ioctl(e, &g);
		if (r < 0)
			return r;
		v.data = on ? g.data | feat_legacy[f].flag : g.data & ~feat_legacy[f].flag;
	}
	r = eth_ioctl(e, &v);
	return r < 0 ? r : 0;
}

static void read_rings(struct eth *e, struct ks_ethtool *t)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };

	if (eth_ioctl(e, &rp) < 0)
		return;
	t->has_rings = true;
	t->rx = rp.rx_pending;
	t->tx = rp.tx_pending;
	t->rx_max = rp.rx_max_pending;
	t->tx_max = rp.tx_max_pending;
}

int sys_read_ethtool(struct ks_link *l)
{
	struct ks_ethtool *t = &l->ethtool;
	struct eth e;
	int r;

	memset(t, 0, sizeof(*t));
	for (int f = 0; f < FEAT_COUNT; f++)
		t->feature[f] = TRI_UNSET;
	r = eth_open(&e, l->name);
	if (r < 0)
		return r;
	r = feats_read(&e);
	if (r == -ENODEV)
		goto out;
	for (int f = 0; f < FEAT_COUNT; f++) {
		bool on, fixed = false;

		if (r == 0) {
			if (!group_state(&e, f, &on, &fixed))
				continue;
		} else if (legacy_get(&e, f, &on) < 0) {
			continue;
		}
		t->feature[f] = on ? TRI_ON : TRI_OFF;
		t->feature_fixed[f] = fixed;
	}
	read_rings(&e, t);
	t->read = true;
	r = 0;
out:
	eth_close(&e);
	return r;
}

int sys_feature_set(const char *ifname, enum en_feature f, bool on)
{
	struct ethtool_sfeatures *sf = NULL;
	struct eth e;
	bool cur, fixed;
	uint32_t blocks;
	int r, n = 0;

	if ((unsigned)f >= FEAT_COUNT)
		return -EINVAL;
	r = eth_open(&e, ifname);
	if (r < 0)
		return r;
	r = feats_read(&e);
	if (r == -EOPNOTSUPP) {
		r = legacy_get(&e, f, &cur);
		if (r == 0 && cur != on)
			r = legacy_set(&e, f, on);
		goto out;
	}
	if (r < 0)
		goto out;
	if (!group_state(&e, f, &cur, &fixed)) {
		r = -EOPNOTSUPP;
		goto out;
	}
	if (cur == on)
		goto out;
	if (fixed) {
		r = -EOPNOTSUPP;
		goto out;
	}

	blocks = e.feats->size;
	sf = calloc(1, sizeof(*sf) + blocks * sizeof(sf->features[0]));
	if (!sf) {
		r = -ENOMEM;
		goto out;
	}
	sf->cmd = ETHTOOL_SFEATURES;
	sf->size = blocks;
	for (uint32_t i = 0; i < e.n; i++) {
		const struct ethtool_get_features_block *b;

		if (!in_group(&e, i, f))
			continue;
		b = &e.feats->features[BLOCK_OF(i)];
		if (!(b->available & BIT_OF(i)) || (b->never_changed & BIT_OF(i)))
			continue;
		sf->features[BLOCK_OF(i)].valid |= BIT_OF(i);
		if (on)
			sf->features[BLOCK_OF(i)].requested |= BIT_OF(i);
		n++;
	}
	r = eth_ioctl(&e, sf);
	if (r < 0)
		goto out;
	/* ETHTOOL_F_WISH: recorded, but a dependency (checksumming, SG)
	 * keeps it from taking effect; check what is active now. */
	r = eth_ioctl(&e, e.feats);
	if (r < 0)
		goto out;
	group_state(&e, f, &cur, &fixed);
	r = cur == on && n > 0 ? 0 : -EOPNOTSUPP;
out:
	free(sf);
	eth_close(&e);
	return r;
}

int sys_rings_set(const char *ifname, uint32_t rx, uint32_t tx)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };
	struct eth e;
	int r;

	if (!rx && !tx)
		return 0;
	r = eth_open(&e, ifname);
	if (r < 0)
		return r;
	r = eth_ioctl(&e, &rp);
	if (r < 0)
		goto out;
	r = 0;
	if ((!rx || rp.rx_pending == rx) && (!tx || rp.tx_pending == tx))
		goto out;
	if (rx)
		rp.rx_pending = rx;
	if (tx)
		rp.tx_pending = tx;
	rp.cmd = ETHTOOL_SRINGPARAM;
	r = eth_ioctl(&e, &rp);
	if (r > 0)
		r = 0;
out:
	eth_close(&e);
	return r;
}
