/* wait.c - event-driven waits: poll the rtnetlink socket, re-read, decide */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sys.h"
#include "wait.h"

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

void wait_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

bool wait_interrupted(void)
{
	return interrupted != 0;
}

static int reread(struct kstate *k)
{
	struct kstate fresh = { 0 };
	int ret = sys_snapshot(&fresh);

	if (ret < 0)
		return ret;
	kstate_free(k);
	*k = fresh;
	return 0;
}

/* k as the kernel announced it since; read again when news was lost. */
static int catch_up(struct kstate *k, int *reads)
{
	if (sys_events_news(k) == 0)
		return 0;
	++*reads;
	return reread(k);
}

bool wait_events_pending(void)
{
	struct pollfd p = { .fd = sys_events_open(), .events = POLLIN };

	return p.fd < 0 || poll(&p, 1, 0) != 0;
}

int wait_for(const char *what, int timeout_ms, int recheck_ms, wait_pred pred, void *ctx,
             struct kstate *k, struct wait_stats *st)
{
	double start = now_ms(), deadline = start + timeout_ms;
	double next_progress = start + 1000;
	char detail[256] = "";
	int fd = sys_events_open(), ret = 0, reads = 0;

	if (fd < 0)
		return fd;
	/* Start from the kernel as it is now, not as the caller last saw it:
	 * the operations just applied may have taken a carrier away. */
	if (wait_events_pending())
		ret = catch_up(k, &reads);
	while (ret == 0) {
		double now;
		int t;

		if (pred(k, ctx, detail, sizeof(detail)))
			break;
		if (interrupted) {
			ret = -EINTR;
			break;
		}
		now = now_ms();
		if (now >= deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		if (now >= next_progress) {
			log_progress("waiting for %s: %s (%d/%d s)", what, detail,
			             (int)((now - start) / 1000), timeout_ms / 1000);
			next_progress += 1000;
		}
		t = (int)((next_progress < deadline ? next_progress : deadline) - now) + 1;
		if (recheck_ms > 0 && t > recheck_ms)
			t = recheck_ms;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n = poll(&p, 1, t);
		if (n < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		/* Events are news applied to k. The kernel announces carrier
		 * and membership changes, but not an 802.3ad port's partner
		 * state (/proc): a wait with recheck_ms reads it all each time,
		 * the others at each progress tick, to be sure. */
		if (n > 0 && recheck_ms <= 0) {
			ret = catch_up(k, &reads);
			continue;
		}
		if (n > 0)
			sys_events_drain();
		ret = reread(k);
		reads++;
	}
	if (st) {
		st->ms = now_ms() - start;
		st->reads = reads;
	}
	return ret;
}
