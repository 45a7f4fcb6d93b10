import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, FileDownload } from '../../../contract/common.js';
import {
  Evaluation,
  EvaluationParams,
  EvaluationSettings,
  FeedbackParams,
  LeaderReview,
  LeaderReviewInput,
  LeaderReviewList,
  LeaderReviewListParams,
  LeaderReviewParams,
  PublishInput,
} from '../../../contract/evaluations.js';
import { docxType } from '../../documents/official-docx.js';
import { attachment } from '../../http/content-disposition.js';
import { actorOf } from '../../http/route-config.js';
import { xlsxType } from '../imports/workbook.js';
import type { EvaluationDocuments } from './documents.js';
import type { LeaderReviewService } from './leader-reviews.js';
import type { EvaluationService } from './service.js';

const read = { permission: 'org.read' } as const;
const write = { permission: 'cycle.write' } as const;

/** /api/leader-reviews: 述职评议 — the upper leaders' scores and critiques of a meeting's reporters. */
export const leaderReviewRoutes: FastifyPluginAsyncTypebox<{ reviews: LeaderReviewService }> = async (
  app,
  { reviews },
) => {
  const tags = ['evaluations'];
  app.get(
    '/',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '述职评议会的领导评议打分和点评',
        querystring: LeaderReviewListParams,
        response: { 200: LeaderReviewList, '4xx': ErrorResponse },
      },
    },
    async (request) => reviews.list(actorOf(request), request.query.meetingId),
  );
  app.put(
    '/:meetingId/:orgId',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '保存本人对一位述职书记的评议打分和点评',
        params: LeaderReviewParams,
        body: LeaderReviewInput,
        response: { 200: LeaderReview, '4xx': ErrorResponse },
      },
    },
    async (request) =>
      reviews.save(actorOf(request), request.params.meetingId, request.params.orgId, request.body),
  );
};

/** /api/evaluations: 综合评价 of a cycle — settings, results with their explanation, publication. */
export const evaluationRoutes: FastifyPluginAsyncTypebox<{
  evaluations: EvaluationService;
  documents: EvaluationDocuments;
}> = async (app, { evaluations, documents }) => {
  const tags = ['evaluations'];
  app.get(
    '/:cycleId',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '考核周期的综合评价（未发布时为按当前数据试算）',
        params: EvaluationParams,
        response: { 200: Evaluation, '4xx': ErrorResponse },
      },
    },
    async (request) => evaluations.get(actorOf(request), request.params.cycleId),
  );
  app.get(
    '/:cycleId/export',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '导出综合评价结果表（xlsx，A4 横向）',
        params: EvaluationParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const file = await evaluations.workbook(actorOf(request), request.params.cycleId);
      return reply.type(xlsxType).header('content-disposition', attachment(file.fileName)).send(file.body);
    },
  );
  const docx = (file: { fileName: string; body: Buffer }, reply: FastifyReply) =>
    reply.type(docxType).header('content-disposition', attachment(file.fileName)).send(file.body);
  app.get(
    '/:cycleId/notice',
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          '下载考核结果通报（docx）：发布后由组织考核的单位下载；未发布为 EVALUATION_NOT_PUBLISHED，下级为 EVALUATION_NOTICE_NOT_OWN',
        params: EvaluationParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => docx(await documents.notice(actorOf(request), request.params.cycleId), reply),
  );
  app.get(
    '/:cycleId/feedback',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '下载全部反馈意见（docx，每位述职书记一页起）：读者可见的述职组织，书记只含本组织',
        params: EvaluationParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => docx(await documents.feedback(actorOf(request), request.params.cycleId), reply),
  );
  app.get(
    '/:cycleId/feedback/:orgId',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '下载一个述职组织的反馈意见（docx）：得分、等次、排名、定等依据、测评、点评、查摆的问题',
        params: FeedbackParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      docx(await documents.feedback(actorOf(request), request.params.cycleId, request.params.orgId), reply),
  );
  app.put(
    '/:cycleId/settings',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '设置综合评价的组成、权重和定等规则',
        params: EvaluationParams,
        body: EvaluationSettings,
        response: { 200: Evaluation, '4xx': ErrorResponse },
      },
    },
    async (request) => evaluations.saveSettings(actorOf(request), request.params.cycleId, request.body),
  );
  app.post(
    '/:cycleId/publish',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '发布综合评价结果（发布后只读）',
        params: EvaluationParams,
        body: PublishInput,
        response: { 200: Evaluation, '4xx': ErrorResponse },
      },
    },
    async (request) => evaluations.publish(actorOf(request), request.params.cycleId),
  );
};
