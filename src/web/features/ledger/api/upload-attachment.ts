import { ApiError } from '../../../shared/api-client.js';
import { getMe } from '../../../shared/session/get-me.js';
import type { FileMeta } from '../../../../contract/files.js';

/**
 * Uploads a photo or document of a ledger record to the file store (multipart, as `POST /api/files`
 * takes it), under the record's org so everyone who reads the record reads the file.
 */
export async function uploadAttachment(file: File, orgId: number): Promise<FileMeta> {
  const { csrfToken } = await getMe();
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api/files?kind=attachment&orgId=${orgId}`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, accept: 'application/json' },
      credentials: 'same-origin',
      body,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', '上传失败，请检查网络后重试', 0);
  }
  const payload = (await response.json().catch(() => ({}))) as Partial<FileMeta> & {
    code?: string;
    message?: string;
  };
  if (!response.ok)
    throw new ApiError(
      payload.code ?? `HTTP_${response.status}`,
      payload.message ?? `上传失败（${response.status}）`,
      response.status,
    );
  return payload as FileMeta;
}
