/* rename.h - order NIC renames, breaking cycles through temporary names (pure) */
#ifndef EARLYNET_RENAME_H
#define EARLYNET_RENAME_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

/* Every link that holds a name, renamed (target set) or not (target "").
 * A link without a target keeps its name, and a target it holds is an
 * error: the file does not mention that link. */
struct rename_node {
	char name[EN_NAME_MAX];      /* current */
	char target[EN_NAME_MAX];    /* wanted, "" to keep the name */
	int ifindex;                 /* for messages */
};

struct rename_step {
	int node;                    /* index into the nodes */
	char from[EN_NAME_MAX];
	char to[EN_NAME_MAX];
	bool temporary;              /* to "entmpN", only to free a name */
};

/*
 * Order the renames so that each one goes to a free name: a chain is done
 * from its free end, a cycle (eth0 <-> eth1) through a temporary name
 * "entmpN" that no node holds or wants and that is not in avoid[] (the
 * file's names). Fills *steps (malloc'd, free() it) and *n_steps.
 * Returns 0, -EEXIST when a target is held by a node without a target
 * (err says which), -EINVAL for two nodes wanting one name, -ENOMEM.
 */
int rename_order(const struct rename_node *nodes, int n,
                 const char (*avoid)[EN_NAME_MAX], int n_avoid,
                 struct rename_step **steps, int *n_steps,
                 char *err, size_t errlen);

#endif
