/* trust.c - the one rule for the files root reads or runs at boot */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "model.h"
#include "trust.h"

static const char *writers(mode_t m)
{
	if ((m & S_IWGRP) && (m & S_IWOTH))
		return "group and others";
	return (m & S_IWGRP) ? "its group" : "others";
}

int trust_check_stat(const struct stat *st, const char *path, int dir_above,
		     const char *subject, const char *what, char *msg, size_t size)
{
	bool not_root = st->st_uid != 0;
	bool writable = (st->st_mode & (S_IWGRP | S_IWOTH)) != 0;
	char problem[160], fix[2 * EN_PATH_MAX + 64];

	/* Sticky and root's (/tmp): only an entry's owner may rename it. */
	if (dir_above && !not_root && (st->st_mode & S_ISVTX))
		writable = false;
	if (!not_root && !writable)
		return 0;
	if (not_root && writable)
		snprintf(problem, sizeof(problem), "owned by uid %u, not root, and writable by %s (mode %04o)",
			 (unsigned)st->st_uid, writers(st->st_mode), (unsigned)(st->st_mode & 07777));
	else if (not_root)
		snprintf(problem, sizeof(problem), "owned by uid %u, not root", (unsigned)st->st_uid);
	else
		snprintf(problem, sizeof(problem), "writable by %s (mode %04o)",
			 writers(st->st_mode), (unsigned)(st->st_mode & 07777));
	/* A file not root's is fixed by both, so nobody else keeps write. */
	if (not_root)
		snprintf(fix, sizeof(fix), "chown root:root %s && chmod go-w %s", path, path);
	else
		snprintf(fix, sizeof(fix), "chmod go-w %s", path);
	if (dir_above)
		snprintf(msg, size, "%s: the directory %s above the %s is %s; refusing the %s: %s",
			 subject, path, what, problem, what, fix);
	else
		snprintf(msg, size, "%s: the %s is %s; refusing it: %s", path, what, problem, fix);
	return -EPERM;
}

static int refuse_link(const char *path, int is_last, const char *subject, const char *what,
		       char *msg, size_t size)
{
	if (is_last)
		snprintf(msg, size, "%s: the %s is a symbolic link; refusing it: "
			 "replace the link with the %s itself (owned by root, not writable by others)",
			 path, what, strcmp(what, "hooks directory") ? "file" : "directory");
	else
		snprintf(msg, size, "%s: %s above the %s is a symbolic link; refusing the %s: "
			 "give the path without links (see readlink -f %s)",
			 subject, path, what, what, subject);
	return -EPERM;
}

/* Why openat(dirfd, name, O_NOFOLLOW...) failed with err: a symbolic
 * link (ELOOP, or ENOTDIR for O_DIRECTORY), or the system's words. */
static int open_failed(int err, int dirfd, const char *name, const char *path, int is_last,
		       const char *subject, const char *what, char *msg, size_t size)
{
	struct stat st;

	if ((err == ELOOP || err == ENOTDIR) &&
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return refuse_link(path, is_last, subject, what, msg, size);
	if (err == ENOTDIR && !is_last)
		snprintf(msg, size, "%s: %s is not a directory", subject, path);
	else if (err == ENOTDIR)
		snprintf(msg, size, "%s: the %s is not a directory; refusing it", path, what);
	else
		snprintf(msg, size, "%s: cannot open the %s: %s", subject, what, strerror(err));
	return -err;
}

/* Check the descriptor fd just opened for the last step. */
static int check_last(int fd, const char *path, enum trust_want want, const char *what,
		      char *msg, size_t size)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		int err = errno;

		snprintf(msg, size, "%s: cannot check the %s: %s", path, what, strerror(err));
		return -err;
	}
	if (S_ISLNK(st.st_mode)) /* O_PATH|O_NOFOLLOW opens the link itself */
		return refuse_link(path, 1, path, what, msg, size);
	if (want == TRUST_FILE && !S_ISREG(st.st_mode)) {
		snprintf(msg, size, "%s: the %s is not a regular file; refusing it", path, what);
		return -EPERM;
	}
	if (want == TRUST_DIR && !S_ISDIR(st.st_mode)) {
		snprintf(msg, size, "%s: the %s is not a directory; refusing it", path, what);
		return -EPERM;
	}
	return trust_check_stat(&st, path, 0, path, what, msg, size);
}

