import fastifyCookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChangePasswordInput, ChangePasswordResult, LoginInput, Session } from '../../../contract/auth.js';
import { ErrorResponse, NoContent } from '../../../contract/common.js';
import { sessionCookie } from '../../plugins/auth.js';
import { actorOf } from '../../http/route-config.js';
import type { InboxService } from '../rectification/inbox.js';
import type { UserService } from '../users/service.js';
import type { AuthService } from './service.js';

export const authRoutes: FastifyPluginAsyncTypebox<{
  auth: AuthService;
  users: Pick<UserService, 'getSelf'>;
  inbox: Pick<InboxService, 'count'>;
  secureCookies: boolean;
}> = async (app, { auth, users, inbox, secureCookies }) => {
  // Here only, where the session cookie is set and cleared: registered for the whole app, its
  // onSend hook ran on every response. No parsing hook: the auth gate reads the one cookie itself.
  await app.register(fastifyCookie, { hook: false });
  app.post(
    '/login',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: LoginInput,
        response: { 200: Session, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const ticket = await auth.login(request.body.username, request.body.password, request.ip);
      reply.setCookie(sessionCookie, ticket.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        expires: ticket.expiresAt,
      });
      return { user: await users.getSelf(ticket.userId), csrfToken: ticket.csrfToken };
    },
  );

  app.get(
    '/me',
    {
      config: { access: { duringPasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: '当前用户',
        response: { 200: Session, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const user = await users.getSelf(actor.id);
      return { user, csrfToken: actor.csrfToken, inboxCount: (await inbox.count(actor)).count };
    },
  );

  app.post(
    '/logout',
    {
      config: { access: { duringPasswordChange: true } },
      schema: { tags: ['auth'], summary: '退出登录', response: { 204: NoContent, '4xx': ErrorResponse } },
    },
    async (request, reply) => {
      await auth.logout(actorOf(request));
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/password',
    {
      config: { access: { duringPasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: '修改密码',
        body: ChangePasswordInput,
        response: { 200: ChangePasswordResult, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await auth.changePassword(actor, request.body.currentPassword, request.body.newPassword);
      return { user: await users.getSelf(actor.id) };
    },
  );
};
