# bad-config.sh - a config error: exit 1 and the kernel's state untouched
# (no rename, no bond, nothing up).
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
vm_test() {
	cat >>"$CONF" <<-'EOC'

	[vlan vmbr1.70]
	id = 5000
	address = 10.25.70.231/24
	EOC
	snapshot >/tmp/before
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 1
	snapshot >/tmp/after
	check "nothing changed" diff /tmp/before /tmp/after
	check_eq "mgmt NIC keeps the kernel's name" "$(nic_by_mac 58:47:ca:76:76:fe)" eth1
	check_eq "spf0 NIC keeps the kernel's name" "$(nic_by_mac 58:47:ca:76:76:fb)" eth3
	check "no bond0" test ! -e /sys/class/net/bond0
	check "no vmbr0" test ! -e /sys/class/net/vmbr0
}
