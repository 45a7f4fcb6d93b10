/**
 * The one way the web app talks to the server: JSON in and out, same-origin cookies, the CSRF header on
 * every non-GET request, and server errors `{code, message, details}` turned into a thrown ApiError.
 */

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Errors the app already reacts to by itself (redirect to login or to the change-password page). */
export function isHandledGlobally(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.code === 'UNAUTHENTICATED' || error.code === 'PASSWORD_CHANGE_REQUIRED' || error.status === 401)
  );
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The Chinese text to show for any error thrown while calling the API. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return `发生错误：${error.message}`;
  return '发生未知错误，请稍后重试';
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

interface ApiEventHandlers {
  /** The session is gone (401): the app goes to the login page. */
  onUnauthenticated?: () => void;
  /** The server demands a password change first (403 PASSWORD_CHANGE_REQUIRED). */
  onPasswordChangeRequired?: () => void;
}

let handlers: ApiEventHandlers = {};

export function setApiEventHandlers(next: ApiEventHandlers): void {
  handlers = next;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** false for calls where a 401 is an expected answer (login, me), not a lost session. */
  redirectOnUnauthenticated?: boolean;
  /** 'omit' for the anonymous ballot page: a ballot must not travel with anyone's session cookie. */
  credentials?: RequestCredentials;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `/api${path}?${qs}` : `/api${path}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A file goes as its own bytes (an upload route reads the raw body); anything else as JSON.
  const raw = options.body instanceof Blob;
  if (options.body !== undefined)
    headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: options.credentials ?? 'same-origin',
      body:
        options.body === undefined ? undefined : raw ? (options.body as Blob) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('NETWORK_ERROR', '无法连接服务器，请检查网络后重试', 0);
  }

  if (response.status === 204) return undefined as T;

  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (response.ok) {
    if (text && payload === undefined) {
      throw new ApiError('BAD_RESPONSE', '服务器返回了无法识别的数据', response.status);
    }
    return payload as T;
  }

  const body = (payload ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
  const message =
    typeof body.message === 'string' && body.message
      ? body.message
      : response.status >= 500
        ? `服务器内部错误（${response.status}），请稍后重试`
        : `请求失败（${response.status}）`;
  const error = new ApiError(code, message, response.status, body.details);

  if (response.status === 401 && options.redirectOnUnauthenticated !== false) handlers.onUnauthenticated?.();
  if (response.status === 403 && code === 'PASSWORD_CHANGE_REQUIRED') handlers.onPasswordChangeRequired?.();
  throw error;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};
