# wire-cut.sh - one SFP+ wire is cut from the start: the bond converges on
# the other port, a warning, exit 0 (degraded).
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_MONITOR_START="set_link nic-spf1 off"

vm_test() {
	conf_set carrier_timeout 5
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check "spf1 has no carrier" carrier_is 58:47:ca:76:76:fc 0
	check_names
	check_mgmt
	check_links
	check_data spf0
}
