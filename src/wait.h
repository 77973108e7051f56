/* wait.h - event-driven waits on rtnetlink notifications */
#ifndef EARLYNET_WAIT_H
#define EARLYNET_WAIT_H

#include <stdbool.h>
#include <stddef.h>
#include "kstate.h"

/* Is the wait over? Fill detail with how things stand ("spf0 distributing,
 * spf1 no partner") for the progress line. */
typedef bool (*wait_pred)(const struct kstate *k, void *ctx, char *detail, size_t len);

struct wait_stats {
	double ms;              /* time waited */
	int reads;              /* snapshots read into *k */
};

/*
 * Wait until pred holds, at most timeout_ms. The snapshot in *k is read
 * again after every batch of rtnetlink notifications (sys_events_open()
 * must have been called before the state the caller holds was read, so no
 * change is missed; a wait with nothing pending starts from *k as it is),
 * and a progress line "waiting for WHAT: DETAIL (N/M s)" is printed about
 * once a second. recheck_ms > 0 also re-reads that often without an event,
 * for state the kernel does not announce (LACP partner states). Returns 0
 * when pred held, -ETIMEDOUT, -EINTR (a signal, see below) or -errno; *k
 * holds the last snapshot in every case; *st, when not NULL, says how long
 * and how many reads.
 */
int wait_for(const char *what, int timeout_ms, int recheck_ms, wait_pred pred,
             void *ctx, struct kstate *k, struct wait_stats *st);

/* Has a notification arrived since the last drain? (Drains nothing.) */
bool wait_events_pending(void);

/* SIGTERM and SIGINT set a flag instead of killing us half-way: waits
 * return -EINTR and apply stops before the next data-plane operation, so
 * management is left up. */
void wait_catch_signals(void);
bool wait_interrupted(void);

/* Monotonic milliseconds. */
double now_ms(void);

#endif
