#!/usr/bin/python3
# report.py - bench/run's table: medians, ratios to earlynet, targets
#
# Reads $W/raw ("TOOL PHASE rc wall_ms user_ms sys_ms maxrss_kib" per
# run), earlynet's state files and logs of its first and second `up`,
# the static numbers from the environment.
import json
import os
import re
import statistics

W = os.environ["W"]
TOOLS = os.environ["TOOLS"].split()
runs = {}
bad = {}
for line in open(os.path.join(W, "raw")):
    f = line.split()
    if len(f) < 7:
        continue
    tool, phase, rc = f[0], f[1], int(f[2])
    if rc != 0:
        bad[(tool, phase)] = bad.get((tool, phase), 0) + 1
        continue
    wall, user, sys_, rss = float(f[3]), float(f[4]), float(f[5]), int(f[6])
    runs.setdefault((tool, phase), []).append((wall, user + sys_, rss))


def med(tool, phase, i):
    v = runs.get((tool, phase))
    return statistics.median(x[i] for x in v) if v else None


def peak(tool, phase):
    v = runs.get((tool, phase))
    return max(x[2] for x in v) if v else None


def fmt(x, unit=""):
    if x is None:
        return "-"
    if unit == "KiB":
        return "%d KiB" % x
    return "%.1f ms" % x if x >= 10 else "%.2f ms" % x


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return "%.1fx" % (a / b)


def state(name):
    try:
        return json.load(open(os.path.join(W, name)))
    except (OSError, ValueError):
        return {}


def changes(name):
    try:
        last = [line for line in open(os.path.join(W, name)) if "changes)" in line][-1]
    except (OSError, IndexError):
        return None
    m = re.search(r"\(([0-9.]+) ms of own work, (\d+) changes\)", last)
    return (float(m.group(1)), int(m.group(2))) if m else None


out = []
p = out.append
p("earlynet benchmark, %s fresh runs per tool, medians (ratio = tool / earlynet)" % os.environ["RUNS"])
p("")
p("Host kernel: node01 without bond or VLANs. End state for every tool: vmbr0 on eth0")
p("with 10.16.207.61/24 and the default route via 10.16.207.1; vmbr1 over spf0+spf1")
p("holding all six VLAN addresses 10.25.{10..60}.231/24 itself (no macvlans: earlynet has")
p("no such kind); TSO off on spf0/spf1; eth1 down. earlynet and ip-batch start from NIC")
p("names a rename cycle away and rename; ifupdown2/ifupdown cannot rename by MAC (udev")
p("does that on a real host) and start from the final names. Each run is checked from")
p("the kernel (names, ports, up/down, TSO, addresses, route) before it counts.")
p("systemd-networkd: not measured: no systemd runs here (PID 1 is not systemd, no D-Bus),")
p("and networkd needs both; a namespace cannot give it either.")
p("")
hdr = "%-15s %11s %7s %11s %7s %10s %6s %11s %7s %11s %7s" % (
    "tool", "wall", "ratio", "cpu", "ratio", "peak RSS", "ratio", "re-wall", "ratio", "re-cpu", "ratio")
p(hdr)
p("-" * len(hdr))
ew, ec, er = med("earlynet", "apply", 0), med("earlynet", "apply", 1), peak("earlynet", "apply")
erw, erc = med("earlynet", "reapply", 0), med("earlynet", "reapply", 1)
for t in TOOLS:
    w, c, r = med(t, "apply", 0), med(t, "apply", 1), peak(t, "apply")
    rw, rc = med(t, "reapply", 0), med(t, "reapply", 1)
    p("%-15s %11s %7s %11s %7s %10s %6s %11s %7s %11s %7s" % (
        t, fmt(w), ratio(w, ew), fmt(c), ratio(c, ec), fmt(r, "KiB"), ratio(r, er),
        fmt(rw) if rw is not None else "n/a", ratio(rw, erw),
        fmt(rc) if rc is not None else "n/a", ratio(rc, erc)))
for (t, ph), n in sorted(bad.items()):
    p("  %s %s: %d runs failed or left a wrong end state (not counted)" % (t, ph, n))
p("ip-batch re-apply: n/a, the batch is not idempotent (\"File exists\").")
p("ifupdown re-apply: its state file says everything is up, so it does nothing at all.")
p("peak RSS is the whole process tree's largest process (wait4's ru_maxrss), measured")
p("from a small static parent (bench/measure.c); ifupdown2's is its python3.")

own = {}
try:
    for line in open(os.path.join(W, "own")):
        f = line.split()
        own.setdefault((f[0], f[1]), []).append((float(f[2]), float(f[3])))
except OSError:
    pass


def own_med(tool, phase, i):
    v = [x[i] for x in own.get((tool, phase), []) if x[i] == x[i]]
    return statistics.median(v) if v else None


