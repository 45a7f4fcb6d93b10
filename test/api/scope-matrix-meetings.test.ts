import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import { expectStatus } from './support/fixtures.js';
import { type Who, allow, deny, o, orgRead, scopeMatrix, t } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * Review meetings are seen and run by whoever's scope holds the cycle's running org: meeting A1 of
 * town A1's cycle, A2 of town A2's. Out of scope is 404. The ballot routes are public: the code is
 * the only key.
 */
const cycleWrite: RouteAccess = { permission: 'cycle.write' };
const meeting = {} as Record<'A1' | 'A2', number>;
const cycle = {} as Record<'A1' | 'A2', number>;
const url = (key: 'A1' | 'A2', tail = '') => `/api/meetings/${meeting[key]}${tail}`;
/** Organizers outside the meeting's scope; a secretary lacks cycle.write (403 before any scope). */
const outside: [Who, 'A1' | 'A2'][] = [
  ['orgB', 'A1'],
  ['orgA1', 'A2'],
];

const resetMeetings = async () => {
  await t.database.db.execute(sql`delete from ballots`);
  await t.database.db.execute(sql`delete from ballot_codes`);
  await t.database.db.execute(sql`update review_meetings set voting = 'notOpened'`);
};
const newMeeting = async (key: 'A1' | 'A2') =>
  (
    await allow(
      'admin',
      'POST',
      '/api/meetings',
      { cycleId: cycle[key], name: '矩阵评议会', heldOn: '2027-01-12' },
      201,
    )
  ).json().id as number;
const updateBody = async (key: 'A1' | 'A2') => {
  const m = (await allow('admin', 'GET', url(key))).json();
  return {
    name: m.name,
    heldOn: m.heldOn,
    venue: m.venue,
    items: m.items,
    categories: m.categories,
    rules: m.rules,
    reporters: m.reporters.map((r: { orgId: number; mode: string }) => ({ orgId: r.orgId, mode: r.mode })),
  };
};
const codeOf = async (key: 'A1' | 'A2') =>
  (await allow('admin', 'POST', url(key, '/codes'), { category: 'superiors', count: 1 }, 201)).json().items[0]
    .code as string;
/** Every reporter of the meeting graded 好 on every item: a complete ballot or paper sheet. */
const fullChoices = async (key: 'A1' | 'A2') => {
  const m = (await allow('admin', 'GET', url(key))).json();
  return Object.fromEntries(
    m.reporters.map((r: { orgId: number }) => [
      String(r.orgId),
      Object.fromEntries(m.items.map((i: { key: string }) => [i.key, 'good'])),
    ]),
  );
};
/** Voting open with one formal code (serial 1): a paper sheet can be entered. */
const openWithCode = async (key: 'A1' | 'A2') => {
  await codeOf(key);
  await allow('admin', 'POST', url(key, '/voting'), { action: 'open' });
};
const paperSheet = async (key: 'A1' | 'A2') => ({ serial: 1, choices: await fullChoices(key) });
const openForPaper = async () => {
  await openWithCode('A1');
  await openWithCode('A2');
};
const closeVoting = async (key: 'A1' | 'A2') => {
  await t.database.db.execute(sql`update review_meetings set voting = 'closed' where id = ${meeting[key]}`);
};

/** A meeting route outside the caller's scope is 404; the organizer above succeeds. */
const scoped = (
  method: string,
  tail: string,
  body?: () => Promise<unknown>,
  status = 200,
  before = resetMeetings,
) => ({
  'a meeting outside the scope': async () => {
    await before();
    for (const [who, key] of outside)
      await deny(who, method, url(key, tail), await body?.(), 404, 'NOT_FOUND');
    await allow('orgA', method, url('A2', tail), await body?.(), status);
    await resetMeetings();
  },
});

