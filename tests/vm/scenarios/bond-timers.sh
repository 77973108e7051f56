# bond-timers.sh - bond timers as the kernel takes them: a bond with
# miimon = 0 is created (no delay is sent to a new bond unless meant: the
# kernel refuses any, even 0, without miimon), and delays that are
# multiples of miimon are set once: the next plan has nothing to do.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=300	# two ups, a plan and a check
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
}
