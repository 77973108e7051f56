/* sys-lldp.c - listen (receive only) for LLDP on bond ports
 *
 * One AF_PACKET socket per port, bound to it, for ethertype 0x88cc, with
 * the LLDP multicast address 01:80:c2:00:00:0e added to the port's filter
 * (PACKET_ADD_MEMBERSHIP; a bond port passes it anyway, a NIC may not).
 * Nothing is ever sent. The last neighbour each port heard is kept. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lldp.h"
#include "sys.h"

#define LLDP_MAX 64

static struct {
	int ifindex, fd;
	char name[EN_NAME_MAX];
	char text[96];
} ports[LLDP_MAX];
static int n_ports;

int sys_lldp_listen(int ifindex, const char *name)
{
	static const uint8_t group[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };
	struct sockaddr_ll sa = { .sll_family = AF_PACKET, .sll_ifindex = ifindex,
	                          .sll_protocol = htons(ETH_P_LLDP_TYPE) };
	struct packet_mreq mr = { .mr_ifindex = ifindex, .mr_type = PACKET_MR_MULTICAST,
	                          .mr_alen = 6 };
	int fd, ret;

	for (int i = 0; i < n_ports; i++)
		if (ports[i].ifindex == ifindex)
			return 0;
	if (n_ports >= LLDP_MAX)
		return -ENOSPC;
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_LLDP_TYPE));
	if (fd < 0)
		return -errno;
	memcpy(mr.mr_address, group, 6);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ports[n_ports].ifindex = ifindex;
	ports[n_ports].fd = fd;
	snprintf(ports[n_ports].name, sizeof(ports[n_ports].name), "%s", name);
	ports[n_ports].text[0] = '\0';
	n_ports++;
	return 0;
}

int sys_lldp_poll(void)
{
	int heard = 0;

	for (int i = 0; i < n_ports; i++) {
		uint8_t buf[1600];
		ssize_t n;

		while ((n = recv(ports[i].fd, buf, sizeof(buf), 0)) > 0) {
			struct lldp_neighbour nb;
			char text[sizeof(ports[i].text)];

			if (lldp_parse(buf, (size_t)n, &nb) < 0)
				continue;
			lldp_format(&nb, text, sizeof(text));
			if (strcmp(text, ports[i].text)) {
				memcpy(ports[i].text, text, sizeof(text));
				heard++;
			}
		}
	}
	return heard;
}

const char *sys_lldp_neighbour(const char *name)
{
	for (int i = 0; i < n_ports; i++)
		if (!strcmp(ports[i].name, name))
			return ports[i].text[0] ? ports[i].text : NULL;
	return NULL;
}

void sys_lldp_close(void)
{
	for (int i = 0; i < n_ports; i++)
		close(ports[i].fd);
	n_ports = 0;
}
