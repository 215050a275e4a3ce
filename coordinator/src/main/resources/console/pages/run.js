// #/runs/ID — a run live over Server-Sent Events, and its final table once it has ended.
import { api } from '../api.js';
import {
  h, clear, classToken, enc, first, fmtDuration, fmtInt, fmtMs, fmtNum, fmtPct, fmtRate, fmtTime,
  isNum, numCell, rawValue, runEnded, DASH,
} from '../util.js';
import { createRunCharts } from '../charts.js';
import { runFiles } from './runs.js';

const LATENCIES = [
  ['ttft', 'TTFT'],
  ['tpot', 'TPOT'],
  ['itl', 'ITL'],
  ['e2e', 'E2E'],
];

function str(v, fallback = DASH) {
  return v === null || v === undefined || v === '' ? fallback : String(v);
}

function parse(data) {
  try {
    const v = JSON.parse(data);
    return v && typeof v === 'object' ? v : {};
  } catch (e) {
    return {};
  }
}

function sub(o, k) {
  return o && typeof o === 'object' && !Array.isArray(o) ? o[k] : undefined;
}

function sumValues(o) {
  if (!o || typeof o !== 'object') return null;
  let s = 0;
  let any = false;
  for (const v of Object.values(o)) {
    if (isNum(v)) {
      s += v;
      any = true;
    }
  }
  return any ? s : 0;
}

/** One row of the final table from a summary row of any of the accepted shapes. */
export function normalizeRow(row, stageName) {
  const r = row && typeof row === 'object' ? row : {};
  const lat = (k) => first(sub(r, k), sub(sub(r, 'latency'), k));
  const thr = r.throughput;
  let requests = r.requests;
  let errors = r.errors;
  if (requests && typeof requests === 'object') {
    const ok = isNum(requests.ok) ? requests.ok : 0;
    const failed = isNum(requests.failed) ? requests.failed : 0;
    if (!isNum(errors)) errors = isNum(requests.failed) ? requests.failed : sumValues(errors);
    requests = isNum(requests.ok) || isNum(requests.failed) ? ok + failed : isNum(requests.total) ? requests.total : null;
  } else if (errors && typeof errors === 'object') {
    errors = sumValues(errors);
  }
  const rps = isNum(thr)
    ? thr
    : first(sub(thr, 'requestsPerS'), r.requestsPerS, r.throughputPerS, r.rps);
  const tps = first(r.outputTokensPerS, r.tokensPerS, sub(thr, 'outputTokensPerS'), sub(thr, 'tokensPerS'));
  const stat = (k, s) => {
    const v = sub(lat(k), s);
    return v === undefined ? null : v;
  };
  return {
    stage: first(r.stage, stageName),
    model: first(r.model),
    requests: requests === undefined ? null : requests,
    errors: errors === undefined ? null : errors,
    rps,
    tps,
    ttftP50: stat('ttft', 'p50'),
    ttftP99: stat('ttft', 'p99'),
    tpotP50: stat('tpot', 'p50'),
    tpotP99: stat('tpot', 'p99'),
    e2eP50: stat('e2e', 'p50'),
    e2eP99: stat('e2e', 'p99'),
  };
}

/** Rows of a summary: {rows:[...]} or {stages:[{name, models:[...], all}]}. */
export function summaryRows(summary) {
  const s = summary && typeof summary === 'object' ? summary : {};
  if (Array.isArray(s.rows)) return s.rows.map((r) => normalizeRow(r, null));
  const out = [];
  if (Array.isArray(s.stages)) {
    for (const st of s.stages) {
      if (!st || typeof st !== 'object') continue;
      const name = first(st.name, st.stage);
      const models = Array.isArray(st.models) ? st.models : [];
      for (const m of models) out.push(normalizeRow(m, name));
      if ((models.length !== 1) && st.all && typeof st.all === 'object') {
        const all = normalizeRow(st.all, name);
        if (all.model === null) all.model = 'all';
        out.push(all);
      }
    }
  }
  return out;
}

function kpi(id, label, unit) {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, h('span', { id, class: 'num' }, DASH), unit ? h('span', { class: 'unit' }, unit) : null),
  );
}

function info(id, label) {
  return h('div', { class: 'info' }, h('span', { class: 'info-label' }, label), h('span', { id, class: 'info-value' }, DASH));
}

