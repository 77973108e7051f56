# tests/netns/lib.sh - helpers for the namespace tier (sourced by t-*.sh)
#
#   node-$$                                 sw-$$
#   +--------------------------+            +---------------------------+
#   | vmbr0 10.16.207.61/24    |            | swbr0 10.16.207.1/24      |
#   |   eth0 02:e0:00:00:00:01 |--- veth ---| p-eth0                    |
#   | eth1   02:e0:00:00:00:02 |--- veth ---| p-eth1                    |
#   | vmbr1 10.25.10.231/24    |            |                           |
#   |   spf0 02:e0:00:00:00:03 |--- veth ---| p-spf0 10.25.10.1/24      |
#   |   spf1 02:e0:00:00:00:04 |--- veth ---| p-spf1 (dead end: no loop)|
#   +--------------------------+            +---------------------------+
#
# The NICs are created under names a rename cycle away from the file:
# eth0 <-> spf0 and eth1 <-> spf1 are swapped.
set -u

EARLYNET=${EARLYNET:-$PWD/earlynet}
NODE=en-node-$$
SW=en-sw-$$
TMP=$(mktemp -d /tmp/earlynet-netns.XXXXXX)
# The state file and the kernel command line earlynet is to use, passed as
# --state and --cmdline by en() and run_en(). Plain shell variables, not
# exported: earlynet takes no switches from its environment.
EARLYNET_STATE=$TMP/state.json
EARLYNET_CMDLINE=$TMP/cmdline
: >"$EARLYNET_CMDLINE"

MAC_eth0=02:e0:00:00:00:01
MAC_eth1=02:e0:00:00:00:02
MAC_spf0=02:e0:00:00:00:03
MAC_spf1=02:e0:00:00:00:04

cleanup() {
	ip netns del "$NODE" 2>/dev/null
	ip netns del "$SW" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

n() { ip netns exec "$NODE" "$@"; }
s() { ip netns exec "$SW" "$@"; }
# earlynet in the node, with the test's state file and command line;
# en() also with the test's config.
run_en() { ip netns exec "$NODE" "$EARLYNET" --state "$EARLYNET_STATE" --cmdline "$EARLYNET_CMDLINE" "$@"; }
en() { run_en -c "$TMP/earlynet.ini" "$@"; }

fail() {
	echo "error: $*" >&2
	exit 1
}

# Kernel name for each wanted name: a swap of each pair.
kname() {
	case $1 in
	eth0) echo spf0 ;; spf0) echo eth0 ;;
	eth1) echo spf1 ;; spf1) echo eth1 ;;
	esac
}

setup_topology() {
	ip netns add "$NODE" || exit 1
	ip netns add "$SW" || exit 1
	for ns in "$NODE" "$SW"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
		ip -n "$ns" link set lo up
	done
	for want in eth0 eth1 spf0 spf1; do
		eval mac=\$MAC_$want
		ip -n "$NODE" link add "$(kname $want)" address "$mac" type veth \
			peer name "p-$want" netns "$SW"
	done
	s ip link add swbr0 type bridge
	s ip link set p-eth0 master swbr0
	s ip addr add 10.16.207.1/24 dev swbr0
	s ip addr add fd00:207::1/64 dev swbr0
	s ip link set p-spf0 mtu 9000
	s ip link set p-spf1 mtu 9000
	s ip addr add 10.25.10.1/24 dev p-spf0
	s ip addr add fd00:10::1/64 dev p-spf0
	for l in swbr0 p-eth0 p-eth1 p-spf0 p-spf1; do s ip link set "$l" up; done
}

# The [global] and [link] sections of the namespace tier's node, on stdout.
# `write_links spf-down` leaves spf0 and spf1 down (for tests that need only
# management).
write_links() {
	cat <<EOT
; the namespace tier's node: bridge-only (no bonding in this kernel)
[global]
management = vmbr0
link_timeout = 5
carrier_timeout = 5
hooks_dir = $TMP/hooks

[link eth0]
mac = $MAC_eth0

[link eth1]
mac = $MAC_eth1
up = no

EOT
	if [ "${1:-}" = spf-down ]; then
		printf '[link spf0]\nmac = %s\nup = no\n\n[link spf1]\nmac = %s\nup = no\n\n' \
			"$MAC_spf0" "$MAC_spf1"
		return
	fi
	cat <<EOT
[link spf0]
mac = $MAC_spf0
require_carrier = yes
mtu = 9000
tso = off

[link spf1]
mac = $MAC_spf1
mtu = 9000
tso = off

EOT
}

