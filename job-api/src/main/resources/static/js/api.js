// REST calls to job-api with the signed-in API key (X-Api-Key). The key lives in sessionStorage only.

const KEY_ITEM = 'autobolt.apiKey';

export function storedKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function storeKey(key) {
  sessionStorage.setItem(KEY_ITEM, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_ITEM);
}

/** An answer other than 2xx, with the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, method, path) {
    super(describe(status, problem, method, path));
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, problem, method, path) {
  const detail = problem && (problem.detail || problem.title);
  const fields = problem && Array.isArray(problem.errors)
    ? problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
    : '';
  const text = [detail, fields].filter(Boolean).join(' — ');
  if (status === 403) {
    return `Not allowed: ${text || `your key's role may not ${method} ${path}`}`;
  }
  if (status === 401) {
    return 'The API key was refused; sign in again.';
  }
  return text || `${method} ${path} answered HTTP ${status}`;
}

/** Calls job-api; resolves with the parsed JSON body (or null), rejects with an ApiError. */
export async function api(path, options = {}) {
  return (await apiAnswer(path, options)).data;
}

/** As api(), also with the answer's ETag (what an edit sends back in If-Match). */
export async function apiAnswer(path, { method = 'GET', body, headers = {} } = {}) {
  const request = {
    method,
    headers: {
      Accept: 'application/json, application/problem+json',
      'X-Api-Key': storedKey() || '',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  let response;
  try {
    response = await fetch(path, request);
  } catch (e) {
    throw new ApiError(0, { detail: `job-api is unreachable (${e.message})` }, method, path);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data, method, path);
  }
  return { data, etag: response.headers.get('ETag') };
}

/** A random UUID, also where crypto.randomUUID is missing (plain http on another host). */
export function randomId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
