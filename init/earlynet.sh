#!/bin/sh
# earlynet.sh - sysvinit/OpenRC (LSB) script: earlynet on hosts without systemd
#
# Installed as /etc/init.d/earlynet. start converges the network to
# /etc/earlynet/earlynet.ini (idempotent: after the initramfs brought it up,
# nothing changes). stop leaves the network alone, because the host would
# lose its management address on the way down; EARLYNET_DOWN_ON_STOP=yes in
# /etc/default/earlynet makes it run `earlynet down`.
### BEGIN INIT INFO
# Provides:          earlynet
# Required-Start:    mountkernfs udev
# Required-Stop:
# Should-Start:      $syslog
# X-Start-Before:    networking ifupdown $network
# Default-Start:     S
# Default-Stop:
# Short-Description: Early network bring-up (bonds, bridges, VLANs)
# Description:       Renames NICs by MAC, builds bonds, bridges and VLANs,
#                    waits for LACP and falls back to management only.
### END INIT INFO

PATH=/usr/sbin:/usr/bin:/sbin:/bin
EARLYNET=/usr/sbin/earlynet
CONFIG=/etc/earlynet/earlynet.ini
EARLYNET_DOWN_ON_STOP=no

[ -x "$EARLYNET" ] || exit 0
# shellcheck source=/dev/null
[ -r /etc/default/earlynet ] && . /etc/default/earlynet

if [ -r /lib/lsb/init-functions ]; then
	# shellcheck source=/dev/null
	. /lib/lsb/init-functions
else
	log_action_msg() { echo "$*"; }
	log_daemon_msg() { printf '%s: %s' "$1" "$2"; }
	log_end_msg() { [ "$1" = 0 ] && echo "." || echo " failed!"; return "$1"; }
fi

cmdline_off() {
	read -r cmdline </proc/cmdline 2>/dev/null || return 1
	case " $cmdline " in
	*" earlynet=off "*) return 0 ;;
	esac
	return 1
}

case "${1:-}" in
start)
	[ -f "$CONFIG" ] || exit 0
	if cmdline_off; then
		log_action_msg "earlynet: disabled by earlynet=off"
		exit 0
	fi
	log_daemon_msg "Bringing up early networking" earlynet
	"$EARLYNET" up
	rc=$?
	log_end_msg "$rc"
	# Degraded (2) still has management up; report it, but do not stop
	# the boot sequence on it.
	[ "$rc" = 2 ] && exit 0
	exit "$rc"
	;;
stop)
	case $EARLYNET_DOWN_ON_STOP in
	yes | true | 1)
		log_daemon_msg "Taking down early networking" earlynet
		"$EARLYNET" down
		log_end_msg $?
		;;
	esac
	exit 0
	;;
restart | force-reload)
	"$0" start
	;;
status)
	"$EARLYNET" status
	;;
*)
	echo "Usage: /etc/init.d/earlynet {start|stop|restart|force-reload|status}" >&2
	exit 3
	;;
esac