export function mount(root, ctx) {
  const id = ctx.params[0] || '';
  const base = '/api/v1/runs/' + enc(id);
  const $ = (sel) => root.querySelector(sel);

  /* ----- DOM ----- */
  const stopBtn = h('button', { id: 'stop', type: 'button', class: 'btn btn-danger', hidden: true }, 'Stop run');
  const statusEl = h('span', { id: 'run-status', class: 'badge' }, '…');
  const title = h('h1', { id: 'run-title' }, id);
  const tagsEl = h('div', { class: 'run-tags', id: 'run-tags' });
  const meta = h('div', { class: 'run-meta muted', id: 'run-meta' });
  const errorEl = h('p', { id: 'run-error', class: 'run-error', role: 'alert', hidden: true });
  const studyEl = h('p', { id: 'run-study', class: 'run-study', hidden: true });

  const latTable = h(
    'table',
    { class: 'data kpi-lat', id: 'live-latency' },
    h('caption', { class: 'sr-only' }, 'Live latencies in milliseconds'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'ms'), h('th', { scope: 'col', class: 'num' }, 'p50'), h('th', { scope: 'col', class: 'num' }, 'p99'))),
    h(
      'tbody',
      null,
      LATENCIES.map(([k, label]) =>
        h('tr', null, h('th', { scope: 'row' }, label),
          h('td', { class: 'num', id: `live-${k}-p50` }, DASH),
          h('td', { class: 'num', id: `live-${k}-p99` }, DASH)),
      ),
    ),
  );

  const thrCanvas = h('canvas', { id: 'chart-throughput', role: 'img', 'aria-label': 'Throughput over time' });
  const latCanvas = h('canvas', { id: 'chart-latency', role: 'img', 'aria-label': 'Latency over time' });
  const chartNote = h('p', { class: 'muted', hidden: true }, 'Charts are unavailable (Chart.js did not load).');

  const errorsBody = h('tbody');
  const errorsTable = h(
    'table',
    { id: 'errors-table', class: 'data' },
    h('caption', { class: 'sr-only' }, 'Errors by class'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Class'), h('th', { scope: 'col', class: 'num' }, 'Count'), h('th', { scope: 'col' }, 'First message'))),
    errorsBody,
  );
  const agentsBody = h('tbody');
  const agentsTable = h(
    'table',
    { id: 'run-agents', class: 'data' },
    h('caption', { class: 'sr-only' }, 'Health of the agents in this run'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Agent'), h('th', { scope: 'col' }, 'Host'),
      h('th', { scope: 'col', class: 'num' }, 'CPU'), h('th', { scope: 'col', class: 'num' }, 'Loop delay (ms)'), h('th', { scope: 'col' }, 'Health'))),
    agentsBody,
  );
  const steps = h('ol', { id: 'steps', class: 'steps' });
  const stepsSection = h('section', { class: 'panel', id: 'steps-panel', hidden: true }, h('h2', null, 'Adaptive steps'), steps);

  const live = h(
    'div',
    { id: 'live', class: 'live' },
    h(
      'div',
      { class: 'infobar' },
      info('run-phase', 'Phase'),
      info('run-stage', 'Stage'),
      info('run-users', 'Users'),
      info('run-target', 'Target rate'),
      info('run-elapsed', 'Elapsed'),
      info('run-remaining', 'Remaining'),
      h('div', { class: 'info' }, h('span', { class: 'info-label' }, 'Updates'), h('span', { id: 'live-updates', class: 'info-value num' }, '0')),
      h('div', { class: 'info' }, h('span', { class: 'info-label' }, 'Stream'), h('span', { id: 'run-conn', class: 'info-value conn' }, 'connecting…')),
    ),
    studyEl,
    h(
      'div',
      { class: 'kpis' },
      h('div', { class: 'kpi-grid' },
        kpi('live-rps', 'Requests', 'req/s'),
        kpi('live-tps', 'Output tokens', 'tok/s'),
        kpi('live-goodput', 'Goodput', 'req/s'),
        kpi('live-errors', 'Errors', '')),
      latTable,
    ),
    h(
      'div',
      { class: 'charts' },
      h('figure', { class: 'chart' }, h('figcaption', null, 'Throughput'), h('div', { class: 'chart-box' }, thrCanvas)),
      h('figure', { class: 'chart' }, h('figcaption', null, 'Latency (ms)'), h('div', { class: 'chart-box' }, latCanvas)),
    ),
    chartNote,
    h(
      'div',
      { class: 'two-col' },
      h('section', { class: 'panel' }, h('h2', null, 'Errors'), h('div', { class: 'table-wrap' }, errorsTable)),
      h('section', { class: 'panel' }, h('h2', null, 'Agents'), h('div', { class: 'table-wrap' }, agentsTable)),
    ),
    stepsSection,
  );

  const finalBody = h('tbody');
  const finalSection = h(
    'section',
    { id: 'final', class: 'panel final', hidden: true },
    h('div', { class: 'panel-head' }, h('h2', null, 'Results'), h('div', { class: 'spacer' }), h('div', { class: 'links', id: 'final-links' }, runFiles(id))),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'final-table', class: 'data' },
        h('caption', { class: 'sr-only' }, 'Results per stage and model; latencies in milliseconds'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Stage'), h('th', { scope: 'col' }, 'Model'),
          ['Requests', 'Errors', 'Req/s', 'Tok/s', 'TTFT p50', 'TTFT p99', 'TPOT p50', 'TPOT p99', 'E2E p50', 'E2E p99']
            .map((t, i) => h('th', { scope: 'col', class: 'num' }, t, i >= 4 ? h('span', { class: 'unit' }, ' ms') : null)))),
        finalBody,
      ),
    ),
    h('p', { class: 'muted', id: 'final-note', hidden: true }),
  );

  root.appendChild(
    h(
      'section',
      { class: 'page page-run' },
      h('div', { class: 'page-head' }, h('a', { href: '#/runs', class: 'back', 'aria-label': 'Back to runs' }, '← Runs'),
        title, statusEl, h('span', { class: 'mono muted', id: 'run-id' }, id), h('div', { class: 'spacer' }), stopBtn),
      h('div', { class: 'run-sub' }, tagsEl, meta),
      errorEl,
      live,
      finalSection,
    ),
  );

  /* ----- state ----- */
  let ended = false;
  let es = null;
  let updates = 0;
  let charts = null;
  let pollStop = null;
  let finalLoaded = false;
  const failures = new Map();
  const stepIndexes = new Set();
  const markedStages = new Set();
  let lastErrorsKey = '';
  let lastAgentsKey = '';
  let latest = null;
  let renderTimer = null;
  let finalRequested = false;
  let chartsTried = false;
  const t0 = Date.now();

  ctx.onCleanup(() => {
    if (renderTimer !== null) clearTimeout(renderTimer);
    renderTimer = null;
    if (es) es.close();
    es = null;
    if (charts) charts.destroy();
    charts = null;
  });

  function setStatus(s) {
    if (s === null || s === undefined || s === '') return;
    statusEl.textContent = String(s);
    statusEl.className = 'badge status-' + classToken(s);
  }

  function setText(sel, text, raw) {
    const el = $(sel);
    if (!el) return;
    el.textContent = text;
    if (raw !== undefined) el.dataset.value = rawValue(raw);
  }

  function showRunError(msg) {
    if (msg === null || msg === undefined || msg === '') {
      errorEl.hidden = true;
      return;
    }
    errorEl.textContent = String(msg);
    errorEl.hidden = false;
  }

  function renderHeader(run) {
    const plan = run.plan && typeof run.plan === 'object' ? run.plan : {};
    const name = first(plan.name, run.name, id);
    title.textContent = String(name);
    document.title = String(name) + ' · Broadside';
    setStatus(run.status);
    clear(tagsEl);
    const tags = plan.tags && typeof plan.tags === 'object' ? plan.tags : run.tags && typeof run.tags === 'object' ? run.tags : {};
    for (const [k, v] of Object.entries(tags)) {
      const text = v === null || v === undefined || v === '' ? String(k) : `${k}:${v}`;
      tagsEl.appendChild(h('a', { class: 'tag', href: '#/runs?tag=' + enc(text), title: 'Runs with tag ' + text }, text));
    }
    clear(meta);
    const parts = [['created', run.createdAt], ['started', run.startedAt], ['ended', run.endedAt]].filter(([, v]) => v);
    for (const [label, v] of parts) {
      meta.appendChild(h('span', { title: String(v) }, label + ' ' + fmtTime(v)));
    }
    showRunError(run.error);
  }

  /* ----- live ----- */

  function stageText(stage, remaining) {
    if (stage === null || stage === undefined || stage === '') return DASH;
    return isNum(remaining) ? `${stage} · ${fmtDuration(remaining)} left` : String(stage);
  }

  function markStage(stage, index, x) {
    const key = isNum(index) ? 'i' + index : 's' + String(stage);
    if (markedStages.has(key)) return;
    markedStages.add(key);
    if (charts) charts.addMarker(x, stage);
    scheduleRender();
  }

  function elapsedOf(p) {
    return isNum(p.elapsedS) ? p.elapsedS : (Date.now() - t0) / 1000;
  }

  /** Records a progress event; the page is redrawn at most every 100 ms (replays come in bursts). */
  function onProgress(p) {
    updates += 1;
    latest = p;
    if (live.hidden) {
      // a run that had ended when the page opened: its replayed history shows too
      live.hidden = false;
      startCharts();
    }
    if (Array.isArray(p.failures)) {
      for (const f of p.failures) {
        if (!f || typeof f !== 'object') continue;
        const cls = str(f.errorClass, 'unknown');
        const e = failures.get(cls) || { count: null, message: null };
        if (isNum(f.count)) e.count = f.count;
        if (!e.message && f.message) e.message = String(f.message);
        failures.set(cls, e);
      }
    }
    if (p.errorsByClass && typeof p.errorsByClass === 'object') {
      for (const [cls, count] of Object.entries(p.errorsByClass)) {
        const e = failures.get(cls) || { count: null, message: null };
        if (isNum(count)) e.count = count;
        failures.set(cls, e);
      }
    }
    const x = elapsedOf(p);
    if (p.stage !== null && p.stage !== undefined && p.stage !== '') markStage(p.stage, p.stageIndex, x);
    if (charts) charts.addProgress(x, p);
    scheduleRender();
  }

  function scheduleRender() {
    if (renderTimer !== null) return;
    renderTimer = setTimeout(() => {
      renderTimer = null;
      if (ctx.alive()) renderLive();
    }, 100);
  }

  function renderLive() {
    setText('#live-updates', String(updates));
    const p = latest;
    if (p) {
      if (!ended) setStatus(p.status);
      setText('#run-phase', str(p.phase));
      setText('#run-stage', stageText(p.stage, p.stageRemainingS));
      setText('#run-users', fmtInt(p.activeUsers), p.activeUsers);
      setText('#run-target', isNum(p.targetRate) ? fmtRate(p.targetRate) + ' req/s' : DASH, p.targetRate);
      setText('#run-elapsed', fmtDuration(p.elapsedS), p.elapsedS);
      setText('#run-remaining', fmtDuration(p.remainingS), p.remainingS);
      setText('#live-rps', fmtRate(p.requestsPerS), p.requestsPerS);
      setText('#live-tps', fmtRate(p.tokensPerS), p.tokensPerS);
      setText('#live-goodput', fmtRate(p.goodput), p.goodput);
      setText('#live-errors', fmtInt(p.errors), p.errors);
      const errEl = $('#live-errors');
      if (errEl) errEl.classList.toggle('bad', isNum(p.errors) && p.errors > 0);
      for (const [k] of LATENCIES) {
        const o = p[k];
        setText(`#live-${k}-p50`, fmtMs(sub(o, 'p50')), sub(o, 'p50'));
        setText(`#live-${k}-p99`, fmtMs(sub(o, 'p99')), sub(o, 'p99'));
      }
      if (p.study === null || p.study === undefined || p.study === '') studyEl.hidden = true;
      else {
        studyEl.textContent = String(p.study);
        studyEl.hidden = false;
      }
      if (Array.isArray(p.agents)) renderAgents(p.agents);
    }
    renderFailures();
    if (charts) charts.redraw();
  }

  function renderFailures() {
    const list = [...failures.entries()].sort((a, b) => (b[1].count || 0) - (a[1].count || 0));
    const key = JSON.stringify(list);
    if (key === lastErrorsKey) return;
    lastErrorsKey = key;
    clear(errorsBody);
    if (list.length === 0) {
      errorsBody.appendChild(h('tr', { class: 'empty' }, h('td', { colspan: 3 }, 'No errors.')));
      return;
    }
    for (const [cls, e] of list) {
      errorsBody.appendChild(
        h('tr', { class: 'error-row', dataset: { class: cls } },
          h('td', { class: 'c-class mono' }, cls),
          numCell('c-count', e.count, fmtInt(e.count)),
          h('td', { class: 'c-message' }, str(e.message))),
      );
    }
  }

  function renderAgents(agents) {
    const key = JSON.stringify(agents);
    if (key === lastAgentsKey) return;
    lastAgentsKey = key;
    clear(agentsBody);
    if (agents.length === 0) {
      agentsBody.appendChild(h('tr', { class: 'empty' }, h('td', { colspan: 5 }, 'No agent reported.')));
      return;
    }
    for (const a0 of agents) {
      const a = a0 && typeof a0 === 'object' ? a0 : {};
      agentsBody.appendChild(
        h('tr', { class: ['run-agent-row', a.saturated ? 'is-saturated' : null], dataset: { id: str(a.id, '') } },
          h('td', { class: 'mono' }, str(a.id)),
          h('td', null, str(a.host)),
          numCell('c-cpu', a.cpuRatio, fmtPct(a.cpuRatio)),
          numCell('c-loop', a.loopDelayMs, fmtNum(a.loopDelayMs, 1)),
          h('td', null, a.saturated
            ? h('span', { class: 'saturated', title: 'This agent is saturated: its load and latencies may be off' }, 'saturated')
            : h('span', { class: 'ok-mark' }, 'ok'))),
      );
    }
  }

  function onStage(s) {
    const x = isNum(s.elapsedS) ? s.elapsedS : (Date.now() - t0) / 1000;
    markStage(first(s.stage, isNum(s.index) ? 'stage ' + s.index : ''), s.index, x);
  }

  function onStep(s) {
    if (isNum(s.index)) {
      if (stepIndexes.has(s.index)) return;
      stepIndexes.add(s.index);
    }
    stepsSection.hidden = false;
    steps.appendChild(h('li', { class: 'step', dataset: { index: isNum(s.index) ? s.index : null } }, str(s.line, '')));
  }

  function onFailure(f) {
    const cls = str(f.errorClass, 'unknown');
    const e = failures.get(cls) || { count: null, message: null };
    if (!e.message && f.message) e.message = String(f.message);
    failures.set(cls, e);
    scheduleRender();
  }

  function onEnd(d) {
    if (es) es.close();
    es = null;
    if (pollStop) pollStop();
    pollStop = null;
    const conn = $('#run-conn');
    if (conn) {
      conn.textContent = 'ended';
      conn.className = 'info-value conn ended';
    }
    stopBtn.hidden = true;
    if (!ended) {
      ended = true;
      setStatus(d.status);
      showRunError(d.error);
    }
    renderLive();
    if (d.status) setText('#run-phase', String(d.status));
    setText('#run-stage', DASH);
    setText('#run-remaining', DASH);
    if (!finalRequested) {
      finalRequested = true;
      loadFinal(0);
    }
  }

  function openEvents() {
    let source;
    try {
      source = new EventSource(base + '/events');
    } catch (e) {
      ctx.status.error('Cannot open the live stream: ' + (e && e.message ? e.message : e));
      startPolling();
      return;
    }
    es = source;
    const conn = (text, cls) => {
      const el = $('#run-conn');
      if (el) {
        el.textContent = text;
        el.className = 'info-value conn ' + cls;
      }
    };
    const on = (type, fn) =>
      source.addEventListener(type, (ev) => {
        if (!ctx.alive() || es !== source) return;
        try {
          fn(parse(ev.data));
        } catch (e) {
          ctx.status.error('Cannot show a ' + type + ' event: ' + (e && e.message ? e.message : e));
        }
      });
    source.addEventListener('open', () => {
      if (es === source) {
        conn(ended ? 'replaying' : 'live', 'live');
        ctx.status.clear('stream');
      }
    });
    on('progress', onProgress);
    on('stage', onStage);
    on('step', onStep);
    on('failure', onFailure);
    on('end', onEnd);
    source.addEventListener('error', () => {
      if (!ctx.alive() || es !== source) return;
      if (source.readyState === EventSource.CLOSED) {
        es = null;
        source.close();
        conn(ended ? 'ended' : 'disconnected', ended ? 'ended' : 'down');
        if (!ended) startPolling();
      } else {
        conn('reconnecting…', 'retry');
      }
    });
  }

  /** Without a stream: watches GET /runs/ID until the run ends (a 401 shows the login form). */
  function startPolling() {
    if (pollStop || ended) return;
    pollStop = ctx.every(3000, async () => {
      try {
        const run = await api(base, { signal: ctx.signal });
        if (!ctx.alive() || ended) return;
        ctx.status.clear('poll');
        const r = run && typeof run === 'object' ? run : {};
        setStatus(r.status);
        if (runEnded(r)) onEnd({ status: r.status, error: r.error });
      } catch (e) {
        ctx.fail(e, 'Cannot read the run', 'poll');
      }
    });
  }

  /* ----- final table ----- */

  async function loadFinal(attempt) {
    if (finalLoaded || !ctx.alive()) return;
    finalSection.hidden = false;
    let summary;
    try {
      summary = await api(base + '/summary', { signal: ctx.signal });
    } catch (e) {
      if (!ctx.alive()) return;
      if (e && e.status !== 401 && e.status !== 0 && attempt < 4) {
        // the summary may be written a moment after the end
        ctx.timeout(1000 * (attempt + 1), () => loadFinal(attempt + 1));
        return;
      }
      ctx.fail(e, 'Cannot load the summary', 'summary');
      return;
    }
    if (!ctx.alive()) return;
    finalLoaded = true;
    renderFinal(summaryRows(summary));
  }

  function renderFinal(rows) {
    clear(finalBody);
    const note = $('#final-note');
    if (rows.length === 0) {
      finalBody.appendChild(h('tr', { class: 'empty' }, h('td', { colspan: 12 }, 'The summary holds no rows.')));
    }
    for (const r of rows) {
      finalBody.appendChild(
        h('tr', { class: ['final-row', r.model === 'all' || r.model === '*' ? 'all-row' : null], dataset: { stage: str(r.stage, ''), model: str(r.model, '') } },
          h('td', { class: 'c-stage' }, str(r.stage)),
          h('td', { class: 'c-model' }, str(r.model)),
          numCell('c-requests', r.requests, fmtInt(r.requests)),
          numCell(['c-errors', isNum(r.errors) && r.errors > 0 ? 'bad' : null], r.errors, fmtInt(r.errors)),
          numCell('c-rps', r.rps, fmtRate(r.rps)),
          numCell('c-tps', r.tps, fmtRate(r.tps)),
          numCell('c-ttft-p50', r.ttftP50, fmtMs(r.ttftP50)),
          numCell('c-ttft-p99', r.ttftP99, fmtMs(r.ttftP99)),
          numCell('c-tpot-p50', r.tpotP50, fmtMs(r.tpotP50)),
          numCell('c-tpot-p99', r.tpotP99, fmtMs(r.tpotP99)),
          numCell('c-e2e-p50', r.e2eP50, fmtMs(r.e2eP50)),
          numCell('c-e2e-p99', r.e2eP99, fmtMs(r.e2eP99))),
      );
    }
    if (note) {
      note.textContent = 'Latencies in milliseconds; rates per second over each stage.';
      note.hidden = false;
    }
  }

  /* ----- stop ----- */

  stopBtn.addEventListener('click', async () => {
    stopBtn.disabled = true;
    stopBtn.textContent = 'Stopping…';
    try {
      await api(base + '/stop', { method: 'POST', json: {}, signal: ctx.signal });
      if (!ctx.alive()) return;
      ctx.status.info('Stop requested; the run ends after draining.', 'stop');
    } catch (e) {
      if (!ctx.alive()) return;
      stopBtn.disabled = false;
      stopBtn.textContent = 'Stop run';
      ctx.fail(e, 'Cannot stop the run', 'stop');
    }
  });

  /* ----- start ----- */

  function startCharts() {
    if (charts || chartsTried) return;
    chartsTried = true;
    try {
      charts = createRunCharts(thrCanvas, latCanvas);
    } catch (e) {
      charts = null;
    }
    if (!charts || !charts.available) {
      charts = null;
      chartNote.hidden = false;
      for (const c of [thrCanvas, latCanvas]) c.closest('figure').hidden = true;
    }
  }

  async function load(attempt) {
    let run;
    try {
      run = await api(base, { signal: ctx.signal });
    } catch (e) {
      if (!ctx.alive()) return;
      if (e && e.status === 404) {
        title.textContent = 'Run not found';
        setStatus('unknown');
        live.hidden = true;
        ctx.status.error('There is no run ' + id + '.', 'run');
        return;
      }
      ctx.fail(e, 'Cannot load the run', 'run');
      if (e && e.status !== 401 && attempt < 20) ctx.timeout(3000, () => load(attempt + 1));
      return;
    }
    if (!ctx.alive()) return;
    ctx.status.clear('run');
    const r = run && typeof run === 'object' ? run : {};
    renderHeader(r);
    if (runEnded(r)) {
      // the final table now; the live section shows once the replayed history (if kept) arrives
      ended = true;
      live.hidden = true;
      stopBtn.hidden = true;
      finalRequested = true;
      loadFinal(0);
      openEvents();
    } else {
      stopBtn.hidden = !ctx.canOperate;
      live.hidden = false;
      startCharts();
      renderFailures();
      openEvents();
    }
  }

  live.hidden = true;
  load(0);
}
