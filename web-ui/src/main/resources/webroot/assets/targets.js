// /targets: active targets grouped by scrape pool, with a health filter and a text filter.
'use strict';
(function () {
  const { el } = Prom;
  const HEALTH = ['up', 'down', 'unknown'];
  let targets = [];
  const shown = { up: true, down: true, unknown: true };
  let text = '';
  let box;

  function matches(t) {
    if (!shown[t.health] && !(t.health !== 'up' && t.health !== 'down' && shown.unknown)) return false;
    if (!text) return true;
    const hay = (t.scrapeUrl + ' ' + Object.entries(t.labels).map(([k, v]) => k + '="' + v + '"').join(' ')).toLowerCase();
    return hay.includes(text);
  }

  function render() {
    const pools = new Map();
    for (const t of targets) {
      if (!pools.has(t.scrapePool)) pools.set(t.scrapePool, []);
      pools.get(t.scrapePool).push(t);
    }
    const now = Date.now();
    const out = [];
    for (const name of [...pools.keys()].sort()) {
      const all = pools.get(name);
      const visible = all.filter(matches);
      if (visible.length === 0) continue;
      const up = all.filter((t) => t.health === 'up').length;
      const rows = visible.map((t) => el('tr', { 'data-health': t.health },
        el('td', null, el('a', { href: t.scrapeUrl, class: 'mono' }, t.scrapeUrl)),
        el('td', null, el('span', { class: 'state ' + (HEALTH.includes(t.health) ? t.health : 'unknown') }, t.health.toUpperCase())),
        el('td', null, Prom.labelBadges(t.labels)),
        el('td', { class: 'num', title: t.lastScrape }, Prom.ago(t.lastScrape, now)),
        el('td', { class: 'num' }, Prom.formatSeconds(t.lastScrapeDuration)),
        el('td', null, t.lastError ? el('span', { class: 'alert inline' }, t.lastError) : '')));
      out.push(el('details', { class: 'pool', open: true, 'data-pool': name },
        el('summary', null, name, el('span', { class: 'count' }, '(' + up + '/' + all.length + ' up)')),
        el('table', { class: 'data targets' },
          el('thead', null, el('tr', null, ['Endpoint', 'State', 'Labels', 'Last Scrape', 'Scrape Duration', 'Error']
            .map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', null, rows))));
    }
    box.replaceChildren(...(out.length ? out : [el('p', { class: 'muted' }, targets.length ? 'No targets match the filter.' : 'No active targets.')]));
  }

  Prom.statusPage('Targets', () => Prom.api('/targets', { state: 'active' }), (body, resp) => {
    targets = resp.data.activeTargets || [];
    const toolbar = el('div', { class: 'toolbar', role: 'group', 'aria-label': 'Filter targets' });
    const unhealthy = el('button', { type: 'button', 'aria-pressed': 'false', class: 'only-unhealthy' }, 'Unhealthy only');
    const boxes = HEALTH.map((h) => {
      const cb = el('input', { type: 'checkbox', id: 'health-' + h, checked: true, 'data-health': h });
      cb.addEventListener('change', () => { shown[h] = cb.checked; unhealthy.setAttribute('aria-pressed', String(!shown.up && shown.down)); render(); });
      return el('label', { for: 'health-' + h }, cb, ' ' + h.toUpperCase());
    });
    unhealthy.addEventListener('click', () => {
      const on = unhealthy.getAttribute('aria-pressed') !== 'true';
      unhealthy.setAttribute('aria-pressed', String(on));
      shown.up = !on; shown.down = true; shown.unknown = true;
      for (const b of boxes) b.firstChild.checked = shown[b.firstChild.dataset.health];
      render();
    });
    const search = el('input', { type: 'search', placeholder: 'Filter by endpoint or labels', 'aria-label': 'Filter by endpoint or labels' });
    search.addEventListener('input', () => { text = search.value.trim().toLowerCase(); render(); });
    toolbar.append(el('span', { class: 'muted' }, 'Health:'), ...boxes, unhealthy, search);
    box = el('div', { class: 'pools' });
    body.append(toolbar, box);
    render();
  });
})();
