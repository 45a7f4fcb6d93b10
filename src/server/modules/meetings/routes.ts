import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, FileDownload, IdParams, NoContent } from '../../../contract/common.js';
import {
  BallotCodeList,
  BallotCodeParams,
  BallotForm,
  BallotReceipt,
  CastBallotInput,
  CreateCodesInput,
  CreateMeetingInput,
  Meeting,
  MeetingList,
  MeetingListParams,
  ReceiptParams,
  ReceiptStatus,
  SatisfactionCoverage,
  Tally,
  Turnout,
  UpdateMeetingInput,
  VotingInput,
} from '../../../contract/meetings.js';
import { attachment } from '../../http/content-disposition.js';
import { actorOf } from '../../http/route-config.js';
import { xlsxType } from '../imports/workbook.js';
import type { MeetingService } from './service.js';

const tags = ['meetings'];
const read = { permission: 'org.read' } as const;
const write = { permission: 'cycle.write' } as const;

/** /api/meetings: 述职评议会, their 测评码, voting, turnout and tally; the organizer's. */
export const meetingRoutes: FastifyPluginAsyncTypebox<{ meetings: MeetingService }> = async (
  app,
  { meetings },
) => {
  app.get(
    '/',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '考核周期的述职评议会',
        querystring: MeetingListParams,
        response: { 200: MeetingList, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.list(actorOf(request), request.query.cycleId),
  );

  app.get(
    '/satisfaction-coverage',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '满意度测评覆盖：周期年度内各村每半年的满意度测评，未测评的村单列计数',
        querystring: MeetingListParams,
        response: { 200: SatisfactionCoverage, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.coverage(actorOf(request), request.query.cycleId),
  );

  app.post(
    '/',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '新建述职评议会（述职组织取周期的述职范围，测评项目和评议人类别取默认）',
        body: CreateMeetingInput,
        response: { 201: Meeting, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.code(201).send(await meetings.create(actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '述职评议会详情',
        params: IdParams,
        response: { 200: Meeting, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.get(actorOf(request), request.params.id),
  );

  app.put(
    '/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '修改述职评议会（测评开始后不能修改）',
        params: IdParams,
        body: UpdateMeetingInput,
        response: { 200: Meeting, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '删除述职评议会（已有测评票的不能删除）',
        params: IdParams,
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await meetings.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/codes',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '按评议人类别生成一次性测评码（每次至多 500 个）',
        params: IdParams,
        body: CreateCodesInput,
        response: { 201: BallotCodeList, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await meetings.createCodes(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/:id/codes',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '测评码清单（打印发放用）',
        params: IdParams,
        response: { 200: BallotCodeList, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.listCodes(actorOf(request), request.params.id),
  );

  app.post(
    '/:id/voting',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '开始或结束测评投票（结束后测评票锁定）',
        params: IdParams,
        body: VotingInput,
        response: { 200: Meeting, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.setVoting(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/:id/turnout',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '各类评议人的已投/应发（不含任何选择）',
        params: IdParams,
        response: { 200: Turnout, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.turnout(actorOf(request), request.params.id),
  );

  app.get(
    '/:id/tally',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '计票结果（测评结束后；不足 3 票的类别并入“其他”）',
        params: IdParams,
        response: { 200: Tally, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.tally(actorOf(request), request.params.id),
  );

  app.get(
    '/:id/protocol.xlsx',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '导出计票结果（xlsx：评议会情况和计票表；测评结束后）',
        params: IdParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const file = await meetings.protocol(actorOf(request), request.params.id);
      return reply.type(xlsxType).header('content-disposition', attachment(file.fileName)).send(file.body);
    },
  );

  app.delete(
    '/:id/rehearsal',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '清除模拟测评的测评票和测评码',
        params: IdParams,
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await meetings.clearRehearsal(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};

/** /api/ballot: the panelist's ballot page; no login, the one-time code is the only key. */
export const ballotRoutes: FastifyPluginAsyncTypebox<{ meetings: MeetingService }> = async (
  app,
  { meetings },
) => {
  const access = { public: true } as const;

  app.get(
    '/receipt/:receipt',
    {
      config: { access },
      schema: {
        tags,
        summary: '凭回执号查询测评票是否已计入（不显示内容）',
        params: ReceiptParams,
        response: { 200: ReceiptStatus, '4xx': ErrorResponse },
      },
    },
    async (request) => ({ counted: await meetings.receiptCounted(request.params.receipt) }),
  );

  app.get(
    '/:code',
    {
      config: { access },
      schema: {
        tags,
        summary: '凭测评码打开测评票',
        params: BallotCodeParams,
        response: { 200: BallotForm, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.ballotForm(request.params.code),
  );

  app.post(
    '/:code',
    {
      config: { access },
      schema: {
        tags,
        summary: '提交测评票（每个测评码一次；同一提交重发得到同一回执）',
        params: BallotCodeParams,
        body: CastBallotInput,
        response: { 200: BallotReceipt, '4xx': ErrorResponse },
      },
    },
    async (request) => meetings.cast(request.params.code, request.body),
  );
};
