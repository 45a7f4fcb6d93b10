import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/route-config.js';
import { ErrorResponse } from '../../../contract/common.js';
import { Pipeline, PipelineParams } from '../../../contract/pipeline.js';
import type { PipelineService } from './service.js';

/** /api/pipeline: the development pipeline's due and overdue items. */
export const pipelineRoutes: FastifyPluginAsyncTypebox<{ pipeline: PipelineService }> = async (
  app,
  { pipeline },
) => {
  app.get(
    '/',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        tags: ['pipeline'],
        summary: '发展党员提醒：可确定为发展对象的积极分子、到期和逾期转正、两年未发展党员的村',
        querystring: PipelineParams,
        response: { 200: Pipeline, '4xx': ErrorResponse },
      },
    },
    async (request) => pipeline.reminders(actorOf(request), request.query),
  );
};
