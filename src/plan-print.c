/* plan-print.c - operations in words: op_describe() and plan_print() (pure) */
#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "config.h"
#include "plan.h"
#include "sys.h" /* feature_name(), in the pure kstate.c */

static void bond_words(const struct bond_conf *b, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s, miimon %d", bond_mode_name(b->mode), b->miimon);

#define MORE(...) do { if (n >= 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, __VA_ARGS__); } while (0)
	if (bond_hash_matters(b->mode))
		MORE(", %s", bond_hash_name(b->xmit_hash_policy));
	if (b->mode == BOND_MODE_8023AD) {
		MORE(", lacp_rate %s", bond_lacp_rate_name(b->lacp_rate));
		if (b->ad_select != BOND_AD_STABLE)
			MORE(", ad_select %s", bond_ad_select_name(b->ad_select));
	}
	if (b->min_links)
		MORE(", min_links %d", b->min_links);
	if (b->updelay)
		MORE(", updelay %d", b->updelay);
	if (b->downdelay)
		MORE(", downdelay %d", b->downdelay);
#undef MORE
}

/* "set lacp_rate of bond0 to fast (was slow), miimon to 100 (was 0)";
 * "" when nothing changes. */
static void change_words(const char *dev, const struct change *ch, int n, char *buf,
                         size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && used < len; i++) {
		int w;

		if (i)
			w = snprintf(buf + used, len - used, ", %s to %s (was %s)", ch[i].field,
			             ch[i].want, ch[i].have);
		else
			w = snprintf(buf, len, "set %s of %s to %s (was %s)", ch[i].field, dev,
			             ch[i].want, ch[i].have);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void bridge_words(const struct bridge_conf *b, char *buf, size_t len)
{
	snprintf(buf, len, "stp %s, forward_delay %d%s", b->stp ? "on" : "off",
	         b->forward_delay, b->vlan_aware ? ", vlan_aware" : "");
}

static const char *ks_kind_word(int kind)
{
	switch (kind) {
	case KS_KIND_BOND:	return "bond";
	case KS_KIND_BRIDGE:	return "bridge";
	case KS_KIND_VLAN:	return "vlan";
	}
	return "link";
}

char *op_describe(const struct config *c, const struct op *op, char *buf, size_t len)
{
	char a[64], opts[200];
	struct change ch[COMPARE_MAX_CHANGES];

	(void)c; /* the operation carries all it says */
	switch (op->kind) {
	case OP_RENAME:
		snprintf(buf, len, "rename %s to %s%s", op->name, op->arg,
		         op->ival == 1 ? " (temporary, to free the name)" :
		         op->ival == 2 ? " (not in the file; it held a name the file gives)" : "");
		break;
	case OP_ALTNAME_DEL:
		snprintf(buf, len, "remove altname %s of %s", op->arg, op->name);
		break;
	case OP_LINK_DOWN:
		snprintf(buf, len, "bring down %s", op->name);
		break;
	case OP_LINK_UP:
		snprintf(buf, len, "bring up %s", op->name);
		break;
	case OP_SET_MAC:
		snprintf(buf, len, "set mac of %s to %02x:%02x:%02x:%02x:%02x:%02x", op->name,
		         op->mac[0], op->mac[1], op->mac[2], op->mac[3], op->mac[4], op->mac[5]);
		break;
	case OP_SET_IPV6:
		snprintf(buf, len, "%s IPv6 on %s (disable_ipv6 %d)", op->on ? "disable" : "enable",
		         op->name, op->on);
		break;
	case OP_SET_MTU:
		if (op->was_ival > 0)
			snprintf(buf, len, "set mtu of %s to %d (was %d)", op->name, op->ival,
			         op->was_ival);
		else
			snprintf(buf, len, "set mtu of %s to %d", op->name, op->ival);
		break;
	case OP_SET_FEATURE:
		snprintf(buf, len, "turn %s %s on %s",
		         feature_name(op->feature),
		         op->on ? "on" : "off", op->name);
		break;
	case OP_SET_RINGS:
		if (op->rx && op->tx)
			snprintf(buf, len, "set rings of %s to rx %u tx %u", op->name, op->rx, op->tx);
		else if (op->rx)
			snprintf(buf, len, "set rings of %s to rx %u", op->name, op->rx);
		else
			snprintf(buf, len, "set rings of %s to tx %u", op->name, op->tx);
		break;
	case OP_BOND_ADD:
		bond_words(&op->bond, opts, sizeof(opts));
		snprintf(buf, len, "create bond %s (%s)", op->name, opts);
		break;
	case OP_BOND_SET:
		change_words(op->name, ch,
		             compare_bond_words(&op->bond, &op->was_bond, op->fields, ch), buf, len);
		if (!buf[0])
			snprintf(buf, len, "set options of bond %s", op->name);
		break;
	case OP_BRIDGE_ADD:
		bridge_words(&op->bridge, opts, sizeof(opts));
		snprintf(buf, len, "create bridge %s (%s)", op->name, opts);
		break;
	case OP_BRIDGE_SET:
		change_words(op->name, ch,
		             compare_bridge_words(&op->bridge, &op->was_bridge, op->fields, ch),
		             buf, len);
		if (!buf[0])
			snprintf(buf, len, "set options of bridge %s", op->name);
		break;
	case OP_VLAN_ADD:
		snprintf(buf, len, "create vlan %s on %s id %d", op->name, op->arg, op->ival);
		break;
	case OP_ENSLAVE:
		snprintf(buf, len, "enslave %s to %s", op->name, op->arg);
		break;
	case OP_RELEASE:
		if (op->arg[0])
			snprintf(buf, len, "release %s from %s", op->name, op->arg);
		else
			snprintf(buf, len, "release %s from its master", op->name);
		break;
	case OP_PORT_VIDS:
	case OP_PORT_VIDS_DEL:
		vid_set_words(op->vids, opts, sizeof(opts));
		if (op->other == op->ifindex)
			snprintf(buf, len, "%s vlans %s %s bridge %s itself",
			         op->kind == OP_PORT_VIDS ? "allow" : "remove", opts,
			         op->kind == OP_PORT_VIDS ? "on" : "from", op->name);
		else
			snprintf(buf, len, "%s vlans %s %s port %s of %s",
			         op->kind == OP_PORT_VIDS ? "allow" : "remove", opts,
			         op->kind == OP_PORT_VIDS ? "on" : "from", op->name, op->arg);
		break;
	case OP_PORT_PVID:
		snprintf(buf, len, "set pvid %d untagged on port %s of %s", op->ival, op->name, op->arg);
		break;
	case OP_DELETE:
		snprintf(buf, len, "delete %s %s", ks_kind_word(op->ival), op->name);
		break;
	case OP_ADDR_ADD: {
		const struct en_addr *peer = op->peer.family ? &op->peer : NULL;
		char pb[64];

		if (peer)
			snprintf(buf, len, "add address %s peer %s to %s",
				 en_addr_fmt(&op->addr, true, a), en_addr_fmt(peer, false, pb), op->name);
		else
			snprintf(buf, len, "add address %s to %s", en_addr_fmt(&op->addr, true, a),
				 op->name);
		break;
	}
	case OP_ADDR_DEL:
		snprintf(buf, len, "remove address %s from %s", en_addr_fmt(&op->addr, true, a),
		         op->name);
		break;
	case OP_ROUTE_ADD:
		if (op->dst.prefix) {
			char db[64];

			snprintf(buf, len, "add route %s via %s dev %s", en_addr_fmt(&op->dst, true, db),
				 en_addr_fmt(&op->addr, false, a), op->name);
			break;
		}
		snprintf(buf, len, "%s default route via %s dev %s", op->on ? "replace the" : "add",
		         en_addr_fmt(&op->addr, false, a), op->name);
		break;
	case OP_ROUTE_DEL:
		if (op->dst.prefix) {
			char db[64];

			snprintf(buf, len, "remove route %s via %s dev %s", en_addr_fmt(&op->dst, true, db),
				 en_addr_fmt(&op->addr, false, a), op->name);
			break;
		}
		snprintf(buf, len, "remove default route via %s dev %s",
		         en_addr_fmt(&op->addr, false, a), op->name);
		break;
	}
	return buf;
}

void plan_print(const struct config *c, const struct plan *p, FILE *out)
{
	char buf[256];

	if (!p->n) {
		fprintf(out, "nothing to do\n");
		return;
	}
	for (int i = 0; i < p->n; i++)
		fprintf(out, "%3d. %s\n", i + 1, op_describe(c, &p->ops[i], buf, sizeof(buf)));
}
