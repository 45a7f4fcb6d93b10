import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { ApiError, errorText } from '../api-client.js';
import { getMe } from '../session/get-me.js';
import type { FileMeta } from '../../../contract/files.js';

type UploadKind = 'attachment' | 'evidence';

/**
 * Uploads a photo or document to the file store (multipart, as `POST /api/files` takes it), under
 * the org whose readers should read it.
 */
async function uploadFile(file: File, orgId: number, kind: UploadKind): Promise<FileMeta> {
  const { csrfToken } = await getMe();
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api/files?kind=${kind}&orgId=${orgId}`, {
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

/** Stored files as the upload list shows them, each linking to its download. */
export const uploadedFiles = (files: readonly { id: number; name: string }[]): UploadFile[] =>
  files.map((f) => ({
    uid: String(f.id),
    name: f.name,
    status: 'done',
    url: `/api/files/${f.id}`,
    response: f,
  }));

/** The ids of the files in the list that finished uploading. */
export const uploadedIds = (list: readonly UploadFile[]): number[] =>
  list.flatMap((f) => (f.status === 'done' && f.response ? [(f.response as { id: number }).id] : []));

export const uploadAccept = 'image/jpeg,image/png,image/webp,.pdf,.docx,.xlsx';

/** Photos and documents uploaded one by one as they are picked (a phone's camera among them). */
export function FileUploadList({
  kind,
  orgId,
  fileList,
  onChange,
}: {
  kind: UploadKind;
  orgId: number | null;
  fileList: UploadFile[];
  onChange: (list: UploadFile[]) => void;
}) {
  const { message } = App.useApp();
  return (
    <Upload
      listType="picture"
      accept={uploadAccept}
      fileList={fileList}
      onChange={({ fileList: list }) => onChange(list)}
      customRequest={({ file, onSuccess, onError }) => {
        if (!orgId) {
          onError?.(new Error('请先选择组织'));
          return;
        }
        uploadFile(file as File, orgId, kind).then(
          (meta) => onSuccess?.(meta),
          (e: unknown) => {
            message.error(errorText(e));
            onError?.(e as Error);
          },
        );
      }}
    >
      <Button icon={<CameraOutlined />} block>
        拍照或选择文件
      </Button>
    </Upload>
  );
}
