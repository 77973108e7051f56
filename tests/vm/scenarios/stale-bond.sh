# stale-bond.sh - bonding loaded without max_bonds=0 left a balance-rr
# bond0 behind, as "modprobe bonding" does on real hosts; up converges it.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_BONDING_ARGS=

vm_test() {
	check_eq "stale bond0 is balance-rr" "$(bond_opt bond0 mode)" "balance-rr 0"
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check_node01
}
