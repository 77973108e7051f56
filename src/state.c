/* state.c - write and read /run/earlynet/state.json
 *
 * The state file is for machines as much as for `earlynet status`; its
 * fields are stable (new ones may be added, none renamed or dropped):
 *
 *   {
 *     "version": 1,                  format version (STATE_VERSION)
 *     "command": "up",               "up", "fallback" or "down"
 *     "result": "ok",                "ok", "degraded", "fallback", "failed", "down"
 *     "exit_code": 0,                the exit code of that run (cli.md)
 *     "reason": "",                  why the result is not "ok", or ""
 *     "config": "/etc/earlynet/earlynet.ini",
 *     "started_at": 1718000000,      unix time the run started
 *     "finished_at": 1718000004,     unix time the file was written
 *     "netlink_requests": 37,        state-changing netlink requests sent
 *     "timings_ms": {                per phase, milliseconds
 *       "read": 1.2, "rename": 0.4, "apply": 12.9,
 *       "carrier_wait": 2100, "lacp_wait": 1480, "total": 3600.2
 *     },
 *     "interfaces": [                the interfaces the run touched
 *       { "name": "bond0", "outcome": "up", "detail": "" }, ...
 *       { "name": "spf1", "outcome": "degraded", "detail": "different partner: ...",
 *         "lacp": "different partner", "neighbour": "sw-b Ethernet1/7" }
 *     ]                              lacp: a bond port's verdict (words of
 *                                    lacp_cause_word), neighbour: LLDP; both
 *                                    only when there is something to say
 *   }
 *
 * outcome is one of "up", "down", "removed", "degraded", "failed", "missing".
 * A degraded or fallback result names each port outside the active
 * aggregator in "reason" ("bond0: spf1 different partner, ...").
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "json.h"
#include "state.h"

static const char *chosen; /* --state FILE */

void state_set_path(const char *path)
{
	chosen = path && *path ? path : NULL;
}

const char *state_path(void)
{
	if (chosen)
		return chosen;
#ifdef EARLYNET_TESTING
	/* the old test switch, kept in test builds only for tests that
	 * still set it; the product takes --state FILE */
	{
		const char *env = getenv("EARLYNET_STATE");

		if (env && *env)
			return env;
	}
#endif
	return STATE_PATH;
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

void state_add_iface(struct state_report *r, const char *name, const char *outcome,
		     const char *detail)
{
	struct state_iface *i;

	if (r->n_ifaces >= STATE_MAX_IFACES)
		return;
	i = &r->ifaces[r->n_ifaces++];
	copy(i->name, sizeof(i->name), name);
	copy(i->outcome, sizeof(i->outcome), outcome);
	copy(i->detail, sizeof(i->detail), detail);
}

static void write_doc(FILE *f, const struct state_report *r)
{
	struct json j;

	json_init(&j, f, true);
	json_begin_object(&j);
	json_kv_int(&j, "version", STATE_VERSION);
	json_kv_string(&j, "command", r->command);
	json_kv_string(&j, "result", r->result);
	json_kv_int(&j, "exit_code", r->exit_code);
	json_kv_string(&j, "reason", r->reason);
	json_kv_string(&j, "config", r->config_path);
	json_kv_int(&j, "started_at", r->started_at);
	json_kv_int(&j, "finished_at", (long long)time(NULL));
	json_kv_int(&j, "netlink_requests", r->netlink_requests);
	json_key(&j, "timings_ms");
	json_begin_object(&j);
	json_kv_double(&j, "read", r->ms_read);
	json_kv_double(&j, "rename", r->ms_rename);
	json_kv_double(&j, "apply", r->ms_apply);
	json_kv_double(&j, "carrier_wait", r->ms_carrier_wait);
	json_kv_double(&j, "lacp_wait", r->ms_lacp_wait);
	json_kv_double(&j, "total", r->ms_total);
	json_end_object(&j);
	json_key(&j, "interfaces");
	json_begin_array(&j);
	for (int i = 0; i < r->n_ifaces && i < STATE_MAX_IFACES; i++) {
		json_begin_object(&j);
		json_kv_string(&j, "name", r->ifaces[i].name);
		json_kv_string(&j, "outcome", r->ifaces[i].outcome);
		json_kv_string(&j, "detail", r->ifaces[i].detail);
		if (r->ifaces[i].lacp[0])
			json_kv_string(&j, "lacp", r->ifaces[i].lacp);
		if (r->ifaces[i].neighbour[0])
			json_kv_string(&j, "neighbour", r->ifaces[i].neighbour);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
}

/* mkdir -p for the directory part of path. */
static int make_parents(const char *path)
{
	char dir[EN_PATH_MAX];
	char *slash;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		bool end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -errno;
		if (end)
			break;
		*p = '/';
	}
	return 0;
}

int state_write(const char *path, const struct state_report *r)
{
	char tmp[EN_PATH_MAX + 16];
	FILE *f = NULL;
	int fd, ret;

	if (!path)
		path = state_path();
	ret = make_parents(path);
	if (ret < 0)
		return ret;
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* readable by everyone: hooks and monitoring run as other users */
	if (fchmod(fd, 0644) < 0) {
		ret = -errno;
		close(fd);
		goto fail;
	}
	f = fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		close(fd);
		goto fail;
	}
	write_doc(f, r);
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) < 0) {
		ret = -errno ? -errno : -EIO;
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0) {
		ret = -errno;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		ret = -errno;
		goto fail;
	}
	return 0;
