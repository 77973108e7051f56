# status.sh - `earlynet status` and `status --json` after up, against the
# kernel's own word: LACP port states and partner MAC from the bonding
# sysfs, MTUs, addresses and the default route from ip; no differences on a
# converged node. Then drift (a VLAN deleted, an address gone, TSO back on,
# a port's MTU changed): both forms report it.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest

# lacp_words STATE: the names of the 802.3ad port state bits, low bit first.
lacp_words() {
	w='' b=1
	for n in activity timeout aggregation sync collecting distributing defaulted expired; do
		[ $(($1 & b)) = 0 ] || w="$w $n"
		b=$((b * 2))
	done
	echo "${w:- none}" | sed 's/^ //'
}

# json_flat: the interfaces of the --json document on stdin as
# "NAME KEY VALUE" lines, one per scalar and one per array element (the
# document is printed one value a line, two spaces an indent level).
json_flat() {
	awk '
	/^  "last_run"/ { exit }
	/^      "name": / { cur = $2; gsub(/[",]/, "", cur) }
	{ s = $0; sub(/^ +/, "", s); sub(/,$/, "", s) }
	s ~ /^"[a-z_]+": / {
		k = s; sub(/":.*/, "", k); sub(/^"/, "", k)
		v = s; sub(/^"[a-z_]+": /, "", v)
		if (v == "[") { arr = k; next }
		if (v == "{" || v == "[]") next
		gsub(/"/, "", v)
		print cur, k, v
		next
	}
	s ~ /^\]/ { arr = "" }
	s ~ /^"/ && arr != "" { gsub(/"/, "", s); print cur, arr, s }'
}

# text_flat: the tree of the text form on stdin as "NAME FIELD" lines, one
# per field of that interface (fields are two spaces apart), tree drawing
# stripped.
text_flat() {
	awk '
	/^$/ { exit }
	{
		s = $0
		if (s ~ /^[ |]*[`|]- / || s ~ /^[^ |`]/) {
			sub(/^[ |]*[`|]- /, "", s)
			cur = s; sub(/ .*/, "", cur); sub(/^[^ ]* */, "", s)
		} else {
			sub(/^[ |]+/, "", s)
		}
		n = split(s, f, /   */)
		for (i = 1; i <= n; i++)
			if (f[i] != "")
				print cur, f[i]
	}'
}

# get FILE NAME KEY: the values of KEY of interface NAME, one a line.
get() { sed -n "s/^$2 $3 //p" "$1"; }

# status_read: both forms into /tmp/st.txt, /tmp/st.json and their flat
# forms, then the kernel's view into /tmp/ip.link, /tmp/ip.addr.
status_read() {
	$EARLYNET status >/tmp/st.txt 2>&1
	check_eq "earlynet status exit code" "$?" 0
	$EARLYNET status --json >/tmp/st.json 2>/tmp/st.err
	check_eq "earlynet status --json exit code" "$?" 0
	sed 's/^/| /' /tmp/st.txt
	text_flat </tmp/st.txt >/tmp/st.tflat
	json_flat </tmp/st.json >/tmp/st.jflat
	$IP -o link show >/tmp/ip.link
	$IP -o addr show scope global >/tmp/ip.addr
}

NODE01="eth0 eth1 spf0 spf1 vmbr0 bond0 vmbr1 vmbr1.10 vmbr1.20 vmbr1.30 vmbr1.40 vmbr1.50 vmbr1.60"

# check_mtu_addrs NAME: status's MTU and global addresses of NAME are ip's.
check_mtu_addrs() {
	mtu=$(sed -n "s/^[0-9]*: $1[@:].* mtu \([0-9]*\) .*/\1/p" /tmp/ip.link)
	check_eq "$1: json mtu is ip's" "$(get /tmp/st.jflat "$1" mtu)" "$mtu"
	check "$1: text mtu is ip's" grep -qx "$1 mtu $mtu" /tmp/st.tflat
	want=$(awk -v d="$1" '$2 == d { print $4 }' /tmp/ip.addr | sort)
	check_eq "$1: json addresses are ip's" \
		"$(get /tmp/st.jflat "$1" addresses | grep -v '^fe80:' | sort)" "$want"
	for a in $want; do
		check "$1: text shows $a" grep -qx "$1 $a" /tmp/st.tflat
	done
}

vm_test() {
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	# up returns once one port is ready; the states compared below are
	# those of a bond at rest, both ports in.
	check "spf0 spf1 in bond0's active aggregator" wait_for 30 lacp_converged bond0 "spf0 spf1"
	status_read
	for n in $NODE01; do
		check_eq "$n: json present" "$(get /tmp/st.jflat "$n" present)" true
		check_mtu_addrs "$n"
	done
	check_eq "json lists node01's interfaces once each" \
		"$(sed -n 's/^\([^ ]*\) present .*/\1/p' /tmp/st.jflat | sort | tr '\n' ' ')" \
		"$(echo "$NODE01" | tr ' ' '\n' | sort | tr '\n' ' ')"
	check "text: no differences" sh -c "! grep -F '!!' /tmp/st.txt"
	check "json: no differences" sh -c "! grep ' differences ' /tmp/st.jflat"
	check_eq "json: bond0 converged" "$(get /tmp/st.jflat bond0 lacp_converged)" true
	pmac=$(cat /sys/class/net/bond0/bonding/ad_partner_mac)
	check_eq "json: bond0 partner MAC is sysfs's" "$(get /tmp/st.jflat bond0 partner_mac)" "$pmac"
	check "text: bond0 partner $pmac" grep -qx "bond0 partner $pmac" /tmp/st.tflat
	for p in spf0 spf1; do
		for who in actor partner; do
			s=$(cat /sys/class/net/$p/bonding_slave/ad_${who}_oper_port_state)
			w=$(lacp_words "$s")
			check_eq "json: $p ${who}_state is sysfs's" "$(get /tmp/st.jflat $p ${who}_state)" "$s"
			check_eq "json: $p ${who}_state_words" "$(get /tmp/st.jflat $p ${who}_state_words)" "$w"
			check_eq "text: $p $who" "$(get /tmp/st.tflat $p "$who:")" "$w"
		done
		check_eq "json: $p in the active aggregator" \
			"$(get /tmp/st.jflat $p in_active_aggregator)" true
	done
	check_eq "json: default route of vmbr0" "$(get /tmp/st.jflat vmbr0 default_routes)" \
		"$($IP -4 route show default | sed -n 's/^default via \([^ ]*\) dev vmbr0.*/\1/p')"
	check "text: vmbr0 default via 10.16.207.1" grep -qx "vmbr0 default via 10.16.207.1" /tmp/st.tflat

	say "drift: vmbr1.30 deleted, 10.25.60.231/24 gone, spf0 tso on, spf1 mtu 1400"
	$IP -batch - <<-EOF
	link del vmbr1.30
	addr del 10.25.60.231/24 dev vmbr1.60
	link set spf1 mtu 1400
	EOF
	$ETHTOOL -K spf0 tso on >/dev/null
	status_read
	check_eq "json: vmbr1.30 not present" "$(get /tmp/st.jflat vmbr1.30 present)" false
	check_eq "json: vmbr1.30 missing" "$(get /tmp/st.jflat vmbr1.30 differences)" missing
	check "text: !! vmbr1.30 missing" grep -qx 'vmbr1.30 !! missing' /tmp/st.tflat
	check "json: vmbr1.60 address missing" sh -c \
		"sed -n 's/^vmbr1.60 differences //p' /tmp/st.jflat | grep -q 10.25.60.231/24"
	check "text: !! vmbr1.60 address" grep -q '^vmbr1.60 !! .*10.25.60.231/24' /tmp/st.tflat
	check "json: spf0 tso difference" sh -c \
		"sed -n 's/^spf0 differences //p' /tmp/st.jflat | grep -q tso"
	check "text: !! spf0 tso" grep -q '^spf0 !! .*tso' /tmp/st.tflat
	check_eq "json: spf0 tso" "$(get /tmp/st.jflat spf0 tso)" on
	for n in vmbr0 eth0 vmbr1.10; do
		check "text: no !! on $n" sh -c "! grep -q '^$n !!' /tmp/st.tflat"
		check_eq "json: no differences on $n" "$(get /tmp/st.jflat $n differences)" ""
	done
	check_eq "ip: spf1 mtu 1400" "$(cat /sys/class/net/spf1/mtu)" 1400
	for n in spf1 vmbr1.60 vmbr1.10; do
		check_mtu_addrs "$n"
	done
}
