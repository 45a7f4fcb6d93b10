import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import { RawBody } from '../helpers/test-app.js';
import { type OrgKey, type Who, allow, deny, o, orgRead, scopeMatrix, t } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * Reports are read by whoever sees both the cycle and the report's org; written by the org's own
 * secretary or an organizer above it; reviewed by the cycle's organizer. Cycles: A (county; its towns
 * report), A1 and A2 (towns; their branches report). Reports: A1b in A1's cycle, A2b in A2's, A1 in
 * A's; tmpA2 and A1x have none, for creating.
 */
const reportWrite: RouteAccess = { permission: 'report.write' };
const cycleWrite: RouteAccess = { permission: 'cycle.write' };
const c = {} as Record<'A' | 'A1' | 'A2', number>;
const report = {} as Record<'A1b' | 'A2b' | 'A1', number>;
const url = (key: keyof typeof report, tail = '') => `/api/reports/${report[key]}${tail}`;

const complete = {
  title: '述职报告',
  sections: [
    { kind: 'highlights', title: '履职工作特色和亮点', text: '坚持每月开展主题党日。' },
    { kind: 'problems', title: '存在的主要问题及原因', text: '' },
    { kind: 'plans', title: '下一步工作思路和举措', text: '' },
  ],
  problems: [{ text: '组织生活记录不全', cause: '学习不深' }],
  plans: [{ text: '逐月检查记录', answers: [0] }],
};

/** Every report back to a complete draft with no versions. */
const draftAgain = async () => {
  await t.database.db.execute(sql`delete from report_versions`);
  await t.database.db.execute(sql`delete from problem_drafts`);
  await t.database.db.execute(
    sql`update reports set status = 'draft', versions = 0, first_submitted_on = null, late = false,
        body = ${JSON.stringify(complete)}::jsonb`,
  );
};
const clearReminders = async () => {
  await t.database.db.execute(sql`delete from report_reminders`);
};
const submitted = async () => {
  await draftAgain();
  for (const key of Object.keys(report) as (keyof typeof report)[])
    await allow('admin', 'POST', url(key, '/submit'));
};
const updatedAt = async (key: keyof typeof report) =>
  (await allow('admin', 'GET', url(key))).json().updatedAt as string;

/** Writes to one report (save, submit): 404 where unseen; the org's secretary and organizers above it. */
const writeCases = (
  tail: string,
  body: (key: keyof typeof report) => Promise<unknown>,
  before = draftAgain,
  status = 200,
) => ({
  'a report outside the writer’s scope': async () => {
    await before();
    await deny('orgB', tail ? 'POST' : 'PUT', url('A1b', tail), await body('A1b'), 404, 'NOT_FOUND');
    await deny('orgA1', tail ? 'POST' : 'PUT', url('A2b', tail), await body('A2b'), 404, 'NOT_FOUND');
    await deny('secA1b', tail ? 'POST' : 'PUT', url('A1', tail), await body('A1'), 404, 'NOT_FOUND');
    await deny('secA1', tail ? 'POST' : 'PUT', url('A1b', tail), await body('A1b'), 404, 'NOT_FOUND');
    await allow('secA1b', tail ? 'POST' : 'PUT', url('A1b', tail), await body('A1b'), status);
    await allow('secA1', tail ? 'POST' : 'PUT', url('A1', tail), await body('A1'), status);
    await before();
    await allow('orgA', tail ? 'POST' : 'PUT', url('A2b', tail), await body('A2b'), status);
    await before();
  },
});

/** Decisions on a submitted report: the cycle's organizer only. */
const reviewCases = (tail: string, body?: unknown, method: 'POST' | 'PUT' = 'POST') => ({
  'a report outside the reviewer’s scope, or of a cycle run above them': async () => {
    await submitted();
    await deny('orgB', method, url('A1b', tail), body, 404, 'NOT_FOUND');
    await deny('orgA1', method, url('A2b', tail), body, 404, 'NOT_FOUND');
    await deny('orgA1', method, url('A1', tail), body, 403, 'REPORT_NOT_REVIEWER');
    await allow('orgA', method, url('A2b', tail), body);
    await allow('orgA', method, url('A1', tail), body);
    await draftAgain();
  },
});

/** A report file, raw bytes with the name in the query: read into the template, nothing saved. */
const importTail = '/import?fileName=report.txt';
const reportFile = new RawBody(
  Buffer.from('述职报告\n一、存在问题\n（一）记录不全。\n', 'utf8'),
  'application/octet-stream',
);

