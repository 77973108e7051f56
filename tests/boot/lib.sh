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
	b=$BOOT_CACHE/base-$1
	mkdir -p "$BOOT_CACHE" || return 1
	(
		flock 9
		[ -e "$b/.done" ] && exit 0
		pkgs=$(boot_pkgs "$1" | tr ' \n' ,, | sed 's/,*$//')
		boot_say "debootstrap $BOOT_SUITE for $1 (once, cached)"
		rm -rf "$b"
		if ! timeout 900 debootstrap --variant=minbase --include="$pkgs" \
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
