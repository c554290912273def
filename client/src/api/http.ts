/**
 * The fetch wrapper every page uses: JSON in and out, the Bearer token from localStorage,
 * and the error contract {error:{code,message,fields?}} turned into an ApiError.
 */
export const TOKEN_KEY = 'tenderhall.token';

export type FieldIssue = { path: string; message: string };

/** An error answer from the API (or a network failure, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = (err: ApiError) => void;
const authListeners = new Set<Listener>();

/** Called when the API says the session is gone (401), so the shell can sign out. */
export function onAuthLost(fn: Listener): () => void {
  authListeners.add(fn);
  return () => authListeners.delete(fn);
}

const endedListeners = new Set<Listener>();

/** Called when a realtime socket is told `signed-out` (account disabled, token revoked or expired) before it is cut. */
export function onSessionEnded(fn: Listener): () => void {
  endedListeners.add(fn);
  return () => endedListeners.delete(fn);
}

/** The server ended this session over a socket: sign out (as on a 401) and let the shell send the user to the login page. */
export function sessionEnded(err: ApiError): void {
  authListeners.forEach((fn) => fn(err));
  endedListeners.forEach((fn) => fn(err));
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
};

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') {
      params.set(k, String(v));
    }
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body; // the browser sets the multipart boundary
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  if (!res.ok) {
    throw await toApiError(res);
  }
  return res;
}

async function toApiError(res: Response): Promise<ApiError> {
  let parsed: { error?: { code?: string; message?: string; fields?: FieldIssue[] } } | null = null;
  try {
    parsed = await res.json();
  } catch {
    parsed = null;
  }
  const e = parsed?.error;
  const err = new ApiError(res.status, e?.code ?? (res.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR'), e?.message ?? res.statusText, e?.fields ?? []);
  if (res.status === 401) {
    authListeners.forEach((fn) => fn(err));
  }
  return err;
}

/** Calls the API and returns the parsed JSON (undefined for 204). */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) {
    return undefined as T;
  }
  return (await res.json()) as T;
}

/** Downloads a file with the session's token and hands it to the browser as a download. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await send(path, {});
  saveBlob(await res.blob(), filenameFrom(res.headers.get('Content-Disposition')) ?? fallbackName);
}

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** RFC 5987 filename* first, then the plain filename. */
export function filenameFrom(header: string | null): string | null {
  if (!header) {
    return null;
  }
  const star = /filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return star[1];
    }
  }
  const plain = /filename="?([^";]+)"?/.exec(header);
  return plain?.[1] ?? null;
}
