# Full up from kernel names a rename cycle away, then a second up that must
# change nothing.
. tests/netns/lib.sh
setup_topology
write_config

expect_exit 0 en up
check_node
expect_eq "state result" "$(grep -o '"result": *"[a-z]*"' "$EARLYNET_STATE" | grep -o '"[a-z]*"$')" '"ok"'

before=$(fingerprint)
expect_exit 0 en up
after=$(fingerprint)
[ "$before" = "$after" ] || fail "second up moved something: $(printf '%s\n' "$before" "$after" | sort | uniq -u)"
en plan | grep -qx 'nothing to do' || fail "plan after up is not empty: $(en plan)"
check_node
