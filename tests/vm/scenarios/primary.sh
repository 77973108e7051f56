# primary.sh - an active-backup bond with primary = spf1 on a real kernel:
# the bonding driver reports spf1 as primary and active slave, takes spf0
# when spf1's wire is cut and spf1 back when it returns; a second up
# changes nothing, and status shows the primary.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH=nobond

vm_test() {
	sed -e 's/^mode = 802\.3ad$/mode = active-backup\nprimary = spf1/' \
		-e '/^lacp_rate = /d' $CONF >/tmp/conf.new
	cat /tmp/conf.new >$CONF
	check "the file asks for primary = spf1" grep -qx 'primary = spf1' $CONF
	earlynet_run check
	check_eq "earlynet check exit code" "$RC" 0
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check_names
	check_mgmt
	check_eq "bond0 mode" "$(bond_opt bond0 mode)" "active-backup 1"
	check_eq "bond0 primary" "$(bond_opt bond0 primary)" spf1
	check "spf1 is the active slave" wait_for 10 sh -c "[ \"\$(cat /sys/class/net/bond0/bonding/active_slave)\" = spf1 ]"
	earlynet_run plan
	check_eq "earlynet plan exit code" "$RC" 0
	check "a second up would change nothing" sh -c "$EARLYNET plan 2>&1 | grep -qx 'nothing to do'"
	check "status shows the primary" sh -c "$EARLYNET status 2>&1 | grep -q 'primary spf1'"
	wire_cut spf1
	check "spf0 takes over" wait_for 10 sh -c "[ \"\$(cat /sys/class/net/bond0/bonding/active_slave)\" = spf0 ]"
	wire_restore spf1
	check "spf1 is active again" wait_for 20 sh -c "[ \"\$(cat /sys/class/net/bond0/bonding/active_slave)\" = spf1 ]"
}
