# lacp-doctor.sh - spf0's switch port in a LAG, spf1's a plain port, and
# the switch speaking LLDP on both: exit 0, degraded, spf1 named with "no
# LACPDU"; progress lines, status and the state file show each port's
# neighbour; the node_exporter hook's metrics of the degraded bond are
# served by the real prometheus-node-exporter and scraped over loopback.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest
VM_SWITCH="half"
VM_TIMEOUT=240

# Host side: node_exporter (its libc is in the image already, for ip), the
# hook, and the example alert rules checked by promtool.
vm_host_files() {
	promtool check rules "$VM_TOP/conf/earlynet-alerts.yml" || return 1
	mkdir -p "$1/bin" || return 1
	cp "$(command -v prometheus-node-exporter)" "$1/bin/node-exporter" || return 1
	cp "$VM_TOP/hooks/up.d/60-node-exporter" "$1/bin/" || return 1
}

# port_block PORT: PORT's lines in `earlynet status`.
port_block() { sed -n "/- $1 /,/^[^ |]/p" /tmp/status.out | sed '$d'; }
# block_has PORT TEXT DESC: PORT's block in status holds TEXT.
block_has() {
	if port_block "$1" | grep -qF -- "$2"; then pass "$3"; else fail "$3"; fi
}

vm_test() {
	tf=/var/lib/prometheus/node-exporter
	# This busybox initramfs has no /dev/fd: the script hook below must
	# run all the same (hooks.c hands it over through /proc/self/fd).
	[ -e /dev/fd ] && { echo "FAIL: /dev/fd exists, the hook test proves nothing"; return 1; }
	mkdir -p /etc/earlynet/hooks/up.d "$tf"
	chmod 0755 /etc/earlynet/hooks /etc/earlynet/hooks/up.d
	cp /vmtest/host/bin/60-node-exporter /etc/earlynet/hooks/up.d/
	chmod 0755 /etc/earlynet/hooks/up.d/60-node-exporter
	lldp_start sw-a
	conf_set lacp_timeout 25
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check "state file: degraded" grep -q '"result": "degraded"' /run/earlynet/state.json
	# The kernel's own account: spf1 outside the active aggregator, and
	# no partner behind it (all-zero system MAC).
	check "kernel: spf1 not in the active aggregator" \
		sh -c "[ '$(proc_agg spf1)' != '$(proc_active_agg)' ]"
	check "kernel: spf1's partner is all-zero" sh -c \
		"sed -n '/^Slave Interface: spf1\$/,\$p' /proc/net/bonding/bond0 |
		 sed -n '/details partner/,/port state/p' | grep -q 'system mac address: 00:00:00:00:00:00'"
	check "warning names spf1: no LACPDU" \
		grep -q "^earlynet: warning: bond0: port spf1 is not in the active aggregator (neighbour sw-a Ethernet1/2): no LACPDU" \
		/tmp/earlynet.out
	check "no warning about spf0" sh -c "! grep -q 'warning: bond0: port spf0 ' /tmp/earlynet.out"
	check "state file reason names spf1" \
		grep -q '"reason": "bond0: spf1 no LACPDU"' /run/earlynet/state.json
	check "progress lines show the neighbours" \
		grep -q "waiting for LACP: .*spf0 [a-z ]* -> sw-a Ethernet1/1" /tmp/earlynet.out
	check "state file: spf0's neighbour" \
		grep -q '"neighbour": "sw-a Ethernet1/1"' /run/earlynet/state.json
	check "state file: spf1's neighbour" \
		grep -q '"neighbour": "sw-a Ethernet1/2"' /run/earlynet/state.json
	$EARLYNET status >/tmp/status.out 2>&1
	check_eq "earlynet status exit code" "$?" 0
	sed 's/^/| /' /tmp/status.out
	block_has spf0 '-> sw-a Ethernet1/1' "status: spf0's neighbour"
	block_has spf1 '-> sw-a Ethernet1/2' "status: spf1's neighbour"
	block_has spf1 '!! no LACPDU from the switch' "status: spf1 no LACPDU"
	lldp_stop

	# node_exporter serves what the hook wrote during up.
	$IP link set lo up
	/vmtest/host/bin/node-exporter --collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$tf" --web.listen-address=127.0.0.1:9109 \
		>/tmp/ne.log 2>&1 &
	ne=$!
	if wait_for 60 wget -q -O /tmp/metrics http://127.0.0.1:9109/metrics; then
		pass "node_exporter scraped over 127.0.0.1"
	else
		fail "node_exporter scraped over 127.0.0.1"
		sed 's/^/#   /' /tmp/ne.log
	fi
	kill "$ne"
	grep '^earlynet_\|^node_textfile' /tmp/metrics | sed 's/^/| /'
	for m in 'node_textfile_scrape_error 0' \
		'earlynet_result{event="up",result="degraded"} 1' \
		'earlynet_bond_lacp_converged{bond="bond0"} 1' \
		'earlynet_bond_ports{bond="bond0"} 2' \
		'earlynet_bond_ports_in_active_aggregator{bond="bond0"} 1' \
		'earlynet_bond_port_in_active_aggregator{bond="bond0",port="spf1"} 0' \
		'earlynet_bond_port_distributing{bond="bond0",port="spf0"} 1' \
		'earlynet_bond_port_partner_info{bond="bond0",partner_mac="00:00:00:00:00:00",port="spf1"} 1' \
		'earlynet_port_lacp_verdict_info{port="spf1",verdict="no LACPDU"} 1' \
		'earlynet_port_lldp_neighbour_info{neighbour="sw-a Ethernet1/1",port="spf0"} 1'; do
		check "metric: $m" grep -qxF "$m" /tmp/metrics
	done
	check_mgmt
}
