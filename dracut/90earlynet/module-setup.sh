#!/bin/bash
# module-setup.sh - dracut module: earlynet brings the network up in pre-mount
#
# Why pre-mount: dracut runs it once, after the udev coldplug (the NIC
# drivers are loaded; earlynet waits up to link_timeout for late NICs and
# for udev to finish with each one) and after the root device showed up,
# but before root is mounted. Without systemd it is the pre-mount stage of
# dracut's own /init; with the systemd module the same hook runs from
# dracut-pre-mount.service (After=initrd-root-device.target,
# Before=sysroot.mount). initqueue/settled would run inside the main loop,
# again on every turn unless queued as a onetime job, and ahead of the
# root device wait in the non-systemd case only; a root on the network
# (NFS, iSCSI) is dracut's network module's business, not earlynet's.
#
# Do not combine with ip=/rd.neednet (dracut's network modules would
# configure the same NICs).

# called by dracut
check() {
	require_binaries earlynet || return 1
	# Without a config, only when asked for (--add earlynet).
	[[ -f ${dracutsysrootdir-}/etc/earlynet/earlynet.ini ]] || return 255
	return 0
}

# called by dracut
depends() {
	# udevd and its rules: earlynet waits for udev to finish with each
	# NIC. Not kernel-network-modules: it ships in dracut-network, which
	# also brings the network modules that earlynet replaces.
	echo udev-rules
	return 0
}

# called by dracut
installkernel() {
	instmods bonding 8021q bridge
	# The NIC drivers, chosen as kernel-network-modules does (hostonly:
	# only the loaded ones).
	dracut_instmods -o -P ".*/(wireless|isdn|uwb|net/team)/.*" \
		-s "eth_type_trans|register_virtio_device|usbnet_open" "=drivers/net"
}

# called by dracut
install() {
	local ev f

	inst_binary /usr/sbin/earlynet
	# timeout bounds the run; the rest is what shell hooks such as the
	# examples in /usr/share/doc/earlynet/hooks use.
	inst_multiple -o timeout awk head mktemp tr logger
	if [[ -f ${dracutsysrootdir-}/etc/earlynet/earlynet.ini ]]; then
		inst_simple /etc/earlynet/earlynet.ini
	fi
	for ev in up fallback failed; do
		inst_dir "/etc/earlynet/hooks/$ev.d"
		for f in "${dracutsysrootdir-}/etc/earlynet/hooks/$ev.d"/*; do
			[[ -f $f && ! -L $f ]] || continue
			f=${f#"${dracutsysrootdir-}"}
			if [[ -x ${dracutsysrootdir-}$f ]]; then
				inst_binary "$f" || inst_simple "$f"
			else
				inst_simple "$f"
			fi
		done
	done
	# Bonds, bridges and VLANs keep their MACs when udevd runs here
	# (the systemd module) with MACAddressPolicy=persistent.
	for f in /etc/systemd/network /usr/lib/systemd/network /lib/systemd/network; do
		f=$f/90-earlynet-keep-mac.link
		if [[ -f ${dracutsysrootdir-}$f ]]; then
			inst_simple "$f"
			break
		fi
	done
	# shellcheck disable=SC2154 # moddir is set by dracut
	inst_hook pre-mount 10 "$moddir/earlynet-hook.sh"
}
