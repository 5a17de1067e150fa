#!/usr/bin/env python3
"""Differential PromQL check: Debian's Prometheus 2.42 and Promethium on identical backfilled data.

  scripts/compat/compare.py [--workdir DIR] [--suite compliance|istio|all] [--json OUT]

Steps (all in a temp dir unless --workdir is given):
  1. data: demo_metrics.py (the PromQL compliance tester's demo service, 3 instances, 2 h x 15 s) and
     istio_mesh_exporter.py --dump-openmetrics (a few Envoy sidecars, last 40 min of the window),
  2. backfill: `promtool tsdb create-blocks-from openmetrics` into prom-data/ and
     `promethium tsdb import openmetrics` into ours-data/ (same files),
  3. start `prometheus` and Promethium on loopback ports, no scrape jobs, retention 100y,
  4. run the queries on both and compare (see compare_results below), print pass counts and
     every mismatch.

Compliance suite (corpus/promql-compliance/expanded-queries.txt, 539 queries, METHOD.md §3):
  range query end = data end - 12 min, start = end - 10 min, step 10 s; plus instant queries at
  that end (on the 15 s sample grid) and 8 s off the grid. `# should_fail` queries must fail on both.
Istio suite (corpus/istio/dashboard-queries.txt, 248 lines, 246 distinct; each dashboard's variables
resolved separately, and the workload dashboard once more on the first workload with HTTP traffic
when Grafana's default workload is another one), Grafana variables substituted
the way Grafana does for a 30 min dashboard with the default 15 s scrape interval:
  $__interval = 15s, $__rate_interval = 1m0s (max(interval + scrape, 4 x scrape)),
  query_result(e) -> e (Grafana runs it as an instant query), $qrep = destination,
  single-value variables ($service, $namespace, $workload) = the first option in Grafana's list
  (the variable query's result order, or alphabetical where the dashboard sets sort=1),
  multi-value "All" variables ($srcns, $dstns, $srcwl, $dstwl, $dstsvc, $srccluster, $dstcluster) =
  regex-escaped alternation "(v1|v2|...)" of every option, options taken from the variable's own query
  run on the reference server (as Grafana's query_result + regex would).
  Each expression runs as a range query over the last 30 min of the Istio data (start/end aligned
  to the 15 s step) and as instant queries at the end and 7 s before it.

Comparison (like the compliance tester, stricter tolerance as issue 7 asks): same status (both
errors count as equal when errorType matches), same resultType, same label sets, same timestamps,
values equal within --rel-tol (default 1e-9) relative, NaN == NaN, +-Inf only equal to itself.
Series order only matters for instant queries whose outermost function is sort/sort_desc (then the
sequence of values must match; ties may come in any order).

Environment: PROMETHEUS, PROMTOOL (default from PATH), PROMETHIUM (command, default <repo>/promethium),
BENCH_DIR (default /work/shared/bench), CORPUS_DIR (default /work/shared/corpus).
"""
import argparse, json, math, os, re, shlex, shutil, signal, socket, subprocess, sys, tempfile, time
import urllib.parse, urllib.request, urllib.error

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.environ.get('BENCH_DIR', '/work/shared/bench')
CORPUS = os.environ.get('CORPUS_DIR', '/work/shared/corpus')
DATA_START = 1735689600          # 2025-01-01T00:00:00Z, a 2 h aligned window: one promtool block
DATA_END = DATA_START + 7200      # exclusive
ISTIO_START = DATA_END - 2400     # Istio sidecars: last 40 min (their labels make the file large)
LAST = DATA_END - 15              # last sample timestamp


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f'failed ({r.returncode}): {" ".join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}')
    log(f'  {os.path.basename(cmd[0])} {cmd[1] if len(cmd) > 1 else ""}: {time.time() - t0:.1f}s '
        f'{(r.stdout.strip().splitlines() or [""])[-1][:200]}')
    return r


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def generate(work):
    demo, istio = os.path.join(work, 'demo.om'), os.path.join(work, 'istio.om')
    if not os.path.exists(demo):
        run([sys.executable, os.path.join(BENCH, 'demo_metrics.py'), '--start', str(DATA_START),
             '--end', str(DATA_END), '--out', demo])
    if not os.path.exists(istio):
        run([sys.executable, os.path.join(BENCH, 'istio_mesh_exporter.py'), '--targets', '4', '--pairs', '3',
             '--codes', '200,503', '--envoy-metrics', '10', '--job', 'kubernetes-pods',
             '--dump-openmetrics', istio, '--dump-start', str(ISTIO_START), '--dump-end', str(DATA_END),
             '--dump-step', '15'])
    return [demo, istio]


