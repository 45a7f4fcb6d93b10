import { ApiError } from '../../../lib/api-client.js';
import { getMe } from '../../auth/api/get-me.js';
import type { ImportKind } from '../../../../contract/imports.js';

/**
 * Sends the file itself as the request body with XMLHttpRequest, whose upload events (unlike fetch's)
 * report how much has been sent. `importId` lets the caller poll the server's phases meanwhile.
 */
export async function uploadImport(
  kind: ImportKind,
  file: File,
  importId: string,
  onUploaded: (fraction: number) => void,
): Promise<{ imported: number }> {
  // The CSRF token lives with the session; /auth/me hands it out.
  const { csrfToken } = await getMe();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/${kind}`);
    xhr.setRequestHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('x-import-id', importId);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onUploaded(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError('NETWORK_ERROR', '上传失败，请检查网络后重试', 0));
    xhr.onload = () => {
      let body: { code?: string; message?: string; details?: unknown; imported?: number } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: reported below by status.
      }
      if (xhr.status === 200 && typeof body.imported === 'number') resolve({ imported: body.imported });
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
