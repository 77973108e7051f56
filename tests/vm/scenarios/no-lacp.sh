# no-lacp.sh - the switch has no LACP (a plain bridge on the SFP+ wires):
# the bond never converges, the fallback leaves management only, exit 2.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH=nobond

vm_test() {
	conf_set lacp_timeout 5
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 2
	check_names
	check_mgmt
	check_no_data
}
