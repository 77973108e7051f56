# A link the file does not mention holds the name the file gives a data
# NIC (a card added since the file was written): down, it is renamed aside
# (a warning names the new name) and everything comes up, exit 0; up, it
# keeps the name, management comes up, the NIC works under its kernel name
# and the result is degraded (exit 2, the NIC named), not exit 3. Judged
# from the kernel (sysfs, ip) and across the wire.
. tests/netns/lib.sh
setup_topology
# spf1 leaves and joins vmbr1 here: the switch must not answer ARP for
# 10.25.10.1 on p-spf1, where it has no address (the dead end)
s sysctl -qw net.ipv4.conf.all.arp_ignore=1
write_config
expect_exit 0 en up
check_node

# spf1 under another name; an unknown NIC, down, takes "spf1"
n ip link set spf1 nomaster
n ip link set spf1 down
n ip link set spf1 name eth7
n ip link add spf1 address 02:e0:00:00:00:99 type veth peer name i16-peer
holder=$(sysfs spf1 ifindex)
run_to "$TMP/out.txt" 0 en up
grep -q 'renaming spf1 (ifindex [0-9]*, down, not in the file) to enaside0' "$TMP/out.txt" ||
	fail "no warning naming the new name: $(cat "$TMP/out.txt")"
expect_eq "the holder's new name" "$(n ip -o link show | awk -v i="$holder" -F': ' '$1 == i { sub(/@.*/, "", $2); print $2 }')" enaside0
check_node
expect_eq "enaside0 mtu" "$(sysfs enaside0 mtu)" 1500
! n test -e /sys/class/net/enaside0/master || fail "the holder was enslaved"

# again, with the holder up: it keeps the name
n ip link set enaside0 name eth9
n ip link set spf1 nomaster
n ip link set spf1 down
n ip link set spf1 name eth7
n ip link set eth9 name spf1
n ip link set spf1 up
run_to "$TMP/out.txt" 2 en up
grep -q 'spf1 (the NIC with MAC 02:e0:00:00:00:04) stays named eth7: the name spf1 is held by spf1' "$TMP/out.txt" ||
	fail "no warning for the name held by an up link: $(cat "$TMP/out.txt")"
grep -q '"result": *"degraded"' "$EARLYNET_STATE" || fail "state does not say degraded: $(cat "$EARLYNET_STATE")"
grep -q 'spf1 is eth7' "$EARLYNET_STATE" || fail "state does not name the NIC: $(cat "$EARLYNET_STATE")"
# the NIC and what depends on it are degraded, management is up
outcome() { python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interfaces"]:
    if i["name"] == sys.argv[2]: print(i["outcome"], i["detail"])' "$EARLYNET_STATE" "$1"; }
expect_eq "spf1 outcome" "$(outcome spf1)" "degraded named eth7, not renamed"
expect_eq "vmbr1 outcome" "$(outcome vmbr1 | cut -d' ' -f1)" degraded
expect_eq "vmbr0 outcome" "$(outcome vmbr0 | cut -d' ' -f1)" up
expect_eq "spf0 outcome" "$(outcome spf0 | cut -d' ' -f1)" up
# the holder is untouched
expect_eq "holder ifindex" "$(sysfs spf1 ifindex)" "$holder"
expect_eq "holder address" "$(sysfs spf1 address)" 02:e0:00:00:00:99
expect_eq "holder mtu" "$(sysfs spf1 mtu)" 1500
! n test -e /sys/class/net/spf1/master || fail "the holder was enslaved"
# the NIC works under its kernel name, management and the rest are up
expect_eq "eth7 address" "$(sysfs eth7 address)" "$MAC_spf1"
expect_eq "eth7 master" "$(n basename "$(n readlink /sys/class/net/eth7/master)")" vmbr1
expect_eq "eth7 mtu" "$(sysfs eth7 mtu)" 9000
n ethtool -k eth7 | grep -q '^tcp-segmentation-offload: off' || fail "eth7: tso not off"
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer"
n ping -c1 -w10 10.25.10.1 >/dev/null || fail "data gateway does not answer"
expect_eq "spf0 master" "$(n basename "$(n readlink /sys/class/net/spf0/master)")" vmbr1
true
