/* log.h - messages to stderr and, at boot, to the kernel log */
#ifndef EARLYNET_LOG_H
#define EARLYNET_LOG_H

#include <stdbool.h>

enum log_level { LOG_LEVEL_ERR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* verbosity: -1 quiet (errors and warnings), 0 normal, 1 debug.
 * kmsg: also write to /dev/kmsg ("earlynet: ..."). */
void log_init(int verbosity, bool kmsg);
/* The kernel log on or off from here on (verbosity as it is). */
void log_set_kmsg(bool kmsg);
void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A progress line (waits): on a terminal it is one line, rewritten. */
void log_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Should the kernel log get our lines too? Yes in an initramfs
 * (/etc/initrd-release, PID 1, or EARLYNET_INITRAMFS=1) or when stderr is
 * not a terminal, and only when /dev/kmsg is writable. */
bool log_want_kmsg(void);

#define log_err(...)   log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
