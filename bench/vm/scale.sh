# scale.sh - bench/vm-scale's VM scenario: at each size N, N VLANs
# vmbr1.1 .. vmbr1.N, each up and holding 10.A.B.231/24, on the bridge
# vmbr1 on the bond bond0 of spf0 and spf1 (renamed by MAC from the
# kernel's names), built by earlynet (a first `up`, then a second with
# nothing to do) and by an `ip -batch` script doing the same work, in
# turns. Every run is checked from the kernel before it counts; between
# runs the node goes back to the boot state (bridge and bond deleted, the
# NICs down under their kernel names). Before every timed run the node
# waits for a quiet kernel (bench/settle). The raw lines go to the console
# between @@SCALE-RAW markers, progress as "vmscale:" lines.
#
# The bond is active-backup against a plain switch bridge: an 802.3ad bond
# adds earlynet's wait for LACP (seconds under TCG, the same at every size,
# see bench/vm-phases) that `ip -batch` does not do; the scale cost is the
# devices, not the wait.
#
# The host (bench/vm-scale) generates the inputs into $VMSCALE_FILES, which
# vm_host_files puts into /vmtest/host: sizes, runs, settle bounds, the
# static measure and settle, and per size N/earlynet.ini and N/ip.batch
# (without the renames, which use the kernel's names found here).
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH=nobond
VM_TIMEOUT=${VMSCALE_TIMEOUT:-900}

vm_host_files() {
	[ -n "${VMSCALE_FILES:-}" ] && [ -d "$VMSCALE_FILES" ] || { echo "VMSCALE_FILES not set"; return 1; }
	cp -r "$VMSCALE_FILES"/. "$1"/
}

H=/vmtest/host

# vs_reset: back to the boot state: no bridge, no bond, no VLANs, the NICs
# down under their kernel names.
vs_reset() {
	{
		[ -e /sys/class/net/vmbr1 ] && echo "link del vmbr1"
		[ -e /sys/class/net/bond0 ] && echo "link del bond0"
		for w in spf0 spf1; do
			d=$(nic_by_mac "$(wire_mac $w)") || continue
			eval "k=\$kname_$w"
			echo "link set $d down"
			[ "$d" = "$k" ] || echo "link set $d name $k"
		done
	} >/tmp/reset.batch
	$IP -force -batch /tmp/reset.batch || return 1
	rm -f /run/earlynet/state.json
	[ ! -e /sys/class/net/vmbr1 ] && [ ! -e /sys/class/net/bond0 ]
}

# vs_verify N: the end state from the kernel; prints what is wrong.
vs_verify() {
	for w in spf0 spf1; do
		[ "$(perm_mac $w)" = "$(wire_mac $w)" ] || { echo "$w is not $(wire_mac $w)"; return 1; }
		[ "$(master_of $w)" = bond0 ] || { echo "$w is not a port of bond0"; return 1; }
		is_up $w || { echo "$w is down"; return 1; }
	done
	case $(bond_opt bond0 mode) in active-backup*) ;; *) echo "bond0 is not active-backup"; return 1 ;; esac
	[ "$(master_of bond0)" = vmbr1 ] || { echo "bond0 is not a port of vmbr1"; return 1; }
	is_up bond0 || { echo "bond0 is down"; return 1; }
	is_up vmbr1 || { echo "vmbr1 is down"; return 1; }
	[ "$(cat /sys/class/net/vmbr1/bridge/stp_state)" = 0 ] || { echo "vmbr1: STP on"; return 1; }
	$IP -o link show >/tmp/links && $IP -o -4 addr show >/tmp/addrs || return 1
	awk -v n="$1" '
	FILENAME == "/proc/net/vlan/config" {
		# "vmbr1.7        | 7  | vmbr1"
		if ($2 == "|") vid[$1] = $3 " " $5
		next
	}
	FILENAME == "/tmp/links" {
		name = $2; sub(/:$/, "", name); sub(/@.*/, "", name)
		up[name] = ($3 ~ /[<,]UP[,>]/)
		next
	}
	{ addr[$2 " " $4] = 1 }
	END {
		for (i = 1; i <= n; i++) {
			v = "vmbr1." i
			if (!(v in vid)) { print v " missing"; exit 1 }
			if (vid[v] != i " vmbr1") { print v " is " vid[v]; exit 1 }
			if (!up[v]) { print v " is down"; exit 1 }
			a = sprintf("10.%d.%d.231/24", 100 + int(i / 256), i % 256)
			if (!((v " " a) in addr)) { print v " does not hold " a; exit 1 }
		}
	}' /proc/net/vlan/config /tmp/links /tmp/addrs
}

