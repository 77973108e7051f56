# converge.sh - node01 against the LACP switch: every NIC renamed by MAC
# (the kernel named them with a swap), the bond converges, exit 0.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
vm_test() {
	check_eq "kernel named the mgmt NIC eth1" "$(nic_by_mac 58:47:ca:76:76:fe)" eth1
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	# No false alarm while the second port joins the first.
	check "result ok" grep -q '"result": "ok"' /run/earlynet/state.json
	check "no warning" sh -c "! grep -q 'warning:' /tmp/earlynet.out"
	check "both ports distributing (state file)" \
		test "$(grep -c '"lacp": "distributing"' /run/earlynet/state.json)" = 2
	check_node01
}
