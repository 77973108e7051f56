# down removes the bridges and leaves the NICs renamed and down; up again
# brings everything back.
. tests/netns/lib.sh
setup_topology
write_config
expect_exit 0 en up
expect_exit 0 en --yes down
for b in vmbr0 vmbr1; do
	n test -e /sys/class/net/$b && fail "$b still exists after down"
done
for want in eth0 eth1 spf0 spf1; do
	eval mac=\$MAC_$want
	expect_eq "address of $want" "$(sysfs "$want" address)" "$mac"
	expect_eq "$want down" "$(( $(sysfs "$want" flags) & 1 ))" 0
done
expect_exit 0 en up
check_node
