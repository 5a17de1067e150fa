// /graph Graph tab: a range query's matrix drawn with uPlot: one line per series, a legend that
// isolates series, a tooltip for the series under the cursor, stacked mode and drag-to-zoom.
'use strict';
window.PromGraphChart = (function () {
  const { el } = Prom;
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf', '#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477',
    '#66aa00', '#b82e2e', '#316395'];

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

  /**
   * Draws p.graphData into p.chartBox with a legend in p.legend and a hover tooltip in p.tooltip;
   * honours p.opts.stacked and calls p.onZoom(minSeconds, maxSeconds) after a drag.
   */
  function draw(p) {
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

  /** Dragging across the chart zooms: the panel turns the selection into its range and end time. */
  function zoom(p, u) {
    if (u.select.width < 3) return;
    const min = u.posToVal(u.select.left, 'x');
    const max = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    p.onZoom(min, max);
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

  return { buildGraphData, draw, formatValue };
})();
