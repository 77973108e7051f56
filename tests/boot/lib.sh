# tests/boot/lib.sh - host side of the boot tier: chroots, images, qemu
# shellcheck shell=sh
#
# Sourced by tests/boot/run. A Debian chroot per initramfs generator
# (initramfs-tools and dracut conflict as packages) is made once with
# debootstrap and cached in tests/boot/.cache/base-*; every image is built
# in a throw-away overlay of it, inside a private mount namespace, with
# `make install DESTDIR=` of this tree, node01.ini and the example hooks.
# The Debian kernel, the NIC wiring and the simulated switch are the VM
# tier's (tests/vm/lib.sh, tests/vm/guest/lib.sh).

BOOT_MIRROR=${BOOT_MIRROR:-http://deb.debian.org/debian}
BOOT_SUITE=${BOOT_SUITE:-bookworm}
BOOT_MEM=${BOOT_MEM:-768}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-240}
BOOT_TEST_FILES=/usr/local/share/earlynet-boottest

# boot_pkgs FLAVOR: what its chroot needs on top of minbase.
boot_pkgs() {
	echo "kmod udev iproute2 ethtool busybox coreutils"
	case $1 in
	itools) echo initramfs-tools zstd ;;
	dracut) echo dracut systemd ;;
	# The whole system: systemd as PID 1, udev, ifupdown2, what the
	# earlynet .deb depends on, initramfs-tools for its own image, the
	# switch's tools (iputils ping for -M) and e2fsprogs in the root.
	system) echo systemd systemd-sysv ifupdown2 initramfs-tools zstd \
		libnl-3-200 libnl-route-3-200 libinih1 iputils-ping e2fsprogs procps ;;
	esac
}

# boot_base_dir FLAVOR: where its chroot is cached. The system root is
# keyed on what goes into it (suite, mirror, package list), so that a
# changed list builds a new one instead of reusing a stale one.
boot_base_dir() {
	case $1 in
	system)
		k=$( (echo "$BOOT_SUITE $BOOT_MIRROR"; boot_pkgs system) | sha256sum | cut -c1-12)
		echo "$BOOT_CACHE/base-system-$k"
		;;
	*) echo "$BOOT_CACHE/base-$1" ;;
	esac
}

boot_say() { printf '%s\n' "boot: $*" >&2; }

# boot_missing: why the image tests cannot run here, or nothing.
boot_missing() {
	[ "$(id -u)" = 0 ] || { echo "needs root (chroot, mounts)"; return; }
	for t in debootstrap unshare chroot qemu-system-x86_64 apt-get dpkg; do
		command -v "$t" >/dev/null 2>&1 || { echo "$t not installed"; return; }
	done
	[ -f "$BOOT_TOP/tests/vm/lib.sh" ] || { echo "tests/vm/lib.sh missing"; return; }
	[ -x "$BOOT_TOP/earlynet" ] || { echo "./earlynet not built (make)"; return; }
	grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null ||
		{ echo "no overlayfs"; return; }
}

# boot_base FLAVOR: the cached chroot for itools or dracut; prints its path.
# Serialised with flock: runs of this tier may overlap.
boot_base() {
	b=$(boot_base_dir "$1")
	mkdir -p "$BOOT_CACHE" || return 1
	(
		flock 9
		[ -e "$b/.done" ] && exit 0
		pkgs=$(boot_pkgs "$1" | tr ' \n' ,, | sed 's/,*$//')
		boot_say "debootstrap $BOOT_SUITE for $1 (once, cached)"
		rm -rf "$b"
		if ! timeout 1500 debootstrap --variant=minbase --include="$pkgs" \
			"$BOOT_SUITE" "$b" "$BOOT_MIRROR" >"$BOOT_CACHE/debootstrap-$1.log" 2>&1; then
			tail -n 5 "$BOOT_CACHE/debootstrap-$1.log" >&2
			rm -rf "$b"
			exit 1
		fi
		touch "$b/.done"
	) 9>"$BOOT_CACHE/.lock-$1" || return 1
	echo "$b"
}

