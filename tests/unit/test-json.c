/* test-json.c - the JSON writer's escaping and nesting, and the reader */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "json.h"

struct out {
	char *buf;
	size_t len;
	FILE *f;
	struct json j;
};

static void out_open(struct out *o, bool pretty)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
	json_init(&o->j, o->f, pretty);
}

static const char *out_close(struct out *o)
{
	assert_int_equal(fclose(o->f), 0);
	return o->buf;
}

static void check_string(const char *in, const char *want)
{
	struct out o;

	out_open(&o, false);
	json_string(&o.j, in);
	assert_string_equal(out_close(&o), want);
	free(o.buf);
}

static void test_escaping(void **state)
{
	(void)state;
	check_string("plain", "\"plain\"");
	check_string("", "\"\"");
	check_string("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	check_string("tab\there\nnl\rcr\bbs\fff", "\"tab\\there\\nnl\\rcr\\bbs\\fff\"");
	check_string("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* valid UTF-8 passes through: é, €, U+1F600 */
	check_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* invalid bytes become U+FFFD: a lone continuation byte, a truncated
	 * sequence, an overlong '/', an encoded surrogate */
	check_string("a\x80z", "\"a\\ufffdz\"");
	check_string("a\xc3", "\"a\\ufffd\"");
	check_string("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	check_string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	check_string(NULL, "null");
}

static void test_nesting_compact(void **state)
{
	struct out o;

	(void)state;
	out_open(&o, false);
	json_begin_object(&o.j);
	json_kv_string(&o.j, "name", "bond0");
	json_kv_int(&o.j, "mtu", 9000);
	json_kv_bool(&o.j, "up", true);
	json_key(&o.j, "ports");
	json_begin_array(&o.j);
	json_string(&o.j, "spf0");
	json_string(&o.j, "spf1");
	json_begin_object(&o.j);
	json_end_object(&o.j);
	json_begin_array(&o.j);
	json_end_array(&o.j);
	json_null(&o.j);
	json_end_array(&o.j);
	json_key(&o.j, "t");
	json_begin_object(&o.j);
	json_kv_double(&o.j, "a", 12.5);
	json_kv_double(&o.j, "b", 3.0);
	json_kv_double(&o.j, "c", 0.0004);
	json_kv_double(&o.j, "d", 1.0 / 0.0);
	json_kv_int(&o.j, "e", -7);
	json_end_object(&o.j);
	json_end_object(&o.j);
	json_finish(&o.j);
	assert_string_equal(out_close(&o),
		"{\"name\":\"bond0\",\"mtu\":9000,\"up\":true,"
		"\"ports\":[\"spf0\",\"spf1\",{},[],null],"
		"\"t\":{\"a\":12.5,\"b\":3,\"c\":0,\"d\":null,\"e\":-7}}");
	free(o.buf);
}

static void test_nesting_pretty(void **state)
{
	struct out o;

	(void)state;
	out_open(&o, true);
	json_begin_object(&o.j);
	json_kv_string(&o.j, "a", "x");
	json_key(&o.j, "l");
	json_begin_array(&o.j);
	json_int(&o.j, 1);
	json_begin_object(&o.j);
	json_kv_bool(&o.j, "b", false);
	json_end_object(&o.j);
	json_end_array(&o.j);
	json_key(&o.j, "e");
	json_begin_array(&o.j);
	json_end_array(&o.j);
	json_end_object(&o.j);
	json_finish(&o.j);
	assert_string_equal(out_close(&o),
		"{\n"
		"  \"a\": \"x\",\n"
		"  \"l\": [\n"
		"    1,\n"
		"    {\n"
		"      \"b\": false\n"
		"    }\n"
		"  ],\n"
		"  \"e\": []\n"
		"}\n");
	free(o.buf);
}

/* The reader: collect "path[index]=value" lines. */
struct seen {
	char text[1024];
	int stop_at;            /* stop the walk at this call, 0 for never */
	int calls;
};

static int collect(void *ud, const char *path, int index, const struct json_scalar *v)
{
	struct seen *s = ud;
	size_t n = strlen(s->text);
	char val[256];

	switch (v->type) {
	case JSON_TYPE_STRING: snprintf(val, sizeof(val), "'%s'", v->str); break;
	case JSON_TYPE_NUMBER: snprintf(val, sizeof(val), "%g", v->num); break;
	case JSON_TYPE_BOOL:   snprintf(val, sizeof(val), "%s", v->b ? "T" : "F"); break;
	case JSON_TYPE_NULL:   snprintf(val, sizeof(val), "null"); break;
	}
	snprintf(s->text + n, sizeof(s->text) - n, "%s[%d]=%s;", path, index, val);
	if (++s->calls == s->stop_at)
		return 42;
	return 0;
}

static int scan(const char *text, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return json_scan(text, strlen(text), collect, s);
}

static void test_scan(void **state)
{
	struct seen s;

	(void)state;
	assert_int_equal(scan(" {\"a\": 1, \"b\": {\"c\": \"x\\ty\", \"d\": [true, {\"e\": null}]},"
			      " \"f\": -2.5e1, \"g\": []} ", &s), 0);
	assert_string_equal(s.text, "a[-1]=1;b.c[-1]='x\ty';b.d[0]=T;b.d.e[1]=null;f[-1]=-25;");

	assert_int_equal(scan("[\"\\u00e9\\ud83d\\ude00\\/\"]", &s), 0);
	assert_string_equal(s.text, "[0]='\xc3\xa9\xf0\x9f\x98\x80/';");

	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	assert_int_equal(json_scan("[1,2,3]", 7, collect, &s), 42);
	assert_int_equal(s.calls, 2);
}

static void test_scan_malformed(void **state)
{
	static const char *bad[] = {
		"", "{", "{\"a\"}", "{\"a\":}", "[1,]", "[1 2]", "\"abc", "tru",
		"{\"a\":1}x", "\"\\ud800\"", "\"\\u0000\"", "\"a\nb\"", "\"\\q\"",
		"{a:1}", "+1", "1.2.3",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	};
	struct seen s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (scan(bad[i], &s) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
	}
}

/* What the writer writes, the reader reads back. */
static void test_round_trip(void **state)
{
	const char *tricky = "q\"b\\s\x01 \xc3\xa9";
	struct out o;
	struct seen s;
	char want[128];

	(void)state;
	out_open(&o, true);
	json_begin_object(&o.j);
	json_kv_string(&o.j, "s", tricky);
	json_key(&o.j, "l");
	json_begin_array(&o.j);
	json_begin_object(&o.j);
	json_kv_int(&o.j, "n", 3);
	json_end_object(&o.j);
	json_end_array(&o.j);
	json_end_object(&o.j);
	json_finish(&o.j);
	out_close(&o);
	assert_int_equal(scan(o.buf, &s), 0);
	snprintf(want, sizeof(want), "s[-1]='%s';l.n[0]=3;", tricky);
	assert_string_equal(s.text, want);
	free(o.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_nesting_compact),
		cmocka_unit_test(test_nesting_pretty),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_scan_malformed),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
