#!/bin/sh
# earlynet-hook.sh - dracut pre-mount hook: `earlynet up`, bounded
#
# Sourced by dracut's hook runner (dracut-lib.sh is loaded), so it must
# not exit. The stage is explained in module-setup.sh. earlynet bounds its
# own waits; `timeout` (installed by the module when the host has it) bounds
# the whole run, 180 s or earlynet.timeout=N. On SIGTERM earlynet keeps
# management up; a bounded `earlynet fallback` follows. Boot goes on
# whatever the result.

earlynet_boot() {
	_limit=$(getarg earlynet.timeout=)
	case $_limit in
	'' | *[!0-9]*) _limit=180 ;;
	esac
	if command -v timeout >/dev/null 2>&1; then
		timeout -k 5 "$_limit" /usr/sbin/earlynet up
		_rc=$?
		if [ "$_rc" -ge 124 ]; then
			warn "earlynet: up did not finish in ${_limit}s, falling back to management"
			timeout -k 5 60 /usr/sbin/earlynet fallback
			_rc=$?
		fi
	else
		/usr/sbin/earlynet up
		_rc=$?
	fi
	case $_rc in
	0) ;;
	2) warn "earlynet: degraded, fell back to management (see earlynet status)" ;;
	*) warn "earlynet: exit $_rc, management may be down" ;;
	esac
	unset _limit _rc
}

if [ -x /usr/sbin/earlynet ] && [ "$(getarg earlynet=)" != off ]; then
	earlynet_boot
fi
