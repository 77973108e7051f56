/* json.c - a minimal streaming JSON writer, and a reader for flat documents */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
	j->first[0] = true;
}

static bool *first_at(struct json *j, int depth)
{
	if (depth < 0)
		depth = 0;
	if (depth >= JSON_MAX_DEPTH)
		depth = JSON_MAX_DEPTH - 1;
	return &j->first[depth];
}

static void newline(struct json *j, int depth)
{
	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (int i = 0; i < depth; i++)
		fputs("  ", j->f);
}

/* What goes before a value: nothing after a key, else a comma between
 * members, and in pretty mode a new line. */
static void separator(struct json *j)
{
	bool *first = first_at(j, j->depth);

	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!*first)
		fputc(',', j->f);
	if (j->depth > 0)
		newline(j, j->depth);
	*first = false;
}

static void open_container(struct json *j, char c)
{
	separator(j);
	fputc(c, j->f);
	j->depth++;
	*first_at(j, j->depth) = true;
}

static void close_container(struct json *j, char c)
{
	bool empty = *first_at(j, j->depth);

	j->depth--;
	if (!empty)
		newline(j, j->depth);
	fputc(c, j->f);
}

void json_begin_object(struct json *j) { open_container(j, '{'); }
void json_end_object(struct json *j) { close_container(j, '}'); }
void json_begin_array(struct json *j) { open_container(j, '['); }
void json_end_array(struct json *j) { close_container(j, ']'); }

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one:
 * overlong forms, surrogates and code points above U+10FFFF are invalid. */
