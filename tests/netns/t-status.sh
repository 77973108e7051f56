# status after up: the tree shows the node without marks, --json is valid
# and carries the last run; drift made behind earlynet's back is marked;
# the up.d hook ran with the result and the state file's path.
. tests/netns/lib.sh
setup_topology
write_config
mkdir -p "$TMP/hooks/up.d"
chmod 0755 "$TMP/hooks" "$TMP/hooks/up.d"
printf '#!/bin/sh\necho "$1 $EARLYNET_RESULT $EARLYNET_STATE" >"%s"\n' "$TMP/hook.out" \
	>"$TMP/hooks/up.d/10-record"
chmod 0755 "$TMP/hooks/up.d/10-record"

expect_exit 0 en up
check_node
expect_eq "up.d hook" "$(cat "$TMP/hook.out" 2>/dev/null)" "up ok $EARLYNET_STATE"

LANG=C en status >"$TMP/status.txt" || fail "status exited $?"
cat "$TMP/status.txt"
grep -q '!!' "$TMP/status.txt" && fail "status marks drift on a node that matches the file"
grep -q '^vmbr0 ' "$TMP/status.txt" || fail "vmbr0 is not a root of the tree"
grep -q '^`- eth0 ' "$TMP/status.txt" || fail "eth0 is not drawn under vmbr0"
grep -q '^last run: up -> ok (exit 0)' "$TMP/status.txt" || fail "no last run"
awk 'length($0) > 80 { exit 1 }' "$TMP/status.txt" || fail "status is wider than 80 columns"

en status --json >"$TMP/status.json" || fail "status --json exited $?"
python3 - "$TMP/status.json" <<'PY' || fail "status --json is not what it should be"
import json, sys
d = json.load(open(sys.argv[1]))
names = [i["name"] for i in d["interfaces"]]
assert set(names) == {"eth0", "eth1", "spf0", "spf1", "vmbr0", "vmbr1"}, names
by = {i["name"]: i for i in d["interfaces"]}
assert by["vmbr1"]["mtu"] == 9000 and by["spf0"]["master"] == "vmbr1"
assert sorted(by["vmbr1"]["ports"]) == ["spf0", "spf1"]
assert "10.16.207.61/24" in by["vmbr0"]["addresses"]
assert by["vmbr0"]["default_routes"] == ["10.16.207.1", "fd00:207::1"] or \
       sorted(by["vmbr0"]["default_routes"]) == ["10.16.207.1", "fd00:207::1"]
assert all(not i["differences"] for i in d["interfaces"]), d["interfaces"]
assert d["last_run"]["result"] == "ok" and d["last_run"]["exit_code"] == 0
PY

# drift behind earlynet's back
n ip link set spf0 mtu 1500
n ip link set spf1 nomaster
n ip addr del 10.25.10.231/24 dev vmbr1
LANG=C en status >"$TMP/status.txt" || fail "status exited $?"
cat "$TMP/status.txt"
grep -q '!! mtu 1500, file says 9000' "$TMP/status.txt" || fail "mtu drift not marked"
grep -q '!! not enslaved to vmbr1' "$TMP/status.txt" || fail "released port not marked"
grep -q '!! address 10.25.10.231/24 missing' "$TMP/status.txt" || fail "missing address not marked"
true
