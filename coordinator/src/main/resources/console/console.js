/*
 * Broadside web console — entry module.
 *
 * Structure (plain ES modules, no build step, no network besides the coordinator):
 *   index.html        shell: nav bar, #status banner, #login form, #app; loads vendor/chart.umd.js
 *                     (global Chart) and then this module.
 *   console.js        (this) session (GET/POST/DELETE /api/v1/session), login/logout, hash router,
 *                     the status banner and the per-page context (abort signal, timers, cleanup).
 *   api.js            fetch wrapper: JSON in/out, ApiError with status, 401 → login form.
 *   util.js           DOM builder h() (text only, never innerHTML) and number/time formatting.
 *   plan-lines.js     maps a plan problem's JSON path to a YAML line when the server gives none.
 *   pages/agents.js   #/agents   agents table, refreshed every 2 s.
 *   pages/runs.js     #/runs     runs table with tag filter, links to report/files, delete (admin).
 *   pages/new.js      #/new      plan editor with gutter, live validation, examples, launch.
 *   pages/run.js      #/runs/ID  live run over SSE (numbers, charts, errors, agents, steps, stop)
 *                                and, once ended, the final per-stage/per-model table.
 *   pages/compare.js  #/compare  compare two ended runs.
 *
 * A page module exports mount(root, ctx); everything it starts (timers, EventSource, fetches)
 * is released through ctx.onCleanup / ctx.signal when the route changes.
 */
import { api, isAbort, onUnauthorized } from './api.js';
import { h, clear } from './util.js';
import * as agentsPage from './pages/agents.js';
import * as runsPage from './pages/runs.js';
import * as newPage from './pages/new.js';
import * as runPage from './pages/run.js';
import * as comparePage from './pages/compare.js';

const $ = (sel) => document.querySelector(sel);

const state = {
  session: null, // {name, role, tokens}
  page: null, // {cleanup: [fns], controller}
  loginShown: false,
};

/* ---------- status banner ---------- */

let statusKey = null;

const status = {
  show(kind, message, key = null) {
    const el = $('#status');
    if (!el) return;
    statusKey = key;
    clear(el);
    el.className = 'status status-' + kind;
    el.appendChild(h('span', { class: 'status-text' }, String(message)));
    el.appendChild(
      h(
        'button',
        {
          type: 'button',
          class: 'status-close',
          'aria-label': 'Dismiss message',
          on: { click: () => status.clear() },
        },
        '×',
      ),
    );
    el.hidden = false;
  },
  error(message, key) {
    status.show('error', message, key);
  },
  info(message, key) {
    status.show('info', message, key);
  },
  ok(message, key) {
    status.show('ok', message, key);
  },
  /** Clears the banner; with a key, only when the current message was shown with that key. */
  clear(key) {
    if (key !== undefined && key !== null && key !== statusKey) return;
    const el = $('#status');
    if (!el) return;
    statusKey = null;
    clear(el);
    el.className = 'status';
    el.hidden = true;
  },
};

/* ---------- session ---------- */

function role() {
  return state.session ? state.session.role : null;
}

function renderWhoami() {
  const who = $('#whoami');
  const logout = $('#logout');
  const s = state.session;
  if (s) {
    clear(who);
    who.appendChild(h('span', { class: 'who-name' }, s.name === null || s.name === undefined ? '?' : String(s.name)));
    who.appendChild(document.createTextNode(' '));
    who.appendChild(h('span', { class: 'who-role role-' + String(s.role || '').replace(/[^a-z]/gi, '') }, String(s.role || '')));
    who.hidden = false;
    logout.hidden = !s.tokens;
  } else {
    clear(who);
    who.hidden = true;
    logout.hidden = true;
  }
}

function showLogin(message) {
  teardownPage();
  state.session = null;
  state.loginShown = true;
  renderWhoami();
  $('#nav-links').hidden = true;
  $('#app').hidden = true;
  clear($('#app'));
  status.clear();
  const form = $('#login');
  form.hidden = false;
  const err = $('#login-error');
  err.textContent = message || '';
  err.hidden = !message;
  const input = $('#login-token');
  input.value = '';
  input.focus();
}

function showApp() {
  state.loginShown = false;
  $('#login').hidden = true;
  $('#nav-links').hidden = false;
  $('#app').hidden = false;
  renderWhoami();
  route();
}

async function loadSession() {
  try {
    const s = await api('/api/v1/session', { quiet401: true });
    // the coordinator answers 200 either way, so the browser logs no failed request
    if (s && s.authenticated === false) {
      showLogin('');
      return;
    }
    state.session = normalizeSession(s);
    showApp();
  } catch (e) {
    if (e.status === 401) showLogin('');
    else {
      // the console still works without a session endpoint answering: treat as read-only
      state.session = { name: '?', role: 'viewer', tokens: false };
      showApp();
      status.error('Cannot read the session: ' + e.message, 'session');
    }
  }
}

function normalizeSession(s) {
  const o = s && typeof s === 'object' ? s : {};
  const r = ['viewer', 'operator', 'admin'].includes(o.role) ? o.role : 'viewer';
  return { name: o.name === undefined || o.name === null ? '' : String(o.name), role: r, tokens: o.tokens !== false };
}

