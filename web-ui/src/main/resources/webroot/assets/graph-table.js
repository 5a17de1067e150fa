// /graph Table tab: an instant query's result (vector, matrix, scalar or string) as rows of
// series and value, built with one DocumentFragment so 10,000 rows stay quick.
'use strict';
window.PromGraphTable = (function () {
  const { el } = Prom;
  const MAX_TABLE_ROWS = 10000; // as Prometheus: beyond this the browser gets slow for no benefit

  /** Renders an instant-query result into box; warnings about truncation go to messages. */
  function render(box, messages, data) {
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
        messages.append(el('div', { class: 'alert warning', role: 'status' },
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

  return { render };
})();
