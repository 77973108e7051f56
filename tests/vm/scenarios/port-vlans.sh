# port-vlans.sh - a VLAN-aware bridge whose ports carry their own VLANs
# (bridge_vids, bridge_pvid, bridge_access), judged from the kernel's
# per-port VLAN state (`bridge vlan show`, netlink) and by pings across
# the wire: the trunk bond0 carries VLANs 10 and 20 tagged and, as its
# pvid, VLAN 30 untagged (the switch's untagged 10.30.0.1); eth1 is an
# access port in VLAN 50 (a switch port that knows no VLANs, 10.25.50.1);
# VLAN 40 is allowed on the bridge but not on the trunk, and does not
# pass. A second `up` bounces nothing; bridge_vids edited on the live port
# converges both ways with VLAN 10 answering throughout.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=240

# pvid_of DEV: the port's pvid; untagged_of DEV: its egress-untagged VLANs
pvid_of() {
	$BRIDGE -j vlan show dev "$1" | tr '{' '\n' | grep '"PVID"' |
		sed -n 's/.*"vlan":\([0-9]*\).*/\1/p' | tr '\n' ' ' | sed 's/ $//'
}
untagged_of() {
	$BRIDGE -j vlan show dev "$1" | tr '{' '\n' | grep '"Egress Untagged"' |
		sed -n 's/.*"vlan":\([0-9]*\).*/\1/p' | tr '\n' ' ' | sed 's/ $//'
}

vm_test() {
	# The unused wire becomes an access switch port: its own namespace,
	# untagged 10.25.50.1.
	touch /run/netns/swa
	unshare --net=/run/netns/swa true
	$IP -n sw link set sw-unused netns swa
	$IP -n swa -batch - <<-EOF
	link set lo up
	link set sw-unused up
	addr add 10.25.50.1/24 dev sw-unused
	EOF
	cat >"$CONF" <<-EOF
	[global]
	management = vmbr0
	[link eth0]
	mac = 58:47:ca:76:76:fe
	[link eth1]
	mac = 58:47:ca:76:76:fd
	bridge_access = 50
	[link spf0]
	mac = 58:47:ca:76:76:fb
	[link spf1]
	mac = 58:47:ca:76:76:fc
	[bridge vmbr0]
	ports = eth0
	address = 10.16.207.61/24
	gateway = 10.16.207.1
	[bond bond0]
	slaves = spf0 spf1
	lacp_rate = fast
	bridge_vids = 10 20
	bridge_pvid = 30
	[bridge vmbr1]
	ports = bond0 eth1
	vlan_aware = yes
	vids = 10 20 30 40 50
	[vlan vmbr1.10]
	address = 10.25.10.231/24
	[vlan vmbr1.20]
	address = 10.25.20.231/24
	[vlan vmbr1.30]
	address = 10.30.0.231/24
	[vlan vmbr1.40]
	address = 10.25.40.231/24
	[vlan vmbr1.50]
	address = 10.25.50.231/24
	EOF
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check_mgmt
	check "bond0 LACP converged" lacp_converged bond0
	check_eq "vmbr1 vlan_filtering" "$(filtering vmbr1)" 1
	check_eq "VLANs on trunk bond0 (bridge_vids, pvid)" "$(vids_of bond0)" "10 20 30"
	check_eq "pvid of bond0" "$(pvid_of bond0)" 30
	check_eq "untagged on bond0: its pvid only" "$(untagged_of bond0)" 30
	check_eq "VLANs on access port eth1" "$(vids_of eth1)" 50
	check_eq "pvid of eth1" "$(pvid_of eth1)" 50
	check_eq "untagged on eth1" "$(untagged_of eth1)" 50
	check_eq "VLANs on vmbr1 itself" "$(vids_of vmbr1)" "1 10 20 30 40 50"
	for v in 10 20; do
		check "ping 10.25.$v.1 (tagged on the trunk)" ping_ok 10.25.$v.1
	done
	check "ping 10.30.0.1 (VLAN 30 untagged on the trunk, its pvid)" ping_ok 10.30.0.1
	check "ping 10.25.50.1 (VLAN 50 untagged on the access port)" ping_ok 10.25.50.1
	check "10.25.40.1 unreachable (VLAN 40 not on the trunk)" sh -c "! $PING -c 2 -W 1 10.25.40.1"
	$EARLYNET status >/tmp/status.out 2>&1
	check "status shows bond0's pvid" grep -q "pvid 30 untagged" /tmp/status.out
	check "status marks nothing on the ports" sh -c "! grep -q '!! .*vlan\|!! .*pvid' /tmp/status.out"

	snapshot >/tmp/before
	earlynet_run up
	check_eq "second up exit code" "$RC" 0
	snapshot >/tmp/after
	check "second up changed no interface" cmp /tmp/before /tmp/after
	check "second up: 0 changes" grep -q "(.* 0 changes)" /tmp/earlynet.out

	# By hand, as an operator might: VLAN 20 untagged on the trunk and
	# VLAN 99 added; status marks it, up undoes it.
	$BRIDGE vlan add vid 20 dev bond0 untagged
	$BRIDGE vlan add vid 99 dev bond0
	$EARLYNET status >/tmp/status.out 2>&1
	check "status marks VLAN 20 untagged" grep -q "!! vlans 20 untagged, file says tagged" /tmp/status.out
	check "status marks VLAN 99" grep -q "!! vlans 99, not in the file" /tmp/status.out
	earlynet_run up
	check_eq "up after the hand edit: exit code" "$RC" 0
	check_eq "VLANs on bond0 after the hand edit" "$(vids_of bond0)" "10 20 30"
	check_eq "untagged on bond0 after the hand edit" "$(untagged_of bond0)" 30

	# bridge_vids edited on the live trunk, both ways: 20 leaves, 40
	# comes; VLAN 10 answers throughout.
	sed 's/^bridge_vids = 10 20$/bridge_vids = 10 40/' "$CONF" >/tmp/conf.new
	cat /tmp/conf.new >"$CONF"
	ix=$(ifindex_of vmbr1.10)
	$PING -c 20 -i 0.2 10.25.10.1 >/tmp/ping10 2>&1 &
	pid=$!
	earlynet_run up
	check_eq "up after the edit: exit code" "$RC" 0
	wait $pid
	check "VLAN 10 answered throughout the edit" grep -q " 0% packet loss" /tmp/ping10
	check_eq "vmbr1.10 kept its ifindex" "$(ifindex_of vmbr1.10)" "$ix"
	check_eq "VLANs on bond0 after the edit" "$(vids_of bond0)" "10 30 40"
	check_eq "pvid of bond0 after the edit" "$(pvid_of bond0)" 30
	check "ping 10.25.40.1 after the edit" ping_ok 10.25.40.1
	check "10.25.20.1 unreachable after the edit" sh -c "! $PING -c 2 -W 1 10.25.20.1"
	check "ping 10.30.0.1 after the edit" ping_ok 10.30.0.1
	earlynet_run up
	check_eq "up after the edit, again: exit code" "$RC" 0
	check "again: 0 changes" grep -q "(.* 0 changes)" /tmp/earlynet.out
}
