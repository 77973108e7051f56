/* apply.c - carry out planned operations, one sys_*() call each */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "log.h"
#include "sys.h"
#include "wait.h"

/* Why an operation failed, in words that say what to do when we know. */
static const char *hint(const struct op *op, int err)
{
	switch (op->kind) {
	case OP_RENAME:
		if (err == -EBUSY)
			return "the NIC is up: bring it down, or run `earlynet down` first";
		if (err == -EEXIST)
			return "another device holds that name: see `earlynet plan`";
		break;
	case OP_BOND_ADD:
	case OP_BOND_SET:
		if (err == -EOPNOTSUPP || err == -EINVAL)
			return "is the bonding module loaded? modprobe bonding";
		break;
	case OP_VLAN_ADD:
		if (err == -EOPNOTSUPP)
			return "is the 8021q module loaded? modprobe 8021q";
		break;
	case OP_ENSLAVE:
		if (err == -EBUSY)
			return "the port belongs to another master: `earlynet down`, then `up`";
		break;
	case OP_ROUTE_ADD:
		if (err == -EEXIST && op->dst.prefix)
			return "a route to that destination exists already: see `ip route`";
		if (err == -EEXIST)
			return "another default route exists: remove it with `ip route del default`";
		break;
	default:
		break;
	}
	return "";
}

/*
 * Devices this plan creates have placeholder ifindexes (-1, -2, ...) in the
 * plan; real[-placeholder] is what the kernel gave them, 0 until then.
 */
struct devices {
	int *real;
	int n;
	/* The name each renamed device has now: the new one, or the old one
	 * when its rename failed. Offloads and rings are set by name (the
	 * ethtool ioctl takes one), and must reach the device the plan meant
	 * even then, not whatever holds the name it was to take. */
	struct { int ifindex; char name[EN_NAME_MAX]; } *names;
	int n_names, cap_names;
};

static void renamed(struct devices *dv, int ifindex, const char *name)
{
	int i;

	for (i = 0; i < dv->n_names && dv->names[i].ifindex != ifindex; i++)
		;
	if (i == dv->n_names) {
		if (!dv->names || dv->n_names >= dv->cap_names)
			return;
		dv->n_names++;
	}
	dv->names[i].ifindex = ifindex;
	snprintf(dv->names[i].name, sizeof(dv->names[i].name), "%s", name);
}

/* The name of device ifindex now, as far as this plan's renames went. */
static const char *name_now(const struct devices *dv, const struct op *op)
{
	for (int i = 0; i < dv->n_names; i++)
		if (dv->names[i].ifindex == op->ifindex)
			return dv->names[i].name;
	return op->name;
}

/* The kernel's ifindex for a plan's ifindex; 0 for a device not created. */
static int resolve(const struct devices *dv, int ifindex)
{
	if (ifindex >= 0)
		return ifindex;
	return -ifindex < dv->n ? dv->real[-ifindex] : 0;
}

/* run_op(): the operation needs a device this plan was to create and did
 * not (the failure of that creation was reported). Not an errno, and not
 * an ifindex. */
#define NOT_CREATED INT_MIN

static bool creates(const struct op *op)
{
	return op->kind == OP_BOND_ADD || op->kind == OP_BRIDGE_ADD || op->kind == OP_VLAN_ADD;
}

/* A creation's answer, ret: the new device's ifindex, learned once. */
static int created(struct devices *dv, const struct op *op, int ret)
{
	if (ret == -EEXIST && op->kind == OP_BOND_ADD) {
		/* The first bond request loads the bonding module, which
		 * makes a bond0 of its own (balance-rr, down, no ports)
		 * before our request lands. It is as good as new: take it
		 * over. The name is unambiguous, the kernel just made it. */
		int ifindex = sys_ifindex(op->name);

		if (ifindex < 0)
			return ret;
		if (-op->ifindex < dv->n)
			dv->real[-op->ifindex] = ifindex;
		return sys_bond_set(ifindex, &op->bond, op->fields);
	}
	if (ret <= 0)
		return ret;
	if (op->ifindex < 0 && -op->ifindex < dv->n)
		dv->real[-op->ifindex] = ret;
	return 0;
}

