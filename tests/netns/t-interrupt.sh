# t-interrupt.sh - `up` killed after each of its operations, then `up`
# again: it must converge every time. And SIGTERM while it waits for
# carrier: exit 2, result "interrupted", management up.
# EARLYNET_TEST_KILL_AFTER exists only in the test build (make test-bins).
EARLYNET=${EARLYNET_TESTING_BIN:-$PWD/build/test/earlynet}
. tests/netns/lib.sh
[ -x "$EARLYNET" ] || fail "$EARLYNET is not built (make test-bins)"

# Fresh namespaces for every round: what the killed `up` left behind is
# exactly what the next one must cope with.
fresh() {
	ip netns del "$NODE" 2>/dev/null
	ip netns del "$SW" 2>/dev/null
	rm -f "$EARLYNET_STATE"
	setup_topology
}

result() { grep -o '"result": *"[a-z]*"' "$EARLYNET_STATE" | grep -o '[a-z]*"$' | tr -d '"'; }

write_config

# SIGKILL after operation N, for every N until an `up` does fewer than N.
n=1
while :; do
	fresh
	EARLYNET_TEST_KILL_AFTER=$n en up >"$TMP/kill.log" 2>&1
	rc=$?
	if [ "$rc" = 0 ]; then
		[ "$n" -gt 10 ] || fail "up finished with only $((n - 1)) operations"
		check_node
		break
	fi
	[ "$rc" = 137 ] || { cat "$TMP/kill.log" >&2; fail "up with kill after $n exited $rc, not by SIGKILL"; }
	en up >"$TMP/again.log" 2>&1
	rc=$?
	[ "$rc" = 0 ] || { cat "$TMP/again.log" >&2; fail "up after a kill after op $n exited $rc"; }
	check_node
	expect_eq "result after kill at $n" "$(result)" ok
	n=$((n + 1))
	[ "$n" -lt 200 ] || fail "up never ran out of operations"
done
echo "killed after each of $((n - 1)) operations, converged every time"

# SIGTERM during the carrier wait: spf0's far end is down, so
# require_carrier holds `up` there (carrier_timeout 5).
sigterm_in_wait() {
	# The switch keeps its data gateway's IPv6 address across the cut.
	s sysctl -qw net.ipv6.conf.p-spf0.keep_addr_on_down=1
	s ip link set p-spf0 down
	# No log of an earlier round may satisfy the wait below.
	rm -f "$TMP/term.log"
	# Not through en(): $! must be earlynet itself (ip netns exec execs).
	ip netns exec "$NODE" "$EARLYNET" --state "$EARLYNET_STATE" --cmdline "$EARLYNET_CMDLINE" \
		-c "$TMP/earlynet.ini" up >"$TMP/term.log" 2>&1 &
	pid=$!
	i=0
	until grep -qs 'waiting for carrier' "$TMP/term.log"; do
		kill -0 "$pid" 2>/dev/null || { cat "$TMP/term.log" >&2; fail "$1: up ended before waiting for carrier"; }
		i=$((i + 1))
		[ "$i" -lt 100 ] || fail "$1: up never waited for carrier"
		sleep 0.05
	done
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" = 2 ] || { cat "$TMP/term.log" >&2; fail "$1: SIGTERM in the carrier wait: exit $rc, expected 2"; }
	expect_eq "$1: state result" "$(result)" interrupted
	grep -q 'interrupted' "$TMP/term.log" || fail "$1: no interrupted line in the log"
	has_addr vmbr0 10.16.207.61/24
	n ping -c1 -w10 10.16.207.1 >/dev/null || fail "$1: management gateway does not answer after SIGTERM"
	# Carrier back: the next up finishes the job.
	s ip link set p-spf0 up
	expect_exit 0 en up >/dev/null 2>&1
	check_node
}

# From the fresh topology.
fresh
sigterm_in_wait "fresh"
# From a node that is already complete.
sigterm_in_wait "complete"
# From a node left half done by a SIGKILL after the management ops.
fresh
expect_exit 137 env EARLYNET_TEST_KILL_AFTER=16 ip netns exec "$NODE" "$EARLYNET" \
	--state "$EARLYNET_STATE" --cmdline "$EARLYNET_CMDLINE" -c "$TMP/earlynet.ini" up 2>/dev/null
sigterm_in_wait "after a kill"
echo "SIGTERM in the carrier wait: exit 2, management up, three times"

# SIGTERM while `up` waits for a NIC: "interrupted" (exit 2), never "did
# not appear". $1 is the NIC to unplug (its kernel name), $2 the wait's
# words; management must be untouched (waiting for its NICs) or up.
sigterm_in_nic_wait() {
	fresh
	n ip link del "$1"
	before=$(fingerprint)
	rm -f "$TMP/nic.log"
	ip netns exec "$NODE" "$EARLYNET" --state "$EARLYNET_STATE" --cmdline "$EARLYNET_CMDLINE" \
		-c "$TMP/earlynet.ini" up >"$TMP/nic.log" 2>&1 &
	pid=$!
	i=0
	until grep -qs "waiting for $2" "$TMP/nic.log"; do
		kill -0 "$pid" 2>/dev/null || { cat "$TMP/nic.log" >&2; fail "$1: up ended before waiting for $2"; }
		i=$((i + 1))
		[ "$i" -lt 200 ] || fail "$1: up never waited for $2"
		sleep 0.05
	done
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" = 2 ] || { cat "$TMP/nic.log" >&2; fail "SIGTERM waiting for $2: exit $rc, expected 2"; }
	expect_eq "SIGTERM waiting for $2: state result" "$(result)" interrupted
	grep -q 'interrupted' "$TMP/nic.log" || fail "SIGTERM waiting for $2: no interrupted line"
	! grep -Eq 'did not appear|going on without' "$TMP/nic.log" ||
		{ cat "$TMP/nic.log" >&2; fail "SIGTERM waiting for $2 taken for a missing NIC"; }
}
# eth0 (kernel name spf0): management's port; nothing may be touched.
sigterm_in_nic_wait spf0 "the management NICs"
[ "$before" = "$(fingerprint)" ] || fail "SIGTERM waiting for the management NICs changed links"
! n test -e /sys/class/net/vmbr0 || fail "SIGTERM waiting for the management NICs made vmbr0"
# spf1 (kernel name eth1): a data NIC; management is up.
sigterm_in_nic_wait eth1 "the NICs"
has_addr vmbr0 10.16.207.61/24
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer after SIGTERM in the NIC wait"
echo "SIGTERM in the NIC waits: exit 2, interrupted, management untouched or up"
