import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../../contract/common.js';
import { Inbox, InboxCount, MarkReadInput, MarkReadResult } from '../../../contract/inbox.js';
import { actorOf } from '../../http/route-config.js';
import type { InboxService } from './inbox.js';

const tags = ['inbox'];

/** /api/inbox: the signed-in user's own 待办 and 消息; every user has one, so no permission beyond signing in. */
export const inboxRoutes: FastifyPluginAsyncTypebox<{ inbox: InboxService }> = async (app, { inbox }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '我的待办和消息：须整改（7 日内到期或已逾期）或待核验的问题，以及催办和每日提醒',
        response: { 200: Inbox, '4xx': ErrorResponse },
      },
    },
    async (request) => inbox.inbox(actorOf(request)),
  );

  app.get(
    '/count',
    {
      schema: {
        tags,
        summary: '待办数与未读消息数之和（顶栏角标）',
        response: { 200: InboxCount, '4xx': ErrorResponse },
      },
    },
    async (request) => inbox.count(actorOf(request)),
  );

  app.post(
    '/read',
    {
      schema: {
        tags,
        summary: '将消息标为已读：指定的消息（ids），或全部（all: true）',
        body: MarkReadInput,
        response: { 200: MarkReadResult, '4xx': ErrorResponse },
      },
    },
    async (request) => inbox.markRead(actorOf(request), request.body),
  );
};
