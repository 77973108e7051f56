#!/bin/sh
# check-hook.sh - pre-mount 90 (after earlynet's 10): the checks, power off
/vmtest/check.sh "$(cat /vmtest/name)"
