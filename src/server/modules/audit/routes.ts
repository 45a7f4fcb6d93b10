import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEntry, ListAuditParams } from '../../../contract/audit.js';
import { ErrorResponse, PageOf } from '../../../contract/common.js';
import { actorOf } from '../../http/route-config.js';
import type { AuditService } from './service.js';

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: '审计日志（按管辖范围过滤）',
        querystring: ListAuditParams,
        response: {
          200: PageOf(AuditEntry),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 20, ...filters } = request.query;
      return audit.list(actorOf(request), { ...filters, page, pageSize });
    },
  );
};