def backfill(work, files, promethium):
    prom_data, ours_data = os.path.join(work, 'prom-data'), os.path.join(work, 'ours-data')
    if not os.path.isdir(prom_data):
        os.makedirs(prom_data + '.tmp', exist_ok=True)
        for f in files:
            run([os.environ.get('PROMTOOL', 'promtool'), 'tsdb', 'create-blocks-from', 'openmetrics', f,
                 prom_data + '.tmp'])
        os.rename(prom_data + '.tmp', prom_data)
    if not os.path.isdir(ours_data):
        for f in files:
            run(promethium + ['tsdb', 'import', 'openmetrics', f, ours_data + '.tmp'])
        os.rename(ours_data + '.tmp', ours_data)
    return prom_data, ours_data


def wait_ready(url, proc, what, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f'{what} exited with {proc.returncode}')
        try:
            with urllib.request.urlopen(url + '/-/ready', timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.3)
    raise SystemExit(f'{what} not ready after {timeout}s')


def start_servers(work, prom_data, ours_data, promethium):
    cfg = os.path.join(work, 'empty.yml')
    with open(cfg, 'w') as f:
        f.write('global:\n  scrape_interval: 15s\n')
    common = ['--config.file=' + cfg, '--storage.tsdb.retention.time=100y']
    pp, op = free_port(), free_port()
    prom = subprocess.Popen([os.environ.get('PROMETHEUS', 'prometheus'), *common,
                             '--storage.tsdb.path=' + prom_data, f'--web.listen-address=127.0.0.1:{pp}'],
                            stdout=open(os.path.join(work, 'prometheus.log'), 'w'), stderr=subprocess.STDOUT)
    ours = subprocess.Popen(promethium + [*common, '--storage.tsdb.path=' + ours_data,
                                          f'--web.listen-address=127.0.0.1:{op}'],
                            stdout=open(os.path.join(work, 'promethium.log'), 'w'), stderr=subprocess.STDOUT)
    ref, test = f'http://127.0.0.1:{pp}', f'http://127.0.0.1:{op}'
    wait_ready(ref, prom, 'prometheus')
    wait_ready(test, ours, 'promethium')
    return prom, ours, ref, test


def call(base, path, params, timeout=60):
    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(base + path, data=data,
                                 headers={'Content-Type': 'application/x-www-form-urlencoded'})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        try:
            return json.load(e)
        except Exception:
            return {'status': 'error', 'errorType': f'http {e.code}', 'error': str(e)}
    except Exception as e:
        return {'status': 'error', 'errorType': 'transport', 'error': str(e)}


def fval(s):
    return float({'+Inf': 'inf', '-Inf': '-inf', 'NaN': 'nan'}.get(s, s))


def same_value(a, b, rel):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b)) or a == b


def fmt_labels(m):
    return '{' + ','.join(f'{k}="{v}"' for k, v in sorted(m.items())) + '}'


ORDERED = re.compile(r'^\s*sort(_desc)?\s*\(')


