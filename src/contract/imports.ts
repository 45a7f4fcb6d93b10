import { Type, type Static } from 'typebox';
import type { RowError as DomainRowError } from '../domain/member-import.js';
import type { Equal } from './common.js';

export const ImportKind = Type.Enum(['members', 'orgs']);
export type ImportKind = Static<typeof ImportKind>;

const importIdPattern = '^[A-Za-z0-9-]{1,64}$';

export const ImportHeaders = Type.Object({
  'x-import-id': Type.Optional(
    Type.String({ pattern: importIdPattern, description: '客户端生成的导入编号（如 UUID），用于查询进度' }),
  ),
});
export const ImportIdParams = Type.Object(
  { id: Type.String({ pattern: importIdPattern }) },
  { additionalProperties: false },
);

export const ImportResult = Type.Object({ imported: Type.Integer({ description: '导入的行数' }) });
export type ImportResult = Static<typeof ImportResult>;

export const ImportProgress = Type.Object({
  phase: Type.Enum(['reading', 'validating', 'writing', 'done', 'failed'], {
    description: 'reading 读取, validating 校验, writing 写入, done 完成, failed 失败',
  }),
  done: Type.Integer({ description: '已读取（reading、validating）或已写入（writing）的行数' }),
  total: Type.Union([Type.Integer(), Type.Null()], { description: '文件中的行数，读完后才知道' }),
});
export type ImportProgress = Static<typeof ImportProgress>;

export const RowError = Type.Object({ row: Type.Integer(), column: Type.String(), message: Type.String() });
export type RowError = Static<typeof RowError>;

/** `details` of a 422 IMPORT_ROWS_INVALID answer. */
export const RowErrors = Type.Object({
  total: Type.Integer(),
  rows: Type.Integer(),
  errors: Type.Array(RowError),
  registeredElsewhere: Type.Optional(
    Type.Integer({ description: '在上传者管辖范围以外登记的身份证号码数；服务器不指明行' }),
  ),
});
export type RowErrors = Static<typeof RowErrors>;

// The domain's row errors are what the server sends here.
const _rowErrorMatchesDomain: Equal<RowError, DomainRowError> = true;
void _rowErrorMatchesDomain;
