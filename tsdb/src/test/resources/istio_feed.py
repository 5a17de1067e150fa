"""Feeds DiskUsageBenchmark with the simulated Istio mesh of testdata/bench/istio_mesh_exporter.py.

usage: python3 istio_feed.py <exporter.py> <targets> <rounds> <step_s>

Writes to stdout (big-endian, Java DataInput): int targets; per target int n and n series as
length-prefixed UTF-8 (name{labels} with the target labels a scrape adds); then per round and
target n doubles, parsed from the exposition text the exporter serves (so %.10g sums are exactly
what a scrape would store).
"""
import importlib.util
import struct
import sys

exporter, targets, rounds, step = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
spec = importlib.util.spec_from_file_location("istio_mesh_exporter", exporter)
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
captured = {}


class Built(Exception):
    pass


real_build = m.build_mesh


def capture(args):
    captured["args"] = args
    captured["eps"] = real_build(args)[1]
    raise Built()


m.build_mesh = capture
sys.argv = ["istio_mesh_exporter.py", "--targets", str(targets)]
try:
    m.main()
except Built:
    pass
args, eps = captured["args"], captured["eps"]
out = sys.stdout.buffer


def utf(s):
    b = s.encode()
    return struct.pack(">H", len(b)) + b


start = args.epoch + 86400  # a day into the pods' lives: counters well past zero
out.write(struct.pack(">i", len(eps)))
for t in eps:
    inject = 'instance="%s:%d",job="%s",namespace="%s",pod="%s",app="%s",version="%s",' % (
        args.host, t.port, "istio-mesh", t.workload.ns, t.pod, t.workload.app, t.workload.version)
    names = []
    for ln in t.target.render(start, args.epoch).split("\n"):
        if not ln or ln[0] == "#":
            continue
        name_lab = ln.rsplit(" ", 1)[0]
        names.append(name_lab.replace("{", "{" + inject, 1) if "{" in name_lab else name_lab + "{" + inject[:-1] + "}")
    out.write(struct.pack(">i", len(names)) + b"".join(utf(n) for n in names))
for r in range(rounds):
    ts = start + r * step
    for t in eps:
        vals = [float(ln.rsplit(" ", 1)[1]) for ln in t.target.render(ts, args.epoch).split("\n") if ln and ln[0] != "#"]
        out.write(struct.pack(">%dd" % len(vals), *vals))
out.flush()
