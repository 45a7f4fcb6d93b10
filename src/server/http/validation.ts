import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import type { FastifySchemaCompiler } from 'fastify';
import { normalizeText, textProblem } from '../../domain/text.js';
import { badRequest } from '../errors.js';
import { textMarks } from '../../contract/common.js';

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

/** The first string holding a NUL character, which PostgreSQL text cannot store. */
function nulProblem(value: unknown): FieldError | null {
  const field = nulField(value, '');
  return field === null ? null : { field, message: '不能包含空字符' };
}

function nulField(value: unknown, field: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? field : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulField(inner, field ? `${field}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

interface BodySchema {
  anyOf?: BodySchema[];
  properties?: Record<string, BodySchema>;
  items?: BodySchema;
  [textMarks.multiline]?: boolean;
  [textMarks.secret]?: boolean;
}

/** A schema and the branches of its unions. */
const branches = (schema: BodySchema | undefined): BodySchema[] =>
  schema ? [schema, ...(schema.anyOf ?? []).flatMap(branches)] : [];

function childSchema(schema: BodySchema | undefined, key: string, isArray: boolean): BodySchema | undefined {
  for (const branch of branches(schema)) {
    const child = isArray ? branch.items : branch.properties?.[key];
    if (child) return child;
  }
  return undefined;
}

/**
 * Checks every string of a body against the text rules and stores it back NFC-normalized; the first
 * problem found, by field. Secrets are compared as sent, so they are neither checked nor normalized
 * beyond NUL (the password policy owns them).
 */
function cleanBodyText(data: unknown, schema: BodySchema | undefined, field: string): FieldError | null {
  if (data === null || typeof data !== 'object') return null;
  const record = data as Record<string, unknown>;
  for (const [key, inner] of Object.entries(record)) {
    const innerSchema = childSchema(schema, key, Array.isArray(data));
    const path = field ? `${field}.${key}` : key;
    if (typeof inner !== 'string') {
      const found = cleanBodyText(inner, innerSchema, path);
      if (found) return found;
      continue;
    }
    const marks = branches(innerSchema);
    if (marks.some((b) => b[textMarks.secret])) {
      if (inner.includes('\u0000')) return { field: path, message: '不能包含空字符' };
      continue;
    }
    const rules = { multiline: marks.some((b) => b[textMarks.multiline]) };
    const text = normalizeText(inner, rules);
    const problem = textProblem(text, rules);
    if (problem) return { field: path, message: problem };
    record[key] = text;
  }
  return null;
}

// Ajv coerces text with Number(), which also reads `0x1F`, `1e1`, `+2`, `2.0` and ` 2`: an integer
// in a path or query string must be written as plain decimal digits before it is coerced.
const decimalInteger = /^(0|-?[1-9][0-9]*)$/;

interface PropertySchema {
  type?: unknown;
  anyOf?: PropertySchema[];
}

function takesInteger(schema: PropertySchema): boolean {
  return schema.type === 'integer' || (schema.anyOf ?? []).some(takesInteger);
}

/** The properties of a path or query schema that are integers. */
function integerFields(schema: object): string[] {
  const properties = (schema as { properties?: Record<string, PropertySchema> }).properties ?? {};
  return Object.keys(properties).filter((key) => takesInteger(properties[key]!));
}

const notDecimal = (value: unknown) => typeof value === 'string' && !decimalInteger.test(value);

/** The first integer field whose text is not plain decimal digits (checked on every request: no arrays made). */
function looseInteger(data: unknown, fields: string[]): string | null {
  if (fields.length === 0 || data === null || typeof data !== 'object') return null;
  const record = data as Record<string, unknown>;
  for (const field of fields) {
    const value = record[field];
    if (Array.isArray(value) ? value.some(notDecimal) : notDecimal(value)) return field;
  }
  return null;
}

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const isBody = httpPart === 'body';
  const validate = (isBody ? bodyAjv : textAjv).compile(schema);
  const integers = isBody ? [] : integerFields(schema);
  const where = partLabels[httpPart ?? 'body'] ?? httpPart ?? '';
  const checked = (data: unknown) => {
    const loose = looseInteger(data, integers);
    if (loose !== null)
      return {
        error: badRequest('VALIDATION_ERROR', `输入不合法：${loose} 应当是十进制整数`, [
          { field: loose, message: '应当是十进制整数' },
        ]),
      };
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    // A body's text rule refuses NUL among the other control characters.
    const problem = isBody ? cleanBodyText(data, schema, '') : nulProblem(data);
    if (problem === null) return true;
    const at = problem.field || where;
    return {
      error: badRequest('VALIDATION_ERROR', `输入不合法：${at} ${problem.message}`, [
        { field: at, message: problem.message },
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
    return { field: field || where, message: messageOf(e) };
  });
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return '不允许的字段';
  if (error.keyword === 'formatMinimum') return `不能早于 ${String(error.params.limit)}`;
  if (error.keyword === 'formatMaximum') return `不能晚于 ${String(error.params.limit)}`;
  // The contract's Text() asks for one non-blank character with this pattern; say so in words.
  if (error.keyword === 'pattern' && error.params.pattern === '\\S') return '不能为空，也不能只有空白';
  return error.message ?? '不合法';
}
