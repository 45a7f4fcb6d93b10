import { ApiError, api, buildUrl } from '../../../shared/api-client.js';
import { getMe } from '../../../shared/session/get-me.js';
import type { Scheme, SchemeSummaries } from '../../../../contract/cycles.js';
import type { SchemeBody } from '../../../../contract/schemes.js';

type Audience = SchemeBody['audience'];

export function listSchemes(cycleId: number, signal?: AbortSignal): Promise<SchemeSummaries> {
  return api.get<SchemeSummaries>(`/cycles/${cycleId}/schemes`, { signal });
}

export function getScheme(
  cycleId: number,
  audience: Audience,
  version: number | undefined,
  signal?: AbortSignal,
): Promise<Scheme> {
  return api.get<Scheme>(`/cycles/${cycleId}/schemes/${audience}`, { query: { version }, signal });
}

export function saveScheme(cycleId: number, body: SchemeBody): Promise<Scheme> {
  return api.put<Scheme>(`/cycles/${cycleId}/schemes/${body.audience}`, body);
}

// A plain link: the browser keeps the session cookie and names the file from Content-Disposition.
export const schemeExportUrl = (cycleId: number, audience: Audience, version?: number) =>
  buildUrl(`/cycles/${cycleId}/schemes/${audience}/export`, { version });

/** Sends the xlsx itself as the body; the scheme is saved whole or not at all. */
export async function importScheme(cycleId: number, audience: Audience, file: File): Promise<Scheme> {
  // The CSRF token lives with the session; /auth/me hands it out.
  const { csrfToken } = await getMe();
  let response: Response;
  try {
    response = await fetch(`/api/cycles/${cycleId}/schemes/${audience}/import`, {
      method: 'POST',
      headers: { 'content-type': file.type || 'application/octet-stream', 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', '上传失败，请检查网络后重试', 0);
  }
  const body = (await response.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    details?: unknown;
  };
  if (!response.ok)
    throw new ApiError(
      body.code ?? `HTTP_${response.status}`,
      body.message ?? `导入失败（${response.status}）`,
      response.status,
      body.details,
    );
  return body as Scheme;
}
