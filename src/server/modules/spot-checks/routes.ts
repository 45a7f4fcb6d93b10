import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams } from '../../../contract/common.js';
import {
  DrawSpotChecksInput,
  RecordSpotCheckInput,
  SpotCheck,
  SpotCheckDraws,
  SpotCheckListParams,
} from '../../../contract/spot-checks.js';
import { actorOf } from '../../http/route-config.js';
import type { SpotCheckService } from './service.js';

const tags = ['spot-checks'];
const read = { access: { permission: 'org.read' as const } };

/** /api/spot-checks: 抽查 of a cycle's reporting orgs. */
export const spotCheckRoutes: FastifyPluginAsyncTypebox<{ spotChecks: SpotCheckService }> = async (
  app,
  { spotChecks },
) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '考核周期的抽查：各次抽签（随机种子、可抽取的组织）及管辖范围内被抽中的组织',
        querystring: SpotCheckListParams,
        response: { 200: SpotCheckDraws, '4xx': ErrorResponse },
      },
    },
    async (request) => spotChecks.list(actorOf(request), request.query.cycleId),
  );

  app.post(
    '/',
    {
      config: { access: { permission: 'cycle.write' } },
      schema: {
        tags,
        summary: '抽签：从尚未抽中的述职组织中随机抽取指定数量（随机种子记录在案，可复现）',
        body: DrawSpotChecksInput,
        response: { 201: SpotCheckDraws, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.code(201).send(await spotChecks.draw(actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '一个被抽中组织的抽查记录：检查日期、人员、发现的问题及扣分',
        params: IdParams,
        response: { 200: SpotCheck, '4xx': ErrorResponse },
      },
    },
    async (request) => spotChecks.get(actorOf(request), request.params.id),
  );

  app.put(
    '/:id',
    {
      config: { access: { permission: 'spotCheck.write' } },
      schema: {
        tags,
        summary: '记录现场检查情况（替换此前的记录）；每条问题对应一项考核指标，扣分不超过该指标分值',
        params: IdParams,
        body: RecordSpotCheckInput,
        response: { 200: SpotCheck, '4xx': ErrorResponse },
      },
    },
    async (request) => spotChecks.record(actorOf(request), request.params.id, request.body),
  );
};
