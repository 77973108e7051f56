/* status.h - `earlynet status`: the live topology and the last run */
#ifndef EARLYNET_STATUS_H
#define EARLYNET_STATUS_H

#include <stdbool.h>
#include <stdio.h>
#include "kstate.h"
#include "model.h"
#include "state.h"

/*
 * Print the interfaces of c (NULL: every link in k but loopback) as they
 * are in k, as a tree (or, json, the document described in status.c), with
 * what differs from the file marked, and the last run (NULL: none). The
 * caller fills k (sys_snapshot) and, for the NICs it wants offloads and
 * rings shown for, their ethtool state (sys_read_ethtool); link speeds are
 * read here from sysfs. Box-drawing characters when the locale is UTF-8.
 * Returns 0 or -errno.
 */
int status_print(const struct config *c, const struct kstate *k,
		 const struct state_summary *last, bool json, FILE *out);

#endif
