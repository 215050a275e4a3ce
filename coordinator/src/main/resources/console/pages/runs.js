// #/runs — runs, newest first, filtered by tag (?tag=key:value or key), refreshed every 5 s.
import { api } from '../api.js';
import {
  h, clear, debounce, enc, fmtDuration, fmtInt, fmtMs, fmtRate, fmtTime, numCell, statusBadge,
} from '../util.js';

const HEAD = [
  ['Run', ''],
  ['Status', ''],
  ['Tags', ''],
  ['Created', ''],
  ['Duration', 'num'],
  ['Req/s', 'num'],
  ['Tok/s', 'num'],
  ['TTFT p50', 'num', 'ms'],
  ['TTFT p99', 'num', 'ms'],
  ['TPOT p50', 'num', 'ms'],
  ['TPOT p99', 'num', 'ms'],
  ['Errors', 'num'],
  ['Files', ''],
];

export function runFiles(id) {
  const base = '/api/v1/runs/' + enc(id);
  // spaces between the links let a narrow cell wrap them
  return [
    h('a', { class: 'report-link', href: base + '/report', target: '_blank', rel: 'noopener' }, 'report'),
    h('a', { class: 'summary-link', href: base + '/files/summary.json', download: 'summary.json' }, 'summary.json'),
    h('a', { class: 'csv-link', href: base + '/files/summary.csv', download: 'summary.csv' }, 'csv'),
    h('a', { class: 'hlog-link', href: base + '/files/histograms.hlog', download: 'histograms.hlog' }, 'hlog'),
  ].flatMap((a, i) => (i === 0 ? [a] : [' ', a]));
}

