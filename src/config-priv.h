/* config-priv.h - parser state shared by config.c and validate.c only */
#ifndef EARLYNET_CONFIG_PRIV_H
#define EARLYNET_CONFIG_PRIV_H

#include <stdio.h>
#include "model.h"

/* Where each key of one section was first given (0: not given). */
#define CONF_MAX_KEYS 48

/* What the parser keeps per interface beyond the model: references by name
 * (resolved by validate.c once the whole file is read) and key lines. */
struct conf_pif {
	int seen[CONF_MAX_KEYS];
	char ports[256];      /* the ports/slaves value as written */
	int ports_line;       /* 0: no ports key */
	char link[256];       /* vlan link = NAME */
	char primary[256];    /* bond primary = NAME */
	int link_line;        /* line of link =, or the header if derived */
	int id_line;          /* line of id =, or the header if derived */
	const char *ports_key; /* "ports" or "slaves", as written */
};

/* Messages are collected and printed in line order at the end. */
struct conf_msg {
	int line;
	int seq;
	char *text;
};

struct conf_parser {
	struct config *c;
	const char *name;     /* file name for messages */
	FILE *err;
	int errors;
	int oom;
	struct conf_msg *msgs;
	int n_msgs, cap_msgs;

	const char *pos;      /* memory reader cursor */
	int line;             /* current line, as inih counts it */

	int cur;              /* >= 0 iface, CUR_GLOBAL, CUR_NONE, CUR_SKIP */
	int global_seen[CONF_MAX_KEYS];
	struct conf_pif *pif; /* parallel to c->ifaces */
	int cap;

	char management[256];
	int management_line;

	/* Sections refused for their name: references to them are not
	 * reported again as undefined. */
	char **bad_names;
	int n_bad_names;
};

#define CUR_GLOBAL (-1)
#define CUR_NONE   (-2) /* before the first section */
#define CUR_SKIP   (-3) /* inside a section already reported as wrong */

void conf_error(struct conf_parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool conf_name_valid(const char *name);
bool conf_is_bad_name(const struct conf_parser *p, const char *name);
/* Line where key was given in interface i (CUR_GLOBAL: [global]), or 0. */
int conf_key_line(const struct conf_parser *p, int i, const char *key);

/* The whole-file checks (validate.c): resolve references, then check. */
void conf_validate(struct conf_parser *p);

#endif
