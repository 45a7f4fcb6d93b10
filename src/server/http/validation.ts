import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import type { FastifySchemaCompiler } from 'fastify';

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

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);

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
