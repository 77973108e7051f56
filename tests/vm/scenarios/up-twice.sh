# up-twice.sh - a second up on a system that matches the file changes
# nothing: same interfaces, same ifindexes, no carrier bounced, exit 0.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
vm_test() {
	earlynet_run up
	check_eq "first up exit code" "$RC" 0
	snapshot >/tmp/before
	earlynet_run up
	check_eq "second up exit code" "$RC" 0
	snapshot >/tmp/after
	check "nothing bounced or recreated" diff /tmp/before /tmp/after
	check_node01
	snapshot >/tmp/final
	check "checks bounced nothing either" diff /tmp/before /tmp/final
}
