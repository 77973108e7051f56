# Altnames are names. A NIC whose own altname is its name in the file (udev
# hands out enp1s0f0-style ones) comes up, exit 0, the altname removed for
# the rename. An unrelated NIC carrying the altname of a file NIC does not
# get that NIC's settings (MTU, tso, bridge): up, the file's NIC stays
# under its kernel name (exit 2); down, it loses the altname (exit 0).
# Judged from the kernel (sysfs, ip, ethtool).
. tests/netns/lib.sh
altnames() { n ip -j link show dev "$1" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)[0].get("altnames", [])))'; }
setup_topology
s sysctl -qw net.ipv4.conf.all.arp_ignore=1  # no ARP answers from the dead end
write_config
expect_exit 0 en up
check_node

# spf0's own altname is "spf0"
n ip link set spf0 nomaster
n ip link set spf0 down
n ip link set spf0 name eth7
n ip link property add dev eth7 altname spf0 || fail "cannot add an altname"
n ip link property add dev eth7 altname enp1s0f0
spf0=$(sysfs eth7 ifindex)
run_to "$TMP/out.txt" 0 en up
check_node
expect_eq "spf0 ifindex" "$(sysfs spf0 ifindex)" "$spf0"
expect_eq "spf0 altnames" "$(altnames spf0)" enp1s0f0

# an unrelated NIC, up, carries the altname spf1
n ip link set spf1 nomaster
n ip link set spf1 down
n ip link set spf1 name eth7
n ip link set eth7 mtu 1500          # settings for up to set again, on eth7
n ethtool -K eth7 tso on
n ip link add xnic0 address 02:e0:00:00:00:98 type veth peer name i16-alt-peer
n ip link property add dev xnic0 altname spf1
n ip link set xnic0 up
n ethtool -k xnic0 | grep -q '^tcp-segmentation-offload: on' || fail "xnic0 starts without tso"
run_to "$TMP/out.txt" 2 en up
grep -q 'stays named eth7: the altname spf1 is held by xnic0' "$TMP/out.txt" ||
	fail "no warning for the altname held by xnic0: $(cat "$TMP/out.txt")"
expect_eq "xnic0 mtu" "$(sysfs xnic0 mtu)" 1500
n ethtool -k xnic0 | grep -q '^tcp-segmentation-offload: on' || fail "xnic0 got spf1's tso off"
! n test -e /sys/class/net/xnic0/master || fail "xnic0 was enslaved"
expect_eq "xnic0 altnames" "$(altnames xnic0)" spf1
expect_eq "eth7 mtu" "$(sysfs eth7 mtu)" 9000
n ethtool -k eth7 | grep -q '^tcp-segmentation-offload: off' || fail "eth7 (spf1): tso not off"
expect_eq "eth7 master" "$(n basename "$(n readlink /sys/class/net/eth7/master)")" vmbr1
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer"

# down, it gives the altname up, and spf1 gets its name
n ip link set xnic0 down
run_to "$TMP/out.txt" 0 en up
grep -q 'removing the altname spf1 of xnic0' "$TMP/out.txt" ||
	fail "no warning for the altname removed from xnic0: $(cat "$TMP/out.txt")"
expect_eq "xnic0 altnames" "$(altnames xnic0)" ""
expect_eq "xnic0 mtu" "$(sysfs xnic0 mtu)" 1500
check_node
true