# boot_build FLAVOR OUT [VARIANT]: build the test image of FLAVOR into
# OUT. Runs in a private mount namespace: an overlay of the base chroot
# and of the kernel's modules, this tree installed into it.
boot_build() {
	base=$(boot_base "$1") || return 1
	# Per run: `make check` of other trees may run this tier at the same time.
	w=$BOOT_CACHE/work-$1${3:+-$3}.$$
	rm -rf "$w"
	mkdir -p "$w/up" "$w/wk" "$w/root" "$w/mup" "$w/mwk" || return 1
	# shellcheck disable=SC2016
	BOOT_FLAVOR=$1 BOOT_VARIANT=${3:-} BOOT_BASE=$base BOOT_W=$w BOOT_OUT=$2 \
		BOOT_KVER=$VM_KVER BOOT_MODDIR=$VM_MODDIR BOOT_KDIR=$VM_KDIR \
		BOOT_WIRES=$VM_WIRES \
		timeout -k 5 600 unshare -m --propagation private sh -c '. "$1/tests/boot/lib.sh"; boot_build_ns' \
		sh "$BOOT_TOP" >"$w.log" 2>&1
	rc=$?
	[ $rc = 0 ] || tail -n 30 "$w.log" >&2
	rm -rf "$w" "$w.log"
	return $rc
}

# Runs inside the mount namespace made by boot_build.
boot_build_ns() {
	set -e
	r=$BOOT_W/root
	mount -t overlay overlay -o "lowerdir=$BOOT_BASE,upperdir=$BOOT_W/up,workdir=$BOOT_W/wk" "$r"
	mkdir -p "$r/lib/modules/$BOOT_KVER"
	mount -t overlay overlay \
		-o "lowerdir=$BOOT_MODDIR,upperdir=$BOOT_W/mup,workdir=$BOOT_W/mwk" "$r/lib/modules/$BOOT_KVER"
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	mount -t tmpfs tmpfs "$r/tmp"
	mount -t tmpfs tmpfs "$r/run"

	make -C "$BOOT_TOP" -s install DESTDIR="$r"
	# BOOT_DROP_KEEPMAC=1: the image without 90-earlynet-keep-mac.link, to
	# see the MAC checks fail (a check that cannot fail proves nothing).
	[ -z "${BOOT_DROP_KEEPMAC:-}" ] || rm -f "$r/lib/systemd/network/90-earlynet-keep-mac.link"
	install -m 0644 "$BOOT_TOP/conf/node01.ini" "$r/etc/earlynet/earlynet.ini"
	for ev in up fallback failed; do
		cp -p "$r/usr/share/doc/earlynet/hooks/$ev.d/"* "$r/etc/earlynet/hooks/$ev.d/"
	done
	t=$r$BOOT_TEST_FILES
	mkdir -p "$t"
	cp "$BOOT_TOP/tests/vm/guest/lib.sh" "$t/lib.sh"
	cp "$BOOT_TOP/tests/boot/guest/switch.sh" "$BOOT_TOP/tests/boot/guest/check.sh" "$t/"
	cp "$BOOT_TOP/init/earlynet.sh" "$t/earlynet-init"
	echo "$BOOT_FLAVOR${BOOT_VARIANT:+-$BOOT_VARIANT}" >"$t/name"
	echo "$BOOT_WIRES" >"$t/wires"
	chmod 0755 "$t"/*.sh "$t/earlynet-init"
	chroot "$r" depmod "$BOOT_KVER"
	# mkinitramfs checks the kernel's config for the compressor.
	cp "$BOOT_KDIR/boot/config-$BOOT_KVER" "$r/boot/"

	case $BOOT_FLAVOR in
	itools)
		c=$r/etc/initramfs-tools
		install -D -m 0755 "$BOOT_TOP/tests/boot/itools/hook" "$c/hooks/earlynet-test"
		install -D -m 0755 "$BOOT_TOP/tests/boot/itools/switch" "$c/scripts/init-top/earlynet-test"
		install -D -m 0755 "$BOOT_TOP/tests/boot/itools/check" "$c/scripts/init-premount/earlynet-test"
		# A small image boots faster under TCG; the NIC driver is
		# what a node lists in /etc/initramfs-tools/modules.
		sed -i 's/^MODULES=.*/MODULES=list/' "$c/initramfs.conf"
		echo e1000 >>"$c/modules"
		chroot "$r" mkinitramfs -o /tmp/initrd.img "$BOOT_KVER"
		chroot "$r" lsinitramfs /tmp/initrd.img >"$BOOT_OUT.list"
		;;
	dracut)
		cp -r "$BOOT_TOP/tests/boot/dracut/99earlynettest" "$r/usr/lib/dracut/modules.d/"
		omit=
		[ "$BOOT_VARIANT" = nosystemd ] && omit="systemd systemd-initrd dracut-systemd"
		chroot "$r" dracut --quiet --force --no-hostonly --no-hostonly-cmdline --no-compress \
			${omit:+--omit "$omit"} -a earlynettest --kver "$BOOT_KVER" /tmp/initrd.img
		chroot "$r" lsinitrd /tmp/initrd.img >"$BOOT_OUT.list"
		;;
	esac
	cp "$r/tmp/initrd.img" "$BOOT_OUT"
}

