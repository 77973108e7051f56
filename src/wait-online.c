/* wait-online.c - `earlynet wait-online`: event-driven, bounded, with a
 * progress line about once a second. First the links (rtnetlink events:
 * management up with carrier and its addresses; with --bonds, LACP
 * converged), then ARP requests to the gateway (after 0.1, 0.2, 0.4, 0.8 s, then every
 * second) until it answers. The decisions are online.c's; the packets go through sys-arp.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "log.h"
#include "online.h"
#include "sys.h"
#include "wait.h"
#include "wait-online.h"

#define LACP_RECHECK_MS 1000

static int arp_probe(const struct online_target *t, const struct ks_link *l, double deadline,
		     double start, int timeout_s)
{
	char gw[INET_ADDRSTRLEN];
	uint8_t req[ONLINE_ARP_LEN], buf[256], mac[6];
	double next_send = 0, next_progress = now_ms() + 1000;
	int gap = 100, fd = sys_arp_open(l->ifindex), ret;

	inet_ntop(AF_INET, t->gw, gw, sizeof(gw));
	if (fd < 0) {
		log_err("wait-online: cannot open an ARP socket on %s: %s (run as root)", l->name,
			strerror(-fd));
		return EXIT_FAILED;
	}
	online_arp_request(t, l->mac, req);
	for (;;) {
		double now = now_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int wait_ms;

		if (wait_interrupted()) {
			log_err("wait-online: interrupted while waiting for gateway %s on %s", gw, l->name);
			sys_arp_close(fd);
			return EXIT_DEGRADED;
		}
		if (now >= deadline) {
			log_err("wait-online: not online after %d s: %s is up, but gateway %s does not "
				"answer ARP on it; check the gateway, the cable and the switch port",
				timeout_s, l->name, gw);
			sys_arp_close(fd);
			return EXIT_DEGRADED;
		}
		if (now >= next_send) {
			ret = sys_arp_send(fd, l->ifindex, req, sizeof(req));
			if (ret < 0)
				log_debug("wait-online: ARP request on %s: %s", l->name, strerror(-ret));
			/* 0.1, 0.2, 0.4, 0.8 s, then every second: a first
			 * request lost while a bridge port settles costs little */
			next_send = now + gap;
			gap = gap * 2 > 1000 ? 1000 : gap * 2;
		}
		if (now >= next_progress) {
			log_progress("waiting for gateway %s to answer ARP on %s (%d/%d s)", gw,
				     l->name, (int)((now - start) / 1000), timeout_s);
			next_progress += 1000;
		}
		wait_ms = (int)((next_send < deadline ? next_send : deadline) - now) + 1;
		if (poll(&p, 1, wait_ms) < 0 && errno != EINTR) {
			log_err("wait-online: waiting on the ARP socket of %s: %s", l->name,
				strerror(errno));
			sys_arp_close(fd);
			return EXIT_FAILED;
		}
		while ((ret = sys_arp_recv(fd, buf, sizeof(buf))) > 0) {
			if (!online_arp_from_gateway(t, buf, (size_t)ret, mac))
				continue;
			log_info("online: %s up, gateway %s answers ARP from "
				 "%02x:%02x:%02x:%02x:%02x:%02x (%.1f s)", l->name, gw, mac[0], mac[1],
				 mac[2], mac[3], mac[4], mac[5], (now_ms() - start) / 1000);
			sys_arp_close(fd);
			return EXIT_OK;
		}
	}
}

int wait_online(const struct config *c, int timeout_s, bool bonds)
{
	struct online_target t;
	struct kstate k = { 0 };
	char why[512];
	double start = now_ms(), deadline = start + timeout_s * 1000.0;
	const struct ks_link *l;
	int ret, code;

	if (online_target(c, bonds, &t, why, sizeof(why)) < 0) {
		log_err("wait-online: %s", why);
		return EXIT_CONFIG;
	}
	wait_catch_signals();
	if ((ret = sys_open()) < 0 || (ret = sys_events_open()) < 0 || (ret = sys_snapshot(&k)) < 0) {
		log_err("wait-online: cannot read the links from the kernel: %s", strerror(-ret));
		kstate_free(&k);
		return EXIT_FAILED;
	}
	ret = wait_for(bonds ? "management and bonds" : "management", timeout_s * 1000,
		       bonds ? LACP_RECHECK_MS : 0, online_links_ready, &t, &k, NULL);
	if (ret < 0) {
		online_links_ready(&k, &t, why, sizeof(why));
		if (ret == -ETIMEDOUT)
			log_err("wait-online: not online after %d s: %s", timeout_s, why);
		else if (ret == -EINTR)
			log_err("wait-online: interrupted: %s", why);
		else
			log_err("wait-online: waiting for %s: %s", t.mgmt, strerror(-ret));
		kstate_free(&k);
		return ret == -ETIMEDOUT || ret == -EINTR ? EXIT_DEGRADED : EXIT_FAILED;
	}
	l = ks_link_by_name(&k, t.mgmt);
	if (!t.has_gw) {
		log_info("online: %s (no IPv4 gateway in the file: none probed)", why[0] ? why : t.mgmt);
		code = EXIT_OK;
	} else {
		code = arp_probe(&t, l, deadline, start, timeout_s);
	}
	kstate_free(&k);
	sys_events_close();
	sys_close();
	return code;
}
