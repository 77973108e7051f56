# A link the file does not mention holds the name of a data bridge of the
# file (a veth called vmbr1): up, vmbr1 is not made, management comes up
# and the result is degraded (exit 2, vmbr1 named), not exit 3; down, it is
# renamed aside (a warning names the new name) and everything comes up.
# Judged from the kernel (sysfs, ip) and across the wire.
. tests/netns/lib.sh
setup_topology
write_config
n ip link add vmbr1 address 02:e0:00:00:00:97 type veth peer name i16-vb
n ip link set vmbr1 up
holder=$(sysfs vmbr1 ifindex)

run_to "$TMP/out.txt" 2 en up
grep -q 'not creating bridge vmbr1: the name is held by vmbr1' "$TMP/out.txt" ||
	fail "no warning for the held name: $(cat "$TMP/out.txt")"
grep -q '"result": *"degraded"' "$EARLYNET_STATE" || fail "state does not say degraded: $(cat "$EARLYNET_STATE")"
grep -q 'vmbr1 not created' "$EARLYNET_STATE" || fail "state does not name vmbr1: $(cat "$EARLYNET_STATE")"
expect_eq "holder ifindex" "$(sysfs vmbr1 ifindex)" "$holder"
n test -e /sys/class/net/vmbr1/bridge && fail "vmbr1 is a bridge"
expect_eq "holder mtu" "$(sysfs vmbr1 mtu)" 1500
n ip -o addr show dev vmbr1 | grep -q 10.25.10.231 && fail "the holder got vmbr1's address"
! n test -e /sys/class/net/spf0/master || fail "spf0 was enslaved somewhere"
expect_eq "eth0 master" "$(n basename "$(n readlink /sys/class/net/eth0/master)")" vmbr0
has_addr vmbr0 10.16.207.61/24
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer"

n ip link set vmbr1 down
run_to "$TMP/out.txt" 0 en up
grep -q 'renaming vmbr1 (ifindex [0-9]*, down, not in the file) to enaside0' "$TMP/out.txt" ||
	fail "no warning naming the new name: $(cat "$TMP/out.txt")"
expect_eq "the holder's new name" "$(sysfs enaside0 ifindex)" "$holder"
check_node
true
