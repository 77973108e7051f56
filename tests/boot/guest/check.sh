#!/bin/sh
# check.sh NAME - after the initramfs's own earlynet run, before root: the
# network as node01.ini wants it, the hooks' traces, then an LSB start that
# must change nothing. Prints @@BOOTTEST-PASS/FAIL NAME and powers off.
PATH=/vmtest/bin:$PATH
exec >/dev/console 2>&1
# shellcheck source=/dev/null
. /vmtest/lib.sh
name=${1:-unknown}
say "boot check $name, $(cut -d' ' -f1 /proc/uptime)s since boot"

state=/run/earlynet/state.json
prom=/var/lib/prometheus/node-exporter/earlynet.prom
case " $(cat /proc/cmdline) " in
*" boottest.switch=nobond "*) nobond=1 ;;
*) nobond= ;;
esac

if [ -n "$nobond" ]; then
	name=$name-nolacp
	# LACP never converges: management only, with the fallback hooks.
	check_names
	check_mgmt
	check_no_data
	check "$state says result fallback" grep -q '"result": *"fallback"' "$state"
	check "$state: no bond creation error" sh -c "! grep -q 'File exists' $state"
	check "fallback.d/60-node-exporter wrote $prom" \
		grep -qx 'earlynet_result{result="fallback",event="fallback"} 1' "$prom"
else
	check_node01
	check "$state says result ok" grep -q '"result": *"ok"' "$state"
	# The kernel log without a syslog socket, the journal with one.
	check "up.d/50-syslog logged the result" \
		sh -c '{ dmesg; journalctl -q -b -t earlynet 2>/dev/null; } | grep -q "network up: result ok"'
	check "up.d/60-node-exporter wrote $prom" \
		grep -qx 'earlynet_result{result="ok",event="up"} 1' "$prom"
	check "$prom has the total time" grep -q '^earlynet_phase_seconds{phase="total"} [0-9]' "$prom"
fi
# Bonds and bridges keep the MAC earlynet gave them (their first port's)
# once udevd has seen them: with 99-default.link and a machine-id in the
# image (the dracut one), udevd's MACAddressPolicy=persistent would give
# them its own, but for 90-earlynet-keep-mac.link.
command -v udevadm >/dev/null 2>&1 && udevadm settle -t 30
macs() {
	check_eq "$1 MAC is $2's" "$(cat "/sys/class/net/$1/address")" "$3"
}
macs vmbr0 eth0 "$(perm_mac eth0)"
if [ -z "$nobond" ]; then
	macs bond0 spf0 "$(perm_mac spf0)"
	macs vmbr1 bond0 "$(cat /sys/class/net/bond0/address)"
fi

if [ "${name%-nolacp}" = initramfs-tools ]; then
	check "/run/net-vmbr0.conf for configure_networking" \
		grep -qx "IPV4ADDR='10.16.207.61'" /run/net-vmbr0.conf
	check "/run/net-vmbr0.conf netmask" \
		grep -qx "IPV4NETMASK='255.255.255.0'" /run/net-vmbr0.conf
fi

# What the installed system does next (the LSB script here, the systemd
# unit runs the same `earlynet up`) must converge without touching
# anything: same interfaces, indexes, MACs, flags and carrier changes.
# (After a fallback it tries the data plane again, by design.)
if [ -z "$nobond" ]; then
	snapshot >/tmp/before
	check "init script start exits 0" /vmtest/earlynet-init start
	snapshot >/tmp/after
	if cmp -s /tmp/before /tmp/after; then
		pass "init script start changed nothing"
	else
		fail "init script start changed something"
		diff /tmp/before /tmp/after | sed 's/^/#   /'
	fi
fi
check "init script status" /vmtest/earlynet-init status

say "boot check done, $VM_FAILS failed"
if [ "$VM_FAILS" = 0 ]; then
	echo "@@BOOTTEST-PASS $name"
else
	echo "@@BOOTTEST-FAIL $name"
fi
echo o >/proc/sysrq-trigger
sleep 30
