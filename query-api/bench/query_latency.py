#!/usr/bin/env python3
"""Median HTTP latency of PromQL queries against one or more Prometheus-compatible servers.

Same client as shared/bench/benchlib.py (urllib, a new connection per request). Servers are queried
round-robin per run so that machine load hits all of them alike.

  query_latency.py --queries FILE --end T --start S [--step 15] [--repeats 5] [--warmup 0] \
      [--pid NAME=PID ...] NAME=URL [NAME=URL ...]

With --pid, the server's CPU time (utime+stime from /proc, 10 ms ticks) over the timed runs is
printed too, as mean CPU ms per request ("cpu" columns).
"""
import os
import argparse
import json
import statistics
import time
import urllib.parse
import urllib.request


def get(url):
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as r:
        body = r.read()
    dt = time.perf_counter() - t0
    js = json.loads(body)
    if js.get("status") != "success":
        raise RuntimeError("%s: %s" % (url, body[:300]))
    res = js["data"]["result"]
    return dt, (len(res) if isinstance(res, list) else 1), len(body)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--queries", required=True)
    p.add_argument("--end", type=float, required=True)
    p.add_argument("--start", type=float, required=True)
    p.add_argument("--step", default="15")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--kinds", default="instant,range")
    p.add_argument("--pid", action="append", default=[])
    p.add_argument("servers", nargs="+")
    a = p.parse_args()
    servers = [s.split("=", 1) for s in a.servers]
    pids = dict(x.split("=", 1) for x in a.pid)
    tick = os.sysconf("SC_CLK_TCK")

    def cpu(name):
        if name not in pids:
            return 0.0
        f = open("/proc/%s/stat" % pids[name]).read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) * 1000.0 / tick
    queries = [l.strip() for l in open(a.queries) if l.strip() and not l.startswith("#")]
    print("median of %d runs (after %d warm-up), ms; instant at %s, range [%s, %s] step %s"
          % (a.repeats, a.warmup, a.end, a.start, a.end, a.step))
    print("%-8s " % "kind" + " ".join("%14s" % n for n, _ in servers)
          + "".join("%10s" % ("cpu " + n[:5]) for n, _ in servers if n in pids) + "  series  query")
    for q in queries:
        for kind in a.kinds.split(","):
            if kind == "instant":
                path = "/api/v1/query?" + urllib.parse.urlencode({"query": q, "time": "%.3f" % a.end})
            else:
                path = "/api/v1/query_range?" + urllib.parse.urlencode(
                    {"query": q, "start": "%.3f" % a.start, "end": "%.3f" % a.end, "step": a.step})
            times = {n: [] for n, _ in servers}
            cpus = {n: 0.0 for n, _ in servers}
            nser = {}
            for i in range(a.warmup + a.repeats):
                for n, base in servers:
                    c0 = cpu(n)
                    dt, ns, nb = get(base + path)
                    nser[n] = ns
                    if i >= a.warmup:
                        times[n].append(dt * 1000)
                        cpus[n] += cpu(n) - c0
            print("%-8s " % kind + " ".join("%14.2f" % statistics.median(times[n]) for n, _ in servers)
                  + "".join("%10.1f" % (cpus[n] / a.repeats) for n, _ in servers if n in pids)
                  + "  %6s  %s" % ("/".join(str(nser[n]) for n, _ in servers), q), flush=True)


if __name__ == "__main__":
    main()
