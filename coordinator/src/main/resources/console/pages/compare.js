// #/compare — compares two ended runs (GET /api/v1/compare?baseline=ID&current=ID).
import { api } from '../api.js';
import { h, clear, classToken, enc, fmtChange, fmtMs, fmtNum, fmtP, fmtRate, fmtTime, isNum, numCell, runEnded, DASH } from '../util.js';

const LATENCY_KEYS = new Set(['e2e', 'ttft', 'ttfc', 'tpot', 'itl', 'queue', 'service', 'cold', 'ttfr', 'ttfa', 'answer_tpot']);

/** Whether a metric name ("tpot.p99", "throughput", "requestsPerS") is a latency in seconds. */
export function isLatencyMetric(metric) {
  const m = String(metric || '');
  const head = m.split('.')[0].toLowerCase();
  return LATENCY_KEYS.has(head) && m.includes('.');
}

function fmtMetricValue(metric, v) {
  if (!isNum(v)) return DASH;
  if (isLatencyMetric(metric)) return fmtMs(v) + ' ms';
  return Math.abs(v) >= 100 ? fmtRate(v) : fmtNum(v, 2);
}

function str(v) {
  return v === null || v === undefined || v === '' ? DASH : String(v);
}

function optionLabel(r) {
  const name = r.name === null || r.name === undefined || r.name === '' ? '' : String(r.name);
  const when = r.createdAt ? fmtTime(r.createdAt) : '';
  return [name, String(r.id), when, r.status && r.status !== 'completed' ? String(r.status) : '']
    .filter(Boolean)
    .join(' · ');
}

