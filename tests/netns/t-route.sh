# route = DEST via GW, IPv4 and IPv6: in the kernel's table after up, the
# far networks answer across the wire, a second up changes nothing, status
# shows them, and a deleted route comes back with the next up.
. tests/netns/lib.sh
setup_topology
write_config
# the router behind the switch and the networks it leads to
s ip addr add 10.16.207.254/24 dev swbr0
s ip addr add fd00:207::fe/64 dev swbr0
s ip addr add 10.99.0.1/32 dev lo
s ip addr add fd00:99::1/128 dev lo
sed -i '/^gateway = fd00:207::1$/a route = 10.99.0.0/16 via 10.16.207.254\nroute = fd00:99::/48 via fd00:207::fe' "$TMP/earlynet.ini"

expect_exit 0 en check
expect_exit 0 en up
n ip -4 route show 10.99.0.0/16 | grep -q '^10\.99\.0\.0/16 via 10\.16\.207\.254 dev vmbr0' ||
	fail "no route 10.99.0.0/16 via 10.16.207.254: $(n ip -4 route)"
n ip -6 route show fd00:99::/48 | grep -q '^fd00:99::/48 via fd00:207::fe dev vmbr0' ||
	fail "no route fd00:99::/48 via fd00:207::fe: $(n ip -6 route)"
n ping -c 1 -W 2 10.99.0.1 >/dev/null || fail "10.99.0.1 does not answer through the route"
n ping -6 -c 1 -W 2 fd00:99::1 >/dev/null || fail "fd00:99::1 does not answer through the route"
en plan | grep -qx 'nothing to do' || fail "plan after up is not empty: $(en plan)"
en status | grep -q 'route 10\.99\.0\.0/16 via 10\.16\.207\.254' || fail "status does not show the route: $(en status)"

n ip route del 10.99.0.0/16
en status | grep -q 'no route 10\.99\.0\.0/16 via 10\.16\.207\.254' || fail "status does not mark the missing route: $(en status)"
expect_exit 0 en up
n ip -4 route show 10.99.0.0/16 | grep -q '^10\.99\.0\.0/16 via 10\.16\.207\.254 dev vmbr0' ||
	fail "up did not put the route back: $(n ip -4 route)"
exit 0
