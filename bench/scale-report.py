#!/usr/bin/python3
"""bench/scale-report.py - the table of bench/scale (and bench/vm-scale)
from its raw lines, with the issue's targets judged.

Raw line: TOOL N PHASE rc wall_ms user_ms sys_ms maxrss_kib own_ms
(rc 99: the end state was wrong). A (tool, size, phase) with any failed
run prints FAILED, never a number, and fails its targets.

Environment: RAW (the raw file); SCALE_TITLE (the header's lines, "|"
between them); SCALE_SETTLE (how the runs waited for a quiet kernel);
SCALE_NOTES (lines printed under the table, "|" between them); I2_MAX and
I2_TIMEOUT (ifupdown2's bounds); I2_NOTE (why ifupdown2 is not there).
"""
import math
import os
import statistics

RAW = os.environ["RAW"]
I2_MAX = int(os.environ.get("I2_MAX", "1000") or 1000)
I2_TIMEOUT = os.environ.get("I2_TIMEOUT", "600")
I2_NOTE = os.environ.get("I2_NOTE", "")
TITLE = os.environ.get(
    "SCALE_TITLE",
    "earlynet scale benchmark, host kernel: N bridges, each on its own veth NIC renamed|"
    "by MAC, one address each")
SETTLE = os.environ.get("SCALE_SETTLE", "")
NOTES = os.environ.get(
    "SCALE_NOTES",
    "ip-batch has no re-up: its batch is not idempotent (\"File exists\").|"
    "ifupdown2 starts from the final NIC names (it cannot rename by MAC); at 1000 and|"
    "more it runs once per size, bounded by %s s." % I2_TIMEOUT)

runs = {}     # (tool, n, phase) -> list of (wall, cpu, rss, own)
failed = {}   # (tool, n, phase) -> count
seen = set()
for line in open(RAW):
    f = line.split()
    if len(f) < 3:
        continue
    try:
        if len(f) < 9:
            # the measuring run printed nothing (it crashed): failed
            raise ValueError(line)
        tool, n, phase, rc = f[0], int(f[1]), f[2], f[3]
        key = (tool, n, phase)
        seen.add(key)
        if rc != "0":
            failed[key] = failed.get(key, 0) + 1
            continue
        wall, user, sys_, rss = float(f[4]), float(f[5]), float(f[6]), float(f[7])
        own = float(f[8]) if f[8] != "nan" else math.nan
    except ValueError:
        # a line the measuring run did not finish: count it as failed
        if len(f) >= 3:
            failed[(f[0], int(f[1]) if f[1].isdigit() else -1, f[2])] = 1
        continue
    runs.setdefault(key, []).append((wall, user + sys_, rss, own))

sizes = sorted({k[1] for k in seen | set(failed) if k[1] >= 0})
tools = [t for t in ("earlynet", "ip-batch", "ifupdown2") if any(k[0] == t for k in seen)]


def bad(tool, n, phase):
    return failed.get((tool, n, phase), 0)


def med(tool, n, phase, col):
    """the median of a column; None when not measured or when a run failed"""
    if bad(tool, n, phase):
        return None
    r = runs.get((tool, n, phase))
    if not r:
        return None
    v = [x[col] for x in r if not math.isnan(x[col])]
    return statistics.median(v) if v else None


def peak(tool, n, phase):
    if bad(tool, n, phase):
        return None
    r = runs.get((tool, n, phase))
    return max(x[2] for x in r) if r else None


def ms(v):
    if v is None:
        return "n/a"
    if v >= 10000:
        return "%.1f s" % (v / 1000)
    if v >= 100:
        return "%.0f ms" % v
    if v >= 10:
        return "%.1f ms" % v
    return "%.2f ms" % v


def ratio(a, b):
    return "%.1fx" % (a / b) if a is not None and b else "-"


def cell(tool, n, phase, text):
    """text, or FAILED when a run of that tool, size and phase failed"""
    return "FAILED" if bad(tool, n, phase) else text


def fit(tool, phase, col=0):
    """slope of log(cost) against log(n) over 100..4094, least squares;
    (None, k) when fewer than two sizes have a number, or a size failed"""
    if any(bad(tool, n, phase) for n in sizes if 100 <= n <= 4094):
        return None, -1
    pts = []
    for n in sizes:
        if not 100 <= n <= 4094:
            continue
        v = med(tool, n, phase, col)
        if v is not None and v > 0:
            pts.append((math.log(n), math.log(v)))
    if len(pts) < 2:
        return None, len(pts)
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None, len(pts)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in pts)
    return sxy / sxx, len(pts)


for t in TITLE.split("|"):
    print(t)
print("(medians; ratio = tool / earlynet, whole process, wall; cpu = user + sys)")
if SETTLE:
    for t in SETTLE.split("|"):
        print(t)
print()
hdr = "%6s  %-10s %10s %10s %10s %7s %10s %10s %7s" % (
    "N", "tool", "up wall", "up cpu", "peak RSS", "ratio", "re-up wall", "re-up cpu", "runs")
