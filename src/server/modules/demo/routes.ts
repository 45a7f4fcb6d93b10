import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../../contract/common.js';
import { DemoLoadResult } from '../../../contract/demo.js';
import { actorOf } from '../../http/route-config.js';
import type { DemoService } from './service.js';

export const demoRoutes: FastifyPluginAsyncTypebox<{ demo: DemoService }> = async (app, { demo }) => {
  app.post(
    '/',
    {
      config: { access: { permission: 'demo.load' } },
      schema: {
        tags: ['system'],
        summary: '载入演示县（仅限空系统；与 npx shuping demo 相同的数据）',
        response: { 201: DemoLoadResult, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await demo.load(actorOf(request))),
  );
};
