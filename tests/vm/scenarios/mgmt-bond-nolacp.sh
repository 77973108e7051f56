# mgmt-bond-nolacp.sh - management on the 802.3ad bond, the switch's ports
# plain (no LACP partner): exit 2 after lacp_timeout, the fallback keeps
# the bond and vmbr0, the management gateway answers and still answers
# seconds later. Then the switch gets its LAG and `up` runs again: exit 0,
# converged, management's ifindex and carrier_changes unchanged.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=240
VM_SWITCH=nobond

vm_test() {
	conf_mgmt_bond 5
	earlynet_run up
	check_eq "earlynet up exit code (fallback)" "$RC" 2
	check "the fallback says so" grep -q "FALLBACK" /tmp/earlynet.out
	check "it says bond0 stays for management" grep -q "bond0 stays up for management vmbr0" /tmp/earlynet.out
	check_mgmt_bond
	for d in vmbr0.10 vmbr0.20; do
		check "$d gone" test ! -e "/sys/class/net/$d"
	done
	sleep 5
	check "ping 10.30.0.1 five seconds later" ping_ok 10.30.0.1

	ix_br=$(ifindex_of vmbr0)
	ix_bond=$(ifindex_of bond0)
	cc_br=$(carrier_changes_of vmbr0)
	sw_rebuild lacp || fail "switch rebuilt with its LAG"
	conf_mgmt_bond 30
	earlynet_run up
	check_eq "up with the LAG in place: exit code" "$RC" 0
	check "bond0 LACP converged" lacp_converged bond0
	check_mgmt_bond
	check_eq "vmbr0 kept its ifindex" "$(ifindex_of vmbr0)" "$ix_br"
	check_eq "bond0 kept its ifindex" "$(ifindex_of bond0)" "$ix_bond"
	check_eq "vmbr0 carrier_changes unchanged" "$(carrier_changes_of vmbr0)" "$cc_br"
	for v in 10 20; do
		check "ping 10.25.$v.1 (host VLAN back)" ping_ok 10.25.$v.1
	done
}
