/* lldp-send.c - a tiny LLDP speaker for the VM tier's simulated switch
 *
 *   lldp-send SYSTEM IFACE[=PORT]...
 *
 * Sends an LLDPDU every second on each IFACE (chassis id: the interface's
 * MAC; port id: PORT, an interface name, default IFACE; system name:
 * SYSTEM; TTL 120) until killed. lldpd would need its privilege-separation
 * user and chroot in the busybox initramfs; this says the same on the wire.
 * A test tool: it is no part of earlynet, which never sends LLDP.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static size_t tlv(unsigned char *p, size_t at, unsigned type, const void *v, size_t n)
{
	p[at] = (unsigned char)(type << 1 | (n >> 8));
	p[at + 1] = (unsigned char)(n & 0xff);
	memcpy(p + at + 2, v, n);
	return at + 2 + n;
}

int main(int argc, char **argv)
{
	static const unsigned char dst[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };
	int fd = socket(AF_PACKET, SOCK_RAW, htons(0x88cc));
	struct { int ifindex; unsigned char frame[512]; size_t len; } port[16];
	int n = 0;

	if (argc < 3 || fd < 0) {
		fprintf(stderr, "usage: lldp-send SYSTEM IFACE[=PORT]... (as root)\n");
		return 2;
	}
	for (int i = 2; i < argc && n < 16; i++, n++) {
		char ifname[IFNAMSIZ] = "", *eq = strchr(argv[i], '=');
		const char *pname = eq ? eq + 1 : argv[i];
		unsigned char v[300], *f = port[n].frame;
		struct ifreq ifr = { 0 };
		size_t at;

		snprintf(ifname, sizeof(ifname), "%.*s", eq ? (int)(eq - argv[i]) : IFNAMSIZ - 1,
		         argv[i]);
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0 || !(port[n].ifindex = (int)if_nametoindex(ifname))) {
			perror(ifname);
			return 1;
		}
		memcpy(f, dst, 6);
		memcpy(f + 6, ifr.ifr_hwaddr.sa_data, 6);
		f[12] = 0x88;
		f[13] = 0xcc;
		at = 14;
		v[0] = 4;                                   /* chassis id: MAC */
		memcpy(v + 1, ifr.ifr_hwaddr.sa_data, 6);
		at = tlv(f, at, 1, v, 7);
		v[0] = 5;                                   /* port id: interface name */
		memcpy(v + 1, pname, strlen(pname));
		at = tlv(f, at, 2, v, 1 + strlen(pname));
		at = tlv(f, at, 3, "\x00\x78", 2);          /* TTL 120 s */
		at = tlv(f, at, 4, ifname, strlen(ifname)); /* port description */
		at = tlv(f, at, 5, argv[1], strlen(argv[1]));
		at = tlv(f, at, 0, "", 0);
		port[n].len = at;
	}
	for (;;) {
		for (int i = 0; i < n; i++) {
			struct sockaddr_ll sa = { .sll_family = AF_PACKET, .sll_ifindex = port[i].ifindex,
			                          .sll_halen = 6 };

			memcpy(sa.sll_addr, dst, 6);
			if (sendto(fd, port[i].frame, port[i].len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
				perror("sendto");
		}
		sleep(1);
	}
}
