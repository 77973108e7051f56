# wait-online: exit 0 once vmbr0 is up and the switch's 10.16.207.1 answers
# ARP (the switch kernel learns the node from the request: asserted on the
# switch's neighbour table); exit 2 after the timeout, naming what is
# missing, when the gateway address is gone or management has no carrier;
# and it returns as soon as carrier comes back (events, not a fixed sleep).
. tests/netns/lib.sh
setup_topology
write_config
expect_exit 0 en up
mac=$(sysfs vmbr0 address)

s ip neigh flush dev swbr0
expect_exit 0 en wait-online --timeout 10 2>"$TMP/err"
cat "$TMP/err"
grep -q 'online: vmbr0 up, gateway 10.16.207.1 answers ARP' "$TMP/err" || fail "no online line"
s ip neigh show 10.16.207.61 dev swbr0 | grep -q "lladdr $mac" ||
	fail "the switch never saw vmbr0's ARP request: $(s ip neigh show dev swbr0)"

# bad option values touch nothing and say so
expect_exit 1 en wait-online --timeout 0 2>"$TMP/err"
grep -q 'timeout 0: give whole seconds' "$TMP/err" || fail "no message for --timeout 0"
expect_exit 1 en status --bonds 2>/dev/null

# the gateway's address is gone: nobody answers
s ip addr del 10.16.207.1/24 dev swbr0
expect_exit 2 en wait-online --timeout 3 2>"$TMP/err"
cat "$TMP/err"
grep -q 'not online after 3 s: vmbr0 is up, but gateway 10.16.207.1 does not answer ARP' "$TMP/err" ||
	fail "timeout message missing"
grep -q 'waiting for gateway 10.16.207.1 to answer ARP on vmbr0' "$TMP/err" || fail "no progress line"
s ip addr add 10.16.207.1/24 dev swbr0

# no carrier on management: exit 2, saying so
s ip link set p-eth0 down
# the bridge drops its carrier a moment after its last port's
i=0
while [ "$(sysfs vmbr0 carrier)" != 0 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
expect_eq "vmbr0 carrier with its port's peer down" "$(sysfs vmbr0 carrier)" 0
expect_exit 2 en wait-online --timeout 2 2>"$TMP/err"
cat "$TMP/err"
grep -q 'not online after 2 s: vmbr0 no carrier' "$TMP/err" || fail "no-carrier message missing"

# carrier comes back while it waits: it returns 0 well before its timeout
en wait-online --timeout 60 2>"$TMP/err" &
pid=$!
sleep 2
s ip link set p-eth0 up
wait $pid
rc=$?
cat "$TMP/err"
[ $rc = 0 ] || fail "wait-online exited $rc after carrier came back"
grep -q 'waiting for management: vmbr0 no carrier' "$TMP/err" || fail "it never waited for carrier"
true
