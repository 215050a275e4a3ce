// Small DOM and formatting helpers. Nothing here ever parses HTML: every value goes in as text.

/**
 * Creates an element. attrs: class, id, text, dataset {k:v}, on {event: fn}, hidden, disabled,
 * value, checked, selected, and any other key as an attribute (null/undefined/false skipped).
 * children: nodes or strings (strings become text nodes); null/undefined/false are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.flat(3).filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') {
        for (const [dk, dv] of Object.entries(v)) {
          if (dv !== null && dv !== undefined) el.dataset[dk] = String(dv);
        }
      } else if (k === 'on') {
        for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      } else if (k === 'hidden' || k === 'disabled' || k === 'checked' || k === 'selected') {
        el[k] = Boolean(v);
      } else if (k === 'value') el.value = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Removes all children of el. */
export function clear(el) {
  while (el && el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Sets text of the element with the given id inside root (or document); ignores a missing one. */
export function setText(id, text, root) {
  const el = (root || document).querySelector('#' + id);
  if (el) el.textContent = text === null || text === undefined ? '–' : String(text);
  return el;
}

export const DASH = '–';

export function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A number with fixed decimals, or a dash. */
export function fmtNum(v, digits = 1) {
  return isNum(v) ? v.toFixed(digits) : DASH;
}

/** A rate: 1 decimal below 1000, none above. */
export function fmtRate(v) {
  if (!isNum(v)) return DASH;
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(1);
}

export function fmtInt(v) {
  return isNum(v) ? String(Math.round(v)) : DASH;
}

/** Seconds → milliseconds with one decimal (no unit). */
export function fmtMs(seconds) {
  return isNum(seconds) ? (seconds * 1000).toFixed(1) : DASH;
}

/** Ratio 0..1 → percent. */
export function fmtPct(ratio, digits = 0) {
  return isNum(ratio) ? (ratio * 100).toFixed(digits) + '%' : DASH;
}

/** A signed percent from a fraction (0.1 → +10.0%). */
export function fmtChange(fraction) {
  if (!isNum(fraction)) return DASH;
  const p = fraction * 100;
  return (p > 0 ? '+' : '') + p.toFixed(1) + '%';
}

export function fmtP(p) {
  if (!isNum(p)) return DASH;
  if (p < 0.001) return '<0.001';
  return p.toPrecision(2);
}

/** Seconds → "1h 02m", "3m 05s", "42s". */
export function fmtDuration(s) {
  if (!isNum(s)) return DASH;
  const t = Math.max(0, Math.round(s));
  const hh = Math.floor(t / 3600);
  const mm = Math.floor((t % 3600) / 60);
  const ss = t % 60;
  if (hh > 0) return `${hh}h ${String(mm).padStart(2, '0')}m`;
  if (mm > 0) return `${mm}m ${String(ss).padStart(2, '0')}s`;
  return `${ss}s`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** ISO → local "YYYY-MM-DD HH:MM:SS", or the string as given when it does not parse. */
export function fmtTime(iso) {
  if (iso === null || iso === undefined || iso === '') return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}:${pad(d.getSeconds())}`;
}

/** ISO → "4 s ago". */
export function fmtAge(iso, now = Date.now()) {
  if (iso === null || iso === undefined || iso === '') return DASH;
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return fmtTime(iso);
}

/** A value safe to use in a class name. */
export function classToken(s) {
  return String(s === null || s === undefined ? '' : s)
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9_-]/g, '');
}

/** The raw JSON number as a string for data-value; empty for null/absent. */
export function rawValue(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' || typeof v === 'string' ? String(v) : '';
}

/** Returns a debounced fn with .cancel(). */
export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => {
    if (t !== null) clearTimeout(t);
    t = setTimeout(() => {
      t = null;
      fn(...args);
    }, ms);
  };
  d.cancel = () => {
    if (t !== null) clearTimeout(t);
    t = null;
  };
  return d;
}

/** Statuses of a run that has ended. */
export const ENDED = new Set(['completed', 'failed', 'stopped']);

export function runEnded(run) {
  if (!run) return false;
  return ENDED.has(run.status) || (run.endedAt !== null && run.endedAt !== undefined && run.endedAt !== '');
}

/** A status badge (span.badge.status-x) with the status as text. */
export function statusBadge(status, attrs = {}) {
  const s = status === null || status === undefined ? 'unknown' : String(status);
  return h('span', { ...attrs, class: ['badge', 'status-' + classToken(s), attrs.class] }, s);
}

/** First present (non-undefined, non-null) value among candidates. */
export function first(...vals) {
  for (const v of vals) if (v !== undefined && v !== null) return v;
  return null;
}

/** Number cell: td.num.<cls> with data-value = raw and a formatted text. */
export function numCell(cls, raw, formatted) {
  return h('td', { class: ['num', cls], dataset: { value: rawValue(raw) } }, formatted);
}

export const enc = encodeURIComponent;
