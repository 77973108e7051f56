/* rename.h - order NIC renames, breaking cycles through temporary names,
 * moving aside what holds a wanted name (pure) */
#ifndef EARLYNET_RENAME_H
#define EARLYNET_RENAME_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

/* Every link that holds a name, renamed (target set) or not (target "").
 * Names and altnames share one namespace in the kernel: both are held. */
struct rename_node {
	char name[EN_NAME_MAX];      /* current */
	char target[EN_NAME_MAX];    /* wanted, "" to keep the name */
	int ifindex;                 /* for messages */
	bool ours;                   /* an interface of the file (with a target
	                              * or not): its altnames may be removed */
	bool up;                     /* IFF_UP: a link the file does not mention
	                              * is moved off a wanted name only when down */
	const char (*altnames)[EN_NAME_MAX];
	int n_altnames;
};

enum rename_kind {
	RENAME_TO,                   /* from -> to, a node's target */
	RENAME_TEMPORARY,            /* to "entmpN", only to free a name (a cycle) */
	RENAME_ASIDE,                /* a down link the file does not mention,
	                              * to "enasideN": it held a wanted name */
	RENAME_DROP_ALTNAME,         /* remove altname `to` from the node; its
	                              * name (from) stays */
};

struct rename_step {
	int node;                    /* index into the nodes */
	enum rename_kind kind;
	char from[EN_NAME_MAX];
	char to[EN_NAME_MAX];
	bool temporary;              /* kind == RENAME_TEMPORARY */
};

/* A node that keeps its name: its target is held by a link that is up and
 * that the file does not mention (holder), or by a node kept itself. */
struct rename_kept {
	int node;
	int holder;                  /* index into the nodes */
	bool altname;                /* the holder has the target as an altname */
};

struct rename_plan {
	struct rename_step *steps;   /* in order */
	int n_steps;
	struct rename_kept *kept;
	int n_kept;
};

/*
 * Order the renames so that each one goes to a free name: a chain is done
 * from its free end, a cycle (eth0 <-> eth1) through a temporary name
 * "entmpN". A name (or altname) a node wants that is held by a link the
 * file does not mention is freed when that link is down (renamed aside to
 * "enasideN", or the altname removed), first; when it is up, the node keeps
 * its name (rename_plan.kept), and so does a node whose target is the name
 * of a kept one. A node's own altname that is its target, and an altname
 * of one of the file's links that another wants, are removed first.
 * Temporary and aside names are held by no node, wanted by none, not in
 * avoid[] (the file's names). Fills *out (free with rename_plan_free).
 * Returns 0, -EINVAL for two nodes wanting one name (err says which),
 * -ENOMEM.
 */
int rename_order(const struct rename_node *nodes, int n,
                 const char (*avoid)[EN_NAME_MAX], int n_avoid,
                 struct rename_plan *out, char *err, size_t errlen);
void rename_plan_free(struct rename_plan *p);

#endif
