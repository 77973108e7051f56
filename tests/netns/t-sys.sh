# shellcheck shell=bash
# The kernel boundary (src/sys-*.c) on its own: tests/netns/sys-smoke.c
# against the sys modules, built by the Makefile with the product's flags
# (make build/test/sys-smoke); it makes its own namespaces and checks
# every result against ip(8), bridge(8), ethtool(8) and sysfs.
set -u
bin=build/test/sys-smoke
make --no-print-directory -s "$bin" || exit 1
out=$("$bin")
rc=$?
printf '%s\n' "$out"
[ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL' && printf '%s\n' "$out" | grep -q '^PASS'
