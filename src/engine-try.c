/* engine-try.c - `earlynet try NEWFILE` and `earlynet confirm`: policy
 *
 * try:      validate both files (main.c) -> take the lock -> start the
 *           reverter, detached -> print what it says, read `y` -> its code
 * reverter: record the live state -> apply NEWFILE as up -> probe
 *           (management up, its gateway answers ARP) -> wait for a
 *           confirmation until the deadline -> install NEWFILE | revert
 * revert:   undo what NEWFILE did (try.c) -> up with the old file -> probe
 *
 * The reverter is this binary run again as "earlynet-try", in a session of
 * its own with stdin and stdout on /dev/null: a dropped SSH connection or
 * a SIGKILL of `try` does not stop it. Its stderr is a pipe to `try` while
 * that lives; what it says also goes to the kernel log and the state file.
 * It holds the lock (flock on try.lock beside the state file, fd 3) as long
 * as it lives: a second `try` is refused, `confirm` knows one is pending.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "engine.h"
#include "log.h"
#include "plan.h"
#include "state.h"
#include "sys.h"
#include "trust.h"
#include "try.h"
#include "wait.h"
#include "wait-online.h"

#define LOCK_FD 3               /* the reverter's lock, across the exec */
#define CTL '\001'              /* a line for `try`, not for the operator */
#define PROBE_MAX_S 30          /* the probe's share of the timeout, at most */
#define CONFIRM_WAIT_S 600      /* confirm waits this long for the install */

/* try.lock and try.pending, beside the state file. */
static void side_path(const char *leaf, char *buf, size_t len)
{
	const char *st = state_path(), *slash = strrchr(st, '/');

	if (slash)
		snprintf(buf, len, "%.*s/%s", (int)(slash - st), st, leaf);
	else
		snprintf(buf, len, "%s", leaf);
}

static int make_dir_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	return mkdir(dir, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* The lock, taken (fd), or -EWOULDBLOCK when a try holds it. */
static int lock_take(void)
{
	char path[PATH_MAX];
	int fd, ret;

	side_path("try.lock", path, sizeof(path));
	if ((ret = make_dir_of(path)) < 0)
		return ret;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/* The reverter's pid from try.pending, or -1. */
static int pending_pid(void)
{
	char path[PATH_MAX], text[512];
	ssize_t n;
	int fd;

	side_path("try.pending", path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	return try_pending_pid(text);
}

static void pending_write(const struct config *old, const struct config *new_,
                          const char *phase, long deadline)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;

	side_path("try.pending", path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "we")))
		return;
	fprintf(f, "pid=%d\nphase=%s\nconfig=%s\nnew=%s\ndeadline=%ld\n", (int)getpid(), phase,
	        old->path, new_->path, deadline);
	if (fclose(f) == 0)
		rename(tmp, path);
}

static void pending_remove(void)
{
	char path[PATH_MAX];

	side_path("try.pending", path, sizeof(path));
	unlink(path);
}

/* A line for `try` (it does not show it): "\001waiting", "\001exit N"
 * (code < 0: waiting). */
static void ctl(int code)
{
	char buf[64];
	int len = code < 0 ? snprintf(buf, sizeof(buf), "%cwaiting\n", CTL)
	                   : snprintf(buf, sizeof(buf), "%cexit %d\n", CTL, code);

	if (write(STDERR_FILENO, buf, (size_t)len) < 0) {
		/* `try` is gone: nobody to tell */
	}
}

/* ---- try: start the reverter and follow it ---- */

