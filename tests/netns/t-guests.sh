# A node with guests: a VM's tap100i0 in vmbr1, a firewall link fwpr100p0
# in vmbr0 (ports the file does not mention). A second `up` leaves them
# in their bridges, bounces nothing, and `status` lists them without a
# "!!" mark. Judged from sysfs.
. tests/netns/lib.sh
setup_topology
write_config
expect_exit 0 en up
check_node

n ip link add tap100i0 type veth peer name tap100i0p
n ip link add fwpr100p0 type veth peer name fwpr100p0p
n ip link set tap100i0 master vmbr1
n ip link set fwpr100p0 master vmbr0
for l in tap100i0 tap100i0p fwpr100p0 fwpr100p0p; do n ip link set "$l" up; done
before=$(fingerprint)

expect_exit 0 en up
check_node
expect_eq "tap100i0 master" "$(n basename "$(n readlink /sys/class/net/tap100i0/master)")" vmbr1
expect_eq "fwpr100p0 master" "$(n basename "$(n readlink /sys/class/net/fwpr100p0/master)")" vmbr0
after=$(fingerprint)
[ "$before" = "$after" ] || fail "a second up bounced something: $(diff <(echo "$before") <(echo "$after"))"
en plan | grep -q 'nothing to do' || fail "plan is not empty with guests: $(en plan)"

en status >"$TMP/status.txt"
grep -q 'tap100i0' "$TMP/status.txt" || fail "status does not list tap100i0"
if grep -A1 'tap100i0' "$TMP/status.txt" | grep -q '!!'; then
	fail "status marks a guest's port: $(cat "$TMP/status.txt")"
fi
true
