import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { receiptHash } from '../../src/domain/ballot-receipts.js';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectStatus,
  reviewMeeting,
  signedInUser,
  villageBranch,
} from './support/fixtures.js';

/*
 * 500 submissions fired at once: 450 codes once each; 20 codes twice with two different
 * submissions (two phones with one code); and for 10 of those 20 a retry of the first submission
 * (a phone sending again after a lost answer). Exactly one ballot per code must be stored, a
 * submission and its retry must get the same answer, and every receipt given must verify.
 */
const single = 450;
const contested = 20;
const retried = 10;

interface CodeRow {
  code: string;
}

describe(`a burst of 500 simultaneous ballots with reused codes (${testDriver})`, () => {
  let t: TestContext;
  let orgIds: number[];
  let meetingId: number;
  let codes: CodeRow[];

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '并发县委', 'county');
    const town = await createOrg(t, county.id, '并发镇党委', 'committee');
    orgIds = [
      (await villageBranch(t, town.id, '甲村党支部')).id,
      (await villageBranch(t, town.id, '乙村党支部')).id,
    ];
    const organizer = await signedInUser(t, 'mburst', 'organizer', town.id);
    const cycleId = await annualCycle(t, organizer, town.id);
    meetingId = await reviewMeeting(t, organizer, cycleId, { name: '并发测评', heldOn: '2027-01-12' });
    codes = expectStatus(
      await t.request(organizer, 'POST', `/api/meetings/${meetingId}/codes`, {
        category: 'representatives',
        count: single + contested,
      }),
      201,
    ).json().items;
    expectStatus(
      await t.request(organizer, 'POST', `/api/meetings/${meetingId}/voting`, { action: 'open' }),
      200,
    );
  });
  afterAll(() => t?.close());

  const choices = (grade: string) =>
    Object.fromEntries(
      orgIds.map((id) => [String(id), Object.fromEntries(defaultBallotItems.map((i) => [i.key, grade]))]),
    );

  it('stores one ballot per code, answers a retry like its original, and every receipt verifies', async () => {
    const submissions = codes.flatMap((c, i) => {
      const first = { code: c.code, submissionId: randomUUID(), grade: 'excellent' };
      if (i < single) return [first];
      const second = { code: c.code, submissionId: randomUUID(), grade: 'poor' };
      return i < single + retried ? [first, second, { ...first }] : [first, second];
    });
    expect(submissions).toHaveLength(500);
    const answers = await Promise.all(
      submissions.map((s) =>
        t.request(null, 'POST', `/api/ballot/${s.code}`, {
          submissionId: s.submissionId,
          choices: choices(s.grade),
        }),
      ),
    );

    const receiptsByCode = new Map<string, Set<string>>();
    const outcome = new Map<string, string>();
    answers.forEach((res, i) => {
      const { code, submissionId } = submissions[i]!;
      const key = `${code} ${submissionId}`;
      const answer = res.statusCode === 200 ? res.json().receipt : `${res.statusCode} ${res.json().code}`;
      expect([200, 409]).toContain(res.statusCode);
      if (res.statusCode === 409) expect(res.json().code).toBe('BALLOT_CODE_USED');
      // An idempotent retry gets exactly what its original got.
      if (outcome.has(key)) expect(answer).toBe(outcome.get(key));
      outcome.set(key, answer);
      if (res.statusCode === 200)
        receiptsByCode.set(code, (receiptsByCode.get(code) ?? new Set()).add(res.json().receipt));
    });
    // Every code was acknowledged with exactly one receipt, whichever phone won.
    expect(receiptsByCode.size).toBe(single + contested);
    for (const receipts of receiptsByCode.values()) expect(receipts.size).toBe(1);

    const acknowledged = [...receiptsByCode.values()].map((r) => [...r][0]!);
    const [stored] = await queryRows<{ ballots: number; used: number }>(
      t.database.db,
      sql`select (select count(*)::int from ballots where meeting_id = ${meetingId}) as ballots,
                 (select count(*)::int from ballot_codes where meeting_id = ${meetingId} and used) as used`,
    );
    expect(stored).toEqual({ ballots: single + contested, used: single + contested });
    const hashes = await queryRows<{ receipt_hash: string }>(
      t.database.db,
      sql`select receipt_hash from ballots where meeting_id = ${meetingId}`,
    );
    expect(hashes.map((h) => h.receipt_hash).sort()).toEqual(acknowledged.map(receiptHash).sort());
    // The losing phone of a contested code stored nothing: its grade appears once per winner only.
    const [{ poor }] = (await queryRows<{ poor: number }>(
      t.database.db,
      sql`select count(*)::int as poor from ballots
          where meeting_id = ${meetingId} and choices -> ${String(orgIds[0])} ->> 'overall' = 'poor'`,
    )) as [{ poor: number }];
    const poorWinners = new Set(
      submissions.filter((s, i) => s.grade === 'poor' && answers[i]!.statusCode === 200).map((s) => s.code),
    ).size;
    expect(poor).toBe(poorWinners);

    for (const receipt of acknowledged.slice(single - 5))
      expect(
        expectStatus(await t.request(null, 'GET', `/api/ballot/receipt/${receipt}`), 200).json(),
      ).toEqual({ counted: true });
  });
});