static int follow(int rfd, int reverter)
{
	char buf[4096], line[2048];
	size_t used = 0;
	bool tty = isatty(STDIN_FILENO) == 1, waiting = false, open_line = false;
	bool err_tty = isatty(STDERR_FILENO) == 1;
	int code = -1;

	for (;;) {
		struct pollfd p[2] = { { .fd = rfd, .events = POLLIN },
		                       { .fd = STDIN_FILENO, .events = POLLIN } };
		ssize_t n;

		if (poll(p, tty && waiting ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			char in[64];
			int pid = pending_pid();

			n = read(STDIN_FILENO, in, sizeof(in));
			if (n <= 0) {
				tty = false;
			} else if ((in[0] == 'y' || in[0] == 'Y') && pid > 0) {
				kill(pid, SIGUSR1);
			} else if ((in[0] == 'n' || in[0] == 'N') && pid > 0) {
				kill(pid, SIGTERM);
			}
		}
		if (!(p[0].revents & (POLLIN | POLLHUP)))
			continue;
		n = read(rfd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n' && used < sizeof(line) - 1) {
				line[used++] = buf[i];
				continue;
			}
			line[used] = '\0';
			used = 0;
			if (line[0] != CTL && err_tty &&
			    !strncmp(line, "earlynet: waiting for confirmation", 34)) {
				/* the countdown: one line, rewritten */
				fprintf(stderr, "\r%s\033[K", line);
				open_line = true;
			} else if (line[0] != CTL) {
				fprintf(stderr, "%s%s\n", open_line ? "\n" : "", line);
				open_line = false;
			} else if (!strcmp(line + 1, "waiting")) {
				waiting = true;
				if (tty)
					fprintf(stderr, "earlynet: type y and Enter to keep it, n to revert "
					        "now (or run `earlynet confirm` from another shell)\n");
			} else if (!strncmp(line + 1, "exit ", 5)) {
				code = atoi(line + 6);
			}
		}
	}
	close(rfd);
	(void)reverter;
	if (code < 0) {
		struct state_summary s;

		/* it said nothing at the end: the state file says how it went */
		if (state_read(NULL, &s) == 0 && !strcmp(s.command, "try") &&
		    strcmp(s.result, "pending"))
			code = !strcmp(s.result, "confirmed") ? EXIT_OK : s.exit_code;
		else
			code = EXIT_FAILED;
	}
	return code;
}

