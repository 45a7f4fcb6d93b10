import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { defaultSurveyCategories, defaultSurveyItems } from '../../src/domain/meetings.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectApiError,
  expectStatus,
  reviewMeeting,
  signedInUser,
  type OrgRow,
  villageBranch,
} from './support/fixtures.js';

interface CodeRow {
  serial: number;
  code: string;
  orgId: number | null;
  orgName: string | null;
}

describe(`满意度测评 (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let north: OrgRow;
  let organizer: Session;
  let outsider: Session;
  let cycleId: number;
  let surveyId: number;
  const eastCodes: string[] = [];
  const westCodes: string[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '测评县委', 'county');
    const town = await createOrg(t, county.id, '测评镇党委', 'committee');
    const other = await createOrg(t, county.id, '测评邻镇党委', 'committee');
    east = await villageBranch(t, town.id, '东坪村党支部');
    west = await villageBranch(t, town.id, '西坪村党支部');
    north = await villageBranch(t, town.id, '北坪村党支部');
    organizer = await signedInUser(t, 'stown', 'organizer', town.id);
    outsider = await signedInUser(t, 'sother', 'organizer', other.id);
    cycleId = await annualCycle(t, organizer, town.id);
  });
  afterAll(() => t?.close());

  const url = (tail = '') => `/api/meetings/${surveyId}${tail}`;
  const makeCodes = async (orgId: number, count: number) =>
    expectStatus(
      await t.request(organizer, 'POST', url('/codes'), { category: 'villagerDelegates', count, orgId }),
      201,
    ).json().items as CodeRow[];
  const rating = (org: OrgRow, first: string, rest = 'satisfied') => ({
    [String(org.id)]: Object.fromEntries(defaultSurveyItems.map((i, k) => [i.key, k === 0 ? first : rest])),
  });
  const cast = (code: string, choices: unknown, comment?: string) =>
    t.request(null, 'POST', `/api/ballot/${encodeURIComponent(code)}`, {
      submissionId: randomUUID(),
      choices,
      comment,
    });
  const voting = async (action: 'open' | 'close') =>
    expectStatus(await t.request(organizer, 'POST', url('/voting'), { action }), 200);

  it('creates a survey with its questions and panel, rating the cycle’s villages; out of scope is 404', async () => {
    const created = expectStatus(
      await t.request(organizer, 'POST', '/api/meetings', {
        cycleId,
        kind: 'satisfaction',
        name: '2026年上半年村民代表大会满意度测评',
        heldOn: '2026-05-20',
        venue: '东坪村委会',
      }),
      201,
    ).json();
    surveyId = created.id;
    expect(created).toMatchObject({
      kind: 'satisfaction',
      items: defaultSurveyItems,
      categories: defaultSurveyCategories,
      rules: { votingMode: 'allAtOnce' },
    });
    expect(created.reporters.map((r: { orgId: number }) => r.orgId)).toEqual([east.id, west.id, north.id]);
    expectApiError(await t.request(outsider, 'GET', url()), 404, 'NOT_FOUND');
    // Only 统一投票; the rated orgs stay within the cycle's reporting set.
    const body = {
      name: created.name,
      heldOn: created.heldOn,
      venue: created.venue,
      items: created.items,
      categories: created.categories,
      rules: { ...created.rules, votingMode: 'perReporter' },
      reporters: [east, west].map((o) => ({ orgId: o.id, mode: 'onStage' })),
    };
    const refused = expectApiError(await t.request(organizer, 'PUT', url(), body), 400, 'MEETING_INVALID');
    expect(refused.message).toBe('满意度测评只能统一投票');
    const abstaining = { ...body, rules: { ...created.rules, allowAbstain: true } };
    expect(
      expectApiError(await t.request(organizer, 'PUT', url(), abstaining), 400, 'MEETING_INVALID').message,
    ).toBe('满意度测评每题必选，不能允许弃权');
    const updated = expectStatus(
      await t.request(organizer, 'PUT', url(), { ...body, rules: created.rules }),
      200,
    ).json();
    expect(updated.reporters.map((r: { orgName: string }) => r.orgName)).toEqual([
      '东坪村党支部',
      '西坪村党支部',
    ]);
  });

  it('generates codes per rated org, and only so', async () => {
    const made = await makeCodes(east.id, 4);
    expect(made.map((c) => [c.serial, c.orgName])).toEqual([1, 2, 3, 4].map((n) => [n, '东坪村党支部']));
    eastCodes.push(...made.map((c) => c.code));
    westCodes.push(...(await makeCodes(west.id, 3)).map((c) => c.code));
    expectApiError(
      await t.request(organizer, 'POST', url('/codes'), { category: 'villagerDelegates', count: 1 }),
      400,
      'MEETING_INVALID',
    );
    expectApiError(
      await t.request(organizer, 'POST', url('/codes'), {
        category: 'villagerDelegates',
        count: 1,
        orgId: north.id,
      }),
      400,
      'MEETING_INVALID',
    );
    const listed = expectStatus(await t.request(organizer, 'GET', url('/codes')), 200).json().items;
    expect(listed.filter((c: CodeRow) => c.orgId === west.id)).toHaveLength(3);
    // A 述职评议会's codes are not per org.
    const appraisal = await reviewMeeting(t, organizer, cycleId, {
      name: '述职评议会',
      heldOn: '2027-01-10',
    });
    expectApiError(
      await t.request(organizer, 'POST', `/api/meetings/${appraisal}/codes`, {
        category: 'superiors',
        count: 1,
        orgId: east.id,
      }),
      400,
      'MEETING_INVALID',
    );
  });

  it('lets a code rate its own org only, on the 3-point scale, with an optional comment', async () => {
    await voting('open');
    const form = expectStatus(await t.request(null, 'GET', `/api/ballot/${eastCodes[0]}`), 200).json();
    expect(form).toMatchObject({ kind: 'satisfaction', items: defaultSurveyItems, category: '村民代表' });
    expect(form.reporters.map((r: { name: string }) => r.name)).toEqual(['东坪村党支部']);
    expectApiError(await cast(eastCodes[0]!, rating(west, 'satisfied')), 400, 'BALLOT_INCOMPLETE');
    expectApiError(await cast(eastCodes[0]!, rating(east, 'poor')), 400, 'BALLOT_INCOMPLETE');
    expectApiError(await cast(eastCodes[0]!, { [east.id]: { secretary: 4 } }), 400);
    expectApiError(await cast(eastCodes[0]!, rating(east, 'satisfied'), 'x'.repeat(201)), 400);
    expectStatus(await cast(eastCodes[0]!, rating(east, 'satisfied'), '  希望多公开村务。 '), 200);
    expectStatus(await cast(eastCodes[1]!, rating(east, 'basicallySatisfied', 'dissatisfied')), 200);
    expectStatus(await cast(eastCodes[2]!, rating(east, 'dissatisfied'), '道路维护要跟上'), 200);
    expectStatus(await cast(westCodes[0]!, rating(west, 'satisfied')), 200);
    // Paper ballots stay with the 述职评议会.
    expectApiError(
      await t.request(organizer, 'POST', url('/paper-ballots'), {
        serial: 4,
        choices: rating(east, 'excellent', 'excellent'),
      }),
      409,
      'PAPER_BALLOTS_SURVEY',
    );
  });

  it('stores the comment with the ballot, joined to no code', async () => {
    const rows = await queryRows<{ comment: string | null; grades: number[] }>(
      t.database.db,
      sql`select comment, grades from ballots where meeting_id = ${surveyId} order by comment`,
    );
    expect(rows.map((r) => r.comment)).toEqual(['希望多公开村务。', '道路维护要跟上', null, null]);
    expect(rows.flatMap((r) => r.grades).every((g) => g >= 1 && g <= 3)).toBe(true);
    const columns = await queryRows<{ column_name: string }>(
      t.database.db,
      sql`select column_name from information_schema.columns where table_name = 'ballots'`,
    );
    expect(columns.map((c) => c.column_name).filter((c) => /code|user|time|_at$/.test(c))).toEqual([]);
  });

  it('tallies after closing: per org the shares, the 满意率 and the comments', async () => {
    expectApiError(await t.request(organizer, 'GET', url('/tally')), 409, 'VOTING_NOT_CLOSED');
    await voting('close');
    const tally = expectStatus(await t.request(organizer, 'GET', url('/tally')), 200).json();
    // The reporter-by-grade protocol is a 述职评议会's; a survey's result page is printed instead.
    expectApiError(await t.request(organizer, 'GET', url('/protocol.xlsx')), 409, 'PROTOCOL_NOT_FOR_SURVEY');
    const [eastRow, westRow] = tally.surveyed;
    expect(eastRow).toMatchObject({
      orgName: '东坪村党支部',
      issued: 4,
      ballots: 3,
      shares: { satisfied: 1 / 3, basicallySatisfied: 1 / 3, dissatisfied: 1 / 3 },
      value: 66.67,
      problem: null,
      comments: ['希望多公开村务。', '道路维护要跟上'],
    });
    expect(eastRow.items[1].counts).toEqual({ satisfied: 2, basicallySatisfied: 0, dissatisfied: 1 });
    // One ballot of three codes: the turnout voids west's survey.
    expect(westRow).toMatchObject({ ballots: 1, value: null, comments: [] });
    expect(westRow.problem).toContain('未超过发出的 3 张的半数');
  });

  it('gives the satisfaction component of the results, missing where no valid survey rated the org', async () => {
    const settings = expectStatus(
      await t.request(organizer, 'GET', `/api/evaluations/${cycleId}`),
      200,
    ).json().settings;
    const body = {
      ...settings,
      config: {
        ...settings.config,
        components: [
          { key: 'routine', label: '日常考核', weight: 40, max: 100 },
          { key: 'leader', label: '述职评议', weight: 30, max: 100 },
          { key: 'appraisal', label: '民主测评', weight: 20, max: 100 },
          { key: 'satisfaction', label: '满意度', weight: 10, max: 100 },
        ],
      },
    };
    const evaluation = expectStatus(
      await t.request(organizer, 'PUT', `/api/evaluations/${cycleId}/settings`, body),
      200,
    ).json();
    const component = (org: OrgRow) =>
      evaluation.reporters
        .find((r: { orgId: number }) => r.orgId === org.id)
        .components.find((c: { key: string }) => c.key === 'satisfaction');
    expect(component(east).value).toBe(66.67);
    expect(component(west).value).toBeNull();
    expect(component(north).value).toBeNull();
    expect(evaluation.warnings.some((w: string) => w.includes('西坪村党支部') && w.includes('未计入'))).toBe(
      true,
    );
  });

  it('lists per half-year the villages with and without a survey, within the actor’s scope', async () => {
    const coverage = expectStatus(
      await t.request(organizer, 'GET', `/api/meetings/satisfaction-coverage?cycleId=${cycleId}`),
      200,
    ).json();
    expect(coverage.year).toBe(2026);
    const row = (org: OrgRow) => coverage.villages.find((v: { orgId: number }) => v.orgId === org.id);
    expect(row(east).halves[0].surveys.map((s: { id: number }) => s.id)).toEqual([surveyId]);
    expect(row(east).halves[1].surveys).toEqual([]);
    expect(row(north).halves.every((h: { surveys: unknown[] }) => h.surveys.length === 0)).toBe(true);
    expect(coverage.without).toEqual({ first: 1, second: 3, any: 3 });

    // A second-half survey listing every village but held only in 西坪村's meeting counts for it alone.
    const autumn = expectStatus(
      await t.request(organizer, 'POST', '/api/meetings', {
        cycleId,
        kind: 'satisfaction',
        name: '2026年下半年西坪村村民代表大会满意度测评',
        heldOn: '2026-09-10',
      }),
      201,
    ).json();
    expect(autumn.reporters.length).toBeGreaterThan(1);
    const autumnUrl = (tail: string) => `/api/meetings/${autumn.id}${tail}`;
    const [westCode] = expectStatus(
      await t.request(organizer, 'POST', autumnUrl('/codes'), {
        category: 'villagerDelegates',
        count: 1,
        orgId: west.id,
      }),
      201,
    ).json().items as CodeRow[];
    expectStatus(await t.request(organizer, 'POST', autumnUrl('/voting'), { action: 'open' }), 200);
    expectStatus(await cast(westCode!.code, rating(west, 'satisfied')), 200);
    expectStatus(await t.request(organizer, 'POST', autumnUrl('/voting'), { action: 'close' }), 200);
    const after = expectStatus(
      await t.request(organizer, 'GET', `/api/meetings/satisfaction-coverage?cycleId=${cycleId}`),
      200,
    ).json();
    const secondHalf = (org: OrgRow) =>
      after.villages
        .find((v: { orgId: number }) => v.orgId === org.id)
        .halves[1].surveys.map((x: { id: number }) => x.id);
    expect(secondHalf(west)).toEqual([autumn.id]);
    expect(secondHalf(east)).toEqual([]);
    expect(after.without.second).toBe(2);
    expectApiError(
      await t.request(outsider, 'GET', `/api/meetings/satisfaction-coverage?cycleId=${cycleId}`),
      404,
      'NOT_FOUND',
    );
  });
});
