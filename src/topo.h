/* topo.h - the topology tree and the JSON document of `earlynet status` (pure) */
#ifndef EARLYNET_TOPO_H
#define EARLYNET_TOPO_H

#include <stdbool.h>
#include <stdio.h>
#include "kstate.h"
#include "model.h"
#include "state.h"

#define TOPO_WIDTH 80   /* a serial console */

/*
 * Print the interfaces of c (NULL: every link of k but loopback) as they
 * are in k, with what differs from the file marked "!! ...", and the last
 * run (NULL: none recorded). speed[i] is the speed in Mb/s of k->links[i],
 * or -1 when unknown (speed may be NULL). utf8 picks box-drawing
 * characters over ASCII. json: the document described in status.c.
 * Returns 0, or -ENOMEM / -EIO (out failed).
 */
int topo_print(const struct config *c, const struct kstate *k, const int *speed,
	       const struct state_summary *last, bool json, bool utf8, FILE *out);

#endif
