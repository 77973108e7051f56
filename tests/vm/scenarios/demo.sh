# demo.sh - what `make demo` shows: node01 brought up by earlynet against
# the LACP switch, its status, and every gateway answering.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=180

vm_test() {
	echo
	say "the kernel named node01's NICs (the switch's NICs are in netns swm and sw):"
	for m in 58:47:ca:76:76:fe 58:47:ca:76:76:fd 58:47:ca:76:76:fb 58:47:ca:76:76:fc; do
		echo "    $m  $(nic_by_mac $m)"
	done
	echo
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	echo
	earlynet_run status
	echo
	for gw in 10.16.207.1 10.25.10.1 10.25.20.1 10.25.30.1 10.25.40.1 10.25.50.1 10.25.60.1; do
		ping_ok "$gw"
		r=$(ping -c 1 -W 2 "$gw" | sed -n 's/^64 bytes from/reply from/p')
		say "ping $gw: ${r:-no reply}"
	done
	echo
	say "checking the kernel's state against node01.ini"
	check_node01 >/tmp/checks
	grep -v '^ok - ' /tmp/checks
	say "$(grep -c '^ok - ' /tmp/checks) checks passed, $VM_FAILS failed"
}
