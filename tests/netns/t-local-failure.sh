# One failed data-plane operation (an IPv6 address where IPv6 is off)
# degrades only its interface: exit 2, result degraded, the interface
# named; vmbr1 stays with its port and IPv4 address, management stays.
# Judged from the kernel and across the wire.
. tests/netns/lib.sh
setup_topology
write_config
expect_exit 0 en up
check_node
vmbr1=$(sysfs vmbr1 ifindex)

n sysctl -qw net.ipv6.conf.vmbr1.disable_ipv6=1
expect_exit 2 en up >"$TMP/out.txt" 2>&1
grep -q 'vmbr1' "$TMP/out.txt" || fail "the failing interface is not named: $(cat "$TMP/out.txt")"
expect_eq "vmbr1 ifindex" "$(sysfs vmbr1 ifindex)" "$vmbr1"
expect_eq "spf0 master" "$(n basename "$(n readlink /sys/class/net/spf0/master)")" vmbr1
has_addr vmbr1 10.25.10.231/24
n ping -c1 -w10 10.25.10.1 >/dev/null || fail "data gateway does not answer after a local failure"
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer"
grep -q '"result": *"degraded"' "$EARLYNET_STATE" || fail "state does not say degraded: $(cat "$EARLYNET_STATE")"
true