static int run_op(struct devices *dv, const struct op *op)
{
	int ifindex = resolve(dv, op->ifindex), other = resolve(dv, op->other);

	/* an add: the new device's ifindex, or 0 when queued in a batch */
	switch (op->kind) {
	case OP_BOND_ADD:
		return sys_bond_add(op->name, &op->bond, op->fields);
	case OP_BRIDGE_ADD:
		return sys_bridge_add(op->name, &op->bridge, op->fields);
	case OP_VLAN_ADD:
		if (!other)
			return NOT_CREATED;
		return sys_vlan_add(op->name, other, (uint16_t)op->ival);
	default:
		break;
	}

	/* A device this plan was to create and did not. */
	if (!ifindex || (op->other < 0 && !other))
		return NOT_CREATED;

	switch (op->kind) {
	case OP_RENAME:
		return sys_link_rename(ifindex, op->arg);
	case OP_ALTNAME_DEL:
		return sys_link_altname_del(ifindex, op->arg);
	case OP_LINK_DOWN:
		return sys_link_set_up(ifindex, false);
	case OP_LINK_UP:
		return sys_link_set_up(ifindex, true);
	case OP_SET_MTU:
		return sys_link_set_mtu(ifindex, op->ival);
	case OP_SET_MAC:
		return sys_link_set_mac(ifindex, op->mac);
	case OP_SET_IPV6:
		return sys_link_set_ipv6_disabled(name_now(dv, op), op->on);
	case OP_SET_FEATURE:
		return sys_feature_set(name_now(dv, op), op->feature, op->on);
	case OP_SET_RINGS:
		return sys_rings_set(name_now(dv, op), op->rx, op->tx);
	case OP_BOND_SET:
		return sys_bond_set(ifindex, &op->bond, op->fields);
	case OP_BRIDGE_SET:
		return sys_bridge_set(ifindex, &op->bridge, op->fields);
	case OP_ENSLAVE:
		return sys_link_set_master(ifindex, other);
	case OP_RELEASE:
		return sys_link_set_master(ifindex, 0);
	case OP_PORT_VIDS:
		return sys_bridge_vids(ifindex, op->vids, false);
	case OP_PORT_VIDS_DEL:
		return sys_bridge_vids(ifindex, op->vids, true);
	case OP_PORT_PVID:
		return sys_bridge_pvid(ifindex, (uint16_t)op->ival);
	case OP_DELETE:
		return sys_link_delete(ifindex);
	case OP_ADDR_ADD:
		return sys_addr_add_peer(ifindex, &op->addr, op->peer.family ? &op->peer : NULL);
	case OP_ADDR_DEL:
		return sys_addr_del(ifindex, &op->addr);
	case OP_ROUTE_ADD:
		if (op->dst.prefix)
			return sys_route_add(ifindex, &op->dst, &op->addr);
		if (op->on)
			return sys_route_replace_default(ifindex, &op->addr);
		return sys_route_add_default(ifindex, &op->addr);
	case OP_ROUTE_DEL:
		return op->dst.prefix ? sys_route_del(ifindex, &op->dst, &op->addr) :
					sys_route_del_default(ifindex, &op->addr);
	case OP_BOND_ADD:
	case OP_BRIDGE_ADD:
	case OP_VLAN_ADD:
		break;
	}
	return -EINVAL;
}

/* The kernel's way of saying it is so already: done. */
static int tolerate(const struct op *op, int ret)
{
	switch (op->kind) {
	case OP_ALTNAME_DEL:
		return ret == -ENOENT ? 0 : ret;
	case OP_SET_IPV6:       /* no IPv6 there: nothing to disable */
		return ret == -ENOENT ? 0 : ret;
	case OP_ADDR_ADD:
		return ret == -EEXIST ? 0 : ret;
	case OP_ADDR_DEL:
		return ret == -EADDRNOTAVAIL ? 0 : ret;
	case OP_ROUTE_DEL:
		return ret == -ESRCH ? 0 : ret;
	default:
		return ret;
	}
}

