# The kernel command line: earlynet=off does nothing; earlynet.config names
# the file.
. tests/netns/lib.sh
setup_topology
write_config
echo "quiet earlynet=off" >"$EARLYNET_CMDLINE"
before=$(fingerprint)
expect_exit 0 en up
[ "$before" = "$(fingerprint)" ] || fail "earlynet=off changed something"

echo "quiet earlynet.config=$TMP/earlynet.ini" >"$EARLYNET_CMDLINE"
expect_exit 0 run_en up
check_node

# earlynet.fallback waits for the management NICs (and udev) as `up` does:
# eth0 appears only once `up` is waiting for it, and still becomes vmbr0's
# port.
ip netns del "$NODE"
ip netns del "$SW"
rm -f "$EARLYNET_STATE"
setup_topology
# eth0 is spf0 in the kernel (the rename cycle): unplug it.
n ip link del spf0
echo "quiet earlynet.fallback" >"$EARLYNET_CMDLINE"
rm -f "$TMP/late.log"
ip netns exec "$NODE" "$EARLYNET" --state "$EARLYNET_STATE" --cmdline "$EARLYNET_CMDLINE" \
	-c "$TMP/earlynet.ini" up >"$TMP/late.log" 2>&1 &
pid=$!
i=0
until grep -qs 'waiting for the management NICs' "$TMP/late.log"; do
	kill -0 "$pid" 2>/dev/null || { cat "$TMP/late.log" >&2; fail "earlynet.fallback did not wait for eth0"; }
	i=$((i + 1))
	[ "$i" -lt 200 ] || { kill "$pid"; fail "earlynet.fallback never said it waits for eth0"; }
	sleep 0.05
done
ip -n "$NODE" link add spf0 address "$MAC_eth0" type veth peer name p-eth0 netns "$SW"
s ip link set p-eth0 master swbr0
s ip link set p-eth0 up
wait "$pid"
rc=$?
[ "$rc" = 2 ] || { cat "$TMP/late.log" >&2; fail "earlynet.fallback with a late eth0: exit $rc, expected 2"; }
expect_eq "late eth0's name" "$(n cat /sys/class/net/eth0/address)" "$MAC_eth0"
expect_eq "late eth0's master" "$(n basename "$(n readlink /sys/class/net/eth0/master)")" vmbr0
has_addr vmbr0 10.16.207.61/24
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer after a late eth0"
echo "earlynet.fallback: a management NIC that appears late is management's port"
