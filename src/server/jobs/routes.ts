import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../contract/common.js';
import { Job, JobIdParams, JobList } from '../../contract/jobs.js';
import { notFound } from '../errors.js';
import { actorOf } from '../http/route-config.js';
import type { JobRunner } from './service.js';

const tags = ['jobs'];

/** How many of the actor's jobs the list answers. */
const recentJobs = 20;

/** /api/jobs: background jobs and their progress. */
export const jobRoutes: FastifyPluginAsyncTypebox<{ jobs: JobRunner }> = async (app, { jobs }) => {
  app.get(
    '/',
    {
      config: { access: {} },
      schema: {
        tags,
        summary: `我最近的后台任务（最多 ${recentJobs} 个，最新的在前）`,
        response: { 200: JobList, '4xx': ErrorResponse },
      },
    },
    async (request) => ({ items: await jobs.recent(actorOf(request), recentJobs) }),
  );

  app.get(
    '/:id',
    {
      config: { access: {} },
      schema: {
        tags,
        summary: '后台任务的状态与进度（发起人本人，或管理范围包含该任务所属组织的用户可查）',
        params: JobIdParams,
        response: { 200: Job, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const job = await jobs.read(actorOf(request), request.params.id);
      if (!job) throw notFound('任务不存在，或不在您的查看范围内');
      return job;
    },
  );
};
