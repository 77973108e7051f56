/* sys-nl.c - the rtnetlink sockets: request/ack funnel, dumps, events */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include "sys.h"
#include "sys-nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

struct sys_stats sys_stats;
bool sys_nl_strict;

static struct nl_sock *sk;          /* requests and dumps */
static struct nl_sock *ev;          /* multicast notifications */
static int last_errno;              /* the kernel's own errno of the last NLMSG_ERROR */
static char last_msg[256];          /* and its extended-ack text */

const char *sys_last_error_msg(void)
{
	return last_msg;
}

int sys_nl_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case 0:                     return 0;
	case NLE_INTR:              return -EINTR;
	case NLE_BAD_SOCK:          return -EBADF;
	case NLE_AGAIN:             return -EAGAIN;
	case NLE_NOMEM:             return -ENOMEM;
	case NLE_EXIST:             return -EEXIST;
	case NLE_INVAL:             return -EINVAL;
	case NLE_RANGE:             return -ERANGE;
	case NLE_MSGSIZE:           return -EMSGSIZE;
	case NLE_OPNOTSUPP:         return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:      return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:      return -ENOENT;
	case NLE_NOATTR:            return -ENODATA;
	case NLE_MISSING_ATTR:      return -EINVAL;
	case NLE_AF_MISMATCH:       return -EAFNOSUPPORT;
	case NLE_SEQ_MISMATCH:      return -EPROTO;
	case NLE_MSG_OVERFLOW:      return -EOVERFLOW;
	case NLE_MSG_TRUNC:         return -EMSGSIZE;
	case NLE_NOADDR:            return -EADDRNOTAVAIL;
	case NLE_SRCRT_NOSUPPORT:   return -EOPNOTSUPP;
	case NLE_MSG_TOOSHORT:      return -EBADMSG;
	case NLE_MSGTYPE_NOSUPPORT: return -EOPNOTSUPP;
	case NLE_OBJ_MISMATCH:      return -EINVAL;
	case NLE_NOCACHE:           return -EINVAL;
	case NLE_BUSY:              return -EBUSY;
	case NLE_PROTO_MISMATCH:    return -EPROTONOSUPPORT;
	case NLE_NOACCESS:          return -EACCES;
	case NLE_PERM:              return -EPERM;
	case NLE_PKTLOC_FILE:       return -ENOENT;
	case NLE_PARSE_ERR:         return -EBADMSG;
	case NLE_NODEV:             return -ENODEV;
	case NLE_IMMUTABLE:         return -EPERM;
	case NLE_DUMP_INTR:         return -EAGAIN;
	case NLE_ATTRSIZE:          return -ERANGE;
	default:                    return -EIO;
	}
}

/* libnl maps the kernel's errno to its own, coarser codes (ENODEV and
 * ENOENT both become NLE_OBJ_NOTFOUND): keep the original, and the
 * extended-ack message that follows the echoed request. */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e), total;

	(void)who;
	(void)arg;
	last_errno = -e->error;
	last_msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLA_ALIGN(off);
	total = nlh->nlmsg_len - NLMSG_HDRLEN;
	if (off >= total)
		return NL_STOP;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off),
		      (int)(total - off), NULL) < 0)
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(last_msg, tb[NLMSGERR_ATTR_MSG], sizeof(last_msg));
	return NL_STOP;
}

int sys_open(void)
{
	int one = 1, r;

	if (sk)
		return 0;
	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	r = nl_connect(sk, NETLINK_ROUTE);
	if (r < 0) {
		nl_socket_free(sk);
		sk = NULL;
		return sys_nl_errno(r);
	}
	/* Dumps come in pieces the size of our buffer, up to 32 KiB, and
	 * some (the bridge ports') start over their walk of every device at
	 * each piece: a page at a time is quadratic at thousands of devices.
	 * A message bigger than the buffer (many VFs) is still read whole,
	 * peeked at first. */
	(void)nl_socket_set_msg_buf_size(sk, 32768);
	nl_socket_enable_msg_peek(sk);
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, NULL);
	/* Nice to have: kernels before 4.12 lack them, and that is fine. */
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
			 &one, sizeof(one));
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
			 &one, sizeof(one));
	/* Linux 4.20 and later: dumps honour the filters in their headers
	 * (the route dump asks for the main table only). */
	sys_nl_strict = setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
				   NETLINK_GET_STRICT_CHK, &one, sizeof(one)) == 0;
	return 0;
}

void sys_close(void)
{
	if (sk)
		nl_socket_free(sk);
	sk = NULL;
}

