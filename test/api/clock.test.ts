import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectApiError, expectStatus, type OrgRow } from './support/fixtures.js';

// Midday UTC is the same calendar day in every time zone from UTC-11 to UTC+11, so the tests hold
// wherever the machine's clock is set.
const on = (day: string) => `${day}T12:00:00Z`;

describe(`the injected clock (${testDriver})`, () => {
  let t: TestContext;
  let branch: OrgRow;
  // Years ahead of the real date: the system clock would refuse every future date used here.
  const clock = manualClock(on('2031-03-01'));

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '时钟县委', 'county');
    branch = await createOrg(t, county.id, '时钟村党支部', 'branch');
  });
  afterAll(() => t.close());

  it('judges "not after today" against the clock, for members and org dates', async () => {
    // Born after the system's today, applying at 18 and more: fine on the clock's day.
    clock.set(on('2049-03-01'));
    const member = { orgId: branch.id, name: '未来人', gender: 'male', stage: 'applicant' };
    expectStatus(
      await t.request(t.admin, 'POST', '/api/members', {
        ...member,
        birthDate: '2030-05-01',
        appliedOn: '2049-02-01',
      }),
      201,
    );
    clock.set(on('2030-04-30'));
    expectApiError(
      await t.request(t.admin, 'POST', '/api/members', { ...member, birthDate: '2030-05-01' }),
      400,
      'MEMBER_BIRTH_DATE_INVALID',
    );
    expectApiError(
      await t.request(t.admin, 'PATCH', `/api/orgs/${branch.id}`, { foundedOn: '2030-05-01' }),
      400,
      'ORG_DATES_INVALID',
    );
    clock.set(on('2030-05-01'));
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/orgs/${branch.id}`, { foundedOn: '2030-05-01' }),
      200,
    );
  });

  it('tells term reminders by the clock: soon within 90 days, overdue after the end', async () => {
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/orgs/${branch.id}`, {
        termStartedOn: '2030-06-01',
        termEndsOn: '2033-06-01',
      }),
      200,
    );
    const status = async () =>
      expectStatus(await t.request(t.admin, 'GET', `/api/orgs/${branch.id}`), 200).json();
    const reminded = async () =>
      (
        expectStatus(await t.request(t.admin, 'GET', '/api/orgs/terms'), 200).json().items as { id: number }[]
      ).map((o) => o.id);
    clock.set(on('2033-03-02'));
    expect((await status()).termStatus).toBe('ok');
    expect(await reminded()).not.toContain(branch.id);
    clock.set(on('2033-03-03'));
    expect((await status()).termStatus).toBe('expiringSoon');
    expect(await reminded()).toContain(branch.id);
    clock.set(on('2033-06-02'));
    expect((await status()).termStatus).toBe('overdue');
  });

  it('takes the day of statistics and the pipeline from the clock when none is asked for', async () => {
    clock.set(on('2032-07-15'));
    const stats = expectStatus(
      await t.request(t.admin, 'GET', `/api/statistics?orgId=${branch.id}`),
      200,
    ).json();
    expect(stats.asOf).toBe('2032-07-15');
    const pipeline = expectStatus(
      await t.request(t.admin, 'GET', `/api/pipeline?orgId=${branch.id}`),
      200,
    ).json();
    expect(pipeline.asOf).toBe('2032-07-15');
  });
});
