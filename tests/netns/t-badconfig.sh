# A bad file: exit 1, every problem with its line, and nothing touched.
. tests/netns/lib.sh
setup_topology
write_config
cat >>"$TMP/earlynet.ini" <<'EOT'

[vlan vmbr1.5000]
[link spf9]
mac = 02:e0:00:00:00:zz
mtu = 12
EOT
before=$(fingerprint)
out=$(en up 2>&1); rc=$?
expect_eq "exit code" "$rc" 1
printf "%s\n" "$out" | grep -q "earlynet.ini:$(grep -n "vmbr1.5000" "$TMP/earlynet.ini" | cut -d: -f1): " || fail "no FILE:LINE message for the VLAN: $out"
[ "$(printf '%s\n' "$out" | grep -c 'earlynet.ini:[0-9]*: ')" -ge 3 ] || fail "not every problem reported: $out"
after=$(fingerprint)
[ "$before" = "$after" ] || fail "a bad file changed the system"
n test -e /sys/class/net/vmbr0 && fail "vmbr0 created from a bad file"

# A file others can write is refused too.
write_config
chmod 0666 "$TMP/earlynet.ini"
out=$(en up 2>&1); rc=$?
expect_eq "exit code (world-writable)" "$rc" 1
n test -e /sys/class/net/vmbr0 && fail "vmbr0 created from a world-writable file"
true
