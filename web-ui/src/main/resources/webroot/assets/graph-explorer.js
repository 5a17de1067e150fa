// /graph metrics explorer: a dialog listing every metric name (searchable, keyboard-driven);
// the chosen name is inserted at the editor's cursor.
'use strict';
window.PromMetricsExplorer = (function () {
  const { el, api } = Prom;
  let metricNames = null; // fetched once per page load
  /** A searchable list of all metric names; choosing one inserts it at the cursor. */
  async function open(editor) {
    const search = el('input', { type: 'search', placeholder: 'Search metrics', 'aria-label': 'Search metrics' });
    const listBox = el('ul', { class: 'explorer-list', role: 'listbox', 'aria-label': 'Metric names' });
    const status = el('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading…');
    const close = el('button', { type: 'button', 'aria-label': 'Close' }, '×');
    const dlg = el('dialog', { class: 'explorer', 'aria-label': 'Metrics explorer' },
      el('div', { class: 'toolbar' }, el('strong', null, 'Metrics Explorer'), search, close), status, listBox);
    document.body.append(dlg);
    dlg.addEventListener('close', () => { dlg.remove(); editor.focus(); });
    close.addEventListener('click', () => dlg.close());
    dlg.showModal();
    search.focus();
    const choose = (name) => {
      dlg.close();
      if (editor.view) {
        const v = editor.view;
        v.dispatch(v.state.replaceSelection(name));
        v.focus();
      } else {
        editor.setValue(editor.getValue() + name);
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

  return { open };
})();
