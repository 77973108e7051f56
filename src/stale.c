/* stale.c - which configuration a run used (see stale.h) */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stale.h"

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV_BASIS 0xcbf29ce484222325ULL

void en_hash_bytes(const void *p, size_t n, char out[EN_HASH_LEN])
{
	snprintf(out, EN_HASH_LEN, "fnv1a64:%016" PRIx64, fnv1a(FNV_BASIS, p, n));
}

int en_hash_file(const char *path, char out[EN_HASH_LEN])
{
	unsigned char buf[4096];
	uint64_t h = FNV_BASIS;
	FILE *f = fopen(path, "rbe");
	size_t n;
	int e;

	out[0] = '\0';
	if (!f)
		return -errno;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		h = fnv1a(h, buf, n);
	e = ferror(f) ? EIO : 0;
	fclose(f);
	if (e)
		return -e;
	snprintf(out, EN_HASH_LEN, "fnv1a64:%016" PRIx64, h);
	return 0;
}

bool en_in_initramfs(void)
{
	const char *env = getenv("EARLYNET_INITRAMFS");

	return (env && !strcmp(env, "1")) || access("/etc/initrd-release", F_OK) == 0;
}

bool stale_initramfs(const char *initramfs_hash, const char *current_hash, const char *path,
		     char *msg, size_t len)
{
	if (!initramfs_hash[0] || !current_hash[0] || !strcmp(initramfs_hash, current_hash))
		return false;
	snprintf(msg, len, "the initramfs brought the network up with another copy of %s "
		 "than the one on disk now: run update-initramfs -u (or dracut -f) so that "
		 "the next boot uses this one", path);
	return true;
}