/* Netlink requests go several at once; a creation ends its batch (what
 * follows needs its ifindex). Offloads, rings and sysfs are not netlink. */
static bool batchable(const struct op *op)
{
	switch (op->kind) {
	case OP_SET_IPV6:
	case OP_SET_FEATURE:
	case OP_SET_RINGS:
		return false;
	default:
		return true;
	}
}

/* Offloads and rings are best effort: hardware differs, the node must
 * still come up. They are also the only ioctls. */
static bool is_optional(const struct op *op)
{
	return op->kind == OP_SET_FEATURE || op->kind == OP_SET_RINGS;
}

static bool is_ioctl(const struct op *op)
{
	return is_optional(op);
}

/* Operations in one batch at most: what their log lines wait for. */
#define BATCH_OPS 64

/* Fault injection for the interruption tests, in test builds only
 * (-DEARLYNET_TESTING, build/test/earlynet): EARLYNET_TEST_KILL_AFTER=N
 * kills us with SIGKILL right after the N-th operation of this process,
 * and operations go one at a time, so that none after it has been sent.
 * The product has no such switch: a stray variable cannot kill `up`. */
#ifdef EARLYNET_TESTING
static long kill_after = -1;

static int batch_ops(void)
{
	if (kill_after < 0) {
		const char *e = getenv("EARLYNET_TEST_KILL_AFTER");

		kill_after = e ? strtol(e, NULL, 10) : 0;
	}
	return kill_after > 0 ? 1 : BATCH_OPS;
}

static void maybe_die(void)
{
	static long count;

	if (batch_ops() == 1 && ++count == kill_after)
		raise(SIGKILL);
}
#else
static int batch_ops(void)
{
	return BATCH_OPS;
}

static void maybe_die(void)
{
}
#endif

/* An operation's outcome, counted and, when it failed, said once: what,
 * why, the kernel's own words, what to do. */
static void report(const struct config *c, const struct op *op, int ret,
		   const char *kmsg, struct apply_result *r)
{
	char what[200];
	const char *advice;

	maybe_die();
	ret = tolerate(op, ret);
	if (!ret) {
		r->done++;
		return;
	}
	op_describe(c, op, what, sizeof(what));
	if (ret == NOT_CREATED) {
		/* counted as failed, not reported again */
		log_err("%s: skipped, a device it needs was not created", what);
		r->failed++;
		if (op->mgmt)
			r->mgmt_failed = true;
		return;
	}
	if (is_optional(op)) {
		log_warn("%s: %s, ignoring", what, strerror(-ret));
		r->warned++;
		return;
	}
	advice = hint(op, ret);
	log_err("%s: %s%s%s%s%s%s", what, strerror(-ret),
	        kmsg[0] ? " (kernel: " : "", kmsg, kmsg[0] ? ")" : "",
	        advice[0] ? "; " : "", advice);
	if (!r->failed)
		snprintf(r->first_error, sizeof(r->first_error), "%s: %s",
		         what, strerror(-ret));
	r->failed++;
	if (op->mgmt)
		r->mgmt_failed = true;
	if (op->kind == OP_BOND_ADD || op->kind == OP_BOND_SET)
		r->bond_failed = true;
}

/* Operations sent together, waiting for their acks. Renames go in batches
 * of their own, so that their time is known. */
struct batch {
	struct {
		const struct op *op;
		int ret;                /* before sending: could not be made;
		                         * then, its result */
		unsigned from, to;      /* its requests, sys_batch_mark() */
		char kmsg[256];         /* the kernel's words on its failure */
	} ops[BATCH_OPS];
	int n;
	bool renames;
	double t0;
};