fail:
	unlink(tmp);
	return ret;
}

static void scalar_copy(char *dst, size_t size, const struct json_scalar *v)
{
	copy(dst, size, v->type == JSON_TYPE_STRING ? v->str : "");
}

static double scalar_num(const struct json_scalar *v)
{
	return v->type == JSON_TYPE_NUMBER ? v->num : 0;
}

static int take_field(void *ud, const char *path, int index, const struct json_scalar *v)
{
	struct state_summary *s = ud;
	static const struct {
		const char *name;
		size_t off;
	} timings[] = {
		{ "timings_ms.read", offsetof(struct state_summary, ms_read) },
		{ "timings_ms.rename", offsetof(struct state_summary, ms_rename) },
		{ "timings_ms.apply", offsetof(struct state_summary, ms_apply) },
		{ "timings_ms.carrier_wait", offsetof(struct state_summary, ms_carrier_wait) },
		{ "timings_ms.lacp_wait", offsetof(struct state_summary, ms_lacp_wait) },
		{ "timings_ms.total", offsetof(struct state_summary, ms_total) },
	};

	if (strncmp(path, "interfaces.", 11) == 0) {
		struct state_iface *i;

		if (index < 0 || index >= STATE_MAX_IFACES)
			return 0;
		if (index >= s->n_ifaces)
			s->n_ifaces = index + 1;
		i = &s->ifaces[index];
		if (strcmp(path + 11, "name") == 0)
			scalar_copy(i->name, sizeof(i->name), v);
		else if (strcmp(path + 11, "outcome") == 0)
			scalar_copy(i->outcome, sizeof(i->outcome), v);
		else if (strcmp(path + 11, "detail") == 0)
			scalar_copy(i->detail, sizeof(i->detail), v);
		else if (strcmp(path + 11, "lacp") == 0)
			scalar_copy(i->lacp, sizeof(i->lacp), v);
		else if (strcmp(path + 11, "neighbour") == 0)
			scalar_copy(i->neighbour, sizeof(i->neighbour), v);
		return 0;
	}
	if (strcmp(path, "version") == 0)
		s->version = (int)scalar_num(v);
	else if (strcmp(path, "command") == 0)
		scalar_copy(s->command, sizeof(s->command), v);
	else if (strcmp(path, "result") == 0)
		scalar_copy(s->result, sizeof(s->result), v);
	else if (strcmp(path, "exit_code") == 0)
		s->exit_code = (int)scalar_num(v);
	else if (strcmp(path, "reason") == 0)
		scalar_copy(s->reason, sizeof(s->reason), v);
	else if (strcmp(path, "config") == 0)
		scalar_copy(s->config_path, sizeof(s->config_path), v);
	else if (strcmp(path, "started_at") == 0)
		s->started_at = (long)scalar_num(v);
	else if (strcmp(path, "finished_at") == 0)
		s->finished_at = (long)scalar_num(v);
	else if (strcmp(path, "netlink_requests") == 0)
		s->netlink_requests = (unsigned)scalar_num(v);
	for (size_t t = 0; t < sizeof(timings) / sizeof(timings[0]); t++)
		if (strcmp(path, timings[t].name) == 0)
			*(double *)((char *)s + timings[t].off) = scalar_num(v);
	return 0;
}

int state_read(const char *path, struct state_summary *out)
{
	struct state_summary *s;
	char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	int ret;

	if (!path)
		path = state_path();
	f = fopen(path, "re");
	if (!f)
		return -errno;
	for (;;) {
		size_t n;

		if (len + 4096 > cap) {
			char *bigger;

			/* our documents are a few kB; anything huge is not ours */
			if (cap >= (1u << 20)) {
				ret = -EINVAL;
				goto out;
			}
			cap = cap ? cap * 2 : 16384;
			bigger = realloc(text, cap);
			if (!bigger) {
				ret = -ENOMEM;
				goto out;
			}
			text = bigger;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		ret = -EIO;
		goto out;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		ret = -ENOMEM;
		goto out;
	}
	ret = json_scan(text, len, take_field, s);
	if (ret == 0 && (s->version < 1 || !s->result[0]))
		ret = -EINVAL;
	if (ret == 0)
		*out = *s;      /* never clobber *out on failure */
	free(s);
out:
	free(text);
	fclose(f);
	return ret;
}
