// /tsdb-status: head block stats and the cardinality tables of /api/v1/status/tsdb.
'use strict';
(function () {
  const { el } = Prom;
  const TIME = (ms) => (ms === undefined || ms === null ? '-' : new Date(ms).toISOString() + ' (' + ms + ')');
  function table(title, rows, nameHeader, valueHeader, cls) {
    return [el('h2', null, title), el('table', { class: 'data ' + cls },
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, nameHeader), el('th', { scope: 'col', class: 'num' }, valueHeader))),
      el('tbody', null, (rows || []).map((r) => el('tr', null, el('td', { class: 'mono' }, r.name), el('td', { class: 'num' }, r.value)))))];
  }
  Prom.statusPage('TSDB Status', () => Prom.api('/status/tsdb'), (body, resp) => {
    const d = resp.data;
    const h = d.headStats || {};
    body.append(el('h2', null, 'Head Stats'), el('table', { class: 'data head-stats' },
      el('thead', null, el('tr', null, ['Number of Series', 'Number of Chunks', 'Number of Label Pairs', 'Current Min Time', 'Current Max Time']
        .map((x) => el('th', { scope: 'col' }, x)))),
      el('tbody', null, el('tr', null, el('td', { class: 'num' }, h.numSeries), el('td', { class: 'num' }, h.chunkCount),
        el('td', { class: 'num' }, h.numLabelPairs), el('td', { class: 'mono' }, TIME(h.minTime)), el('td', { class: 'mono' }, TIME(h.maxTime))))));
    body.append(
      ...table('Top 10 series count by metric names', d.seriesCountByMetricName, 'Name', 'Count', 'by-metric'),
      ...table('Top 10 label names with value count', d.labelValueCountByLabelName, 'Name', 'Count', 'by-label-name'),
      ...table('Top 10 label names with high memory usage', d.memoryInBytesByLabelName, 'Name', 'Bytes', 'by-memory'),
      ...table('Top 10 series count by label value pairs', d.seriesCountByLabelValuePair, 'Name', 'Count', 'by-pair'));
  });
})();
