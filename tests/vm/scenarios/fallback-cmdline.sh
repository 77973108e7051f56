# fallback-cmdline.sh - earlynet.fallback on the kernel command line:
# management only (after waiting for the management NICs, as up does),
# exit 2.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_APPEND=earlynet.fallback

vm_test() {
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 2
	check_names
	check_mgmt
	check_no_data
}
