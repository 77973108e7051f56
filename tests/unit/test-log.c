/* test-log.c - log lines on stderr: prefixes, levels, one line per message */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "log.h"

static int saved_stderr = -1;
static char tmpl[] = "/tmp/earlynet-test-log.XXXXXX";
static int capture_fd = -1;

/* Send fd 2 into a fresh temporary file (not a terminal). */
static int setup(void **state)
{
	(void)state;
	strcpy(tmpl, "/tmp/earlynet-test-log.XXXXXX");
	capture_fd = mkstemp(tmpl);
	if (capture_fd < 0)
		return -1;
	unlink(tmpl);
	saved_stderr = dup(STDERR_FILENO);
	dup2(capture_fd, STDERR_FILENO);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	close(capture_fd);
	log_init(0, false);
	return 0;
}

static char *captured(void)
{
	static char buf[8192];
	ssize_t n = pread(capture_fd, buf, sizeof(buf) - 1, 0);

	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

static void test_levels(void **state)
{
	(void)state;
	log_init(0, false);
	log_err("bad %s", "thing");
	log_warn("careful");
	log_info("hello %d", 42);
	log_debug("hidden");
	assert_string_equal(captured(),
		"earlynet: error: bad thing\n"
		"earlynet: warning: careful\n"
		"earlynet: hello 42\n");
}

static void test_quiet_and_debug(void **state)
{
	(void)state;
	log_init(-1, false);
	log_info("dropped");
	log_progress("dropped too");
	log_warn("kept");
	log_init(1, false);
	log_debug("shown %s", "now");
	log_info("with newline\n");
	assert_string_equal(captured(),
		"earlynet: warning: kept\n"
		"earlynet: shown now\n"
		"earlynet: with newline\n");
}

/* Not a terminal: a progress line is an ordinary line. */
static void test_progress_not_tty(void **state)
{
	(void)state;
	log_init(0, false);
	log_progress("waiting for LACP on bond0 (%ds)", 3);
	log_info("done");
	assert_string_equal(captured(),
		"earlynet: waiting for LACP on bond0 (3s)\n"
		"earlynet: done\n");
}

static void test_errno_kept(void **state)
{
	(void)state;
	log_init(0, false);
	errno = ENODEV;
	log_err("cannot find eth9: %m");
	assert_int_equal(errno, ENODEV);
	assert_string_equal(captured(), "earlynet: error: cannot find eth9: No such device\n");
}

static void test_long_line_cut(void **state)
{
	char big[4000], *out;
	size_t len;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	log_init(0, false);
	log_warn("%s", big);
	out = captured();
	len = strlen(out);
	assert_true(len > 900 && len < 1100);
	assert_memory_equal(out, "earlynet: warning: xxx", 22);
	assert_memory_equal(out + len - 4, "...\n", 4);
	assert_ptr_equal(strchr(out, '\n'), out + len - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quiet_and_debug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_not_tty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errno_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line_cut, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
