/* rename.c - order NIC renames, breaking cycles through temporary names (pure) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rename.h"

static int holder(char (*names)[EN_NAME_MAX], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

static bool name_used(const struct rename_node *nodes, int n,
                      const char (*avoid)[EN_NAME_MAX], int n_avoid, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(nodes[i].name, name) || !strcmp(nodes[i].target, name))
			return true;
	for (int i = 0; i < n_avoid; i++)
		if (!strcmp(avoid[i], name))
			return true;
	return false;
}

static int push(struct rename_step **steps, int *n_steps, int *cap, int node,
                const char *from, const char *to, bool temporary)
{
	if (*n_steps == *cap) {
		int ncap = *cap ? *cap * 2 : 8;
		struct rename_step *s = realloc(*steps, (size_t)ncap * sizeof(*s));

		if (!s)
			return -ENOMEM;
		*steps = s;
		*cap = ncap;
	}
	struct rename_step *s = &(*steps)[(*n_steps)++];

	memset(s, 0, sizeof(*s));
	s->node = node;
	snprintf(s->from, sizeof(s->from), "%s", from);
	snprintf(s->to, sizeof(s->to), "%s", to);
	s->temporary = temporary;
	return 0;
}

int rename_order(const struct rename_node *nodes, int n,
                 const char (*avoid)[EN_NAME_MAX], int n_avoid,
                 struct rename_step **steps, int *n_steps,
                 char *err, size_t errlen)
{
	char (*names)[EN_NAME_MAX] = NULL;
	bool *pending = NULL, *seen = NULL;
	int cap = 0, left = 0, next_tmp = 0, r = 0;

	*steps = NULL;
	*n_steps = 0;
	if (err && errlen)
		err[0] = '\0';
	if (n == 0)
		return 0;
	names = calloc((size_t)n, sizeof(*names));
	pending = calloc((size_t)n, sizeof(*pending));
	seen = calloc((size_t)n, sizeof(*seen));
	if (!names || !pending || !seen) {
		r = -ENOMEM;
		goto out;
	}

	/* Refuse what cannot work before planning anything. */
	for (int i = 0; i < n; i++) {
		memcpy(names[i], nodes[i].name, EN_NAME_MAX);
		if (!nodes[i].target[0] || !strcmp(nodes[i].name, nodes[i].target))
			continue;
		for (int j = 0; j < n; j++) {
			if (j == i)
				continue;
			if (!strcmp(nodes[j].target, nodes[i].target)) {
				if (err)
					snprintf(err, errlen, "cannot rename both %s and %s to %s",
					         nodes[i].name, nodes[j].name, nodes[i].target);
				r = -EINVAL;
				goto out;
			}
			if (!strcmp(nodes[j].name, nodes[i].target) && !nodes[j].target[0]) {
				if (err)
					snprintf(err, errlen, "cannot rename %s to %s: the name is held by %s "
					         "(ifindex %d), which the file does not mention",
					         nodes[i].name, nodes[i].target, nodes[j].name,
					         nodes[j].ifindex);
				r = -EEXIST;
				goto out;
			}
		}
		pending[i] = true;
		left++;
	}

	while (left > 0) {
		bool progress = false;

		for (int i = 0; i < n; i++) {
			if (!pending[i] || holder(names, n, nodes[i].target) >= 0)
				continue;
			r = push(steps, n_steps, &cap, i, names[i], nodes[i].target, false);
			if (r < 0)
				goto out;
			memcpy(names[i], nodes[i].target, EN_NAME_MAX);
			pending[i] = false;
			left--;
			progress = true;
		}
		if (progress || left == 0)
			continue;

		/* Every pending target is held by another pending node. Targets
		 * are distinct, so these nodes form cycles: follow "who holds my
		 * target" until a node repeats, and move that one aside. */
		int c = 0;

		while (!pending[c])
			c++;
		memset(seen, 0, (size_t)n * sizeof(*seen));
		while (!seen[c]) {
			seen[c] = true;
			c = holder(names, n, nodes[c].target);
			if (c < 0 || !pending[c]) {
				r = -EINVAL; /* cannot happen after the checks above */
				goto out;
			}
		}

		char tmp[EN_NAME_MAX];

		do
			snprintf(tmp, sizeof(tmp), "entmp%d", next_tmp++);
		while (name_used(nodes, n, avoid, n_avoid, tmp) || holder(names, n, tmp) >= 0);
		r = push(steps, n_steps, &cap, c, names[c], tmp, true);
		if (r < 0)
			goto out;
		memcpy(names[c], tmp, EN_NAME_MAX);
	}
	r = 0;
out:
	if (r < 0) {
		free(*steps);
		*steps = NULL;
		*n_steps = 0;
	}
	free(names);
	free(pending);
	free(seen);
	return r;
}