static int utf8_len(const unsigned char *s)
{
	uint32_t cp;
	int n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void json_write_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s) {
		int n;

		switch (*s) {
		case '"':  fputs("\\\"", f); s++; continue;
		case '\\': fputs("\\\\", f); s++; continue;
		case '\b': fputs("\\b", f); s++; continue;
		case '\f': fputs("\\f", f); s++; continue;
		case '\n': fputs("\\n", f); s++; continue;
		case '\r': fputs("\\r", f); s++; continue;
		case '\t': fputs("\\t", f); s++; continue;
		default:
			break;
		}
		if (*s < 0x20 || *s == 0x7f) {
			fprintf(f, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_len(s);
		if (n == 0) {
			fputs("\\ufffd", f);
			s++;
			continue;
		}
		fwrite(s, 1, (size_t)n, f);
		s += n;
	}
	fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
	separator(j);
	json_write_string(j->f, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	separator(j);
	json_write_string(j->f, s);
}

void json_int(struct json *j, long long v)
{
	separator(j);
	fprintf(j->f, "%lld", v);
}

void json_bool(struct json *j, bool v)
{
	separator(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	separator(j);
	fputs("null", j->f);
}

/* At most three decimals, without trailing zeros: timings in milliseconds
 * need no more, and "12.5" reads better than "12.500000". */
void json_double(struct json *j, double v)
{
	char buf[64];
	size_t n;

	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	snprintf(buf, sizeof(buf), "%.3f", v);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	separator(j);
	fputs(buf, j->f);
}

void json_finish(struct json *j)
{
	if (j->pretty)
		fputc('\n', j->f);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_kv_double(struct json *j, const char *key, double v)
{
	json_key(j, key);
	json_double(j, v);
}

/* The reader */

struct scanner {
	const char *p, *end;
	char *scratch;          /* unescaped strings; as long as the input */
	char path[512];
	size_t path_len;
	int depth;
	json_scalar_fn cb;
	void *ud;
};

static void skip_ws(struct scanner *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int hex4(const char *p, const char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - p < 4)
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* Parse the string at s->p (at its opening quote) into s->scratch. An
 * escaped string never grows: "\u00e9" (6 bytes) becomes 2, a surrogate
 * pair (12) becomes 4. */
static int scan_string(struct scanner *s)
{
	char *o = s->scratch;

	s->p++;
	while (s->p < s->end && *s->p != '"') {
		unsigned char c = (unsigned char)*s->p;
		uint32_t cp, lo;

		if (c < 0x20)
			return -EINVAL;
		if (c != '\\') {
			*o++ = (char)c;
			s->p++;
			continue;
		}
		if (++s->p >= s->end)
			return -EINVAL;
		switch (*s->p++) {
		case '"':  *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/':  *o++ = '/'; break;
		case 'b':  *o++ = '\b'; break;
		case 'f':  *o++ = '\f'; break;
		case 'n':  *o++ = '\n'; break;
		case 'r':  *o++ = '\r'; break;
		case 't':  *o++ = '\t'; break;
		case 'u':
			if (hex4(s->p, s->end, &cp) < 0)
				return -EINVAL;
			s->p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
				    hex4(s->p + 2, s->end, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
					return -EINVAL;
				s->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0) {
				return -EINVAL;
			}
			o = put_utf8(o, cp);
			break;
		default:
			return -EINVAL;
		}
	}
	if (s->p >= s->end)
		return -EINVAL;
	s->p++;
	*o = '\0';
	return 0;
}

static int scan_number(struct scanner *s, double *out)
{
	char buf[64], *endp;
	size_t n = 0;

	while (s->p < s->end && n < sizeof(buf) - 1 &&
	       strchr("0123456789+-.eE", *s->p) && *s->p)
		buf[n++] = *s->p++;
	buf[n] = '\0';
	if (n == 0 || !(buf[0] == '-' || (buf[0] >= '0' && buf[0] <= '9')))
		return -EINVAL;
	*out = strtod(buf, &endp);
	return *endp == '\0' ? 0 : -EINVAL;
}

static int literal(struct scanner *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return -EINVAL;
	s->p += n;
	return 0;
}

static int scan_value(struct scanner *s, int index);

static int scan_object(struct scanner *s, int index)
{
	size_t saved = s->path_len;
	int r;

	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		size_t klen;

		skip_ws(s);
		if (s->p >= s->end || *s->p != '"')
			return -EINVAL;
		r = scan_string(s);
		if (r < 0)
			return r;
		klen = strlen(s->scratch);
		if (saved + 1 + klen >= sizeof(s->path))
			return -EINVAL;
		s->path_len = saved;
		if (saved > 0)
			s->path[s->path_len++] = '.';
		memcpy(s->path + s->path_len, s->scratch, klen + 1);
		s->path_len += klen;
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':')
			return -EINVAL;
		s->p++;
		r = scan_value(s, index);
		if (r != 0)
			return r;
		s->path_len = saved;
		s->path[saved] = '\0';
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return 0;
		}
		return -EINVAL;
	}
}

static int scan_array(struct scanner *s)
{
	int r;

	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (int i = 0;; i++) {
		r = scan_value(s, i);
		if (r != 0)
			return r;
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			return 0;
		}
		return -EINVAL;
	}
}

static int scan_value(struct scanner *s, int index)
{
	struct json_scalar v = { 0 };
	int r;

	skip_ws(s);
	if (s->p >= s->end)
		return -EINVAL;
	switch (*s->p) {
	case '{':
	case '[':
		if (++s->depth > JSON_MAX_DEPTH)
			return -EINVAL;
		r = *s->p == '{' ? scan_object(s, index) : scan_array(s);
		s->depth--;
		return r;
	case '"':
		r = scan_string(s);
		v.type = JSON_TYPE_STRING;
		v.str = s->scratch;
		break;
	case 't':
	case 'f':
		v.type = JSON_TYPE_BOOL;
		v.b = *s->p == 't';
		r = literal(s, v.b ? "true" : "false");
		break;
	case 'n':
		v.type = JSON_TYPE_NULL;
		r = literal(s, "null");
		break;
	default:
		v.type = JSON_TYPE_NUMBER;
		r = scan_number(s, &v.num);
		break;
	}
	if (r < 0)
		return r;
	return s->cb(s->ud, s->path, index, &v);
}

int json_scan(const char *text, size_t len, json_scalar_fn cb, void *ud)
{
	struct scanner s = { .p = text, .end = text + len, .cb = cb, .ud = ud };
	int r;

	s.scratch = malloc(len + 1);
	if (!s.scratch)
		return -ENOMEM;
	r = scan_value(&s, -1);
	if (r == 0) {
		skip_ws(&s);
		if (s.p != s.end)
			r = -EINVAL;
	}
	free(s.scratch);
	return r;
}
