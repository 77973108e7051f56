# no-lacp.sh - the switch has no LACP (a plain bridge on the SFP+ wires):
# the bond never converges, the fallback leaves management only, exit 2.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH=nobond

vm_test() {
	conf_set lacp_timeout 5
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 2
	# The fallback banner names the cause for each port.
	for p in spf0 spf1; do
		check "banner: $p no LACPDU" grep -q "\*\*\* bond0: $p: no LACPDU from the switch" \
			/tmp/earlynet.out
	done
	check "state file reason: no LACPDU on both" \
		grep -q '"reason": "LACP not converged after 5 s: bond0: spf[01] no LACPDU, spf[01] no LACPDU"' \
		/run/earlynet/state.json
	check_names
	check_mgmt
	check_no_data
}
