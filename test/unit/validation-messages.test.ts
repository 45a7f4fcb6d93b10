import { describe, expect, it } from 'vitest';
import { describeValidationErrors } from '../../src/server/http/validation.js';

describe('validation messages', () => {
  it('says a blank text field is empty instead of quoting the pattern', () => {
    const [error] = describeValidationErrors(
      [
        {
          keyword: 'pattern',
          instancePath: '/reason',
          schemaPath: '#/properties/reason/pattern',
          params: { pattern: '\\S' },
          message: 'must match pattern "\\S"',
        },
      ],
      'body',
    );
    expect(error).toEqual({ field: 'reason', message: '不能为空，也不能只有空白' });
  });

  it('keeps the localized message of other patterns', () => {
    const [error] = describeValidationErrors(
      [
        {
          keyword: 'pattern',
          instancePath: '/key',
          schemaPath: '#/properties/key/pattern',
          params: { pattern: '^[a-z]+$' },
          message: 'must match pattern "^[a-z]+$"',
        },
      ],
      'params',
    );
    expect(error!.field).toBe('key');
    expect(error!.message).toContain('^[a-z]+$');
  });
});
