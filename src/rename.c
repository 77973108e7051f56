/* rename.c - order NIC renames, breaking cycles through temporary names,
 * moving aside what holds a wanted name (pure) */
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

/* Does node j hold name as an altname it still has? */
static bool has_altname(const struct rename_node *nodes, const unsigned *dropped, int j,
                        const char *name)
{
	for (int a = 0; a < nodes[j].n_altnames && a < 32; a++)
		if (!(dropped[j] & (1u << a)) && !strcmp(nodes[j].altnames[a], name))
			return true;
	return false;
}

static void drop_altname(const struct rename_node *nodes, unsigned *dropped, int j,
                         const char *name)
{
	for (int a = 0; a < nodes[j].n_altnames && a < 32; a++)
		if (!strcmp(nodes[j].altnames[a], name))
			dropped[j] |= 1u << a;
}

/* A name for a temporary or aside rename: nobody holds, wants or avoids it. */
static bool name_used(const struct rename_node *nodes, int n, char (*names)[EN_NAME_MAX],
                      const char (*avoid)[EN_NAME_MAX], int n_avoid, const char *name)
{
	for (int i = 0; i < n; i++) {
		if (!strcmp(nodes[i].name, name) || !strcmp(nodes[i].target, name) ||
		    !strcmp(names[i], name))
			return true;
		for (int a = 0; a < nodes[i].n_altnames; a++)
			if (!strcmp(nodes[i].altnames[a], name))
				return true;
	}
	for (int i = 0; i < n_avoid; i++)
		if (!strcmp(avoid[i], name))
			return true;
	return false;
}

struct builder {
	struct rename_plan *out;
	int cap_steps;
};

