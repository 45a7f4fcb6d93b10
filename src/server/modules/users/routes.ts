import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams, NoContent, PageOf } from '../../../contract/common.js';
import {
  CreateUserInput,
  CreateUserResult,
  ListUsersParams,
  ResetPasswordResult,
  UpdateUserInput,
  User,
} from '../../../contract/users.js';
import { actorOf } from '../../http/route-config.js';
import { sharedAnswerSender } from '../../http/shared-answer.js';
import type { CachedUserService } from '../../cache/scoped-reads.js';

const tags = ['users'];
const read = { access: { permission: 'user.read' as const } };
const write = { access: { permission: 'user.write' as const } };

export const userRoutes: FastifyPluginAsyncTypebox<{ users: CachedUserService }> = async (app, { users }) => {
  // Single users come from a per-scope cache (see cacheUserReads).
  const sendUser = sharedAnswerSender();
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '用户列表（orgId 为该组织及其下级）',
        querystring: ListUsersParams,
        response: { 200: PageOf(User), '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 20, ...filters } = request.query;
      return users.list(actorOf(request), { ...filters, page, pageSize });
    },
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '用户详情（本组织及下级组织的用户）',
        params: IdParams,
        response: { 200: User, '4xx': ErrorResponse },
      },
    },
    (request, reply) => sendUser(reply, users.get(actorOf(request), request.params.id)),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '新建用户（未给出密码时生成初始密码，仅返回一次）',
        body: CreateUserInput,
        response: { 201: CreateUserResult, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await users.create(actorOf(request), request.body)),
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改用户',
        params: IdParams,
        body: UpdateUserInput,
        response: { 200: User, '4xx': ErrorResponse },
      },
    },
    async (request) => users.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/reset-password',
    {
      config: write,
      schema: {
        tags,
        summary: '重置密码（返回一次性的新密码，用户须在登录后修改）',
        params: IdParams,
        response: { 200: ResetPasswordResult, '4xx': ErrorResponse },
      },
    },
    async (request) => users.resetPassword(actorOf(request), request.params.id),
  );

  app.post(
    '/:id/unlock-login',
    {
      config: write,
      schema: {
        tags,
        summary: '解除登录锁定（清除该账户的登录失败计数与锁定）',
        params: IdParams,
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await users.clearLoginLock(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