static int open_last(int dirfd, const char *name, enum trust_want want, int path_only)
{
	int flags = O_NOFOLLOW | O_CLOEXEC | O_NOCTTY;

	if (want == TRUST_DIR)
		flags |= O_RDONLY | O_DIRECTORY;
	else if (path_only)
		flags |= O_PATH;
	else
		flags |= O_RDONLY | O_NONBLOCK; /* a FIFO must not block us */
	return openat(dirfd, name, flags);
}

int trust_openat(int dirfd, const char *dirpath, const char *name, enum trust_want want,
		 int path_only, const char *what, char *msg, size_t size)
{
	char path[2 * EN_PATH_MAX];
	int fd, r;

	snprintf(path, sizeof(path), "%s%s%s", dirpath,
		 dirpath[0] && dirpath[strlen(dirpath) - 1] == '/' ? "" : "/", name);
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		snprintf(msg, size, "%s: not a plain name; refusing the %s", path, what);
		return -EINVAL;
	}
	fd = open_last(dirfd, name, want, path_only);
	if (fd < 0)
		return open_failed(errno, dirfd, name, path, 1, path, what, msg, size);
	r = check_last(fd, path, want, what, msg, size);
	if (r < 0) {
		close(fd);
		return r;
	}
	if (want == TRUST_FILE && !path_only)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int trust_open(const char *path, enum trust_want want, const char *what,
	       char *msg, size_t size)
{
	char full[EN_PATH_MAX + 1], sofar[EN_PATH_MAX + 1] = "";
	char *comp, *next;
	struct stat st;
	size_t len;
	int dfd, r;

	msg[0] = '\0';
	if (path[0] == '/') {
		if (snprintf(full, sizeof(full), "%s", path) >= (int)sizeof(full))
			goto too_long;
	} else {
		char cwd[EN_PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)) ||
		    snprintf(full, sizeof(full), "%s/%s", cwd, path) >= (int)sizeof(full))
			goto too_long;
	}
	dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fstat(dfd, &st) < 0) {
		r = -errno;
		snprintf(msg, size, "%s: cannot open /: %s", path, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return r;
	}
	r = trust_check_stat(&st, "/", 1, path, what, msg, size);
	for (comp = full; r == 0; comp = next) {
		int nfd;

		while (*comp == '/')
			comp++;
		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		while (next && *next == '/')
			next++;
		if (!*comp || !strcmp(comp, ".")) {
			if (next)
				continue;
			/* "dir/" or "dir/.": the last step is the one above */
			snprintf(msg, size, "%s: not a %s path; refusing it", path,
				 want == TRUST_DIR ? "plain directory" : "file");
			r = -EINVAL;
			break;
		}
		if (!strcmp(comp, "..")) {
			snprintf(msg, size, "%s: the path has a \"..\" in it; refusing the %s: give it without",
				 path, what);
			r = -EINVAL;
			break;
		}
		if (!next || !*next) {
			/* the last step: the file or directory itself */
			nfd = open_last(dfd, comp, want, 0);
			if (nfd < 0) {
				r = open_failed(errno, dfd, comp, path, 1, path, what, msg, size);
				break;
			}
			r = check_last(nfd, path, want, what, msg, size);
			if (r < 0) {
				close(nfd);
				break;
			}
			if (want == TRUST_FILE)
				fcntl(nfd, F_SETFL, fcntl(nfd, F_GETFL) & ~O_NONBLOCK);
			close(dfd);
			return nfd;
		}
		/* sofar is a prefix of full, so it always fits */
		len = strlen(sofar);
		sofar[len] = '/';
		memcpy(sofar + len + 1, comp, strlen(comp) + 1);
		nfd = openat(dfd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0) {
			r = open_failed(errno, dfd, comp, sofar, 0, path, what, msg, size);
			break;
		}
		close(dfd);
		dfd = nfd;
		if (fstat(dfd, &st) < 0) {
			r = -errno;
			snprintf(msg, size, "%s: cannot check %s: %s", path, sofar, strerror(errno));
			break;
		}
		r = trust_check_stat(&st, sofar, 1, path, what, msg, size);
	}
	close(dfd);
	return r;
too_long:
	snprintf(msg, size, "%s: the path is too long", path);
	return -ENAMETOOLONG;
}
