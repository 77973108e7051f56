# vlan-aware.sh - conf/earlynet.ini's VLAN-aware example on node01's wires,
# jumbo frames end to end: vmbr1 filters VLANs, the ids are on the bond
# port and on the bridge itself, every VLAN gateway answers, also with a
# 9000-byte don't-fragment ping; a second `up` bounces nothing; `vids`
# edited on the live bridge converges both ways while VLAN 10 keeps
# carrying traffic.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=240
VM_SW_MTU=9000

vm_test() {
	# The example, with node01's MACs and the switch's subnets.
	sed -e 's/02:00:00:00:00:10/58:47:ca:76:76:fe/' \
		-e 's/02:00:00:00:00:11/58:47:ca:76:76:fb/' \
		-e 's/02:00:00:00:00:12/58:47:ca:76:76:fc/' \
		-e 's|192.0.2.10/24|10.16.207.61/24|; s|= 192.0.2.1$|= 10.16.207.1|' \
		-e 's|198.51.100.10/24|10.25.10.231/24|; s|203.0.113.10/24|10.25.20.231/24|' \
		/vmtest/conf/earlynet.ini >/tmp/conf.new
	# its extra route, via the management gateway's subnet
	sed -i 's|^route = 198.51.100.0/24 via 192.0.2.254$|route = 10.99.0.0/24 via 10.16.207.254|' /tmp/conf.new
	# node01's second onboard NIC, which the kernel names eth0 at first
	printf '[link eth1]\nmac = 58:47:ca:76:76:fd\nup = no\n' >>/tmp/conf.new
	cat /tmp/conf.new >"$CONF"
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check_mgmt
	check "bond0 LACP converged" lacp_converged bond0
	check_eq "vmbr1 vlan_filtering" "$(filtering vmbr1)" 1
	check_eq "VLANs on port bond0" "$(vids_of bond0)" "1 2-4094"
	check_eq "VLANs on vmbr1 itself" "$(vids_of vmbr1)" "1 10 20"
	for d in spf0 spf1 bond0 vmbr1 storage; do
		check_eq "$d mtu" "$(mtu_of $d)" 9000
	done
	check_eq "vmbr1.10 (no mtu key) takes its parent's" "$(mtu_of vmbr1.10)" 9000
	for v in 10 20; do
		check "ping 10.25.$v.1" ping_ok 10.25.$v.1
		check "9000-byte don't-fragment ping 10.25.$v.1" jumbo_ok 10.25.$v.1
	done

	snapshot >/tmp/before
	$PING -c 10 -i 0.2 10.25.10.1 >/tmp/ping10 2>&1 &
	pid=$!
	earlynet_run up
	check_eq "second up exit code" "$RC" 0
	wait $pid
	check "VLAN 10 answered throughout the second up" grep -q " 0% packet loss" /tmp/ping10
	snapshot >/tmp/after
	check "second up changed no interface" cmp /tmp/before /tmp/after
	check "second up: 0 changes" grep -q "(.* 0 changes)" /tmp/earlynet.out

	# vids edited: 2-4094 becomes 10 20 30, VLAN 30 joins as vmbr1.30:
	# 4000 ids leave bond0. (Under TCG that takes seconds of e1000
	# register writes, and VLAN 10 pauses meanwhile: printed, not judged.)
	sed 's/^vids = 2-4094$/vids = 10 20 30/' "$CONF" >/tmp/conf.new
	printf '[vlan vmbr1.30]\naddress = 10.25.30.231/24\n' >>/tmp/conf.new
	cat /tmp/conf.new >"$CONF"
	ix=$(ifindex_of vmbr1.10)
	$PING -c 30 -i 0.2 10.25.10.1 >/tmp/ping10 2>&1 &
	pid=$!
	earlynet_run up
	check_eq "up after the vids edit: exit code" "$RC" 0
	wait $pid
	say "VLAN 10 during that edit: $(grep 'packet loss' /tmp/ping10)"
	check_eq "vmbr1.10 kept its ifindex" "$(ifindex_of vmbr1.10)" "$ix"
	check_eq "VLANs on port bond0 after the edit" "$(vids_of bond0)" "1 10 20 30"
	check_eq "VLANs on vmbr1 itself after the edit" "$(vids_of vmbr1)" "1 10 20 30"
	for v in 10 20 30; do
		check "ping 10.25.$v.1 after the edit" ping_ok 10.25.$v.1
	done

	# A second edit on the live bridge, both ways: 30 leaves (and its
	# VLAN interface with it), 40 comes; 10 and 20 carry traffic throughout.
	sed -e 's/^vids = 10 20 30$/vids = 10 20 40/' -e 's/^\[vlan vmbr1.30\]$/[vlan vmbr1.40]/' \
		-e 's|10.25.30.231/24|10.25.40.231/24|' "$CONF" >/tmp/conf.new
	cat /tmp/conf.new >"$CONF"
	$PING -c 30 -i 0.2 10.25.10.1 >/tmp/ping10 2>&1 &
	pid10=$!
	$PING -c 30 -i 0.2 10.25.20.1 >/tmp/ping20 2>&1 &
	pid20=$!
	earlynet_run up
	check_eq "up after the second edit: exit code" "$RC" 0
	wait $pid10
	wait $pid20
	check "VLAN 10 answered throughout the second edit" grep -q " 0% packet loss" /tmp/ping10
	check "VLAN 20 answered throughout the second edit" grep -q " 0% packet loss" /tmp/ping20
	check_eq "VLANs on port bond0 after the second edit" "$(vids_of bond0)" "1 10 20 40"
	check_eq "VLANs on vmbr1 itself after the second edit" "$(vids_of vmbr1)" "1 10 20 40"
	check "ping 10.25.40.1 after the second edit" ping_ok 10.25.40.1
	earlynet_run up
	check_eq "up after the edits, again: exit code" "$RC" 0
	check "again: 0 changes" grep -q "(.* 0 changes)" /tmp/earlynet.out
}
