import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isApiPath } from '../../src/server/http/api-path.js';

const segment = fc.stringMatching(/^[a-zA-Z0-9._-]{0,8}$/);
const path = fc
  .tuple(fc.constantFrom('api', 'API', 'Api', 'apis', 'web', ''), fc.array(segment, { maxLength: 3 }))
  .map(([first, rest]) => `/${[first, ...rest].join('/')}`);
const encodeAt = (text: string, at: number) =>
  text.slice(0, at) + `%${text.charCodeAt(at).toString(16).padStart(2, '0')}` + text.slice(at + 1);

describe('isApiPath', () => {
  it('gives the plain spelling and the encoded or doubled-slash one the same answer', () => {
    fc.assert(
      fc.property(path, fc.nat(), fc.string({ maxLength: 6 }), (plain, at, query) => {
        const letter = plain.length > 1 ? 1 + (at % (plain.length - 1)) : 0;
        const url = `${plain}?${query}`;
        expect(isApiPath(encodeAt(plain, letter))).toBe(isApiPath(plain));
        expect(isApiPath(plain.replace(/\//g, '//'))).toBe(isApiPath(plain));
        expect(isApiPath(url)).toBe(isApiPath(plain));
      }),
    );
  });

  it('knows the API by its first segment only', () => {
    expect(['/api', '/api/', '/API/orgs', '/api?x=1'].map(isApiPath)).toEqual([true, true, true, true]);
    expect(['/apis', '/', '/web/api', '/ap', '/api-docs'].map(isApiPath)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('takes a path that does not decode for the API’s, where it is refused', () => {
    expect(isApiPath('/%zz')).toBe(true);
  });
});