# boot_qemu NAME INITRD APPEND [QEMU ARGS...]: boot with node01's four NICs
# wired to the switch NICs; the console goes to $BOOT_CACHE/logs/NAME.log.
# Returns 0 when the guest printed "@@BOOTTEST-PASS".
boot_qemu() {
	name=$1 initrd=$2 append=$3
	shift 3
	log=$BOOT_CACHE/logs/$name.log
	mkdir -p "$BOOT_CACHE/logs"
	rm -f "$log"
	# shellcheck disable=SC2046
	timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m "$BOOT_MEM" -smp 1 \
		-nographic -no-reboot -nodefaults -serial "file:$log" \
		-kernel "$VM_VMLINUZ" -initrd "$initrd" \
		-append "console=ttyS0 no_timer_check panic=-1 $append" \
		$(vm_qemu_args "mgmt unused spf0 spf1") "$@" </dev/null >"$log.qemu" 2>&1
	rc=$?
	[ "$rc" = 124 ] && echo "@@HOST qemu killed after ${BOOT_TIMEOUT}s" >>"$log"
	grep -q '^@@BOOTTEST-PASS ' "$log"
}

# boot_scripts FLAVOR: the boot script of FLAVOR (init-premount/earlynet or
# the dracut hook) run in its chroot against a scripted earlynet whose exit
# code each case chooses, and a given kernel command line: earlynet=off,
# the exit codes, the timeout and the fallback after it. Prints "ok - ..." / "not ok - ..." lines.
boot_scripts() {
	base=$(boot_base "$1") || return 1
	w=$BOOT_CACHE/work-scripts-$1.$$
	rm -rf "$w"
	mkdir -p "$w/up" "$w/wk" "$w/root" || return 1
	# shellcheck disable=SC2016
	BOOT_FLAVOR=$1 BOOT_BASE=$base BOOT_W=$w \
		timeout -k 5 300 unshare -m --propagation private sh -c '. "$1/tests/boot/lib.sh"; boot_scripts_ns' \
		sh "$BOOT_TOP" 2>"$w.log"
	rc=$?
	[ $rc = 0 ] || tail -n 30 "$w.log" >&2
	rm -rf "$w" "$w.log"
	return $rc
}

