/* names.c - names of enum values, and address and MAC text forms */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

const char *bond_mode_name(enum bond_mode m)
{
	switch (m) {
	case BOND_MODE_BALANCE_RR:	return "balance-rr";
	case BOND_MODE_ACTIVE_BACKUP:	return "active-backup";
	case BOND_MODE_BALANCE_XOR:	return "balance-xor";
	case BOND_MODE_BROADCAST:	return "broadcast";
	case BOND_MODE_8023AD:		return "802.3ad";
	case BOND_MODE_BALANCE_TLB:	return "balance-tlb";
	case BOND_MODE_BALANCE_ALB:	return "balance-alb";
	}
	return "?";
}

const char *bond_hash_name(enum bond_hash h)
{
	switch (h) {
	case BOND_HASH_LAYER2:		return "layer2";
	case BOND_HASH_LAYER34:		return "layer3+4";
	case BOND_HASH_LAYER23:		return "layer2+3";
	case BOND_HASH_ENCAP23:		return "encap2+3";
	case BOND_HASH_ENCAP34:		return "encap3+4";
	case BOND_HASH_VLAN_SRCMAC:	return "vlan+srcmac";
	}
	return "?";
}

const char *bond_lacp_rate_name(enum bond_lacp_rate r)
{
	switch (r) {
	case BOND_LACP_SLOW:	return "slow";
	case BOND_LACP_FAST:	return "fast";
	}
	return "?";
}

const char *bond_ad_select_name(enum bond_ad_select s)
{
	switch (s) {
	case BOND_AD_STABLE:	return "stable";
	case BOND_AD_BANDWIDTH:	return "bandwidth";
	case BOND_AD_COUNT:	return "count";
	}
	return "?";
}

const char *if_kind_name(enum if_kind k)
{
	switch (k) {
	case IF_KIND_LINK:	return "link";
	case IF_KIND_BOND:	return "bond";
	case IF_KIND_BRIDGE:	return "bridge";
	case IF_KIND_VLAN:	return "vlan";
	}
	return "?";
}

char *en_addr_fmt(const struct en_addr *a, bool with_prefix, char *buf)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->bytes, ip, sizeof(ip))) {
		strcpy(buf, "?");
		return buf;
	}
	if (with_prefix)
		snprintf(buf, 50, "%s/%u", ip, a->prefix);
	else
		snprintf(buf, 50, "%s", ip);
	return buf;
}

/* Strict decimal: digits only, no sign, no blanks, no leading zeros games. */
static int parse_prefix(const char *s, unsigned max, uint8_t *out)
{
	unsigned v = 0;

	if (!*s || strlen(s) > 3)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = (uint8_t)v;
	return 0;
}

int en_addr_parse(const char *s, bool need_prefix, struct en_addr *out)
{
	char ip[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	struct en_addr a = { 0 };

	if (!!slash != need_prefix || len == 0 || len >= sizeof(ip))
		return -EINVAL;
	memcpy(ip, s, len);
	ip[len] = '\0';
	if (inet_pton(AF_INET, ip, a.bytes) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, ip, a.bytes) == 1)
		a.family = AF_INET6;
	else
		return -EINVAL;
	if (slash && parse_prefix(slash + 1, a.family == AF_INET ? 32 : 128,
				  &a.prefix) < 0)
		return -EINVAL;
	*out = a;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int en_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t m[6];

	for (int i = 0; i < 6; i++) {
		int hi, lo;

		if (i > 0 && *s++ != ':')
			return -EINVAL;
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	if (*s)
		return -EINVAL;
	memcpy(mac, m, 6);
	return 0;
}

bool bond_hash_matters(int mode)
{
	return mode == BOND_MODE_BALANCE_XOR || mode == BOND_MODE_8023AD ||
	       mode == BOND_MODE_BALANCE_TLB;
}
