# lib.sh - guest side of the VM tier: the simulated switch and the checks
#
# Runs under busybox sh inside the VM. Busybox's sh prefers its own applets,
# so iproute2 and ethtool are always called by full path.

IP=/usr/sbin/ip
BRIDGE=/usr/sbin/bridge		# iproute2's, for bridge VLANs
PING=/usr/sbin/ping		# iputils', for -M do (busybox's has no -M)
ETHTOOL=/usr/sbin/ethtool
EARLYNET=/usr/sbin/earlynet
CONF=/etc/earlynet/earlynet.ini
VM_FAILS=0

# Settings a scenario may override (guest side).
VM_SWITCH=lacp			# lacp | nobond | split | half
VM_BONDING_ARGS=max_bonds=0	# "" leaves the stale balance-rr bond0
VM_SW_MTU=1500			# of the switch's data side (9000: jumbo frames)

say() { echo "vmtest: $*"; }
pass() { echo "ok - $*"; }
fail() {
	echo "not ok - $*"
	VM_FAILS=$((VM_FAILS + 1))
}

# check DESC CMD...: CMD must succeed.
check() {
	d=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then pass "$d"; else
		fail "$d"
		sed 's/^/#   /' /tmp/check.out
	fi
}

# check_eq DESC GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

uptime_s() { cut -d. -f1 /proc/uptime; }

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds.
wait_for() {
	end=$(($(uptime_s) + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(uptime_s)" -lt "$end" ] || return 1
		usleep 200000
	done
}

# The host runs this qemu monitor command when it sees the line.
vm_monitor() { echo "@@VMTEST-MONITOR $*"; }

# wire_cut NAME / wire_restore NAME: take the carrier of a node NIC's wire
# (mgmt, unused, spf0, spf1) away and back, and wait until the node sees it.
wire_cut() {
	vm_monitor "set_link nic-$1 off"
	wait_for 20 carrier_is "$(wire_mac "$1")" 0 || fail "wire $1 cut: carrier still on"
}
wire_restore() {
	vm_monitor "set_link nic-$1 on"
	wait_for 20 carrier_is "$(wire_mac "$1")" 1 || fail "wire $1 restored: carrier still off"
}
carrier_is() { [ "$(cat "/sys/class/net/$(nic_by_mac "$1")/carrier" 2>/dev/null)" = "$2" ]; }

wire_mac() { sed -n "s/^$1:[0-9]*:\([^:]*:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*\):.*/\1/p" /vmtest/wires; }
sw_mac() { sed -n "s/^$1:[0-9]*:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:\(.*\)$/\1/p" /vmtest/wires; }

# nic_by_mac MAC: the root namespace's NIC with this permanent address
# (a bond port's current address is the bond's; the bond keeps the real one).
nic_by_mac() {
	for d in /sys/class/net/*; do
		[ -e "$d/device" ] || continue
		if [ -e "$d/bonding_slave/perm_hwaddr" ]; then
			read -r a <"$d/bonding_slave/perm_hwaddr"
		else
			read -r a <"$d/address"
		fi
		[ "$a" = "$1" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

load_modules() {
	while read -r m; do
		a=
		[ "$m" = bonding ] && a=$VM_BONDING_ARGS
		# shellcheck disable=SC2086
		insmod "/lib/modules/$m.ko" $a || fail "insmod $m"
	done </vmtest/modules
}

# sw_setup: the simulated switches, each in its own namespace so that the
# management network cannot route to the data plane's gateways: "swm" holds
# the management wire in a bridge with 10.16.207.1; "sw" holds the unused
# wire and the SFP+ wires in an 802.3ad bond (or, VM_SWITCH=nobond, a plain
# bridge: LACP never answers) with VLANs 10..60 holding 10.25.X.1.
sw_setup() {
	mkdir -p /run/netns
	for ns in swm sw; do
		touch "/run/netns/$ns"
		unshare --net="/run/netns/$ns" true || return 1
	done
	for w in mgmt unused spf0 spf1; do
		ns=sw
		[ $w = mgmt ] && ns=swm
		d=$(nic_by_mac "$(sw_mac "$w")") || { fail "switch NIC for $w missing"; return 1; }
		$IP link set "$d" netns $ns || return 1
		$IP -n $ns link set "$d" name "sw-$w" || return 1
	done
	# One ip process per namespace: each start of the dynamic ip costs
	# a tenth of a second under TCG.
	$IP -n swm -batch - <<-EOF || return 1
	link set lo up
	link add swmgmt type bridge stp_state 0 forward_delay 0
	link set sw-mgmt master swmgmt up
	addr add 10.16.207.1/24 dev swmgmt
	link set swmgmt up
	EOF
	{
		echo "link set lo up"
		echo "link set sw-unused up"
		sw_data_batch
	} | $IP -n sw -batch -
}

# sw_data_batch: the ip -batch lines of the data side in "sw": swdata as
# VM_SWITCH says, with VM_SW_MTU, an untagged 10.30.0.1/24 (for management
# on the node's bond) and VLANs 10..60 holding 10.25.X.1.
sw_data_batch() {
	case $VM_SWITCH in
	lacp)
		echo "link add swdata type bond mode 802.3ad lacp_rate fast miimon 100"
		echo "link set swdata mtu $VM_SW_MTU"
		echo "link set sw-spf0 master swdata"
		echo "link set sw-spf1 master swdata"
		;;
	nobond)
		echo "link add swdata type bridge stp_state 0 forward_delay 0"
		echo "link set sw-spf0 mtu $VM_SW_MTU"
		echo "link set sw-spf1 mtu $VM_SW_MTU"
		echo "link set sw-spf0 master swdata up"
		echo "link set sw-spf1 master swdata up"
		echo "link set swdata mtu $VM_SW_MTU"
		;;
	split)
		# Two switches that are not one LAG: a bond per wire,
		# each its own LACP system (its own MAC), one bridge.
		echo "link add swdata type bridge stp_state 0 forward_delay 0"
		for p in spf0 spf1; do
			echo "link add swlag-$p type bond mode 802.3ad lacp_rate fast miimon 100"
			echo "link set sw-$p master swlag-$p"
			echo "link set swlag-$p master swdata up"
		done
		;;
	half)
		# spf0's switch port in a LAG, spf1's a plain port.
		echo "link add swdata type bridge stp_state 0 forward_delay 0"
		echo "link add swlag type bond mode 802.3ad lacp_rate fast miimon 100"
		echo "link set sw-spf0 master swlag"
		echo "link set swlag master swdata up"
		echo "link set sw-spf1 master swdata up"
		;;
	esac
	echo "link set swdata up"
	echo "addr add 10.30.0.1/24 dev swdata"
	for v in 10 20 30 40 50 60; do
		echo "link add link swdata name swdata.$v type vlan id $v"
		echo "addr add 10.25.$v.1/24 dev swdata.$v"
		echo "link set swdata.$v up"
	done
}

# sw_rebuild MODE: the switch's data side again, now as MODE (lacp, nobond):
# the operator fixed the switch.
sw_rebuild() {
	VM_SWITCH=$1
	{
		echo "link del swdata"
		echo "link set sw-spf0 down"
		echo "link set sw-spf1 down"
		sw_data_batch
	} | $IP -n sw -batch -
}

# lldp_start SYSTEM: the switch speaks LLDP on its SFP+ ports (sw-spf0 as
# Ethernet1/1, sw-spf1 as Ethernet1/2), once a second, until lldp_stop.
lldp_start() {
	nsenter --net=/run/netns/sw /usr/sbin/lldp-send "$1" sw-spf0=Ethernet1/1 \
		sw-spf1=Ethernet1/2 &
	LLDP_PID=$!
}
lldp_stop() { kill "$LLDP_PID" 2>/dev/null; wait "$LLDP_PID" 2>/dev/null; }

# proc_agg PORT: the aggregator id /proc/net/bonding/bond0 gives PORT.
proc_agg() {
	sed -n "/^Slave Interface: $1\$/,/^Slave Interface/s/^Aggregator ID: //p" \
		/proc/net/bonding/bond0 | head -n 1
}
# proc_active_agg: the active aggregator's id.
proc_active_agg() {
	sed -n '/^Active Aggregator Info:/,/^$/s/^[[:space:]]*Aggregator ID: //p' \
		/proc/net/bonding/bond0 | head -n 1
}

# conf_set KEY VALUE: set a [global] key in the config, keeping the file
# (root, 0644) as it is.
conf_set() {
	sed "/^$1[ =]/d" $CONF | sed "s/^\[global\]\$/[global]\n$1 = $2/" >/tmp/conf.new
	cat /tmp/conf.new >$CONF
}

# earlynet_run ARGS...: run earlynet, its output on the console as it
# comes (and in /tmp/earlynet.out), its exit code in RC.
earlynet_run() {
	say "earlynet $*"
	{
		$EARLYNET "$@" 2>&1
		echo $? >/tmp/earlynet.rc
	} | tee /tmp/earlynet.out | sed 's/^/| /'
	RC=$(cat /tmp/earlynet.rc)
	say "earlynet exit $RC, $(cut -d' ' -f1 /proc/uptime)s since boot"
}

# earlynet_bg ARGS...: start earlynet in the background (BG_PID);
# earlynet_wait collects it (output, RC).
earlynet_bg() {
	say "earlynet $* (background)"
	$EARLYNET "$@" >/tmp/earlynet.bg 2>&1 &
	BG_PID=$!
}
earlynet_wait() {
	wait "$BG_PID"
	RC=$?
	sed 's/^/| /' /tmp/earlynet.bg
	say "earlynet exit $RC, $(cut -d' ' -f1 /proc/uptime)s since boot"
}
running() { kill -0 "$1" 2>/dev/null; }

# snapshot: every interface's name, index, MAC, flags and carrier changes.
snapshot() {
	for d in /sys/class/net/*; do
		[ -d "$d" ] || continue		# bonding_masters
		echo "${d##*/} $(cat "$d/ifindex") $(cat "$d/address") $(cat "$d/flags")" \
			"$(cat "$d/carrier_changes" 2>/dev/null)"
	done
}

ping_ok() {
	i=0
	while [ $i -lt 5 ]; do
		ping -c 1 -W 1 "$1" >/dev/null 2>&1 && return 0
		i=$((i + 1))
	done
	return 1
}

# Facts about the kernel's state, for check.
flags() { cat "/sys/class/net/$1/flags" 2>/dev/null || echo none; }
is_up() { f=$(flags "$1") && [ "$f" != none ] && [ $((f & 1)) = 1 ]; }
is_down() { f=$(flags "$1") && [ "$f" != none ] && [ $((f & 1)) = 0 ]; }
master_of() { basename "$(readlink "/sys/class/net/$1/master" 2>/dev/null)"; }
has_addr() { $IP -o addr show dev "$1" | grep -q " $2 "; }
perm_mac() { $ETHTOOL -P "$1" 2>/dev/null | sed -n 's/^Permanent address: //p'; }
tso_off() { $ETHTOOL -k "$1" | grep -qx 'tcp-segmentation-offload: off'; }
# ring NAME RX|TX: the current ring size.
ring() {
	$ETHTOOL -g "$1" | sed -n '/^Current hardware settings:/,$p' |
		sed -n "s/^$2:[[:space:]]*//p" | head -n 1
}
vlan_ok() { grep -Eq "^$1 +\| $2 +\| $3\$" /proc/net/vlan/config; }
default_via() { $IP -4 route show default | grep -q "^default via $1 dev $2"; }
bond_opt() { cat "/sys/class/net/$1/bonding/$2"; }

# lacp_converged BOND [PORTS]: a partner MAC, and PORTS (default: any one
# port, as "converged" means with min_links 0) in the active aggregator
# with actor and partner port states of synchronization, collecting and
# distributing.
lacp_converged() {
	awk -v want=" ${2:-any} " '
	/^802.3ad info/ { sec = "info" }
	/^Slave Interface:/ { sec = "slave"; n++; name[n] = $3 }
	/^details actor lacp pdu:/ { who = "actor" }
	/^details partner lacp pdu:/ { who = "partner" }
	sec == "info" && /Active Aggregator Info:/ { inact = 1 }
	sec == "info" && inact && /Aggregator ID:/ { active = $3 }
	sec == "info" && /Partner Mac Address:/ { pmac = $4 }
	sec == "slave" && /^Aggregator ID:/ { agg[n] = $3 }
	sec == "slave" && /port state:/ { st[n, who] = $3 }
	END {
		if (pmac == "" || pmac == "00:00:00:00:00:00") exit 1
		for (i = 1; i <= n; i++) {
			ok[name[i]] = agg[i] == active &&
				int(st[i, "actor"] / 8) % 8 == 7 &&
				int(st[i, "partner"] / 8) % 8 == 7
			if (ok[name[i]]) good++
		}
		if (want == " any ") exit (good < 1)
		m = split(want, w, " ")
		for (i = 1; i <= m; i++)
			if (!ok[w[i]]) exit 1
	}' "/proc/net/bonding/$1"
}

# vids_of DEV: the VLANs on bridge port DEV (or on bridge DEV itself), as
# the kernel says through `bridge -j -compressvlans vlan show`: "1 10 20-30".
vids_of() {
	$BRIDGE -j -compressvlans vlan show dev "$1" | tr '{' '\n' |
		sed -n 's/.*"vlan":\([0-9]*\)\(,"vlanEnd":\([0-9]*\)\)\{0,1\}.*/\1 \3/p' |
		while read -r a b; do
			if [ -n "$b" ]; then echo "$a-$b"; else echo "$a"; fi
		done | tr '\n' ' ' | sed 's/ $//'
}
filtering() { cat "/sys/class/net/$1/bridge/vlan_filtering"; }
mtu_of() { cat "/sys/class/net/$1/mtu"; }
# jumbo_ok ADDR: a 9000-byte IPv4 packet that may not be fragmented
# (8972 bytes of ICMP payload) crosses and comes back.
jumbo_ok() {
	i=0
	while [ $i -lt 5 ]; do
		$PING -c 1 -W 1 -M "do" -s 8972 "$1" >/dev/null 2>&1 && return 0
		i=$((i + 1))
	done
	return 1
}
ifindex_of() { cat "/sys/class/net/$1/ifindex"; }
carrier_changes_of() { cat "/sys/class/net/$1/carrier_changes"; }

# conf_mgmt_bond: management on the 802.3ad bond, the single-bond Proxmox
# layout: vmbr0 (VLAN-aware, untagged management 10.30.0.61) on bond0 of
# spf0 and spf1, host VLANs vmbr0.10 and vmbr0.20 on it.
conf_mgmt_bond() {
	cat >"$CONF" <<-EOF
	[global]
	management = vmbr0
	lacp_timeout = ${1:-30}
	[link spf0]
	mac = 58:47:ca:76:76:fb
	[link spf1]
	mac = 58:47:ca:76:76:fc
	[bond bond0]
	slaves = spf0 spf1
	mode = 802.3ad
	lacp_rate = fast
	hwaddress = 02:00:00:aa:bb:01
	[bridge vmbr0]
	ports = bond0
	hwaddress = 02:00:00:aa:bb:02
	vlan_aware = yes
	vids = 10 20
	address = 10.30.0.61/24
	gateway = 10.30.0.1
	[vlan vmbr0.10]
	address = 10.25.10.231/24
	[vlan vmbr0.20]
	address = 10.25.20.231/24
	EOF
}

# check_mgmt_bond: management on bond0 works: the bond with both ports,
# vmbr0 on it with its address and route, the gateway answers.
check_mgmt_bond() {
	for p in spf0 spf1; do
		check_eq "$p in bond0" "$(master_of $p)" bond0
	done
	check_eq "bond0 in vmbr0" "$(master_of bond0)" vmbr0
	check_eq "bond0 MAC (hwaddress)" "$(cat /sys/class/net/bond0/address)" 02:00:00:aa:bb:01
	check_eq "vmbr0 MAC (hwaddress)" "$(cat /sys/class/net/vmbr0/address)" 02:00:00:aa:bb:02
	check "vmbr0 has 10.30.0.61/24" has_addr vmbr0 10.30.0.61/24
	check "default via 10.30.0.1 dev vmbr0" default_via 10.30.0.1 vmbr0
	check "ping 10.30.0.1 (management over the bond)" ping_ok 10.30.0.1
}

# check_names: every [link] NIC of node01 carries its name.
check_names() {
	check_eq "eth0 is 58:47:ca:76:76:fe" "$(perm_mac eth0)" 58:47:ca:76:76:fe
	check_eq "eth1 is 58:47:ca:76:76:fd" "$(perm_mac eth1)" 58:47:ca:76:76:fd
	check_eq "spf0 is 58:47:ca:76:76:fb" "$(perm_mac spf0)" 58:47:ca:76:76:fb
	check_eq "spf1 is 58:47:ca:76:76:fc" "$(perm_mac spf1)" 58:47:ca:76:76:fc
}

# check_mgmt: vmbr0 with eth0, its address and the default route, and the
# gateway answers.
check_mgmt() {
	check_eq "eth0 in vmbr0" "$(master_of eth0)" vmbr0
	check "vmbr0 up" is_up vmbr0
	check "vmbr0 has 10.16.207.61/24" has_addr vmbr0 10.16.207.61/24
	check "default via 10.16.207.1 dev vmbr0" default_via 10.16.207.1 vmbr0
	check "ping 10.16.207.1" ping_ok 10.16.207.1
}

# check_offloads: TSO off on the SFP+ ports, eth1 left down.
check_offloads() {
	for p in spf0 spf1; do
		check "$p tso off" tso_off $p
	done
	check "eth1 down" is_down eth1
}

# check_rings RX TX: the ring sizes of the SFP+ ports.
check_rings() {
	for p in spf0 spf1; do
		check_eq "$p rx ring" "$(ring $p RX)" "$1"
		check_eq "$p tx ring" "$(ring $p TX)" "$2"
	done
}

# check_links: offloads and rings of the SFP+ ports as node01.ini sets
# them, eth1 left down.
check_links() {
	check_offloads
	check_rings 4096 4096
}

# check_data PORTS: bond0 as in node01.ini, LACP converged when earlynet
# is done, and PORTS in the active aggregator (a port that got its carrier
# late may join a few seconds after earlynet's verdict), vmbr1 and its VLANs with addresses, every gateway answers.
check_data() {
	check_eq "bond0 mode" "$(bond_opt bond0 mode)" "802.3ad 4"
	check_eq "bond0 miimon" "$(bond_opt bond0 miimon)" 100
	check_eq "bond0 xmit_hash_policy" "$(bond_opt bond0 xmit_hash_policy)" "layer2+3 2"
	check_eq "bond0 lacp_rate" "$(bond_opt bond0 lacp_rate)" "slow 0"
	for p in spf0 spf1; do
		check_eq "$p in bond0" "$(master_of $p)" bond0
	done
	check "bond0 LACP converged" lacp_converged bond0
	check "$1 in bond0's active aggregator" wait_for 30 lacp_converged bond0 "$1"
	check_eq "bond0 in vmbr1" "$(master_of bond0)" vmbr1
	for v in 10 20 30 40 50 60; do
		check "vmbr1.$v is VLAN $v on vmbr1" vlan_ok "vmbr1.$v" $v vmbr1
		check "vmbr1.$v has 10.25.$v.231/24" has_addr "vmbr1.$v" "10.25.$v.231/24"
		check "ping 10.25.$v.1" ping_ok "10.25.$v.1"
	done
}

# check_no_data: the fallback took everything but management away.
check_no_data() {
	for d in bond0 vmbr1 vmbr1.10 vmbr1.60; do
		check "$d gone" test ! -e "/sys/class/net/$d"
	done
	for v in 10 60; do
		check "10.25.$v.1 unreachable" sh -c "! ping -c 1 -W 1 10.25.$v.1"
	done
}

check_node01() {
	check_names
	check_mgmt
	check_links
	check_data "spf0 spf1"
}

# vm_main: what /init runs. The scenario named by vmtest= defines vm_test.
vm_main() {
	name=$(sed -n 's/.*vmtest=\([^ ]*\).*/\1/p' /proc/cmdline)
	[ -f "/vmtest/scenarios/$name.sh" ] || { echo "@@VMTEST-FAIL $name (no scenario)"; return; }
	# shellcheck source=/dev/null
	. "/vmtest/scenarios/$name.sh"
	say "scenario $name, $(uname -r), $(cut -d' ' -f1 /proc/uptime)s since boot"
	load_modules
	say "modules loaded, $(cut -d" " -f1 /proc/uptime)s since boot"
	sw_setup || fail "switch setup"
	say "switch ready, $(cut -d' ' -f1 /proc/uptime)s since boot"
	vm_test || fail "scenario $name returned non-zero"
	say "done, $(cut -d' ' -f1 /proc/uptime)s since boot, $VM_FAILS failed"
	if [ "$VM_FAILS" = 0 ]; then
		echo "@@VMTEST-PASS $name"
	else
		echo "@@VMTEST-FAIL $name"
	fi
}
