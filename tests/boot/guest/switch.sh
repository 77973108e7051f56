#!/bin/sh
# switch.sh - builds the simulated LACP switch in the test initramfs
#
# Runs before earlynet (initramfs-tools: init-top after udev; dracut: an
# earlier pre-mount hook). The switch is the VM tier's (tests/vm/guest/lib.sh).
PATH=/vmtest/bin:$PATH
exec >/dev/console 2>&1
# shellcheck source=/dev/null
. /vmtest/lib.sh
# udev's settle does not cover every NIC probe under TCG: wait for all
# eight NICs (node and switch side) before building the switch.
nics_there() {
	for w in mgmt unused spf0 spf1; do
		nic_by_mac "$(wire_mac $w)" >/dev/null || return 1
		nic_by_mac "$(sw_mac $w)" >/dev/null || return 1
	done
}
wait_for 120 nics_there || echo "@@BOOTTEST-FAIL NICs missing"
# boottest.switch=nobond: a switch that never speaks LACP. Bonding is then
# first loaded by earlynet's own bond creation (the module's own bond0
# appears under it), and the run ends in the fallback.
# shellcheck disable=SC2034 # read by sw_setup
case " $(cat /proc/cmdline) " in
*" boottest.switch=nobond "*) VM_SWITCH=nobond ;;
esac
# The switch needs its bond before earlynet waits for LACP.
if sw_setup; then
	say "switch ready, $(cut -d' ' -f1 /proc/uptime)s since boot"
else
	echo "@@BOOTTEST-FAIL switch setup"
fi