export function mount(root, ctx) {
  const filter = h('input', {
    id: 'runs-filter',
    type: 'search',
    placeholder: 'tag filter: key:value or key',
    'aria-label': 'Filter runs by tag (key:value or key)',
    spellcheck: 'false',
    autocomplete: 'off',
    value: ctx.query.get('tag') || '',
  });
  const count = h('span', { class: 'muted', id: 'runs-count' }, 'Loading…');
  const tbody = h('tbody');
  const showDelete = ctx.isAdmin;
  const head = HEAD.map(([t, c, unit]) =>
    h('th', { scope: 'col', class: c }, t, unit ? h('span', { class: 'unit' }, ' ' + unit) : null),
  );
  if (showDelete) head.push(h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')));
  const table = h(
    'table',
    { id: 'runs-table', class: 'data' },
    h('caption', { class: 'sr-only' }, 'Runs, newest first'),
    h('thead', null, h('tr', null, head)),
    tbody,
  );
  root.appendChild(
    h(
      'section',
      { class: 'page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, 'Runs'),
        count,
        h('div', { class: 'spacer' }),
        h('label', { class: 'filter' }, h('span', { class: 'muted' }, 'Tag'), filter),
        ctx.canOperate ? h('a', { class: 'btn btn-primary', href: '#/new' }, 'New run') : null,
      ),
      h('div', { class: 'table-wrap' }, table),
    ),
  );

  let lastKey = null;
  let inflight = null;

  async function load() {
    if (inflight) inflight.abort();
    const controller = new AbortController();
    inflight = controller;
    const onPageAbort = () => controller.abort();
    ctx.signal.addEventListener('abort', onPageAbort);
    const tag = filter.value.trim();
    const url = '/api/v1/runs' + (tag ? '?tag=' + enc(tag) : '');
    try {
      const runs = await api(url, { signal: controller.signal });
      if (!ctx.alive() || controller.signal.aborted) return;
      ctx.status.clear('runs');
      const list = Array.isArray(runs) ? runs : [];
      const key = tag + '\n' + JSON.stringify(list);
      if (key === lastKey) return;
      lastKey = key;
      render(list, tag);
    } catch (e) {
      ctx.fail(e, 'Cannot load runs', 'runs');
    } finally {
      ctx.signal.removeEventListener('abort', onPageAbort);
      if (inflight === controller) inflight = null;
    }
  }

  function render(list, tag) {
    const focusedId = document.activeElement && tbody.contains(document.activeElement)
      ? document.activeElement.closest('tr') && document.activeElement.closest('tr').dataset.id
      : null;
    const focusedClass = focusedId ? document.activeElement.className : null;
    clear(tbody);
    count.textContent = `${list.length} run${list.length === 1 ? '' : 's'}` + (tag ? ` with tag ${tag}` : '');
    if (list.length === 0) {
      tbody.appendChild(
        h('tr', { class: 'empty' }, h('td', { colspan: HEAD.length + (showDelete ? 1 : 0) },
          tag ? 'No run has this tag.' : 'No runs yet.')),
      );
      return;
    }
    for (const r0 of list) {
      const r = r0 && typeof r0 === 'object' ? r0 : {};
      const id = r.id === null || r.id === undefined ? '' : String(r.id);
      const name = r.name === null || r.name === undefined || r.name === '' ? id : String(r.name);
      const tags = r.tags && typeof r.tags === 'object' ? Object.entries(r.tags) : [];
      const row = h(
        'tr',
        { class: 'run-row', dataset: { id, status: r.status === null || r.status === undefined ? '' : String(r.status) } },
        h(
          'td',
          { class: 'c-run' },
          h('a', { class: 'run-link', href: '#/runs/' + enc(id) }, name),
          h('div', { class: 'sub mono' }, id),
        ),
        h('td', null, statusBadge(r.status)),
        h(
          'td',
          { class: 'c-tags' },
          tags.flatMap(([k, v], i) => {
            const text = v === null || v === undefined || v === '' ? String(k) : `${k}:${v}`;
            const chip = h(
              'button',
              {
                type: 'button',
                class: 'tag',
                title: 'Filter by ' + text,
                on: {
                  click: () => {
                    filter.value = text;
                    load();
                  },
                },
              },
              text,
            );
            return i === 0 ? [chip] : [' ', chip];
          }),
        ),
        h('td', { class: 'c-created', title: r.createdAt ? String(r.createdAt) : null }, fmtTime(r.createdAt).split(' ').flatMap((part, i) => (i === 0 ? [h('span', { class: 'nowrap' }, part)] : [' ', h('span', { class: 'nowrap' }, part)]))),
        numCell('c-duration', r.durationS, fmtDuration(r.durationS)),
        numCell('c-rps', r.requestsPerS, fmtRate(r.requestsPerS)),
        numCell('c-tps', r.tokensPerS, fmtRate(r.tokensPerS)),
        numCell('c-ttft-p50', r.ttftP50, fmtMs(r.ttftP50)),
        numCell('c-ttft-p99', r.ttftP99, fmtMs(r.ttftP99)),
        numCell('c-tpot-p50', r.tpotP50, fmtMs(r.tpotP50)),
        numCell('c-tpot-p99', r.tpotP99, fmtMs(r.tpotP99)),
        numCell(['c-errors', r.errors > 0 ? 'bad' : null], r.errors, fmtInt(r.errors)),
        h('td', { class: 'links c-files' }, runFiles(id)),
      );
      if (showDelete) {
        row.appendChild(
          h(
            'td',
            null,
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-small btn-danger run-delete',
                title: 'Delete run ' + id + ' and its files',
                'aria-label': 'Delete run ' + id,
                on: { click: (ev) => remove(id, ev.currentTarget) },
              },
              'Delete',
            ),
          ),
        );
      }
      tbody.appendChild(row);
    }
    if (focusedId !== null && focusedId !== undefined && focusedClass) {
      for (const tr of tbody.querySelectorAll('tr.run-row')) {
        if (tr.dataset.id === focusedId) {
          const cls = focusedClass.split(/\s+/).filter(Boolean).pop();
          const el = cls ? tr.getElementsByClassName(cls)[0] : null;
          if (el) el.focus();
          break;
        }
      }
    }
  }

  async function remove(id, button) {
    button.disabled = true;
    try {
      await api('/api/v1/runs/' + enc(id), { method: 'DELETE', json: {}, signal: ctx.signal });
      if (!ctx.alive()) return;
      for (const tr of tbody.querySelectorAll('tr.run-row')) {
        if (tr.dataset.id === id) tr.remove();
      }
      lastKey = null;
      ctx.status.ok('Run ' + id + ' deleted.', 'deleted');
      load();
    } catch (e) {
      if (!ctx.alive()) return;
      button.disabled = false;
      if (e && e.status === 409) ctx.status.error('Run ' + id + ' cannot be deleted while it is active: ' + e.message);
      else ctx.fail(e, 'Cannot delete run ' + id);
    }
  }

  const onFilter = debounce(() => {
    if (ctx.alive()) load();
  }, 300);
  filter.addEventListener('input', onFilter);
  filter.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      onFilter.cancel();
      load();
    } else if (ev.key === 'Escape' && filter.value) {
      filter.value = '';
      onFilter.cancel();
      load();
    }
  });
  ctx.onCleanup(() => {
    onFilter.cancel();
    if (inflight) inflight.abort();
  });
  ctx.every(5000, load);
}
