# try: a bad NEWFILE touches nothing (FILE:LINE, exit 1); a good change
# confirmed with `earlynet confirm` is kept, the file replaced, nothing else
# bounced; a second try, up, down or fallback while one is pending is
# refused, touching nothing; no confirmation:
# reverted at the timeout; try killed with SIGKILL right after applying:
# the detached reverter still reverts. Judged from the kernel.
. tests/netns/lib.sh
setup_topology
write_config
expect_exit 0 en up
cp "$TMP/earlynet.ini" "$TMP/orig.ini"
PENDING=$TMP/try.pending

# wait_for WHAT SECONDS CMD...: until CMD succeeds, at most SECONDS
wait_for() {
	what=$1 secs=$2; shift 2
	i=0
	until "$@"; do
		[ $i -lt $((secs * 10)) ] || { cat "$TMP/try.out" 2>/dev/null; fail "$what: not within $secs s"; }
		sleep 0.1; i=$((i + 1))
	done
}
waiting() { grep -q '^phase=waiting' "$PENDING" 2>/dev/null; }
gone() { ! n test -e "/sys/class/net/$1"; }
# try in the background with its pid the earlynet process's own
try_bg() { (exec ip netns exec "$NODE" "$EARLYNET" --state "$EARLYNET_STATE" \
	--cmdline "$EARLYNET_CMDLINE" -c "$TMP/earlynet.ini" try "$@" </dev/null \
	>"$TMP/try.out" 2>&1) & }
state_result() { sed -n 's/.*"result": *"\([a-z]*\)".*/\1/p' "$EARLYNET_STATE" | head -n1; }

carrier_both() { [ "$(sysfs vmbr0 carrier)$(sysfs vmbr1 carrier)" = 11 ]; }
# the bridges' carrier comes a moment after up: settled before counting
wait_for "carrier on vmbr0 and vmbr1" 10 carrier_both

# 1. a bad NEWFILE: FILE:LINE, exit 1, nothing touched, nothing pending
before=$(fingerprint)
{ cat "$TMP/orig.ini"; printf '\n[bridge vmbr2]\naddress = 10.30.0.1/99\n'; } >"$TMP/bad.ini"
line=$(grep -n 'address = 10.30.0.1/99' "$TMP/bad.ini" | cut -d: -f1)
expect_exit 1 en try "$TMP/bad.ini" 2>"$TMP/err"
cat "$TMP/err"
grep -q "^$TMP/bad.ini:$line: " "$TMP/err" || fail "no FILE:LINE for the bad NEWFILE"
expect_eq "links after a bad NEWFILE" "$(fingerprint)" "$before"
[ ! -e "$PENDING" ] || fail "a bad NEWFILE left a pending try"
cmp -s "$TMP/earlynet.ini" "$TMP/orig.ini" || fail "a bad NEWFILE changed the config"
expect_exit 1 en confirm 2>"$TMP/err"
grep -q 'no try is pending' "$TMP/err" || fail "confirm without a try: $(cat "$TMP/err")"

# 2. a good change (a new bridge: no 8021q in the netns tier): kept once confirmed, file replaced
{ cat "$TMP/orig.ini"; printf '\n[bridge vmbr2]\naddress = 10.30.0.1/24\n'; } >"$TMP/good.ini"
before=$(fingerprint)
try_bg "$TMP/good.ini" --timeout 60
pid=$!
wait_for "try waiting for confirmation" 60 waiting
n test -e /sys/class/net/vmbr2 || fail "vmbr2 not made while pending"
expect_eq "state result while pending" "$(state_result)" pending
# a second try while one is pending is refused, touching nothing
expect_exit 1 en try "$TMP/good.ini" 2>"$TMP/err"
grep -q 'a try is pending already' "$TMP/err" || fail "second try: $(cat "$TMP/err")"
# up, down and fallback while it is pending are refused, touching nothing:
# the installed file has no vmbr2, and up with it would remove vmbr2
links=$(fingerprint)
for cmd in up down fallback; do
	expect_exit 1 en $cmd 2>"$TMP/err"
	grep -q "^earlynet: error: $cmd: a try is pending (reverter pid [0-9]*)" "$TMP/err" ||
		fail "$cmd while a try is pending: $(cat "$TMP/err")"
	expect_eq "links after a refused $cmd" "$(fingerprint)" "$links"
