# bond-timers.sh - bond timers as the kernel takes them: a bond with
# miimon = 0 is created (no delay is sent to a new bond unless meant: the
# kernel refuses any, even 0, without miimon), and delays that are
# multiples of miimon are set once: the next plan has nothing to do.
# Then lacp_rate on the converged bond (the kernel wants it down: that
# flushes the IPv6 addresses and routes of bond0.70, a VLAN on it, which
# goes down and up with it): after the one `up`, they are back, IPv6 on
# vmbr1 above is there, exit 0, and the next plan has nothing to do.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=480	# four ups, two plans and a check
vm_test() {
	conf_set fallback none
	sed 's/^miimon = 100$/miimon = 0/' $CONF >/tmp/conf.new
	cat /tmp/conf.new >$CONF
	check "miimon = 0 is in the file" grep -qx 'miimon = 0' $CONF
	earlynet_run check
	check_eq "miimon = 0: check exit code" "$RC" 0
	earlynet_run up
	check "miimon = 0: bond0 created" test -d /sys/class/net/bond0/bonding
	check_eq "miimon = 0: bond0 miimon" "$(bond_opt bond0 miimon 2>/dev/null)" 0
	check_eq "miimon = 0: spf0 in bond0" "$(master_of spf0)" bond0
	check_eq "miimon = 0: spf1 in bond0" "$(master_of spf1)" bond0

	sed 's/^miimon = 0$/miimon = 100\nupdelay = 200\ndowndelay = 100/' $CONF >/tmp/conf.new
	cat /tmp/conf.new >$CONF
	earlynet_run up
	check_eq "delays: bond0 miimon" "$(bond_opt bond0 miimon)" 100
	check_eq "delays: bond0 updelay" "$(bond_opt bond0 updelay)" 200
	check_eq "delays: bond0 downdelay" "$(bond_opt bond0 downdelay)" 100

	$EARLYNET plan >/tmp/plan.out 2>&1
	sed 's/^/| plan: /' /tmp/plan.out
	check "delays: the next plan has nothing to do" grep -qx 'nothing to do' /tmp/plan.out

	# IPv6 on the bridge above bond0, a VLAN on bond0 itself with an IPv6
	# address and a route; converged first.
	sed 's|^ports = bond0$|&\naddress = fd00:10::231/64|' $CONF >/tmp/conf.new
	printf '\n[vlan bond0.70]\naddress = 10.70.0.231/24\naddress = fd00:70::231/64\nroute = 198.51.100.0/24 via 10.70.0.1\n' \
		>>/tmp/conf.new
	cat /tmp/conf.new >$CONF
	earlynet_run up
	check_eq "bond0.70: up exit code" "$RC" 0
	check "bond0.70: has fd00:70::231/64" has_addr bond0.70 fd00:70::231/64
	check "vmbr1: has fd00:10::231/64" has_addr vmbr1 fd00:10::231/64

	sed 's/^lacp_rate = slow$/lacp_rate = fast/' $CONF >/tmp/conf.new
	cat /tmp/conf.new >$CONF
	earlynet_run up
	check_eq "lacp_rate: up exit code" "$RC" 0
	check_eq "lacp_rate: bond0 lacp_rate" "$(bond_opt bond0 lacp_rate)" "fast 1"
	check_eq "lacp_rate: bond0.70 up" "$(( $(cat /sys/class/net/bond0.70/flags) & 1 ))" 1
	check "lacp_rate: bond0.70 has 10.70.0.231/24" has_addr bond0.70 10.70.0.231/24
	check "lacp_rate: bond0.70 has fd00:70::231/64 again" has_addr bond0.70 fd00:70::231/64
	check "lacp_rate: the route via bond0.70 is back" \
		sh -c "$IP route show 198.51.100.0/24 | grep -q 'via 10.70.0.1 dev bond0.70'"
	check "lacp_rate: vmbr1 has fd00:10::231/64" has_addr vmbr1 fd00:10::231/64
	check "lacp_rate: vmbr1.10 has 10.25.10.231/24" has_addr vmbr1.10 10.25.10.231/24
	$EARLYNET plan >/tmp/plan.out 2>&1
	sed 's/^/| plan: /' /tmp/plan.out
	check "lacp_rate: the next plan has nothing to do" grep -qx 'nothing to do' /tmp/plan.out
}
