/* driver.c - drive hooks_run() and the state file from tests/hooks/run
 *
 *   driver hooks DIR EVENT RESULT TIMEOUT   run the hooks; print "ran N"
 *   driver state-write PATH                 write a known report
 *   driver state-read PATH                  print what state_read() got
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hooks.h"
#include "log.h"
#include "state.h"

static int state_write_known(const char *path)
{
	static struct state_report r;
	int ret;

	r.command = "up";
	r.result = "degraded";
	r.exit_code = 0;
	snprintf(r.reason, sizeof(r.reason), "spf1: no carrier \"after\" 30s\\");
	r.config_path = "/etc/earlynet/earlynet.ini";
	r.ms_read = 1.25;
	r.ms_rename = 0.5;
	r.ms_apply = 12;
	r.ms_carrier_wait = 30000;
	r.ms_lacp_wait = 1480.125;
	r.ms_total = 31500.875;
	r.netlink_requests = 37;
	r.started_at = 1718000000;
	state_add_iface(&r, "spf0", "up", "");
	state_add_iface(&r, "spf1", "degraded", "no carrier");
	state_add_iface(&r, "bond0", "up", "LACP converged, 1 of 2 ports");
	ret = state_write(path, &r);
	if (ret < 0)
		fprintf(stderr, "state_write: %s\n", strerror(-ret));
	return ret < 0;
}

static int state_print(const char *path)
{
	static struct state_summary s;
	int ret = state_read(path, &s);

	if (ret < 0) {
		printf("error %d\n", -ret);
		return 1;
	}
	printf("version=%d command=%s result=%s exit_code=%d\n", s.version,
	       s.command, s.result, s.exit_code);
	printf("reason=%s\nconfig=%s\n", s.reason, s.config_path);
	printf("ms=%g/%g/%g/%g/%g/%g requests=%u started=%ld finished_set=%d\n",
	       s.ms_read, s.ms_rename, s.ms_apply, s.ms_carrier_wait,
	       s.ms_lacp_wait, s.ms_total, s.netlink_requests, s.started_at,
	       s.finished_at >= s.started_at);
	for (int i = 0; i < s.n_ifaces; i++)
		printf("iface %s %s %s\n", s.ifaces[i].name, s.ifaces[i].outcome,
		       s.ifaces[i].detail);
	return 0;
}

int main(int argc, char **argv)
{
	log_init(1, false);
	if (argc == 6 && strcmp(argv[1], "hooks") == 0) {
		int n = hooks_run(argv[2], argv[3], argv[4], "/etc/earlynet/test.ini",
				  "/run/earlynet/test.json", atoi(argv[5]));
		printf("ran %d\n", n);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "state-write") == 0)
		return state_write_known(argv[2]);
	if (argc == 3 && strcmp(argv[1], "state-read") == 0)
		return state_print(argv[2]);
	fprintf(stderr, "usage: driver hooks DIR EVENT RESULT TIMEOUT | state-write PATH | state-read PATH\n");
	return 2;
}
