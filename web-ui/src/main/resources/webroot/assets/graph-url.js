// /graph URL state in Prometheus 2.42's parameters (g0.expr, g0.tab with 0 = graph and 1 = table,
// g0.stacked, g0.range_input, g0.end_input/moment_input as "YYYY-MM-DD HH:mm:ss" UTC,
// g0.step_input in seconds), parsed and written as Prometheus's react-app does so links work both ways.
'use strict';
window.PromGraphUrl = (function () {
  /** Options of a new panel: Prometheus opens the Table tab with a 1h range. */
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

  /** The query string for the given panel options, in Prometheus's parameter order. */
  function toQueryString(optionsList) {
    const parts = [];
    optionsList.forEach((o, i) => {
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

  /** Default step as Prometheus picks it: about 250 points across the range, at least 1s. */
  function autoStep(rangeMs) {
    return Math.max(Math.floor(rangeMs / 1000 / 250), 1);
  }

  return { defaults, panelsFromUrl, toQueryString, autoStep };
})();
