# tests/vm/lib.sh - host side of the VM tier: Debian kernel, initramfs, qemu
#
# Sourced by tests/vm/run and tests/vm/demo. Everything fetched or built
# lives in tests/vm/.cache/ (git-ignored) and is reused between runs.
#
# The VM is one node and one simulated switch: eight e1000 NICs, four with
# node01's MACs and four switch-side NICs (52:54:00:aa:00:0N), each node NIC
# wired to its switch NIC through its own qemu hub. The guest's /init moves
# the switch NICs into the namespaces "swm" (management) and "sw" (data),
# builds the switches there and runs the scenario named by vmtest= on the
# kernel command line. See README.md.

VM_DIR=${VM_DIR:-$(cd "$(dirname "$0")" && pwd)}
VM_TOP=$(cd "$VM_DIR/../.." && pwd)
VM_CACHE=${VM_CACHE:-$VM_DIR/.cache}
VM_LOGS=$VM_CACHE/logs
VM_INITRD=$VM_CACHE/initrd.gz
VM_MEM=${VM_MEM:-384}
# The binary under test (another build may be named here).
EARLYNET_STATIC=${EARLYNET_STATIC:-$VM_TOP/earlynet-static}
# The host's build, for scenarios that run earlynet on the host (import).
EARLYNET_HOST=${EARLYNET_HOST:-$VM_TOP/earlynet}

# Kernel modules the guest loads; their dependencies are added and ordered
# from each module's .modinfo.
# veth: a guest's ports (tap100i0, fwpr100p0), scenario guests.
VM_MODULES="bonding 8021q bridge e1000 veth"

# Wires: name, hub, node MAC, switch MAC. The order of VM_NIC_ORDER is the
# PCI order of the node NICs, hence the kernel's ethN names: eth0 and eth1
# come up swapped (a rename cycle) and the SFP+ ports as eth2=spf1,
# eth3=spf0.
VM_WIRES="mgmt:0:58:47:ca:76:76:fe:52:54:00:aa:00:01
unused:1:58:47:ca:76:76:fd:52:54:00:aa:00:02
spf0:2:58:47:ca:76:76:fb:52:54:00:aa:00:03
spf1:3:58:47:ca:76:76:fc:52:54:00:aa:00:04"
VM_NIC_ORDER="unused mgmt spf1 spf0"

vm_say() { printf '%s\n' "vm: $*" >&2; }

