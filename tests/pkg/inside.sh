# tests/pkg/inside.sh - sourced by tests/pkg/run inside `unshare -m -n`:
# dpkg -i, -r, -P of $PKG_W/earlynet.deb in an overlay of $PKG_BASE.
# shellcheck shell=sh
r=$PKG_W/root
mount -t overlay overlay -o "lowerdir=$PKG_BASE,upperdir=$PKG_W/up,workdir=$PKG_W/wk" "$r" || exit 1
mount -t proc proc "$r/proc"
mount --rbind /dev "$r/dev"
mount -t tmpfs tmpfs "$r/tmp"
mount -t tmpfs tmpfs "$r/run"
cp "$PKG_W/earlynet.deb" "$r/tmp/"
ip link set lo down 2>/dev/null

t() { # t NAME CMD...: ok/not ok by CMD's status
	n=$1
	shift
	if "$@"; then echo "ok $n"; else
		echo "not ok $n"
		return 1
	fi
}
inroot() { chroot "$r" "$@"; }
# Every path of the root that dpkg or a maintainer script could leave behind.
tree() {
	(cd "$r" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./run -o -path ./tmp \
		-o -path ./var/lib/dpkg -o -path ./var/log -o -path ./var/cache \) -prune -o -print) |
		LC_ALL=C sort
}
links() { ip -o link | sed 's/^[0-9]*: //'; }
dpkg_do() { inroot env DEBIAN_FRONTEND=noninteractive dpkg "$@" >"$r/tmp/log" 2>&1; }
# as the README says: apt install ./earlynet_*.deb (dependencies from the
# chroot, no network needed)
dpkg_i() { inroot env DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/earlynet.deb >"$r/tmp/log" 2>&1; }
triggered() { grep -q 'Processing triggers for initramfs-tools' "$r/tmp/log"; }
enabled() {
	[ -L "$r/etc/systemd/system/sysinit.target.wants/earlynet.service" ] &&
		[ -L "$r/etc/systemd/system/network-online.target.wants/earlynet-wait-online.service" ] &&
		ls "$r"/etc/rcS.d/S*earlynet >/dev/null 2>&1
}
disabled() {
	[ ! -e "$r/etc/systemd/system/sysinit.target.wants/earlynet.service" ] &&
		[ ! -e "$r/etc/systemd/system/network-online.target.wants/earlynet-wait-online.service" ] &&
		! ls "$r"/etc/rcS.d/S*earlynet >/dev/null 2>&1
}
show_log() { sed 's/^/dpkg: /' "$r/tmp/log"; }

tree >"$PKG_W/before"
links >"$PKG_W/links-before"

# 1. No configuration: files in place, enabled, nothing run, no rebuild.
t "apt install without a config" dpkg_i || show_log
files_ok() {
	for f in /usr/sbin/earlynet /lib/systemd/system/earlynet.service /etc/init.d/earlynet \
		/lib/systemd/system/earlynet-wait-online.service /lib/systemd/network/90-earlynet-keep-mac.link \
		/usr/share/initramfs-tools/hooks/earlynet /usr/share/initramfs-tools/scripts/init-premount/earlynet \
		/usr/lib/dracut/modules.d/90earlynet/module-setup.sh /usr/share/man/man8/earlynet.8.gz \
		/usr/share/man/man5/earlynet.ini.5.gz /usr/share/doc/earlynet/examples/node01.ini \
		/usr/share/doc/earlynet/hooks/up.d/50-syslog /usr/lib/tmpfiles.d/earlynet.conf; do
		[ -e "$r$f" ] || { echo "missing $f"; return 1; }
	done
	[ -d "$r/etc/earlynet/hooks/up.d" ] || { echo "missing /etc/earlynet/hooks/up.d"; return 1; }
	inroot /usr/sbin/earlynet version >/dev/null || { echo "the installed earlynet does not run"; return 1; }
}
t "installed files" files_ok
t "unit and init script enabled for the next boot" enabled
t "no initramfs rebuild without a config" eval '! triggered' || show_log
dpkg_do -P earlynet || show_log

# 2. With the administrator's config: rebuild triggered, still nothing run.
install -D -m 0644 "$BOOT_TOP/conf/node01.ini" "$r/etc/earlynet/earlynet.ini"
tree >"$PKG_W/before-conf"
t "apt install with a config" dpkg_i || show_log
t "update-initramfs trigger with a config" triggered || show_log
t "installing ran no earlynet (no state file)" test ! -e "$r/run/earlynet/state.json"
links >"$PKG_W/links-after"
t "installing changed no link" cmp -s "$PKG_W/links-before" "$PKG_W/links-after"

# 3. Remove: program gone, conffiles and the admin's config stay.
t "dpkg -r" dpkg_do -r earlynet || show_log
t "remove: update-initramfs trigger with a config" triggered || show_log
removed_ok() {
	[ ! -e "$r/usr/sbin/earlynet" ] && [ -e "$r/etc/init.d/earlynet" ] &&
		[ -e "$r/etc/earlynet/earlynet.ini" ]
}
t "remove keeps conffiles and the config, drops the binary" removed_ok

# 4. Purge: nothing of ours is left; the admin's config is theirs.
t "dpkg -P" dpkg_do -P earlynet || show_log
t "purge: unit and init script links gone" disabled
tree >"$PKG_W/after"
if diff "$PKG_W/before-conf" "$PKG_W/after" >"$PKG_W/diff"; then
	echo "ok purge leaves nothing but the administrator's earlynet.ini"
else
	sed 's/^/diff: /' "$PKG_W/diff"
	echo "not ok purge leaves nothing but the administrator's earlynet.ini"
fi
t "purge keeps the administrator's earlynet.ini" test -f "$r/etc/earlynet/earlynet.ini"
