// A tiny fetch wrapper: JSON in and out, problem+json (RFC 9457) errors become ApiError.
import { API_BASE } from './config.js';

export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.status = status; // 0 = the server could not be reached
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.code = problem.code;
    this.retryAfter = retryAfter;
  }
}

/** An API URL: path and query appended to API_BASE (or to this page's origin). */
export function apiUrl(path, params = {}) {
  const base = (API_BASE || location.origin).replace(/\/*$/, '/');
  const url = new URL(path.replace(/^\//, ''), base);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
  }
  return url;
}

async function request(path, { params, body, signal } = {}) {
  const init = { signal };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(apiUrl(path, params), init); // follows an old slug's 301 by itself
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { detail: 'Could not reach the server. Check your connection and try again.' });
  }
  const data = /json/.test(response.headers.get('content-type') ?? '') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, data ?? {}, response.headers.get('retry-after'));
  return data;
}

export const getJson = (path, params, signal) => request(path, { params, signal });
export const postJson = (path, body) => request(path, { body });