done
n ip -o addr show dev vmbr2 | grep -qw 10.30.0.1/24 || fail "vmbr2 lost its address to a refused command"
expect_eq "state result after the refused commands" "$(state_result)" pending
run_to "$TMP/confirm.out" 0 en confirm
wait $pid; rc=$?
cat "$TMP/try.out"
[ $rc = 0 ] || fail "confirmed try exited $rc"
n test -e /sys/class/net/vmbr2 || fail "vmbr2 gone after confirm"
n ip -o addr show dev vmbr2 | grep -qw 10.30.0.1/24 || fail "vmbr2 has no address"
cmp -s "$TMP/earlynet.ini" "$TMP/good.ini" || fail "the config was not replaced"
expect_eq "config mode" "$(stat -c %a:%u "$TMP/earlynet.ini")" 600:0
grep -q 'update-initramfs -u' "$TMP/try.out" || fail "no word on the initramfs copy"
expect_eq "state result" "$(state_result)" confirmed
expect_eq "links other than vmbr2 after the confirmed try" \
	"$(fingerprint | grep -v '^vmbr2 ')" "$before"
[ ! -e "$PENDING" ] || fail "pending file left after confirm"
check_node

# 3. no confirmation: reverted at the timeout (a new bridge, vmbr1's
# address moved, a route on vmbr0)
cp "$TMP/earlynet.ini" "$TMP/cur.ini"
sed -e 's#^address = 10.25.10.231/24#address = 10.25.10.232/24#' \
	-e '/^gateway = fd00:207::1$/a route = 10.98.0.0/16 via 10.16.207.254' \
	"$TMP/cur.ini" >"$TMP/new2.ini"
printf '\n[bridge vmbr3]\naddress = 10.40.0.1/24\n' >>"$TMP/new2.ini"
before=$(fingerprint)
t0=$(date +%s)
expect_exit 2 en try "$TMP/new2.ini" --timeout 5 2>"$TMP/err" </dev/null
t=$(( $(date +%s) - t0 ))
cat "$TMP/err"
[ $t -ge 5 ] || fail "reverted after $t s, before the 5 s timeout"
grep -q 'REVERTED' "$TMP/err" || fail "the revert was not said"
gone vmbr3 || fail "vmbr3 still there after the revert"
has_addr vmbr1 10.25.10.231/24
! n ip -o addr show dev vmbr1 | grep -qw 10.25.10.232/24 || fail "the new address stayed"
[ -z "$(n ip -4 route show 10.98.0.0/16)" ] || fail "the new file's route stayed"
cmp -s "$TMP/earlynet.ini" "$TMP/cur.ini" || fail "a reverted try changed the config"
expect_eq "state result" "$(state_result)" reverted
grep -q 'not confirmed within 5 s' "$EARLYNET_STATE" || fail "no reason in the state file"
expect_eq "links after the revert" "$(fingerprint)" "$before"
check_node

# 4. try killed with SIGKILL right after applying: still reverted
try_bg "$TMP/new2.ini" --timeout 6
pid=$!
wait_for "try applied" 60 waiting
n test -e /sys/class/net/vmbr3 || fail "vmbr3 not made"
kill -9 $pid
wait $pid 2>/dev/null
wait_for "the detached reverter reverting" 60 gone vmbr3
wait_for "the reverter done" 60 test ! -e "$PENDING"
expect_eq "state result" "$(state_result)" reverted
has_addr vmbr1 10.25.10.231/24
! n ip -o addr show dev vmbr1 | grep -qw 10.25.10.232/24 || fail "the new address stayed"
cmp -s "$TMP/earlynet.ini" "$TMP/cur.ini" || fail "a killed try changed the config"
expect_eq "links after the killed try" "$(fingerprint)" "$before"
check_node

# 5. `y` on the terminal that ran try confirms (script(1) gives it one)
cp "$TMP/earlynet.ini" "$TMP/cur.ini"
{ cat "$TMP/cur.ini"; printf '\n[bridge vmbr4]\naddress = 10.50.0.1/24\n'; } >"$TMP/y.ini"
cmd="ip netns exec $NODE $EARLYNET --state $EARLYNET_STATE --cmdline $EARLYNET_CMDLINE"
cmd="$cmd -c $TMP/earlynet.ini try $TMP/y.ini --timeout 60"
{ wait_for "try waiting on a terminal" 60 waiting; printf 'y\n'; } |
	script -qec "$cmd" /dev/null >"$TMP/y.out" 2>&1
rc=$?
cat "$TMP/y.out"
[ $rc = 0 ] || fail "try confirmed with y exited $rc"
grep -q 'type y and Enter to keep it' "$TMP/y.out" || fail "no prompt on the terminal"
n test -e /sys/class/net/vmbr4 || fail "vmbr4 gone after y"
cmp -s "$TMP/earlynet.ini" "$TMP/y.ini" || fail "y did not install the file"
expect_eq "state result" "$(state_result)" confirmed
