// /flags: command-line flags from /api/v1/status/flags, filterable.
'use strict';
(function () {
  const { el } = Prom;
  Prom.statusPage('Command-Line Flags', () => Prom.api('/status/flags'), (body, resp) => {
    const flags = Object.keys(resp.data).sort().map((k) => [k, resp.data[k]]);
    const search = el('input', { type: 'search', placeholder: 'Filter by flag name or value', 'aria-label': 'Filter flags' });
    const tbody = el('tbody');
    const render = () => {
      const q = search.value.trim().toLowerCase();
      tbody.replaceChildren(...flags.filter(([k, v]) => !q || k.toLowerCase().includes(q) || String(v).toLowerCase().includes(q))
        .map(([k, v]) => el('tr', null, el('td', { class: 'mono' }, '--' + k), el('td', { class: 'mono' }, v))));
    };
    search.addEventListener('input', render);
    body.append(el('div', { class: 'toolbar' }, search),
      el('table', { class: 'data flags' }, el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Flag'), el('th', { scope: 'col' }, 'Value'))), tbody));
    render();
  });
})();