write_config() {
	{
		write_links
		cat <<EOT
[bridge vmbr0]
ports = eth0
address = 10.16.207.61/24
address = fd00:207::61/64
gateway = 10.16.207.1
gateway = fd00:207::1

[bridge vmbr1]
ports = spf0 spf1
mtu = 9000
address = 10.25.10.231/24
address = fd00:10::231/64
EOT
	} >"$TMP/earlynet.ini"
	chmod 0644 "$TMP/earlynet.ini"
}

# What the kernel says, never what earlynet says.
sysfs() { n cat "/sys/class/net/$1/$2"; }
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; }
has_addr() { n ip -o addr show dev "$1" | grep -qw "$2" || fail "$1 has no address $2"; }
expect_exit() {
	want=$1; shift
	"$@"; rc=$?
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want"
}
# run_to FILE WANT CMD...: CMD exits WANT; its output (both streams) goes
# into FILE, whose tail a failure shows
run_to() {
	out=$1 want=$2; shift 2
	"$@" >"$out" 2>&1; rc=$?
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want: $(tail -n 8 "$out")"
}

# The node as the file describes it, checked from the kernel's own state
# and across the wires.
check_node() {
	for want in eth0 eth1 spf0 spf1; do
		eval mac=\$MAC_$want
		expect_eq "address of $want" "$(sysfs "$want" address)" "$mac"
	done
	expect_eq "eth0 master" "$(n basename "$(n readlink /sys/class/net/eth0/master)")" vmbr0
	expect_eq "spf0 master" "$(n basename "$(n readlink /sys/class/net/spf0/master)")" vmbr1
	expect_eq "spf1 master" "$(n basename "$(n readlink /sys/class/net/spf1/master)")" vmbr1
	! n test -e /sys/class/net/eth1/master || fail "eth1 should be nobody's port"
	expect_eq "spf0 mtu" "$(sysfs spf0 mtu)" 9000
	expect_eq "spf1 mtu" "$(sysfs spf1 mtu)" 9000
	expect_eq "vmbr1 mtu" "$(sysfs vmbr1 mtu)" 9000
	expect_eq "eth1 flags" "$(( $(sysfs eth1 flags) & 1 ))" 0
	for l in eth0 spf0 spf1 vmbr0 vmbr1; do
		expect_eq "$l up" "$(( $(sysfs "$l" flags) & 1 ))" 1
	done
	n ethtool -k spf0 | grep -q '^tcp-segmentation-offload: off' || fail "spf0: tso not off"
	n ethtool -k spf1 | grep -q '^tcp-segmentation-offload: off' || fail "spf1: tso not off"
	has_addr vmbr0 10.16.207.61/24
	has_addr vmbr0 fd00:207::61/64
	has_addr vmbr1 10.25.10.231/24
	has_addr vmbr1 fd00:10::231/64
	n ip route show default | grep -q 'via 10.16.207.1 dev vmbr0' || fail "no IPv4 default route"
	n ip -6 route show default | grep -q 'via fd00:207::1 dev vmbr0' || fail "no IPv6 default route"
	n ping -c1 -w10 10.16.207.1 >/dev/null || fail "management gateway does not answer"
	n ping -6 -c1 -w10 fd00:207::1 >/dev/null || fail "management gateway (v6) does not answer"
	n ping -c1 -w10 10.25.10.1 >/dev/null || fail "data gateway does not answer"
	n ping -6 -c1 -w10 fd00:10::1 >/dev/null || fail "data gateway (v6) does not answer"
	n ping -c1 -w10 -M do -s 8972 10.25.10.1 >/dev/null || fail "jumbo frames do not cross spf0"
}

# ifindex and carrier_changes of every link: what must not move when
# nothing needs changing.
fingerprint() {
	for l in $(n ls /sys/class/net); do
		printf '%s %s %s\n' "$l" "$(sysfs "$l" ifindex)" "$(sysfs "$l" carrier_changes)"
	done
}
