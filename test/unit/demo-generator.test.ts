import { describe, expect, it } from 'vitest';
import { generateCounty, generateMembers, planCounty } from '../../src/db/demo/generate.js';
import { Rng, mixSeed } from '../../src/db/demo/prng.js';
import { stageDatesProblem, stageOn } from '../../src/domain/member-base.js';
import { childPath } from '../../src/domain/org-tree.js';
import { computeStatistics } from '../../src/domain/statistics.js';

const today = '2025-06-30';
const county = generateCounty({ seed: 11, towns: 4, today });

describe('demo generator', () => {
  it('is deterministic: the same seed gives the same county, another seed another', () => {
    expect(generateCounty({ seed: 11, towns: 4, today })).toEqual(county);
    const other = generateCounty({ seed: 12, towns: 4, today });
    expect(other.members.map((m) => m.name)).not.toEqual(county.members.map((m) => m.name));
    const a = new Rng(mixSeed(1, 2, 3));
    const b = new Rng(mixSeed(1, 2, 3));
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('builds a county of towns, the first shaped like seed 001', () => {
    const [root, firstTown] = county.orgs;
    expect(root!.level).toBe('county');
    expect(county.orgs.filter((o) => o.level === 'committee')).toHaveLength(4);
    const stats = computeStatistics(county, firstTown!.path, today);
    expect(stats.orgs.branchTotal).toBe(40);
    expect(stats.orgs.branchesByDomain).toMatchObject({
      village: 15,
      community: 3,
      industry: 3,
      mobile: 1,
    });
    const publicAndEnterprise =
      stats.orgs.branchesByDomain.government +
      stats.orgs.branchesByDomain.institution +
      stats.orgs.branchesByDomain.stateEnterprise +
      stats.orgs.branchesByDomain.privateEnterprise +
      stats.orgs.branchesByDomain.socialOrg;
    expect(publicAndEnterprise).toBe(18);
    expect(stats.members.total).toBeGreaterThan(1200);
    expect(stats.members.total).toBeLessThan(1400);
    expect(stats.members.probationary).toBeGreaterThan(0);
    expect(stats.members.activists).toBeGreaterThan(0);
    expect(stats.members.female.count).toBeGreaterThan(0);
    // About one in ten members works away from home.
    expect(stats.members.mobile.outflow.percent).toBeGreaterThan(5);
    expect(stats.members.mobile.outflow.percent).toBeLessThan(16);
    expect(stats.members.newEconomicSocial.count).toBeGreaterThan(0);
    expect(stats.leadership.townLeaders.count).toBeGreaterThanOrEqual(9);
    expect(stats.leadership.villageSecretaries.count).toBe(15);
    expect(stats.leadership.twoCommittees.crossPosts).toBeGreaterThan(0);
    expect(stats.leadership.concurrentHeadVillages.count).toBeGreaterThan(0);
    expect(stats.nonPublic.entities).toBeGreaterThan(0);

    const whole = computeStatistics(county, root!.path, today);
    expect(whole.orgs.classification.weak).toBeGreaterThan(0);
    expect(whole.orgs.weakUnderRectification).toBeGreaterThan(0);
    expect(whole.orgs.termsEndingSoon + whole.orgs.termsOverdue).toBeGreaterThan(0);
    expect(whole.members.newByYear.every((y) => y.count > 0)).toBe(true);
  });

  it('gives every member valid stage dates, a stage matching them and a consistent placement', () => {
    const orgById = new Map(county.orgs.map((o) => [o.id, o]));
    for (const o of county.orgs) {
      const parent = o.parentId === null ? null : orgById.get(o.parentId)!;
      expect(o.path).toBe(childPath(parent?.path ?? null, o.id));
    }
    for (const m of county.members) {
      expect(stageDatesProblem(m), `member ${m.id}`).toBeNull();
      expect(m.stage).toBe(stageOn(m, today));
      const o = orgById.get(m.orgId)!;
      expect(o.level).toBe('branch');
      expect(o.dissolvedOn).toBeNull();
      expect(m.orgPath).toBe(o.path);
      expect(m.name).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
    expect(new Set(county.members.map((m) => m.id)).size).toBe(county.members.length);
    for (const t of county.transfers) {
      expect(orgById.get(t.fromOrgId)).toBeDefined();
      expect(t.fromOrgId).not.toBe(t.toOrgId);
      expect(t.transferredOn <= today).toBe(true);
    }
    // A member's latest transfer leads to their current org.
    const latest = new Map<number, (typeof county.transfers)[number]>();
    for (const t of county.transfers) {
      const seen = latest.get(t.memberId);
      if (!seen || seen.transferredOn < t.transferredOn) latest.set(t.memberId, t);
    }
    const memberById = new Map(county.members.map((m) => [m.id, m]));
    for (const [memberId, t] of latest) expect(t.toOrgId).toBe(memberById.get(memberId)!.orgId);
    for (const r of county.mobileRecords) {
      expect(r.startedOn <= today).toBe(true);
      if (r.endedOn !== null) expect(r.endedOn > r.startedOn).toBe(true);
    }
    // Each branch's secretary on the org is one of its members.
    for (const o of county.orgs.filter((o) => o.level === 'branch' && o.dissolvedOn === null)) {
      const secretary = county.members.find((m) => m.orgId === o.id && m.branchRole === 'secretary');
      expect(secretary?.name).toBe(o.secretaryName);
    }
  });

  it('scales to exact totals, streaming members org by org', () => {
    const plan = planCounty({ seed: 3, orgs: 600, members: 12_000, today });
    expect(plan.orgs).toHaveLength(600);
    expect(plan.totalMembers).toBe(12_000);
    let count = 0;
    let last = 0;
    for (const { member } of generateMembers(plan)) {
      count++;
      expect(member.id).toBe(last + 1);
      last = member.id;
    }
    expect(count).toBe(12_000);
  });

  it('refuses impossible sizes with a Chinese message', () => {
    expect(() => planCounty({ seed: 1, orgs: 10 })).toThrow(/组织数/);
    expect(() => planCounty({ seed: 1, orgs: 1000, members: 10 })).toThrow(/党员数/);
    expect(() => planCounty({ seed: 1, members: 1000 })).toThrow(/--orgs/);
    expect(() => planCounty({ seed: 1, towns: 0 })).toThrow(/乡镇数/);
  });
});