const returnBody = { comments: [], quotedFindings: [], general: '请补充' };

scopeMatrix(
  'reports',
  {
    'GET /api/reports': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/reports?cycleId=${c.A1}` }),
      sampleStatus: 200,
      cases: {
        'a cycle the reader does not see; orgs outside the scope left out': async () => {
          await deny('orgB', 'GET', `/api/reports?cycleId=${c.A1}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'GET', `/api/reports?cycleId=${c.A2}`, undefined, 404, 'NOT_FOUND');
          const orgsOf = async (who: Who, key: keyof typeof c) =>
            (await allow(who, 'GET', `/api/reports?cycleId=${c[key]}`))
              .json()
              .items.map((i: { orgId: number }) => i.orgId);
          expect(await orgsOf('secA1b', 'A1')).toEqual([o.A1b.id]);
          expect(await orgsOf('secA1', 'A')).toEqual([o.A1.id]);
          expect(await orgsOf('orgA', 'A2')).toEqual([o.A2b.id, o.tmpA2.id]);
        },
      },
    },
    'GET /api/reports/problem-drafts': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/reports/problem-drafts?cycleId=${c.A1}` }),
      sampleStatus: 200,
      cases: {
        'a cycle the reader does not see; drafts of orgs outside the scope left out': async () => {
          await submitted();
          await allow('orgA1', 'POST', url('A1b', '/accept'));
          await allow('orgA', 'POST', url('A2b', '/accept'));
          await allow('orgA', 'POST', url('A1', '/accept'));
          const drafts = `/api/reports/problem-drafts?cycleId=`;
          await deny('orgB', 'GET', `${drafts}${c.A1}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'GET', `${drafts}${c.A2}`, undefined, 404, 'NOT_FOUND');
          const orgsOf = async (who: Who, key: keyof typeof c) =>
            (await allow(who, 'GET', `${drafts}${c[key]}`))
              .json()
              .items.map((i: { orgId: number }) => i.orgId);
          expect(await orgsOf('secA1b', 'A1')).toEqual([o.A1b.id]);
          expect(await orgsOf('secA1', 'A')).toEqual([o.A1.id]);
          expect(await orgsOf('secA1b', 'A')).toEqual([]);
          expect(await orgsOf('orgA', 'A2')).toEqual([o.A2b.id]);
          expect(await orgsOf('orgA', 'A')).toEqual([o.A1.id]);
          await draftAgain();
        },
      },
    },
    'POST /api/reports/remind': {
      access: cycleWrite,
      sample: async () => ({ method: 'POST', url: '/api/reports/remind', body: { cycleId: c.A1 } }),
      undo: clearReminders,
      sampleStatus: 200,
      cases: {
        'a cycle the organizer does not see, or one run above them; orgs outside the scope left out':
          async () => {
            await deny('orgB', 'POST', '/api/reports/remind', { cycleId: c.A1 }, 404, 'NOT_FOUND');
            await deny('orgA1', 'POST', '/api/reports/remind', { cycleId: c.A2 }, 404, 'NOT_FOUND');
            await deny('orgA1', 'POST', '/api/reports/remind', { cycleId: c.A }, 403, 'REPORT_NOT_REVIEWER');
            const answer = (await allow('orgA', 'POST', '/api/reports/remind', { cycleId: c.A2 })).json();
            expect(answer.orgNames).toEqual([o.A2b.name, o.tmpA2.name]);
            await clearReminders();
          },
      },
    },
    'GET /api/reports/reminders': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: '/api/reports/reminders' }),
      sampleStatus: 200,
      cases: {
        'only the reminders addressed to the reader’s own org': async () => {
          await allow('orgA1', 'POST', '/api/reports/remind', { cycleId: c.A1 });
          await allow('orgA', 'POST', '/api/reports/remind', { cycleId: c.A });
          const cyclesOf = async (who: Who) =>
            (await allow(who, 'GET', '/api/reports/reminders'))
              .json()
              .items.map((i: { cycleId: number }) => i.cycleId);
          expect(await cyclesOf('secA1b')).toEqual([c.A1]);
          expect(await cyclesOf('secA1')).toEqual([c.A]);
          expect(await cyclesOf('orgA')).toEqual([]);
          expect(await cyclesOf('orgB')).toEqual([]);
          await clearReminders();
        },
      },
    },
    'POST /api/reports': {
      access: reportWrite,
      sample: async () => ({ method: 'POST', url: '/api/reports', body: { cycleId: c.A1, orgId: o.A1x.id } }),
      undo: async () => {
        await t.database.db.execute(sql`delete from reports where org_id = ${o.A1x.id}`);
      },
      sampleStatus: 201,
      cases: {
        'an org or cycle outside the writer’s scope; an org that does not report': async () => {
          await deny('orgB', 'POST', '/api/reports', { cycleId: c.A2, orgId: o.tmpA2.id }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/reports', { cycleId: c.A2, orgId: o.tmpA2.id }, 404, 'NOT_FOUND');
          await deny('secA1b', 'POST', '/api/reports', { cycleId: c.A1, orgId: o.A1x.id }, 404, 'NOT_FOUND');
          await deny(
            'orgA1',
            'POST',
            '/api/reports',
            { cycleId: c.A1, orgId: o.A1.id },
            400,
            'REPORT_ORG_INVALID',
          );
          await allow('orgA', 'POST', '/api/reports', { cycleId: c.A2, orgId: o.tmpA2.id }, 201);
          await t.database.db.execute(sql`delete from reports where org_id = ${o.tmpA2.id}`);
        },
      },
    },
    'POST /api/reports/export': {
      access: orgRead,
      sample: async () => ({ method: 'POST', url: '/api/reports/export', body: { cycleId: c.A1 } }),
      sampleStatus: 202,
      cases: {
        'a cycle the reader does not see; only the reports in the scope packed, the zip kept in it':
          async () => {
            await deny('orgB', 'POST', '/api/reports/export', { cycleId: c.A1 }, 404, 'NOT_FOUND');
            await deny('orgA1', 'POST', '/api/reports/export', { cycleId: c.A2 }, 404, 'NOT_FOUND');
            // The zip is kept under the org the reader's scope starts at: readable by those above it only.
            const packed = async (who: Who, key: keyof typeof c) => {
              const { jobId } = (
                await allow(who, 'POST', '/api/reports/export', { cycleId: c[key] }, 202)
              ).json();
              await t.idle();
              const job = (await allow(who, 'GET', `/api/jobs/${jobId}`)).json();
              expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
              return job.result as { fileId: number; reports: number };
            };
            const ofA1 = await packed('orgA1', 'A1');
            expect(ofA1.reports).toBe(1);
            await deny('orgB', 'GET', `/api/files/${ofA1.fileId}`, undefined, 404, 'NOT_FOUND');
            await deny('secA1b', 'GET', `/api/files/${ofA1.fileId}`, undefined, 404, 'NOT_FOUND');
            await allow('orgA', 'GET', `/api/files/${ofA1.fileId}`);
            const ofSecretary = await packed('secA1b', 'A1');
            expect(ofSecretary.reports).toBe(1);
            await allow('orgA1', 'GET', `/api/files/${ofSecretary.fileId}`);
            await deny('orgB', 'GET', `/api/files/${ofSecretary.fileId}`, undefined, 404, 'NOT_FOUND');
          },
      },
    },
    'GET /api/reports/:id': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: url('A1b') }),
      sampleStatus: 200,
      cases: {
        'a report of an org outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
            ['viewA1', 'A2b'],
          ] as [Who, keyof typeof report][])
            await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
          await allow('secA1b', 'GET', url('A1b'));
          await allow('secA1', 'GET', url('A1'));
          await allow('chkA1', 'GET', url('A1b'));
        },
      },
    },
    'GET /api/reports/:id/docx': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: url('A1b', '/docx') }),
      sampleStatus: 200,
      cases: {
        'the Word file of a report, or of its version, outside the scope': async () => {
          await submitted();
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
          ] as [Who, keyof typeof report][]) {
            await deny(who, 'GET', url(key, '/docx'), undefined, 404, 'NOT_FOUND');
            await deny(who, 'GET', url(key, '/docx?version=1'), undefined, 404, 'NOT_FOUND');
          }
          await allow('secA1b', 'GET', url('A1b', '/docx?version=1'));
          await allow('orgA', 'GET', url('A2b', '/docx'));
          await allow('chkA1', 'GET', url('A1b', '/docx'));
          await draftAgain();
        },
      },
    },
    'PUT /api/reports/:id': {
      access: reportWrite,
      sample: async () => ({
        method: 'PUT',
        url: url('A1b'),
        body: { body: complete, updatedAt: await updatedAt('A1b') },
      }),
      sampleStatus: 200,
      cases: writeCases('', async (key) => ({ body: complete, updatedAt: await updatedAt(key) })),
    },
    'POST /api/reports/:id/import': {
      access: reportWrite,
      sample: async () => ({ method: 'POST', url: url('A1b', importTail), body: reportFile }),
      sampleStatus: 200,
      cases: writeCases(importTail, async () => reportFile),
    },
    'POST /api/reports/:id/check': {
      access: reportWrite,
      sample: async () => ({ method: 'POST', url: url('A1b', '/check'), body: { body: complete } }),
      sampleStatus: 202,
      cases: {
        ...writeCases('/check', async () => ({ body: complete }), draftAgain, 202),
        'the check’s job read only by its starter and those above their scope': async () => {
          await draftAgain();
          const { jobId } = (
            await allow('secA1b', 'POST', url('A1b', '/check'), { body: complete }, 202)
          ).json();
          await t.idle();
          expect((await allow('secA1b', 'GET', `/api/jobs/${jobId}`)).json().state).toBe('succeeded');
          await allow('orgA1', 'GET', `/api/jobs/${jobId}`);
          await deny('orgB', 'GET', `/api/jobs/${jobId}`, undefined, 404, 'NOT_FOUND');
        },
      },
    },
    'POST /api/reports/:id/submit': {
      access: reportWrite,
      sample: async () => ({ method: 'POST', url: url('A1b', '/submit') }),
      undo: draftAgain,
      sampleStatus: 200,
      cases: writeCases('/submit', async () => undefined),
    },
    'POST /api/reports/:id/return': {
      access: cycleWrite,
      sample: async () => {
        await submitted();
        return { method: 'POST', url: url('A1b', '/return'), body: returnBody };
      },
      undo: draftAgain,
      sampleStatus: 200,
      cases: reviewCases('/return', returnBody),
    },
    'POST /api/reports/:id/accept': {
      access: cycleWrite,
      sample: async () => {
        await submitted();
        return { method: 'POST', url: url('A1b', '/accept') };
      },
      undo: draftAgain,
      sampleStatus: 200,
      cases: reviewCases('/accept'),
    },
    'PUT /api/reports/:id/dismissed-findings': {
      access: cycleWrite,
      sample: async () => {
        await submitted();
        return { method: 'PUT', url: url('A1b', '/dismissed-findings'), body: { findings: [] } };
      },
      undo: draftAgain,
      sampleStatus: 200,
      cases: reviewCases('/dismissed-findings', { findings: [] }, 'PUT'),
    },
    'GET /api/reports/:id/versions/:version': {
      access: orgRead,
      sample: async () => {
        await submitted();
        return { method: 'GET', url: url('A1b', '/versions/1') };
      },
      undo: draftAgain,
      sampleStatus: 200,
      cases: {
        'a version of a report outside the scope': async () => {
          await submitted();
          await deny('orgB', 'GET', url('A1b', '/versions/1'), undefined, 404, 'NOT_FOUND');
          await deny('secA1b', 'GET', url('A1', '/versions/1'), undefined, 404, 'NOT_FOUND');
          await allow('secA1b', 'GET', url('A1b', '/versions/1'));
          await allow('orgA', 'GET', url('A2b', '/versions/1'));
          await draftAgain();
        },
      },
    },
  },
  {
    setUp: async () => {
      const branches = { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] };
      const run: Record<keyof typeof c, OrgKey> = { A: 'A', A1: 'A1', A2: 'A2' };
      for (const key of Object.keys(run) as (keyof typeof c)[]) {
        const body = { orgId: o[run[key]].id, kind: 'annual', year: 2026 };
        c[key] = (await allow('admin', 'POST', '/api/cycles', body, 201)).json().id;
        if (key !== 'A') await allow('admin', 'PUT', `/api/cycles/${c[key]}/reporting-set`, branches);
      }
      const start = async (key: keyof typeof c, org: OrgKey) =>
        (await allow('admin', 'POST', '/api/reports', { cycleId: c[key], orgId: o[org].id }, 201)).json()
          .id as number;
      report.A1b = await start('A1', 'A1b');
      report.A2b = await start('A2', 'A2b');
      report.A1 = await start('A', 'A1');
      await draftAgain();
    },
  },
);
