# shellcheck shell=bash
# The kernel boundary (src/sys-*.c) on its own: build tests/netns/sys-smoke.c
# against the sys modules and run it; it makes its own namespaces and checks
# every result against ip(8), bridge(8), ethtool(8) and sysfs.
set -u
bin=build/netns/sys-smoke
mkdir -p build/netns
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O1 -g -Isrc \
	$(pkg-config --cflags libnl-route-3.0) -DHAVE_UDEV=1 -o "$bin" \
	tests/netns/sys-smoke.c src/sys-*.c src/kstate.c src/model.c \
	-lnl-route-3 -lnl-3 -ludev || exit 1
out=$("$bin")
rc=$?
printf '%s\n' "$out"
[ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL' && printf '%s\n' "$out" | grep -q '^PASS'