print(hdr)
print("-" * len(hdr))
for n in sizes:
    ew = med("earlynet", n, "up", 0)
    for t in tools:
        w = med(t, n, "up", 0)
        c = med(t, n, "up", 1)
        rss = peak(t, n, "up")
        rw = med(t, n, "reup", 0)
        rc = med(t, n, "reup", 1)
        k = len(runs.get((t, n, "up"), []))
        nb = bad(t, n, "up") + bad(t, n, "reup")
        note = "%d" % k + (" +%d FAILED" % nb if nb else "")
        if not k and not nb:
            if t == "ifupdown2" and n > I2_MAX:
                print("%6d  %-10s %s" % (n, t, "not measured (above SCALE_I2_MAX=%d)" % I2_MAX))
            continue
        reup = t != "ip-batch"
        print("%6d  %-10s %10s %10s %10s %7s %10s %10s %7s" % (
            n, t, cell(t, n, "up", ms(w)), cell(t, n, "up", ms(c)),
            cell(t, n, "up", "%d KiB" % rss if rss else "n/a"),
            cell(t, n, "up", ratio(w, ew) if t != "earlynet" else "1.0x"),
            cell(t, n, "reup", ms(rw)) if reup else "n/a",
            cell(t, n, "reup", ms(rc)) if reup else "n/a", note))
for t in NOTES.split("|"):
    if t:
        print(t)
if I2_NOTE:
    print("ifupdown2: " + I2_NOTE)
print()
print("earlynet's own work (its log's \"ms of own work\"), status and plan, medians:")
for n in sizes:
    extra = ""
    if ("earlynet", n, "status") in seen:
        extra = "; status %s, status --json %s, plan %s (whole process, wall)" % (
            cell("earlynet", n, "status", ms(med("earlynet", n, "status", 0))),
            cell("earlynet", n, "status--json", ms(med("earlynet", n, "status--json", 0))),
            cell("earlynet", n, "plan", ms(med("earlynet", n, "plan", 0))))
    print("  %5d: up %s, re-up %s%s" % (
        n, cell("earlynet", n, "up", ms(med("earlynet", n, "up", 3))),
        cell("earlynet", n, "reup", ms(med("earlynet", n, "reup", 3))), extra))
print()
print("growth exponent (log-log least squares of the median wall, 100..4094):")
exps = {}
for t, ph in (("earlynet", "up"), ("earlynet", "reup"), ("ip-batch", "up"),
              ("ifupdown2", "up"), ("ifupdown2", "reup")):
    if t not in tools:
        continue
    e, k = fit(t, ph)
    ec, _ = fit(t, ph, 1)
    exps[(t, ph)] = (e, k)
    if k < 0:
        print("  %-10s %-6s FAILED (a run at one of the sizes failed)" % (t, ph))
    elif e is None:
        print("  %-10s %-6s n/a (%d size%s from 100 to 4094 measured, needs 2)" % (
            t, ph, k, "" if k == 1 else "s"))
    else:
        print("  %-10s %-6s wall %.2f, cpu %s (%d sizes)" % (
            t, ph, e, "%.2f" % ec if ec is not None else "n/a", k))
print()

print("Targets:")


def judge(ok, text):
    print("  %-6s %s" % ("n/a" if ok is None else "met" if ok else "MISSED", text))


def vs(n, other, want):
    ew, ow = med("earlynet", n, "up", 0), med(other, n, "up", 0)
    ec, oc = med("earlynet", n, "up", 1), med(other, n, "up", 1)
    what = "%5d: first up >= %gx faster than %s: " % (n, want, "ip -batch" if other == "ip-batch" else other)
    if bad("earlynet", n, "up"):
        judge(False, what + "earlynet FAILED")
    elif bad(other, n, "up"):
        judge(None, what + "%s FAILED" % other)
    elif ew and ow:
        judge(ow / ew >= want, what + "%s (cpu %s)" % (ratio(ow, ew), ratio(oc, ec)))
    else:
        judge(None, what + "not measured")


for n in sizes:
    vs(n, "ip-batch", 1.5)
for n in sizes:
    vs(n, "ifupdown2", 100)
for n, lim in ((1000, 30), (4094, 100)):
    what = "second up at %d under %d ms: " % (n, lim)
    if bad("earlynet", n, "reup") or bad("earlynet", n, "up"):
        judge(False, what + "FAILED")
        continue
    v, c = med("earlynet", n, "reup", 0), med("earlynet", n, "reup", 1)
    judge(None if v is None else v < lim,
          what + (ms(v) + " (cpu %s)" % ms(c) if v is not None else "not measured"))
for ph, name in (("up", "first"), ("reup", "second")):
    e, k = exps.get(("earlynet", ph), (None, 0))
    what = "earlynet's %s up exponent <= 1.1 (100..4094): " % name
    if k < 0:
        judge(False, what + "FAILED")
    else:
        judge(None if e is None else e <= 1.1, what + ("%.2f" % e if e is not None else "n/a"))
what = "peak RSS at 4094 under 16 MiB: "
if bad("earlynet", 4094, "up"):
    judge(False, what + "FAILED")
else:
    r = peak("earlynet", 4094, "up")
    judge(None if r is None else r < 16384, what + ("%d KiB" % r if r else "not measured"))
