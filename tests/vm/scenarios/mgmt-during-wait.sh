# mgmt-during-wait.sh - the management gateway answers while earlynet is
# still waiting for an LACP partner that never comes.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH=nobond

vm_test() {
	conf_set lacp_timeout 15
	earlynet_bg up
	wait_for 60 has_addr vmbr0 10.16.207.61/24 || fail "vmbr0 never got its address"
	check "earlynet waiting before the ping" running "$BG_PID"
	check "ping 10.16.207.1" ping_ok 10.16.207.1
	check "earlynet still waiting after the ping" running "$BG_PID"
	earlynet_wait
	check_eq "earlynet up exit code" "$RC" 2
	check_mgmt
	check_no_data
}
