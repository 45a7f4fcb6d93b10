import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { jobStates } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { actorOf } from '../http/route-config.js';
import { ErrorResponse, Timestamp } from '../http/schemas.js';
import type { JobRunner } from './service.js';

const tags = ['jobs'];

const JobErrorDto = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
});

export const JobDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String({ description: '任务类型，如 members.import 导入党员' }),
  state: Type.Enum([...jobStates], {
    description: 'queued 排队, running 进行中, succeeded 成功, failed 失败',
  }),
  progress: Type.Object({
    phase: Type.Union([Type.String(), Type.Null()], { description: '当前阶段，由任务类型定义' }),
    done: Type.Integer(),
    total: Type.Union([Type.Integer(), Type.Null()], { description: '总量（已知或估计），未知时为 null' }),
  }),
  result: Type.Unknown({ description: '成功时的结果，由任务类型定义' }),
  error: Type.Union([JobErrorDto, Type.Null()], { description: '失败时的错误，与 4xx 错误体相同' }),
  createdAt: Timestamp,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});

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
        response: { 200: Type.Object({ items: Type.Array(JobDto) }), '4xx': ErrorResponse },
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
        // Any hex-and-dash text: an id of the wrong shape is a job that does not exist (404), like a number.
        params: Type.Object(
          { id: Type.String({ pattern: '^[0-9A-Fa-f-]{1,36}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: JobDto, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const job = await jobs.read(actorOf(request), request.params.id);
      if (!job) throw notFound('任务不存在，或不在您的查看范围内');
      return job;
    },
  );
};
