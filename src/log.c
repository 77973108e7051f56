/* log.c - messages to stderr and, at boot, to the kernel log */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"

#define LOG_LINE_MAX 1024

static int log_verbosity;
static int kmsg_fd = -1;
static bool stderr_tty;
static bool progress_open;     /* a rewritten progress line awaits its "\n" */

void log_init(int verbosity, bool kmsg)
{
	log_verbosity = verbosity;
	stderr_tty = isatty(STDERR_FILENO) == 1;
	if (kmsg && kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
	else if (!kmsg && kmsg_fd >= 0) {
		close(kmsg_fd);
		kmsg_fd = -1;
	}
}

void log_set_kmsg(bool kmsg)
{
	log_init(log_verbosity, kmsg);
}

bool log_want_kmsg(void)
{
	const char *env = getenv("EARLYNET_INITRAMFS");
	bool boot = access("/etc/initrd-release", F_OK) == 0 || getpid() == 1 ||
		    (env && strcmp(env, "1") == 0);

	if (!boot && isatty(STDERR_FILENO) == 1)
		return false;
	return access("/dev/kmsg", W_OK) == 0;
}

static const char *level_prefix(enum log_level lvl)
{
	switch (lvl) {
	case LOG_LEVEL_ERR:
		return "error: ";
	case LOG_LEVEL_WARN:
		return "warning: ";
	case LOG_LEVEL_INFO:
	case LOG_LEVEL_DEBUG:
		break;
	}
	return "";
}

static int kmsg_priority(enum log_level lvl)
{
	switch (lvl) {
	case LOG_LEVEL_ERR:
		return 3;
	case LOG_LEVEL_WARN:
		return 4;
	case LOG_LEVEL_INFO:
		break;
	case LOG_LEVEL_DEBUG:
		return 7;
	}
	return 6;
}

static bool level_shown(enum log_level lvl)
{
	if (lvl == LOG_LEVEL_DEBUG)
		return log_verbosity >= 1;
	if (lvl == LOG_LEVEL_INFO)
		return log_verbosity >= 0;
	return true;
}

/* One write(2) per line: the console is shared with the kernel and other
 * programs, and a line split over several writes can be interleaved. */
static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Format "earlynet: PREFIXmessage" into buf after `lead` bytes already
 * there; a message too long for the buffer is cut and marked with "...". */
__attribute__((format(printf, 5, 0)))
static size_t format_line(char *buf, size_t size, size_t lead, const char *prefix,
			  const char *fmt, va_list ap)
{
	int n = snprintf(buf + lead, size - lead, "earlynet: %s", prefix);
	size_t len = lead + (n > 0 ? (size_t)n : 0);
	int m = vsnprintf(buf + len, size - len, fmt, ap);

	if (m < 0)
		m = 0;
	if ((size_t)m >= size - len) {
		len = size - 1;
		memcpy(buf + len - 3, "...", 3);
	} else {
		len += (size_t)m;
	}
	/* A message that ends in a newline of its own gets no second one. */
	while (len > lead && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return len;
}

static void emit_kmsg(enum log_level lvl, const char *line)
{
	char buf[LOG_LINE_MAX + 8];
	int n;

	if (kmsg_fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "<%d>%s", kmsg_priority(lvl), line);
	if (n > 0)
		write_all(kmsg_fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

__attribute__((format(printf, 2, 0)))
static void vlog(enum log_level lvl, const char *fmt, va_list ap)
{
	/* room for "\n" closing a progress line, the text and our "\n" */
	char buf[LOG_LINE_MAX + 2];
	size_t lead = 0, len;

	if (progress_open) {
		buf[lead++] = '\n';
		progress_open = false;
	}
	len = format_line(buf, sizeof(buf) - 1, lead, level_prefix(lvl), fmt, ap);
	emit_kmsg(lvl, buf + lead);
	buf[len++] = '\n';
	write_all(STDERR_FILENO, buf, len);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	int saved = errno;      /* callers may use %m and go on using errno */
	va_list ap;

	if (!level_shown(lvl))
		return;
	va_start(ap, fmt);
	errno = saved;
	vlog(lvl, fmt, ap);
	va_end(ap);
	errno = saved;
}

void log_progress(const char *fmt, ...)
{
	int saved = errno;
	char buf[LOG_LINE_MAX + 8];
	size_t len;
	va_list ap;

	if (!level_shown(LOG_LEVEL_INFO))
		return;
	va_start(ap, fmt);
	errno = saved;
	if (!stderr_tty) {
		vlog(LOG_LEVEL_INFO, fmt, ap);
	} else {
		/* "\r" + text + "\033[K": rewrite the line, clear what is left
		 * of a longer previous one. Not sent to the kernel log: once a
		 * second would flood it; the outcome is logged anyway. */
		buf[0] = '\r';
		len = format_line(buf, sizeof(buf) - 4, 1, "", fmt, ap);
		memcpy(buf + len, "\033[K", 3);
		write_all(STDERR_FILENO, buf, len + 3);
		progress_open = true;
	}
	va_end(ap);
	errno = saved;
}
