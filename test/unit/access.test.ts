import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  can,
  canAssignRole,
  canManageUser,
  inScope,
  isScopeRoot,
  permissions,
  roleNeedsOrg,
  roles,
  scopeOf,
  type Permission,
  type Role,
  type Scope,
} from '../../src/domain/access.js';

// The expected grants, written out by hand: a change to the rules must change this table too.
const expectedGrants: Record<Role, Record<Permission, boolean>> = {
  admin: {
    'org.read': true,
    'org.write': true,
    'user.read': true,
    'user.write': true,
    'audit.read': true,
    'member.read': true,
    'member.write': true,
    'member.idCard': true,
    'profile.write': true,
    'file.write': true,
    'demo.load': true,
    'ledger.read': true,
    'ledger.write': true,
    'cycle.write': true,
    'cycle.reopen': true,
    'routine.score': true,
    'targetLetter.acknowledge': true,
    'spotCheck.write': true,
    'report.write': true,
    'rectification.manage': true,
    'rectification.work': true,
  },
  organizer: {
    'org.read': true,
    'org.write': true,
    'user.read': true,
    'user.write': true,
    'audit.read': true,
    'member.read': true,
    'member.write': true,
    'member.idCard': true,
    'profile.write': true,
    'file.write': true,
    'demo.load': false,
    'ledger.read': true,
    'ledger.write': true,
    'cycle.write': true,
    'cycle.reopen': false,
    'routine.score': true,
    'targetLetter.acknowledge': false,
    'spotCheck.write': true,
    'report.write': true,
    'rectification.manage': true,
    'rectification.work': true,
  },
  secretary: {
    'org.read': true,
    'org.write': false,
    'user.read': false,
    'user.write': false,
    'audit.read': false,
    'member.read': true,
    'member.write': true,
    'member.idCard': false,
    'profile.write': true,
    'file.write': true,
    'demo.load': false,
    'ledger.read': true,
    'ledger.write': true,
    'cycle.write': false,
    'cycle.reopen': false,
    'routine.score': true,
    'targetLetter.acknowledge': true,
    'spotCheck.write': false,
    'report.write': true,
    'rectification.manage': false,
    'rectification.work': true,
  },
  checker: {
    'org.read': true,
    'org.write': false,
    'user.read': false,
    'user.write': false,
    'audit.read': false,
    'member.read': true,
    'member.write': false,
    'member.idCard': false,
    'profile.write': false,
    'file.write': true,
    'demo.load': false,
    'ledger.read': true,
    'ledger.write': false,
    'cycle.write': false,
    'cycle.reopen': false,
    'routine.score': true,
    'targetLetter.acknowledge': false,
    'spotCheck.write': true,
    'report.write': false,
    'rectification.manage': false,
    'rectification.work': false,
  },
  viewer: {
    'org.read': true,
    'org.write': false,
    'user.read': false,
    'user.write': false,
    'audit.read': false,
    'member.read': true,
    'member.write': false,
    'member.idCard': false,
    'profile.write': false,
    'file.write': false,
    'demo.load': false,
    'ledger.read': true,
    'ledger.write': false,
    'cycle.write': false,
    'cycle.reopen': false,
    'routine.score': false,
    'targetLetter.acknowledge': false,
    'spotCheck.write': false,
    'report.write': false,
    'rectification.manage': false,
    'rectification.work': false,
  },
};

// actor → target → may the actor hand out (or manage an account of) that role.
const expectedAssignable: Record<Role, Record<Role, boolean>> = {
  admin: { admin: true, organizer: true, secretary: true, checker: true, viewer: true },
  organizer: { admin: false, organizer: true, secretary: true, checker: true, viewer: true },
  secretary: { admin: false, organizer: false, secretary: false, checker: false, viewer: false },
  checker: { admin: false, organizer: false, secretary: false, checker: false, viewer: false },
  viewer: { admin: false, organizer: false, secretary: false, checker: false, viewer: false },
};

describe('can()', () => {
  it('covers exactly the declared roles and permissions', () => {
    expect(Object.keys(expectedGrants).sort()).toEqual([...roles].sort());
    for (const role of roles)
      expect(Object.keys(expectedGrants[role]).sort()).toEqual([...permissions].sort());
  });

  const cases = roles.flatMap((role) =>
    permissions.map((permission) => ({ role, permission, expected: expectedGrants[role][permission] })),
  );
  it.each(cases)('$role / $permission → $expected', ({ role, permission, expected }) => {
    expect(can(role, permission)).toBe(expected);
  });
});