struct nl_msg *sys_nl_msg(int type, int flags, const void *hdr, size_t len)
{
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags);

	if (msg && nlmsg_append(msg, (void *)hdr, len, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* A failure of our own (a callback's error, a sequence mismatch) can leave
 * the rest of an answer queued, where it would be taken for the answer to
 * the next request: start the next one on a fresh socket. */
static void reset_on_local_error(int r)
{
	if (r < 0 && !last_errno)
		sys_close();
}

int sys_nl_request(struct nl_msg *msg)
{
	int r;

	if (!msg)
		return -ENOMEM;
	r = sys_open();
	if (r < 0)
		goto out;
	last_errno = 0;
	last_msg[0] = '\0';
	sys_stats.requests++;
	r = nl_send_auto(sk, msg);
	if (r < 0) {
		r = sys_nl_errno(r);
		goto out;
	}
	r = nl_wait_for_ack(sk);
	if (r < 0)
		r = last_errno ? -last_errno : sys_nl_errno(r);
	reset_on_local_error(r);
out:
	nlmsg_free(msg);
	return r;
}

struct dump_ctx {
	sys_nl_fn fn;
	void *arg;
	int err;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *c = arg;
	int r = c->fn(nlmsg_hdr(msg), c->arg);

	if (r < 0) {
		c->err = r;
		return NL_STOP;
	}
	return NL_OK;
}

int sys_nl_dump(int type, int flags, const void *hdr, size_t len,
		sys_nl_fn fn, void *arg)
{
	struct dump_ctx c = { .fn = fn, .arg = arg };
	struct nl_cb *base, *cb;
	int r;

	r = sys_open();
	if (r < 0)
		return r;
	base = nl_socket_get_cb(sk);
	cb = nl_cb_clone(base);
	nl_cb_put(base);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &c);
	last_errno = 0;
	last_msg[0] = '\0';
	sys_stats.dumps++;
	r = nl_send_simple(sk, type, flags, (void *)hdr, (int)len);
	if (r < 0) {
		r = sys_nl_errno(r);
		goto out;
	}
	r = nl_recvmsgs(sk, cb);
	if (r < 0) {
		r = c.err ? c.err : last_errno ? -last_errno : sys_nl_errno(r);
		goto out;
	}
	if (c.err) {
		r = c.err;
		goto out;
	}
	/* A plain get is answered, then acked (libnl asks for acks). */
	if (!(flags & NLM_F_DUMP)) {
		r = nl_wait_for_ack(sk);
		if (r < 0) {
			r = last_errno ? -last_errno : sys_nl_errno(r);
			goto out;
		}
	}
	r = 0;
out:
	reset_on_local_error(r);
	nl_cb_put(cb);
	return r;
}

/* The notifications of one apply at thousands of interfaces (renames,
 * ports, addresses, IPv6 routes: a dozen messages per device) overrun
 * 1 MiB, and every overrun costs a full read of the state. As root the
 * limit of net.core.rmem_max does not apply; the kernel charges only what
 * is queued. */
#define EVENTS_RCVBUF (64 << 20)

static bool force_rcvbuf(int fd, int bytes)
{
	return setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) == 0;
}

int sys_events_open(void)
{
	int r;

	if (ev)
		return nl_socket_get_fd(ev);
	ev = nl_socket_alloc();
	if (!ev)
		return -ENOMEM;
	nl_socket_disable_seq_check(ev);
	r = nl_connect(ev, NETLINK_ROUTE);
	if (r < 0)
		goto fail;
	r = nl_socket_add_memberships(ev, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
				      RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE,
				      RTNLGRP_IPV6_ROUTE, 0);
	if (r < 0)
		goto fail;
	r = nl_socket_set_nonblocking(ev);
	if (r < 0)
		goto fail;
	/* A burst at boot (many NICs, bond state) must not overrun us; when
	 * it does anyway, the drain says so and the caller re-reads. */
	if (!force_rcvbuf(nl_socket_get_fd(ev), EVENTS_RCVBUF))
		(void)nl_socket_set_buffer_size(ev, 1 << 20, 0);
	return nl_socket_get_fd(ev);
fail:
	nl_socket_free(ev);
	ev = NULL;
	return sys_nl_errno(r);
}

int sys_nl_events(sys_nl_fn fn, void *arg)
{
	static char buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
	bool overrun = false;
	int err = 0;

	if (!ev)
		return -EBADF;
	for (;;) {
		ssize_t n = recv(nl_socket_get_fd(ev), buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				overrun = true;
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -errno;
		}
		if (n == 0)
			break;
		/* after an error the rest is read all the same: it is stale */
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
			if (!err && !overrun)
				err = fn(h, arg);
	}
	return overrun ? -ENOBUFS : err < 0 ? err : 0;
}

static int count_links(struct nlmsghdr *h, void *arg)
{
	if (h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK)
		++*(int *)arg;
	return 0;
}

int sys_events_drain(void)
{
	int links = 0, r = sys_nl_events(count_links, &links);

	if (r == -ENOBUFS)
		return links ? links : 1;
	return r < 0 ? r : links;
}

void sys_events_close(void)
{
	if (ev)
		nl_socket_free(ev);
	ev = NULL;
}
