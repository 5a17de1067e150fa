// /graph: query panels with a PromQL editor, a Table tab (instant query) and a Graph tab
// (range query drawn with uPlot). Panel state round-trips through Prometheus's URL parameters
// (g0.expr, g0.tab with 0 = graph and 1 = table, g0.range_input, g0.end_input/moment_input,
// g0.step_input, g0.stacked) so links from and to Prometheus work.
'use strict';
(function () {
  const { el, api } = Prom;
  // Range presets the -/+ buttons step through (Prometheus's list).
  const RANGES = ['1s', '10s', '1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w', '1y', '2y']
    .map(Prom.parseDuration);
  const MAX_TABLE_ROWS = 10000; // as Prometheus: beyond this the browser gets slow for no benefit
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf', '#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477',
    '#66aa00', '#b82e2e', '#316395'];
  const panels = [];
  let nextId = 0;
  const list = el('div', { id: 'panels' });

  function defaults() {
    return { expr: '', tab: 'table', range: 3600e3, endTime: null, resolution: null, stacked: false };
  }

  function panelsFromUrl(search) {
    const q = new URLSearchParams(search);
    const out = [];
    for (let i = 0; q.has('g' + i + '.expr'); i++) {
      const g = (k) => q.get('g' + i + '.' + k);
      const o = defaults();
      o.expr = g('expr');
      if (g('tab') !== null) o.tab = g('tab') === '0' ? 'graph' : 'table';
      if (g('stacked') !== null) o.stacked = g('stacked') === '1';
      const r = Prom.parseDuration(g('range_input'));
      if (r) o.range = r;
      const e = g('end_input') !== null ? g('end_input') : g('moment_input');
      if (e) {
        const t = Prom.parseTime(e);
        if (!isNaN(t)) o.endTime = t;
      }
      const s = parseInt(g('step_input'), 10);
      if (s > 0) o.resolution = s;
      out.push(o);
    }
    return out;
  }

  function toQueryString() {
    const parts = [];
    panels.forEach((p, i) => {
      const o = p.opts;
      const f = (k, v) => parts.push('g' + i + '.' + k + '=' + encodeURIComponent(v));
      f('expr', o.expr);
      f('tab', o.tab === 'graph' ? 0 : 1);
      f('stacked', o.stacked ? 1 : 0);
      f('range_input', Prom.formatDuration(o.range));
      if (o.endTime !== null) {
        f('end_input', Prom.formatTime(o.endTime));
        f('moment_input', Prom.formatTime(o.endTime));
      }
      if (o.resolution) f('step_input', o.resolution);
    });
    return '?' + parts.join('&');
  }

  function syncUrl() {
    const q = toQueryString();
    if (q !== location.search) history.replaceState(null, '', location.pathname + q);
  }

  /** Default step as Prometheus picks it: about 250 points across the range, at least 1s. */
  function autoStep(rangeMs) {
    return Math.max(Math.floor(rangeMs / 1000 / 250), 1);
  }

  function formatValue(v) {
    if (v === null || v === undefined) return 'null';
    if (!isFinite(v)) return String(v);
    const a = Math.abs(v);
    const big = [[1e24, 'Y'], [1e21, 'Z'], [1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
    for (const [f, u] of big) if (a >= f) return trim(v / f) + u;
    if (a === 0 || a >= 1) return trim(v);
    const small = [[1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p'], [1e-15, 'f'], [1e-18, 'a'], [1e-21, 'z'], [1e-24, 'y']];
    for (const [f, u] of small) if (a >= f) return trim(v / f) + u;
    return v.toExponential(2);
  }
  function trim(x) {
    return String(Math.round(x * 1000) / 1000);
  }

  function color(i, alpha) {
    let c;
    if (i < PALETTE.length) c = PALETTE[i];
    else c = 'hsl(' + ((i * 137.508) % 360).toFixed(1) + ', 65%, 50%)';
    if (alpha === undefined) return c;
    if (c.startsWith('#')) return c + Math.round(alpha * 255).toString(16).padStart(2, '0');
    return c.replace('hsl(', 'hsla(').replace(')', ', ' + alpha + ')');
  }

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // ---------------------------------------------------------------- panel
  function createPanel(opts) {
    const p = { id: nextId++, opts, editor: null, abort: null, chart: null, graphData: null, result: null };
    const pid = 'panel-' + p.id;
    const root = el('section', { class: 'panel', 'aria-label': 'Query panel', 'data-panel': p.id });
    p.root = root;

    // Expression row
    const host = el('div', { class: 'editor-host' });
    const execBtn = el('button', { class: 'primary execute', type: 'button', onclick: () => execute(p) }, 'Execute');
    const removeBtn = el('button', { type: 'button', class: 'remove', 'aria-label': 'Remove panel', title: 'Remove panel',
      onclick: () => removePanel(p) }, '×');
    const explorerBtn = el('button', { type: 'button', class: 'open-explorer', 'aria-haspopup': 'dialog',
      title: 'Open metrics explorer', onclick: () => openExplorer(p) }, 'Metrics');
    root.append(el('div', { class: 'panel-head' }, removeBtn), el('div', { class: 'expr-row' }, host, explorerBtn, execBtn));
    if (window.PromQLEditor) {
      p.editor = PromQLEditor.create(host, {
        doc: opts.expr,
        onSubmit: () => execute(p),
        onChange: (text) => { p.opts.expr = text; },
      });
    } else {
      // The editor bundle failed to load: a plain text area keeps the page usable.
      const ta = el('textarea', { class: 'mono', rows: 2, style: 'width:100%', 'aria-label': 'PromQL expression' });
      ta.value = opts.expr;
      ta.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); execute(p); }
      });
      ta.addEventListener('input', () => { p.opts.expr = ta.value; });
      host.append(ta);
      p.editor = { getValue: () => ta.value, setValue: (v) => { ta.value = v; }, focus: () => ta.focus() };
    }

    // Tabs
    const tabTable = el('button', { type: 'button', role: 'tab', id: pid + '-tab-table', 'aria-controls': pid + '-table' }, 'Table');
    const tabGraph = el('button', { type: 'button', role: 'tab', id: pid + '-tab-graph', 'aria-controls': pid + '-graph' }, 'Graph');
    const stats = el('div', { class: 'stats', 'aria-live': 'polite' });
    const tablist = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Result view' }, tabTable, tabGraph, stats);
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = p.opts.tab === 'table' ? 'graph' : 'table';
      selectTab(p, next);
      (next === 'table' ? tabTable : tabGraph).focus();
      e.preventDefault();
    });
    tabTable.addEventListener('click', () => selectTab(p, 'table'));
    tabGraph.addEventListener('click', () => selectTab(p, 'graph'));
    const messages = el('div', { class: 'messages' });
    root.append(tablist, messages);

    // Table tab: evaluation time + results
    const evalTime = timeControls(p, 'Evaluation time');
    const tableBox = el('div', { class: 'table-wrap' });
    const tablePanel = el('div', { class: 'tabpanel', role: 'tabpanel', id: pid + '-table', 'aria-labelledby': pid + '-tab-table' },
      el('div', { class: 'controls' }, evalTime.node), tableBox);

    // Graph tab: range, end, resolution, stacked + chart + legend
    const rangeInput = el('input', { type: 'text', class: 'range', 'aria-label': 'Range', title: 'Range (e.g. 1h, 30m)' });
    const rangeDown = el('button', { type: 'button', 'aria-label': 'Shorter range', title: 'Shorter range' }, '−');
    const rangeUp = el('button', { type: 'button', 'aria-label': 'Longer range', title: 'Longer range' }, '+');
    const endCtl = timeControls(p, 'End time');
    const stepInput = el('input', { type: 'number', min: '1', step: '1', class: 'step', 'aria-label': 'Resolution in seconds',
      title: 'Resolution (step) in seconds' });
    const stackBtn = el('button', { type: 'button', class: 'stacked', 'aria-pressed': 'false', title: 'Stack the series' }, 'Stacked');
    const chartBox = el('div', { class: 'chart', role: 'img', 'aria-label': 'Graph of the query result' });
    const tooltip = el('div', { class: 'tooltip', role: 'status' });
    const legend = el('ul', { class: 'legend', 'aria-label': 'Legend: select a series to show only it' });
    chartBox.append(tooltip);
    const graphPanel = el('div', { class: 'tabpanel', role: 'tabpanel', id: pid + '-graph', 'aria-labelledby': pid + '-tab-graph' },
      el('div', { class: 'controls' },
        el('span', { class: 'group' }, rangeDown, rangeInput, rangeUp),
        endCtl.node, stepInput, stackBtn),
      chartBox, legend);
    root.append(tablePanel, graphPanel);

    function applyRange(ms) {
      if (ms > 0) {
        p.opts.range = ms;
        syncControls();
        execute(p);
      }
    }
    rangeInput.addEventListener('change', () => {
      const ms = Prom.parseDuration(rangeInput.value);
      if (ms > 0) { rangeInput.removeAttribute('aria-invalid'); applyRange(ms); } else rangeInput.setAttribute('aria-invalid', 'true');
    });
    rangeDown.addEventListener('click', () => {
      for (let i = RANGES.length - 1; i >= 0; i--) if (RANGES[i] < p.opts.range) return applyRange(RANGES[i]);
    });
    rangeUp.addEventListener('click', () => {
      for (let i = 0; i < RANGES.length; i++) if (RANGES[i] > p.opts.range) return applyRange(RANGES[i]);
    });
    stepInput.addEventListener('change', () => {
      const v = parseInt(stepInput.value, 10);
      p.opts.resolution = v > 0 ? v : null;
      syncControls();
      execute(p);
    });
    stackBtn.addEventListener('click', () => {
      p.opts.stacked = !p.opts.stacked;
      syncControls();
      syncUrl();
      if (p.graphData) drawChart(p);
    });

    function syncControls() {
      const isGraph = p.opts.tab === 'graph';
      tabTable.setAttribute('aria-selected', String(!isGraph));
      tabGraph.setAttribute('aria-selected', String(isGraph));
      tabTable.tabIndex = isGraph ? -1 : 0;
      tabGraph.tabIndex = isGraph ? 0 : -1;
      tablePanel.hidden = isGraph;
      graphPanel.hidden = !isGraph;
      rangeInput.value = Prom.formatDuration(p.opts.range);
      stepInput.value = p.opts.resolution || '';
      stepInput.placeholder = 'Res. (' + autoStep(p.opts.range) + 's)';
      stackBtn.setAttribute('aria-pressed', String(p.opts.stacked));
      evalTime.sync();
      endCtl.sync();
      syncUrl();
    }

    Object.assign(p, { host, stats, messages, tableBox, chartBox, tooltip, legend, syncControls });
    syncControls();
    return p;
  }

  /** « [time] » ×: moves the end (or evaluation) time by half the range; × goes back to "now". */
  function timeControls(p, label) {
    const input = el('input', { type: 'text', class: 'end mono', 'aria-label': label + ' (UTC, empty = now)',
      placeholder: label + ' (now)', title: 'YYYY-MM-DD HH:mm:ss, UTC' });
    const back = el('button', { type: 'button', 'aria-label': 'Earlier', title: 'Earlier' }, '«');
    const fwd = el('button', { type: 'button', 'aria-label': 'Later', title: 'Later' }, '»');
    const now = el('button', { type: 'button', 'aria-label': 'Reset to now', title: 'Reset to now' }, '×');
    const shift = (sign) => {
      const base = p.opts.endTime === null ? Date.now() : p.opts.endTime;
      p.opts.endTime = Math.round((base + sign * p.opts.range / 2) / 1000) * 1000;
      p.syncControls();
      execute(p);
    };
    back.addEventListener('click', () => shift(-1));
    fwd.addEventListener('click', () => shift(1));
    now.addEventListener('click', () => { p.opts.endTime = null; p.syncControls(); execute(p); });
    input.addEventListener('change', () => {
      if (input.value.trim() === '') { p.opts.endTime = null; input.removeAttribute('aria-invalid'); }
      else {
        const t = Prom.parseTime(input.value);
        if (isNaN(t)) { input.setAttribute('aria-invalid', 'true'); return; }
        input.removeAttribute('aria-invalid');
        p.opts.endTime = t;
      }
      p.syncControls();
      execute(p);
    });
    return {
      node: el('span', { class: 'group' }, back, input, fwd, now),
      sync: () => { input.value = p.opts.endTime === null ? '' : Prom.formatTime(p.opts.endTime); },
    };
  }

  function selectTab(p, tab) {
    if (p.opts.tab === tab) return;
    p.opts.tab = tab;
    p.syncControls();
    execute(p);
  }

  function removePanel(p) {
    const i = panels.indexOf(p);
    if (i < 0) return;
    if (p.abort) p.abort.abort();
    if (p.chart) p.chart.destroy();
    if (p.resizeObserver) p.resizeObserver.disconnect();
    p.root.remove();
    panels.splice(i, 1);
    if (panels.length === 0) addPanel(defaults());
    syncUrl();
    (panels[Math.min(i, panels.length - 1)].editor).focus();
  }

  function addPanel(opts) {
    const p = createPanel(opts);
    panels.push(p);
    list.append(p.root);
    syncUrl();
    return p;
  }

  // ---------------------------------------------------------------- queries
  async function execute(p) {
    const expr = p.editor.getValue();
    p.opts.expr = expr;
    syncUrl();
    if (p.abort) p.abort.abort();
    p.messages.replaceChildren();
    if (expr.trim() === '') {
      p.stats.replaceChildren();
      return;
    }
    const ac = new AbortController();
    p.abort = ac;
    const end = p.opts.endTime === null ? Date.now() : p.opts.endTime;
    const step = p.opts.resolution || autoStep(p.opts.range);
    const started = performance.now();
    p.root.dataset.state = 'loading';
    p.stats.textContent = 'Loading…';
    try {
      let body;
      if (p.opts.tab === 'table') {
        body = await api('/query', { query: expr, time: end / 1000 }, { method: 'POST', signal: ac.signal });
        const loadMs = Math.round(performance.now() - started);
        p.result = body.data;
        renderTable(p, body.data);
        showStats(p, loadMs, step, countSeries(body.data));
      } else {
        const start = end - p.opts.range;
        body = await api('/query_range', { query: expr, start: start / 1000, end: end / 1000, step },
          { method: 'POST', signal: ac.signal });
        const loadMs = Math.round(performance.now() - started);
        const t1 = performance.now();
        p.graphData = buildGraphData(body.data, start / 1000, end / 1000, step);
        p.timings = { loadMs, buildMs: performance.now() - t1 };
        drawChart(p);
        showStats(p, loadMs, step, p.graphData.series.length);
      }
      for (const w of body.warnings || []) p.messages.append(el('div', { class: 'alert warning', role: 'status' }, 'Warning: ' + w));
      p.root.dataset.state = 'done';
    } catch (e) {
      if (e.name === 'AbortError') return;
      p.stats.replaceChildren();
      p.messages.replaceChildren(Prom.errorBox(e, 'Error executing query: '));
      p.root.dataset.state = 'error';
    }
  }

  function countSeries(data) {
    if (data.resultType === 'vector' || data.resultType === 'matrix') return data.result.length;
    return 1;
  }

  function showStats(p, loadMs, step, series) {
    p.stats.replaceChildren(
      el('span', null, 'Load time: ' + loadMs + 'ms'),
      el('span', null, 'Resolution: ' + step + 's'),
      el('span', { class: 'result-series' }, 'Result series: ' + series));
  }

  // ---------------------------------------------------------------- table
  function renderTable(p, data) {
    const box = p.tableBox;
    const rows = [];
    const t = data.resultType;
    if (t === 'scalar' || t === 'string') {
      rows.push([t, data.result[1]]);
    } else {
      const n = Math.min(data.result.length, MAX_TABLE_ROWS);
      for (let i = 0; i < n; i++) {
        const s = data.result[i];
        const name = Prom.seriesName(s.metric);
        if (t === 'vector') rows.push([name, s.value[1]]);
        else rows.push([name, s.values.map((v) => v[1] + ' @' + v[0]).join('\n')]);
      }
      if (data.result.length > MAX_TABLE_ROWS) {
        p.messages.append(el('div', { class: 'alert warning', role: 'status' },
          'Warning: Fetched ' + data.result.length + ' series, but displaying only first ' + MAX_TABLE_ROWS + '.'));
      }
    }
    if (rows.length === 0) {
      box.replaceChildren(el('p', { class: 'muted empty' }, 'Empty query result'));
      return;
    }
    const tbody = document.createElement('tbody');
    const frag = document.createDocumentFragment();
    for (const [name, value] of rows) {
      const tr = document.createElement('tr');
      const a = document.createElement('td');
      a.className = 'series-name';
      a.textContent = name;
      const b = document.createElement('td');
      b.className = 'num';
      if (t === 'matrix') b.style.whiteSpace = 'pre';
      b.textContent = value;
      tr.append(a, b);
      frag.append(tr);
    }
    tbody.append(frag);
    box.replaceChildren(el('table', { class: 'data result-table' },
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Series'), el('th', { scope: 'col', class: 'num' }, 'Value'))),
      tbody));
  }

  // ---------------------------------------------------------------- graph
  /**
   * Turns a matrix into uPlot's columnar form. Range-query points sit on the grid start + k*step,
   * so each point is placed by arithmetic instead of merging 500 x 1000 timestamps; points off
   * that grid (another server, or a recorded response) fall back to a sorted union of timestamps.
   */
  function buildGraphData(data, start, end, step) {
    if (data.resultType !== 'matrix') throw new Error('expected a matrix result, got ' + data.resultType);
    const result = data.result;
    let min = Infinity, max = -Infinity;
    for (const s of result) {
      if (s.values.length === 0) continue;
      min = Math.min(min, s.values[0][0]);
      max = Math.max(max, s.values[s.values.length - 1][0]);
    }
    let xs = [];
    let series = [];
    if (result.length > 0) {
      const n = Math.round((max - min) / step) + 1;
      series = n <= 1e6 ? placeOnGrid(result, min, step, n) : null;
      if (series) {
        xs = new Array(n);
        for (let k = 0; k < n; k++) xs[k] = min + k * step;
      } else {
        const all = new Set();
        for (const s of result) for (const v of s.values) all.add(v[0]);
        xs = Array.from(all).sort((a, b) => a - b);
        const pos = new Map();
        xs.forEach((t, k) => pos.set(t, k));
        series = result.map((s) => {
          const ys = new Array(xs.length).fill(null);
          for (const v of s.values) ys[pos.get(v[0])] = parseFloat(v[1]); // "+Inf", "NaN" parse too
          return { name: Prom.seriesName(s.metric), metric: s.metric, ys };
        });
      }
    }
    // Show the requested window unless the data lies outside it.
    const inWindow = result.length === 0 || (min >= start - step && max <= end + step);
    return { xs, series, xMin: inWindow ? start : min, xMax: inWindow ? end : max };
  }

  /** One pass placing every point by arithmetic; null if any point is off the grid. */
  function placeOnGrid(result, min, step, n) {
    const out = new Array(result.length);
    for (let i = 0; i < result.length; i++) {
      const values = result[i].values;
      const ys = new Array(n).fill(null);
      for (let j = 0; j < values.length; j++) {
        const v = values[j];
        const f = (v[0] - min) / step;
        const k = Math.round(f);
        if (Math.abs(f - k) > 1e-6) return null;
        ys[k] = parseFloat(v[1]); // "+Inf", "NaN" parse too
      }
      out[i] = { name: Prom.seriesName(result[i].metric), metric: result[i].metric, ys };
    }
    return out;
  }

  function drawChart(p) {
    const g = p.graphData;
    if (p.chart) { p.chart.destroy(); p.chart = null; }
    p.legend.replaceChildren();
    p.chartBox.dataset.seriesCount = String(g.series.length);
    if (g.series.length === 0) {
      p.chartBox.replaceChildren(p.tooltip, el('p', { class: 'muted empty' }, 'Empty query result'));
      return;
    }
    p.chartBox.replaceChildren(p.tooltip);
    const stacked = p.opts.stacked;
    const columns = [g.xs];
    if (stacked) {
      const acc = new Array(g.xs.length).fill(0);
      for (const s of g.series) {
        const out = new Array(g.xs.length);
        for (let k = 0; k < out.length; k++) {
          const v = s.ys[k];
          out[k] = v === null || !isFinite(v) ? null : (acc[k] += v);
        }
        columns.push(out);
      }
    } else {
      for (const s of g.series) columns.push(s.ys);
    }
    const fg = cssVar('--muted') || '#555';
    const grid = cssVar('--border') || '#ddd';
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    let focused = -1;
    const seriesOpts = [{ label: 'Time' }];
    g.series.forEach((s, i) => {
      // Hairlines are much cheaper to rasterise when hundreds of series are drawn.
      seriesOpts.push({ label: s.name, stroke: color(i), width: g.series.length > 50 ? 1 : 1.25, spanGaps: false,
        fill: stacked ? color(i, 0.35) : undefined });
    });
    const width = Math.max(300, p.chartBox.clientWidth || p.root.clientWidth - 24);
    const opts = {
      width, height: 420,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'), // Prometheus graphs in UTC by default
      scales: {
        x: { time: true, range: [g.xMin, g.xMax] },
        // Stacked areas are filled down to zero, so zero must be in view.
        y: stacked ? { range: (u, min, max) => uPlot.rangeNum(Math.min(0, min), Math.max(0, max), 0.1, true) } : {},
      },
      series: seriesOpts,
      axes: [Object.assign({ values: (u, splits, ax, space, incr) => splits.map((ts) => timeTick(ts, incr)) }, axis), Object.assign({ size: 64, values: (u, vals) => vals.map(formatValue) }, axis)],
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false }, focus: { prox: 30 }, points: { size: 6 } },
      focus: { alpha: 0.3 },
      hooks: {
        setSeries: [(u, idx) => { focused = idx == null ? -1 : idx; }],
        setCursor: [(u) => showTooltip(p, u, focused)],
        setSelect: [(u) => zoom(p, u)],
      },
    };
    const t0 = performance.now();
    p.chart = new uPlot(opts, columns, p.chartBox);
    p.chartBox.dataset.renderedSeries = String(p.chart.series.length - 1);
    const t1 = performance.now();
    renderLegend(p);
    // Kept for the browser tests' timing log and for looking into slow panels from the console.
    p.timings = Object.assign(p.timings || {}, { chartMs: t1 - t0, legendMs: performance.now() - t1 });
    if (!p.resizeObserver) {
      p.resizeObserver = new ResizeObserver(() => {
        if (p.chart && p.chartBox.clientWidth > 0 && Math.abs(p.chart.width - p.chartBox.clientWidth) > 2) {
          p.chart.setSize({ width: p.chartBox.clientWidth, height: 420 });
        }
      });
      p.resizeObserver.observe(p.chartBox);
    }
  }

  /** 24-hour UTC tick labels, as Prometheus's graph; midnight shows the date. */
  function timeTick(ts, incr) {
    const d = new Date(ts * 1000);
    const p2 = (n) => String(n).padStart(2, '0');
    const date = p2(d.getUTCMonth() + 1) + '-' + p2(d.getUTCDate());
    if (incr >= 86400 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0)) return date;
    const hm = p2(d.getUTCHours()) + ':' + p2(d.getUTCMinutes());
    return incr < 60 ? hm + ':' + p2(d.getUTCSeconds()) : hm;
  }

  function showTooltip(p, u, focused) {
    const idx = u.cursor.idx;
    const tip = p.tooltip;
    if (idx == null || focused < 1 || u.cursor.left < 0) { tip.style.display = 'none'; return; }
    const s = p.graphData.series[focused - 1];
    const v = s.ys[idx];
    if (v === null) { tip.style.display = 'none'; return; }
    tip.replaceChildren(
      el('div', { class: 't' }, Prom.formatTime(p.graphData.xs[idx] * 1000) + ' UTC'),
      el('div', null, el('span', { class: 'swatch', style: 'display:inline-block;width:10px;height:10px;margin-right:4px;background:' + color(focused - 1) }),
        el('span', { class: 'series-name' }, s.name)),
      el('div', { class: 'v' }, 'Value: ' + String(v)));
    tip.style.display = 'block';
    const left = u.over.offsetLeft + u.cursor.left + 12;
    const top = u.over.offsetTop + u.cursor.top + 12;
    const maxLeft = p.chartBox.clientWidth - tip.offsetWidth - 4;
    tip.style.left = Math.max(0, Math.min(left, maxLeft)) + 'px';
    tip.style.top = top + 'px';
  }

  /** Dragging across the chart zooms: the selection becomes the new range and end time. */
  function zoom(p, u) {
    if (u.select.width < 3) return;
    const min = u.posToVal(u.select.left, 'x');
    const max = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    p.opts.endTime = Math.round(max) * 1000;
    p.opts.range = Math.max(1000, Math.round(max - min) * 1000);
    p.syncControls();
    execute(p);
  }

  /** Click shows only that series (click again: all); Ctrl/Cmd+click toggles one, as in Prometheus. */
  function renderLegend(p) {
    const u = p.chart;
    const items = [];
    const frag = document.createDocumentFragment();
    p.graphData.series.forEach((s, i) => {
      const li = el('li', { tabindex: '0', role: 'button', 'aria-pressed': 'true' },
        el('span', { class: 'swatch', style: 'background:' + color(i) }), el('span', { class: 'series-name' }, s.name));
      const act = (e) => {
        const shown = items.map((x) => x.getAttribute('aria-pressed') === 'true');
        let next;
        if (e.ctrlKey || e.metaKey) {
          next = shown.slice();
          next[i] = !next[i];
        } else {
          const onlyThis = shown[i] && shown.every((v, j) => v === (j === i));
          next = shown.map((v, j) => onlyThis || j === i);
        }
        u.batch(() => next.forEach((show, j) => { if (show !== shown[j]) u.setSeries(j + 1, { show }); }));
        next.forEach((show, j) => items[j].setAttribute('aria-pressed', String(show)));
      };
      li.addEventListener('click', act);
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); act(e); } });
      items.push(li);
      frag.append(li);
    });
    p.legend.append(frag);
  }

  // ---------------------------------------------------------------- metrics explorer
  let metricNames = null; // fetched once per page load
  /** A searchable list of all metric names; choosing one inserts it at the cursor. */
  async function openExplorer(p) {
    const search = el('input', { type: 'search', placeholder: 'Search metrics', 'aria-label': 'Search metrics' });
    const listBox = el('ul', { class: 'explorer-list', role: 'listbox', 'aria-label': 'Metric names' });
    const status = el('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading…');
    const close = el('button', { type: 'button', 'aria-label': 'Close' }, '×');
    const dlg = el('dialog', { class: 'explorer', 'aria-label': 'Metrics explorer' },
      el('div', { class: 'toolbar' }, el('strong', null, 'Metrics Explorer'), search, close), status, listBox);
    document.body.append(dlg);
    dlg.addEventListener('close', () => { dlg.remove(); p.editor.focus(); });
    close.addEventListener('click', () => dlg.close());
    dlg.showModal();
    search.focus();
    const choose = (name) => {
      dlg.close();
      if (p.editor.view) {
        const v = p.editor.view;
        v.dispatch(v.state.replaceSelection(name));
        v.focus();
      } else {
        p.editor.setValue(p.editor.getValue() + name);
      }
    };
    const render = () => {
      const q = search.value.trim().toLowerCase();
      const shown = metricNames.filter((n) => n.toLowerCase().includes(q)).slice(0, 500);
      listBox.replaceChildren(...shown.map((n) => {
        const li = el('li', { role: 'option', tabindex: '-1' }, n);
        li.addEventListener('click', () => choose(n));
        li.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') choose(n);
          else if (e.key === 'ArrowDown' && li.nextSibling) li.nextSibling.focus();
          else if (e.key === 'ArrowUp') (li.previousSibling || search).focus();
          else return;
          e.preventDefault();
        });
        return li;
      }));
      status.textContent = shown.length + ' of ' + metricNames.length + ' metrics';
    };
    search.addEventListener('input', render);
    search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && listBox.firstChild) { listBox.firstChild.focus(); e.preventDefault(); }
      if (e.key === 'Enter' && listBox.firstChild) { choose(listBox.firstChild.textContent); e.preventDefault(); }
    });
    try {
      if (!metricNames) metricNames = (await api('/label/__name__/values')).data;
      render();
    } catch (e) {
      status.replaceWith(Prom.errorBox(e, 'Error fetching metric names: '));
    }
  }

  // ---------------------------------------------------------------- page
  function init() {
    const m = Prom.main();
    const addBtn = el('button', { type: 'button', class: 'add-panel', onclick: () => { addPanel(defaults()).editor.focus(); } }, 'Add Panel');
    m.replaceChildren(el('h1', { class: 'visually-hidden', style: 'position:absolute;left:-9999px' }, 'Graph'), list, addBtn);
    const fromUrl = panelsFromUrl(location.search);
    if (fromUrl.length === 0) fromUrl.push(defaults());
    for (const o of fromUrl) addPanel(o);
    for (const p of panels) if (p.opts.expr.trim() !== '') execute(p);
    panels[0].editor.focus();
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      for (const p of panels) if (p.chart && p.graphData) drawChart(p);
    });
    document.body.dataset.ready = 'true';
  }

  // Exposed for tests and for debugging in the console.
  window.PromGraph = { panels, panelsFromUrl, toQueryString, buildGraphData, formatValue, autoStep };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
