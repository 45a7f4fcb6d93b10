import { Type, type Static } from 'typebox';
import type { RowError as DomainRowError } from '../domain/member-import.js';
import type { Equal } from './common.js';

export const ImportKind = Type.Enum(['members', 'orgs']);
export type ImportKind = Static<typeof ImportKind>;

/** The `result` of a succeeded import job. */
export const ImportResult = Type.Object({ imported: Type.Integer({ description: '导入的行数' }) });
export type ImportResult = Static<typeof ImportResult>;

export const RowError = Type.Object({ row: Type.Integer(), column: Type.String(), message: Type.String() });
export type RowError = Static<typeof RowError>;

/** `details` of a failed import job's IMPORT_ROWS_INVALID error. */
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
