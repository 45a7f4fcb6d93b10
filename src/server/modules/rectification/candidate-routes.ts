import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams } from '../../../contract/common.js';
import {
  ProblemCandidateList,
  ProblemCandidateQuery,
  ProblemThreshold,
} from '../../../contract/rectification-candidates.js';
import { actorOf } from '../../http/route-config.js';
import type { ProblemCandidateService } from './candidates.js';

const tags = ['rectification'];

/** /api/cycles/:id/problem-*: what a cycle's records suggest for the problem list (问题清单). */
export const problemCandidateRoutes: FastifyPluginAsyncTypebox<{
  candidates: ProblemCandidateService;
}> = async (app, { candidates }) => {
  app.get(
    '/:id/problem-candidates',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags,
        summary:
          '问题清单的来源：考核周期内管辖范围内述职报告查摆的问题、领导点评、一般及差评占比超过问题线的民主测评项目、日常考核扣分项，可按组织和来源筛选',
        params: IdParams,
        querystring: ProblemCandidateQuery,
        response: { 200: ProblemCandidateList, '4xx': ErrorResponse },
      },
    },
    async (request) => candidates.list(actorOf(request), request.params.id, request.query),
  );

  app.put(
    '/:id/problem-threshold',
    {
      config: { access: { permission: 'cycle.write' } },
      schema: {
        tags,
        summary: '设置考核周期的民主测评问题线（一般及差评占比超过即列为问题），周期已结束也可设置',
        params: IdParams,
        body: ProblemThreshold,
        response: { 200: ProblemThreshold, '4xx': ErrorResponse },
      },
    },
    async (request) => candidates.setThreshold(actorOf(request), request.params.id, request.body),
  );
};
