# cut-restore.sh - both SFP+ wires are cut at boot and restored while
# earlynet waits for their carrier: it converges, exit 0, both ports in.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_MONITOR_START="set_link nic-spf0 off
set_link nic-spf1 off"

vm_test() {
	conf_set carrier_timeout 90
	earlynet_bg up
	# Management is up before any wait on the data plane.
	wait_for 60 has_addr vmbr0 10.16.207.61/24 || fail "vmbr0 never got its address"
	check "earlynet still waiting" running "$BG_PID"
	wire_restore spf0
	wire_restore spf1
	earlynet_wait
	check_eq "earlynet up exit code" "$RC" 0
	check_node01
}
