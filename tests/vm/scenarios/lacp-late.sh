# lacp-late.sh - the switch's LACP partner comes up only while earlynet
# already waits for LACP: it converges, exit 0.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
vm_test() {
	$IP -n sw link set swdata down
	conf_set lacp_timeout 90
	earlynet_bg up
	wait_for 60 test -e /sys/class/net/bond0/bonding/ad_aggregator ||
		fail "bond0 never came"
	wait_for 60 has_addr vmbr0 10.16.207.61/24 || fail "vmbr0 never got its address"
	check "earlynet still waiting" running "$BG_PID"
	$IP -n sw link set swdata up
	earlynet_wait
	check_eq "earlynet up exit code" "$RC" 0
	check_node01
}
