// Shared helpers for every page: API calls, DOM building, Prometheus-style time and duration text.
'use strict';
window.Prom = (function () {
  const API = '/api/v1';

  /** Calls the Prometheus HTTP API; resolves to the whole JSON envelope, rejects with the API's error text. */
  async function api(path, params, opts = {}) {
    const qs = params ? new URLSearchParams(params) : null;
    let url = API + path;
    const init = { method: opts.method || 'GET', signal: opts.signal, headers: { Accept: 'application/json' } };
    if (qs && init.method === 'POST') {
      init.body = qs;
    } else if (qs && [...qs].length) {
      url += '?' + qs;
    }
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new Error('Error fetching ' + url + ': ' + e.message);
    }
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new Error('Unexpected response status ' + res.status + ': ' + (text.trim() || res.statusText));
    }
    if (body.status !== 'success') {
      const err = new Error(body.error || ('Unexpected response status ' + res.status));
      err.errorType = body.errorType;
      throw err;
    }
    return body;
  }

  /** el('div', {class: 'x', onclick: fn}, child, 'text', ...) */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const k in attrs) {
        const v = attrs[k];
        if (v === undefined || v === null || v === false) continue;
        if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else e.setAttribute(k, v === true ? '' : v);
      }
    }
    append(e, children);
    return e;
  }
  function append(parent, children) {
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      if (Array.isArray(c)) append(parent, c);
      else parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  // Prometheus duration units, largest first (as its UI formats them).
  const UNITS = [['y', 365 * 24 * 3600e3], ['w', 7 * 24 * 3600e3], ['d', 24 * 3600e3], ['h', 3600e3], ['m', 60e3], ['s', 1e3], ['ms', 1]];
  const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

  /** "1h30m" → 5400000 ms; null when not a duration. */
  function parseDuration(text) {
    if (!text) return null;
    const t = String(text).trim();
    if (/^\d+$/.test(t)) return Number(t) * 1000; // bare number = seconds
    const m = DURATION_RE.exec(t);
    if (!m || t === '') return null;
    let ms = 0;
    for (let i = 0; i < UNITS.length; i++) if (m[i + 1]) ms += Number(m[i + 1]) * UNITS[i][1];
    return ms;
  }
  function formatDuration(ms) {
    if (ms === 0) return '0s';
    let r = ms, out = '';
    for (const [u, f] of UNITS) {
      const n = Math.floor(r / f);
      if (n > 0) { out += n + u; r -= n * f; }
    }
    return out;
  }
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  /** Prometheus's URL time format: "YYYY-MM-DD HH:mm:ss" in UTC. */
  function formatTime(ms) {
    const d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' +
      pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
  }
  /** Parses "YYYY-MM-DD HH:mm[:ss]" (UTC), RFC 3339 or Unix seconds; NaN when not a time. */
  function parseTime(text) {
    const t = String(text || '').trim();
    if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
    let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(t);
    if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0), +((m[7] || '0').padEnd(3, '0')));
    return Date.parse(t);
  }
  /** The series selector text Prometheus shows: name{a="b", c="d"}. */
  function seriesName(metric) {
    const name = metric.__name__ || '';
    const parts = [];
    for (const k of Object.keys(metric)) if (k !== '__name__') parts.push(k + '="' + escapeLabel(metric[k]) + '"');
    return name + '{' + parts.join(', ') + '}';
  }
  function escapeLabel(v) {
    return String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  }
  /** "3.21s", "12.7ms": a float number of seconds as people read it. */
  function formatSeconds(s) {
    if (s === undefined || s === null || isNaN(s)) return '-';
    if (s >= 1) return (Math.round(s * 1000) / 1000) + 's';
    return (Math.round(s * 1e6) / 1e3) + 'ms';
  }
  /** "1m2.5s ago" from an RFC 3339 time, "Never" for Go's zero time. */
  function ago(rfc3339, now = Date.now()) {
    const t = Date.parse(rfc3339);
    if (isNaN(t) || t <= 0) return 'Never';
    let ms = Math.max(0, now - t);
    if (ms < 1000) return ms + 'ms ago';
    const s = ms / 1000;
    if (s < 60) return s.toFixed(3).replace(/\.?0+$/, '') + 's ago';
    return formatDuration(Math.round(ms / 1000) * 1000) + ' ago';
  }
  function labelBadges(labels) {
    const box = el('div', { class: 'labels' });
    for (const k of Object.keys(labels || {})) box.append(el('span', { class: 'label-badge' }, k + '="' + labels[k] + '"'));
    return box;
  }
  function main() { return document.getElementById('main'); }
  function errorBox(err, prefix) {
    return el('div', { class: 'alert', role: 'alert' }, (prefix || 'Error: ') + (err && err.message ? err.message : String(err)));
  }
  /** Renders a status page: heading, "Loading…", then render(data) or the API error in place. */
  async function statusPage(title, load, render) {
    const m = main();
    m.replaceChildren(el('h1', null, title));
    const body = el('div', { 'aria-live': 'polite' }, el('p', { class: 'loading' }, 'Loading…'));
    m.append(body);
    try {
      const data = await load();
      body.replaceChildren();
      render(body, data);
    } catch (e) {
      body.replaceChildren(errorBox(e, 'Error fetching data: '));
    }
    document.body.dataset.ready = 'true';
  }
  return { api, el, parseDuration, formatDuration, formatTime, parseTime, seriesName, formatSeconds, ago,
    labelBadges, main, errorBox, statusPage };
})();