int engine_try(const struct config *old, const struct config *new_, int timeout_s,
               char *const reverter_argv[])
{
	int lock = lock_take(), p[2], null, status, pid = pending_pid();
	pid_t child;

	(void)old;
	(void)new_;
	if (lock < 0) {
		if (lock == -EWOULDBLOCK)
			log_err("try: a try is pending already%s%.0d: confirm it with `earlynet confirm`, "
			        "or wait for it to be reverted; nothing was changed",
			        pid > 0 ? " (reverter pid " : "", pid > 0 ? pid : 0);
		else
			log_err("try: cannot take the lock beside %s: %s; nothing was changed",
			        state_path(), strerror(-lock));
		return EXIT_CONFIG;
	}
	if (pipe2(p, O_CLOEXEC) < 0 || (null = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) {
		log_err("try: %s; nothing was changed", strerror(errno));
		close(lock);
		return EXIT_CONFIG;
	}
	log_info("try: %s, reverted in %d s unless confirmed", new_->path, timeout_s);
	child = fork();
	if (child < 0) {
		log_err("try: fork: %s; nothing was changed", strerror(errno));
		return EXIT_CONFIG;
	}
	if (child == 0) {
		/* a session of its own, then a child that is no session
		 * leader (it can never get a controlling terminal) */
		setsid();
		if (fork() != 0)
			_exit(0);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		dup2(lock, LOCK_FD);    /* dup2 leaves FD_CLOEXEC off */
		signal(SIGHUP, SIG_IGN);
		execv("/proc/self/exe", reverter_argv);
		_exit(127);
	}
	close(p[1]);
	close(null);
	close(lock);
	waitpid(child, &status, 0);
	signal(SIGPIPE, SIG_IGN);
	return follow(p[0], child);
}

/* ---- the reverter ---- */

static int file_bytes(const char *path, char **out, size_t *len)
{
	char msg[TRUST_MSG_MAX];
	int fd = trust_open(path, TRUST_FILE, "file", msg, sizeof(msg)), ret = 0;
	size_t cap = 0, n = 0;
	char *buf = NULL;

	if (fd < 0) {
		log_err("%s", msg);
		return -EPERM;
	}
	for (;;) {
		ssize_t got;

		if (n == cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (!nb) {
				ret = -ENOMEM;
				break;
			}
			buf = nb;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = -errno;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (ret < 0) {
		free(buf);
		return ret;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* NEWFILE's bytes become the config file: a temporary file in the same
 * directory, root-owned, 0600, synced, renamed over it, the directory
 * synced. */
static int install(const char *dst, const char *bytes, size_t len)
{
	char tmp[PATH_MAX + 32], dir[PATH_MAX];
	const char *slash = strrchr(dst, '/');
	int fd, dfd, ret = 0;
	size_t off = 0;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - dst) : 1, slash ? dst : ".");
	if (!dir[0])
		snprintf(dir, sizeof(dir), "/");
	snprintf(tmp, sizeof(tmp), "%s/.earlynet-try.XXXXXX", dir);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return -errno;
	if (fchmod(fd, 0600) < 0 || fchown(fd, 0, 0) < 0)
		ret = -errno;
	while (!ret && off < len) {
		ssize_t n = write(fd, bytes + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ret = -errno;
		else
			off += (size_t)n;
	}
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && rename(tmp, dst) < 0)
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return ret;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* The report of the last up, as try's: its result, reason, exit code. */
static void report(struct state_report *rep, const char *result, int code, const char *reason,
                   const char *config_path)
{
	int ret;

	rep->command = "try";
	if (config_path)
		rep->config_path = config_path;
	rep->result = result;
	rep->exit_code = code;
	snprintf(rep->reason, sizeof(rep->reason), "%s", reason);
	if ((ret = state_write(NULL, rep)) < 0)
		log_warn("cannot write %s: %s", state_path(), strerror(-ret));
}

/* The kernel log takes a few lines a second from us (printk_devkmsg
 * ratelimits /dev/kmsg): the reverter sends it only what must be there. */
static void kmsg_lines(bool on)
{
	log_set_kmsg(on && access("/dev/kmsg", W_OK) == 0);
}

static void loud(const char *title, const char *reason)
{
	kmsg_lines(true);
	log_err("************************************************************");
	log_err("*** %s", title);
	log_err("*** reason: %s", reason);
	log_err("************************************************************");
	kmsg_lines(false);
}

static int revert(const struct config *old, const struct config *new_,
                  const struct kstate *before, struct state_report *rep, const char *reason)
{
	struct engine_opts o = { .command = "revert", .report = rep, .yes = true };
	struct kstate now = { 0 };
	struct plan p = { 0 };
	struct apply_result res = { 0 };
	char why[256];
	int code, ret;

	loud("REVERTING: the new configuration is taken back", reason);
	if ((ret = sys_open()) < 0 || (ret = sys_snapshot(&now)) < 0) {
		log_err("revert: cannot read the network state: %s", strerror(-ret));
	} else if ((ret = try_restore_plan(old, new_, before, &now, &p)) < 0) {
		log_err("revert: %s", p.error[0] ? p.error : strerror(-ret));
	} else {
		for (int i = 0; i < p.n_warnings; i++)
			log_warn("revert: %s", p.warning[i]);
		apply_plan(old, &p, false, &res);
	}
	plan_free(&p);
	kstate_free(&now);
	/* then the old file as up would have it */
	code = engine_up(old, &o);
	if (code != EXIT_FAILED && old->management >= 0 &&
	    wait_online(old, PROBE_MAX_S, false) != EXIT_OK)
		code = EXIT_FAILED;
	if (code == EXIT_FAILED) {
		snprintf(why, sizeof(why), "%.200s; management is NOT back", reason);
		loud("REVERTED, but management is not back", why);
		report(rep, "reverted", EXIT_FAILED, why, old->path);
		return EXIT_FAILED;
	}
	snprintf(why, sizeof(why), "%.200s", reason);
	loud("REVERTED: the old configuration is back, management answers", why);
	report(rep, "reverted", EXIT_DEGRADED, why, old->path);
	return EXIT_DEGRADED;
}

/* Wait for SIGUSR1 (confirm) until the deadline; SIGTERM or SIGINT: revert
 * now. 1 confirmed, 0 timeout, -1 asked to revert. */
static int wait_confirm(int sfd, double deadline, int timeout_s, double t0)
{
	double next = now_ms();

	for (;;) {
		double t = now_ms();
		struct pollfd p = { .fd = sfd, .events = POLLIN };
		struct signalfd_siginfo si;
		int left_ms = (int)(deadline - t);

		if (left_ms <= 0)
			return 0;
		if (t >= next) {
			char buf[160];
			int n = snprintf(buf, sizeof(buf), "earlynet: waiting for confirmation "
			                 "(`earlynet confirm`): %d/%d s\n", (int)((t - t0) / 1000),
			                 timeout_s);

			if (write(STDERR_FILENO, buf, (size_t)n) < 0) {
				/* nobody follows */
			}
			next += 1000;
		}
		if (poll(&p, 1, left_ms < (int)(next - t) ? left_ms : (int)(next - t) + 1) <= 0)
			continue;
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGUSR1)
			return 1;
		return -1;
	}
}

int engine_try_run(const struct config *old, const struct config *new_, int timeout_s,
                   bool bonds, const struct engine_opts *o0)
{
	struct engine_opts o = { .cmdline = o0->cmdline, .yes = true, .command = "try" };
	struct state_report *rep = calloc(1, sizeof(*rep));
	struct kstate before = { 0 };
	sigset_t set;
	char *bytes = NULL, why[256];
	size_t len = 0;
	double t0 = now_ms(), deadline = t0 + timeout_s * 1000.0;
	int sfd, code, ret, got;
	bool confirm_early = false;

	/* the lock `try` took and passed on; hooks must not hold it */
	if (flock(LOCK_FD, LOCK_EX | LOCK_NB) < 0) {
		log_err("try: earlynet-try is started by `earlynet try`, not by hand");
		free(rep);
		return EXIT_CONFIG;
	}
	fcntl(LOCK_FD, F_SETFD, FD_CLOEXEC);
	kmsg_lines(false);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	o.report = rep;
	if (!rep || sfd < 0 || file_bytes(new_->path, &bytes, &len) < 0) {
		log_err("try: cannot start: %s; nothing was changed", strerror(errno));
		ctl(EXIT_CONFIG);
		free(rep);
		return EXIT_CONFIG;
	}
	pending_write(old, new_, "applying", (long)time(NULL) + timeout_s);
	if ((ret = sys_open()) < 0 || (ret = sys_snapshot(&before)) < 0) {
		log_err("try: cannot read the network state: %s; nothing was changed",
		        strerror(-ret));
		pending_remove();
		ctl(EXIT_CONFIG);
		free(bytes);
		free(rep);
		return EXIT_CONFIG;
	}
	log_info("try: the live state is recorded; applying %s", new_->path);

	code = engine_up(new_, &o);
	if (code != EXIT_OK) {
		snprintf(why, sizeof(why), "up with %.100s: %.100s (exit %d)", new_->path,
		         rep->reason[0] ? rep->reason : "failed", code);
		goto revert;
	}
	report(rep, "pending", EXIT_OK, "", NULL);
	if (new_->management >= 0) {
		int probe_s = timeout_s < PROBE_MAX_S ? timeout_s : PROBE_MAX_S;

		log_info("try: probing management %s and its gateway%s (at most %d s)",
		         new_->ifaces[new_->management].name, bonds ? ", and the bonds" : "",
		         probe_s);
		if (wait_online(new_, probe_s, bonds) != EXIT_OK) {
			snprintf(why, sizeof(why), "probe failed: management %s or its gateway%s did "
			         "not answer within %d s", new_->ifaces[new_->management].name,
			         bonds ? " (or a bond did not converge)" : "", probe_s);
			goto revert;
		}
	}
	/* a confirmation that came while it was applying counts now */
	{
		struct signalfd_siginfo si;

		while (read(sfd, &si, sizeof(si)) == sizeof(si))
			if (si.ssi_signo == SIGUSR1)
				confirm_early = true;
	}
	pending_write(old, new_, "waiting", (long)time(NULL) + (long)((deadline - now_ms()) / 1000));
	log_info("try: %s works; confirm within %d s with `earlynet confirm`, or it is reverted",
	         new_->path, (int)((deadline - now_ms()) / 1000));
	ctl(-1);
	got = confirm_early ? 1 : wait_confirm(sfd, deadline, timeout_s, t0);
	if (got <= 0) {
		snprintf(why, sizeof(why), got == 0 ? "not confirmed within %d s"
		         : "asked to revert before the %d s were up", timeout_s);
		goto revert;
	}
	ret = install(old->path, bytes, len);
	if (ret < 0) {
		snprintf(why, sizeof(why), "confirmed, but %.120s could not be replaced: %s",
		         old->path, strerror(-ret));
		goto revert;
	}
	kmsg_lines(true);
	log_info("try: confirmed: %s is installed as %s (root, 0600)", new_->path, old->path);
	log_info("try: the initramfs holds a copy of the old file: refresh it with "
	         "`update-initramfs -u` (Debian, Proxmox) or `dracut -f`");
	kmsg_lines(false);
	report(rep, "confirmed", EXIT_OK, "", old->path);
	code = EXIT_OK;
	goto out;

revert:
	code = revert(old, new_, &before, rep, why);
out:
	pending_remove();
	kstate_free(&before);
	free(bytes);
	free(rep);
	ctl(code);
	close(sfd);
	return code;
}

/* ---- the other commands while a try is pending ---- */

int engine_try_guard(const char *cmd)
{
	int lock = lock_take(), pid;
	char who[40] = "", num[16] = "REVERTER-PID";

	if (lock >= 0) {
		close(lock);
		return EXIT_OK;
	}
	if (lock != -EWOULDBLOCK)
		return EXIT_OK; /* no lock can be taken: no try can hold one either */
	pid = pending_pid();
	if (pid > 0) {
		snprintf(num, sizeof(num), "%d", pid);
		snprintf(who, sizeof(who), " (reverter pid %d)", pid);
	}
	log_err("%s: a try is pending%s, and its revert would undo this %s: keep the tried file "
	        "with `earlynet confirm` or revert it now with `kill %s`, then run %s again; "
	        "nothing was changed", cmd, who, cmd, num, cmd);
	return EXIT_CONFIG;
}

/* ---- confirm ---- */

int engine_confirm(void)
{
	int lock = lock_take(), pid = pending_pid(), pfd;
	struct state_summary s;
	double t0 = now_ms(), next = t0 + 1000;

	if (lock >= 0 || pid <= 0) {
		log_err("confirm: no try is pending");
		if (lock >= 0)
			close(lock);
		return EXIT_CONFIG;
	}
	pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd < 0 || kill(pid, SIGUSR1) < 0) {
		log_err("confirm: no try is pending (reverter %d: %s)", pid, strerror(errno));
		if (pfd >= 0)
			close(pfd);
		return EXIT_CONFIG;
	}
	/* the reverter installs the file and exits */
	for (;;) {
		struct pollfd p = { .fd = pfd, .events = POLLIN };
		int r = poll(&p, 1, 1000);

		if (r > 0)
			break;
		if (now_ms() - t0 > CONFIRM_WAIT_S * 1000.0) {
			log_err("confirm: the try (pid %d) did not finish within %d s", pid,
			        CONFIRM_WAIT_S);
			close(pfd);
			return EXIT_FAILED;
		}
		if (now_ms() >= next) {
			log_progress("confirm: waiting for the try (pid %d) to finish (%d s)", pid,
			             (int)((now_ms() - t0) / 1000));
			next += 1000;
		}
	}
	close(pfd);
	if (state_read(NULL, &s) == 0 && !strcmp(s.command, "try") &&
	    !strcmp(s.result, "confirmed")) {
		log_info("confirm: confirmed; %s is the config file now", s.config_path);
		return EXIT_OK;
	}
	log_err("confirm: too late, the try was not kept: %s",
	        state_read(NULL, &s) == 0 ? s.reason : "see earlynet status");
	return EXIT_CONFIG;
}
