/* export.c - the configuration as an ifupdown2 interfaces file and as
 * systemd .link files
 *
 * The interfaces file is for ifupdown2 after boot (Proxmox reads and writes
 * it): every value earlynet sets is written out, defaults included, so that
 * `ifup -a` and `ifreload -a` find the kernel already as the file says and
 * change nothing. `earlynet import` reads it back into the same INI.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "export.h"

static void put_addrs(const struct iface *f, FILE *out)
{
	char buf[64];

	for (int i = 0; i < f->n_addrs; i++)
		fprintf(out, "\taddress %s\n", en_addr_fmt(&f->addrs[i], true, buf));
	if (f->gw4.family)
		fprintf(out, "\tgateway %s\n", en_addr_fmt(&f->gw4, false, buf));
	if (f->gw6.family)
		fprintf(out, "\tgateway %s\n", en_addr_fmt(&f->gw6, false, buf));
}

static void put_ports(const struct config *c, const struct iface *f, const char *key, FILE *out)
{
	fprintf(out, "\t%s", key);
	if (!f->n_ports)
		fprintf(out, " none");
	for (int i = 0; i < f->n_ports; i++)
		fprintf(out, " %s", c->ifaces[f->ports[i]].name);
	fputc('\n', out);
}

static void put_link(const struct iface *f, FILE *out)
{
	static const char *const feat[] = { "tso", "gso", "gro", "lro" };
	const enum tristate v[] = { f->link.tso, f->link.gso, f->link.gro, f->link.lro };

	for (int i = 0; i < 4; i++)
		if (v[i] != TRI_UNSET)
			fprintf(out, "\t%s-offload %s\n", feat[i], v[i] == TRI_ON ? "on" : "off");
	/* ifupdown2 has no ring keys: ethtool -G with the sizes earlynet
	 * already set changes nothing (ethtool says so and exits). */
	if (f->link.rx_ring != EN_UNSET || f->link.tx_ring != EN_UNSET) {
		fprintf(out, "\tpost-up ethtool -G %s", f->name);
		if (f->link.rx_ring != EN_UNSET)
			fprintf(out, " rx %d", f->link.rx_ring);
		if (f->link.tx_ring != EN_UNSET)
			fprintf(out, " tx %d", f->link.tx_ring);
		fprintf(out, " || true\n");
	}
}

/* hwaddress: ifupdown2 sets a bond's or bridge's MAC to it, and leaves the
 * MAC alone without it; with it, the MAC earlynet set is the one it keeps. */
static void put_hwaddress(const struct iface *f, FILE *out)
{
	static const uint8_t zero[6];
	const uint8_t *m = f->hwaddress;

	if (memcmp(m, zero, 6))
		fprintf(out, "\thwaddress %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3],
			m[4], m[5]);
}

static void put_bond(const struct config *c, const struct iface *f, FILE *out)
{
	const struct bond_conf *b = &f->bond;

	put_ports(c, f, "bond-slaves", out);
	put_hwaddress(f, out);
	fprintf(out, "\tbond-mode %s\n", bond_mode_name(b->mode));
	fprintf(out, "\tbond-miimon %d\n", b->miimon);
	if (bond_hash_matters(b->mode))
		fprintf(out, "\tbond-xmit-hash-policy %s\n", bond_hash_name(b->xmit_hash_policy));
	if (b->mode == BOND_MODE_8023AD) {
		fprintf(out, "\tbond-lacp-rate %s\n", bond_lacp_rate_name(b->lacp_rate));
		fprintf(out, "\tbond-ad-select %s\n", bond_ad_select_name(b->ad_select));
	}
	fprintf(out, "\tbond-min-links %d\n", b->min_links);
	fprintf(out, "\tbond-updelay %d\n", b->updelay);
	fprintf(out, "\tbond-downdelay %d\n", b->downdelay);
}

/* bridge-vids 10 20-30 */
static void put_vids(const struct vid_set *v, FILE *out)
{
	struct vid_range r;

	fprintf(out, "\tbridge-vids");
	for (unsigned from = 1; vid_set_next(v, &from, &r);) {
		if (r.lo == r.hi)
			fprintf(out, " %u", r.lo);
		else
			fprintf(out, " %u-%u", r.lo, r.hi);
	}
	fputc('\n', out);
}

static void put_bridge(const struct config *c, const struct iface *f, FILE *out)
{
	const struct bridge_conf *b = &f->bridge;

	put_ports(c, f, "bridge-ports", out);
	put_hwaddress(f, out);
	fprintf(out, "\tbridge-stp %s\n", b->stp ? "on" : "off");
	fprintf(out, "\tbridge-fd %d\n", b->forward_delay);
	if (b->vlan_aware) {
		fprintf(out, "\tbridge-vlan-aware yes\n");
		put_vids(iface_bridge_vids(f), out);
	}
}

/* A port's own VLANs, in its stanza as ifupdown2 takes them. */
static void put_port_vlans(const struct iface *f, FILE *out)
{
	const struct port_vlan_conf *v = &f->pvlan;

	if (v->access) {
		fprintf(out, "\tbridge-access %u\n", v->access);
		return;
	}
	if (v->has_vids)
		put_vids(v->vids, out);
	if (v->pvid)
		fprintf(out, "\tbridge-pvid %u\n", v->pvid);
}

