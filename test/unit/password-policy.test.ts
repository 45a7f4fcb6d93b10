import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minPasswordLength, passwordWeakness } from '../../src/domain/password-policy.js';
import { generatePassword } from '../../src/server/password.js';

const chinese = /[\u4e00-\u9fa5]/;

describe('passwordWeakness()', () => {
  it('requires at least 10 characters', () => {
    expect(minPasswordLength).toBe(10);
    expect(passwordWeakness('Abcdef12!')).toMatch(/至少需要 10 个字符/);
    expect(passwordWeakness('Abcdef123!')).toBeNull();
    expect(passwordWeakness('')).toMatch(chinese);
  });

  it('accepts up to 128 characters and no more', () => {
    const base = 'Aa1!';
    expect(passwordWeakness(base.repeat(32))).toBeNull();
    expect(passwordWeakness(base.repeat(32) + 'x')).toBe('密码不能超过 128 个字符');
  });

  it.each([
    ['abcdefghijk', false],
    ['ABCDEFGHIJK', false],
    ['12345678901', false],
    ['!@#$%^&*()_', false],
    ['abcdefgh123', false],
    ['abcdefgh!!!', false],
    ['ABCDEFGH123', false],
    ['Abcdefgh123', true],
    ['abcdefgh12!', true],
    ['ABCDEFGH12!', true],
    ['Abcdefghij!', true],
    ['密码密码密码密码Aa1', true],
    ['密码密码密码密码密码a1', true],
  ])('%s: three of four character kinds → acceptable %s', (password, ok) => {
    const weakness = passwordWeakness(password);
    if (ok) expect(weakness).toBeNull();
    else expect(weakness).toBe('密码需包含大写字母、小写字母、数字、符号中的至少三类');
  });

  it('rejects a password containing the username, in any case', () => {
    expect(passwordWeakness('Zhangsan-2026!', 'zhangsan')).toBe('密码不能包含用户名');
    expect(passwordWeakness('my-ZHANGSAN-2026', 'ZhangSan')).toBe('密码不能包含用户名');
    expect(passwordWeakness('Zhangsan-2026!', 'lisi')).toBeNull();
    expect(passwordWeakness('Zhangsan-2026!', '')).toBeNull();
    expect(passwordWeakness('Zhangsan-2026!')).toBeNull();
  });

  it('always answers in Chinese when it refuses', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 140 }),
        fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        (p, u) => {
          const weakness = passwordWeakness(p, u);
          if (weakness !== null) expect(weakness).toMatch(chinese);
        },
      ),
    );
  });

  it('agrees with an independent statement of the rules', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), fc.string({ maxLength: 6 }), (p, u) => {
        const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((k) => k.test(p)).length;
        const ok =
          p.length >= 10 &&
          p.length <= 128 &&
          kinds >= 3 &&
          (u === '' || !p.toLowerCase().includes(u.toLowerCase()));
        expect(passwordWeakness(p, u) === null).toBe(ok);
      }),
    );
  });
});

describe('generatePassword()', () => {
  it('always produces a password the policy accepts, and a different one each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const password = generatePassword();
      expect(passwordWeakness(password)).toBeNull();
      seen.add(password);
    }
    expect(seen.size).toBe(500);
  });
});
