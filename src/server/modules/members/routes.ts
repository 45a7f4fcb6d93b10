import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams, ItemsOf, PageOf } from '../../../contract/common.js';
import {
  CreateMemberInput,
  ListMembersParams,
  Member,
  MobileRecord,
  MobileRecordInput,
  Roster,
  RosterParams,
  Transfer,
  TransferInput,
  UpdateMemberInput,
  UpdateMobileRecordInput,
} from '../../../contract/members.js';
import { actorOf } from '../../http/route-config.js';
import { sharedAnswerSender } from '../../http/shared-answer.js';
import type { MemberService } from './service.js';
import type { CachedMemberService } from '../../cache/scoped-reads.js';

const tags = ['members'];
const read = { access: { permission: 'member.read' as const } };
const write = { access: { permission: 'member.write' as const } };

/** /api/members: the member roll. Members are never deleted: they leave (leftOn), and history stays. */
export const memberRoutes: FastifyPluginAsyncTypebox<{ members: CachedMemberService }> = async (
  app,
  { members },
) => {
  // Single members come from a per-scope cache (see cacheMemberReads).
  const sendMember = sharedAnswerSender();
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '党员列表（orgId 为该组织及其下级；默认为可见范围）',
        querystring: ListMembersParams,
        response: {
          200: PageOf(Member),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request) => members.list(actorOf(request), request.query),
  );

  app.get(
    '/roster',
    {
      config: read,
      schema: {
        tags,
        summary: '打印名册：党员花名册、入党积极分子和发展对象名册、入党申请人名册（按支部、入党日期排序）',
        querystring: RosterParams,
        response: { 200: Roster, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const json = await members.rosterJson(actorOf(request), request.query);
      // Already JSON (the database writes the rows): Fastify sends a string as it is, without the
      // serializer; the schema above still documents it, the type provider only knows its object.
      return reply.type('application/json; charset=utf-8').send(json as unknown as Roster);
    },
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '党员详情',
        params: IdParams,
        response: { 200: Member, '4xx': ErrorResponse },
      },
    },
    (request, reply) => sendMember(reply, members.get(actorOf(request), request.params.id)),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '新增党员',
        body: CreateMemberInput,
        response: { 201: Member, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await members.create(actorOf(request), request.body)),
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改党员信息（含离开：leftOn、leftReason）',
        params: IdParams,
        body: UpdateMemberInput,
        response: { 200: Member, '4xx': ErrorResponse },
      },
    },
    async (request) => members.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/transfer',
    {
      config: write,
      schema: {
        tags,
        summary: '转接组织关系',
        params: IdParams,
        body: TransferInput,
        response: { 200: Member, '4xx': ErrorResponse },
      },
    },
    async (request) => members.transfer(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/:id/transfers',
    {
      config: read,
      schema: {
        tags,
        summary: '组织关系转接记录',
        params: IdParams,
        response: { 200: ItemsOf(Transfer), '4xx': ErrorResponse },
      },
    },
    async (request) => ({ items: await members.transfers(actorOf(request), request.params.id) }),
  );

  app.get(
    '/:id/mobile-records',
    {
      config: read,
      schema: {
        tags,
        summary: '流动党员记录',
        params: IdParams,
        response: { 200: ItemsOf(MobileRecord), '4xx': ErrorResponse },
      },
    },
    async (request) => ({ items: await members.mobileRecords(actorOf(request), request.params.id) }),
  );

  app.post(
    '/:id/mobile-records',
    {
      config: write,
      schema: {
        tags,
        summary: '登记流动党员记录',
        params: IdParams,
        body: MobileRecordInput,
        response: { 201: MobileRecord, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await members.createMobileRecord(actorOf(request), request.params.id, request.body)),
  );
};

/** /api/mobile-records/:id */
export const mobileRecordRoutes: FastifyPluginAsyncTypebox<{ members: MemberService }> = async (
  app,
  { members },
) => {
  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改流动党员记录',
        params: IdParams,
        body: UpdateMobileRecordInput,
        response: { 200: MobileRecord, '4xx': ErrorResponse },
      },
    },
    async (request) => members.updateMobileRecord(actorOf(request), request.params.id, request.body),
  );
};
