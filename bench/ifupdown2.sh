# bench/ifupdown2.sh - Debian's ifupdown2 (and ifupdown), fetched with
# `apt-get download` and unpacked into bench/.cache/, never installed (they
# conflict with each other and their maintainer scripts would reconfigure
# this host's network). Sourced by bench/run and tests/netns/t-import-*.sh.
#
#   C=DIR (the cache) must be set; then:
#   fetch PKG            unpack PKG into $C/PKG once; 1 when it cannot
#   ifupdown2_patch      point ifupdown2's hard-coded paths into $C
#                        (I2=$C/ifupdown2, state under I2S=$C/state/ifupdown2)

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

I2=$C/ifupdown2
I2S=$C/state/ifupdown2
ifupdown2_patch() {
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
	ln -sf __main__.py "$I2/usr/share/ifupdown2/ifquery" &&
	touch "$I2/.patched"
}
