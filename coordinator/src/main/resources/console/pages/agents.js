// #/agents — connected agents, refreshed every 2 s.
import { api } from '../api.js';
import { h, clear, fmtAge, fmtPct, fmtNum, fmtInt, isNum, classToken, enc, rawValue } from '../util.js';

const COLUMNS = [
  ['ID', ''],
  ['Host', ''],
  ['State', ''],
  ['Cores', 'num'],
  ['Max users', 'num'],
  ['CPU', 'num'],
  ['Loop delay (ms)', 'num'],
  ['Saturated', ''],
  ['Run', ''],
  ['Last heartbeat', ''],
];

export function mount(root, ctx) {
  const summary = h('span', { class: 'muted', id: 'agents-count' }, 'Loading…');
  const tbody = h('tbody');
  const table = h(
    'table',
    { id: 'agents-table', class: 'data' },
    h('caption', { class: 'sr-only' }, 'Connected agents'),
    h('thead', null, h('tr', null, COLUMNS.map(([t, c]) => h('th', { scope: 'col', class: c }, t)))),
    tbody,
  );
  root.appendChild(
    h(
      'section',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', null, 'Agents'), summary),
      h('div', { class: 'table-wrap' }, table),
    ),
  );

  let lastKey = null;
  ctx.every(2000, async () => {
    let agents;
    try {
      agents = await api('/api/v1/agents', { signal: ctx.signal });
    } catch (e) {
      ctx.fail(e, 'Cannot load agents', 'agents');
      return;
    }
    if (!ctx.alive()) return;
    ctx.status.clear('agents');
    const list = Array.isArray(agents) ? agents : [];
    const key = JSON.stringify(list);
    if (key === lastKey) {
      // same agents: only the heartbeat ages move (keeps keyboard focus in the table)
      const now = Date.now();
      const cells = tbody.querySelectorAll('td.age');
      list.forEach((a, i) => {
        if (cells[i] && a) cells[i].textContent = fmtAge(a.lastHeartbeat, now);
      });
      return;
    }
    lastKey = key;
    render(tbody, summary, list);
  });
}

function render(tbody, summary, list) {
  clear(tbody);
  const busy = list.filter((a) => a && a.runId).length;
  const sat = list.filter((a) => a && a.saturated).length;
  summary.textContent =
    `${list.length} agent${list.length === 1 ? '' : 's'} · ${busy} in a run` + (sat ? ` · ${sat} saturated` : '');
  if (list.length === 0) {
    tbody.appendChild(h('tr', { class: 'empty' }, h('td', { colspan: COLUMNS.length }, 'No agent is connected.')));
    return;
  }
  const now = Date.now();
  for (const a0 of list) {
    const a = a0 && typeof a0 === 'object' ? a0 : {};
    const id = a.id === null || a.id === undefined ? '' : String(a.id);
    const state = a.state === null || a.state === undefined ? '–' : String(a.state);
    tbody.appendChild(
      h(
        'tr',
        { class: ['agent-row', a.saturated ? 'is-saturated' : null], dataset: { id } },
        h('td', { class: 'mono' }, id || '–'),
        h('td', null, a.host === null || a.host === undefined ? '–' : String(a.host)),
        h('td', null, h('span', { class: ['badge', 'state-' + classToken(state)] }, state)),
        h('td', { class: 'num', dataset: { value: rawValue(a.cores) } }, fmtInt(a.cores)),
        h('td', { class: 'num', dataset: { value: rawValue(a.maxUsers) } }, fmtInt(a.maxUsers)),
        h('td', { class: ['num', isNum(a.cpuRatio) && a.cpuRatio >= 0.9 ? 'hot' : null], dataset: { value: rawValue(a.cpuRatio) } }, fmtPct(a.cpuRatio)),
        h('td', { class: 'num', dataset: { value: rawValue(a.loopDelayMs) } }, fmtNum(a.loopDelayMs, 1)),
        h('td', null, a.saturated ? h('span', { class: 'saturated', title: 'The agent is saturated: its numbers may be understated' }, 'saturated') : ''),
        h('td', null, a.runId ? h('a', { href: '#/runs/' + enc(String(a.runId)), class: 'mono' }, String(a.runId)) : '–'),
        h('td', { class: 'age', title: a.lastHeartbeat ? String(a.lastHeartbeat) : null }, fmtAge(a.lastHeartbeat, now)),
      ),
    );
  }
}
