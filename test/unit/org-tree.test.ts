import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  childPath,
  isWithin,
  orgLevelLabels,
  orgLevels,
  parentPathOf,
  placementProblem,
  rebasePath,
  subtreeEnd,
  type OrgLevel,
} from '../../src/domain/org-tree.js';

/** PostgreSQL's ltree order (ltree_compare): label by label, bytes and then length; then fewer labels first. */
function ltreeCompare(a: string, b: string): number {
  const [as, bs] = [a.split('.'), b.split('.')];
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const [x, y] = [as[i]!, bs[i]!];
    const common = Math.min(x.length, y.length);
    const bytes =
      x.slice(0, common) < y.slice(0, common) ? -1 : x.slice(0, common) > y.slice(0, common) ? 1 : 0;
    if (bytes !== 0) return bytes;
    if (x.length !== y.length) return x.length - y.length;
  }
  return as.length - bs.length;
}

describe('subtreeEnd()', () => {
  const pathArb = fc
    .array(fc.constantFrom(1, 2, 4, 9, 10, 19, 20, 40, 41, 400, 1000), { minLength: 1, maxLength: 4 })
    .map((ids) => ids.join('.'));
  it('bounds exactly the subtree in ltree order', () => {
    fc.assert(
      fc.property(pathArb, pathArb, (path, root) => {
        const inRange = ltreeCompare(path, root) >= 0 && ltreeCompare(path, subtreeEnd(root)) < 0;
        expect(inRange).toBe(isWithin(path, root));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isWithin()', () => {
  it.each<[string, string, boolean]>([
    ['1', '1', true],
    ['1.2', '1', true],
    ['1.2.3', '1', true],
    ['1.2.3', '1.2', true],
    ['1', '1.2', false],
    ['1.10', '1.1', false],
    ['1.1', '1.10', false],
    ['11', '1', false],
    ['1.11.2', '1.1', false],
    ['2.1', '1', false],
    ['21.3', '2', false],
  ])('%s within %s → %s', (path, ancestor, expected) => {
    expect(isWithin(path, ancestor)).toBe(expected);
  });
});

describe('childPath()', () => {
  it('starts a new root at the id alone', () => {
    expect(childPath(null, 7)).toBe('7');
    expect(childPath('', 7)).toBe('7');
  });
  it('appends the id to the parent path', () => {
    expect(childPath('1', 7)).toBe('1.7');
    expect(childPath('1.4.17', 230)).toBe('1.4.17.230');
  });
  it('makes a path within its parent and whose parent is that parent', () => {
    fc.assert(
      fc.property(
        fc.option(pathArb, { nil: null }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (parent, id) => {
          const path = childPath(parent, id);
          expect(parentPathOf(path)).toBe(parent);
          if (parent) expect(isWithin(path, parent)).toBe(true);
          expect(path.endsWith(String(id))).toBe(true);
        },
      ),
    );
  });
});

describe('parentPathOf()', () => {
  it.each<[string, string | null]>([
    ['1', null],
    ['42', null],
    ['1.2', '1'],
    ['1.2.3', '1.2'],
    ['10.200.3000', '10.200'],
  ])('%s → %s', (path, expected) => {
    expect(parentPathOf(path)).toBe(expected);
  });
});

const labelsArb = fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 });
const pathArb = labelsArb.map((l) => l.join('.'));
const depth = (path: string) => path.split('.').length;

describe('rebasePath()', () => {
  it.each<[string, string, string | null, string]>([
    ['1.2', '1.2', '4', '4.2'],
    ['1.2.3', '1.2', '4', '4.2.3'],
    ['1.2.3.4', '1.2', '7.8', '7.8.2.3.4'],
    ['1.2.3', '1.2', null, '2.3'],
    ['5', '5', '1.2', '1.2.5'],
    ['5.6', '5', '1.2', '1.2.5.6'],
    // Labels that share a prefix with the root's own label stay intact.
    ['1.12.123', '1.12', '3', '3.12.123'],
  ])('%s moved with root %s under %s → %s', (path, oldRoot, newParent, expected) => {
    expect(rebasePath(path, oldRoot, newParent)).toBe(expected);
  });

  // A subtree: its root and some descendants given as label suffixes below the root.
  const moveArb = fc
    .record({
      oldParent: fc.option(labelsArb, { nil: null }),
      rootId: fc.integer({ min: 1, max: 500 }),
      suffixes: fc.array(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }), {
        maxLength: 8,
      }),
      newParent: fc.option(labelsArb, { nil: null }),
    })
    .filter(({ oldParent, rootId, newParent }) => {
      // A subtree cannot be moved below itself.
      const root = [...(oldParent ?? []), rootId].join('.');
      return newParent === null || !isWithin(newParent.join('.'), root);
    });

  it('keeps the relative structure of a moved subtree', () => {
    fc.assert(
      fc.property(moveArb, ({ oldParent, rootId, suffixes, newParent }) => {
        const oldRoot = childPath(oldParent?.join('.') ?? null, rootId);
        const newParentPath = newParent?.join('.') ?? null;
        const nodes = [oldRoot, ...suffixes.map((s) => `${oldRoot}.${s.join('.')}`)];
        // Every prefix of a node is part of the subtree too.
        for (const s of suffixes)
          for (let i = 1; i < s.length; i++) nodes.push(`${oldRoot}.${s.slice(0, i).join('.')}`);
        const rebase = (p: string) => rebasePath(p, oldRoot, newParentPath);
        const newRoot = childPath(newParentPath, rootId);

        expect(rebase(oldRoot)).toBe(newRoot);
        for (const node of nodes) {
          const moved = rebase(node);
          // Within the new root, at the same distance from it, with the same labels below it.
          expect(isWithin(moved, newRoot)).toBe(true);
          expect(depth(moved) - depth(newRoot)).toBe(depth(node) - depth(oldRoot));
          expect(moved.slice(newRoot.length)).toBe(node.slice(oldRoot.length));
          // Each node keeps its own id, and its parent is its old parent, moved.
          expect(moved.split('.').pop()).toBe(node.split('.').pop());
          if (node !== oldRoot) expect(parentPathOf(moved)).toBe(rebase(parentPathOf(node)!));
          else expect(parentPathOf(moved)).toBe(newParentPath);
        }
        // Ancestry among the moved nodes is unchanged.
        for (const a of nodes)
          for (const b of nodes) expect(isWithin(rebase(a), rebase(b))).toBe(isWithin(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the SQL used on move: newParent || subpath(path, nlevel(oldRoot) - 1)', () => {
    fc.assert(
      fc.property(moveArb, ({ oldParent, rootId, suffixes, newParent }) => {
        const oldRoot = childPath(oldParent?.join('.') ?? null, rootId);
        const newParentPath = newParent?.join('.') ?? null;
        for (const s of [[], ...suffixes]) {
          const node = s.length ? `${oldRoot}.${s.join('.')}` : oldRoot;
          const sqlResult = [
            ...(newParentPath ? newParentPath.split('.') : []),
            ...node.split('.').slice(depth(oldRoot) - 1),
          ].join('.');
          expect(rebasePath(node, oldRoot, newParentPath)).toBe(sqlResult);
        }
      }),
    );
  });
});

describe('placementProblem()', () => {
  // parent level (or top level) → child level → allowed?
  const allowed: Record<OrgLevel | 'top', Record<OrgLevel, boolean>> = {
    top: { county: true, committee: true, workCommittee: true, generalBranch: true, branch: true },
    county: { county: true, committee: true, workCommittee: true, generalBranch: true, branch: true },
    committee: { county: false, committee: true, workCommittee: true, generalBranch: true, branch: true },
    workCommittee: { county: false, committee: true, workCommittee: true, generalBranch: true, branch: true },
    generalBranch: {
      county: false,
      committee: false,
      workCommittee: false,
      generalBranch: true,
      branch: true,
    },
    branch: { county: false, committee: false, workCommittee: false, generalBranch: false, branch: false },
  };

  const cases = (['top', ...orgLevels] as const).flatMap((parent) =>
    orgLevels.map((child) => ({ parent, child, ok: allowed[parent][child] })),
  );

  it.each(cases)('$child under $parent → allowed: $ok', ({ parent, child, ok }) => {
    const problem = placementProblem(parent === 'top' ? null : parent, child);
    if (ok) {
      expect(problem).toBeNull();
      return;
    }
    expect(problem).toMatch(/[\u4e00-\u9fa5]/);
    if (parent === 'branch') expect(problem).toBe('党支部是基层单位，不能再设下级组织');
    else expect(problem).toBe(`${orgLevelLabels[child]}不能设在${orgLevelLabels[parent as OrgLevel]}之下`);
  });

  it('rejects a county under a committee with a readable reason', () => {
    expect(placementProblem('committee', 'county')).toBe('县委不能设在党委之下');
  });
});
