import { describe, expect, it } from 'vitest';
import { defaultDemoDay, generateCounty } from '../../src/db/demo/generate.js';
import { memberProblems, type MemberProblem } from '../../src/domain/member-base.js';
import { demoSeed } from '../../src/server/modules/demo/service.js';

// The demo county as `npx shuping demo` and the 载入演示县 button build it, on the default day and on
// a later one (ageing, conversions and leavings move with the day).
describe.each([defaultDemoDay, '2026-12-01'])('the demo county on %s', (today) => {
  // Generating the county takes seconds, more on a loaded machine.
  it('holds no member the registry itself would refuse', { timeout: 120_000 }, () => {
    const county = generateCounty({ seed: demoSeed, today });
    const orgById = new Map(county.orgs.map((o) => [o.id, o]));
    const refused: (MemberProblem & { name: string })[] = [];
    for (const m of county.members) {
      const problems = memberProblems(
        { ...m, org: m.leftOn === null ? orgById.get(m.orgId) : undefined },
        today,
      );
      refused.push(...problems.map((p) => ({ ...p, name: m.name })));
    }
    expect(county.members.length).toBeGreaterThan(1000);
    expect(refused).toEqual([]);
  });
});
