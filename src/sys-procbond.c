/* sys-procbond.c - read /proc/net/bonding/NAME for every 802.3ad bond
 *
 * /proc/net follows the reader's network namespace, so this sees the bonds
 * of the namespace we run in. The parsing is procbond.c (pure). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "procbond.h"
#include "sys.h"

static int read_one(struct kstate *k, const struct ks_link *b)
{
	char path[64 + EN_NAME_MAX], buf[16384];
	struct procbond *pb;
	size_t len = 0;
	ssize_t n;
	int fd, ret;

	snprintf(path, sizeof(path), "/proc/net/bonding/%s", b->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A proc file is produced as it is read: read until EOF. */
	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			close(fd);
			return ret;
		}
		len += (size_t)n;
	}
	close(fd);
	pb = malloc(sizeof(*pb));
	if (!pb)
		return -ENOMEM;
	ret = procbond_parse(buf, len, pb);
	if (ret == 0)
		procbond_merge(k, b, pb);
	free(pb);
	return ret;
}

int sys_read_procbond(struct kstate *k)
{
	int first = 0;

	for (int i = 0; i < k->n_links; i++) {
		const struct ks_link *l = &k->links[i];
		int ret;

		if (l->kind != KS_KIND_BOND || l->bond.mode != BOND_MODE_8023AD)
			continue;
		ret = read_one(k, l);
		if (ret < 0 && !first)
			first = ret;
	}
	return first;
}
