// Fetch wrapper for the coordinator's /api/v1. Every call resolves to parsed JSON (or null) or
// rejects with an ApiError (status 0 for a network failure) or an AbortError; callers catch.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

let unauthorizedHandler = null;

/** Called (once per failing request) when a request answers 401. */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

export function isAbort(e) {
  return Boolean(e) && e.name === 'AbortError';
}

/** A readable message from an error body: {error}, {message} or {errors:[{path,message,line}]}. */
export function messageOf(body, fallback) {
  if (body && typeof body === 'object') {
    if (typeof body.error === 'string' && body.error) return body.error;
    if (typeof body.message === 'string' && body.message) return body.message;
    if (Array.isArray(body.errors) && body.errors.length) {
      return body.errors
        .map((e) => {
          if (!e || typeof e !== 'object') return String(e);
          const path = e.path ? e.path + ': ' : '';
          return path + (e.message || '');
        })
        .join('; ');
    }
  }
  if (typeof body === 'string' && body.trim() && body.length < 300) return body.trim();
  return fallback;
}

/**
 * api(path, {method, json, yaml, signal, quiet401}).
 * json: a value sent as application/json; yaml: a string sent as application/yaml.
 */
export async function api(path, opts = {}) {
  const init = { method: opts.method || 'GET', credentials: 'same-origin', headers: {} };
  init.headers.Accept = 'application/json';
  if (opts.yaml !== undefined) {
    init.headers['Content-Type'] = 'application/yaml';
    init.body = opts.yaml;
  } else if (opts.json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.json);
  }
  if (opts.signal) init.signal = opts.signal;
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(0, 'Cannot reach the coordinator (' + (e && e.message ? e.message : 'network error') + ')');
  }
  let body = null;
  let text = '';
  try {
    text = await res.text();
  } catch (e) {
    if (isAbort(e)) throw e;
    text = '';
  }
  if (text) {
    const type = res.headers.get('Content-Type') || '';
    if (type.includes('json') || /^\s*[[{]/.test(text)) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = text;
      }
    } else {
      body = text;
    }
  }
  if (res.status === 401) {
    if (!opts.quiet401 && unauthorizedHandler) unauthorizedHandler();
    throw new ApiError(401, messageOf(body, 'Not logged in'), body);
  }
  if (!res.ok) {
    throw new ApiError(res.status, messageOf(body, `${res.status} ${res.statusText || 'error'}`), body);
  }
  return body;
}
