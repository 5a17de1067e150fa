#!/usr/bin/env python3
"""Run the same PromQL queries against Promethium and a reference Prometheus and compare results.

Usage: compare-with-prometheus.py OURS_URL PROMETHEUS_URL QUERY_FILE [--time T] [--range SECONDS --step S]

QUERY_FILE has one query per line ('#' comments and '# should_fail' suffixes as in the corpus).
Instant queries at --time (default: now - 60s); with --range, range queries over [T-range, T].
Results must have the same type and label sets; values equal within 1e-9 relative, NaN == NaN.
Errors on the reference must be matched by the same errorType. Exit status 1 on any difference.
The automated version of this check is PrometheusSideBySideTest (it starts both servers itself).
"""
import json
import math
import sys
import time
import urllib.parse
import urllib.request


def call(base, path, params):
    url = base.rstrip("/") + path + "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e)


def series_map(result):
    return {json.dumps(s["metric"], sort_keys=True): s for s in result}


def same_value(a, b):
    if a == b:
        return True
    x = float(a.replace("Inf", "inf"))
    y = float(b.replace("Inf", "inf"))
    if math.isnan(x) and math.isnan(y):
        return True
    return abs(x - y) <= 1e-9 * abs(x)


def same_points(e, a):
    return len(e) == len(a) and all(str(p[0]) == str(q[0]) and same_value(p[1], q[1]) for p, q in zip(e, a))


def compare(ref, ours):
    if ref.get("status") != "success":
        if ours.get("errorType") != ref.get("errorType"):
            return "reference failed with %s, ours %s" % (ref.get("errorType"), ours.get("status"))
        return None
    if ours.get("status") != "success":
        return "ours failed: %s" % ours.get("error")
    rd, od = ref["data"], ours["data"]
    if rd["resultType"] != od["resultType"]:
        return "type %s vs %s" % (rd["resultType"], od["resultType"])
    if rd["resultType"] in ("scalar", "string"):
        return None if same_points([rd["result"]], [od["result"]]) else "value %s vs %s" % (rd["result"], od["result"])
    rm, om = series_map(rd["result"]), series_map(od["result"])
    if rm.keys() != om.keys():
        return "series differ: only reference %s, only ours %s" % (sorted(rm.keys() - om.keys())[:3],
                                                                  sorted(om.keys() - rm.keys())[:3])
    for k, s in rm.items():
        e = [s["value"]] if "value" in s else s["values"]
        a = [om[k]["value"]] if "value" in om[k] else om[k]["values"]
        if not same_points(e, a):
            return "%s: %s vs %s" % (k, e[:3], a[:3])
    return None


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    ours, ref, qfile = argv[1], argv[2], argv[3]
    opts = dict(zip(argv[4::2], argv[5::2]))
    t = float(opts.get("--time", time.time() - 60))
    queries = []
    for line in open(qfile):
        line = line.strip()
        if line and not line.startswith("#"):
            queries.append(line.split("# should_fail")[0].strip())
    diffs = 0
    for q in queries:
        if "--range" in opts:
            params = {"query": q, "start": t - float(opts["--range"]), "end": t, "step": opts.get("--step", "15")}
            path = "/api/v1/query_range"
        else:
            params = {"query": q, "time": t}
            path = "/api/v1/query"
        diff = compare(call(ref, path, params), call(ours, path, params))
        if diff:
            diffs += 1
            print("DIFF %s\n     %s" % (q, diff))
    print("%d/%d identical" % (len(queries) - diffs, len(queries)))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
