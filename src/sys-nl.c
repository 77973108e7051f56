/* sys-nl.c - the rtnetlink sockets: request/ack funnel, dumps, events */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

/* The extended-ack text of the NLMSG_ERROR h (len bytes of it read) into
 * out, "" when there is none. */
static void ack_text(const struct nlmsghdr *h, size_t len, char *out, size_t size)
{
	const struct nlmsgerr *e = nlmsg_data(h);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	out[0] = '\0';
	if (len > h->nlmsg_len)
		len = h->nlmsg_len;
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || len < off)
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLA_ALIGN(off);
	if (off >= len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)h + off),
		      (int)(len - off), NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(out, tb[NLMSGERR_ATTR_MSG], size);
}

/* libnl maps the kernel's errno to its own, coarser codes (ENODEV and
 * ENOENT both become NLE_OBJ_NOTFOUND): keep the original, and the
 * extended-ack message that follows the echoed request. */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e - NLMSG_HDRLEN);

	(void)who;
	(void)arg;
	last_errno = -e->error;
	ack_text(nlh, nlh->nlmsg_len, last_msg, sizeof(last_msg));
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

static void close_dump_socket(void)
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
		close_dump_socket();
}

/*
 * Change requests go out on a socket of our own, several to a sendmsg,
 * and their acks are read together (recvmmsg); libnl's sends one and reads
 * one answer per call. The kernel handles the messages of one sendmsg in
 * order, acks each, and goes on after a failure, as it would one at a
 * time: a batch does what the same requests one by one would do.
 *
 * A chunk is what one sendmsg carries: at most CHUNK_BYTES (the kernel
 * takes up to its send buffer) and CHUNK_MSGS requests, whose acks must
 * all fit in our receive buffer until we read them.
 */
#define CHUNK_BYTES (32 << 10)
#define CHUNK_MSGS 64
#define ACK_MAX 1024                /* an ack: header, errno, the kernel's words */

struct result {
	int err;                    /* -errno; -ENOBUFS until its ack is read */
	int ifindex;                /* a get's answer */
	char *msg;                  /* the kernel's words, when it had any */
};

static int rq = -1;                 /* the request socket */
static uint32_t rq_seq;             /* sequence number of the last request */
static bool batching;
static struct {
	char buf[CHUNK_BYTES] __attribute__((aligned(NLMSG_ALIGNTO)));
	size_t len;
	unsigned n;                 /* requests in buf */
} chunk;
static struct result *res;          /* every request since the batch began */
static unsigned n_res, cap_res;
static uint32_t res_seq;            /* sequence number of res[0] */

