import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams } from '../../../contract/common.js';
import {
  CreatedTargetLetters,
  CreateTargetLettersInput,
  TargetLetter,
  TargetLetterItemsInput,
  TargetLetterList,
  TargetLetterListParams,
} from '../../../contract/target-letters.js';
import { actorOf } from '../../http/route-config.js';
import type { TargetLetterService } from './service.js';

const tags = ['target-letters'];
const read = { access: { permission: 'org.read' as const } };
const write = { access: { permission: 'cycle.write' as const } };

/** /api/target-letters: 目标责任书 of a cycle's reporting orgs. */
export const targetLetterRoutes: FastifyPluginAsyncTypebox<{ letters: TargetLetterService }> = async (
  app,
  { letters },
) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '考核周期的目标责任书：管辖范围内各述职组织及其责任书状态、完成事项数',
        querystring: TargetLetterListParams,
        response: { 200: TargetLetterList, '4xx': ErrorResponse },
      },
    },
    async (request) => letters.list(actorOf(request), request.query.cycleId),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '按考核方案分解生成目标责任书草稿（缺省为全部尚无责任书的述职组织）',
        body: CreateTargetLettersInput,
        response: { 201: CreatedTargetLetters, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.code(201).send(await letters.create(actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '目标责任书全文及各事项完成情况（按台账统计）',
        params: IdParams,
        response: { 200: TargetLetter, '4xx': ErrorResponse },
      },
    },
    async (request) => letters.get(actorOf(request), request.params.id),
  );

  app.put(
    '/:id/items',
    {
      config: write,
      schema: {
        tags,
        summary: '修改目标责任书的目标事项（仅草稿）',
        params: IdParams,
        body: TargetLetterItemsInput,
        response: { 200: TargetLetter, '4xx': ErrorResponse },
      },
    },
    async (request) => letters.saveItems(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/issue',
    {
      config: write,
      schema: {
        tags,
        summary: '下达目标责任书（草稿 → 已下达）',
        params: IdParams,
        response: { 200: TargetLetter, '4xx': ErrorResponse },
      },
    },
    async (request) => letters.issue(actorOf(request), request.params.id),
  );

  app.post(
    '/:id/acknowledge',
    {
      config: { access: { permission: 'targetLetter.acknowledge' } },
      schema: {
        tags,
        summary: '签收目标责任书（仅该组织书记；已下达 → 已签收，记录签收日期）',
        params: IdParams,
        response: { 200: TargetLetter, '4xx': ErrorResponse },
      },
    },
    async (request) => letters.acknowledge(actorOf(request), request.params.id),
  );
};
