#!/bin/sh
# check.sh - the whole-system test's checks on the real root, after
# networking.service (ifupdown2's `ifup -a`); then `ifreload -a`. Prints
# @@BOOTTEST-PASS/FAIL system-MODE and powers off.
#   check.sh snapshot   prints the configured interfaces' ifindex, carrier
#                       changes, MAC and master (before.sh)
# boottest.mode=initramfs: earlynet ran in the initramfs; =service: the
# initramfs has no earlynet and earlynet.service does it all.
PATH=/vmtest/bin:$PATH
# shellcheck source=/dev/null
. /vmtest/lib.sh
IFACES="eth0 eth1 spf0 spf1 bond0 vmbr0 vmbr1 vmbr1.10 vmbr1.20 vmbr1.30 vmbr1.40 vmbr1.50 vmbr1.60"

snap() {
	for l in $IFACES; do
		d=/sys/class/net/$l
		echo "$l ifindex=$(cat "$d/ifindex" 2>/dev/null) carrier_changes=$(cat "$d/carrier_changes" 2>/dev/null)" \
			"address=$(cat "$d/address" 2>/dev/null) master=$(master_of "$l")"
	done
}
if [ "${1:-}" = snapshot ]; then
	snap
	exit 0
fi

exec >/dev/console 2>&1
mode=unknown
read -r cmdline </proc/cmdline
for a in $cmdline; do
	case $a in boottest.mode=*) mode=${a#boottest.mode=} ;; esac
done
name=system-$mode
case " $cmdline " in
*" boottest.bench "*)
	# bench/boot-system: no checks; the network is configured, but the
	# first reply may still be on its way (ifupdown2 alone: this runs as
	# soon as networking.service is done). The pinger's loop ends at its
	# first reply, and its ping at the write after that: power off when
	# no ping of the pinger is left, or after a bound (bench/boot-system
	# then reports that way's boot as giving no number).
	# shellcheck disable=SC2317 # called by wait_for
	pinger_gone() { ! grep -qsx ping-iputils /proc/[0-9]*/comm; }
	if ! wait_for 120 pinger_gone; then
		say "bench: the pinger got no reply in 120 s"
		# what the switch and the node see, for the console
		for c in "ip -br addr" "ip -br link" "ip neigh" "ip -n swm -br addr" "ip -n swm neigh" \
			"ip netns exec swm $PING -n -c 2 -W 1 10.16.207.61" "bridge link"; do
			echo "# $c"
			$c 2>&1 | sed 's/^/#   /'
		done
	fi
	say "bench boot $mode done, $(cut -d' ' -f1 /proc/uptime)s since boot"
	echo o >/proc/sysrq-trigger
	sleep 30
	exit 0
	;;
esac
say "whole-system check $name, $(cut -d' ' -f1 /proc/uptime)s since boot"

check_eq "PID 1" "$(cat /proc/1/comm)" systemd
check "earlynet.service active" systemctl is-active earlynet.service
check "networking.service active (ifup -a)" systemctl is-active networking.service
check "systemd-udevd active" systemctl is-active systemd-udevd.service
check "state file says result ok" grep -q '"result": *"ok"' /run/earlynet/state.json
check_node01
# as ifupdown2 sets them on the ports it enslaves
for l in eth0 bond0; do
	check_eq "$l (bridge port): disable_ipv6" "$(cat /proc/sys/net/ipv6/conf/$l/disable_ipv6)" 1
done

# Names by MAC: in the initramfs, earlynet's names (none of udev's) and
# nothing renamed again on the real root; without earlynet there, udev's
# predictable names (ensN, enpXsY), renamed once by earlynet.service.
rec=/run/earlynet-boottest.initramfs
check "the initramfs recorded its NICs" test -s $rec
sed 's/^/#   initramfs: /' $rec
case $mode in
initramfs)
	for l in eth0 eth1 spf0 spf1; do
		check_eq "$l: same ifindex as in the initramfs (not renamed after switch_root)" \
			"$(sed -n "s/^$l //p" $rec)" "$(ifindex_of $l)"
	done
	check_eq "no rename after switch_root" \
		"$(dmesg | grep -c ': renamed from ')" "$(cat /run/earlynet-boottest.renames)"
	;;
service)
	check "udev named the NICs in the initramfs (en*: predictable names on)" grep -q '^en' $rec
	check "no earlynet run in the initramfs" sh -c '! grep -q "^eth0 " '$rec
	;;
*) fail "boottest.mode=$mode" ;;
esac
check_eq "no rename after earlynet.service" \
	"$(dmesg | grep -c ': renamed from ')" "$(cat /run/earlynet-boottest.renames-before)"

# The hand-off: ifup -a (networking.service) and ifreload -a bounced
# nothing earlynet built.
before=/run/earlynet-boottest.before
check "before.sh ran before networking.service" test -s $before
snap >/tmp/after-ifup
if cmp -s $before /tmp/after-ifup; then pass "ifup -a (networking.service) changed nothing"; else
	fail "ifup -a (networking.service) changed something"
	diff $before /tmp/after-ifup | sed 's/^/#   /'
fi
check "ifreload -a exits 0" ifreload -a
snap >/tmp/after-ifreload
if cmp -s $before /tmp/after-ifreload; then pass "ifreload -a changed nothing"; else
	fail "ifreload -a changed something"
	diff $before /tmp/after-ifreload | sed 's/^/#   /'
fi
check "bond0 LACP converged after ifreload -a" lacp_converged bond0 "spf0 spf1"
check "ping 10.16.207.1 after ifreload -a" ping_ok 10.16.207.1

say "whole-system check done, $VM_FAILS failed"
if [ "$VM_FAILS" = 0 ]; then
	echo "@@BOOTTEST-PASS $name"
else
	journalctl -b -q --no-pager -u earlynet.service -u networking.service | tail -n 40 | sed 's/^/#   /'
	echo "@@BOOTTEST-FAIL $name"
fi
echo o >/proc/sysrq-trigger
sleep 30
