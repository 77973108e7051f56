/* capture-link.c - write the kernel's RTM_NEWLINK answer for one link as
 * fuzz-linkinfo seeds: DIR/NAME (mode 0, the whole payload) and, when the
 * link has IFLA_LINKINFO, DIR/NAME-linkinfo (mode 1, its inside).
 *
 * How the real seeds in tests/fuzz/seed/fuzz-linkinfo/ were made (root):
 *   cc -std=c11 -D_GNU_SOURCE -o build/capture-link tests/fuzz/capture-link.c
 *   ip netns add cap; ip -n cap link add vmbr0 type bridge stp_state 1
 *   ip -n cap link add ens1 type veth peer name ens2
 *   ip -n cap link set ens1 master vmbr0; ip -n cap link set vmbr0 up
 *   ip netns exec cap build/capture-link ens1 DIR/veth-port   (etc.)
 * Plain sockets, no libnl: the seeds must not depend on the parser. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static void put(const char *path, const void *p, size_t n, unsigned char mode)
{
	FILE *f = fopen(path, "we");

	if (!f || fwrite(&mode, 1, 1, f) != 1 || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
		char ext[8];
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
		       .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 },
		.ifi = { .ifi_family = AF_UNSPEC },
	};
	struct rtattr *ext = (struct rtattr *)req.ext, *a;
	static unsigned buf[16384];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	char path[4096];
	ssize_t n;
	int fd, len;

	if (argc != 3) {
		fprintf(stderr, "usage: capture-link IFNAME OUT\n");
		return 2;
	}
	req.ifi.ifi_index = (int)if_nametoindex(argv[1]);
	if (!req.ifi.ifi_index) {
		perror(argv[1]);
		return 1;
	}
	/* IFLA_EXT_MASK RTEXT_FILTER_VF, as ip(8) asks */
	ext->rta_type = IFLA_EXT_MASK;
	ext->rta_len = RTA_LENGTH(4);
	*(unsigned *)RTA_DATA(ext) = RTEXT_FILTER_VF;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || send(fd, &req, sizeof(req), 0) < 0) {
		perror("netlink");
		return 1;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0 || !NLMSG_OK(h, (size_t)n) || h->nlmsg_type != RTM_NEWLINK) {
		fprintf(stderr, "capture-link: no RTM_NEWLINK answer\n");
		return 1;
	}
	put(argv[2], NLMSG_DATA(h), h->nlmsg_len - NLMSG_HDRLEN, 0);
	len = (int)IFLA_PAYLOAD(h);
	for (a = IFLA_RTA(NLMSG_DATA(h)); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if ((a->rta_type & NLA_TYPE_MASK) != IFLA_LINKINFO)
			continue;
		snprintf(path, sizeof(path), "%s-linkinfo", argv[2]);
		put(path, RTA_DATA(a), RTA_PAYLOAD(a), 1);
	}
	close(fd);
	return 0;
}
