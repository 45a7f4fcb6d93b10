import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, FileDownload, IdParams, NoContent } from '../../../contract/common.js';
import {
  Board,
  BoardQuery,
  CreateProblemBatchInput,
  CreateProblemInput,
  ExtendInput,
  Measure,
  MeasureInput,
  MeasureParams,
  MergeInput,
  OverduePage,
  OverdueQuery,
  Problem,
  ProblemBatchResult,
  ProblemFilters,
  ProblemListQuery,
  ProblemPage,
  ProblemStats,
  ReasonInput,
  RecheckInput,
  RemindInput,
  RemindResult,
  ResponsibilityList,
  StatsQuery,
  SubmitProblemInput,
  UpdateProblemInput,
} from '../../../contract/rectification.js';
import { attachment } from '../../http/content-disposition.js';
import { actorOf } from '../../http/route-config.js';
import { xlsxType } from '../imports/workbook.js';
import type { ProblemBoardService } from './board-service.js';
import type { RectificationService } from './service.js';

const tags = ['rectification'];
const read = { access: { permission: 'org.read' as const } };
const manage = { access: { permission: 'rectification.manage' as const } };
const work = { access: { permission: 'rectification.work' as const } };
const answer = { 200: Problem, '4xx': ErrorResponse };

/** /api/problems: 问题清单 and 任务清单, and the 整改销号 workflow. */
export const rectificationRoutes: FastifyPluginAsyncTypebox<{
  rectification: RectificationService;
  board: ProblemBoardService;
}> = async (app, { rectification, board }) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary:
          '问题清单：管辖范围内的整改问题（按整改期限排序），可按周期、组织（含下级）、状态、来源、是否逾期筛选',
        querystring: ProblemListQuery,
        response: { 200: ProblemPage, '4xx': ErrorResponse },
      },
    },
    async (request) => rectification.list(actorOf(request), request.query),
  );

  app.get(
    '/measures',
    {
      config: read,
      schema: {
        tags,
        summary:
          '责任清单：按问题清单的筛选条件列出整改措施及其问题（最多 1000 项），供按责任人、责任单位打印',
        querystring: ProblemFilters,
        response: { 200: ResponsibilityList, '4xx': ErrorResponse },
      },
    },
    async (request) => rectification.responsibilities(actorOf(request), request.query),
  );

  app.get(
    '/overdue',
    {
      config: read,
      schema: {
        tags,
        summary: '逾期清单：组织（含下级）逾期未销号的问题，逾期最久的在前，附最近催办时间和催办次数',
        querystring: OverdueQuery,
        response: { 200: OverduePage, '4xx': ErrorResponse },
      },
    },
    async (request) => rectification.overdue(actorOf(request), request.query),
  );

  app.get(
    '/board',
    {
      config: read,
      schema: {
        tags,
        summary:
          '晒单：组织（县或乡镇）某月底的整改完成情况——本级及下一级各单位的问题数、销号数、逾期数和销号率，逾期问题和本月销号问题（不含个人联系方式）',
        querystring: BoardQuery,
        response: { 200: Board, '4xx': ErrorResponse },
      },
    },
    async (request) => board.board(actorOf(request), request.query),
  );

  app.get(
    '/board.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: '导出晒单（xlsx：完成情况、逾期事项、本月销号）',
        querystring: BoardQuery,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const file = await board.boardWorkbook(actorOf(request), request.query);
      return reply.type(xlsxType).header('content-disposition', attachment(file.fileName)).send(file.body);
    },
  );

  app.get(
    '/stats',
    {
      config: read,
      schema: {
        tags,
        summary:
          '整改统计：按月的建单数、销号数和累计销号率，按类别、按来源的问题数，下一级各单位的完成情况（可逐级下钻）',
        querystring: StatsQuery,
        response: { 200: ProblemStats, '4xx': ErrorResponse },
      },
    },
    async (request) => board.stats(actorOf(request), request.query),
  );

  app.post(
    '/',
    {
      config: manage,
      schema: {
        tags,
        summary:
          '建立整改问题：由考核周期的候选问题转入（每个候选问题只能转入一次），或手工录入督导检查发现的问题',
        body: CreateProblemInput,
        response: { 201: Problem, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rectification.create(actorOf(request), request.body)),
  );

  app.post(
    '/batch',
    {
      config: manage,
      schema: {
        tags,
        summary:
          '批量登记考核周期的候选问题：全部成功或全部不登记；出错时 details.index 指出第几项（从 0 起）',
        body: CreateProblemBatchInput,
        response: { 201: ProblemBatchResult, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rectification.createBatch(actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '整改问题详情：整改措施、办理记录和合并进来的重复问题',
        params: IdParams,
        response: answer,
      },
    },
    async (request) => rectification.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: '修改问题内容、类别、严重程度或期限（仅待整改时；此后变更期限须办理延期）',
        params: IdParams,
        body: UpdateProblemInput,
        response: answer,
      },
    },
    async (request) => rectification.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/measures',
    {
      config: work,
      schema: {
        tags,
        summary: '添加整改措施（责任人、责任单位、期限、节点安排）',
        params: IdParams,
        body: MeasureInput,
        response: { 201: Measure, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rectification.addMeasure(actorOf(request), request.params.id, request.body)),
  );

  app.put(
    '/:id/measures/:measureId',
    {
      config: work,
      schema: {
        tags,
        summary: '修改整改措施',
        params: MeasureParams,
        body: MeasureInput,
        response: { 200: Measure, '4xx': ErrorResponse },
      },
    },
    async (request) =>
      rectification.updateMeasure(
        actorOf(request),
        request.params.id,
        request.params.measureId,
        request.body,
      ),
  );

  app.delete(
    '/:id/measures/:measureId',
    {
      config: work,
      schema: {
        tags,
        summary: '删除整改措施',
        params: MeasureParams,
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await rectification.deleteMeasure(actorOf(request), request.params.id, request.params.measureId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:id/start',
    {
      config: work,
      schema: { tags, summary: '开始整改（待整改或被退回的问题）', params: IdParams, response: answer },
    },
    async (request) => rectification.start(actorOf(request), request.params.id),
  );

  app.post(
    '/:id/submit',
    {
      config: work,
      schema: {
        tags,
        summary: '提交整改材料（文字说明、附件、台账记录至少一项），等待上级核验',
        params: IdParams,
        body: SubmitProblemInput,
        response: answer,
      },
    },
    async (request) => rectification.submit(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/close',
    {
      config: manage,
      schema: {
        tags,
        summary: '核验销号（核验人不能是提交整改材料的人）',
        params: IdParams,
        response: answer,
      },
    },
    async (request) => rectification.close(actorOf(request), request.params.id),
  );

  app.post(
    '/:id/reject',
    {
      config: manage,
      schema: {
        tags,
        summary: '退回重新整改（须说明原因）',
        params: IdParams,
        body: ReasonInput,
        response: answer,
      },
    },
    async (request) => rectification.reject(actorOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/:id/recheck',
    {
      config: manage,
      schema: {
        tags,
        summary: '回头看：已销号问题的复查；未通过（须说明原因）则重新整改',
        params: IdParams,
        body: RecheckInput,
        response: answer,
      },
    },
    async (request) => rectification.recheck(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/extend',
    {
      config: manage,
      schema: {
        tags,
        summary: '延期：须说明原因，新期限晚于原期限；已销号的问题不能延期',
        params: IdParams,
        body: ExtendInput,
        response: answer,
      },
    },
    async (request) => rectification.extend(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/remind',
    {
      config: manage,
      schema: {
        tags,
        summary:
          '催办：提醒问题所属组织的用户和整改措施的责任人（可附言）；未销号的问题，每人每天对同一问题只能催办一次',
        params: IdParams,
        body: RemindInput,
        response: { 200: RemindResult, '4xx': ErrorResponse },
      },
    },
    async (request) => rectification.remind(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/merge',
    {
      config: manage,
      schema: {
        tags,
        summary: '合并重复问题：本问题并入另一问题（同一组织，均未销号），此后不再单独列出',
        params: IdParams,
        body: MergeInput,
        response: answer,
      },
    },
    async (request) => rectification.merge(actorOf(request), request.params.id, request.body.intoId),
  );
};
