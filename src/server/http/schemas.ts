import { Type } from '@fastify/type-provider-typebox';
import { dayRange } from '../../domain/field-rules.js';

export const ErrorResponse = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  { description: '错误：code 为机器可读代码，message 为中文说明' },
);

/**
 * Schema marks read by the body validator's text rules (`http/validation.ts`): free text may hold line
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

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const Pagination = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

// Rows carry Date objects; the serializer writes them as ISO 8601 text.
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
