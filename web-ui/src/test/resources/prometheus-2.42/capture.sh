#!/bin/sh
# How the c*.txt files here were captured (2026-11-22, Debian's Prometheus 2.42.0 on loopback):
#   python3 -m http.server 19392 serving /work/shared/corpus/istio/sidecar-stats-prometheus.SYNTHETIC.txt
#   as /stats/prometheus, and prometheus --config.file=capture-prometheus.yml
#   --web.listen-address=127.0.0.1:19391, scraping for several minutes. Then this script.
# Same layout as /work/shared/corpus/http-api/examples-prometheus-2.42/ (request line, status,
# content type, blank line, body).
set -eu
P=http://127.0.0.1:19391
T=$(date +%s)
cap() { # file, path+query
  code=$(curl -s -o /tmp/body -w '%{http_code}' "$P$2")
  { printf '# request: GET %s \nHTTP/1.1 %s\nContent-Type: application/json\n\n' "$2" "$code"; cat /tmp/body; printf '\n'; } > "$1"
}
cap c01-query-istio-requests-total.txt "/api/v1/query?query=istio_requests_total&time=$T"
cap c02-query-range-istio-requests-total.txt "/api/v1/query_range?query=istio_requests_total&start=$((T-3600))&end=$T&step=14"
cap c03-label-name-values.txt "/api/v1/label/__name__/values"
cap c04-labels-match-istio.txt "/api/v1/labels?match%5B%5D=istio_requests_total"
cap c05-label-response-code-values.txt "/api/v1/label/response_code/values?match%5B%5D=istio_requests_total"
cap c06-metadata.txt "/api/v1/metadata"
cap c07-targets.txt "/api/v1/targets"
cap c08-query-parse-error.txt "/api/v1/query?query=sum(istio_requests_total&time=$T"
cap c09-query-range-http-requests.txt "/api/v1/query_range?query=rate(prometheus_http_requests_total%5B1m%5D)&start=$((T-3600))&end=$T&step=14"
cap c10-status-tsdb.txt "/api/v1/status/tsdb"
