# The hand-off to ifupdown2: after `earlynet up`, ifupdown2 reads the
# interfaces file `earlynet export` wrote and runs `ifup -a` (what
# networking.service does) and then `ifreload -a`. Nothing may bounce: the
# ifindex, carrier_changes, MAC, flags and master of every configured
# interface, every address and every route are as before, read from the
# kernel. (Bonds and VLANs are the VM tier's: this kernel has no bonding.)
. tests/netns/lib.sh
# Debian's ifupdown2, unpacked (never installed) into a cache of this test's
# own: its saved state (ifreload compares with it) is then nobody else's.
C=$PWD/tests/netns/.cache
# shellcheck source=/dev/null
. bench/ifupdown2.sh
fetch ifupdown2 || fail "cannot fetch Debian's ifupdown2 (apt-get download ifupdown2)"
ifupdown2_patch || fail "cannot prepare ifupdown2 in $I2"
rm -rf "$I2S"
mkdir -p "$I2S/run" "$I2S/var"
# ifupdown2 picks ifup or ifreload by the name it is started as
ln -s "$I2/usr/share/ifupdown2/__main__.py" "$TMP/ifreload"
I2UP="python3 $I2/usr/share/ifupdown2/ifup"
I2RELOAD="python3 $TMP/ifreload"
setup_topology
write_config
expect_exit 0 en up 2>/dev/null
mkdir -p "$TMP/etc-network"
en export >"$TMP/etc-network/interfaces" || fail "export exited $?"

# Let the bridges' carrier settle first: a bridge reports carrier a moment
# after its first port, and that change is the kernel's, not a bounce.
i=0
while { [ "$(sysfs vmbr0 carrier)" != 1 ] || [ "$(sysfs vmbr1 carrier)" != 1 ]; } && [ $i -lt 200 ]; do
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
		echo "$b stp_state=$(sysfs $b/bridge stp_state) forward_delay=$(sysfs $b/bridge forward_delay)"
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
