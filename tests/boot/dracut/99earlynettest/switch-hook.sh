#!/bin/sh
# switch-hook.sh - pre-mount 05 (before earlynet's 10): the simulated switch
/vmtest/switch.sh