def compare_results(ref, test, query, rel, instant):
    """None when equal, else a one-line description of the first difference."""
    rs, ts = ref.get('status'), test.get('status')
    if rs != 'success' or ts != 'success':
        if rs == ts:
            return None if ref.get('errorType') == test.get('errorType') else \
                f'errorType {ref.get("errorType")} vs {test.get("errorType")}'
        if rs != 'success':
            return f'Prometheus fails ({ref.get("errorType")}: {ref.get("error")}), Promethium succeeds'
        return f'Promethium fails ({test.get("errorType")}: {str(test.get("error"))[:200]})'
    rd, td = ref['data'], test['data']
    if rd['resultType'] != td['resultType']:
        return f'resultType {rd["resultType"]} vs {td["resultType"]}'
    kind = rd['resultType']
    if kind in ('scalar', 'string'):
        (ta, va), (tb, vb) = rd['result'], td['result']
        if float(ta) != float(tb):
            return f'timestamp {ta} vs {tb}'
        ok = va == vb if kind == 'string' else same_value(fval(va), fval(vb), rel)
        return None if ok else f'value {va} vs {vb}'

    def points(s):
        return s['values'] if 'values' in s else [s['value']]
    rmap = {tuple(sorted(s['metric'].items())): points(s) for s in rd['result']}
    tmap = {tuple(sorted(s['metric'].items())): points(s) for s in td['result']}
    if len(tmap) != len(td['result']):
        return f'Promethium returned duplicate label sets ({len(td["result"])} series, {len(tmap)} distinct)'
    missing = [k for k in rmap if k not in tmap]
    extra = [k for k in tmap if k not in rmap]
    if missing or extra:
        return (f'series: {len(rmap)} vs {len(tmap)}; missing {", ".join(fmt_labels(dict(k)) for k in missing[:2])}'
                f'; extra {", ".join(fmt_labels(dict(k)) for k in extra[:2])}')
    for k, a in rmap.items():
        b = tmap[k]
        if len(a) != len(b):
            ta = {p[0] for p in a}
            tb = {p[0] for p in b}
            return (f'{fmt_labels(dict(k))}: {len(a)} points vs {len(b)} (only in Prometheus: '
                    f'{sorted(ta - tb)[:3]}, only in Promethium: {sorted(tb - ta)[:3]})')
        for (t1, v1), (t2, v2) in zip(a, b):
            if float(t1) != float(t2):
                return f'{fmt_labels(dict(k))}: timestamp {t1} vs {t2}'
            if not same_value(fval(v1), fval(v2), rel):
                return f'{fmt_labels(dict(k))} @{t1}: {v1} vs {v2}'
    if instant and kind == 'vector' and ORDERED.match(query):
        va = [fval(s['value'][1]) for s in rd['result']]
        vb = [fval(s['value'][1]) for s in td['result']]
        if not all(same_value(x, y, rel) for x, y in zip(va, vb)):
            return f'order of sorted result differs: {va[:4]} vs {vb[:4]}'
    return None


# ---------------------------------------------------------------- query lists

def compliance_queries():
    out = []
    for line in open(os.path.join(CORPUS, 'promql-compliance', 'expanded-queries.txt')):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        should_fail = '# should_fail' in line
        out.append((line.split('# should_fail')[0].strip(), should_fail))
    return out


RATE_INTERVAL, INTERVAL, STEP, DASH_RANGE = '1m0s', '15s', 15, 1800
MULTI = ['srccluster', 'dstcluster', 'srcns', 'dstns', 'srcwl', 'dstwl', 'dstsvc']


def istio_lines():
    """[(dashboard, variable name or None, raw expression)] in file order."""
    out, var, dash = [], None, ''
    for line in open(os.path.join(CORPUS, 'istio', 'dashboard-queries.txt')):
        line = line.rstrip('\n')
        d = re.match(r'# =+ dashboard: dashboards/(\S+)', line)
        if d:
            dash = d.group(1)
            continue
        m = re.match(r'# variable \$?(\w+):', line)
        if m:
            var = m.group(1)
            continue
        if not line.strip() or line.startswith('#'):
            continue
        out.append((dash, var, line.strip()))
        var = None
    return out


def istio_variable_regexes():
    """variable -> (regex applied to Grafana's text form of each query_result element, sort mode)."""
    regexes = {}
    for ds in sorted(os.listdir(os.path.join(CORPUS, 'istio', 'dashboards'))):
        d = json.load(open(os.path.join(CORPUS, 'istio', 'dashboards', ds)))
        for v in d.get('templating', {}).get('list', []):
            if v.get('regex'):
                regexes.setdefault(v['name'], (v['regex'].strip('/'), v.get('sort') or 0))
    return regexes


