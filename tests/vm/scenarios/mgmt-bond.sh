# mgmt-bond.sh - management on the 802.3ad bond (vmbr0 on bond0, the
# single-bond Proxmox layout), the switch doing LACP: exit 0, the bond
# converged, management and the host VLANs on the VLAN-aware vmbr0 answer.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH=lacp

vm_test() {
	conf_mgmt_bond 30
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check "bond0 LACP converged" lacp_converged bond0
	check_mgmt_bond
	check_eq "vmbr0 vlan_filtering" "$(filtering vmbr0)" 1
	check_eq "VLANs on port bond0" "$(vids_of bond0)" "1 10 20"
	check_eq "VLANs on vmbr0 itself" "$(vids_of vmbr0)" "1 10 20"
	for v in 10 20; do
		check "ping 10.25.$v.1 (host VLAN on vmbr0)" ping_ok 10.25.$v.1
	done
	snapshot >/tmp/before
	earlynet_run up
	check_eq "second up exit code" "$RC" 0
	snapshot >/tmp/after
	check "second up changed no interface" cmp /tmp/before /tmp/after
}
