import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from 'typebox';
import { ErrorResponse, FileDownload } from '../../../contract/common.js';
import { JobStarted } from '../../../contract/jobs.js';
import {
  CycleParams,
  DeductionsInput,
  EvidenceInput,
  IndicatorParams,
  OrgSheet,
  OrgSheetParams,
  Ranking,
  RankingQuery,
  ScoreInput,
  VetoInput,
} from '../../../contract/routine-scores.js';
import type { JobRunner } from '../../jobs/service.js';
import { attachment } from '../../http/content-disposition.js';
import type { Actor } from '../../http/actor.js';
import { actorOf } from '../../http/route-config.js';
import { xlsxType } from '../imports/workbook.js';
import type { RoutineScoreService } from './service.js';

const tags = ['routine-scores'];
const read = { permission: 'org.read' } as const;
const score = { permission: 'routine.score' } as const;
export const routineRecomputeJobKind = 'routineScores.recompute';

/** /api/routine-scores: 日常考核 of a cycle's reporting orgs. */
export const routineScoreRoutes: FastifyPluginAsyncTypebox<{
  routine: RoutineScoreService;
  jobs: JobRunner;
}> = async (app, { routine, jobs }) => {
  app.get(
    '/:cycleId',
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          '日常考核排名：本周期述职组织中位于该组织之下的（缺省为组织周期的单位），含下一级周期以便逐级查看',
        params: CycleParams,
        querystring: RankingQuery,
        response: { 200: Ranking, '4xx': ErrorResponse },
      },
    },
    async (request) => routine.ranking(actorOf(request), request.params.cycleId, request.query.orgId),
  );

  app.post(
    '/:cycleId/recompute',
    {
      config: { access: { permission: 'cycle.write' } },
      schema: {
        tags,
        summary: '重新计算本周期全部述职组织的日常考核（后台任务）',
        params: CycleParams,
        response: { 202: JobStarted, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { cycleId } = request.params;
      const path = await routine.recomputable(actor, cycleId);
      const job = await jobs.start(actor, routineRecomputeJobKind, path, ({ progress }) =>
        routine.recompute(cycleId, (done, total) => progress({ phase: 'computing', done, total })),
      );
      return reply.code(202).send({ jobId: job.id });
    },
  );

  app.get(
    '/:cycleId/orgs/:orgId',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '一个组织的日常考核评分表：各类各项得分、扣分及说明，各评分人的评分',
        params: OrgSheetParams,
        response: { 200: OrgSheet, '4xx': ErrorResponse },
      },
    },
    async (request) => routine.sheet(actorOf(request), request.params.cycleId, request.params.orgId),
  );

  app.get(
    '/:cycleId/orgs/:orgId/export',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '导出日常考核评分表（xlsx，A4 纵向）',
        params: OrgSheetParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const file = await routine.workbook(actorOf(request), request.params.cycleId, request.params.orgId);
      return reply.type(xlsxType).header('content-disposition', attachment(file.fileName)).send(file.body);
    },
  );

  /** A PUT of one kind of entry on an indicator: one path shape, permission and answer (the sheet). */
  function indicatorWrite<Body extends TSchema>(
    entry: string,
    summary: string,
    body: Body,
    write: (
      actor: Actor,
      cycleId: number,
      orgId: number,
      key: string,
      input: Static<Body>,
    ) => Promise<OrgSheet>,
  ) {
    app.put(
      `/:cycleId/orgs/:orgId/indicators/:key/${entry}`,
      {
        config: { access: score },
        schema: {
          tags,
          summary,
          params: IndicatorParams,
          body,
          response: { 200: OrgSheet, '4xx': ErrorResponse },
        },
      },
      async (request) => {
        const { cycleId, orgId, key } = request.params;
        return write(actorOf(request), cycleId, orgId, key, request.body as Static<Body>);
      },
    );
  }

  indicatorWrite(
    'score',
    '评分：书记自评本组织，考核人员评分、组织部门核定管辖范围内的组织；改动自动评分须说明理由',
    ScoreInput,
    routine.score,
  );
  indicatorWrite(
    'veto',
    '一票否决：考核人员或组织部门认定否决项适用或撤销，须说明理由',
    VetoInput,
    routine.decideVeto,
  );
  indicatorWrite(
    'deductions',
    '酌情扣分：整体替换该项的扣分条目，每条须说明理由',
    DeductionsInput,
    routine.setDeductions,
  );
  indicatorWrite(
    'evidence',
    '佐证材料：整体替换该项的佐证文件（先上传到文件库）、引用的台账记录（本组织或下级、本周期内）和说明；不改变得分',
    EvidenceInput,
    routine.setEvidence,
  );
};
