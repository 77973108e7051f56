# console.sh - the recovery console on a converged node01: plan has nothing
# to do; fallback --yes leaves management alone (exit 2); up brings the rest
# back; down --yes removes every bond, bridge and VLAN and leaves the NICs
# named and down; up converges once more. Each step judged by the kernel.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=300

DATA="bond0 vmbr1 vmbr1.10 vmbr1.20 vmbr1.30 vmbr1.40 vmbr1.50 vmbr1.60"

gone() { test ! -e "/sys/class/net/$1"; }
no_master() { test ! -e "/sys/class/net/$1/master"; }
state_says() { grep -q "\"result\": \"$1\"" /run/earlynet/state.json; }
show_state() { grep -E '^  "(command|result|exit_code|reason)"' /run/earlynet/state.json | sed 's/^/| /'; }

# check_ports_free NICS: each is down and nobody's port.
check_ports_free() {
	for p in "$@"; do
		check "$p down" is_down "$p"
		check "$p nobody's port" no_master "$p"
	done
}

vm_test() {
	say "1: up"
	earlynet_run up
	check_eq "first up exit code" "$RC" 0
	check_node01

	say "2: plan"
	$EARLYNET plan >/tmp/plan.out 2>/tmp/plan.err
	check_eq "plan exit code" "$?" 0
	sed 's/^/| /' /tmp/plan.out /tmp/plan.err
	check_eq "plan prints exactly 'nothing to do'" "$(cat /tmp/plan.out)" "nothing to do"
	check_eq "plan prints one line" "$(wc -l </tmp/plan.out)" 1
	check_eq "plan says nothing on stderr" "$(cat /tmp/plan.err)" ""

	say "3: fallback --yes"
	earlynet_run fallback --yes
	check_eq "fallback exit code" "$RC" 2
	for d in $DATA; do
		check "$d gone after fallback" gone "$d"
	done
	check_ports_free spf0 spf1
	check_names
	check_mgmt
	check "state.json says fallback" state_says fallback
	show_state

	say "4: up again"
	earlynet_run up
	check_eq "up after fallback exit code" "$RC" 0
	check_node01

	say "5: down --yes"
	earlynet_run down --yes
	check_eq "down exit code" "$RC" 0
	for d in vmbr0 $DATA; do
		check "$d gone after down" gone "$d"
	done
	check_names
	check_ports_free eth0 eth1 spf0 spf1
	check "state.json says down" state_says down
	show_state

	say "6: up once more"
	earlynet_run up
	check_eq "up after down exit code" "$RC" 0
	check_node01
}
