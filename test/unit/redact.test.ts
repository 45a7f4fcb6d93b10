import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/domain/redact.js';

const hidden = '[已隐藏]';

describe('redactSecrets()', () => {
  it('passes primitives and null through', () => {
    for (const value of [null, undefined, 0, 42, 'text', true, false])
      expect(redactSecrets(value)).toBe(value);
  });

  it.each([
    'password',
    'passwordHash',
    'password_hash',
    'PASSWORD',
    'newPassword',
    'currentPassword',
    'initialPassword',
    'hash',
    'token',
    'csrfToken',
    'sessionToken',
    'secret',
    'clientSecret',
    'idCard',
    'IdCardNumber',
    'id_card',
    'ID_CARD',
    'idcard',
  ])('hides the value of %s', (key) => {
    expect(redactSecrets({ [key]: 'value-123', name: '张三' })).toEqual({ [key]: hidden, name: '张三' });
  });

  it.each(['name', 'username', 'role', 'orgId', 'id', 'card', 'path', 'pass', 'word', 'disabled'])(
    'keeps the value of %s',
    (key) => {
      expect(redactSecrets({ [key]: 'value-123' })).toEqual({ [key]: 'value-123' });
    },
  );

  it('hides secrets at any depth, inside arrays too', () => {
    const input = {
      user: { name: '李四', passwordHash: '$argon2id$v=19$abc', profile: { idCard: '110101199001011234' } },
      list: [{ token: 't1', kind: 'a' }, [{ secret: 's' }], 'plain', 3],
    };
    expect(redactSecrets(input)).toEqual({
      user: { name: '李四', passwordHash: hidden, profile: { idCard: hidden } },
      list: [{ token: hidden, kind: 'a' }, [{ secret: hidden }], 'plain', 3],
    });
  });

  it('keeps yes/no flags readable, since a boolean holds no secret', () => {
    expect(redactSecrets({ mustChangePassword: true, hasIdCard: false, password: 'p' })).toEqual({
      mustChangePassword: true,
      hasIdCard: false,
      password: hidden,
    });
    // Anything but a boolean under such a key is still hidden.
    expect(redactSecrets({ mustChangePassword: 'true', tokenCount: 0 })).toEqual({
      mustChangePassword: hidden,
      tokenCount: hidden,
    });
  });

  it('keeps a party secretary’s name readable, and hides ID numbers in member records', () => {
    expect(
      redactSecrets({
        secretaryName: '张书记',
        deputySecretaryName: '李副书记',
        clientSecret: 's',
        idCard: '11010519491231002X',
      }),
    ).toEqual({
      secretaryName: '张书记',
      deputySecretaryName: '李副书记',
      clientSecret: hidden,
      idCard: hidden,
    });
  });

  it('replaces a secret key holding an object as a whole', () => {
    expect(redactSecrets({ password: { old: 'a', new: 'b' } })).toEqual({ password: hidden });
  });

  it('writes dates as ISO text', () => {
    const at = new Date('2026-03-01T08:00:00.000Z');
    expect(redactSecrets({ at, nested: [at] })).toEqual({ at: at.toISOString(), nested: [at.toISOString()] });
  });

  it('does not change its input', () => {
    const input = { password: 'p', inner: { token: 't' } };
    const copy = structuredClone(input);
    redactSecrets(input);
    expect(input).toEqual(copy);
  });

  it('leaves records without secret keys as they are', () => {
    const safeKey = fc.constantFrom('name', 'level', 'role', 'orgId', 'path', 'sortOrder', 'items', 'a', 'b');
    const safeJson = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(safeKey, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(safeJson, (value) => {
        expect(redactSecrets(value)).toEqual(value);
      }),
    );
  });

  it('never lets a secret value through, wherever it sits', () => {
    const marker = 'SECRET-VALUE-7f3a';
    const secretKey = fc.constantFrom(
      'password',
      'passwordHash',
      'csrfToken',
      'apiSecret',
      'idCard',
      'id_card',
    );
    const anyKey = fc
      .string({ maxLength: 8 })
      .filter((k) => !/password|hash|token|secret|idcard|id_card/i.test(k));
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anyKey.map((k) => ({ k })),
            fc.nat(3).map((i) => ({ i })),
          ),
          { maxLength: 5 },
        ),
        secretKey,
        fc.dictionary(anyKey, fc.string(), { maxKeys: 3 }),
        (route, key, siblings) => {
          // Build { a: [ { b: ... { [key]: marker } } ] } along the random route.
          let value: unknown = { ...siblings, [key]: marker };
          for (const step of route.reverse()) {
            if ('k' in step) value = { [step.k]: value };
            else value = [...Array.from({ length: step.i }, () => 'x'), value];
          }
          const text = JSON.stringify(redactSecrets(value));
          expect(text).not.toContain(marker);
          expect(text).toContain(hidden);
        },
      ),
    );
  });
});