def basic_subst(q):
    if q.startswith('query_result(') and q.endswith(')'):
        q = q[len('query_result('):-1]
    return (q.replace('$__rate_interval', RATE_INTERVAL).replace('$__interval', INTERVAL)
            .replace('$qrep', 'destination'))


def resolve_istio_variables(ref, at, dashboard, chosen=None):
    """Runs each variable query of one dashboard on the reference, as Grafana's query_result + regex
    would; `chosen` fixes single-value variables to a value a user picked."""
    regexes = istio_variable_regexes()
    values = {}
    for dash, var, q in istio_lines():
        if dash != dashboard or var is None or var in values:
            continue
        if chosen and var in chosen:
            values[var] = [chosen[var]]
            continue
        q = basic_subst(q)
        for name, subst in sorted(substitutions(values).items(), key=lambda kv: -len(kv[0])):
            q = q.replace('$' + name, subst)
        r = call(ref, '/api/v1/query', {'query': q, 'time': at})
        opts = []
        for s in r.get('data', {}).get('result', []) if r.get('status') == 'success' else []:
            m = re.search(regexes.get(var, ('(.*)', 0))[0], fmt_labels(s['metric']))
            if m and m.group(1) not in opts:
                opts.append(m.group(1))
        # Grafana keeps the query's result order (sort 0) or sorts alphabetically (1 asc, 2 desc)
        srt = regexes.get(var, ('', 0))[1]
        values[var] = sorted(opts, reverse=srt == 2) if srt in (1, 2) else opts
    return values


def substitutions(values):
    """Grafana's interpolation: regex-escaped; multi-value "All" becomes an alternation."""
    subst = {}
    for var, opts in values.items():
        if var in MULTI:   # Grafana's prometheusSpecialRegexEscape, then an alternation
            esc = sorted(re.sub(r'([\\.+*?()|\[\]{}^$\'])', r'\\\\\1', o) for o in opts)
            subst[var] = ('(' + '|'.join(esc) + ')' if len(esc) > 1 else esc[0]) if esc else ''
        else:              # prometheusRegularEscape: only backslash and single quote
            subst[var] = opts[0].replace('\\', '\\\\').replace("'", "\\'") if opts else ''
    return subst


WORKLOAD_DASHBOARD = 'istio-workload-dashboard.json'


def istio_queries(ref, at):
    """[(label, query)]: every distinct expression with its dashboard's variables, plus the workload
    dashboard once more on the first workload with HTTP traffic when Grafana's default
    (alphabetically first) workload differs from it (e.g. serves only TCP)."""
    values, seen, out = {}, set(), []
    for dash, _, raw in istio_lines():
        if dash not in values:
            values[dash] = substitutions(resolve_istio_variables(ref, at, dash))
        if raw not in seen:
            seen.add(raw)
            out.append((raw, interpolate(raw, values[dash])))
    wl = values.get(WORKLOAD_DASHBOARD, {})
    r = call(ref, '/api/v1/query', {'query': 'sum by (destination_workload) (istio_requests_total{'
                                             f'destination_workload_namespace="{wl.get("namespace", "")}"}})',
                                    'time': at})
    http = sorted(s['metric'].get('destination_workload', '') for s in r.get('data', {}).get('result', []))
    if http and http[0] != wl.get('workload'):
        chosen = substitutions(resolve_istio_variables(ref, at, WORKLOAD_DASHBOARD, {'workload': http[0]}))
        for dash, _, raw in istio_lines():
            if dash == WORKLOAD_DASHBOARD and '$' in raw:
                out.append((f'[workload={http[0]}] {raw}', interpolate(raw, chosen)))
    return out, values


def interpolate(raw, subst):
    q = basic_subst(raw)
    for var in sorted(subst, key=len, reverse=True):
        q = q.replace('$' + var, subst[var])
    return q


# ---------------------------------------------------------------- running

