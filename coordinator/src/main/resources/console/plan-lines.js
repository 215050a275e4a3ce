// Maps a JSON path of a plan problem ("$.load.stages[0].users") to a line of the YAML text, for
// problems whose line the server did not give. A heuristic for block-style YAML: it finds the key
// or the sequence item, or else its nearest ancestor that is in the text.

/** "$.a.b[0]['c d']" → ["a", "b", 0, "c d"]; null when it does not parse. */
export function parsePath(path) {
  if (typeof path !== 'string') return null;
  let s = path.trim();
  if (!s.startsWith('$')) return null;
  s = s.slice(1);
  const out = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
    else out.push(m[4]);
    pos = re.lastIndex;
  }
  return out;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\-?:,][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+(.*))?$/;

function unquote(k) {
  if (k.length >= 2 && k.startsWith('"') && k.endsWith('"')) {
    try {
      return JSON.parse(k);
    } catch (e) {
      return k.slice(1, -1);
    }
  }
  if (k.length >= 2 && k.startsWith("'") && k.endsWith("'")) return k.slice(1, -1).replace(/''/g, "'");
  return k;
}

/** Map of JSON.stringify(path array) → first 1-based line where that node starts. */
export function yamlPathLines(text) {
  const map = new Map();
  const lines = String(text || '').split('\n');
  let stack = []; // {col, kind: 'key'|'item', path, index}
  let blockOwner = null; // column of the key that owns a block scalar being skipped

  const record = (path, line) => {
    const k = JSON.stringify(path);
    if (!map.has(k)) map.set(k, line);
  };
  const parentPath = () => (stack.length ? stack[stack.length - 1].path : []);

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    if (blockOwner !== null) {
      if (indent > blockOwner) continue;
      blockOwner = null;
    }
    if (indent === 0 && (trimmed === '---' || trimmed === '...' || trimmed.startsWith('--- '))) {
      stack = [];
      continue;
    }
    let col = indent;
    let rest = raw.slice(indent);
    // any number of "- " prefixes, then maybe a key
    for (;;) {
      if (rest === '-' || rest.startsWith('- ')) {
        let prevIndex = -1;
        while (stack.length) {
          const top = stack[stack.length - 1];
          if (top.col > col || (top.col === col && top.kind === 'item')) {
            stack.pop();
            if (top.kind === 'item' && top.col === col) prevIndex = top.index;
          } else break;
        }
        const index = prevIndex + 1;
        const path = parentPath().concat([index]);
        stack.push({ col, kind: 'item', path, index });
        record(path, i + 1);
        const after = rest.slice(1);
        const spaces = after.length - after.trimStart().length;
        col += 1 + spaces;
        rest = after.trimStart();
        if (!rest || rest.startsWith('#')) break;
        continue;
      }
      const m = KEY.exec(rest.replace(/\s+#.*$/, ''));
      if (m) {
        const key = unquote(m[1].trim());
        while (stack.length && stack[stack.length - 1].col >= col) stack.pop();
        const path = parentPath().concat([key]);
        stack.push({ col, kind: 'key', path });
        record(path, i + 1);
        const value = (m[2] || '').trim();
        if (/^[|>][-+0-9]*$/.test(value.replace(/\s+#.*$/, ''))) blockOwner = col;
      }
      break;
    }
  }
  return map;
}

/** The 1-based line of path in the YAML text (or of its nearest ancestor); null if none. */
export function lineForPath(text, path, map) {
  const tokens = parsePath(path);
  if (!tokens || tokens.length === 0) return null;
  const m = map || yamlPathLines(text);
  for (let k = tokens.length; k > 0; k--) {
    const line = m.get(JSON.stringify(tokens.slice(0, k)));
    if (line !== undefined) return line;
  }
  return null;
}

/**
 * Normalizes problems: each gets line (server's, a positive integer, or null), shownLine (server's
 * line, else the inferred one, else null) and inferred (true when shownLine was inferred).
 */
export function placeProblems(text, problems) {
  let map = null;
  const lineCount = String(text || '').split('\n').length;
  return (Array.isArray(problems) ? problems : [])
    .filter((p) => p !== null && p !== undefined)
    .map((p) => {
    const o = p && typeof p === 'object' ? p : { message: String(p) };
    const line = Number.isInteger(o.line) && o.line > 0 ? o.line : null;
    let shownLine = line;
    let inferred = false;
    if (line === null && typeof o.path === 'string') {
      if (!map) map = yamlPathLines(text);
      const l = lineForPath(text, o.path, map);
      if (l !== null && l <= lineCount) {
        shownLine = l;
        inferred = true;
      }
    }
    return {
      path: typeof o.path === 'string' ? o.path : o.path === null || o.path === undefined ? '' : String(o.path),
      message: o.message === null || o.message === undefined ? '' : String(o.message),
      line,
      shownLine,
      inferred,
    };
  });
}
