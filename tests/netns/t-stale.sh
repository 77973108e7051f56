# A stale initramfs copy of the file: the initramfs run (EARLYNET_INITRAMFS=1,
# as the initramfs-tools boot script exports it) records the hash of the
# file it used in the state file; a later run on the real root carries it
# over; once earlynet.ini on disk differs, status and up warn "run
# update-initramfs -u", and not before.
. tests/netns/lib.sh
setup_topology
write_config

EARLYNET_INITRAMFS=1 en up 2>"$TMP/err" || fail "up in the initramfs exited $?"
check_node
hashes() {
	python3 - "$EARLYNET_STATE" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(d["config_hash"] or "-", d["initramfs_config_hash"] or "-")
PY
}
set -- $(hashes)
[ "$1" != - ] || fail "no config_hash in the state file"
expect_eq "initramfs hash of the initramfs run" "$2" "$1"
ih=$2

# the real root, same file: no warning, the initramfs hash carried over
expect_exit 0 en up 2>"$TMP/err"
grep -q 'update-initramfs' "$TMP/err" && fail "up warned about a file that did not change"
set -- $(hashes)
expect_eq "initramfs hash after up on the real root" "$2" "$ih"
en status >/dev/null 2>"$TMP/err" || fail "status exited $?"
grep -q 'update-initramfs' "$TMP/err" && fail "status warned about a file that did not change"

# the operator edits the file and forgets update-initramfs
sed -i 's/^lacp_timeout.*//; /^\[global\]/a lacp_timeout = 20' "$TMP/earlynet.ini"
en status >/dev/null 2>"$TMP/err" || fail "status exited $?"
cat "$TMP/err"
grep -q "warning: the initramfs brought the network up with another copy of $TMP/earlynet.ini .*run update-initramfs -u" "$TMP/err" ||
	fail "status did not warn about the stale initramfs copy"
expect_exit 0 en up 2>"$TMP/err"
grep -q 'run update-initramfs -u' "$TMP/err" || fail "up did not warn about the stale initramfs copy"
check_node
set -- $(hashes)
[ "$1" != "$ih" ] || fail "config_hash did not change with the file"
expect_eq "initramfs hash still the initramfs run's" "$2" "$ih"

# a new initramfs run with the new file: no warning any more
EARLYNET_INITRAMFS=1 en up 2>/dev/null || fail "second initramfs up exited $?"
en status >/dev/null 2>"$TMP/err"
grep -q 'update-initramfs' "$TMP/err" && fail "status still warns after the initramfs used the new file"
true
