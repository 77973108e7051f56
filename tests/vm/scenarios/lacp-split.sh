# lacp-split.sh - the SFP+ ports cabled to two switches that are not one
# LAG (a bond per wire on the switch side): the node's bond converges on
# one port, the other sits in an aggregator of its own. exit 0, degraded,
# and the warning, status and state file name that port: "different
# partner". No LLDP on the switch: no neighbour is shown, nothing breaks.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH="split"
VM_TIMEOUT=180

vm_test() {
	conf_set lacp_timeout 25
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check "state file: degraded" grep -q '"result": "degraded"' /run/earlynet/state.json
	# The kernel's own account: two aggregators, one of them active.
	a0=$(proc_agg spf0) a1=$(proc_agg spf1) act=$(proc_active_agg)
	say "aggregators: spf0 $a0, spf1 $a1, active $act"
	check "kernel: spf0 and spf1 in different aggregators" \
		sh -c "[ -n '$a0' ] && [ -n '$a1' ] && [ '$a0' != '$a1' ]"
	if [ "$a0" = "$act" ]; then out=spf1 in=spf0; else out=spf0 in=spf1; fi
	check "warning names $out: different partner" \
		grep -q "^earlynet: warning: bond0: port $out is not in the active aggregator: different partner" \
		/tmp/earlynet.out
	check "no warning about $in" sh -c "! grep -q 'warning: bond0: port $in ' /tmp/earlynet.out"
	check "state file reason names $out" \
		grep -q "\"reason\": \"bond0: $out different partner\"" /run/earlynet/state.json
	check "state file: $out lacp verdict" \
		grep -q '"lacp": "different partner"' /run/earlynet/state.json
	check "no neighbour without LLDP" sh -c "! grep -q '\"neighbour\"' /run/earlynet/state.json"
	$EARLYNET status >/tmp/status.out 2>&1
	check_eq "earlynet status exit code" "$?" 0
	sed 's/^/| /' /tmp/status.out
	check "status marks $out: different partner" \
		sh -c "sed -n '/- $out /,/^[^ |]/p' /tmp/status.out | grep -q '!! different partner'"
	check "status shows no neighbour" sh -c "! grep -q -- '  -> ' /tmp/status.out"
	check_mgmt
}