async function login(ev) {
  ev.preventDefault();
  const input = $('#login-token');
  const button = $('#login-submit');
  const err = $('#login-error');
  const token = input.value;
  if (!token) {
    err.textContent = 'Enter a token.';
    err.hidden = false;
    input.focus();
    return;
  }
  button.disabled = true;
  err.hidden = true;
  try {
    const s = await api('/api/v1/session', { method: 'POST', json: { token }, quiet401: true });
    input.value = '';
    // the POST answers name and role; tokens are in use since a login was asked for
    const n = normalizeSession(s);
    n.tokens = !(s && s.tokens === false);
    state.session = n;
    showApp();
  } catch (e) {
    err.textContent = e.status === 401 || e.status === 403 ? 'Invalid token.' : 'Login failed: ' + e.message;
    err.hidden = false;
    input.select();
  } finally {
    button.disabled = false;
  }
}

async function logout() {
  try {
    await api('/api/v1/session', { method: 'DELETE', json: {}, quiet401: true });
  } catch (e) {
    if (e.status !== 401) {
      status.error('Log out failed: ' + e.message);
      return;
    }
  }
  showLogin('');
}

onUnauthorized(() => {
  if (!state.loginShown) showLogin('Your session has ended; log in again.');
});

/* ---------- router ---------- */

const ROUTES = [
  { re: /^\/agents$/, nav: 'nav-agents', page: agentsPage, title: 'Agents' },
  { re: /^\/runs$/, nav: 'nav-runs', page: runsPage, title: 'Runs' },
  { re: /^\/new$/, nav: 'nav-new', page: newPage, title: 'New run' },
  { re: /^\/runs\/([^/]+)$/, nav: 'nav-runs', page: runPage, title: 'Run' },
  { re: /^\/compare$/, nav: 'nav-compare', page: comparePage, title: 'Compare' },
];

function parseHash() {
  let hash = location.hash || '';
  if (hash.startsWith('#')) hash = hash.slice(1);
  const q = hash.indexOf('?');
  const path = q >= 0 ? hash.slice(0, q) : hash;
  const query = new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
  return { path, query };
}

function teardownPage() {
  const p = state.page;
  state.page = null;
  if (!p) return;
  p.alive = false;
  try {
    p.controller.abort();
  } catch (e) {
    /* ignore */
  }
  for (const fn of p.cleanup.splice(0).reverse()) {
    try {
      fn();
    } catch (e) {
      /* a cleanup never breaks the next page */
    }
  }
}

function makeContext(params, query) {
  const controller = new AbortController();
  const page = { alive: true, cleanup: [], controller };
  const s = state.session || { name: '', role: 'viewer', tokens: false };
  const ctx = {
    params,
    query,
    session: s,
    role: s.role,
    canOperate: s.role === 'operator' || s.role === 'admin',
    isAdmin: s.role === 'admin',
    signal: controller.signal,
    status,
    alive: () => page.alive,
    onCleanup: (fn) => page.cleanup.push(fn),
    navigate: (hash) => {
      location.hash = hash;
    },
    /** Reports an error in the banner unless it is an abort or a 401 (login form shown). */
    fail(e, prefix, key) {
      if (isAbort(e) || !page.alive) return;
      if (e && e.status === 401) return;
      const msg = e && e.message ? e.message : String(e);
      status.error(prefix ? prefix + ': ' + msg : msg, key);
    },
    /** Runs fn now and then every ms after each completion, until the page goes. */
    every(ms, fn) {
      let timer = null;
      let stopped = false;
      const tick = async () => {
        timer = null;
        if (stopped || !page.alive) return;
        try {
          await fn();
        } catch (e) {
          ctx.fail(e);
        }
        if (!stopped && page.alive) timer = setTimeout(tick, ms);
      };
      tick();
      const stop = () => {
        stopped = true;
        if (timer !== null) clearTimeout(timer);
        timer = null;
      };
      page.cleanup.push(stop);
      return stop;
    },
    timeout(ms, fn) {
      const t = setTimeout(() => {
        if (page.alive) fn();
      }, ms);
      page.cleanup.push(() => clearTimeout(t));
      return t;
    },
  };
  return { page, ctx };
}

function route() {
  if (!state.session || state.loginShown) return;
  const { path, query } = parseHash();
  let match = null;
  let m = null;
  for (const r of ROUTES) {
    m = r.re.exec(path);
    if (m) {
      match = r;
      break;
    }
  }
  if (!match) {
    history.replaceState(null, '', '#/runs');
    match = ROUTES[1];
    m = ['/runs'];
  }
  teardownPage();
  status.clear();
  for (const a of document.querySelectorAll('#nav-links a')) {
    if (a.id === match.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let params = [];
  try {
    params = m.slice(1).map((x) => decodeURIComponent(x));
  } catch (e) {
    params = m.slice(1);
  }
  const { page, ctx } = makeContext(params, query);
  state.page = page;
  const root = $('#app');
  clear(root);
  document.title = match.title + ' · Broadside';
  try {
    match.page.mount(root, ctx);
  } catch (e) {
    status.error('This page failed to render: ' + (e && e.message ? e.message : e));
  }
}

/* ---------- start ---------- */

function start() {
  $('#login').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  window.addEventListener('unhandledrejection', (ev) => {
    // last line of defence: report, never let a rejection reach the console
    ev.preventDefault();
    const r = ev.reason;
    if (isAbort(r) || (r && r.status === 401)) return;
    status.error(r && r.message ? r.message : String(r));
  });
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    history.replaceState(null, '', '#/runs');
  }
  loadSession();
}

start();
