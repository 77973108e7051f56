/* json.h - a minimal streaming JSON writer, and a reader for flat documents */
#ifndef EARLYNET_JSON_H
#define EARLYNET_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

/* The writer: values go to f as they come. A value right after json_key()
 * is that key's value; elsewhere values are array members. Nesting deeper
 * than JSON_MAX_DEPTH is a programming error (ignored, output then invalid).
 * Errors of f are left for the caller to check with ferror(). */
struct json {
	FILE *f;
	int depth;
	bool pretty;            /* newlines and two-space indentation */
	bool after_key;
	bool first[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f, bool pretty);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);        /* NULL: null */
void json_int(struct json *j, long long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
void json_double(struct json *j, double v);             /* NaN, inf: null */
/* Pretty output ends with a newline, compact output does not. */
void json_finish(struct json *j);

/* Shorthands for "key": value. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);
void json_kv_bool(struct json *j, const char *key, bool v);
void json_kv_double(struct json *j, const char *key, double v);

/* Write s as a JSON string literal with its quotes: quotes, backslashes and
 * control characters escaped, valid UTF-8 passed through, any byte that is
 * not part of valid UTF-8 written as \ufffd. */
void json_write_string(FILE *f, const char *s);

/* The reader, for documents we wrote ourselves (the state file): parse one
 * JSON value and call cb for every scalar in it with its path, object keys
 * joined by '.' ("timings_ms.total"), and the index in the innermost array
 * (-1 outside arrays; array members add no path component). Strings are
 * unescaped (\uXXXX to UTF-8, surrogate pairs joined). cb returning
 * non-zero stops the walk with that value. Returns 0, cb's value, or
 * -EINVAL for malformed input or nesting deeper than JSON_MAX_DEPTH. */
enum json_type { JSON_TYPE_STRING, JSON_TYPE_NUMBER, JSON_TYPE_BOOL, JSON_TYPE_NULL };
struct json_scalar {
	enum json_type type;
	const char *str;        /* JSON_TYPE_STRING: unescaped, NUL-terminated */
	double num;             /* JSON_TYPE_NUMBER */
	bool b;                 /* JSON_TYPE_BOOL */
};
typedef int (*json_scalar_fn)(void *ud, const char *path, int index,
			      const struct json_scalar *v);
int json_scan(const char *text, size_t len, json_scalar_fn cb, void *ud);

#endif