static void batch_end(const struct config *c, struct devices *dv, struct batch *b,
		      struct apply_result *r)
{
	if (!b->n)
		return;
	sys_batch_end();
	if (b->renames)
		r->ms_rename += now_ms() - b->t0;
	/* every result first: a bond taken over makes a request of its own */
	for (int i = 0; i < b->n; i++) {
		const char *kmsg = "";

		b->ops[i].kmsg[0] = '\0';
		if (b->ops[i].ret)
			continue;
		b->ops[i].ret = sys_batch_result(b->ops[i].from, b->ops[i].to, &kmsg);
		snprintf(b->ops[i].kmsg, sizeof(b->ops[i].kmsg), "%s", kmsg);
	}
	for (int i = 0; i < b->n; i++) {
		const struct op *op = b->ops[i].op;
		int ret = b->ops[i].ret;

		if (op->kind == OP_RENAME)
			renamed(dv, op->ifindex, ret ? op->name : op->arg);
		if (creates(op) && ret != NOT_CREATED)
			ret = created(dv, op, ret);
		report(c, op, ret, b->ops[i].kmsg, r);
	}
	b->n = 0;
}

static void batch_add(const struct config *c, struct devices *dv, struct batch *b,
		      const struct op *op, struct apply_result *r)
{
	bool rename = op->kind == OP_RENAME;

	if (b->n && b->renames != rename)
		batch_end(c, dv, b, r);
	if (!b->n) {
		sys_batch_begin();
		b->renames = rename;
		b->t0 = now_ms();
	}
	b->ops[b->n].op = op;
	b->ops[b->n].from = sys_batch_mark();
	b->ops[b->n].ret = run_op(dv, op);
	b->ops[b->n].to = sys_batch_mark();
	if (++b->n == batch_ops() || creates(op))
		batch_end(c, dv, b, r);
}

void apply_plan(const struct config *c, const struct plan *p, bool only_mgmt,
                struct apply_result *r)
{
	char what[200];
	struct devices dv = { NULL, 0, NULL, 0, 0 };
	struct batch *b = calloc(1, sizeof(*b));

	for (int i = 0; i < p->n; i++) {
		if (-p->ops[i].ifindex >= dv.n)
			dv.n = -p->ops[i].ifindex + 1;
		if (-p->ops[i].other >= dv.n)
			dv.n = -p->ops[i].other + 1;
	}
	dv.real = calloc((size_t)dv.n + 1, sizeof(*dv.real));
	dv.names = calloc((size_t)p->n + 1, sizeof(*dv.names));
	dv.cap_names = p->n;
	if (!dv.real || !dv.names || !b) {
		free(dv.real);
		free(dv.names);
		free(b);
		snprintf(r->first_error, sizeof(r->first_error), "out of memory");
		r->failed++;
		r->mgmt_failed = true;
		return;
	}
	for (int i = 0; i < p->n; i++) {
		const struct op *op = &p->ops[i];
		int ret;

		if (only_mgmt && !op->mgmt)
			continue;
		/* A signal: the data plane stops here, management goes on
		 * to the end (a plan may mix them: renames of data NICs come
		 * among management's operations). */
		if (!op->mgmt && wait_interrupted()) {
			r->interrupted = true;
			continue;
		}
		op_describe(c, op, what, sizeof(what));
		log_info("%s", what);
		if (batchable(op) && batch_ops() > 1) {
			batch_add(c, &dv, b, op, r);
			continue;
		}
		/* what was sent before is done, and its renames known */
		batch_end(c, &dv, b, r);
		if (op->kind == OP_RENAME) {
			double t = now_ms();

			ret = run_op(&dv, op);
			r->ms_rename += now_ms() - t;
			renamed(&dv, op->ifindex, ret ? op->name : op->arg);
		} else {
			ret = run_op(&dv, op);
		}
		if (creates(op) && ret != NOT_CREATED)
			ret = created(&dv, op, ret);
		report(c, op, ret, is_ioctl(op) || ret >= 0 ? "" : sys_last_error_msg(), r);
	}
	batch_end(c, &dv, b, r);
	free(dv.real);
	free(dv.names);
	free(b);
}
