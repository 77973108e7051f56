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
