# Addresses earlynet did not add stay (a keepalived VIP, one added by hand);
# one it added and the file no longer gives goes; address_purge = yes
# removes the foreign one too. Judged from the kernel (ip -j addr).
. tests/netns/lib.sh
setup_topology
write_config
expect_exit 0 en up
check_node

n ip addr add 10.16.207.200/32 dev vmbr0       # a VIP
n ip addr add 192.0.2.9/24 dev vmbr1           # by hand
expect_exit 0 en up
check_node
n ip -o addr show dev vmbr0 | grep -q '10.16.207.200/32' || fail "the VIP on vmbr0 was removed"
n ip -o addr show dev vmbr1 | grep -q '192.0.2.9/24' || fail "a hand-added address on vmbr1 was removed"
en status | grep -q '192.0.2.9/24 (not in the file)' || fail "status does not mark 192.0.2.9/24"

# an address earlynet added and the file dropped goes
sed -i '/^address = fd00:10::231\/64$/d' "$TMP/earlynet.ini"
expect_exit 0 en up
n ip -o addr show dev vmbr1 | grep -q 'fd00:10::231/64' && fail "earlynet's own fd00:10::231/64 stayed"
n ip -o addr show dev vmbr1 | grep -q '192.0.2.9/24' || fail "192.0.2.9/24 went with it"

# address_purge: strict again
sed -i 's/^\[bridge vmbr1\]$/[bridge vmbr1]\naddress_purge = yes/' "$TMP/earlynet.ini"
expect_exit 0 en up
n ip -o addr show dev vmbr1 | grep -q '192.0.2.9/24' && fail "address_purge left 192.0.2.9/24"
has_addr vmbr1 10.25.10.231/24
n ip -o addr show dev vmbr0 | grep -q '10.16.207.200/32' || fail "the VIP on vmbr0 (no purge there) was removed"
true
