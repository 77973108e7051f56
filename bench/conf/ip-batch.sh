#!/bin/sh
# bench/conf/ip-batch.sh - node01 by hand: one ip -batch (renames through
# temporary names, bridges, ports, addresses, route), then TSO with ethtool,
# which ip cannot set.
ip -batch "$(dirname "$0")/node01.batch" &&
	ethtool -K spf0 tso off &&
	ethtool -K spf1 tso off
