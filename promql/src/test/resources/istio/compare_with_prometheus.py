"""Diffs IstioComparison's output (ours) against a Prometheus 2.42 on 127.0.0.1:29191 holding the same data.
Usage: compare2.py ours.tsv evalTime rangeSeconds stepSeconds"""
import json, math, sys, time, urllib.parse, urllib.request
from collections import defaultdict
BASE = "http://127.0.0.1:29191"
T, RANGE, STEP = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def call(path, params):
    data = urllib.parse.urlencode(params).encode()
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(BASE + path, data=data), timeout=120) as r:
            body = json.load(r)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    return body, (time.perf_counter() - t0) * 1000
def canon(m): return "{" + ",".join(f"{k}={m[k]}" for k in sorted(m)) + "}"
def fv(s): return float({'+Inf': 'inf', '-Inf': '-inf', 'NaN': 'nan'}.get(s, s))
ours = defaultdict(lambda: {"I": {}, "R": {}, "EI": None, "ER": None})
queries, times = {}, {}
for line in open(sys.argv[1], encoding="utf-8"):
    p = line.rstrip("\n").split("\t")
    i = int(p[1])
    if p[0] == "Q": queries[i] = p[4]; times[i] = (float(p[2]), float(p[3]))
    elif p[0] in ("EI", "ER"): ours[i][p[0]] = p[2]
    elif p[0] == "M": ours[i]["I"][(p[2], int(p[3]) // 1000)] = float(p[4])
    elif p[0] == "I": ours[i]["I"][(p[2], 0)] = float(p[4])
    else: ours[i]["R"][(p[2], int(p[3]) // 1000)] = float(p[4])
def close(a, b):
    if math.isnan(a) and math.isnan(b): return True
    if math.isinf(a) or math.isinf(b): return a == b
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))
def keyed(d, instant):
    out = {}
    if d["resultType"] == "scalar": out[("{}", 0)] = fv(d["result"][1])
    elif d["resultType"] == "string": out[("{}", 0)] = float("nan")
    elif d["resultType"] == "vector":
        for s in d["result"]: out[(canon(s["metric"]), 0)] = fv(s["value"][1])
    else:
        for s in d["result"]:
            for t, v in s["values"]: out[(canon(s["metric"]), int(float(t)))] = fv(v)
    return out
ok = bad = 0
for i, q in sorted(queries.items()):
    res_i, _ = call("/api/v1/query", {"query": q, "time": T})
    res_r, _ = call("/api/v1/query_range", {"query": q, "start": T - RANGE, "end": T, "step": STEP})
    diffs = []
    for name, res, mine, err in (("instant", res_i, ours[i]["I"], ours[i]["EI"]), ("range", res_r, ours[i]["R"], ours[i]["ER"])):
        if res["status"] != "success" or err is not None:
            if (res["status"] == "success") != (err is None):
                diffs.append(f"{name}: prometheus {res.get('error', 'ok')!r} vs ours {err!r}")
            continue
        ref = keyed(res["data"], name == "instant")
        if set(ref) != set(mine):
            a = sorted(set(ref) - set(mine)); b = sorted(set(mine) - set(ref))
            diffs.append(f"{name}: only prometheus {len(a)} {a[:1]}, only ours {len(b)} {b[:1]}")
        else:
            nd = [k for k in ref if not close(ref[k], mine[k])]
            if nd: diffs.append(f"{name}: {len(nd)} values differ e.g. {nd[0]} prom={ref[nd[0]]} ours={mine[nd[0]]}")
    if diffs:
        bad += 1; print("DIFF", i, q[:160]); [print("   ", x[:300]) for x in diffs]
    else: ok += 1
print(f"{ok} identical, {bad} different of {len(queries)} queries")
