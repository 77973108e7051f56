/* lacp.h - is an 802.3ad bond converged? (pure, on a snapshot) */
#ifndef EARLYNET_LACP_H
#define EARLYNET_LACP_H

#include <stdbool.h>
#include "kstate.h"

struct lacp_verdict {
	bool converged;
	int ready;               /* ports converged in the active aggregator */
	int needed;              /* max(1, min_links) */
	int ports;               /* ports enslaved */
	int no_carrier;          /* ports enslaved without carrier */
	char detail[256];        /* "spf0 distributing, spf1 no partner" */
};

/* "LACP converged" as config.md defines it. */
void lacp_evaluate(const struct kstate *k, const struct ks_link *bond,
                   int min_links, struct lacp_verdict *v);
/* Port state bits in words: "activity aggregation sync collecting distributing". */
char *lacp_state_words(unsigned state, char *buf, size_t len);

#endif
