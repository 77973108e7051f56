/* hooks.c - run the executables in HOOKS_DIR/EVENT.d after a run */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "hooks.h"
#include "log.h"
#include "model.h"
#include "trust.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Names run-parts and package managers leave behind are not hooks. */
static int want_name(const struct dirent *d)
{
	static const char *const backup[] = {
		"~", ".dpkg-old", ".dpkg-new", ".dpkg-dist", ".dpkg-tmp",
		".rpmsave", ".rpmnew", ".bak", ".swp",
	};

	if (d->d_name[0] == '.')
		return 0;
	for (size_t i = 0; i < sizeof(backup) / sizeof(backup[0]); i++)
		if (ends_with(d->d_name, backup[i]))
			return 0;
	return 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The hook's descriptor is put on HOOK_FD for the exec: a script's
 * interpreter is handed /dev/fd/HOOK_FD (or /proc/self/fd/HOOK_FD) as the
 * file to read, so it must stay open across the exec. */
#define HOOK_FD 3

static void child_exec(int hook_fd, const char *path, char *const argv[], char *const envp[])
{
	char self[32];
	sigset_t none;
	int fd;

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* ignored signals stay ignored across exec; give the hook defaults */
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	/* dup2 leaves the copy without close-on-exec; on HOOK_FD already,
	 * clear it by hand */
	if (hook_fd != HOOK_FD) {
		if (dup2(hook_fd, HOOK_FD) < 0) {
			log_err("hook %s: cannot execute: %m", path);
			_exit(127);
		}
	} else {
		fcntl(HOOK_FD, F_SETFD, 0);
	}
#ifdef SYS_close_range
	/* our netlink sockets and the like are no business of the hook's */
	syscall(SYS_close_range, HOOK_FD + 1U, ~0U, 0U);
#endif
	fd = open("/dev/null", O_RDONLY | O_NOCTTY);
	if (fd >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	/* Run the very file that was checked, never the path again. The
	 * kernel hands a script's interpreter /dev/fd/HOOK_FD to read; where
	 * /dev/fd is missing (a busybox initramfs) the exec itself succeeds
	 * and the interpreter fails, so choose before: /proc/self/fd/N is a
	 * link to the same open file, not a path looked up again. */
	snprintf(self, sizeof(self), "/dev/fd/%d", HOOK_FD);
	if (access(self, R_OK) == 0) {
		fexecve(HOOK_FD, argv, envp);
	} else {
		snprintf(self, sizeof(self), "/proc/self/fd/%d", HOOK_FD);
		execve(self, argv, envp);
	}
	log_err("hook %s: cannot execute: %m", path);
	_exit(127);
}

/* Wait for pid until deadline_ms (< 0: forever). 0 with *status, or
 * -ETIMEDOUT. A pidfd makes this a plain poll(); without one (kernels
 * before 5.3) poll waitpid every 10 ms. */
static int wait_deadline(pid_t pid, long long deadline_ms, int *status)
{
	int pidfd = -1;

#ifdef SYS_pidfd_open
	if (deadline_ms >= 0)
		pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
	for (;;) {
		pid_t r = waitpid(pid, status, deadline_ms < 0 ? 0 : WNOHANG);
		long long left;

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			*status = 0;
			break;
		}
		if (r < 0)
			continue;
		left = deadline_ms - now_ms();
		if (left <= 0) {
			if (pidfd >= 0)
				close(pidfd);
			return -ETIMEDOUT;
		}
		if (pidfd >= 0) {
			struct pollfd p = { .fd = pidfd, .events = POLLIN };

			poll(&p, 1, left > 1000 ? 1000 : (int)left);
		} else {
			struct timespec ts = { 0, 10 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	return 0;
}

static void run_one(int hook_fd, const char *path, const char *event, char *const envp[],
		    int timeout_s)
{
	char *argv[] = { (char *)path, (char *)event, NULL };
	long long deadline = timeout_s > 0 ? now_ms() + timeout_s * 1000LL : -1;
	int status = 0;
	pid_t pid;

	log_debug("running hook %s", path);
	pid = fork();
	if (pid < 0) {
		log_warn("hook %s: cannot fork: %m, ignoring", path);
		return;
	}
	if (pid == 0)
		child_exec(hook_fd, path, argv, envp);
	/* both sides set the group, so kill(-pid) works whoever runs first */
	setpgid(pid, pid);
	if (wait_deadline(pid, deadline, &status) == -ETIMEDOUT) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		wait_deadline(pid, -1, &status);
		log_warn("hook %s did not finish within %ds, killed, ignoring", path, timeout_s);
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		log_debug("hook %s succeeded", path);
	else if (WIFEXITED(status))
		log_warn("hook %s failed with status %d, ignoring", path, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		log_warn("hook %s killed by signal %d, ignoring", path, WTERMSIG(status));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of the open directory d that want_name takes, sorted;
 * *out is an array of n malloc'd names. -errno on failure. */
static int list_names(DIR *d, char ***out)
{
	char **names = NULL;
	struct dirent *e;
	int n = 0, cap = 0;

	errno = 0;
	while ((e = readdir(d))) {
		if (!want_name(e))
			continue;
		if (n == cap) {
			char **more = realloc(names, (size_t)(cap = cap ? 2 * cap : 16) * sizeof(*names));

			if (!more)
				goto oom;
			names = more;
		}
		names[n] = strdup(e->d_name);
		if (!names[n])
			goto oom;
		n++;
		errno = 0;
	}
	if (errno) {
		int err = errno;

		while (n > 0)
			free(names[--n]);
		free(names);
		return -err;
	}
	if (n)
		qsort(names, (size_t)n, sizeof(*names), name_cmp);
	*out = names;
	return n;
oom:
	while (n > 0)
		free(names[--n]);
	free(names);
	return -ENOMEM;
}

/* Open hooks_dir/EVENT.d by the trust rule (trust.h): the directory
 * descriptor, 0 when either does not exist, or -errno (logged). */
static int open_event_dir(const char *hooks_dir, const char *event, char *dir, size_t size)
{
	char msg[TRUST_MSG_MAX], sub[64];
	int top, fd;

	snprintf(sub, sizeof(sub), "%s.d", event);
	if (snprintf(dir, size, "%s/%s", hooks_dir, sub) >= (int)size)
		return -ENAMETOOLONG;
	top = trust_open(hooks_dir, TRUST_DIR, "hooks directory", msg, sizeof(msg));
	if (top == -ENOENT) {
		log_debug("no hooks: %s does not exist", hooks_dir);
		return 0;
	}
	if (top < 0) {
		log_warn("%s; no %s hooks run", msg, event);
		return top;
	}
	fd = trust_openat(top, hooks_dir, sub, TRUST_DIR, 0, "hooks directory", msg, sizeof(msg));
	close(top);
	if (fd == -ENOENT) {
		log_debug("no hooks: %s does not exist", dir);
		return 0;
	}
	if (fd < 0)
		log_warn("%s; no %s hooks run", msg, event);
	return fd;
}

int hooks_run(const char *hooks_dir, const char *event, const char *result,
	      const char *config_path, const char *state_path, int timeout_s)
{
	char dir[EN_PATH_MAX], env[6][EN_PATH_MAX + 32], msg[TRUST_MSG_MAX];
	char *envp[7];
	char **names = NULL;
	struct stat st;
	DIR *d;
	int n, fd, ran = 0;

	fd = open_event_dir(hooks_dir ? hooks_dir : HOOKS_DIR, event, dir, sizeof(dir));
	if (fd <= 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		int err = errno;

		log_warn("cannot read hooks in %s: %m", dir);
		close(fd);
		return -err;
	}
	n = list_names(d, &names);
	if (n < 0) {
		log_warn("cannot read hooks in %s: %s", dir, strerror(-n));
		closedir(d);
		return n;
	}
	snprintf(env[0], sizeof(env[0]), "EARLYNET_RESULT=%s", result ? result : "");
	snprintf(env[1], sizeof(env[1]), "EARLYNET_CONFIG=%s", config_path ? config_path : "");
	snprintf(env[2], sizeof(env[2]), "EARLYNET_STATE=%s", state_path ? state_path : "");
	snprintf(env[3], sizeof(env[3]), "EARLYNET_EVENT=%s", event);
	snprintf(env[4], sizeof(env[4]), "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	/* A hook runs from its checked descriptor, so a script's $0 is
	 * /dev/fd/3: this says where its neighbours are. */
	snprintf(env[5], sizeof(env[5]), "EARLYNET_HOOKS_DIR=%s", hooks_dir ? hooks_dir : HOOKS_DIR);
	for (int i = 0; i < 6; i++)
		envp[i] = env[i];
	envp[6] = NULL;

	for (int i = 0; i < n; i++) {
		char path[EN_PATH_MAX + 256];
		int hook;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			log_warn("hook %s: %m, skipping", path);
			continue;
		}
		/* Not executable: parked on purpose (chmod -x), not an error;
		 * a symbolic link or anything else is refused with the reason. */
		if (S_ISREG(st.st_mode) && !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
			log_debug("skipping %s: not executable", path);
			continue;
		}
		hook = trust_openat(dirfd(d), dir, names[i], TRUST_FILE, 1, "hook", msg, sizeof(msg));
		if (hook < 0) {
			log_warn("%s; it does not run", msg);
			continue;
		}
		run_one(hook, path, event, envp, timeout_s);
		close(hook);
		ran++;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ran;
}
