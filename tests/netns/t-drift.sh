# A system that drifted from the file converges back: an address removed,
# a port moved out, an MTU changed, offloads back on, the management bridge
# deleted, a name swapped back.
. tests/netns/lib.sh
setup_topology
write_config
expect_exit 0 en up
check_node

n ip addr del 10.25.10.231/24 dev vmbr1
n ip addr add 192.0.2.9/24 dev vmbr1
n ip link set spf1 nomaster
n ip link set spf0 mtu 1500
n ethtool -K spf1 tso on
n ip link del vmbr0
n ip link set eth1 name tmpx
n ip link set spf1 down
n ip link set spf1 name eth1
n ip link set tmpx name spf1
en plan | grep -q 'nothing to do' && fail "plan sees no drift"
expect_exit 0 en up
check_node
# an address earlynet did not add is not its to remove (t-foreign-addr.sh)
n ip -o addr show dev vmbr1 | grep -q 192.0.2.9 || fail "hand-added address 192.0.2.9 removed"
true
