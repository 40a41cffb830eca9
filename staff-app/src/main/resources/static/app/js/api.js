// The staff API, with the session's bearer token. Every failure becomes an ApiError with the problem's stable code
// (RFC 9457 problem+json), or NETWORK when nothing came back.
import { accessToken, touch } from './auth.js';

export class ApiError extends Error {
  constructor(status, code, problem) {
    super(code);
    this.status = status;
    this.code = code;
    this.problem = problem;
  }
}

export async function call(method, path, body, { timeoutMs = 10_000, headers = {} } = {}) {
  const token = accessToken();
  if (!token) throw new ApiError(401, 'SIGNED_OUT', null);
  touch();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json, application/problem+json',
        ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
      signal: abort.signal,
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', null);
  } finally {
    clearTimeout(timer);
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const code = json?.code ?? (response.status === 401 ? 'SIGNED_OUT' : (json?.type ?? '').split('/').pop().toUpperCase());
    throw new ApiError(response.status, code || `HTTP_${response.status}`, json);
  }
  return json;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body, options) => call('POST', path, body, options),
};
