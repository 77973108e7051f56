/* test-cmdline.c - the earlynet* options of the kernel command line */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmdline.h"

static void test_defaults(void **state)
{
	struct cmdline c;
	const char *bad = "untouched";

	(void)state;
	assert_int_equal(cmdline_parse("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet earlynetx=1 net.ifnames=0",
				       &c, &bad), 0);
	assert_false(c.off);
	assert_false(c.fallback);
	assert_false(c.debug);
	assert_string_equal(c.config, "");
	assert_int_equal(c.carrier_timeout, EN_UNSET);
	assert_int_equal(c.lacp_timeout, EN_UNSET);
	assert_string_equal(bad, "untouched");
	assert_int_equal(cmdline_parse("", &c, &bad), 0);
}

static void test_all_options(void **state)
{
	struct cmdline c;
	const char *bad = NULL;

	(void)state;
	assert_int_equal(cmdline_parse("ro earlynet.config=/etc/alt.ini earlynet.fallback quiet\n"
				       "earlynet.debug earlynet.carrier_timeout=5\tearlynet.lacp_timeout=0\n",
				       &c, &bad), 0);
	assert_false(c.off);
	assert_true(c.fallback);
	assert_true(c.debug);
	assert_string_equal(c.config, "/etc/alt.ini");
	assert_int_equal(c.carrier_timeout, 5);
	assert_int_equal(c.lacp_timeout, 0);

	assert_int_equal(cmdline_parse("earlynet=off", &c, &bad), 0);
	assert_true(c.off);
	assert_int_equal(cmdline_parse("earlynet=off earlynet=on", &c, &bad), 0);
	assert_false(c.off);
	assert_int_equal(cmdline_parse("earlynet.fallback=0 earlynet.debug=1", &c, &bad), 0);
	assert_false(c.fallback);
	assert_true(c.debug);
}

static void test_quotes(void **state)
{
	struct cmdline c;
	const char *bad = NULL;

	(void)state;
	assert_int_equal(cmdline_parse("a=\"x y\" earlynet.config=\"/etc/my net/e.ini\" earlynet.debug", &c, &bad), 0);
	assert_string_equal(c.config, "/etc/my net/e.ini");
	assert_true(c.debug);
	assert_int_equal(cmdline_parse("\"earlynet.lacp_timeout=7\"", &c, &bad), 0);
	assert_int_equal(c.lacp_timeout, 7);
	/* an unterminated quote runs to the end, as in the kernel */
	assert_int_equal(cmdline_parse("x=\"a earlynet=off", &c, &bad), 0);
	assert_false(c.off);
}

static void test_malformed(void **state)
{
	static const struct { const char *line, *why; } cases[] = {
		{ "earlynet=maybe", "earlynet= takes off (or on)" },
		{ "earlynet.config", "earlynet.config= needs an absolute path" },
		{ "earlynet.config=etc/x.ini", "earlynet.config= needs an absolute path" },
		{ "earlynet.carrier_timeout=abc", "earlynet.carrier_timeout= needs seconds, 0 to 3600" },
		{ "earlynet.carrier_timeout=-1", "earlynet.carrier_timeout= needs seconds, 0 to 3600" },
		{ "earlynet.carrier_timeout=", "earlynet.carrier_timeout= needs seconds, 0 to 3600" },
		{ "earlynet.lacp_timeout=3601", "earlynet.lacp_timeout= needs seconds, 0 to 3600" },
		{ "earlynet.lacp_timeout", "earlynet.lacp_timeout= needs seconds, 0 to 3600" },
		{ "earlynet.fallback=perhaps", "earlynet.fallback takes no value (or 1/0)" },
		{ "earlynet.debug=x", "earlynet.debug takes no value (or 1/0)" },
	};
	struct cmdline c;
	const char *bad;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = NULL;
		assert_int_equal(cmdline_parse(cases[i].line, &c, &bad), -EINVAL);
		assert_non_null(bad);
		assert_string_equal(bad, cases[i].why);
	}
	bad = NULL;
	assert_int_equal(cmdline_parse("earlynet.colour=1", &c, &bad), -EINVAL);
	assert_non_null(strstr(bad, "unknown earlynet.* option"));

	/* the options around a bad one still count; the first bad one is named */
	assert_int_equal(cmdline_parse("earlynet.debug earlynet.lacp_timeout=x earlynet.carrier_timeout=y earlynet=off",
				       &c, &bad), -EINVAL);
	assert_string_equal(bad, "earlynet.lacp_timeout= needs seconds, 0 to 3600");
	assert_true(c.debug);
	assert_true(c.off);
	assert_int_equal(c.lacp_timeout, EN_UNSET);
	assert_int_equal(cmdline_parse("earlynet.lacp_timeout=x", &c, NULL), -EINVAL);
}

static void test_read(void **state)
{
	char path[] = "/tmp/test-cmdline-XXXXXX";
	struct cmdline c;
	const char *bad = NULL;
	int fd;

	(void)state;
	unsetenv("EARLYNET_CMDLINE");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "root=/dev/vda earlynet.lacp_timeout=12\n", 39), 39);
	close(fd);

	assert_int_equal(cmdline_read(path, &c, &bad), 0);
	assert_int_equal(c.lacp_timeout, 12);
	assert_int_equal(cmdline_read("/nonexistent/cmdline", &c, &bad), 0);
	assert_int_equal(c.lacp_timeout, EN_UNSET);

	/* the product ignores the old test variable: only the path counts */
	setenv("EARLYNET_CMDLINE", path, 1);
	assert_int_equal(cmdline_read("/nonexistent/cmdline", &c, &bad), 0);
	assert_int_equal(c.lacp_timeout, EN_UNSET);
	unsetenv("EARLYNET_CMDLINE");
	assert_int_equal(cmdline_read("/tmp", &c, &bad), -EISDIR);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
