# drift.sh - the system drifted from the file after an up (a VLAN deleted,
# an address gone, TSO back on, a port out of the bond, eth1 up): the next
# up puts it back, exit 0.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
vm_test() {
	earlynet_run up
	check_eq "first up exit code" "$RC" 0
	$IP -batch - <<-EOF
	link del vmbr1.30
	addr del 10.25.60.231/24 dev vmbr1.60
	link set spf1 nomaster
	link set eth1 up
	EOF
	$ETHTOOL -K spf0 tso on
	check "drift: spf0 tso on" sh -c "! $ETHTOOL -k spf0 | grep -qx 'tcp-segmentation-offload: off'"
	check "drift: no vmbr1.30" test ! -e /sys/class/net/vmbr1.30
	earlynet_run up
	check_eq "second up exit code" "$RC" 0
	check_node01
}
