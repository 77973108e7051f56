# bench/ifupdown2.sh - sourced by bench/run and bench/scale: fetch a Debian
# package into bench/.cache/ (unpacked, never installed: ifupdown2 and
# ifupdown conflict, and their maintainer scripts would reconfigure this
# host's network), and point the paths ifupdown2 hard-codes into the cache.
# Needs C (the cache folder) set; sets I2 and I2S.
I2=$C/ifupdown2
I2S=$C/state/ifupdown2

fetch() {
	pkg=$1
	[ -e "$C/$pkg/.done" ] && return 0
	mkdir -p "$C/debs"
	rm -f "$C/debs/${pkg}_"*.deb
	(cd "$C/debs" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null 2>&1) ||
		{ apt-get update -qq >/dev/null 2>&1
		  (cd "$C/debs" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null); } ||
		return 1
	rm -rf "${C:?}/$pkg"
	dpkg -x "$C/debs/${pkg}_"*.deb "$C/$pkg" || return 1
	touch "$C/$pkg/.done"
}

# ifupdown2 from its unpacked tree: every hard-coded path into the cache.
i2_fetch() {
	fetch ifupdown2 || return 1
	[ -e "$I2/.patched" ] && return 0
	find "$I2/usr/share/ifupdown2" -name '*.py' -exec sed -i \
		-e "s|/usr/share/ifupdown2|$I2/usr/share/ifupdown2|g" \
		-e "s|/etc/network/ifupdown2|$I2/etc/network/ifupdown2|g" \
		-e "s|/var/lib/ifupdown2|$I2/var/lib/ifupdown2|g" \
		-e "s|/run/network|$I2S/run|g" \
		-e "s|/var/tmp/network|$I2S/var|g" \
		-e "s|scripts_dir = '/etc/network'|scripts_dir = '$I2/scripts'|" {} + &&
	sed -i -e "s|/var/tmp/network|$I2S/var|g" -e "s|^template_enable=1|template_enable=0|" \
		"$I2/etc/network/ifupdown2/ifupdown2.conf" &&
	mkdir -p "$I2/scripts/if-pre-up.d" "$I2/scripts/if-up.d" "$I2/scripts/if-post-up.d" &&
	ln -sf __main__.py "$I2/usr/share/ifupdown2/ifup" &&
	touch "$I2/.patched"
}
