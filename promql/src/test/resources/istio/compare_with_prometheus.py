import json, math, sys, time, urllib.parse, urllib.request
from collections import defaultdict
BASE = "http://127.0.0.1:29191"
T, RANGE, STEP = 1700001785, 1200, 15
def call(path, params):
    data = urllib.parse.urlencode(params).encode()
    t0 = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(BASE + path, data=data), timeout=120) as r:
        body = json.load(r)
    return body, (time.perf_counter() - t0) * 1000
def canon(m):
    return "{" + ",".join(f"{k}={m[k]}" for k in sorted(m)) + "}"
def fv(s): return float({'+Inf': 'inf', '-Inf': '-inf', 'NaN': 'nan'}.get(s, s))
ours = defaultdict(lambda: {"I": {}, "R": {}})
queries = {}
times = {}
for line in open(sys.argv[1], encoding="utf-8"):
    p = line.rstrip("\n").split("\t")
    if p[0] == "Q":
        queries[int(p[1])] = p[4]; times[int(p[1])] = (float(p[2]), float(p[3]))
    else:
        ours[int(p[1])][p[0]][(p[2], int(p[3]) // 1000 if p[0] == "R" else 0)] = float(p[4])
def close(a, b):
    if math.isnan(a) and math.isnan(b): return True
    if math.isinf(a) or math.isinf(b): return a == b
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))
ok = bad = 0
pt_i = pt_r = ot_i = ot_r = 0.0
for i, q in sorted(queries.items()):
    res_i, ms_i = call("/api/v1/query", {"query": q, "time": T})
    res_r, ms_r = call("/api/v1/query_range", {"query": q, "start": T - RANGE, "end": T, "step": STEP})
    # second run for warm timings
    res_i, ms_i = call("/api/v1/query", {"query": q, "time": T})
    res_r, ms_r = call("/api/v1/query_range", {"query": q, "start": T - RANGE, "end": T, "step": STEP})
    ref_i, ref_r = {}, {}
    d = res_i["data"]
    if d["resultType"] == "scalar":
        ref_i[("{}", 0)] = fv(d["result"][1])
    else:
        for s in d["result"]: ref_i[(canon(s["metric"]), 0)] = fv(s["value"][1])
    for s in res_r["data"]["result"]:
        for t, v in s["values"]: ref_r[(canon(s["metric"]), int(t))] = fv(v)
    mine_i = ours[i]["I"]; mine_r = ours[i]["R"]
    diffs = []
    for name, ref, mine in (("instant", ref_i, mine_i), ("range", ref_r, mine_r)):
        if set(ref) != set(mine):
            diffs.append(f"{name}: keys differ: only prom {len(set(ref)-set(mine))} e.g. {sorted(set(ref)-set(mine))[:1]}, only ours {len(set(mine)-set(ref))} e.g. {sorted(set(mine)-set(ref))[:1]}")
        else:
            nd = [k for k in ref if not close(ref[k], mine[k])]
            if nd: diffs.append(f"{name}: {len(nd)} values differ e.g. {nd[0]} prom={ref[nd[0]]} ours={mine[nd[0]]}")
    pt_i += ms_i; pt_r += ms_r; ot_i += times[i][0]; ot_r += times[i][1]
    if diffs:
        bad += 1; print("DIFF", i, q[:150]); [print("   ", x) for x in diffs]
    else:
        ok += 1
print(f"{ok} identical, {bad} different of {len(queries)} queries")
print(f"total time instant: prometheus {pt_i:.0f} ms (HTTP incl.), ours {ot_i:.0f} ms (in-process); range: prometheus {pt_r:.0f} ms, ours {ot_r:.0f} ms")