p("")
p("earlynet's own work (its log's \"ms of own work\": the process's time less waits), medians:")
for t in ("earlynet", "earlynet-static"):
    a, r, cw = own_med(t, "apply", 0), own_med(t, "reapply", 0), own_med(t, "apply", 1)
    cws = sorted(x[1] for x in own.get((t, "apply"), []))
    if a is not None:
        p("  %-16s up %s, re-apply %s; carrier wait %s (runs: %s)" % (
            t, fmt(a), fmt(r), fmt(cw), " ".join("%.0f" % x for x in cws)))
p("  The CPU times are the kernel's accounting of the whole process (exec, dynamic loading,")
p("  parsing, netlink); \"own work\" is earlynet's clock from start to result, less waits.")

s1, s2 = state("state.apply.json"), state("state.reapply.json")
c1, c2 = changes("earlynet.first.log"), changes("earlynet.second.log")
t1 = s1.get("timings_ms", {})
p("")
p("earlynet's own numbers (first run):")
p("  phases (ms): read %s, rename %s, apply %s, carrier_wait %s, lacp_wait %s, total %s" % tuple(
    "%.2f" % t1.get(k, float("nan")) for k in ("read", "rename", "apply", "carrier_wait", "lacp_wait", "total")))
if c1:
    p("  first up:  %.1f ms of own work, %d changes, %s netlink requests" % (c1[0], c1[1], s1.get("netlink_requests", "?")))
if c2:
    p("  second up: %.1f ms of own work, %d changes, %s netlink requests" % (c2[0], c2[1], s2.get("netlink_requests", "?")))

size_dyn, size_static = int(os.environ["SIZE_DYN"]), int(os.environ["SIZE_STATIC"])
p("")
p("Static numbers:")
p("  earlynet (stripped):        %d bytes (%.2f MiB)" % (size_dyn, size_dyn / 1048576))
p("  earlynet-static (stripped): %d bytes (%.2f MiB)" % (size_static, size_static / 1048576))
p("  peak RSS of up:             %s (largest of %d runs)" % (fmt(er, "KiB"), len(runs.get(("earlynet", "apply"), []))))
p("  largest symbols of earlynet-static (nm --size-sort):")
for line in open(os.path.join(W, "static-top")):
    f = line.split(None, 3)
    if len(f) == 4:
        p("    %7d  %s" % (int(f[1], 16), f[3].strip()))

p("")
p("VM (node01 with the real bond and VLANs):")
for line in os.environ.get("VM_NOTE", "not measured").splitlines():
    p("  " + line)

# Targets.
p("")
p("Targets:")


def target(name, ok, detail):
    p("  %-4s %s: %s" % ("met" if ok else "MISS", name, detail))


i2c, ipc = med("ifupdown2", "apply", 1), med("ip-batch", "apply", 1)
i2w, ipw = med("ifupdown2", "apply", 0), med("ip-batch", "apply", 0)
eo = own_med("earlynet", "apply", 0)
# The targets speak of earlynet's own work (its clock from start to result,
# less waits; wall time, so an upper bound of its CPU time); the whole
# process, exec and dynamic loading included, is shown beside it.
if ec and i2c and eo:
    target(">=100x faster than ifupdown2 (earlynet's own work)", i2w / eo >= 100,
           "ifupdown2's wall / earlynet's own work %.0fx; whole process cpu %.1fx, wall %.1fx" % (
               i2w / eo, i2c / ec, i2w / ew))
if ec and ipc and eo:
    target(">=2x faster than ip -batch (earlynet's own work)", ipw / eo >= 2,
           "ip -batch's wall / earlynet's own work %.1fx; whole process cpu %.1fx, wall %.1fx" % (
               ipw / eo, ipc / ec, ipw / ew))
if erc is not None:
    ero = own_med("earlynet", "reapply", 0)
    target("re-apply under 1 ms of CPU (earlynet's own work)", ero is not None and ero < 1,
           "own work %s; whole process %.2f ms CPU (wall %.2f ms), of which exec and loading "
           "are most: `earlynet version` alone costs about as much" % (fmt(ero), erc, erw))
delays = []
for line in os.environ.get("VM_NOTE", "").splitlines():
    f = line.split()
    if len(f) == 13 and f[0].isdigit() and "." in f[1]:
        delays.append(float(f[10]))
if delays:
    target("LACP detection delay under 50 ms", max(delays) < 50,
           "per boot %s ms" % ", ".join("%.0f" % d for d in delays))
target("earlynet-static under 1 MiB stripped", size_static < 1048576,
       "%.2f MiB" % (size_static / 1048576) + ("" if size_static < 1048576 else
                                                  ", %.0f KiB over" % ((size_static - 1048576) / 1024)))
if er:
    target("peak RSS under 4 MiB", er < 4096, "%d KiB" % er)
print("\n".join(out))
