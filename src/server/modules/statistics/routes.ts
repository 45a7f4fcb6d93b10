import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../../contract/common.js';
import {
  Basics,
  BatchStatistics,
  BatchStatisticsParams,
  ChildStatisticsParams,
  Statistics,
  StatisticsParams,
} from '../../../contract/statistics.js';
import { actorOf } from '../../http/route-config.js';
import type { StatisticsService } from './service.js';

const tags = ['statistics'];
const read = { access: { permission: 'org.read' as const } };

export const statisticsRoutes: FastifyPluginAsyncTypebox<{ statistics: StatisticsService }> = async (
  app,
  { statistics },
) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '组织及其下级在某日的基本情况统计',
        querystring: StatisticsParams,
        response: { 200: Statistics, '4xx': ErrorResponse },
      },
    },
    async (request) => statistics.statistics(actorOf(request), request.query),
  );

  app.get(
    '/batch',
    {
      config: read,
      schema: {
        tags,
        summary: '多个组织（各含下级）在同一日的基本情况统计，一次请求',
        querystring: BatchStatisticsParams,
        response: { 200: BatchStatistics, '4xx': ErrorResponse },
      },
    },
    async (request) => statistics.batch(actorOf(request), request.query),
  );

  app.get(
    '/children',
    {
      config: read,
      schema: {
        tags,
        summary: '某组织的各直属下级（各含下级）在同一日的基本情况统计，按组织排序，一次请求',
        querystring: ChildStatisticsParams,
        response: { 200: BatchStatistics, '4xx': ErrorResponse },
      },
    },
    async (request) => statistics.children(actorOf(request), request.query),
  );

  app.get(
    '/basics',
    {
      config: read,
      schema: {
        tags,
        summary: '述职报告“基本情况”：中文段落和表格',
        querystring: StatisticsParams,
        response: { 200: Basics, '4xx': ErrorResponse },
      },
    },
    async (request) => statistics.basics(actorOf(request), request.query),
  );
};
