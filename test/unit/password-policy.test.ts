import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minPasswordLength, passwordWeakness } from '../../src/domain/password-policy.js';
import { generatePassword } from '../../src/server/password.js';

const chinese = /[\u4e00-\u9fa5]/;
const guessable = /^密码太容易被猜到（.+），请换一个更长、更随机的密码$/;

describe('passwordWeakness()', () => {
  it('requires at least 10 characters', () => {
    expect(minPasswordLength).toBe(10);
    expect(passwordWeakness('Zq7#mPw2v')).toMatch(/至少需要 10 个字符/);
    expect(passwordWeakness('Zq7#mPw2vL')).toBeNull();
    expect(passwordWeakness('')).toMatch(chinese);
  });

  it('accepts up to 128 characters and no more', () => {
    const base = 'Zq7#mPw2vLx9';
    const long = base.repeat(11).slice(0, 128);
    expect(passwordWeakness(long)).toBeNull();
    expect(passwordWeakness(long + 'x')).toBe('密码不能超过 128 个字符');
  });

  // Character classes no longer decide: each of these has three or four of them and is guessed at once.
  it.each([
    ['Password12', '是常见密码'],
    ['Qwerty12345', '是常见密码'],
    ['Shuping2026', '含用户名或系统名称'],
    ['P@ssw0rd2026', '与常见密码相近'],
    ['          A1', '含重复字符'],
    ['1qaz2wsx3edc', null],
    ['Iloveyou2026', null],
  ])('refuses %s as guessable', (password, reason) => {
    const weakness = passwordWeakness(password);
    expect(weakness).toMatch(guessable);
    if (reason) expect(weakness).toContain(reason);
  });

  it.each([
    'Ready-Pass-2026!',
    'correct horse battery',
    'Zq7#mPw2vL',
    '红旗渠精神永放光芒2026',
    'tq9vmr2kx8pz',
  ])('accepts %s, whatever its character classes', (password) =>
    expect(passwordWeakness(password)).toBeNull(),
  );

  it('rejects a password containing the username, in any case', () => {
    expect(passwordWeakness('Zhangsan-Qx7-2026!', 'zhangsan')).toBe('密码不能包含用户名');
    expect(passwordWeakness('my-ZHANGSAN-Qx7-2026', 'ZhangSan')).toBe('密码不能包含用户名');
    expect(passwordWeakness('Zhangsan-Qx7-2026!', 'lisi')).toBeNull();
    expect(passwordWeakness('Zhangsan-Qx7-2026!', '')).toBeNull();
    expect(passwordWeakness('Zhangsan-Qx7-2026!')).toBeNull();
  });

  it('counts a reversed or leetspoken username against the password too', () => {
    expect(passwordWeakness('w4ngx1ao2026', 'wangxiao')).toMatch(guessable);
    expect(passwordWeakness('w4ngx1ao2026', 'lisi')).toBeNull();
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
      { numRuns: 200 },
    );
  });
});

describe('generatePassword()', () => {
  it('always produces a password the policy accepts, and a different one each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(passwordWeakness(password)).toBeNull();
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});
