# reference.sh - node01 built by iproute2 alone: proves the switch, the
# wires and the checks themselves against a known-good configuration.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest

# setup_node01: what the ifupdown file of node01 amounts to, by hand.
setup_node01() {
	i=0
	for w in mgmt:eth0 unused:eth1 spf0:spf0 spf1:spf1; do
		d=$(nic_by_mac "$(wire_mac "${w%%:*}")")
		$IP link set "$d" name "tmp$i"
		i=$((i + 1))
	done
	i=0
	for n in eth0 eth1 spf0 spf1; do
		$IP link set "tmp$i" name $n
		i=$((i + 1))
	done
	$IP link add vmbr0 type bridge stp_state 0 forward_delay 0
	$IP link set eth0 master vmbr0 up
	$IP link set vmbr0 up
	$IP addr add 10.16.207.61/24 dev vmbr0
	$IP route add default via 10.16.207.1 dev vmbr0
	$IP link add bond0 type bond mode 802.3ad miimon 100 \
		xmit_hash_policy layer2+3 lacp_rate slow
	for p in spf0 spf1; do
		$ETHTOOL -K $p tso off
		$ETHTOOL -G $p rx 4096 tx 4096
		$IP link set $p master bond0
	done
	$IP link add vmbr1 type bridge stp_state 0 forward_delay 0
	$IP link set bond0 master vmbr1 up
	$IP link set vmbr1 up
	for v in 10 20 30 40 50 60; do
		$IP link add link vmbr1 name vmbr1.$v type vlan id $v
		$IP addr add 10.25.$v.231/24 dev vmbr1.$v
		$IP link set vmbr1.$v up
	done
}

vm_test() {
	check_eq "kernel named the mgmt NIC eth1" "$(nic_by_mac 58:47:ca:76:76:fe)" eth1
	check_eq "kernel named the spf0 NIC eth3" "$(nic_by_mac 58:47:ca:76:76:fb)" eth3
	setup_node01
	wait_for 30 lacp_converged bond0
	say "LACP converged, $(cut -d' ' -f1 /proc/uptime)s since boot"
	check_node01
}
