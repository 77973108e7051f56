#!/bin/sh
# switch.sh - builds the simulated LACP switch in the test initramfs
#
# Runs before earlynet (initramfs-tools: init-top after udev; dracut: an
# earlier pre-mount hook). The switch is the VM tier's (tests/vm/guest/lib.sh).
PATH=/vmtest/bin:$PATH
exec >/dev/console 2>&1
# shellcheck source=/dev/null
. /vmtest/lib.sh
# The switch needs its bond before earlynet waits for LACP.
if sw_setup; then
	say "switch ready, $(cut -d' ' -f1 /proc/uptime)s since boot"
else
	echo "@@BOOTTEST-FAIL switch setup"
fi
