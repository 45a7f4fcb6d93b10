import { ApiError } from '../api-client.js';
import { getMe } from '../session/get-me.js';
import type { JobStarted } from '../../../contract/jobs.js';

/**
 * Sends the file itself as the request body with XMLHttpRequest, whose upload events (unlike fetch's)
 * report how much has been sent. Resolves to the id of the job that imports it.
 */
export async function uploadImport(
  /** The upload route, under /api: `/imports/members`, `/ledger/import` … */
  path: string,
  file: File,
  onUploaded: (fraction: number) => void,
): Promise<JobStarted> {
  // The CSRF token lives with the session; /auth/me hands it out.
  const { csrfToken } = await getMe();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.setRequestHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onUploaded(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError('NETWORK_ERROR', '上传失败，请检查网络后重试', 0));
    xhr.onload = () => {
      let body: { code?: string; message?: string; details?: unknown; jobId?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: reported below by status.
      }
      if (xhr.status === 202 && typeof body.jobId === 'string') resolve({ jobId: body.jobId });
      else
        reject(
          new ApiError(
            body.code ?? `HTTP_${xhr.status}`,
            body.message ?? `导入失败（${xhr.status}）`,
            xhr.status,
            body.details,
          ),
        );
    };
    xhr.send(file);
  });
}
