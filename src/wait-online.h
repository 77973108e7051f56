/* wait-online.h - `earlynet wait-online`: management up, its gateway
 * answering ARP, and with --bonds every 802.3ad bond converged */
#ifndef EARLYNET_WAIT_ONLINE_H
#define EARLYNET_WAIT_ONLINE_H

#include <stdbool.h>
#include "model.h"

/* Wait at most timeout_s seconds. Changes nothing. EXIT_OK when online,
 * EXIT_DEGRADED (2) when the time ran out (what is missing is printed),
 * EXIT_CONFIG when the file has nothing to wait for, EXIT_FAILED when the
 * kernel could not be asked. */
int wait_online(const struct config *c, int timeout_s, bool bonds);

#endif
