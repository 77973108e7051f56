/* cmdline.c - the earlynet* options of the kernel command line (pure) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

#define CMDLINE_MAX 65536 /* far above any architecture's COMMAND_LINE_SIZE */
#define TIMEOUT_MAX 3600  /* as the timeouts of the file */

static int word_bool(const char *v, bool *out)
{
	static const char *on[] = { "1", "yes", "on", "true" };
	static const char *off[] = { "0", "no", "off", "false" };

	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (!strcmp(v, on[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(v, off[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int word_seconds(const char *v, int *out)
{
	long n = 0;

	if (!*v || strlen(v) > 6)
		return -EINVAL;
	for (const char *s = v; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		n = n * 10 + (*s - '0');
	}
	if (n > TIMEOUT_MAX)
		return -EINVAL;
	*out = (int)n;
	return 0;
}

/* One option; key and value have their quotes removed already. */
static int option(const char *key, const char *val, struct cmdline *out, const char **bad)
{
	bool b;

	if (!strcmp(key, "earlynet")) {
		/* "earlynet" alone or "earlynet=on" changes nothing */
		if (val && word_bool(val, &b) < 0) {
			*bad = "earlynet= takes off (or on)";
			return -EINVAL;
		}
		out->off = val && !b;
	} else if (!strcmp(key, "earlynet.config")) {
		if (!val || val[0] != '/' || strlen(val) >= sizeof(out->config)) {
			*bad = "earlynet.config= needs an absolute path";
			return -EINVAL;
		}
		snprintf(out->config, sizeof(out->config), "%s", val);
	} else if (!strcmp(key, "earlynet.fallback") || !strcmp(key, "earlynet.debug")) {
		b = true;
		if (val && word_bool(val, &b) < 0) {
			*bad = key[9] == 'f' ? "earlynet.fallback takes no value (or 1/0)" :
					       "earlynet.debug takes no value (or 1/0)";
			return -EINVAL;
		}
		if (key[9] == 'f')
			out->fallback = b;
		else
			out->debug = b;
	} else if (!strcmp(key, "earlynet.carrier_timeout")) {
		if (!val || word_seconds(val, &out->carrier_timeout) < 0) {
			*bad = "earlynet.carrier_timeout= needs seconds, 0 to 3600";
			return -EINVAL;
		}
	} else if (!strcmp(key, "earlynet.lacp_timeout")) {
		if (!val || word_seconds(val, &out->lacp_timeout) < 0) {
			*bad = "earlynet.lacp_timeout= needs seconds, 0 to 3600";
			return -EINVAL;
		}
	} else if (!strncmp(key, "earlynet.", 9)) {
		*bad = "unknown earlynet.* option (known: earlynet=off, earlynet.config, earlynet.fallback, earlynet.debug, earlynet.carrier_timeout, earlynet.lacp_timeout)";
		return -EINVAL;
	}
	return 0;
}

/*
 * Words are split on blanks outside double quotes, and the quotes are
 * dropped, as the kernel does ("earlynet.config="/a b"" is one word).
 * Parsing goes on after a bad option, so a later earlynet=off still counts;
 * the first bad one is the one returned.
 */
int cmdline_parse(const char *text, struct cmdline *out, const char **bad)
{
	const char *first_bad = NULL, *why = NULL;
	size_t len = strlen(text);
	char *word = malloc(len + 1);
	int ret = 0;

	*out = (struct cmdline){ .carrier_timeout = EN_UNSET, .lacp_timeout = EN_UNSET };
	if (!word)
		return -ENOMEM;
	while (*text) {
		bool quoted = false;
		size_t n = 0;
		char *eq;

		text += strspn(text, " \t\n\r");
		if (!*text)
			break;
		for (; *text && (quoted || !strchr(" \t\n\r", *text)); text++) {
			if (*text == '"')
				quoted = !quoted;
			else
				word[n++] = *text;
		}
		word[n] = '\0';
		if (strncmp(word, "earlynet", 8) || (word[8] && word[8] != '=' && word[8] != '.'))
			continue;
		eq = strchr(word, '=');
		if (eq)
			*eq = '\0';
		if (option(word, eq ? eq + 1 : NULL, out, &why) < 0 && !ret) {
			ret = -EINVAL;
			first_bad = why;
		}
	}
	free(word);
	if (ret && bad)
		*bad = first_bad;
	return ret;
}

int cmdline_read(const char *path, struct cmdline *out, const char **bad)
{
	char *buf;
	size_t len;
	FILE *f;
	int r;

	*out = (struct cmdline){ .carrier_timeout = EN_UNSET, .lacp_timeout = EN_UNSET };
#ifdef EARLYNET_TESTING
	/* the old test switch, test builds only; the product takes --cmdline */
	{
		const char *env = getenv("EARLYNET_CMDLINE");

		if (!path && env && *env)
			path = env;
	}
#endif
	if (!path)
		path = "/proc/cmdline";
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return cmdline_parse("", out, bad);
		return -errno;
	}
	buf = malloc(CMDLINE_MAX + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	errno = 0;
	len = fread(buf, 1, CMDLINE_MAX, f);
	r = ferror(f) ? -(errno ? errno : EIO) : 0;
	fclose(f);
	if (!r) {
		buf[len] = '\0';
		r = cmdline_parse(buf, out, bad);
	}
	free(buf);
	return r;
}
