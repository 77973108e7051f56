# import.sh - node01 from the LACP bonding guide's own files (kept in the
# tree as tests/fixtures/import/node01.interfaces and node01.rules): the
# host runs `earlynet import` on them,
# `earlynet check` accepts the result, and `up` with it instead of
# conf/node01.ini builds the same network. The guide sets no ring sizes, so
# the rings stay at the kernel's default; its file has no carrier or LACP
# timeout, so earlynet's defaults apply.
# shellcheck shell=sh disable=SC2034 # sourced by the host (settings) and the guest

# Host: the imported config into /vmtest/host, from the files in the tree
# only (no path outside the clone).
vm_host_files() {
	ex=$VM_TOP/tests/fixtures/import
	[ -f "$ex/node01.interfaces" ] || { echo "$ex/node01.interfaces missing"; return 1; }
	[ -x "$EARLYNET_HOST" ] || { echo "$EARLYNET_HOST missing (make)"; return 1; }
	"$EARLYNET_HOST" import "$ex/node01.interfaces" \
		--udev-rules "$ex/node01.rules" >"$1/earlynet.ini" || return 1
	chmod 0644 "$1/earlynet.ini"
	"$EARLYNET_HOST" -c "$1/earlynet.ini" check || return 1
	sed 's/^/@@HOST import: /' "$1/earlynet.ini"
}

vm_test() {
	check "the host's import is here" grep -q 'imported from .*node01.interfaces' /vmtest/host/earlynet.ini
	cat /vmtest/host/earlynet.ini >"$CONF"
	# The rings as the driver set them, read by MAC under the kernel's names.
	for w in spf0 spf1; do
		d=$(nic_by_mac "$(wire_mac $w)")
		eval "rx_$w=\$(ring $d RX) tx_$w=\$(ring $d TX)"
	done
	earlynet_run check
	check_eq "earlynet check exit code (guest)" "$RC" 0
	earlynet_run up
	check_eq "earlynet up exit code" "$RC" 0
	check_names
	check_mgmt
	check_offloads
	# shellcheck disable=SC2154 # set by the eval above
	for w in spf0 spf1; do
		eval "rx=\$rx_$w tx=\$tx_$w"
		check "$w rx ring read before up" test -n "$rx"
		check_eq "$w rx ring left at the default" "$(ring $w RX)" "$rx"
		check_eq "$w tx ring left at the default" "$(ring $w TX)" "$tx"
	done
	check_data "spf0 spf1"
}
