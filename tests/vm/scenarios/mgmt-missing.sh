# mgmt-missing.sh - the management NIC never appears: exit 3 after
# link_timeout.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_NICS="unused spf0 spf1"

vm_test() {
	conf_set link_timeout 3
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 3
	check "no address 10.16.207.61" sh -c "! $IP -o addr | grep -q ' 10.16.207.61/'"
}
