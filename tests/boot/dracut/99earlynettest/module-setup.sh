#!/bin/bash
# module-setup.sh - dracut module of the boot test image only: checking
# tools, the VM tier's switch and checks, hooks around earlynet's pre-mount.

# called by dracut
check() {
	return 255
}

# called by dracut
depends() {
	echo earlynet
	return 0
}

# called by dracut
# shellcheck disable=SC2154 # initdir and moddir are set by dracut
install() {
	local src=/usr/local/share/earlynet-boottest a f

	inst "$(command -v ip)" /usr/sbin/ip
	inst "$(command -v ethtool)" /usr/sbin/ethtool
	# Busybox for the checks, apart from the image's own tools.
	inst /usr/bin/busybox /vmtest/bin/busybox
	for a in $(/usr/bin/busybox --list); do
		[[ $a = busybox ]] || ln -sf busybox "$initdir/vmtest/bin/$a"
	done
	for f in "$src"/*; do
		inst_simple "$f" "/vmtest/${f##*/}"
	done
	inst_dir /var/lib/prometheus/node-exporter
	# udevd here would give bonds and bridges a MAC of its own: Debian's
	# 99-default.link (MACAddressPolicy=persistent) and a machine-id, as
	# on an installed system. With both, check.sh's MAC checks fail
	# unless 90-earlynet-keep-mac.link (the earlynet module's) is there.
	inst_simple /usr/lib/systemd/network/99-default.link
	echo 5d2f0c6be3a94c1f8e7b2a9d4c6e1f03 >"$initdir/etc/machine-id"
	inst_hook pre-mount 05 "$moddir/switch-hook.sh"
	inst_hook pre-mount 90 "$moddir/check-hook.sh"
}
