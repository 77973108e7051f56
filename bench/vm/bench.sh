# bench.sh - bench/run's VM scenario: node01 up once against the LACP
# switch, with a watcher that stamps in the kernel log the moment the
# kernel's own bond report (/proc/net/bonding/bond0) first shows LACP
# converged. earlynet logs to the kernel log too (stderr is a pipe here),
# so both stamps come from one clock. The state file and the stamped log
# go to the console between @@BENCH markers for the host to read.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_TIMEOUT=240
vm_test() {
	# Every line into the kernel log: no rate limit on /dev/kmsg writers.
	echo on >/proc/sys/kernel/printk_devkmsg
	(
		n=0
		echo "bench: watcher started" >/dev/kmsg
		until lacp_converged bond0 2>/dev/null; do n=$((n + 1)); done
		echo "bench: kernel reports bond0 LACP converged (after $n polls)" >/dev/kmsg
	) &
	watcher=$!
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	sleep 1
	kill "$watcher" 2>/dev/null
	check_node01
	echo "@@BENCH-STATE-BEGIN"
	cat /run/earlynet/state.json
	echo "@@BENCH-STATE-END"
	echo "@@BENCH-KMSG-BEGIN"
	dmesg | grep -E 'earlynet: |bench: '
	echo "@@BENCH-KMSG-END"
}
