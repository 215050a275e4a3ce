// #/new — plan editor: examples, line gutter, validation as you type, launch.
import { api, isAbort } from '../api.js';
import { h, clear, debounce, enc } from '../util.js';
import { placeProblems } from '../plan-lines.js';

export function mount(root, ctx) {
  const picker = h('select', { id: 'example', 'aria-label': 'Example plan', disabled: true },
    h('option', { value: '' }, 'Loading examples…'));
  const badge = h('span', { id: 'plan-valid', class: 'badge validity pending', 'aria-live': 'polite' }, 'loading…');
  const warnCount = h('span', { id: 'plan-warnings', class: 'muted' });
  const launch = h('button', { id: 'launch', type: 'button', class: 'btn btn-primary', disabled: true,
    title: ctx.canOperate ? 'Launch the plan (Ctrl+Enter)' : 'Viewers cannot launch runs' }, 'Launch');
  const gutter = h('div', { id: 'plan-gutter', class: 'gutter', 'aria-hidden': 'true' });
  const editor = h('textarea', {
    id: 'plan-editor',
    class: 'editor-text',
    wrap: 'off',
    spellcheck: 'false',
    autocomplete: 'off',
    autocapitalize: 'off',
    'aria-label': 'Plan (YAML)',
    'aria-describedby': 'plan-problems',
  });
  const problemsList = h('ul', { id: 'plan-problems', class: 'problems', 'aria-label': 'Problems and warnings' });
  const viewerNote = ctx.canOperate
    ? null
    : h('p', { class: 'note' }, 'You are logged in as a viewer: plans can be read here but not validated or launched.');

  root.appendChild(
    h(
      'section',
      { class: 'page page-new' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, 'New run'),
        h('label', { class: 'inline' }, h('span', { class: 'muted' }, 'Example'), picker),
        h('div', { class: 'spacer' }),
        badge,
        warnCount,
        launch,
      ),
      viewerNote,
      h('div', { class: 'editor' }, gutter, editor),
      h('div', { class: 'problems-head' }, h('h2', null, 'Problems'), h('span', { class: 'muted' },
        'Select a problem to jump to its line.')),
      problemsList,
    ),
  );

  let validity = 'loading'; // loading | pending | valid | invalid | unknown
  let launching = false;
  let validateCtl = null;
  let lineCount = 0;
  let marks = { problems: new Set(), warnings: new Set() };

  /* ----- gutter ----- */

  function updateGutter() {
    const n = editor.value.split('\n').length;
    if (n !== lineCount) {
      lineCount = n;
      clear(gutter);
      const frag = document.createDocumentFragment();
      for (let i = 1; i <= n; i++) frag.appendChild(h('div', { class: 'gutter-line', dataset: { line: i } }, String(i)));
      frag.appendChild(h('div', { class: 'gutter-pad' }));
      gutter.appendChild(frag);
    }
    markGutter();
    gutter.scrollTop = editor.scrollTop;
  }

  function markGutter() {
    const lines = gutter.children;
    for (let i = 0; i < lines.length; i++) {
      const el = lines[i];
      const n = i + 1;
      el.classList.toggle('problem-line', marks.problems.has(n));
      el.classList.toggle('warning-line', !marks.problems.has(n) && marks.warnings.has(n));
    }
  }

  editor.addEventListener('scroll', () => {
    gutter.scrollTop = editor.scrollTop;
  });

  function lineHeight() {
    const v = parseFloat(getComputedStyle(editor).lineHeight);
    return Number.isFinite(v) && v > 0 ? v : 18;
  }

  function jumpTo(line) {
    if (!Number.isInteger(line) || line < 1) {
      editor.focus();
      return;
    }
    const lines = editor.value.split('\n');
    const n = Math.min(line, lines.length);
    let start = 0;
    for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
    const end = start + lines[n - 1].length;
    editor.focus();
    editor.setSelectionRange(start, end);
    const lh = lineHeight();
    editor.scrollTop = Math.max(0, (n - 1) * lh - editor.clientHeight / 3);
    gutter.scrollTop = editor.scrollTop;
  }

  /* ----- validity ----- */

  function setValidity(v, problemCount = 0) {
    validity = v;
    badge.className = 'badge validity ' + v;
    if (v === 'valid') badge.textContent = 'valid';
    else if (v === 'invalid') badge.textContent = `${problemCount} problem${problemCount === 1 ? '' : 's'}`;
    else if (v === 'pending') badge.textContent = 'checking…';
    else if (v === 'loading') badge.textContent = 'loading…';
    else badge.textContent = 'not checked';
    updateLaunch();
  }

  function updateLaunch() {
    const hasText = editor.value.trim().length > 0;
    launch.disabled =
      !ctx.canOperate || launching || !hasText || !(validity === 'valid' || validity === 'unknown');
  }

  function problemItem(p, kind) {
    const lineText = p.shownLine === null ? 'line –' : (p.inferred ? 'line ~' : 'line ') + p.shownLine;
    const li = h(
      'li',
      {
        class: kind,
        tabindex: '0',
        role: 'button',
        dataset: { line: p.line === null ? '' : p.line, path: p.path, inferredLine: p.inferred ? p.shownLine : null },
        title: p.inferred ? 'The server gave no line; this is the nearest line found for the path' : null,
      },
      h('span', { class: 'p-line' }, lineText),
      ' · ',
      h('span', { class: 'p-path mono' }, p.path || '$'),
      ' · ',
      h('span', { class: 'p-msg' }, p.message),
    );
    const go = () => jumpTo(p.shownLine);
    li.addEventListener('click', go);
    li.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        go();
      }
    });
    return li;
  }

  function showProblems(problems, warnings, text) {
    const ps = placeProblems(text, problems);
    const ws = placeProblems(text, warnings);
    clear(problemsList);
    for (const p of ps) problemsList.appendChild(problemItem(p, 'problem'));
    for (const w of ws) problemsList.appendChild(problemItem(w, 'warning'));
    if (ps.length === 0 && ws.length === 0) {
      problemsList.appendChild(h('li', { class: 'none muted' }, 'No problems.'));
    }
    marks = {
      problems: new Set(ps.map((p) => p.shownLine).filter((x) => x !== null)),
      warnings: new Set(ws.map((p) => p.shownLine).filter((x) => x !== null)),
    };
    markGutter();
    warnCount.textContent = ws.length ? `${ws.length} warning${ws.length === 1 ? '' : 's'}` : '';
    return ps.length;
  }

  async function validate() {
    if (!ctx.alive() || !ctx.canOperate) return;
    if (validateCtl) validateCtl.abort();
    const controller = new AbortController();
    validateCtl = controller;
    const text = editor.value;
    if (!text.trim()) {
      showProblems([{ path: '$', message: 'The plan is empty.', line: null }], [], text);
      setValidity('invalid', 1);
      return;
    }
    setValidity('pending');
    try {
      const res = await api('/api/v1/validate', { method: 'POST', yaml: text, signal: controller.signal });
      if (!ctx.alive() || controller.signal.aborted || editor.value !== text) return;
      const r = res && typeof res === 'object' ? res : {};
      const problems = Array.isArray(r.problems) ? r.problems : [];
      const warnings = Array.isArray(r.warnings) ? r.warnings : [];
      const n = showProblems(problems, warnings, text);
      const valid = r.valid === true || (r.valid === undefined && n === 0);
      setValidity(valid && n === 0 ? 'valid' : 'invalid', Math.max(n, valid ? 0 : 1));
      ctx.status.clear('validate');
    } catch (e) {
      if (isAbort(e) || !ctx.alive() || controller.signal.aborted) return;
      if (e.status === 401) return;
      setValidity('unknown');
      ctx.fail(e, 'Cannot validate the plan', 'validate');
    } finally {
      if (validateCtl === controller) validateCtl = null;
    }
  }

  const validateSoon = debounce(validate, 300);

  editor.addEventListener('input', () => {
    updateGutter();
    if (ctx.canOperate) {
      if (validateCtl) validateCtl.abort();
      setValidity('pending');
      validateSoon();
    } else {
      updateLaunch();
    }
  });
  editor.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      if (!launch.disabled) doLaunch();
    }
  });

  function setText(text) {
    editor.value = text;
    editor.scrollTop = 0;
    updateGutter();
    if (ctx.canOperate) {
      validateSoon.cancel();
      validate();
    } else {
      setValidity('unknown');
    }
  }

  /* ----- launch ----- */

  async function doLaunch() {
    if (launching || !ctx.canOperate) return;
    const text = editor.value;
    launching = true;
    updateLaunch();
    launch.textContent = 'Launching…';
    try {
      const res = await api('/api/v1/runs', { method: 'POST', yaml: text, signal: ctx.signal });
      if (!ctx.alive()) return;
      const id = res && res.id !== undefined && res.id !== null ? String(res.id) : '';
      if (!id) {
        ctx.status.error('The coordinator accepted the run but returned no id.');
        return;
      }
      ctx.navigate('#/runs/' + enc(id));
    } catch (e) {
      if (isAbort(e) || !ctx.alive()) return;
      const errors = e && e.body && Array.isArray(e.body.errors) ? e.body.errors : null;
      if (e.status === 400 && errors) {
        const n = showProblems(errors, [], text);
        setValidity('invalid', Math.max(1, n));
        ctx.status.error('The plan was refused: ' + n + ' problem' + (n === 1 ? '' : 's') + '.', 'launch');
      } else if (e.status === 429) {
        ctx.status.error('Too many runs: ' + e.message, 'launch');
      } else if (e.status === 403) {
        ctx.status.error('Not allowed: ' + e.message, 'launch');
      } else {
        ctx.fail(e, 'Launch failed', 'launch');
      }
    } finally {
      if (ctx.alive()) {
        launching = false;
        launch.textContent = 'Launch';
        updateLaunch();
      }
    }
  }

  launch.addEventListener('click', doLaunch);

  /* ----- examples ----- */

  let examples = [];
  picker.addEventListener('change', () => {
    const ex = examples[picker.selectedIndex];
    if (ex) setText(ex.text);
  });

  ctx.onCleanup(() => {
    validateSoon.cancel();
    if (validateCtl) validateCtl.abort();
  });

  updateGutter();
  (async () => {
    let list = [];
    try {
      const res = await api('/api/v1/examples', { signal: ctx.signal });
      list = Array.isArray(res) ? res : [];
    } catch (e) {
      ctx.fail(e, 'Cannot load the examples', 'examples');
    }
    if (!ctx.alive()) return;
    examples = list
      .filter((x) => x && typeof x === 'object')
      .map((x) => ({ name: x.name === null || x.name === undefined ? '' : String(x.name), text: typeof x.text === 'string' ? x.text : '' }));
    clear(picker);
    if (examples.length === 0) {
      picker.appendChild(h('option', { value: '' }, 'No examples'));
      picker.disabled = true;
      setText(editor.value);
      return;
    }
    examples.forEach((ex, i) => picker.appendChild(h('option', { value: ex.name }, ex.name || `example ${i + 1}`)));
    picker.disabled = false;
    let idx = examples.findIndex((x) => x.name === 'demo');
    if (idx < 0) idx = 0;
    picker.selectedIndex = idx;
    // keep what the user typed while the examples were loading
    if (editor.value.trim() === '') setText(examples[idx].text);
    else setText(editor.value);
  })();
}