static int rq_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, size = 1 << 20;

	if (rq >= 0)
		return 0;
	rq = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (rq < 0)
		return -errno;
	if (bind(rq, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(rq);
		rq = -1;
		return e;
	}
	(void)setsockopt(rq, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(rq, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(rq, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		(void)setsockopt(rq, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

static void forget_results(void)
{
	for (unsigned i = 0; i < n_res; i++)
		free(res[i].msg);
	n_res = 0;
}

/* One answer (len bytes of it read): a get's link (only its ifindex is
 * wanted), or an ack, the result of the request. True for an ack of one
 * of the chunk's (sequence numbers first, first + n - 1). */
static bool on_ack(const struct nlmsghdr *h, size_t len, uint32_t first, unsigned n)
{
	char text[sizeof(last_msg)];
	struct result *x;
	uint32_t i = h->nlmsg_seq - res_seq;

	if (i >= n_res)
		return false;
	x = &res[i];
	if (h->nlmsg_type == RTM_NEWLINK && len >= NLMSG_HDRLEN + sizeof(struct ifinfomsg)) {
		x->ifindex = ((const struct ifinfomsg *)nlmsg_data(h))->ifi_index;
		return false;
	}
	if (h->nlmsg_type != NLMSG_ERROR || len < NLMSG_HDRLEN + sizeof(int))
		return false;
	x->err = ((const struct nlmsgerr *)nlmsg_data(h))->error;
	free(x->msg);
	x->msg = NULL;
	ack_text(h, len, text, sizeof(text));
	if (text[0])
		x->msg = strdup(text);
	return h->nlmsg_seq - first < n;
}

/* Read acks until each of the n requests sent from sequence number first
 * has one; a lost one (the socket overran) stays -ENOBUFS. */
static void read_acks(uint32_t first, unsigned n_sent)
{
	unsigned want = n_sent;
	static char bufs[CHUNK_MSGS][ACK_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct mmsghdr mm[CHUNK_MSGS];
	struct iovec iov[CHUNK_MSGS];
	int flags = MSG_WAITFORONE;

	while (want) {
		int n;

		for (unsigned i = 0; i < CHUNK_MSGS; i++) {
			iov[i] = (struct iovec){ bufs[i], ACK_MAX };
			mm[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i], .msg_iovlen = 1 } };
		}
		n = recvmmsg(rq, mm, CHUNK_MSGS, flags, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* some are lost: read what is there, no more */
				flags = MSG_DONTWAIT;
				continue;
			}
			return;
		}
		for (int i = 0; i < n; i++) {
			const struct nlmsghdr *h = (const void *)bufs[i];
			size_t len = mm[i].msg_len;

			for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
				if (on_ack(h, len, first, n_sent) && want)
					want--;
			/* cut short (a get's link; an old kernel's ack echoes
			 * the whole request): what we need is at its start */
			if ((mm[i].msg_hdr.msg_flags & MSG_TRUNC) && len >= NLMSG_HDRLEN &&
			    on_ack(h, len, first, n_sent) && want)
				want--;
		}
	}
}

/* Send the chunk and read its acks. */
static void flush(void)
{
	ssize_t n;

	if (!chunk.n)
		return;
	do
		n = send(rq, chunk.buf, chunk.len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = -errno;

		for (unsigned i = n_res - chunk.n; i < n_res; i++)
			res[i].err = e;
	} else {
		read_acks(res_seq + n_res - chunk.n, chunk.n);
	}
	chunk.len = 0;
	chunk.n = 0;
}

/* Queue msg (freed) at the end of the chunk, sending the chunk first when
 * it is full; a change counts in sys_stats.requests. */
static int queue(struct nl_msg *msg, bool change)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	size_t len = NLMSG_ALIGN(h->nlmsg_len);
	int r = 0;

	if (len > CHUNK_BYTES) {
		r = -EMSGSIZE;
		goto out;
	}
	if (n_res == cap_res) {
		unsigned cap = cap_res ? 2 * cap_res : 64;
		struct result *p = realloc(res, cap * sizeof(*p));

		if (!p) {
			r = -ENOMEM;
			goto out;
		}
		res = p;
		cap_res = cap;
	}
	if (chunk.len + len > CHUNK_BYTES || chunk.n == CHUNK_MSGS)
		flush();
	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = ++rq_seq;
	h->nlmsg_pid = 0;
	if (!n_res)
		res_seq = rq_seq;
	res[n_res++] = (struct result){ -ENOBUFS, 0, NULL };
	memcpy(chunk.buf + chunk.len, h, h->nlmsg_len);
	memset(chunk.buf + chunk.len + h->nlmsg_len, 0, len - h->nlmsg_len);
	chunk.len += len;
	chunk.n++;
	if (change)
		sys_stats.requests++;
out:
	nlmsg_free(msg);
	return r;
}

/* Queue msgs (freed, NULL ones too), then, out of a batch, send them
 * and return their result. */
static int request(struct nl_msg *change, struct nl_msg *get)
{
	unsigned from;
	int r;

	if (!change) {
		nlmsg_free(get);
		return -ENOMEM;
	}
	r = rq_open();
	if (r < 0) {
		nlmsg_free(change);
		nlmsg_free(get);
		return r;
	}
	if (!batching) {
		forget_results();
		last_errno = 0;
		last_msg[0] = '\0';
	}
	from = n_res;
	r = queue(change, true);
	if (r < 0) {
		nlmsg_free(get);
		return r;
	}
	if (get && (r = queue(get, false)) < 0)
		return r;
	if (batching)
		return 0;
	flush();
	return sys_batch_result(from, n_res, NULL);
}

int sys_nl_request(struct nl_msg *msg)
{
	return request(msg, NULL);
}

#ifndef RTEXT_FILTER_SKIP_STATS
#define RTEXT_FILTER_SKIP_STATS (1 << 3)
#endif

/* A get of the link name, without its statistics. */
static struct nl_msg *get_link_msg(const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = sys_nl_msg(RTM_GETLINK, 0, &ifi, sizeof(ifi));

	if (msg && (nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
		    nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int sys_nl_create(struct nl_msg *msg, const char *name)
{
	struct nl_msg *get = msg ? get_link_msg(name) : NULL;

	if (msg && !get) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return request(msg, get);
}

void sys_batch_begin(void)
{
	flush();
	forget_results();
	batching = true;
}

unsigned sys_batch_mark(void)
{
	return n_res;
}

void sys_batch_end(void)
{
	flush();
	batching = false;
}

int sys_batch_result(unsigned from, unsigned to, const char **msg)
{
	int ifindex = 0;

	for (unsigned i = from; i < to && i < n_res; i++) {
		if (res[i].ifindex > 0)
			ifindex = res[i].ifindex;
		if (!res[i].err)
			continue;
		last_errno = -res[i].err;
		snprintf(last_msg, sizeof(last_msg), "%s", res[i].msg ? res[i].msg : "");
		if (msg)
			*msg = last_msg;
		return res[i].err;
	}
	if (msg)
		*msg = "";
	return ifindex;
}

void sys_close(void)
{
	flush();
	batching = false;
	forget_results();
	free(res);
	res = NULL;
	cap_res = 0;
	if (rq >= 0)
		close(rq);
	rq = -1;
	close_dump_socket();
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

	flush();        /* what was asked before is done before we look */
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