export function mount(root, ctx) {
  const baseline = h('select', { id: 'compare-baseline', disabled: true }, h('option', { value: '' }, 'Loading…'));
  const current = h('select', { id: 'compare-current', disabled: true }, h('option', { value: '' }, 'Loading…'));
  const go = h('button', { id: 'compare-go', type: 'submit', class: 'btn btn-primary', disabled: true }, 'Compare');
  const swap = h('button', { type: 'button', class: 'btn', id: 'compare-swap', title: 'Swap baseline and current', disabled: true }, '⇄');
  const verdict = h('p', { id: 'compare-verdict', class: 'verdict-line', 'aria-live': 'polite' });
  const meta = h('p', { id: 'compare-meta', class: 'muted' });
  const tbody = h('tbody');
  const table = h(
    'table',
    { id: 'compare-table', class: 'data', hidden: true },
    h('caption', { class: 'sr-only' }, 'Changes from the baseline run to the current run'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Stage'), h('th', { scope: 'col' }, 'Model'), h('th', { scope: 'col' }, 'Metric'),
      h('th', { scope: 'col', class: 'num' }, 'Baseline'), h('th', { scope: 'col', class: 'num' }, 'Current'),
      h('th', { scope: 'col', class: 'num' }, 'Change'), h('th', { scope: 'col', class: 'num' }, 'Limit'),
      h('th', { scope: 'col', class: 'num' }, 'p'), h('th', { scope: 'col', class: 'num' }, 'Intervals'),
      h('th', { scope: 'col' }, 'Verdict'))),
    tbody,
  );
  // a <form> only for Enter-to-submit; submit is always prevented (no form posts)
  const form = h(
    'form',
    { class: 'compare-form', novalidate: true },
    h('label', null, h('span', { class: 'muted' }, 'Baseline'), baseline),
    swap,
    h('label', null, h('span', { class: 'muted' }, 'Current'), current),
    go,
  );
  root.appendChild(
    h(
      'section',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', null, 'Compare runs')),
      form,
      verdict,
      meta,
      h('div', { class: 'table-wrap' }, table),
    ),
  );

  let inflight = null;

  function updateButtons() {
    const ready = baseline.value !== '' && current.value !== '';
    go.disabled = !ready || inflight !== null;
    swap.disabled = !ready;
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!go.disabled) compare();
  });
  swap.addEventListener('click', () => {
    const b = baseline.value;
    baseline.value = current.value;
    current.value = b;
    updateButtons();
  });
  baseline.addEventListener('change', updateButtons);
  current.addEventListener('change', updateButtons);

  async function compare() {
    const b = baseline.value;
    const c = current.value;
    if (!b || !c) return;
    if (inflight) inflight.abort();
    const controller = new AbortController();
    inflight = controller;
    const onAbort = () => controller.abort();
    ctx.signal.addEventListener('abort', onAbort);
    updateButtons();
    go.textContent = 'Comparing…';
    // keep the choice in the address (without re-routing) so the page can be shared
    try {
      history.replaceState(null, '', '#/compare?baseline=' + enc(b) + '&current=' + enc(c));
    } catch (e) {
      /* ignore */
    }
    try {
      const res = await api('/api/v1/compare?baseline=' + enc(b) + '&current=' + enc(c), { signal: controller.signal });
      if (!ctx.alive() || controller.signal.aborted) return;
      ctx.status.clear('compare');
      render(res && typeof res === 'object' ? res : {});
    } catch (e) {
      if (!ctx.alive() || controller.signal.aborted) return;
      table.hidden = true;
      clear(tbody);
      verdict.textContent = '';
      verdict.className = 'verdict-line';
      meta.textContent = '';
      ctx.fail(e, 'Cannot compare', 'compare');
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      if (inflight === controller) {
        inflight = null;
        if (ctx.alive()) {
          go.textContent = 'Compare';
          updateButtons();
        }
      }
    }
  }

  function render(res) {
    const changes = Array.isArray(res.changes) ? res.changes.filter((x) => x && typeof x === 'object') : [];
    clear(tbody);
    const count = (v) => changes.filter((c) => String(c.verdict).toLowerCase() === v).length;
    const regressed = isNum(res.regressed) ? res.regressed : count('regressed');
    const improved = isNum(res.improved) ? res.improved : count('improved');
    const notJudged = isNum(res.notJudged) ? res.notJudged : count('not judged');
    verdict.textContent = `${regressed} regressed, ${improved} improved, ${notJudged} not judged`;
    verdict.className = 'verdict-line ' + (regressed > 0 ? 'has-regressions' : 'no-regressions');
    const bits = [];
    if (res.test) bits.push('test: ' + String(res.test));
    if (isNum(res.alpha)) bits.push('α = ' + String(res.alpha));
    bits.push(`${changes.length} comparison${changes.length === 1 ? '' : 's'}`);
    meta.textContent = bits.join(' · ');
    for (const ch of changes) {
      const v = ch.verdict === null || ch.verdict === undefined ? 'not judged' : String(ch.verdict);
      const vcls = 'verdict-' + classToken(v);
      const intervals = ch.intervals && typeof ch.intervals === 'object'
        ? `${str(ch.intervals.baseline)} / ${str(ch.intervals.current)}`
        : DASH;
      const metric = str(ch.metric);
      const higher = ch.higherIsWorse === true ? 'higher is worse' : ch.higherIsWorse === false ? 'higher is better' : null;
      tbody.appendChild(
        h(
          'tr',
          { class: ['change-row', 'row-' + vcls] },
          h('td', { class: 'c-stage' }, str(ch.stage)),
          h('td', { class: 'c-model' }, str(ch.model)),
          h('td', { class: 'c-metric mono', title: higher }, metric),
          numCell('c-baseline', ch.baseline, fmtMetricValue(ch.metric, ch.baseline)),
          numCell('c-current', ch.current, fmtMetricValue(ch.metric, ch.current)),
          numCell('c-change', ch.change, fmtChange(ch.change)),
          numCell('c-limit', ch.limit, isNum(ch.limit) ? '±' + (ch.limit * 100).toFixed(1) + '%' : DASH),
          numCell('c-p', ch.pValue, fmtP(ch.pValue)),
          h('td', { class: 'num c-intervals' }, intervals),
          h('td', { class: ['c-verdict', vcls] }, v),
        ),
      );
    }
    if (changes.length === 0) {
      tbody.appendChild(h('tr', { class: 'empty' }, h('td', { colspan: 10 }, 'Nothing to compare.')));
    }
    table.hidden = false;
  }

  ctx.onCleanup(() => {
    if (inflight) inflight.abort();
  });

  (async () => {
    let runs = [];
    try {
      const res = await api('/api/v1/runs', { signal: ctx.signal });
      runs = Array.isArray(res) ? res.filter((r) => r && typeof r === 'object' && r.id !== null && r.id !== undefined) : [];
    } catch (e) {
      ctx.fail(e, 'Cannot load runs', 'runs');
      return;
    }
    if (!ctx.alive()) return;
    const ended = runs.filter((r) => runEnded(r));
    for (const sel of [baseline, current]) {
      clear(sel);
      sel.appendChild(h('option', { value: '' }, ended.length ? 'Choose a run…' : 'No ended run'));
      for (const r of ended) sel.appendChild(h('option', { value: String(r.id) }, optionLabel(r)));
      sel.disabled = ended.length === 0;
    }
    const ids = new Set(ended.map((r) => String(r.id)));
    const qb = ctx.query.get('baseline');
    const qc = ctx.query.get('current');
    if (qb && ids.has(qb) && qc && ids.has(qc)) {
      baseline.value = qb;
      current.value = qc;
      updateButtons();
      compare();
      return;
    }
    if (ended.length >= 2) {
      // newest first: the previous run is the baseline of the newest
      baseline.value = String(ended[1].id);
      current.value = String(ended[0].id);
    } else if (ended.length === 1) {
      current.value = String(ended[0].id);
    }
    if (ended.length < 2) verdict.textContent = 'Two ended runs are needed to compare.';
    updateButtons();
  })();
}
