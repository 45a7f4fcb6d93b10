import { Type, type Static } from 'typebox';
import { fileKindRules, fileKinds } from '../domain/file-kinds.js';
import { Id, Nullable, Timestamp } from './common.js';

const kindText = 'attachment 台账附件, evidence 佐证材料, report 述职报告, generated 系统生成文件';

/** A stored file's metadata, as upload and `GET /api/files/:id/meta` answer it. */
export const FileMeta = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '原始文件名' }),
  type: Type.String({ description: '由文件内容识别出的 MIME 类型' }),
  size: Type.Integer({ description: '字节数' }),
  kind: Type.Enum([...fileKinds], { description: kindText }),
  orgId: Type.Integer({ description: '文件所属组织' }),
  sha256: Type.String({ description: '文件内容的 SHA-256（十六进制）' }),
  uploadedBy: Nullable(Type.Integer()),
  uploaderName: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type FileMeta = Static<typeof FileMeta>;

/** Kinds users upload; `generated` files are written by the server only. */
export const uploadableFileKinds = fileKinds.filter((k) => fileKindRules[k].uploadable);

export const FileUploadQuery = Type.Object(
  {
    kind: Type.Enum([...uploadableFileKinds], { description: kindText }),
    orgId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type FileUploadQuery = Static<typeof FileUploadQuery>;
