// /config: the loaded configuration as YAML, as /api/v1/status/config returns it.
'use strict';
(function () {
  const { el } = Prom;
  Prom.statusPage('Configuration', () => Prom.api('/status/config'), (body, resp) => {
    const pre = el('pre', { class: 'config-yaml', tabindex: '0', 'aria-label': 'Configuration YAML' });
    pre.textContent = resp.data.yaml;
    const copy = el('button', { type: 'button' }, 'Copy to clipboard');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(resp.data.yaml);
        copy.textContent = 'Copied';
      } catch (e) {
        copy.textContent = 'Copy failed: ' + e.message;
      }
    });
    body.append(el('div', { class: 'toolbar' }, copy), pre);
  });
})();
