# guests.sh - a live node: an unknown NIC probed first (it takes eth0,
# which the file gives to the management NIC) does not stop management: it
# is renamed aside, with a warning, and everything comes up (exit 0). Then
# guests as Proxmox attaches them (a VM's tap100i0 in vmbr1, a firewall
# link fwpr100p0 in vmbr0) survive a second up: nothing bounced (ifindex
# and carrier changes of the guests and the file's interfaces), the guests
# still ports of their bridges, and every gateway answers.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_UNKNOWN_NIC=52:54:00:bb:00:01
VM_TIMEOUT=180

# guest NAME BRIDGE: a veth pair, NAME in BRIDGE with its MTU, both ends up
guest() {
	$IP link add "$1" type veth peer name "$1p" || return 1
	$IP link set "$1" mtu "$(mtu_of "$2")" master "$2" || return 1
	$IP link set "$1p" mtu "$(mtu_of "$2")" up && $IP link set "$1" up
}

vm_test() {
	check_eq "the unknown NIC took eth0" "$(cat /sys/class/net/eth0/address)" "$VM_UNKNOWN_NIC"
	unknown=$(ifindex_of eth0)
	earlynet_run up
	check_eq "first up exit code" "$RC" 0
	check "the warning names the new name" \
		grep -q "renaming eth0 (ifindex $unknown, down, not in the file) to enaside0" /tmp/earlynet.out
	check_eq "the unknown NIC is enaside0" "$(ifindex_of enaside0)" "$unknown"
	check "enaside0 down" is_down enaside0
	check_eq "enaside0 nobody's port" "$(master_of enaside0)" ""
	check_node01

	check "tap100i0 in vmbr1" guest tap100i0 vmbr1
	check "fwpr100p0 in vmbr0" guest fwpr100p0 vmbr0
	snapshot >/tmp/before
	earlynet_run up
	check_eq "second up exit code" "$RC" 0
	snapshot >/tmp/after
	check "nothing bounced or recreated" diff /tmp/before /tmp/after
	check_eq "tap100i0 still in vmbr1" "$(master_of tap100i0)" vmbr1
	check_eq "fwpr100p0 still in vmbr0" "$(master_of fwpr100p0)" vmbr0
	check "tap100i0 up" is_up tap100i0
	check "fwpr100p0 up" is_up fwpr100p0
	check_node01
	snapshot >/tmp/final
	check "checks bounced nothing either" diff /tmp/before /tmp/final
}