/* ifupdown2 takes NAME.ID as a VLAN of NAME; anything else needs both keys. */
static void put_vlan(const struct config *c, const struct iface *f, FILE *out)
{
	const char *parent = c->ifaces[f->vlan.parent].name;
	size_t n = strlen(parent);
	char id[8];

	snprintf(id, sizeof(id), "%u", f->vlan.id);
	if (!strncmp(f->name, parent, n) && f->name[n] == '.' && !strcmp(f->name + n + 1, id))
		return;
	fprintf(out, "\tvlan-raw-device %s\n\tvlan-id %u\n", parent, f->vlan.id);
}

static bool brought_up(const struct iface *f)
{
	return f->kind != IF_KIND_LINK || f->link.up;
}

void export_interfaces(const struct config *c, FILE *out)
{
	fprintf(out, "# network interface settings; written by `earlynet export` from %s\n"
		     "#\n"
		     "# earlynet brings this network up at boot; ifupdown2 (ifup -a, ifreload -a)\n"
		     "# then finds every value below already set and changes nothing. Edit\n"
		     "# earlynet.ini and export again rather than this file: earlynet's\n"
		     "# timeouts, fallback, hooks and require_carrier have no place here.\n",
		c->path[0] ? c->path : "the configuration");
	fprintf(out, "\nauto lo\niface lo inet loopback\n");
	for (int i = 0; i < c->n_ifaces; i++) {
		const struct iface *f = &c->ifaces[i];

		fputc('\n', out);
		if (brought_up(f))
			fprintf(out, "auto %s\n", f->name);
		fprintf(out, "iface %s inet %s\n", f->name, f->n_addrs ? "static" : "manual");
		switch (f->kind) {
		case IF_KIND_LINK:
			put_link(f, out);
			break;
		case IF_KIND_BOND:
			put_bond(c, f, out);
			break;
		case IF_KIND_BRIDGE:
			put_bridge(c, f, out);
			break;
		case IF_KIND_VLAN:
			put_vlan(c, f, out);
			break;
		}
		put_port_vlans(f, out);
		if (f->mtu != EN_UNSET)
			fprintf(out, "\tmtu %d\n", f->mtu);
		put_addrs(f, out);
	}
}

void export_link_file(const struct config *c, int i, FILE *out)
{
	const struct iface *f = &c->ifaces[i];
	const uint8_t *m = f->link.mac;

	fprintf(out, "# written by `earlynet export --links` from %s: the NIC with this\n"
		     "# permanent MAC is called %s, with or without earlynet.\n"
		     "[Match]\n"
		     "PermanentMACAddress=%02x:%02x:%02x:%02x:%02x:%02x\n"
		     "\n[Link]\nName=%s\n",
		c->path[0] ? c->path : "the configuration", f->name,
		m[0], m[1], m[2], m[3], m[4], m[5], f->name);
}

char *export_link_name(const struct iface *f, char *buf, size_t len)
{
	snprintf(buf, len, "10-earlynet-%s.link", f->name);
	return buf;
}

static int write_one(const struct config *c, int i, const char *dir, FILE *err)
{
	char name[EN_NAME_MAX + 24], path[EN_PATH_MAX], tmp[EN_PATH_MAX + 8];
	FILE *fp;
	int fd, e = 0;

	export_link_name(&c->ifaces[i], name, sizeof(name));
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		fprintf(err, "earlynet: %s: directory name too long\n", dir);
		return -ENAMETOOLONG;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || !(fp = fdopen(fd, "w"))) {
		e = errno;
		if (fd >= 0)
			close(fd);
		fprintf(err, "earlynet: cannot write %s: %s\n", tmp, strerror(e));
		return -e;
	}
	export_link_file(c, i, fp);
	if (fflush(fp) || fsync(fileno(fp)))
		e = errno;
	if (fclose(fp) && !e)
		e = errno;
	if (!e && rename(tmp, path))
		e = errno;
	if (e) {
		fprintf(err, "earlynet: cannot write %s: %s\n", path, strerror(e));
		unlink(tmp);
		return -e;
	}
	return 0;
}

/* eth0, eth1...: the kernel's own names, which it gives out at boot in
 * probe order. */
static bool kernel_style(const char *name)
{
	size_t d = strspn(name + 3, "0123456789");

	return !strncmp(name, "eth", 3) && d > 0 && name[3 + d] == '\0';
}

int export_links_dir(const struct config *c, const char *dir, FILE *err)
{
	int n = 0;

	for (int i = 0; i < c->n_ifaces; i++) {
		const struct iface *f = &c->ifaces[i];
		int ret;

		if (f->kind != IF_KIND_LINK)
			continue;
		ret = write_one(c, i, dir, err);
		if (ret < 0)
			return ret;
		n++;
		if (kernel_style(f->name))
			fprintf(err, "earlynet: warning: export: %s is a name the kernel gives out "
			        "itself at boot; udev cannot take it while another NIC holds it (two "
			        "swapped ethN names stay swapped), so without earlynet this NIC may "
			        "not get it: give it a name of its own (nic0, as Proxmox does)\n",
			        f->name);
	}
	return n;
}