describe('scopeOf()', () => {
  it('gives admins the whole tree, whatever org they are bound to', () => {
    expect(scopeOf({ role: 'admin', orgPath: null })).toEqual({ kind: 'all' });
    expect(scopeOf({ role: 'admin', orgPath: '1.2' })).toEqual({ kind: 'all' });
  });

  it('gives a secretary their own org only', () => {
    expect(scopeOf({ role: 'secretary', orgPath: '1.2' })).toEqual({ kind: 'self', path: '1.2' });
  });

  it.each(['organizer', 'checker', 'viewer'] as const)('gives a %s the subtree of their org', (role) => {
    expect(scopeOf({ role, orgPath: '1.2' })).toEqual({ kind: 'subtree', path: '1.2' });
  });

  it.each(['organizer', 'secretary', 'checker', 'viewer'] as const)(
    'lets a %s without an org reach nothing',
    (role) => {
      const scope = scopeOf({ role, orgPath: null });
      expect(scope.kind).not.toBe('all');
      for (const path of ['1', '1.2', '2.3.4', '0', '']) expect(inScope(scope, path)).toBe(false);
      fc.assert(fc.property(pathArb, (path) => !inScope(scope, path)));
    },
  );
});

describe('inScope()', () => {
  const table: [Scope, string, boolean][] = [
    [{ kind: 'all' }, '1', true],
    [{ kind: 'all' }, '9.8.7', true],
    [{ kind: 'self', path: '1.2' }, '1.2', true],
    [{ kind: 'self', path: '1.2' }, '1', false],
    [{ kind: 'self', path: '1.2' }, '1.2.3', false],
    [{ kind: 'self', path: '1.2' }, '1.20', false],
    [{ kind: 'subtree', path: '1.1' }, '1.1', true],
    [{ kind: 'subtree', path: '1.1' }, '1.1.5', true],
    [{ kind: 'subtree', path: '1.1' }, '1.1.5.9', true],
    [{ kind: 'subtree', path: '1.1' }, '1.10', false],
    [{ kind: 'subtree', path: '1.1' }, '1.10.3', false],
    [{ kind: 'subtree', path: '1.1' }, '1.11', false],
    [{ kind: 'subtree', path: '1.1' }, '1', false],
    [{ kind: 'subtree', path: '1.1' }, '1.2', false],
    [{ kind: 'subtree', path: '1.1' }, '2.1.1', false],
    [{ kind: 'subtree', path: '1.1' }, '11.1', false],
    [{ kind: 'subtree', path: '1' }, '10', false],
    [{ kind: 'subtree', path: '1' }, '1.10', true],
    [{ kind: 'subtree', path: '12' }, '1.2', false],
  ];
  it.each(table)('%o contains %s → %s', (scope, path, expected) => {
    expect(inScope(scope, path)).toBe(expected);
  });
});

// Paths with small labels, so prefixes such as 1.1 / 1.10 / 1.1.0 come up often.
const labelsArb = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 });
const pathArb = labelsArb.map((labels) => labels.join('.'));
const isPrefix = (prefix: number[], of: number[]) =>
  prefix.length <= of.length && prefix.every((label, i) => of[i] === label);

describe('inScope() properties', () => {
  it('a subtree holds exactly the paths whose labels start with its labels', () => {
    fc.assert(
      fc.property(labelsArb, labelsArb, (p, q) => {
        const scope: Scope = { kind: 'subtree', path: p.join('.') };
        const expected = isPrefix(p, q);
        expect(inScope(scope, q.join('.'))).toBe(expected);
        // …which is the same as the textual rule.
        expect(expected).toBe(q.join('.') === p.join('.') || q.join('.').startsWith(p.join('.') + '.'));
      }),
      { numRuns: 2000 },
    );
  });

  it('a descendant of an in-scope node is in scope', () => {
    fc.assert(
      fc.property(labelsArb, labelsArb, labelsArb, (p, mid, tail) => {
        const scope: Scope = { kind: 'subtree', path: p.join('.') };
        const node = [...p, ...mid.slice(1)].join('.');
        expect(inScope(scope, node)).toBe(true);
        expect(inScope(scope, `${node}.${tail.join('.')}`)).toBe(true);
      }),
    );
  });

  it('no node outside the subtree is brought in by adding descendants', () => {
    fc.assert(
      fc.property(labelsArb, labelsArb, labelsArb, (p, q, tail) => {
        fc.pre(!isPrefix(p, q));
        const scope: Scope = { kind: 'subtree', path: p.join('.') };
        expect(inScope(scope, q.join('.'))).toBe(false);
        // A descendant of an out-of-scope node is in scope only when it reaches down into p.
        const below = [...q, ...tail];
        expect(inScope(scope, below.join('.'))).toBe(isPrefix(p, below));
      }),
    );
  });

  it('self scope holds only its own path', () => {
    fc.assert(
      fc.property(pathArb, pathArb, (p, q) => {
        expect(inScope({ kind: 'self', path: p }, q)).toBe(p === q);
      }),
    );
  });

  it('every role but admin reaches only within its own org', () => {
    fc.assert(
      fc.property(fc.constantFrom(...roles), labelsArb, labelsArb, (role, own, other) => {
        const scope = scopeOf({ role, orgPath: own.join('.') });
        const reached = inScope(scope, other.join('.'));
        if (role === 'admin') expect(reached).toBe(true);
        else if (role === 'secretary') expect(reached).toBe(own.join('.') === other.join('.'));
        else expect(reached).toBe(isPrefix(own, other));
      }),
    );
  });
});

