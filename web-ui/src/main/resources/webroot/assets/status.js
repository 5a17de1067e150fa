// /status: runtime information and build information.
'use strict';
(function () {
  const { el } = Prom;
  // Prometheus's wording for the runtimeinfo fields; unknown fields are shown under their own names.
  const RUNTIME = {
    startTime: 'Start time', CWD: 'Working directory', reloadConfigSuccess: 'Configuration reload',
    lastConfigTime: 'Last successful configuration reload', corruptionCount: 'WAL corruptions',
    goroutineCount: 'Goroutines', GOMAXPROCS: 'GOMAXPROCS', GOGC: 'GOGC', GODEBUG: 'GODEBUG',
    storageRetention: 'Storage retention',
  };
  const BUILD = { version: 'Version', revision: 'Revision', branch: 'Branch', buildUser: 'BuildUser',
    buildDate: 'BuildDate', goVersion: 'GoVersion' };

  function kvTable(caption, data, names, format) {
    const rows = Object.keys(data).map((k) => el('tr', null, el('th', { scope: 'row' }, names[k] || k),
      el('td', { class: 'mono' }, format(k, data[k]))));
    return [el('h2', null, caption), el('table', { class: 'data kv' }, el('tbody', null, rows))];
  }
  function runtimeValue(k, v) {
    if (k === 'reloadConfigSuccess') return v ? 'Successful' : 'Unsuccessful';
    if (typeof v === 'object' && v !== null) return JSON.stringify(v);
    return String(v);
  }
  Prom.statusPage('Runtime & Build Information',
    () => Promise.all([Prom.api('/status/runtimeinfo'), Prom.api('/status/buildinfo')]),
    (body, [runtime, build]) => {
      body.append(...kvTable('Runtime Information', runtime.data, RUNTIME, runtimeValue),
        ...kvTable('Build Information', build.data, BUILD, (k, v) => String(v)));
    });
})();
