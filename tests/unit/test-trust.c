/* test-trust.c - the one rule for files root reads or runs (trust.c) */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "trust.h"

static char top[] = "/tmp/test-trust-XXXXXX";
static char msg[TRUST_MSG_MAX];

static void path_of(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", top, rel);
}

static void mkfile(const char *rel, mode_t mode, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	path_of(p, sizeof(p), rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
}

static void mkdir_rel(const char *rel, mode_t mode)
{
	char p[PATH_MAX];

	path_of(p, sizeof(p), rel);
	assert_int_equal(mkdir(p, mode), 0);
	assert_int_equal(chmod(p, mode), 0);
}

static int open_rel(const char *rel, enum trust_want want)
{
	char p[PATH_MAX];

	path_of(p, sizeof(p), rel);
	return trust_open(p, want, "config file", msg, sizeof(msg));
}

static int setup(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		/* the rule is about root's files: only root can make them */
		fprintf(stderr, "test-trust: must run as root\n");
		return -1;
	}
	if (!mkdtemp(top))
		return -1;
	chmod(top, 0755);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	return system(cmd) == 0 ? 0 : -1;
}

/* A root-owned 0644 file under root-owned 0755 directories, with /tmp
 * (1777, sticky) on the way: accepted, and the descriptor reads it. */
static void test_good_file(void **state)
{
	char buf[16] = "";
	int fd;

	(void)state;
	mkdir_rel("good", 0755);
	mkfile("good/e.ini", 0644, "[global]\n");
	fd = open_rel("good/e.ini", TRUST_FILE);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf) - 1), 9);
	assert_string_equal(buf, "[global]\n");
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	mkfile("good/strict.ini", 0600, "");
	fd = open_rel("good/strict.ini", TRUST_FILE);
	assert_true(fd >= 0);
	close(fd);
	fd = open_rel("good", TRUST_DIR);
	assert_true(fd >= 0);
	close(fd);
}

static void test_file_itself(void **state)
{
	char p[PATH_MAX];

	(void)state;
	mkdir_rel("f", 0755);
	mkfile("f/gw.ini", 0664, "");
	assert_int_equal(open_rel("f/gw.ini", TRUST_FILE), -EPERM);
	assert_non_null(strstr(msg, "/f/gw.ini: the config file is writable by its group (mode 0664); refusing it: chmod go-w /tmp/"));

	mkfile("f/ow.ini", 0646, "");
	assert_int_equal(open_rel("f/ow.ini", TRUST_FILE), -EPERM);
	assert_non_null(strstr(msg, "the config file is writable by others (mode 0646)"));

	mkfile("f/nobody.ini", 0644, "");
	path_of(p, sizeof(p), "f/nobody.ini");
	assert_int_equal(chown(p, 65534, 65534), 0);
	assert_int_equal(open_rel("f/nobody.ini", TRUST_FILE), -EPERM);
	assert_non_null(strstr(msg, "the config file is owned by uid 65534, not root; refusing it: chown root:root "));
	assert_non_null(strstr(msg, "nobody.ini && chmod go-w "));

	path_of(p, sizeof(p), "f/link.ini");
	assert_int_equal(symlink("strict.ini", p), 0);
	assert_int_equal(open_rel("f/link.ini", TRUST_FILE), -EPERM);
	assert_non_null(strstr(msg, "link.ini: the config file is a symbolic link; refusing it"));

	assert_int_equal(open_rel("f", TRUST_FILE), -EPERM);
	assert_non_null(strstr(msg, "the config file is not a regular file"));
	path_of(p, sizeof(p), "f/fifo.ini");
	assert_int_equal(mkfifo(p, 0644), 0);
	assert_int_equal(open_rel("f/fifo.ini", TRUST_FILE), -EPERM); /* and does not block */
	assert_non_null(strstr(msg, "not a regular file"));

	assert_int_equal(open_rel("f/none.ini", TRUST_FILE), -ENOENT);
	assert_non_null(strstr(msg, "cannot open the config file: No such file"));
}

/* Every directory above: not root's, group- or world-writable (without
 * the sticky bit), a symbolic link, "..": refused, the fix named. */
