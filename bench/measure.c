/* measure.c - run one command, print its wall time, CPU time and peak RSS
 *
 *   measure CMD [ARGS...]   prints "rc wall_ms user_ms sys_ms maxrss_kib"
 *
 * The numbers are the child's own plus those of every descendant it
 * waited for (wait4's rusage). Linux carries a process's peak RSS across
 * exec, and a forked child starts with its parent's pages mapped, so the
 * parent must be small: this is built static and forks the command
 * directly, where a python3 or a dynamic /usr/bin/time parent would add
 * its own megabytes to every measured peak.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double t0;
	int status, rc;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: measure CMD [ARGS...]\n");
		return 2;
	}
	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%d %.3f %.3f %.3f %ld\n", rc, now_ms() - t0, tv_ms(ru.ru_utime),
	       tv_ms(ru.ru_stime), ru.ru_maxrss);
	return 0;
}
