#!/usr/bin/env python3
"""Scrape-duration percentiles and on-time share of a running Prometheus-compatible server.

Polls `scrape_duration_seconds[<window>]` every <window> seconds for <seconds> seconds (run it
next to ../shared/bench/run_prometheus_baseline.sh during its measured window) and prints, over
every scrape seen: p50/p90/p99/max of the scrape duration, and how many consecutive scrapes of
a target were one interval apart (on time) versus more (a tick skipped) -- both servers record
one sample per scrape, so this works the same against Prometheus and Promethium.

    python3 scripts/bench/scrape_durations.py --url http://127.0.0.1:29090 --seconds 120 --interval 15
"""
import argparse
import json
import time
import urllib.parse
import urllib.request


def query(url, expr, at):
    q = urllib.parse.urlencode({"query": expr, "time": f"{at:.3f}"})
    with urllib.request.urlopen(f"{url}/api/v1/query?{q}", timeout=120) as r:
        return json.load(r)["data"]["result"]


def pct(xs, q):
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:29090")
    ap.add_argument("--seconds", type=int, default=120)
    ap.add_argument("--interval", type=float, required=True, help="scrape interval in seconds")
    ap.add_argument("--window", type=int, default=60)
    args = ap.parse_args()
    samples = {}  # (labels) -> {t: v}
    end = time.time() + args.seconds
    while True:
        now = time.time()
        try:
            result = query(args.url, f"scrape_duration_seconds[{args.window}s]", now)
        except OSError as e:  # the server went away (e.g. the harness's restart step): report what we have
            print(f"stopped polling: {e}", flush=True)
            break
        for s in result:
            key = tuple(sorted(s["metric"].items()))
            d = samples.setdefault(key, {})
            for t, v in s["values"]:
                d[float(t)] = float(v)
        if now >= end:
            break
        time.sleep(min(args.window - 5, max(1, end - time.time())))
    durations = sorted(v for d in samples.values() for v in d.values())
    on_time = late = 0
    for d in samples.values():
        ts = sorted(d)
        for a, b in zip(ts, ts[1:]):
            if abs((b - a) - args.interval) < args.interval / 2:
                on_time += 1
            else:
                late += 1
    print(json.dumps({
        "targets": len(samples), "scrapes": len(durations),
        "duration_p50_s": pct(durations, 0.5), "duration_p90_s": pct(durations, 0.9),
        "duration_p99_s": pct(durations, 0.99), "duration_max_s": durations[-1] if durations else None,
        "consecutive_scrapes_one_interval_apart": on_time, "consecutive_scrapes_further_apart": late,
    }))


if __name__ == "__main__":
    main()
