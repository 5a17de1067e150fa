// /graph: query panels, each with a PromQL editor, a Table tab (instant query, graph-table.js) and
// a Graph tab (range query, graph-chart.js), their controls, and the URL sync (graph-url.js).
'use strict';
(function () {
  const { el, api } = Prom;
  const { defaults, autoStep } = PromGraphUrl;
  // Range presets the -/+ buttons step through (Prometheus's list).
  const RANGES = ['1s', '10s', '1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w', '1y', '2y']
    .map(Prom.parseDuration);
  const panels = [];
  let nextId = 0;
  const list = el('div', { id: 'panels' });

  function syncUrl() {
    const q = PromGraphUrl.toQueryString(panels.map((p) => p.opts));
    if (q !== location.search) history.replaceState(null, '', location.pathname + q);
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
      title: 'Open metrics explorer', onclick: () => PromMetricsExplorer.open(p.editor) }, 'Metrics');
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
      if (p.graphData) PromGraphChart.draw(p);
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

    // A drag on the chart becomes the new range and end time, as in Prometheus.
    const onZoom = (min, max) => {
      p.opts.endTime = Math.round(max) * 1000;
      p.opts.range = Math.max(1000, Math.round(max - min) * 1000);
      syncControls();
      execute(p);
    };
    Object.assign(p, { host, stats, messages, tableBox, chartBox, tooltip, legend, syncControls, onZoom });
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
        PromGraphTable.render(p.tableBox, p.messages, body.data);
        showStats(p, loadMs, step, countSeries(body.data));
      } else {
        const start = end - p.opts.range;
        body = await api('/query_range', { query: expr, start: start / 1000, end: end / 1000, step },
          { method: 'POST', signal: ac.signal });
        const loadMs = Math.round(performance.now() - started);
        const t1 = performance.now();
        p.graphData = PromGraphChart.buildGraphData(body.data, start / 1000, end / 1000, step);
        p.timings = { loadMs, buildMs: performance.now() - t1 };
        PromGraphChart.draw(p);
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

  // ---------------------------------------------------------------- page
  function init() {
    const m = Prom.main();
    const addBtn = el('button', { type: 'button', class: 'add-panel', onclick: () => { addPanel(defaults()).editor.focus(); } }, 'Add Panel');
    m.replaceChildren(el('h1', { class: 'visually-hidden', style: 'position:absolute;left:-9999px' }, 'Graph'), list, addBtn);
    const fromUrl = PromGraphUrl.panelsFromUrl(location.search);
    if (fromUrl.length === 0) fromUrl.push(defaults());
    for (const o of fromUrl) addPanel(o);
    for (const p of panels) if (p.opts.expr.trim() !== '') execute(p);
    panels[0].editor.focus();
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      for (const p of panels) if (p.chart && p.graphData) PromGraphChart.draw(p);
    });
    document.body.dataset.ready = 'true';
  }

  // Exposed for tests and for debugging in the console.
  window.PromGraph = { panels, buildGraphData: PromGraphChart.buildGraphData };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