vs_settle() {
	[ "$(cat $H/settle_ms)" -gt 0 ] || return 0
	o=$($H/settle "$(cat $H/settle_ms)" "$(cat $H/settle_max_ms)") ||
		{ UNSETTLED=$((UNSETTLED + 1)); echo "vmscale: settle: $o"; }
}

# vs_measure TOOL N PHASE CMD...: one timed run, checked; a raw line.
vs_measure() {
	t=$1 n=$2 ph=$3
	shift 3
	vs_settle
	r=$($H/measure "$@" 2>/tmp/vs.log </dev/null | tail -n 1)
	[ -n "$r" ] || r="98 nan nan nan nan"
	set -- $r
	rc=$1
	if [ "$rc" = 0 ] && ! why=$(vs_verify "$n"); then
		echo "vmscale: $t $n $ph: wrong end state: $why"
		rc=99
	elif [ "$rc" != 0 ]; then
		echo "vmscale: $t $n $ph: exit $rc: $(tail -n 3 /tmp/vs.log | tr '\n' ' ')"
	fi
	own=nan
	[ "$t" = earlynet ] && own=$(sed -n 's/.*(\([0-9.]*\) ms of own work.*/\1/p' /tmp/vs.log | tail -n 1)
	echo "$t $n $ph $rc $2 $3 $4 $5 ${own:-nan}" >>/tmp/raw
	echo "vmscale: $t $n $ph: rc $rc wall $2 ms cpu $3+$4 ms rss $5 KiB, $(cut -d' ' -f1 /proc/uptime)s since boot"
}

vs_cmd() {
	n=$1
	shift
	r=$($H/measure $EARLYNET -c "$H/$n/earlynet.ini" "$@" 2>/dev/null </dev/null | tail -n 1)
	[ -n "$r" ] || r="98 nan nan nan nan"
	w=$(echo "$*" | tr -d ' ')
	echo "earlynet $n $w $r nan" >>/tmp/raw
}

vm_test() {
	UNSETTLED=0
	: >/tmp/raw
	for w in spf0 spf1; do
		eval "kname_$w=\$(nic_by_mac \"\$(wire_mac $w)\")"
	done
	for n in $(cat $H/sizes); do
		# the ip batch: renames by the kernel's names found here
		{
			echo "link set $kname_spf0 name spf0"
			echo "link set $kname_spf1 name spf1"
			cat "$H/$n/ip.batch"
		} >"/tmp/ip.$n.batch"
		k=0
		while [ $k -lt "$(cat $H/runs)" ]; do
			order="earlynet ip-batch"
			[ $((k % 2)) = 1 ] && order="ip-batch earlynet"
			for t in $order; do
				vs_reset || { fail "reset before $t at $n"; return 1; }
				if [ $t = earlynet ]; then
					vs_measure earlynet "$n" up $EARLYNET -c "$H/$n/earlynet.ini" up
					vs_measure earlynet "$n" reup $EARLYNET -c "$H/$n/earlynet.ini" up
					vs_cmd "$n" status
					vs_cmd "$n" status --json
					vs_cmd "$n" plan
				else
					vs_measure ip-batch "$n" up $IP -batch "/tmp/ip.$n.batch"
				fi
			done
			k=$((k + 1))
		done
	done
	vs_reset
	echo "vmscale: $UNSETTLED settle waits hit their bound"
	echo "@@SCALE-RAW-BEGIN"
	cat /tmp/raw
	echo "@@SCALE-RAW-END"
	echo "@@SCALE-UNSETTLED $UNSETTLED"
}
