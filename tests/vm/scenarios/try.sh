# try.sh - `earlynet try` on a live node01, one boot: management moved to
# VLAN 99, which the switch does not carry: the probe fails, reverted, the
# gateway answers again, the data plane untouched (ifindex and
# carrier_changes); bond0 as balance-rr against the LACP switch, not
# confirmed: reverted at the timeout, 802.3ad again and LACP converged; a
# new VLAN confirmed with `earlynet confirm`: kept, the file replaced,
# nothing else bounced.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH=lacp
VM_TIMEOUT=600

data_plane() {
	for d in spf0 spf1 bond0 vmbr1 vmbr1.10 vmbr1.20 vmbr1.30 vmbr1.40 vmbr1.50 vmbr1.60; do
		echo "$d $(ifindex_of $d) $(carrier_changes_of $d)"
	done
}

vm_test() {
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check_mgmt
	check "bond0 LACP converged" lacp_converged bond0
	check "ping 10.25.10.1" ping_ok 10.25.10.1

	# 1. management's address and gateway onto VLAN 99 of the data bridge
	sed -e 's/^management = vmbr0$/management = vmbr1.99/' \
		-e '/^address = 10.16.207.61\/24$/d' -e '/^gateway = 10.16.207.1$/d' "$CONF" \
		>/etc/earlynet/try.ini
	printf '\n[vlan vmbr1.99]\naddress = 10.16.207.61/24\ngateway = 10.16.207.1\n' \
		>>/etc/earlynet/try.ini
	cp "$CONF" /tmp/conf.before
	data_plane >/tmp/data.before
	earlynet_run try /etc/earlynet/try.ini --timeout 90
	check_eq "try (management on an uncarried VLAN) exit code" "$RC" 2
	check "the probe failed, and it said so" grep -q "probe failed: management vmbr1.99" \
		/tmp/earlynet.out
	check "REVERTED said" grep -q "REVERTED: the old configuration is back" /tmp/earlynet.out
	check "vmbr1.99 removed" test ! -e /sys/class/net/vmbr1.99
	check_mgmt
	check "management gateway answers again" ping_ok 10.16.207.1
	check "default route via vmbr0" default_via 10.16.207.1 vmbr0
	data_plane >/tmp/data.after
	check "data plane untouched (ifindex, carrier_changes)" cmp /tmp/data.before /tmp/data.after
	check "ping 10.25.10.1 after the revert" ping_ok 10.25.10.1
	check "the config file unchanged" cmp "$CONF" /tmp/conf.before
	check "state file: reverted" grep -q '"result": *"reverted"' /run/earlynet/state.json
	check "kernel log: the revert and its reason" sh -c \
		'dmesg | grep -q "REVERTED: the old configuration is back" &&
		dmesg | grep -q "reason: probe failed: management vmbr1.99"'

	# 2. balance-rr against the LACP switch, not confirmed
	sed -e 's/^mode = 802.3ad$/mode = balance-rr/' -e '/^xmit_hash_policy/d' \
		-e '/^lacp_rate/d' "$CONF" >/etc/earlynet/try.ini
	earlynet_run try /etc/earlynet/try.ini --timeout 20
	check_eq "try (balance-rr, not confirmed) exit code" "$RC" 2
	check "reverted at the timeout" grep -q "not confirmed within 20 s" /tmp/earlynet.out
	check "kernel log: reverted at the timeout" sh -c \
		'dmesg | grep -q "reason: not confirmed within 20 s"'
	check_eq "bond0 mode again" "$(bond_opt bond0 mode)" "802.3ad 4"
	check "bond0 LACP converged again" wait_for 60 lacp_converged bond0
	check "ping 10.25.10.1 after the second revert" ping_ok 10.25.10.1
	check_mgmt
	check "the config file unchanged" cmp "$CONF" /tmp/conf.before

	# 3. a good change, a new VLAN, confirmed from another shell
	cp "$CONF" /etc/earlynet/try.ini
	printf '\n[vlan vmbr1.70]\naddress = 10.25.70.231/24\n' >>/etc/earlynet/try.ini
	check "bond0 converged before the good change" wait_for 60 lacp_converged bond0
	snapshot >/tmp/snap.before
	earlynet_bg try /etc/earlynet/try.ini --timeout 300
	check "try waits for a confirmation" wait_for 120 \
		grep -q '^phase=waiting' /run/earlynet/try.pending
	check "vmbr1.70 made while pending" test -e /sys/class/net/vmbr1.70
	earlynet_run confirm
	check_eq "confirm exit code" "$RC" 0
	earlynet_wait
	check_eq "try (confirmed) exit code" "$RC" 0
	check "vmbr1.70 kept" vlan_ok vmbr1.70 70 vmbr1
	check "vmbr1.70 has its address" has_addr vmbr1.70 10.25.70.231/24
	check "the config file replaced" cmp "$CONF" /etc/earlynet/try.ini
	check_eq "the config file's mode" "$(stat -c %a "$CONF")" 600
	snapshot | grep -v '^vmbr1\.70 ' >/tmp/snap.after
	check "nothing else bounced" cmp /tmp/snap.before /tmp/snap.after
	check "ping 10.25.10.1 after the good change" ping_ok 10.25.10.1
	check_mgmt
}
