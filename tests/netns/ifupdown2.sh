# tests/netns/ifupdown2.sh - ifupdown2 for the hand-off test, never installed
# shellcheck shell=sh
#
# Fetched once with `apt-get download` and unpacked into tests/netns/.cache
# (installing it would let its maintainer scripts reconfigure this host);
# the paths it hard-codes are pointed into the cache, as bench/run does.
# ifup and ifreload then read /etc/network/interfaces, which the test
# bind-mounts inside the node's `ip netns exec` (a private mount namespace).
# Sets I2UP and I2RELOAD, or returns 1 saying why on stderr.
I2C=$PWD/tests/netns/.cache
I2=$I2C/ifupdown2
I2S=$I2C/ifupdown2-state

ifupdown2_get() {
	mkdir -p "$I2C" || return 1
	if [ ! -e "$I2/.patched" ]; then
		(
			flock 9
			[ -e "$I2/.patched" ] && exit 0
			rm -rf "$I2" "$I2C/debs"
			mkdir -p "$I2C/debs"
			(cd "$I2C/debs" && apt-get download -q -o APT::Sandbox::User=root ifupdown2 >/dev/null 2>&1) ||
				{ echo "cannot download ifupdown2 (apt-get download)" >&2; exit 1; }
			dpkg -x "$I2C/debs/"ifupdown2_*.deb "$I2" || exit 1
			find "$I2/usr/share/ifupdown2" -name '*.py' -exec sed -i \
				-e "s|/usr/share/ifupdown2|$I2/usr/share/ifupdown2|g" \
				-e "s|/etc/network/ifupdown2|$I2/etc/network/ifupdown2|g" \
				-e "s|/var/lib/ifupdown2|$I2/var/lib/ifupdown2|g" \
				-e "s|/run/network|$I2S/run|g" \
				-e "s|/var/tmp/network|$I2S/var|g" \
				-e "s|scripts_dir = '/etc/network'|scripts_dir = '$I2/scripts'|" {} + || exit 1
			sed -i -e "s|/var/tmp/network|$I2S/var|g" -e "s|^template_enable=1|template_enable=0|" \
				"$I2/etc/network/ifupdown2/ifupdown2.conf" || exit 1
			mkdir -p "$I2/scripts/if-pre-up.d" "$I2/scripts/if-up.d" "$I2/scripts/if-post-up.d"
			ln -sf __main__.py "$I2/usr/share/ifupdown2/ifup"
			ln -sf __main__.py "$I2/usr/share/ifupdown2/ifreload"
			touch "$I2/.patched"
		) 9>"$I2C/.lock" || return 1
	fi
	rm -rf "$I2S"
	mkdir -p "$I2S/run" "$I2S/var"
	# shellcheck disable=SC2034 # used by the sourcing test
	I2UP="python3 $I2/usr/share/ifupdown2/ifup"
	# shellcheck disable=SC2034
	I2RELOAD="python3 $I2/usr/share/ifupdown2/ifreload"
}
