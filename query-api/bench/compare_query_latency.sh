#!/usr/bin/env bash
# Side-by-side query latency, Promethium vs Prometheus 2.42, on identical imported Istio data.
# Usage: query-api/bench/compare_query_latency.sh [work dir]   (from the repository root; needs
# python3, prometheus and promtool on PATH, and ~5 GB free for the 5-minute dump; see README.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/promethium-query-bench}"
mkdir -p "$work"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
exporter="$root/testdata/bench/istio_mesh_exporter.py"
t0=1763769600 # a 2 h block boundary, so promtool writes one block per data set

# 1. Data: 100 targets x 1049 series every 5 s for 5 min (the live benchmark's mesh), and
#    10 targets x 1049 series every 15 s for 1 h (the "select 10k series over 1 h" case).
[ -f "$work/istio-5m.om" ] || python3 "$exporter" --dump-openmetrics "$work/istio-5m.om" \
  --dump-start $t0 --dump-end $((t0 + 300)) --dump-step 5 --targets 100
[ -f "$work/istio-10k-1h.om" ] || python3 "$exporter" --dump-openmetrics "$work/istio-10k-1h.om" \
  --dump-start $t0 --dump-end $((t0 + 3600)) --dump-step 15 --targets 100 --dump-targets 10

# 2. Import into both stores.
(cd "$root" && ./mvnw -B -q -pl query-api test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt)
cp="$(cat "$root/query-api/target/test-classpath.txt"):$root/query-api/target/classes:$root/query-api/target/test-classes"
java=("$JAVA_HOME/bin/java" -Xmx4g -XX:+UseParallelGC -Xss4m --enable-native-access=ALL-UNNAMED -cp "$cp")
for set in 5m 10k-1h; do
  [ -d "$work/ours-$set" ] || "${java[@]}" io.promethium.api.QueryLatencyBenchmark load "$work/istio-$set.om" "$work/ours-$set"
  [ -d "$work/prom-$set" ] || { mkdir -p "$work/prom-$set"; promtool tsdb create-blocks-from openmetrics "$work/istio-$set.om" "$work/prom-$set"; }
done

# 3. Serve both and query with the benchmark's client (a new connection per request).
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
serve() { # set, prometheus port, promethium port, extra JVM flags...
  local set=$1 pp=$2 op=$3; shift 3
  prometheus --config.file=/dev/null --storage.tsdb.path="$work/prom-$set" --storage.tsdb.retention.time=100y \
    --web.listen-address=127.0.0.1:$pp >"$work/prom-$set.log" 2>&1 & pids+=($!)
  rm -f "$work/ours-$set.log"
  "${java[@]}" "$@" io.promethium.api.QueryLatencyBenchmark serve "$work/ours-$set" $op >"$work/ours-$set.log" 2>&1 & pids+=($!)
  until grep -q serving "$work/ours-$set.log" 2>/dev/null; do sleep 1; done
  until curl -sf "http://127.0.0.1:$pp/-/ready" >/dev/null; do sleep 1; done
}
lat() { python3 "$root/query-api/bench/query_latency.py" "$@"; }
stop() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; pids=(); }

echo "== Istio dashboard queries, fresh server, 5 runs each (as shared/bench/benchlib.py), no API warm-up"
serve 5m 29191 29192
lat --queries "$root/query-api/bench/istio-dashboard.txt" --end $((t0 + 295)) --start $((t0 + 45)) --repeats 5 \
  prometheus=http://127.0.0.1:29191 promethium=http://127.0.0.1:29192
stop
echo "== same, after ApiWarmup's 2000 loopback requests"
serve 5m 29191 29192 -DapiWarmup=2000
lat --queries "$root/query-api/bench/istio-dashboard.txt" --end $((t0 + 295)) --start $((t0 + 45)) --repeats 5 \
  prometheus=http://127.0.0.1:29191 promethium=http://127.0.0.1:29192
stop
echo "== select + full decode of 10,490 series x 1 h"
serve 10k-1h 29193 29194
lat --queries "$root/query-api/bench/select-10k-1h.txt" --end $((t0 + 3599)) --start $((t0 + 3599)) --kinds instant \
  --repeats 7 --warmup 3 prometheus=http://127.0.0.1:29193 promethium=http://127.0.0.1:29194
stop
"${java[@]}" io.promethium.api.QueryLatencyBenchmark decode "$work/ours-10k-1h" job istio-mesh $t0 $((t0 + 3600)) 21
