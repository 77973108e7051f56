/* settle.c - wait until the kernel is quiet in this network namespace
 *
 *   settle [QUIET_MS [MAX_MS]]   defaults 1000 and 60000
 *
 * Listens to rtnetlink's multicast groups (links, IPv4 and IPv6 addresses
 * and routes, IPv6 interface info, netconf) and returns once QUIET_MS
 * have passed without one event, or after MAX_MS at most. Prints
 * "quiet after T ms, E events" (exit 0) or "not quiet after T ms, E
 * events" (exit 1) on stdout. A receive overrun (ENOBUFS: more events
 * than the buffer holds) counts as an event.
 *
 * The benchmarks run it before each timed run, so that no tool pays for
 * the kernel's leftover work of the run before: IPv6 duplicate address
 * detection and address configuration of thousands of devices goes on
 * after the tool that made them has exited, and holds the RTNL lock that
 * the next tool's requests wait for. Built static, like measure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int join(int fd, unsigned int group)
{
	return setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
			  sizeof(group));
}

int main(int argc, char **argv)
{
	static const unsigned int groups[] = {
		RTNLGRP_LINK,	     RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
		RTNLGRP_IPV4_ROUTE,  RTNLGRP_IPV6_ROUTE,  RTNLGRP_IPV6_IFINFO,
		RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF,
	};
	static char buf[65536];
	struct sockaddr_nl sa;
	double quiet = 1000, max = 60000, t0, last, t;
	long events = 0;
	int fd, rcvbuf = 4 << 20;
	size_t i;

	if (argc > 1)
		quiet = atof(argv[1]);
	if (argc > 2)
		max = atof(argv[2]);
	if (argc > 3 || quiet <= 0 || max < quiet) {
		fprintf(stderr, "usage: settle [QUIET_MS [MAX_MS]]\n");
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		perror("socket");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind");
		return 2;
	}
	/* A bigger buffer means fewer overruns; failing to get it is fine. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (join(fd, groups[i]) < 0) {
			perror("NETLINK_ADD_MEMBERSHIP");
			return 2;
		}
	}
	t0 = last = now_ms();
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double left;
		ssize_t n;

		t = now_ms();
		if (t - last >= quiet) {
			printf("quiet after %.0f ms, %ld events\n", t - t0, events);
			return 0;
		}
		if (t - t0 >= max) {
			printf("not quiet after %.0f ms, %ld events\n", t - t0, events);
			return 1;
		}
		left = last + quiet - t;
		if (t0 + max - t < left)
			left = t0 + max - t;
		if (poll(&p, 1, (int)left + 1) < 0) {
			if (errno == EINTR)
				continue;
			perror("poll");
			return 2;
		}
		if (!(p.revents & POLLIN))
			continue;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno != ENOBUFS) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			perror("recv");
			return 2;
		}
		if (n < 0) {
			events++;
		} else {
			struct nlmsghdr *h = (struct nlmsghdr *)buf;
			int len = (int)n;

			for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
				events++;
		}
		last = now_ms();
	}
}