# Runs inside the mount namespace made by boot_scripts.
boot_scripts_ns() {
	set -e
	r=$BOOT_W/root
	mount -t overlay overlay -o "lowerdir=$BOOT_BASE,upperdir=$BOOT_W/up,workdir=$BOOT_W/wk" "$r"
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	mount -t tmpfs tmpfs "$r/tmp"
	mount -t tmpfs tmpfs "$r/run"
	make -C "$BOOT_TOP" -s install DESTDIR="$r" >&2
	install -m 0644 "$BOOT_TOP/conf/node01.ini" "$r/etc/earlynet/earlynet.ini"
	# The scripted earlynet records its arguments; /tmp/mode is the exit code of up,
	# or "hang".
	cat >"$r/tmp/fake-earlynet" <<-'EOS'
	#!/bin/sh
	echo "$1" >>/tmp/calls
	case $1:$(cat /tmp/mode) in
	up:hang) exec sleep 60 ;;
	up:*) exit "$(cat /tmp/mode)" ;;
	*) exit 2 ;;
	esac
	EOS
	chmod 0755 "$r/tmp/fake-earlynet"
	mount --bind "$r/tmp/fake-earlynet" "$r/usr/sbin/earlynet"
	case $BOOT_FLAVOR in
	itools)
		mkdir -p "$r/scripts"
		cp "$r/usr/share/initramfs-tools/scripts/functions" "$r/scripts/functions"
		;;
	dracut)
		# Where the image has them; hooks are sourced with them loaded.
		cp "$r/usr/lib/dracut/modules.d/99base/dracut-lib.sh" \
			"$r/usr/lib/dracut/modules.d/99base/dracut-dev-lib.sh" "$r/lib/"
		ln -s /usr/lib/dracut/dracut-util "$r/usr/bin/dracut-getarg"
		;;
	esac
	set +e
	#          name                                 cmdline extra       mode calls         net conf
	boot_script_case "earlynet=off does nothing" "earlynet=off" 0 "" no
	boot_script_case "up, exit 0" "" 0 "up," yes
	boot_script_case "up, degraded (exit 2)" "" 2 "up," yes
	boot_script_case "up, failed (exit 3): boot goes on" "" 3 "up," no
	boot_script_case "earlynet.timeout=2: up killed, then fallback" "earlynet.timeout=2" hang "up,fallback," yes
	return 0
}

# boot_script_case NAME CMDLINE MODE CALLS NETCONF (inside boot_scripts_ns)
boot_script_case() {
	echo "quiet root=/dev/sda1 $2" >"$r/tmp/cmdline"
	umount "$r/proc/cmdline" 2>/dev/null
	mount --bind "$r/tmp/cmdline" "$r/proc/cmdline"
	echo "$3" >"$r/tmp/mode"
	rm -f "$r/tmp/calls" "$r"/run/net-*.conf
	case $BOOT_FLAVOR in
	itools)
		# /init exports quiet (y or n) to every script.
		chroot "$r" env quiet=n timeout 60 /usr/share/initramfs-tools/scripts/init-premount/earlynet >&2
		;;
	dracut)
		# shellcheck disable=SC2016
		chroot "$r" timeout 60 sh -c '. /lib/dracut-lib.sh
			. "$1"' sh /usr/lib/dracut/modules.d/90earlynet/earlynet-hook.sh >&2
		;;
	esac
	rc=$?
	calls=$( (tr '\n' , <"$r/tmp/calls") 2>/dev/null)
	conf=no
	[ -e "$r/run/net-vmbr0.conf" ] && conf=yes
	[ "$BOOT_FLAVOR" = dracut ] && conf=$5
	if [ "$rc" = 0 ] && [ "$calls" = "$4" ] && [ "$conf" = "$5" ]; then
		echo "ok - $1"
	else
		echo "not ok - $1: exit $rc, earlynet calls '$calls' (want '$4'), net conf $conf (want $5)"
	fi
}

# --- the whole system -------------------------------------------------------
# boot_system_image OUT: a Debian 12 root from the cached base-system chroot
# with this tree's .deb (build/deb, `make deb`) installed by apt, node01.ini
# and the example hooks, /etc/network/interfaces from `earlynet export` of
# node01.ini, the VM kernel's modules, and the boot test's units, written
# into the ext4 image OUT.img by `mke2fs -d` (no loop mount). Two
# initramfs-tools images of that root: OUT.initrd with earlynet's hook (the
# package's own), OUT-noearlynet.initrd without it; both build the simulated
# switch at init-top (and, with boottest.bench, its pinger) and record the
# renames the initramfs saw. BOOT_SYSTEM_LINKS=1 adds `export --links`;
# BOOT_SYSTEM_INI=FILE takes FILE instead of node01.ini (bench/boot-system).
boot_system_image() {
	ini=${BOOT_SYSTEM_INI:-$BOOT_TOP/conf/node01.ini}
	base=$(boot_base system) || return 1
	deb=$(find "$BOOT_TOP/build/deb" -maxdepth 1 -name 'earlynet_*.deb' 2>/dev/null | head -n 1)
	[ -f "$deb" ] || { boot_say "no build/deb/earlynet_*.deb (make deb)"; return 1; }
	w=$BOOT_CACHE/work-system.$$
	rm -rf "$w"
	mkdir -p "$w/up" "$w/wk" "$w/root" || return 1
	cp "$deb" "$w/earlynet.deb" || return 1
	cp "$ini" "$w/earlynet.ini" || return 1
	"$BOOT_TOP/earlynet" -c "$ini" export >"$w/interfaces" || return 1
	# BOOT_SYSTEM_LINKS=1: the .link files that pin the NIC names by MAC
	# (bench/boot-system: ifupdown2 alone needs them, as on Proxmox)
	mkdir -p "$w/links"
	if [ -n "${BOOT_SYSTEM_LINKS:-}" ]; then
		"$BOOT_TOP/earlynet" -c "$ini" export --links "$w/links" >/dev/null || return 1
	fi
	# shellcheck disable=SC2016
	BOOT_BASE=$base BOOT_W=$w BOOT_OUT=$1 \
		BOOT_KVER=$VM_KVER BOOT_MODDIR=$VM_MODDIR BOOT_KDIR=$VM_KDIR \
		BOOT_WIRES=$VM_WIRES \
		timeout -k 5 1200 unshare -m --propagation private sh -c '. "$1/tests/boot/lib.sh"; boot_system_ns' \
		sh "$BOOT_TOP" >"$w.log" 2>&1
	rc=$?
	[ $rc = 0 ] || tail -n 30 "$w.log" >&2
	rm -rf "$w" "$w.log"
	return $rc
}