static int push(struct builder *b, int node, enum rename_kind kind, const char *from,
                const char *to)
{
	struct rename_plan *p = b->out;
	struct rename_step *s;

	if (p->n_steps == b->cap_steps) {
		int ncap = b->cap_steps ? b->cap_steps * 2 : 8;

		s = realloc(p->steps, (size_t)ncap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		p->steps = s;
		b->cap_steps = ncap;
	}
	s = &p->steps[p->n_steps++];
	memset(s, 0, sizeof(*s));
	s->node = node;
	s->kind = kind;
	snprintf(s->from, sizeof(s->from), "%s", from);
	snprintf(s->to, sizeof(s->to), "%s", to);
	s->temporary = kind == RENAME_TEMPORARY;
	return 0;
}

static void fresh_name(const struct rename_node *nodes, int n, char (*names)[EN_NAME_MAX],
                       const char (*avoid)[EN_NAME_MAX], int n_avoid, const char *prefix,
                       int *next, char *out)
{
	do
		snprintf(out, EN_NAME_MAX, "%s%d", prefix, (*next)++);
	while (name_used(nodes, n, names, avoid, n_avoid, out));
}

void rename_plan_free(struct rename_plan *p)
{
	if (!p)
		return;
	free(p->steps);
	free(p->kept);
	memset(p, 0, sizeof(*p));
}

int rename_order(const struct rename_node *nodes, int n,
                 const char (*avoid)[EN_NAME_MAX], int n_avoid,
                 struct rename_plan *out, char *err, size_t errlen)
{
	char (*names)[EN_NAME_MAX] = NULL;
	bool *pending = NULL, *seen = NULL;
	int *kept = NULL;               /* per node: the holder, -1 not kept */
	bool *kept_alt = NULL;
	unsigned *dropped = NULL;       /* per node: altnames removed, a bit each */
	struct builder b = { out, 0 };
	int left = 0, next_tmp = 0, next_aside = 0, r = 0;
	char tmp[EN_NAME_MAX];

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	if (n == 0)
		return 0;
	names = calloc((size_t)n, sizeof(*names));
	pending = calloc((size_t)n, sizeof(*pending));
	seen = calloc((size_t)n, sizeof(*seen));
	kept = calloc((size_t)n, sizeof(*kept));
	kept_alt = calloc((size_t)n, sizeof(*kept_alt));
	dropped = calloc((size_t)n, sizeof(*dropped));
	if (!names || !pending || !seen || !kept || !kept_alt || !dropped) {
		r = -ENOMEM;
		goto out;
	}

	/* Refuse what cannot work before planning anything. */
	for (int i = 0; i < n; i++) {
		memcpy(names[i], nodes[i].name, EN_NAME_MAX);
		kept[i] = -1;
		if (!nodes[i].target[0] || !strcmp(nodes[i].name, nodes[i].target))
			continue;
		for (int j = 0; j < n; j++) {
			if (j != i && !strcmp(nodes[j].target, nodes[i].target)) {
				if (err)
					snprintf(err, errlen, "cannot rename both %s and %s to %s",
					         nodes[i].name, nodes[j].name, nodes[i].target);
				r = -EINVAL;
				goto out;
			}
		}
		pending[i] = true;
	}

	/* Free the targets that links outside the renames hold: altnames
	 * first (a node's own, one of the file's links, a down foreign
	 * link's), then names of down foreign links, moved aside. A target
	 * held by an up foreign link keeps its node where it is. */
	for (int i = 0; i < n; i++) {
		const char *t = nodes[i].target;

		if (!pending[i])
			continue;
		for (int j = 0; j < n; j++) {
			if (!has_altname(nodes, dropped, j, t))
				continue;
			if (j == i || nodes[j].ours || !nodes[j].up) {
				r = push(&b, j, RENAME_DROP_ALTNAME, names[j], t);
				if (r < 0)
					goto out;
				drop_altname(nodes, dropped, j, t);
			} else {
				kept[i] = j;
				kept_alt[i] = true;
			}
		}
		for (int j = 0; j < n && kept[i] < 0; j++) {
			if (j == i || strcmp(names[j], t) || nodes[j].target[0])
				continue;
			if (nodes[j].up || nodes[j].ours) {
				kept[i] = j;
				continue;
			}
			fresh_name(nodes, n, names, avoid, n_avoid, "enaside", &next_aside, tmp);
			r = push(&b, j, RENAME_ASIDE, names[j], tmp);
			if (r < 0)
				goto out;
			memcpy(names[j], tmp, EN_NAME_MAX);
		}
	}
	/* A node whose target is the name of a kept node is kept too. */
	for (bool more = true; more; ) {
		more = false;
		for (int i = 0; i < n; i++) {
			if (!pending[i] || kept[i] >= 0)
				continue;
			for (int j = 0; j < n; j++)
				if (j != i && pending[j] && kept[j] >= 0 &&
				    !strcmp(names[j], nodes[i].target)) {
					kept[i] = j;
					more = true;
				}
		}
	}
	for (int i = 0; i < n; i++) {
		if (!pending[i])
			continue;
		if (kept[i] < 0) {
			left++;
			continue;
		}
		pending[i] = false;
		if (!out->kept && !(out->kept = calloc((size_t)n, sizeof(*out->kept)))) {
			r = -ENOMEM;
			goto out;
		}
		out->kept[out->n_kept].node = i;
		out->kept[out->n_kept].holder = kept[i];
		out->kept[out->n_kept++].altname = kept_alt[i];
	}

	while (left > 0) {
		bool progress = false;

		for (int i = 0; i < n; i++) {
			if (!pending[i] || holder(names, n, nodes[i].target) >= 0)
				continue;
			r = push(&b, i, RENAME_TO, names[i], nodes[i].target);
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
		fresh_name(nodes, n, names, avoid, n_avoid, "entmp", &next_tmp, tmp);
		r = push(&b, c, RENAME_TEMPORARY, names[c], tmp);
		if (r < 0)
			goto out;
		memcpy(names[c], tmp, EN_NAME_MAX);
	}
	r = 0;
out:
	if (r < 0)
		rename_plan_free(out);
	free(names);
	free(pending);
	free(seen);
	free(kept);
	free(kept_alt);
	free(dropped);
	return r;
}
