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

/* Root's own, writable by nobody else: anything else could have been
 * planted by an unprivileged user to run as root at boot. */
static const char *unsafe_owner(const struct stat *st)
{
	if (st->st_uid != 0)
		return "not owned by root";
	if (st->st_mode & S_IWGRP)
		return "group-writable";
	if (st->st_mode & S_IWOTH)
		return "world-writable";
	return NULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child_exec(const char *path, char *const argv[], char *const envp[])
{
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
	fd = open("/dev/null", O_RDONLY | O_NOCTTY);
	if (fd >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
#ifdef SYS_close_range
	/* our netlink sockets and the like are no business of the hook's */
	syscall(SYS_close_range, 3U, ~0U, 0U);
#endif
	execve(path, argv, envp);
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

static void run_one(const char *path, const char *event, char *const envp[], int timeout_s)
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
		child_exec(path, argv, envp);
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

int hooks_run(const char *hooks_dir, const char *event, const char *result,
	      const char *config_path, const char *state_path, int timeout_s)
{
	char dir[EN_PATH_MAX], env[5][EN_PATH_MAX + 32];
	char *envp[6];
	struct dirent **names = NULL;
	struct stat st;
	const char *why;
	int n, ran = 0;

	if (snprintf(dir, sizeof(dir), "%s/%s.d", hooks_dir ? hooks_dir : HOOKS_DIR,
		     event) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	if (stat(dir, &st) < 0) {
		if (errno == ENOENT) {
			log_debug("no hooks: %s does not exist", dir);
			return 0;
		}
		log_warn("cannot read hooks in %s: %m", dir);
		return -errno;
	}
	why = unsafe_owner(&st);
	if (why) {
		log_warn("refusing hooks in %s: the directory is %s "
			 "(fix: chown root:root %s; chmod go-w %s)", dir, why, dir, dir);
		return -EPERM;
	}
	n = scandir(dir, &names, want_name, alphasort);
	if (n < 0) {
		int err = errno;

		log_warn("cannot read hooks in %s: %m", dir);
		return -err;
	}
	snprintf(env[0], sizeof(env[0]), "EARLYNET_RESULT=%s", result ? result : "");
	snprintf(env[1], sizeof(env[1]), "EARLYNET_CONFIG=%s", config_path ? config_path : "");
	snprintf(env[2], sizeof(env[2]), "EARLYNET_STATE=%s", state_path ? state_path : "");
	snprintf(env[3], sizeof(env[3]), "EARLYNET_EVENT=%s", event);
	snprintf(env[4], sizeof(env[4]), "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	for (int i = 0; i < 5; i++)
		envp[i] = env[i];
	envp[5] = NULL;

	for (int i = 0; i < n; i++) {
		char path[EN_PATH_MAX + 256];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (lstat(path, &st) < 0) {
			log_warn("hook %s: %m, skipping", path);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			log_warn("refusing hook %s: it is a symbolic link; "
				 "install the file itself", path);
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			log_warn("refusing hook %s: not a regular file", path);
			continue;
		}
		if (!(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
			log_debug("skipping %s: not executable", path);
			continue;
		}
		why = unsafe_owner(&st);
		if (why) {
			log_warn("refusing hook %s: it is %s (fix: chown root:root %s; "
				 "chmod go-w %s)", path, why, path, path);
			continue;
		}
		run_one(path, event, envp, timeout_s);
		ran++;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ran;
}