def run_suite(name, ref, test, queries, instants, rng, rel):
    """queries: [(expr, should_fail)]; returns (results, counts)."""
    results = []
    counts = {'instant': [0, 0], 'range': [0, 0], 'query': [0, 0], 'nonempty': 0}
    for q, should_fail in queries:
        problems = []
        for mode, path, params in ([('instant', '/api/v1/query', {'query': q, 'time': t}) for t in instants] +
                                   [('range', '/api/v1/query_range', {'query': q, **rng})]):
            a, b = call(ref, path, params), call(test, path, params)
            if should_fail and a.get('status') == 'success':
                problem = 'Prometheus succeeds on a should_fail query (setup problem)'
            elif should_fail:
                problem = None if b.get('status') != 'success' else 'Promethium succeeds, should fail'
            else:
                problem = compare_results(a, b, q, rel, mode == 'instant')
            key = 'instant' if mode == 'instant' else 'range'
            if a.get('status') == 'success' and a['data']['result'] not in ([], None):
                counts['nonempty'] += 1
            counts[key][0 if problem is None else 1] += 1
            if problem:
                problems.append(f'{mode}@{params.get("time", params.get("end"))}: {problem}')
        counts['query'][0 if not problems else 1] += 1
        results.append({'suite': name, 'query': q, 'ok': not problems, 'problems': problems})
    return results, counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--workdir', help='reuse/keep data here (default: a temp dir, removed afterwards)')
    ap.add_argument('--suite', choices=['compliance', 'istio', 'all'], default='all')
    ap.add_argument('--rel-tol', type=float, default=1e-9)
    ap.add_argument('--json', help='write every query result here')
    ap.add_argument('--ref', help='use this running reference server instead of starting prometheus')
    ap.add_argument('--test', help='use this running server under test instead of starting Promethium')
    a = ap.parse_args()
    promethium = shlex.split(os.environ.get('PROMETHIUM', os.path.join(REPO, 'promethium')))
    work = a.workdir or tempfile.mkdtemp(prefix='promethium-compat-')
    os.makedirs(work, exist_ok=True)
    procs = []
    t0 = time.time()
    try:
        ref, test = a.ref, a.test
        if not (ref and test):
            log(f'data and stores in {work}')
            files = generate(work)
            prom_data, ours_data = backfill(work, files, promethium)
            prom, ours, ref, test = start_servers(work, prom_data, ours_data, promethium)
            procs = [prom, ours]
        log(f'reference {ref}, test {test}; setup {time.time() - t0:.0f}s')
        all_results, summary = [], []
        if a.suite in ('compliance', 'all'):
            end = LAST - 12 * 60 + 15   # on the 15 s grid (LAST is on it), like the tester's end - 12 min
            rng = {'start': end - 600, 'end': end, 'step': 10}
            res, c = run_suite('compliance', ref, test, compliance_queries(), [end, end - 8], rng, a.rel_tol)
            all_results += res
            summary.append(('PromQL compliance', c))
        if a.suite in ('istio', 'all'):
            end = LAST - LAST % STEP
            qs, values = istio_queries(ref, end)
            log('istio variables: ' + json.dumps({d: v for d, v in values.items() if v}))
            rng = {'start': end - DASH_RANGE, 'end': end, 'step': STEP}
            res, c = run_suite('istio', ref, test, [(q, False) for _, q in qs], [end, end - 7], rng, a.rel_tol)
            for r, (label, _) in zip(res, qs):
                r['listed'] = label
            all_results += res
            summary.append(('Istio dashboards', c))
        for r in all_results:
            if not r['ok']:
                print(f'MISMATCH [{r["suite"]}] {r.get("listed", r["query"])}')
                if r.get('listed', r['query']) != r['query']:
                    print(f'    sent: {r["query"]}')
                for p in r['problems'][:3]:
                    print(f'    {p[:400]}')
        print()
        for name, c in summary:
            q, i, rg = c['query'], c['instant'], c['range']
            print(f'{name}: {q[0]}/{sum(q)} queries identical in every mode; '
                  f'instant {i[0]}/{sum(i)}, range {rg[0]}/{sum(rg)}; '
                  f'{c["nonempty"]}/{sum(i) + sum(rg)} comparisons had a non-empty Prometheus result')
        print(f'total time {time.time() - t0:.0f}s')
        if a.json:
            with open(a.json, 'w') as f:
                json.dump(all_results, f, indent=1)
        return 0 if all(r['ok'] for r in all_results) else 1
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        if not a.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
