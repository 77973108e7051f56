/* stale.h - which configuration a run used: a hash of the file's bytes,
 * to notice an initramfs that still carries an older earlynet.ini */
#ifndef EARLYNET_STALE_H
#define EARLYNET_STALE_H

#include <stdbool.h>
#include <stddef.h>

#define EN_HASH_LEN 32 /* "fnv1a64:" and 16 hex digits, NUL */

/* A 64-bit FNV-1a of the bytes, as "fnv1a64:0123456789abcdef". It tells
 * copies of a file apart; it is no defence against someone who forges one. */
void en_hash_bytes(const void *p, size_t n, char out[EN_HASH_LEN]);
/* The same of a file's contents; 0 or -errno (out is then ""). */
int en_hash_file(const char *path, char out[EN_HASH_LEN]);

/* Are we running from an initramfs? (/etc/initrd-release, which dracut
 * and systemd's initrd have, or EARLYNET_INITRAMFS=1, which the
 * initramfs-tools boot script exports.) */
bool en_in_initramfs(void);

/*
 * The initramfs ran with the file whose hash is initramfs_hash; path is
 * now current_hash. When both are known and differ, write the warning for
 * the operator into msg and return true.
 */
bool stale_initramfs(const char *initramfs_hash, const char *current_hash, const char *path,
		     char *msg, size_t len);

#endif