static void test_dirs_above(void **state)
{
	char p[4 * PATH_MAX], d[PATH_MAX];

	(void)state;
	mkdir_rel("gw", 0775);
	mkdir_rel("gw/etc", 0755);
	mkfile("gw/etc/e.ini", 0644, "");
	assert_int_equal(open_rel("gw/etc/e.ini", TRUST_FILE), -EPERM);
	path_of(d, sizeof(d), "gw");
	snprintf(p, sizeof(p), "the directory %s above the config file is writable by its group "
		 "(mode 0775); refusing the config file: chmod go-w %s", d, d);
	assert_non_null(strstr(msg, p));

	mkdir_rel("nobody", 0755);
	mkfile("nobody/e.ini", 0644, "");
	path_of(d, sizeof(d), "nobody");
	assert_int_equal(chown(d, 65534, 65534), 0);
	assert_int_equal(open_rel("nobody/e.ini", TRUST_FILE), -EPERM);
	snprintf(p, sizeof(p), "the directory %s above the config file is owned by uid 65534, not root; "
		 "refusing the config file: chown root:root %s && chmod go-w %s", d, d, d);
	assert_non_null(strstr(msg, p));

	/* world-writable and sticky, but not root's: refused */
	mkdir_rel("sticky", 01777);
	mkfile("sticky/e.ini", 0644, "");
	assert_true(open_rel("sticky/e.ini", TRUST_FILE) >= 0);
	path_of(d, sizeof(d), "sticky");
	assert_int_equal(chown(d, 65534, 0), 0);
	assert_int_equal(open_rel("sticky/e.ini", TRUST_FILE), -EPERM);

	mkdir_rel("real", 0755);
	mkfile("real/e.ini", 0644, "");
	path_of(p, sizeof(p), "linked");
	assert_int_equal(symlink("real", p), 0);
	assert_int_equal(open_rel("linked/e.ini", TRUST_FILE), -EPERM);
	assert_non_null(strstr(msg, "linked above the config file is a symbolic link"));
	assert_int_equal(open_rel("linked", TRUST_DIR), -EPERM);
	assert_non_null(strstr(msg, "is a symbolic link"));

	assert_int_equal(open_rel("real/../real/e.ini", TRUST_FILE), -EINVAL);
	assert_non_null(strstr(msg, "\"..\""));
	assert_int_equal(open_rel("real/e.ini/x", TRUST_FILE), -ENOTDIR);
}

/* A relative path is walked from / through the current directory. */
static void test_relative(void **state)
{
	char cwd[PATH_MAX], p[PATH_MAX];
	int fd;

	(void)state;
	mkdir_rel("rel", 0755);
	mkfile("rel/e.ini", 0644, "");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	path_of(p, sizeof(p), "rel");
	assert_int_equal(chdir(p), 0);
	fd = trust_open("e.ini", TRUST_FILE, "config file", msg, sizeof(msg));
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(p, 0777), 0);
	assert_int_equal(trust_open("e.ini", TRUST_FILE, "config file", msg, sizeof(msg)), -EPERM);
	assert_int_equal(chdir(cwd), 0);
}

/* One step in an open directory, as the hooks use it. */
static void test_openat(void **state)
{
	char d[PATH_MAX], p[PATH_MAX];
	int dfd, fd;

	(void)state;
	mkdir_rel("hooks", 0755);
	mkdir_rel("hooks/up.d", 0755);
	mkdir_rel("hooks/gw.d", 0775);
	mkfile("hooks/up.d/10-x", 0755, "#!/bin/sh\n");
	path_of(p, sizeof(p), "hooks/link.d");
	assert_int_equal(symlink("up.d", p), 0);
	path_of(d, sizeof(d), "hooks");
	dfd = trust_open(d, TRUST_DIR, "hooks directory", msg, sizeof(msg));
	assert_true(dfd >= 0);
	fd = trust_openat(dfd, d, "up.d", TRUST_DIR, 0, "hooks directory", msg, sizeof(msg));
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(trust_openat(dfd, d, "link.d", TRUST_DIR, 0, "hooks directory", msg, sizeof(msg)), -EPERM);
	assert_non_null(strstr(msg, "link.d: the hooks directory is a symbolic link; refusing it"));
	assert_int_equal(trust_openat(dfd, d, "gw.d", TRUST_DIR, 0, "hooks directory", msg, sizeof(msg)), -EPERM);
	assert_non_null(strstr(msg, "gw.d: the hooks directory is writable by its group (mode 0775)"));
	assert_int_equal(trust_openat(dfd, d, "..", TRUST_DIR, 0, "hooks directory", msg, sizeof(msg)), -EINVAL);
	close(dfd);
	path_of(d, sizeof(d), "hooks/up.d");
	dfd = trust_open(d, TRUST_DIR, "hooks directory", msg, sizeof(msg));
	assert_true(dfd >= 0);
	fd = trust_openat(dfd, d, "10-x", TRUST_FILE, 1, "hook", msg, sizeof(msg));
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFL) & O_PATH);
	close(fd);
	path_of(p, sizeof(p), "hooks/up.d/20-link");
	assert_int_equal(symlink("10-x", p), 0);
	assert_int_equal(trust_openat(dfd, d, "20-link", TRUST_FILE, 1, "hook", msg, sizeof(msg)), -EPERM);
	assert_non_null(strstr(msg, "20-link: the hook is a symbolic link; refusing it"));
	close(dfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_file_itself),
		cmocka_unit_test(test_dirs_above),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_openat),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
