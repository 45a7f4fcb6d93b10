import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/route-config.js';
import { ErrorResponse } from '../../http/schemas.js';
import type { DemoService } from './service.js';

const DemoLoadDto = Type.Object({
  rootId: Type.Integer({ description: '演示县县委的组织 id' }),
  rootName: Type.String(),
  orgs: Type.Integer({ minimum: 0 }),
  members: Type.Integer({ minimum: 0 }),
});

export const demoRoutes: FastifyPluginAsyncTypebox<{ demo: DemoService }> = async (app, { demo }) => {
  app.post(
    '/',
    {
      config: { access: { permission: 'demo.load' } },
      schema: {
        tags: ['system'],
        summary: '载入演示县（仅限空系统；与 npx shuping demo 相同的数据）',
        response: { 201: DemoLoadDto, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await demo.load(actorOf(request))),
  );
};
