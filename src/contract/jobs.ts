import { Type, type Static } from 'typebox';
import { ItemsOf, Nullable, Timestamp } from './common.js';

export const jobStates = ['queued', 'running', 'succeeded', 'failed'] as const;

export const JobError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
});
export type JobError = Static<typeof JobError>;

export const JobProgress = Type.Object({
  phase: Nullable(Type.String(), {
    description: '当前阶段，由任务类型定义（导入：reading、validating、writing）',
  }),
  done: Type.Integer(),
  total: Nullable(Type.Integer(), { description: '总量（已知或估计），未知时为 null' }),
});
export type JobProgress = Static<typeof JobProgress>;

export const Job = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String({ description: '任务类型，如 members.import 导入党员' }),
  state: Type.Enum([...jobStates], {
    description: 'queued 排队, running 进行中, succeeded 成功, failed 失败',
  }),
  progress: JobProgress,
  result: Type.Unknown({ description: '成功时的结果，由任务类型定义' }),
  error: Nullable(JobError, { description: '失败时的错误，与 4xx 错误体相同' }),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});
export type Job = Static<typeof Job>;

export const JobList = ItemsOf(Job);

// Any hex-and-dash text: an id of the wrong shape is a job that does not exist (404), like a number.
export const JobIdParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9A-Fa-f-]{1,36}$' }) },
  { additionalProperties: false },
);

/** The 202 answer of a route that starts a job. */
export const JobStarted = Type.Object({
  jobId: Type.String({ format: 'uuid', description: '后台任务编号：GET /api/jobs/{jobId} 查询进度与结果' }),
});
export type JobStarted = Static<typeof JobStarted>;