# Runs inside the mount namespace made by boot_system_image.
boot_system_ns() {
	set -e
	r=$BOOT_W/root
	s=$BOOT_TOP/tests/boot/system
	mount -t overlay overlay -o "lowerdir=$BOOT_BASE,upperdir=$BOOT_W/up,workdir=$BOOT_W/wk" "$r"
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	mount -t tmpfs tmpfs "$r/tmp"
	mount -t tmpfs tmpfs "$r/run"

	# The package as an operator installs it: config first, so that its
	# trigger has something to put into an initramfs (there is no kernel
	# in /boot yet: update-initramfs has nothing to do until below).
	install -D -m 0644 "$BOOT_W/earlynet.ini" "$r/etc/earlynet/earlynet.ini"
	cp "$BOOT_W/earlynet.deb" "$r/tmp/"
	# as the README says: apt install ./earlynet_*.deb
	chroot "$r" sh -c 'cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ./earlynet.deb' </dev/null
	for ev in up fallback failed; do
		cp -p "$r/usr/share/doc/earlynet/hooks/$ev.d/"* "$r/etc/earlynet/hooks/$ev.d/"
	done
	install -m 0644 "$BOOT_W/interfaces" "$r/etc/network/interfaces"
	mkdir -p "$r/etc/systemd/network"
	cp "$BOOT_W/links/." "$r/etc/systemd/network/" -R

	# The kernel's modules the node needs (NICs, bonding, bridge, VLANs,
	# the root's virtio disk and ext4), not the whole tree.
	m=$r/lib/modules/$BOOT_KVER
	mkdir -p "$m/kernel/drivers" "$m/kernel/arch"
	for d in drivers/net drivers/block drivers/virtio net fs lib crypto arch/x86; do
		[ -d "$BOOT_MODDIR/kernel/$d" ] || continue
		mkdir -p "$m/kernel/${d%/*}"
		cp -a "$BOOT_MODDIR/kernel/$d" "$m/kernel/${d%/*}/"
	done
	cp "$BOOT_MODDIR"/modules.order "$BOOT_MODDIR"/modules.builtin* "$m/"
	chroot "$r" depmod "$BOOT_KVER"
	cp "$BOOT_KDIR/boot/config-$BOOT_KVER" "$r/boot/"

	# The guest side of the test: the VM tier's switch and checks.
	t=$r$BOOT_TEST_FILES
	mkdir -p "$t" "$r/vmtest/bin"
	cp "$BOOT_TOP/tests/vm/guest/lib.sh" "$BOOT_TOP/tests/boot/guest/switch.sh" \
		"$s/before.sh" "$s/check.sh" "$t/"
	echo "$BOOT_WIRES" >"$t/wires"
	echo system >"$t/name"
	chmod 0755 "$t"/*.sh
	cp -p "$t"/* "$r/vmtest/"
	ln -s /bin/busybox "$r/vmtest/bin/usleep"
	# tests/vm/guest/lib.sh names iproute2's and iputils' tools by the
	# paths of the VM tier's initramfs.
	for b in ping bridge ip ethtool; do
		[ -e "$r/usr/sbin/$b" ] || ln -s "$(chroot "$r" sh -c "command -v $b")" "$r/usr/sbin/$b"
	done
	for u in earlynet-boottest-before.service earlynet-boottest-check.service; do
		install -m 0644 "$s/$u" "$r/etc/systemd/system/$u"
		ln -s "../$u" "$r/etc/systemd/system/multi-user.target.wants/$u"
	done
	# Nothing a test boot does not need (timers, scrubs), and no login
	# prompt on the console the checks write to.
	for u in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
		e2scrub_reap.service fstrim.timer systemd-tmpfiles-clean.timer man-db.timer; do
		ln -sf /dev/null "$r/etc/systemd/system/$u"
	done
	ln -sf /dev/null "$r/etc/systemd/system/serial-getty@ttyS0.service"
	ln -sf /dev/null "$r/etc/systemd/system/getty@tty1.service"
	echo node01 >"$r/etc/hostname"
	echo '/dev/vda / ext4 defaults 0 1' >"$r/etc/fstab"
	: >"$r/etc/machine-id"

	c=$r/etc/initramfs-tools
	install -D -m 0755 "$BOOT_TOP/tests/boot/itools/hook" "$c/hooks/earlynet-test"
	install -D -m 0755 "$BOOT_TOP/tests/boot/itools/switch" "$c/scripts/init-top/earlynet-test"
	install -D -m 0755 "$s/record" "$c/scripts/init-bottom/earlynet-test"
	install -D -m 0755 "$s/bench-hook" "$c/hooks/earlynet-bench"
	install -D -m 0755 "$s/bench-pinger" "$c/scripts/init-top/earlynet-bench"
	sed -i 's/^MODULES=.*/MODULES=list/' "$c/initramfs.conf"
	# the NIC driver and the root's disk (the switch's bonding, bridge
	# and 8021q come with the test hook: listed here they would be loaded
	# before earlynet, with bonding's own bond0)
	printf '%s\n' e1000 virtio_pci virtio_blk ext4 >>"$c/modules"
	chroot "$r" mkinitramfs -o /tmp/initrd.img "$BOOT_KVER"
	chroot "$r" lsinitramfs /tmp/initrd.img >"$BOOT_OUT.initrd.list"
	grep -q 'usr/sbin/earlynet$' "$BOOT_OUT.initrd.list"
	cp "$r/tmp/initrd.img" "$BOOT_OUT.initrd"
	# The same without earlynet: the real root's unit does it all.
	mv "$r/usr/share/initramfs-tools/hooks/earlynet" "$r/tmp/hook"
	chroot "$r" mkinitramfs -o /tmp/initrd.img "$BOOT_KVER"
	mv "$r/tmp/hook" "$r/usr/share/initramfs-tools/hooks/earlynet"
	chroot "$r" lsinitramfs /tmp/initrd.img | grep -q 'usr/sbin/earlynet$' && exit 1
	cp "$r/tmp/initrd.img" "$BOOT_OUT-noearlynet.initrd"

	rm -f "$r/tmp/earlynet.deb"
	umount -l "$r/proc" "$r/dev" "$r/tmp" "$r/run"
	kb=$(du -sk "$r" | cut -f1)
	rm -f "$BOOT_OUT.img"
	mke2fs -q -F -t ext4 -L root -d "$r" "$BOOT_OUT.img" "$((kb * 13 / 10 + 65536))k"
}

# boot_system_qemu NAME IMAGE INITRD APPEND: boot the whole system (the
# image is not written: qemu's snapshot), node01's NICs wired to the switch.
boot_system_qemu() {
	# No status spinner on the serial console: under TCG every character
	# written there costs.
	BOOT_TIMEOUT=${BOOT_SYSTEM_TIMEOUT:-900} BOOT_MEM=${BOOT_SYSTEM_MEM:-1024} \
		boot_qemu "$1" "$3" "root=/dev/vda rw systemd.show_status=0 $4" \
		-drive "file=$2,if=virtio,format=raw,snapshot=on"
}
