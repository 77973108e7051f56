/* test-stale.c - the config hash in the state file and the stale-initramfs
 * verdict */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "stale.h"

static void test_hash(void **state)
{
	char h[EN_HASH_LEN], f[EN_HASH_LEN], path[] = "/tmp/test-stale-XXXXXX";
	FILE *fp;
	int fd;

	(void)state;
	/* the FNV-1a 64 reference values */
	en_hash_bytes("", 0, h);
	assert_string_equal(h, "fnv1a64:cbf29ce484222325");
	en_hash_bytes("a", 1, h);
	assert_string_equal(h, "fnv1a64:af63dc4c8601ec8c");
	/* a file hashes as its bytes, across read chunks */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	for (int i = 0; i < 3000; i++)
		fputs("[link eth0]\n", fp);
	fclose(fp);
	assert_int_equal(en_hash_file(path, f), 0);
	{
		char *buf = malloc(36000);

		assert_non_null(buf);
		for (int i = 0; i < 3000; i++)
			memcpy(buf + i * 12, "[link eth0]\n", 12);
		en_hash_bytes(buf, 36000, h);
		free(buf);
	}
	assert_string_equal(f, h);
	unlink(path);
	assert_true(en_hash_file(path, f) < 0);
	assert_string_equal(f, "");
}

static void test_verdict(void **state)
{
	char msg[512] = "";

	(void)state;
	assert_false(stale_initramfs("fnv1a64:1", "fnv1a64:1", "/e.ini", msg, sizeof(msg)));
	/* unknown on either side: no verdict (an old state file, no initramfs run) */
	assert_false(stale_initramfs("", "fnv1a64:1", "/e.ini", msg, sizeof(msg)));
	assert_false(stale_initramfs("fnv1a64:1", "", "/e.ini", msg, sizeof(msg)));
	assert_string_equal(msg, "");
	assert_true(stale_initramfs("fnv1a64:1", "fnv1a64:2", "/e.ini", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "another copy of /e.ini"));
	assert_non_null(strstr(msg, "run update-initramfs -u"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
