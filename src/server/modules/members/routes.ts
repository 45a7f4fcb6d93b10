import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/route-config.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import {
  CreateMemberBody,
  CreateMobileRecordBody,
  MemberDto,
  MemberListQuery,
  MobileRecordDto,
  TransferBody,
  TransferDto,
  UpdateMemberBody,
  UpdateMobileRecordBody,
} from './schemas.js';
import type { MemberService } from './service.js';

const tags = ['members'];
const read = { access: { permission: 'member.read' as const } };
const write = { access: { permission: 'member.write' as const } };

/** /api/members: the member roll. Members are never deleted: they leave (leftOn), and history stays. */
export const memberRoutes: FastifyPluginAsyncTypebox<{ members: MemberService }> = async (
  app,
  { members },
) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '党员列表（orgId 为该组织及其下级；默认为可见范围）',
        querystring: MemberListQuery,
        response: {
          200: Type.Object({ items: Type.Array(MemberDto), total: Type.Integer() }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request) => members.list(actorOf(request), request.query),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '党员详情',
        params: IdParams,
        response: { 200: MemberDto, '4xx': ErrorResponse },
      },
    },
    async (request) => members.get(actorOf(request), request.params.id),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '新增党员',
        body: CreateMemberBody,
        response: { 201: MemberDto, '4xx': ErrorResponse },
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
        body: UpdateMemberBody,
        response: { 200: MemberDto, '4xx': ErrorResponse },
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
        body: TransferBody,
        response: { 200: MemberDto, '4xx': ErrorResponse },
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
        response: { 200: Type.Object({ items: Type.Array(TransferDto) }), '4xx': ErrorResponse },
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
        response: { 200: Type.Object({ items: Type.Array(MobileRecordDto) }), '4xx': ErrorResponse },
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
        body: CreateMobileRecordBody,
        response: { 201: MobileRecordDto, '4xx': ErrorResponse },
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
        body: UpdateMobileRecordBody,
        response: { 200: MobileRecordDto, '4xx': ErrorResponse },
      },
    },
    async (request) => members.updateMobileRecord(actorOf(request), request.params.id, request.body),
  );
};
