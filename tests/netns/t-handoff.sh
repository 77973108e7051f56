# The hand-off to ifupdown2: after `earlynet up`, ifupdown2 reads the
# interfaces file `earlynet export` wrote and runs `ifup -a` (what
# networking.service does) and then `ifreload -a`. Nothing may bounce: the
# ifindex, carrier_changes, MAC, flags and master of every configured
# interface, every address and every route are as before, read from the
# kernel. (Bonds and VLANs are the VM tier's: this kernel has no bonding.)
. tests/netns/lib.sh
. tests/netns/ifupdown2.sh
ifupdown2_get || exit 77
setup_topology
write_config
expect_exit 0 en up 2>/dev/null
mkdir -p "$TMP/etc-network"
en export >"$TMP/etc-network/interfaces" || fail "export exited $?"

# Let the bridges' carrier settle first: a bridge reports carrier a moment
# after its first port, and that change is the kernel's, not a bounce.
i=0
while { [ "$(sysfs vmbr0 carrier)" != 1 ] || [ "$(sysfs vmbr1 carrier)" != 1 ]; } && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
snap() {
	for l in eth0 eth1 spf0 spf1 vmbr0 vmbr1; do
		echo "$l ifindex=$(sysfs $l ifindex) carrier_changes=$(sysfs $l carrier_changes)" \
			"address=$(sysfs $l address) flags=$(sysfs $l flags) mtu=$(sysfs $l mtu)" \
			"master=$(n readlink /sys/class/net/$l/master | sed 's|.*/||')"
	done
	for b in vmbr0 vmbr1; do
		echo "$b stp_state=$(sysfs $b/bridge stp_state) forward_delay=$(sysfs $b/bridge forward_delay)" \
			"vlan_filtering=$(sysfs $b/bridge vlan_filtering)"
	done
	n ip -o addr show | awk '{ print $2, $3, $4 }' | LC_ALL=C sort
	n ip -4 route show
	n ip -6 route show
	n ethtool -k spf0 | grep -E '^(tcp-segmentation|generic-segmentation)-offload'
}
snap >"$TMP/before"
cat "$TMP/before"

# ifupdown2 reads /etc/network/interfaces; ip netns exec runs in a mount
# namespace of its own, so the bind mount stays there.
i2() { n sh -c "mount --bind '$TMP/etc-network' /etc/network && $*"; }
i2 "$I2UP -a" >"$TMP/ifup.log" 2>&1 || { cat "$TMP/ifup.log"; fail "ifup -a exited non-zero"; }
snap >"$TMP/after-ifup"
diff "$TMP/before" "$TMP/after-ifup" || fail "ifup -a changed the network earlynet built"
i2 "$I2RELOAD -a" >"$TMP/ifreload.log" 2>&1 || { cat "$TMP/ifreload.log"; fail "ifreload -a exited non-zero"; }
snap >"$TMP/after-ifreload"
diff "$TMP/before" "$TMP/after-ifreload" || fail "ifreload -a changed the network earlynet built"
# and earlynet agrees with what ifupdown2 left: a second up changes nothing
en up 2>"$TMP/up2" || fail "second up exited $?"
grep -q 'up: ok (.* 0 changes)' "$TMP/up2" || { cat "$TMP/up2"; fail "up after ifupdown2 made changes"; }
true
