/* order.h - the order interfaces are built in (pure) */
#ifndef EARLYNET_ORDER_H
#define EARLYNET_ORDER_H

#include <stdbool.h>
#include "model.h"

/* Put the interfaces i with set[i] into order[] so that each comes after
 * its ports and its VLAN parent (those that are in set too); among those
 * ready, links first, then bonds, bridges and VLANs, each in file order.
 * A cycle (only in a file that failed validation) is broken at its first
 * interface in file order. O(n log n). Returns how many were placed, or
 * -ENOMEM. order must have room for c->n_ifaces entries. */
int config_build_order(const struct config *c, const bool *set, int *order);

#endif
