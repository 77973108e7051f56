# A new primary IPv4 address on a live node, for management's vmbr0 and
# the data bridge vmbr1. The kernel (promote_secondaries off, its default)
# takes the secondaries and the routes with the old primary: one `up`
# adds the new address before the old one goes, reads again and puts
# back the secondaries, the default route and the file's route. Judged
# from the kernel: addresses, routes, pings, and the order of the kernel's
# own address notifications.
. tests/netns/lib.sh
setup_topology
n sysctl -qw net.ipv4.conf.all.promote_secondaries=0
n sysctl -qw net.ipv4.conf.default.promote_secondaries=0
write_config
# a secondary on each bridge, and a route through vmbr1's gateway
sed -i 's|^address = 10.16.207.61/24$|&\naddress = 10.16.207.71/24|' "$TMP/earlynet.ini"
sed -i 's|^address = 10.25.10.231/24$|&\naddress = 10.25.10.241/24\nroute = 198.51.100.0/24 via 10.25.10.1|' \
	"$TMP/earlynet.ini"
expect_exit 0 en up
check_node
has_addr vmbr0 10.16.207.71/24
has_addr vmbr1 10.25.10.241/24

# The new primaries.
sed -i 's|^address = 10.16.207.61/24$|address = 10.16.207.62/24|; s|^address = 10.25.10.231/24$|address = 10.25.10.232/24|' \
	"$TMP/earlynet.ini"
# Watch the kernel's address notifications; a marker on lo says it listens.
n ip -o monitor address >"$TMP/monitor.log" 2>&1 &
mon=$!
i=0
until grep -qs '127.0.0.99' "$TMP/monitor.log"; do
	n ip addr add 127.0.0.99/32 dev lo
	n ip addr del 127.0.0.99/32 dev lo
	i=$((i + 1))
	[ "$i" -lt 100 ] || fail "ip monitor heard nothing"
	sleep 0.05
done
run_to "$TMP/up.log" 0 en up
cat "$TMP/up.log"
kill "$mon"
wait "$mon" 2>/dev/null

for a in 10.16.207.62/24 10.16.207.71/24 fd00:207::61/64; do has_addr vmbr0 "$a"; done
for a in 10.25.10.232/24 10.25.10.241/24 fd00:10::231/64; do has_addr vmbr1 "$a"; done
! n ip -o addr show dev vmbr0 | grep -qw '10.16.207.61/24' || fail "the old primary 10.16.207.61/24 stayed"
! n ip -o addr show dev vmbr1 | grep -qw '10.25.10.231/24' || fail "the old primary 10.25.10.231/24 stayed"
n ip route show default | grep -q 'via 10.16.207.1 dev vmbr0' || { cat "$TMP/up.log" >&2; fail "no IPv4 default route after the new primary"; }
n ip route show 198.51.100.0/24 | grep -q 'via 10.25.10.1 dev vmbr1' || { cat "$TMP/up.log" >&2; fail "the route via vmbr1's gateway did not come back"; }
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer after the new primary"
n ping -c1 -w10 10.25.10.1 >/dev/null || fail "data gateway does not answer after the new primary"

# The new address came before the old one went (first notifications).
line() { grep -n "$1" "$TMP/monitor.log" | head -n 1 | cut -d: -f1; }
for br in "vmbr0 10.16.207.62 10.16.207.61" "vmbr1 10.25.10.232 10.25.10.231"; do
	set -- $br
	add=$(line "^[0-9]*: $1 *inet $2/")
	del=$(line "^Deleted [0-9]*: $1 *inet $3/")
	[ -n "$add" ] && [ -n "$del" ] || { cat "$TMP/monitor.log" >&2; fail "$1: no add of $2 or no delete of $3 heard"; }
	[ "$add" -lt "$del" ] || { cat "$TMP/monitor.log" >&2; fail "$1: $3 went before $2 came"; }
done

# And the next up has nothing to do.
before=$(fingerprint)
run_to "$TMP/again.log" 0 en up
grep -q ' 0 changes)' "$TMP/again.log" || { cat "$TMP/again.log" >&2; fail "a second up after the new primary changed something"; }
[ "$before" = "$(fingerprint)" ] || fail "a second up after the new primary moved links"
check_addrs_left=$(n ip -o -4 addr show dev vmbr0 | wc -l)
expect_eq "IPv4 addresses on vmbr0" "$check_addrs_left" 2

# With promote_secondaries on (systemd's default), the new address takes
# the old one's place: the IPv4 default route never goes, even with no
# secondary to promote (vmbr0 has the one IPv4 address).
sed -i '/^address = 10.16.207.71\/24$/d' "$TMP/earlynet.ini"
run_to "$TMP/up.log" 0 en up
! n ip -o addr show dev vmbr0 | grep -qw '10.16.207.71/24' || fail "earlynet's 10.16.207.71/24 stayed"
n sysctl -qw net.ipv4.conf.vmbr0.promote_secondaries=1
sed -i 's|^address = 10.16.207.62/24$|address = 10.16.207.63/24|' "$TMP/earlynet.ini"
n ip -o monitor route >"$TMP/routes.log" 2>&1 &
mon=$!
i=0
until grep -qs '198.18.0.0' "$TMP/routes.log"; do
	n ip route add 198.18.0.0/15 dev lo
	n ip route del 198.18.0.0/15 dev lo
	i=$((i + 1))
	[ "$i" -lt 100 ] || fail "ip monitor route heard nothing"
	sleep 0.05
done
run_to "$TMP/up.log" 0 en up
kill "$mon"
wait "$mon" 2>/dev/null
has_addr vmbr0 10.16.207.63/24
! n ip -o addr show dev vmbr0 | grep -qw '10.16.207.62/24' || fail "the old primary 10.16.207.62/24 stayed"
# The kernel flushes routes with an address silently, but an add is
# heard: the default route is there and was never added again, so it
# never went.
n ip route show default | grep -q 'via 10.16.207.1 dev vmbr0' || fail "no IPv4 default route after the second new primary"
! grep -q '^default via 10.16.207.1' "$TMP/routes.log" ||
	{ cat "$TMP/up.log" "$TMP/routes.log" >&2; fail "the default route went while the primary changed (it was added again)"; }
n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer after the second new primary"
echo "new primaries: secondaries, default route and route back in one up; add before delete"
echo "with promote_secondaries: the default route never went"
