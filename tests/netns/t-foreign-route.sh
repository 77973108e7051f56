# A default route through an interface the file does not mention (left by
# ip=dhcp on another NIC) is replaced by the file's gateway, IPv4 and IPv6,
# with a warning; up exits 0 and the data plane comes up. A second up
# changes nothing. Judged with `ip route`.
. tests/netns/lib.sh
setup_topology
write_config
# the NIC the boot's ip=dhcp used, not in the file, with its default routes
n ip link add dhcp0 address 02:e0:00:00:00:77 type veth peer name p-dhcp0 netns "$SW"
n ip link set dhcp0 up
s ip link set p-dhcp0 up
n ip addr add 192.168.77.2/24 dev dhcp0
n ip addr add fd00:77::2/64 dev dhcp0
n ip route add default via 192.168.77.1 dev dhcp0
n ip -6 route add default via fd00:77::1 dev dhcp0
run_to "$TMP/out.txt" 0 en up
grep -q 'replacing the default route via 192.168.77.1 dev dhcp0 (not in the file) with the file.s, via 10.16.207.1 dev vmbr0' "$TMP/out.txt" ||
	fail "no warning for the replaced IPv4 route: $(cat "$TMP/out.txt")"
grep -q 'replacing the default route via fd00:77::1 dev dhcp0' "$TMP/out.txt" ||
	fail "no warning for the replaced IPv6 route: $(cat "$TMP/out.txt")"
expect_eq "IPv4 default routes" "$(n ip route show default | awk '{ print $3, $5 }')" "10.16.207.1 vmbr0"
expect_eq "IPv6 default routes" "$(n ip -6 route show default | awk '{ print $3, $5 }')" "fd00:207::1 vmbr0"
check_node
# dhcp0 itself is not the file's: its address stays, it stays up
n ip -o addr show dev dhcp0 | grep -qw 192.168.77.2/24 || fail "dhcp0 lost its address"

run_to "$TMP/out.txt" 0 en up
grep -q 'replacing' "$TMP/out.txt" && fail "a second up replaced a route again: $(cat "$TMP/out.txt")"
en plan | grep -q 'nothing to do' || fail "plan is not empty: $(en plan)"
expect_eq "IPv4 default routes" "$(n ip route show default | awk '{ print $3, $5 }')" "10.16.207.1 vmbr0"

# one of another metric (a DHCP client's) goes too
n ip route add default via 192.168.77.1 dev dhcp0 metric 100
run_to "$TMP/out.txt" 0 en up
expect_eq "IPv4 default routes" "$(n ip route show default | awk '{ print $3, $5 }')" "10.16.207.1 vmbr0"
true