# vm_missing: print why the tier cannot run here, or nothing.
vm_missing() {
	for t in qemu-system-x86_64 cpio gzip apt-get dpkg-deb; do
		command -v "$t" >/dev/null 2>&1 || { echo "$t not installed"; return; }
	done
	[ -x /bin/busybox ] || { echo "busybox-static not installed"; return; }
	[ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || { echo "iproute2 not installed"; return; }
	[ -x /usr/sbin/ethtool ] || [ -x /sbin/ethtool ] || { echo "ethtool not installed"; return; }
	file /bin/busybox 2>/dev/null | grep -q dynamic && { echo "/bin/busybox is not static"; return; }
	[ -x "$EARLYNET_STATIC" ] || { echo "earlynet-static missing (make static)"; return; }
}

# vm_kernel: fetch and unpack the kernel package that linux-image-amd64
# depends on. Sets VM_KDIR (unpacked tree), VM_KVER and VM_VMLINUZ.
vm_kernel() {
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
	if [ -z "$pkg" ]; then
		# No apt metadata (offline): whatever was fetched before.
		VM_KDIR=$(find "$VM_CACHE/kernel" -maxdepth 1 -name 'linux-image-*' 2>/dev/null | sort | tail -n 1)
		[ -n "$VM_KDIR" ] || { vm_say "cannot resolve linux-image-amd64 (apt-get update?)"; return 1; }
	else
		VM_KDIR=$VM_CACHE/kernel/$pkg
	fi
	if [ ! -e "$VM_KDIR/.done" ]; then
		vm_say "fetching $pkg"
		rm -rf "$VM_KDIR" "$VM_KDIR.dl"
		mkdir -p "$VM_KDIR.dl" || return 1
		if ! (cd "$VM_KDIR.dl" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null 2>&1); then
			# Stale package lists name a version the mirror dropped.
			[ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1
			(cd "$VM_KDIR.dl" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null) ||
				{ vm_say "apt-get download $pkg failed"; return 1; }
		fi
		dpkg -x "$VM_KDIR.dl"/*.deb "$VM_KDIR" || return 1
		rm -rf "$VM_KDIR.dl"
		touch "$VM_KDIR/.done"
	fi
	VM_MODDIR=$(find "$VM_KDIR/lib/modules" "$VM_KDIR/usr/lib/modules" -mindepth 1 -maxdepth 1 2>/dev/null | head -n 1)
	VM_KVER=${VM_MODDIR##*/}
	VM_VMLINUZ=$(find "$VM_KDIR/boot" "$VM_MODDIR" -maxdepth 1 -name 'vmlinuz*' 2>/dev/null | head -n 1)
	if [ -z "$VM_KVER" ] || [ ! -f "$VM_VMLINUZ" ]; then
		vm_say "no kernel in $VM_KDIR"
		return 1
	fi
}

# vm_mod_depends FILE: the module's dependencies, comma separated.
vm_mod_depends() {
	if command -v modinfo >/dev/null 2>&1; then
		modinfo -F depends "$1" 2>/dev/null
	else
		/bin/busybox strings -a "$1" | sed -n 's/^depends=//p'
	fi
}

# vm_mod_add NAME STAGE: put NAME and its dependencies into STAGE/lib/modules
# as plain .ko (busybox insmod reads no compressed modules) and append them
# to STAGE/vmtest/modules in load order (dependencies first).
# A subshell, so that the recursion keeps its own f and deps.
vm_mod_add() (
	grep -qx "$1" "$2/vmtest/modules" 2>/dev/null && return 0
	f=$(find "$VM_MODDIR/kernel" -name "$1.ko*" | head -n 1)
	[ -n "$f" ] || f=$(find "$VM_MODDIR/kernel" -name "$(echo "$1" | tr _ -).ko*" | head -n 1)
	[ -n "$f" ] || { vm_say "module $1 not found"; return 1; }
	deps=$(vm_mod_depends "$f")
	for d in $(echo "$deps" | tr , ' '); do
		vm_mod_add "$d" "$2" || return 1
	done
	case $f in
	*.ko.xz) xz -dc "$f" >"$2/lib/modules/$1.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$2/lib/modules/$1.ko" ;;
	*.ko.gz) gzip -dc "$f" >"$2/lib/modules/$1.ko" ;;
	*) cp "$f" "$2/lib/modules/$1.ko" ;;
	esac || return 1
	echo "$1" >>"$2/vmtest/modules"
)

