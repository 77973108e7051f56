#!/usr/bin/python3
"""bench/scale-report.py - the table of bench/scale from its raw lines.

Raw line: TOOL N PHASE rc wall_ms user_ms sys_ms maxrss_kib own_ms
(rc 99: the end state was wrong; such runs, and failed ones, do not count).
"""
import math
import os
import statistics

RAW = os.environ["RAW"]
I2_MAX = int(os.environ.get("I2_MAX", "1000"))
I2_TIMEOUT = os.environ.get("I2_TIMEOUT", "600")

runs = {}     # (tool, n, phase) -> list of (wall, cpu, rss, own)
failed = {}   # (tool, n, phase) -> count
for line in open(RAW):
    f = line.split()
    if len(f) < 9:
        continue
    tool, n, phase, rc = f[0], int(f[1]), f[2], f[3]
    key = (tool, n, phase)
    if rc != "0":
        failed[key] = failed.get(key, 0) + 1
        continue
    wall, user, sys_, rss = float(f[4]), float(f[5]), float(f[6]), float(f[7])
    own = float(f[8]) if f[8] != "nan" else math.nan
    runs.setdefault(key, []).append((wall, user + sys_, rss, own))

sizes = sorted({k[1] for k in list(runs) + list(failed)})
tools = [t for t in ("earlynet", "ip-batch", "ifupdown2") if any(k[0] == t for k in runs)]


def med(tool, n, phase, col):
    r = runs.get((tool, n, phase))
    if not r:
        return None
    v = [x[col] for x in r if not math.isnan(x[col])]
    return statistics.median(v) if v else None


def peak(tool, n, phase):
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


def fit(tool, phase, col=0):
    """slope of log(cost) against log(n) over 100..4094, least squares"""
    pts = [(n, med(tool, n, phase, col)) for n in sizes if 100 <= n <= 4094]
    pts = [(math.log(n), math.log(v)) for n, v in pts if v]
    if len(pts) < 2:
        return None, 0
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in pts)
    return sxy / sxx, len(pts)


nruns = {n: max(len(runs.get(("earlynet", n, "up"), [])), 0) for n in sizes}
print("earlynet scale benchmark, host kernel: N bridges, each on its own veth NIC renamed")
print("by MAC, one address each (medians; ratio = tool / earlynet, whole process, wall)")
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
        bad = failed.get((t, n, "up"), 0)
        note = "%d" % k + (" (+%d failed)" % bad if bad else "")
        if w is None and not bad:
            if t == "ifupdown2" and n > I2_MAX:
                print("%6d  %-10s %s" % (n, t, "not measured (above SCALE_I2_MAX=%d)" % I2_MAX))
            continue
        print("%6d  %-10s %10s %10s %10s %7s %10s %10s %7s" % (
            n, t, ms(w), ms(c), "%d KiB" % rss if rss else "n/a",
            ratio(w, ew) if t != "earlynet" else "1.0x",
            ms(rw) if t != "ip-batch" else "n/a", ms(rc) if t != "ip-batch" else "n/a", note))
print("ip-batch has no re-up: its batch is not idempotent (\"File exists\").")
print("ifupdown2 starts from the final NIC names (it cannot rename by MAC); at 1000 and")
print("more it runs once per size, bounded by %s s." % I2_TIMEOUT)
print()
print("earlynet's own work (its log's \"ms of own work\"), status and plan, medians:")
for n in sizes:
    print("  %5d: up %s, re-up %s; status %s, status --json %s, plan %s (whole process, wall)" % (
        n, ms(med("earlynet", n, "up", 3)), ms(med("earlynet", n, "reup", 3)),
        ms(med("earlynet", n, "status", 0)), ms(med("earlynet", n, "status--json", 0)),
        ms(med("earlynet", n, "plan", 0))))
print()
print("growth exponent (log-log least squares of the median wall, 100..4094):")
exps = {}
for t, ph in (("earlynet", "up"), ("earlynet", "reup"), ("ip-batch", "up"),
              ("ifupdown2", "up"), ("ifupdown2", "reup")):
    e, k = fit(t, ph)
    ec, _ = fit(t, ph, 1)
    exps[(t, ph)] = (e, k)
    if e is not None:
        print("  %-10s %-6s wall %.2f, cpu %.2f (%d sizes)" % (t, ph, e, ec, k))
print()

print("Targets:")


def judge(ok, text):
    print("  %-6s %s" % ("n/a" if ok is None else "met" if ok else "MISSED", text))


for n in sizes:
    ew, iw, i2 = med("earlynet", n, "up", 0), med("ip-batch", n, "up", 0), med("ifupdown2", n, "up", 0)
    judge(None if not (ew and iw) else iw / ew >= 1.5,
          "%5d: first up >= 1.5x faster than ip -batch: %s" % (n, ratio(iw, ew)))
for n in sizes:
    ew, i2 = med("earlynet", n, "up", 0), med("ifupdown2", n, "up", 0)
    judge(None if not (ew and i2) else i2 / ew >= 100,
          "%5d: first up >= 100x faster than ifupdown2: %s" % (
              n, ratio(i2, ew) if i2 else "not measured"))
for n, lim in ((1000, 30), (4094, 100)):
    v = med("earlynet", n, "reup", 0)
    judge(None if v is None else v < lim, "second up at %d under %d ms: %s" % (n, lim, ms(v)))
e, k = exps[("earlynet", "up")]
judge(None if e is None else e <= 1.1, "earlynet's first up exponent <= 1.1: %s" %
      ("%.2f" % e if e is not None else "n/a"))
e, k = exps[("earlynet", "reup")]
judge(None if e is None else e <= 1.1, "earlynet's second up exponent <= 1.1: %s" %
      ("%.2f" % e if e is not None else "n/a"))
r = peak("earlynet", 4094, "up")
judge(None if r is None else r < 16384, "peak RSS at 4094 under 16 MiB: %s" %
      ("%d KiB" % r if r else "n/a"))
