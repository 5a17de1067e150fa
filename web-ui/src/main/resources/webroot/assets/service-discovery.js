// /service-discovery: per scrape pool, each target's labels before and after relabeling, and the
// targets relabeling dropped (Prometheus 2.42 gives no pool for those; its UI files them by job).
'use strict';
(function () {
  const { el } = Prom;
  Prom.statusPage('Service Discovery', () => Prom.api('/targets'), (body, resp) => {
    const pools = new Map();
    const pool = (name) => {
      if (!pools.has(name)) pools.set(name, { active: [], dropped: [] });
      return pools.get(name);
    };
    for (const t of resp.data.activeTargets || []) pool(t.scrapePool).active.push(t);
    for (const t of resp.data.droppedTargets || []) pool(t.scrapePool || t.discoveredLabels.job || '').dropped.push(t);
    const names = [...pools.keys()].sort();
    body.append(el('ul', { class: 'pool-index' }, names.map((n) => {
      const p = pools.get(n);
      return el('li', null, el('a', { href: '#pool-' + encodeURIComponent(n) }, n),
        ' (' + p.active.length + ' / ' + (p.active.length + p.dropped.length) + ' active targets)');
    })));
    for (const n of names) {
      const p = pools.get(n);
      const rows = [];
      for (const t of p.active) rows.push(el('tr', null, el('td', null, Prom.labelBadges(t.discoveredLabels)), el('td', null, Prom.labelBadges(t.labels))));
      for (const t of p.dropped) rows.push(el('tr', { class: 'dropped' }, el('td', null, Prom.labelBadges(t.discoveredLabels)),
        el('td', null, el('span', { class: 'state down' }, 'Dropped'))));
      body.append(el('details', { class: 'pool', open: true, id: 'pool-' + encodeURIComponent(n), 'data-pool': n },
        el('summary', null, n, el('span', { class: 'count' }, '(' + p.active.length + ' / ' + (p.active.length + p.dropped.length) + ' active targets)')),
        el('table', { class: 'data sd' },
          el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Discovered Labels'), el('th', { scope: 'col' }, 'Target Labels'))),
          el('tbody', null, rows))));
    }
    if (names.length === 0) body.append(el('p', { class: 'muted' }, 'No targets discovered.'));
  });
})();