scopeMatrix(
  'meetings',
  {
    'GET /api/meetings': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/meetings?cycleId=${cycle.A1}` }),
      sampleStatus: 200,
      cases: {
        'a cycle outside the scope lists nothing': async () => {
          const listed = async (who: Who, key: 'A1' | 'A2') =>
            (await allow(who, 'GET', `/api/meetings?cycleId=${cycle[key]}`)).json().items.length;
          expect(await listed('orgB', 'A1')).toBe(0);
          expect(await listed('orgA1', 'A2')).toBe(0);
          expect(await listed('secA1b', 'A1')).toBe(0);
          expect(await listed('orgA', 'A2')).toBe(1);
        },
      },
    },
    'GET /api/meetings/satisfaction-coverage': {
      access: orgRead,
      sample: async () => ({
        method: 'GET',
        url: `/api/meetings/satisfaction-coverage?cycleId=${cycle.A1}`,
      }),
      sampleStatus: 200,
      cases: {
        'villages outside the scope are not listed; a cycle out of sight is 404': async () => {
          const coverage = (key: 'A1' | 'A2') => `/api/meetings/satisfaction-coverage?cycleId=${cycle[key]}`;
          const villages = async (who: Who) =>
            (await allow(who, 'GET', coverage('A1')))
              .json()
              .villages.map((v: { orgId: number }) => v.orgId)
              .sort();
          await t.database.db.execute(
            sql`update orgs set domain = 'village' where id in (${o.A1b.id}, ${o.A1x.id}, ${o.A2b.id})`,
          );
          try {
            expect(await villages('orgA1')).toEqual([o.A1b.id, o.A1x.id].sort());
            expect(await villages('orgA')).toEqual([o.A1b.id, o.A1x.id].sort());
            expect(await villages('secA1b')).toEqual([o.A1b.id]);
            await deny('orgB', 'GET', coverage('A1'), undefined, 404, 'NOT_FOUND');
            await deny('orgA1', 'GET', coverage('A2'), undefined, 404, 'NOT_FOUND');
          } finally {
            await t.database.db.execute(
              sql`update orgs set domain = null where id in (${o.A1b.id}, ${o.A1x.id}, ${o.A2b.id})`,
            );
          }
        },
      },
    },
    'POST /api/meetings': {
      access: cycleWrite,
      sample: async () => ({
        method: 'POST',
        url: '/api/meetings',
        body: { cycleId: cycle.A1, name: '矩阵评议会', heldOn: '2027-01-12' },
      }),
      undo: async () => {
        await t.database.db.execute(
          sql`delete from review_meetings where id not in (${meeting.A1}, ${meeting.A2})`,
        );
      },
      sampleStatus: 201,
      cases: {
        'a cycle outside the scope': async () => {
          const body = (key: 'A1' | 'A2') => ({
            cycleId: cycle[key],
            name: '矩阵评议会',
            heldOn: '2027-01-12',
          });
          await deny('orgB', 'POST', '/api/meetings', body('A1'), 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/meetings', body('A2'), 404, 'NOT_FOUND');
          await allow('orgA', 'POST', '/api/meetings', body('A2'), 201);
          await t.database.db.execute(
            sql`delete from review_meetings where id not in (${meeting.A1}, ${meeting.A2})`,
          );
        },
      },
    },
    'GET /api/meetings/:id': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: url('A1') }),
      sampleStatus: 200,
      cases: {
        'a meeting outside the scope': async () => {
          for (const [who, key] of [...outside, ['secA1b', 'A1']] as [Who, 'A1' | 'A2'][])
            await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
          await allow('orgA', 'GET', url('A2'));
        },
      },
    },
    'PUT /api/meetings/:id': {
      access: cycleWrite,
      sample: async () => ({ method: 'PUT', url: url('A1'), body: await updateBody('A1') }),
      sampleStatus: 200,
      cases: {
        'a meeting outside the scope': async () => {
          for (const [who, key] of outside)
            await deny(who, 'PUT', url(key), await updateBody(key), 404, 'NOT_FOUND');
          await allow('orgA', 'PUT', url('A2'), await updateBody('A2'));
        },
      },
    },
    'DELETE /api/meetings/:id': {
      access: cycleWrite,
      sample: async () => ({ method: 'DELETE', url: `/api/meetings/${await newMeeting('A1')}` }),
      sampleStatus: 204,
      cases: {
        'a meeting outside the scope': async () => {
          for (const [who, key] of outside) await deny(who, 'DELETE', url(key), undefined, 404, 'NOT_FOUND');
          await allow('orgA', 'DELETE', `/api/meetings/${await newMeeting('A2')}`, undefined, 204);
        },
      },
    },
    'POST /api/meetings/:id/codes': {
      access: cycleWrite,
      sample: async () => ({
        method: 'POST',
        url: url('A1', '/codes'),
        body: { category: 'superiors', count: 2 },
      }),
      undo: resetMeetings,
      sampleStatus: 201,
      cases: scoped('POST', '/codes', async () => ({ category: 'superiors', count: 2 }), 201),
    },
    'GET /api/meetings/:id/codes': {
      access: cycleWrite,
      sample: async () => ({ method: 'GET', url: url('A1', '/codes') }),
      sampleStatus: 200,
      cases: scoped('GET', '/codes'),
    },
    'POST /api/meetings/:id/voting': {
      access: cycleWrite,
      sample: async () => ({ method: 'POST', url: url('A1', '/voting'), body: { action: 'open' } }),
      undo: resetMeetings,
      sampleStatus: 200,
      cases: scoped('POST', '/voting', async () => ({ action: 'open' })),
    },
    'GET /api/meetings/:id/turnout': {
      access: cycleWrite,
      sample: async () => ({ method: 'GET', url: url('A1', '/turnout') }),
      sampleStatus: 200,
      cases: scoped('GET', '/turnout'),
    },
    'GET /api/meetings/:id/tally': {
      access: cycleWrite,
      sample: async () => {
        await closeVoting('A1');
        return { method: 'GET', url: url('A1', '/tally') };
      },
      undo: resetMeetings,
      sampleStatus: 200,
      cases: scoped('GET', '/tally', undefined, 200, async () => {
        await closeVoting('A1');
        await closeVoting('A2');
      }),
    },
    'GET /api/meetings/:id/protocol.xlsx': {
      access: cycleWrite,
      sample: async () => {
        await closeVoting('A1');
        return { method: 'GET', url: url('A1', '/protocol.xlsx') };
      },
      undo: resetMeetings,
      sampleStatus: 200,
      cases: scoped('GET', '/protocol.xlsx', undefined, 200, async () => {
        await closeVoting('A1');
        await closeVoting('A2');
      }),
    },
    'DELETE /api/meetings/:id/rehearsal': {
      access: cycleWrite,
      sample: async () => ({ method: 'DELETE', url: url('A1', '/rehearsal') }),
      sampleStatus: 204,
      cases: scoped('DELETE', '/rehearsal', undefined, 204),
    },
    'GET /api/meetings/:id/paper-ballots': {
      access: cycleWrite,
      sample: async () => ({ method: 'GET', url: url('A1', '/paper-ballots') }),
      sampleStatus: 200,
      cases: scoped('GET', '/paper-ballots'),
    },
    'POST /api/meetings/:id/paper-ballots': {
      access: cycleWrite,
      sample: async () => {
        await openWithCode('A1');
        return { method: 'POST', url: url('A1', '/paper-ballots'), body: await paperSheet('A1') };
      },
      undo: resetMeetings,
      sampleStatus: 201,
      cases: scoped('POST', '/paper-ballots', () => paperSheet('A2'), 201, openForPaper),
    },
    'PUT /api/meetings/:id/paper-ballots/:serial': {
      access: cycleWrite,
      sample: async () => {
        await openWithCode('A1');
        await allow('orgA1', 'POST', url('A1', '/paper-ballots'), await paperSheet('A1'), 201);
        return {
          method: 'PUT',
          url: url('A1', '/paper-ballots/1'),
          body: { choices: await fullChoices('A1') },
        };
      },
      undo: resetMeetings,
      sampleStatus: 200,
      cases: scoped(
        'PUT',
        '/paper-ballots/1',
        async () => ({ choices: await fullChoices('A2') }),
        200,
        async () => {
          await openForPaper();
          await allow('orgA', 'POST', url('A2', '/paper-ballots'), await paperSheet('A2'), 201);
        },
      ),
    },
    'POST /api/meetings/:id/paper-ballots/count': {
      access: cycleWrite,
      sample: async () => {
        await openWithCode('A1');
        await allow('admin', 'POST', url('A1', '/paper-ballots'), await paperSheet('A1'), 201);
        await allow('orgA', 'POST', url('A1', '/paper-ballots'), await paperSheet('A1'), 201);
        return { method: 'POST', url: url('A1', '/paper-ballots/count') };
      },
      undo: resetMeetings,
      sampleStatus: 200,
      cases: scoped('POST', '/paper-ballots/count', undefined, 200, async () => {
        await openForPaper();
        // Two different users enter the sheet alike: one sheet to count.
        await allow('admin', 'POST', url('A2', '/paper-ballots'), await paperSheet('A2'), 201);
        await allow('orgA', 'POST', url('A2', '/paper-ballots'), await paperSheet('A2'), 201);
      }),
    },
    'DELETE /api/meetings/:id/paper-ballots': {
      access: cycleWrite,
      sample: async () => ({ method: 'DELETE', url: url('A1', '/paper-ballots') }),
      sampleStatus: 204,
      cases: scoped('DELETE', '/paper-ballots', undefined, 204),
    },
    'GET /api/ballot/:code': {
      access: { public: true },
      reason: 'the panelist’s ballot page: the one-time code is the key, and it reaches one meeting only',
      check: async () => {
        const code = await codeOf('A1');
        await allow('admin', 'POST', url('A1', '/voting'), { action: 'open' });
        const form = expectStatus(await t.request(null, 'GET', `/api/ballot/${code}`), 200).json();
        expect(form.reporters.map((r: { orgId: number }) => r.orgId)).toEqual([
          o.A1b.id,
          o.A1x.id,
          o.tmpA1.id,
        ]);
        await resetMeetings();
      },
    },
    'POST /api/ballot/:code': {
      access: { public: true },
      reason:
        'casting needs the one-time code and nothing else; it stores one anonymous ballot of its meeting',
      check: async () => {
        const code = await codeOf('A1');
        await allow('admin', 'POST', url('A1', '/voting'), { action: 'open' });
        const res = await t.request(null, 'POST', `/api/ballot/${code}`, {
          submissionId: randomUUID(),
          choices: await fullChoices('A1'),
        });
        expect(expectStatus(res, 200).json().receipt).toMatch(/^\d{5}-\d{5}$/);
        await resetMeetings();
      },
    },
    'GET /api/ballot/receipt/:receipt': {
      access: { public: true },
      reason: 'answers only whether a ballot with this receipt was counted, never its meeting or content',
      check: async () => {
        const res = expectStatus(await t.request(null, 'GET', '/api/ballot/receipt/12345-67890'), 200);
        expect(res.json()).toEqual({ counted: false });
      },
    },
  },
  {
    setUp: async () => {
      const branches = { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] };
      for (const key of ['A1', 'A2'] as const) {
        cycle[key] = (
          await allow('admin', 'POST', '/api/cycles', { orgId: o[key].id, kind: 'annual', year: 2026 }, 201)
        ).json().id;
        await allow('admin', 'PUT', `/api/cycles/${cycle[key]}/reporting-set`, branches);
        meeting[key] = await newMeeting(key);
      }
    },
  },
);
