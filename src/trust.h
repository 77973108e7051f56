/* trust.h - the one rule for the files root reads or runs at boot */
#ifndef EARLYNET_TRUST_H
#define EARLYNET_TRUST_H

#include <stddef.h>
#include <sys/stat.h>

/*
 * The configuration file and each hook are read or run by root at boot, so
 * nobody but root may have been able to write them or swap them:
 *
 *   - the file itself is a regular file (a hooks directory: a directory),
 *     owned by root, not writable by its group or by others;
 *   - every directory from / down to it is owned by root and not writable
 *     by its group or by others. A root-owned directory with the sticky bit
 *     (like /tmp, mode 1777) is accepted: in it only an entry's owner can
 *     rename or remove that entry, and the next step must be root's anyway;
 *   - no step is a symbolic link, and no step is "..".
 *
 * The walk opens each step relative to the one above it with O_NOFOLLOW and
 * checks it by fstat on that descriptor, and the descriptor handed back is
 * the one that was checked: what is checked is what is read or run, with
 * no window between the check and the open.
 *
 * On refusal msg holds one line an operator can act on, starting with the
 * path and ending with the exact chown/chmod that fixes it, e.g.
 *   /etc/earlynet/earlynet.ini: the directory /etc/earlynet above the
 *   config file is writable by its group (mode 0775); refusing it:
 *   chmod go-w /etc/earlynet
 * what names the thing in it: "config file", "hook", "hooks directory".
 */

#define TRUST_MSG_MAX 8800   /* three paths and the words around them */

enum trust_want { TRUST_FILE, TRUST_DIR };

/*
 * Open path after the walk above: a file O_RDONLY, a directory
 * O_RDONLY|O_DIRECTORY, both O_CLOEXEC. A relative path is taken from the
 * current directory (the walk still starts at /). Returns the descriptor,
 * or -errno with msg filled: -ENOENT when a step does not exist, -EPERM
 * when the rule refuses a step, another -errno when the system says no.
 */
int trust_open(const char *path, enum trust_want want, const char *what,
	       char *msg, size_t size);

/*
 * Open name in the trusted directory dirfd (the path of which is dirpath,
 * for the message) with the same rule for that one step; a file is opened
 * O_PATH when want_path is set (for execveat), else O_RDONLY.
 */
int trust_openat(int dirfd, const char *dirpath, const char *name, enum trust_want want,
		 int path_only, const char *what, char *msg, size_t size);

/*
 * The rule for one already-opened step: 0 when st is root's and nobody
 * else may write it; else -EPERM and msg says why and how to fix it.
 * dir says st is a directory above the thing (named by subject) that is
 * being opened; then the sticky-bit exception applies.
 */
int trust_check_stat(const struct stat *st, const char *path, int dir_above,
		     const char *subject, const char *what, char *msg, size_t size);

#endif
