# A routed /32 with a point-to-point peer that is also the default gateway
# (ifupdown's pointopoint): the kernel holds the peer, routes through it,
# and the far end answers; a second up changes nothing; status shows it.
. tests/netns/lib.sh
setup_topology
# the provider's side of the routed address
s ip addr add 203.0.113.1/32 peer 203.0.113.10 dev swbr0
{
	write_links spf-down
	cat <<EOT
[bridge vmbr0]
ports = eth0
address = 203.0.113.10/32
peer = 203.0.113.1
gateway = 203.0.113.1
EOT
} >"$TMP/earlynet.ini"
chmod 0644 "$TMP/earlynet.ini"

expect_exit 0 en check
expect_exit 0 en up
n ip -o -4 addr show dev vmbr0 | grep -q 'inet 203\.0\.113\.10 peer 203\.0\.113\.1/32' ||
	fail "vmbr0 has no 203.0.113.10 peer 203.0.113.1/32: $(n ip -o -4 addr show dev vmbr0)"
n ip -4 route show default | grep -q '^default via 203\.0\.113\.1 dev vmbr0' ||
	fail "no default route via the peer: $(n ip -4 route show default)"
n ping -c 1 -W 2 203.0.113.1 >/dev/null || fail "the peer does not answer across the wire"
en plan | grep -qx 'nothing to do' || fail "plan after up is not empty: $(en plan)"
en status | grep -q '203\.0\.113\.10/32 peer 203\.0\.113\.1' || fail "status does not show the peer: $(en status)"

# drift: the address without its peer is put right
n ip addr del 203.0.113.10/32 peer 203.0.113.1 dev vmbr0
n ip addr add 203.0.113.10/32 dev vmbr0
expect_exit 0 en up
n ip -o -4 addr show dev vmbr0 | grep -q 'inet 203\.0\.113\.10 peer 203\.0\.113\.1/32' ||
	fail "up did not put the peer back: $(n ip -o -4 addr show dev vmbr0)"
n ip -4 route show default | grep -q '^default via 203\.0\.113\.1 dev vmbr0' ||
	fail "no default route via the peer after the repair: $(n ip -4 route show default)"
n ping -c 1 -W 2 203.0.113.1 >/dev/null || fail "the peer does not answer after the repair"
exit 0