# vm_copy_bin FILE STAGE: a dynamic binary with its libraries and loader.
vm_copy_bin() {
	mkdir -p "$2/usr/sbin"
	cp -L "$1" "$2/usr/sbin/" || return 1
	for l in $(ldd "$1" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
		mkdir -p "$2${l%/*}"
		[ -e "$2$l" ] || cp -L "$l" "$2$l" || return 1
	done
}

# vm_initrd: build $VM_INITRD from busybox, the modules, ip and ethtool,
# earlynet-static, the guest scripts, the scenarios and conf/node01.ini.
vm_initrd() {
	vm_kernel || return 1
	st=$VM_CACHE/stage
	rm -rf "$st"
	mkdir -p "$st/bin" "$st/sbin" "$st/usr/bin" "$st/lib/modules" "$st/vmtest" \
		"$st/etc/earlynet" "$st/proc" "$st/sys" "$st/dev" "$st/run" "$st/tmp" || return 1
	cp /bin/busybox "$st/bin/busybox" || return 1
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -s busybox "$st/bin/$a"
	done
	for m in $VM_MODULES; do
		vm_mod_add "$m" "$st" || return 1
	done
	for b in ip ethtool bridge ping; do
		p=$(command -v "$b" 2>/dev/null || echo "/usr/sbin/$b")
		vm_copy_bin "$p" "$st" || return 1
	done
	# The switch's LLDP speaker (scenario lacp-doctor).
	${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static \
		-o "$st/usr/sbin/lldp-send" "$VM_DIR/lldp-send.c" || return 1
	# The reference scenario runs without it.
	if [ -x "$EARLYNET_STATIC" ]; then
		cp "$EARLYNET_STATIC" "$st/usr/sbin/earlynet" || return 1
	fi
	cp "$VM_DIR/guest/init" "$st/init" && chmod 0755 "$st/init" || return 1
	cp "$VM_DIR/guest/lib.sh" "$st/vmtest/lib.sh" || return 1
	cp -r "$VM_DIR/scenarios" "$st/vmtest/scenarios" || return 1
	mkdir -p "$st/vmtest/conf" && cp "$VM_TOP/conf/earlynet.ini" "$st/vmtest/conf/" || return 1
	echo "$VM_WIRES" >"$st/vmtest/wires"
	# earlynet refuses a config that group or others may write.
	install -m 0644 "$VM_TOP/conf/node01.ini" "$st/etc/earlynet/earlynet.ini" || return 1
	chmod 0755 "$st/etc" "$st/etc/earlynet"
	(cd "$st" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$VM_INITRD.tmp" && mv "$VM_INITRD.tmp" "$VM_INITRD"
}

# vm_scenario_var NAME VAR DEFAULT: a host-side setting of a scenario.
vm_scenario_var() {
	# shellcheck disable=SC2016
	v=$(env -u VM_NICS -u VM_APPEND -u VM_TIMEOUT -u VM_MONITOR_START -u VM_UNKNOWN_NIC \
		sh -c '. "$1" && eval "printf %s \"\${$2:-}\""' sh "$VM_DIR/scenarios/$1.sh" "$2")
	printf '%s' "${v:-$3}"
}

# vm_qemu_args NICS [MAC]: the NIC arguments; NICS names the node NICs
# present (default all four). Switch-side NICs are always there. With MAC,
# an unknown NIC (on a wire of its own, nothing at the other end) sits in
# the slot before them, addr=0x2: probed first, it takes eth0.
vm_qemu_args() {
	[ -z "${2:-}" ] || printf ' %s' -netdev "hubport,id=w-unknown,hubid=9" \
		-device "e1000,netdev=w-unknown,id=nic-unknown,mac=$2,romfile=,addr=0x2"
	slot=3
	for n in $VM_NIC_ORDER; do
		w=$(echo "$VM_WIRES" | grep "^$n:")
		hub=$(echo "$w" | cut -d: -f2)
		mac=$(echo "$w" | cut -d: -f3-8)
		case " $1 " in
		*" $n "*)
			printf ' %s' -netdev "hubport,id=w-$n,hubid=$hub" \
				-device "e1000,netdev=w-$n,id=nic-$n,mac=$mac,romfile=,addr=$(printf 0x%x $slot)"
			;;
		esac
		slot=$((slot + 1))
	done
	for n in $VM_NIC_ORDER; do
		w=$(echo "$VM_WIRES" | grep "^$n:")
		hub=$(echo "$w" | cut -d: -f2)
		mac=$(echo "$w" | cut -d: -f9-14)
		printf ' %s' -netdev "hubport,id=s-$n,hubid=$hub" \
			-device "e1000,netdev=s-$n,id=sw-$n,mac=$mac,romfile=,addr=$(printf 0x%x $slot)"
		slot=$((slot + 1))
	done
}

# vm_host_initrd NAME LOG: when scenario NAME defines vm_host_files, run it
# on the host with an empty directory that the guest sees as /vmtest/host,
# and print the path of an initramfs that adds that directory to the shared
# one (a second archive appended: the kernel unpacks both); otherwise print
# the shared one. The hook's output goes to LOG; it failing fails the boot.
vm_host_initrd() {
	# shellcheck disable=SC2016
	if ! sh -c '. "$1" && command -v vm_host_files' sh "$VM_DIR/scenarios/$1.sh" >/dev/null 2>&1; then
		echo "$VM_INITRD"
		return 0
	fi
	hst=$VM_CACHE/host.$1.$$
	rm -rf "$hst"
	mkdir -p "$hst/vmtest/host" || return 1
	# shellcheck disable=SC2016
	if ! VM_TOP=$VM_TOP EARLYNET_HOST=$EARLYNET_HOST sh -c '. "$1" && vm_host_files "$2"' \
		sh "$VM_DIR/scenarios/$1.sh" "$hst/vmtest/host" >>"$2" 2>&1; then
		echo "@@HOST vm_host_files of $1 failed" >>"$2"
		rm -rf "$hst"
		return 1
	fi
	{
		cat "$VM_INITRD" &&
			(cd "$hst" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1)
	} >"$VM_CACHE/initrd.$1.gz" || return 1
	rm -rf "$hst"
	echo "$VM_CACHE/initrd.$1.gz"
}

# vm_boot NAME [LOG]: boot scenario NAME, console to LOG; the guest asks for
# monitor commands (wire cuts) with "@@VMTEST-MONITOR cmd" lines. Returns 0
# when the guest printed its success marker, 1 otherwise.
vm_boot() {
	name=$1
	log=${2:-$VM_LOGS/$1.log}
	mkdir -p "$VM_LOGS"
	nics=$(vm_scenario_var "$name" VM_NICS "mgmt unused spf0 spf1")
	append=$(vm_scenario_var "$name" VM_APPEND "")
	tmo=$(vm_scenario_var "$name" VM_TIMEOUT 120)
	start=$(vm_scenario_var "$name" VM_MONITOR_START "")
	unknown=$(vm_scenario_var "$name" VM_UNKNOWN_NIC "")
	mon=$VM_CACHE/mon.$name.$$
	rm -f "$mon.in" "$mon.out"
	: >"$log"
	initrd=$(vm_host_initrd "$name" "$log") || return 1
	mkfifo "$mon.in" "$mon.out" || return 1
	# shellcheck disable=SC2046
	timeout -k 5 "$tmo" qemu-system-x86_64 -accel tcg -m "$VM_MEM" -smp 1 \
		-nographic -no-reboot -nodefaults -serial "file:$log" \
		-monitor "pipe:$mon" \
		-kernel "$VM_VMLINUZ" -initrd "$initrd" \
		-append "console=ttyS0 no_timer_check quiet panic=-1 vmtest=$name $append" \
		$(vm_qemu_args "$nics" "$unknown") </dev/null >"$log.qemu" 2>&1 &
	qpid=$! fpid='' cpid=''
	trap 'kill "$qpid" "$fpid" "$cpid" 2>/dev/null; exit 130' INT TERM HUP
	cat "$mon.out" >"$log.monitor" &
	cpid=$!
	# Feed monitor requests from the console to qemu while it runs; the
	# scenario's VM_MONITOR_START goes first, long before the guest's
	# e1000 driver probes.
	(
		[ -z "$start" ] || printf '%s\n' "$start" >"$mon.in"
		tail -n +1 -f --pid="$qpid" "$log" 2>/dev/null |
			sed -u -n 's/^.*@@VMTEST-MONITOR \(.*\)$/\1/p' |
			while IFS= read -r cmd; do
				cmd=$(printf '%s' "$cmd" | tr -d '\r')
				printf '%s\n' "$cmd" >"$mon.in"
			done
	) &
	fpid=$!
	wait "$qpid"
	rc=$?
	kill "$fpid" "$cpid" 2>/dev/null
	wait "$fpid" "$cpid" 2>/dev/null
	trap - INT TERM HUP
	rm -f "$mon.in" "$mon.out"
	[ "$rc" = 124 ] && echo "@@HOST qemu killed after ${tmo}s" >>"$log"
	grep -q "^@@VMTEST-PASS $name" "$log"
}
