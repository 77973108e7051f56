/* sys-udev.c - wait until udev has initialized a NIC (compiled out without udev) */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>
#include <sys/stat.h>
#include "sys.h"

#if HAVE_UDEV
#include <libudev.h>

/* A process in a network namespace of its own sees links udev never
 * hears about: waiting for udev there would only time out. */
static bool in_initial_netns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self) < 0 || stat("/proc/1/ns/net", &init) < 0)
		return true; /* cannot tell (no /proc): assume the plain case */
	return self.st_dev == init.st_dev && self.st_ino == init.st_ino;
}

bool sys_udev_running(void)
{
	return access("/run/udev/control", F_OK) == 0 && in_initial_netns();
}

static bool initialized(struct udev *u, const char *ifname)
{
	struct udev_device *d = udev_device_new_from_subsystem_sysname(u, "net", ifname);
	bool ok = d && udev_device_get_is_initialized(d) > 0;

	udev_device_unref(d);
	return ok;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sys_udev_wait(const char *ifname, int timeout_ms)
{
	struct udev *u;
	struct udev_monitor *mon = NULL;
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int r;

	if (!sys_udev_running())
		return 0;
	u = udev_new();
	if (!u)
		return -ENOMEM;
	/* Subscribe before the first look, so an event between the two is
	 * not lost. */
	mon = udev_monitor_new_from_netlink(u, "udev");
	if (mon && (udev_monitor_filter_add_match_subsystem_devtype(mon, "net", NULL) < 0 ||
		    udev_monitor_enable_receiving(mon) < 0)) {
		udev_monitor_unref(mon);
		mon = NULL;
	}
	for (;;) {
		struct pollfd p;
		long long left;

		if (initialized(u, ifname)) {
			r = 0;
			break;
		}
		left = deadline - now_ms();
		if (left <= 0) {
			r = -ETIMEDOUT;
			break;
		}
		/* Without a monitor, look again every 100 ms. */
		p.fd = mon ? udev_monitor_get_fd(mon) : -1;
		p.events = POLLIN;
		r = poll(&p, 1, mon ? (int)left : (int)(left < 100 ? left : 100));
		if (r < 0) {
			r = -errno; /* -EINTR: a signal (SIGTERM) ends the wait */
			break;
		}
		if (r > 0 && mon) {
			struct udev_device *d;

			/* Drain; whatever it was, look at our device again. */
			while ((d = udev_monitor_receive_device(mon)))
				udev_device_unref(d);
		}
	}
	udev_monitor_unref(mon);
	udev_unref(u);
	return r;
}

#else

bool sys_udev_running(void)
{
	return false;
}

int sys_udev_wait(const char *ifname, int timeout_ms)
{
	(void)ifname;
	(void)timeout_ms;
	return 0;
}

#endif
