import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrgSheet, SheetLine } from '../../src/contract/routine-scores.js';
import type { TargetLetterItem } from '../../src/contract/target-letters.js';
import { queryRows } from '../../src/db/query-rows.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, uploadTestTimeout, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectStatus, signedInUser, type OrgRow } from './support/fixtures.js';

/*
 * The seams between the routine score and the modules that feed it by hand: a spot check's
 * findings deduct from the sheet with their reason, an issued target letter answers the `targets`
 * rule. Both reach the score through migration 0016's triggers and the refresher, not a recompute.
 */
describe(`routine scores from spot checks and target letters (${testDriver})`, () => {
  let t: TestContext;
  let branch: OrgRow;
  let organizer: Session;
  let checker: Session;
  let secretary: Session;
  let cycleId: number;
  const clock = manualClock('2026-06-15T08:00:00Z');

  /**
   * The sheet once current again. The write marked it pending in its own transaction; on
   * PostgreSQL the NOTIFY that wakes the refresher arrives a moment after the write answers, so
   * the reader waits as the web does, by asking again.
   */
  const sheet = async (): Promise<OrgSheet> => {
    const until = Date.now() + 20_000;
    for (;;) {
      await t.app.routineScores.settled();
      const view: OrgSheet = expectStatus(
        await t.request(organizer, 'GET', `/api/routine-scores/${cycleId}/orgs/${branch.id}`),
        200,
      ).json();
      if (view.status === 'current' || Date.now() > until) {
        expect(view.status).toBe('current');
        return view;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const lineOf = (view: OrgSheet, key: string): SheetLine =>
    view.sheet!.categories.flatMap((c) => c.lines).find((l) => l.key === key)!;
  const marks = async () =>
    (
      await queryRows<{ marks: number }>(
        t.database.db,
        sql`select marks from routine_scores where cycle_id = ${cycleId} and org_id = ${branch.id}`,
      )
    )[0]!.marks;

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '衔接县委', 'county');
    const town = await createOrg(t, county.id, '衔接镇党委', 'committee');
    branch = await createOrg(t, town.id, '衔接村党支部', 'branch');
    expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${branch.id}`, { domain: 'village' }), 200);
    organizer = await signedInUser(t, 'rjorg', 'organizer', town.id);
    checker = await signedInUser(t, 'rjchk', 'checker', town.id);
    secretary = await signedInUser(t, 'rjsec', 'secretary', branch.id);
    cycleId = expectStatus(
      await t.request(organizer, 'POST', '/api/cycles', {
        orgId: town.id,
        kind: 'annual',
        year: 2026,
        schemes: { template: true },
      }),
      201,
    ).json().id;
    expectStatus(
      await t.request(organizer, 'POST', `/api/cycles/${cycleId}/status`, { status: 'open' }),
      200,
    );
  });
  afterAll(() => t?.close());
  afterEach(() => t.idle(), uploadTestTimeout);

  it('lowers the score by a spot-check finding, its reason and day in the explanation, and lifts it when withdrawn', async () => {
    const before = await sheet();
    // A line the empty ledger leaves points on, so a deduction has something to take (not the
    // target letter's, which the next case reads).
    const line = before
      .sheet!.categories.flatMap((c) => c.lines)
      .find((l) => l.kind === 'regular' && l.basis === 'rule' && l.score >= 1 && l.key !== 'b-targets')!;
    expect(line).toBeDefined();
    const drawn = expectStatus(
      await t.request(organizer, 'POST', '/api/spot-checks', { cycleId, size: 1, seed: 7 }),
      201,
    ).json();
    const check = drawn.items[0].checks[0];
    expect(check.orgId).toBe(branch.id);
    // A draw deducts nothing: the score is not marked.
    const drawnMarks = await marks();
    expect((await sheet()).sheet!.total).toBe(before.sheet!.total);

    const visit = (findings: object[]) => ({ checkedOn: '2026-06-12', checkers: ['王检查'], findings });
    expectStatus(
      await t.request(
        checker,
        'PUT',
        `/api/spot-checks/${check.id}`,
        visit([{ indicatorKey: line.key, points: 1, reason: '三会一课记录缺签名' }]),
      ),
      200,
    );
    expect(await marks()).toBeGreaterThan(drawnMarks);
    const after = await sheet();
    const lowered = lineOf(after, line.key);
    expect(lowered.score).toBe(line.score - 1);
    expect(lowered.lost).toContainEqual({
      points: 1,
      reason: '抽查（2026-06-12）：三会一课记录缺签名，扣1分',
    });
    expect(lowered.explanation).toContain('抽查（2026-06-12）：三会一课记录缺签名');
    expect(after.sheet!.total).toBe(before.sheet!.total - 1);

    expectStatus(await t.request(checker, 'PUT', `/api/spot-checks/${check.id}`, visit([])), 200);
    const withdrawn = await sheet();
    expect(lineOf(withdrawn, line.key).score).toBe(line.score);
    expect(withdrawn.sheet!.total).toBe(before.sheet!.total);
  });

  it('answers the targets rule from the issued letter only, not from a draft', async () => {
    const empty = lineOf(await sheet(), 'b-targets');
    expect(empty).toMatchObject({ basis: 'rule', score: 5, lost: [] });
    expect(empty.explanation).toContain('目标责任书无考核事项');

    expectStatus(await t.request(organizer, 'POST', '/api/target-letters', { cycleId }), 201);
    const letters = expectStatus(
      await t.request(organizer, 'GET', `/api/target-letters?cycleId=${cycleId}`),
      200,
    ).json();
    const id: number = letters.items.find((i: { orgId: number }) => i.orgId === branch.id).letter.id;
    const items: TargetLetterItem[] = [
      {
        indicatorKey: null,
        label: '发展党员',
        target: 2,
        unit: '名',
        progress: { kind: 'entered', value: 1 },
      },
      {
        indicatorKey: null,
        label: '村集体经济增收项目',
        target: 1,
        unit: '个',
        progress: { kind: 'entered', value: 1 },
      },
    ];
    const draftMarks = await marks();
    expectStatus(await t.request(organizer, 'PUT', `/api/target-letters/${id}/items`, { items }), 200);
    // A draft binds nobody: editing it leaves the score as it was.
    expect(await marks()).toBe(draftMarks);
    expect(lineOf(await sheet(), 'b-targets').score).toBe(5);

    expectStatus(await t.request(organizer, 'POST', `/api/target-letters/${id}/issue`), 200);
    const issued = lineOf(await sheet(), 'b-targets');
    expect(issued.score).toBe(4);
    expect(issued.lost).toEqual([
      { points: 1, reason: '目标责任书“发展党员”未完成（目标2名，完成1名），扣1分' },
    ]);
    expect(issued.explanation).toContain('目标责任书“发展党员”未完成（目标2名，完成1名）');

    // Signed for by the secretary, it still binds.
    expectStatus(await t.request(secretary, 'POST', `/api/target-letters/${id}/acknowledge`), 200);
    expect(lineOf(await sheet(), 'b-targets').score).toBe(4);
  });
});
