#!/bin/sh
# before.sh - the whole-system test, on the real root after earlynet.service
# and before networking.service (ifupdown2's `ifup -a`): what earlynet
# built, for check.sh to compare with after ifupdown2.
PATH=/vmtest/bin:$PATH
exec >/dev/console 2>&1
# shellcheck source=/dev/null
. /vmtest/lib.sh
# bench/boot-system: nothing to hold networking.service up for
grep -qw boottest.bench /proc/cmdline && exit 0
# boottest.perfmode: without earlynet's ifupdown2 lock file (its
# tmpfiles.d entry), so that networking.service runs `ifup -a --perfmode`:
# the negative control, check.sh must then see the VLANs bounce.
grep -qw boottest.perfmode /proc/cmdline && rm -f /run/network/ifstatelock
say "before networking.service, $(cut -d' ' -f1 /proc/uptime)s since boot"
# A bridge and its VLANs report carrier a moment after their first port:
# that change is the kernel's, not a bounce.
carriers() {
	for l in vmbr0 vmbr1 vmbr1.10 vmbr1.20 vmbr1.30 vmbr1.40 vmbr1.50 vmbr1.60; do
		[ "$(cat "/sys/class/net/$l/carrier" 2>/dev/null)" = 1 ] || return 1
	done
}
wait_for 30 carriers || say "not every bridge and VLAN has carrier"
/vmtest/check.sh snapshot >/run/earlynet-boottest.before
dmesg | grep -c ': renamed from ' >/run/earlynet-boottest.renames-before
cat /run/earlynet-boottest.before
