import { Type, type Static, type TSchema, type TSchemaOptions } from 'typebox';
import { dayRange } from '../domain/field-rules.js';

/**
 * Shapes every area shares. The contract is the one description of the HTTP API: the server
 * validates and serializes with these schemas, the web reads their static types.
 */

export const ErrorResponse = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  { description: '错误：code 为机器可读代码，message 为中文说明' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/**
 * Schema marks read by the server's body validator (its text rules): free text may hold line
 * breaks and tabs; a secret is checked by its own policy and kept exactly as sent.
 */
export const textMarks = { multiline: 'x-multiline', secret: 'x-secret' } as const;
export const multiline = { [textMarks.multiline]: true } as const;
export const secret = { [textMarks.secret]: true } as const;

/** A row id (PostgreSQL `integer`): larger numbers are refused here, not left to fail in the database. */
export const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** A calendar day; every date field and date query parameter uses this one schema. */
export const IsoDate = Type.String({
  format: 'date',
  formatMinimum: dayRange.earliest,
  formatMaximum: dayRange.latest,
  description: `日期 YYYY-MM-DD（${dayRange.earliest} 至 ${dayRange.latest}）`,
});

/** A moment, as the server writes it: ISO 8601 text in UTC. */
export const Timestamp = Type.String({ format: 'date-time' });

export const Nullable = <T extends TSchema>(schema: T, options: TSchemaOptions = {}) =>
  Type.Union([schema, Type.Null()], options);

/** One or more characters with at least one that is not a space. */
export const Text = (maxLength: number, options: typeof multiline | object = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...options });

export const PersonName = Text(50);

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const Pagination = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

/** A page of a paginated list, as every list endpoint with `page`/`pageSize` answers. */
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer() });
export const ItemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
export interface Page<T> {
  items: T[];
  total: number;
}
export interface Items<T> {
  items: T[];
}

/** OpenAPI shape of a file download (xlsx and the like); the server sends its bytes unserialized. */
export const FileDownload = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: '文件' });

/** An answer without a body. */
export const NoContent = Type.Null();

/** True when two types are the same: a compile-time check that a schema matches a domain type. */
export type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
