import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import type { FastifySchemaCompiler } from 'fastify';
import { badRequest } from '../errors.js';

// ajv-i18n is CommonJS whose typings describe an ES default export; require() gives the function itself.
const localizeZh: (errors: ErrorObject[]) => void = createRequire(import.meta.url)('ajv-i18n/localize/zh');

// Bodies are validated strictly: a number where a string belongs is an error, not coerced.
// Query strings and params are text on the wire, so they are coerced to the declared types.
function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    allErrors: true,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');

/** The field of the first string holding a NUL character, which PostgreSQL text cannot store. */
function nulField(value: unknown, field: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? field : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulField(inner, field ? `${field}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
  const where = partLabels[httpPart ?? 'body'] ?? httpPart ?? '';
  const checked = (data: unknown) => {
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    const field = nulField(data, '');
    if (field === null) return true;
    return {
      error: badRequest('VALIDATION_ERROR', `输入不合法：${field || where} 不能包含空字符`, [
        { field: field || where, message: '不能包含空字符' },
      ]),
    };
  };
  checked.errors = null as typeof validate.errors;
  return checked;
};

const partLabels: Record<string, string> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

export interface FieldError {
  field: string;
  message: string;
}

/** Chinese messages for schema violations, one per field, for the `details` of a 400. */
export function describeValidationErrors(errors: ErrorObject[], part: string | undefined): FieldError[] {
  const copies = errors.map((e) => ({ ...e }));
  localizeZh(copies);
  return copies.map((e) => {
    let field = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'additionalProperties')
      field = [field, e.params.additionalProperty].filter(Boolean).join('.');
    if (e.keyword === 'required') field = [field, e.params.missingProperty].filter(Boolean).join('.');
    const where = partLabels[part ?? 'body'] ?? part ?? '';
    return {
      field: field || where,
      message: e.keyword === 'additionalProperties' ? '不允许的字段' : (e.message ?? '不合法'),
    };
  });
}
