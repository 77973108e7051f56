/* lacp.h - is an 802.3ad bond converged, and if a port is not in it, why?
 * (pure, on a snapshot) */
#ifndef EARLYNET_LACP_H
#define EARLYNET_LACP_H

#include <stdbool.h>
#include "kstate.h"

#define LACP_MAX_PORTS EN_MAX_PORTS

/* What a port is, in the order lacp_evaluate looks: the first that fits. */
enum lacp_cause {
	LACP_OK,                /* in the active aggregator, collecting and distributing */
	LACP_NO_CARRIER,
	LACP_NO_STATE,          /* the bond has not reported LACP state for it yet */
	LACP_EXPIRED,           /* the partner's LACPDUs stopped (expired) */
	LACP_NO_LACPDU,         /* partner defaulted / all-zero: no LACP on the switch port */
	LACP_INDIVIDUAL,        /* the partner does not aggregate this port */
	LACP_OTHER_PARTNER,     /* another partner system than the active aggregator's */
	LACP_OTHER_KEY,         /* same partner system, another key: another port-channel */
	LACP_SPEED,             /* another speed or duplex than the aggregator's ports */
	LACP_CHURNED,           /* actor or partner churned: they cannot agree */
	LACP_MAC_CHANGED,       /* the bond's MAC is not its LACP system id any more */
	LACP_OTHER_AGGREGATOR,  /* in another aggregator, nothing above explains it */
	LACP_JOINING,           /* in the active aggregator, not yet distributing */
	LACP_CAUSES
};

struct lacp_port {
	char name[EN_NAME_MAX];
	enum lacp_cause cause;
	bool transient;         /* the cause is a state LACP passes through */
	char why[200];          /* "different partner: ..." for an operator */
	char info[128];         /* a note that is not a fault (LACP rate), or "" */
};

struct lacp_verdict {
	bool converged;
	int ready;               /* ports converged in the active aggregator */
	int needed;              /* max(1, min_links) */
	int ports;               /* ports enslaved */
	int no_carrier;          /* ports enslaved without carrier */
	int stray;               /* ports not ready: without carrier or outside */
	int transient;           /* strays whose state LACP is still passing through */
	char detail[256];        /* "spf0 distributing, spf1 different partner" */
	struct lacp_port port[LACP_MAX_PORTS]; /* the first LACP_MAX_PORTS ports */
	int n_port;
};

/* "LACP converged" as config.md defines it, and a cause for every port. */
void lacp_evaluate(const struct kstate *k, const struct ks_link *bond,
                   int min_links, struct lacp_verdict *v);
/* Short words for a cause: "different partner", "no LACPDU", ... */
const char *lacp_cause_word(enum lacp_cause c);

/*
 * Has a converged bond settled? LACP brings ports into the aggregator one
 * after the other: a bond whose first port converged is not yet "degraded"
 * while its second is joining. A bond has settled when every port is ready,
 * or when the strays have a cause that is no passing state and that has
 * not changed for settle_ms. s keeps what was seen (zero it to start).
 */
struct lacp_settle {
	double since;           /* when the strays' causes were first seen so */
	unsigned sig;           /* the strays' causes, hashed */
	bool seen;
};
bool lacp_settled(struct lacp_settle *s, const struct lacp_verdict *v, double now_ms,
                  int settle_ms);

/* Port state bits in words: "activity aggregation sync collecting distributing". */
char *lacp_state_words(unsigned state, char *buf, size_t len);

#endif