describe('isScopeRoot()', () => {
  it.each<[Scope, string, boolean]>([
    [{ kind: 'all' }, '1', false],
    [{ kind: 'all' }, '1.2', false],
    [{ kind: 'subtree', path: '1.2' }, '1.2', true],
    [{ kind: 'subtree', path: '1.2' }, '1.2.3', false],
    [{ kind: 'subtree', path: '1.2' }, '1', false],
    [{ kind: 'subtree', path: '1.2' }, '1.20', false],
    [{ kind: 'self', path: '1.2' }, '1.2', true],
    [{ kind: 'self', path: '1.2' }, '1.2.3', false],
  ])('%o root %s → %s', (scope, path, expected) => {
    expect(isScopeRoot(scope, path)).toBe(expected);
  });
});

describe('canAssignRole()', () => {
  const cases = roles.flatMap((actor) =>
    roles.map((target) => ({ actor, target, expected: expectedAssignable[actor][target] })),
  );
  it.each(cases)('$actor grants $target → $expected', ({ actor, target, expected }) => {
    expect(canAssignRole(actor, target)).toBe(expected);
  });

  it('never lets a role without user.write assign anything', () => {
    for (const actor of roles)
      for (const target of roles)
        if (!can(actor, 'user.write')) expect(canAssignRole(actor, target)).toBe(false);
  });
});

describe('canManageUser()', () => {
  const organizer = { role: 'organizer' as const, orgPath: '1.2' };
  it.each<[string, Role, string | null, boolean]>([
    ['a peer organizer of the same org', 'organizer', '1.2', false],
    ['an organizer of an org below', 'organizer', '1.2.3', true],
    ['an organizer of the org above', 'organizer', '1', false],
    ['an organizer of a sibling org', 'organizer', '1.4', false],
    ['a lower role in the same org', 'secretary', '1.2', true],
    ['a lower role below', 'viewer', '1.2.3.5', true],
    ['a lower role outside the subtree', 'checker', '1.4', false],
    ['an admin', 'admin', null, false],
  ])('an organizer of 1.2 and %s → %s', (_, role, orgPath, expected) => {
    expect(canManageUser(organizer, { role, orgPath })).toBe(expected);
  });

  it('lets an admin manage everyone, and nobody without user.write manage anyone', () => {
    for (const role of roles)
      for (const orgPath of [null, '1', '1.2', '1.2.3']) {
        expect(canManageUser({ role: 'admin', orgPath: null }, { role, orgPath })).toBe(true);
        for (const actor of roles.filter((r) => !can(r, 'user.write')))
          expect(canManageUser({ role: actor, orgPath: '1' }, { role, orgPath })).toBe(false);
      }
  });

  it('never lets a non-admin manage an account of their own role in their own org', () => {
    for (const role of roles.filter((r) => r !== 'admin'))
      expect(canManageUser({ role, orgPath: '1.2' }, { role, orgPath: '1.2' })).toBe(false);
  });
});

describe('roleNeedsOrg()', () => {
  it.each<[Role, boolean]>([
    ['admin', false],
    ['organizer', true],
    ['secretary', true],
    ['checker', true],
    ['viewer', true],
  ])('%s → %s', (role, expected) => {
    expect(roleNeedsOrg(role)).toBe(expected);
  });
});
