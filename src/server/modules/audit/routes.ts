import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/route-config.js';
import { ErrorResponse, Id, Pagination, Timestamp } from '../../http/schemas.js';
import type { AuditService } from './service.js';

const JsonObject = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);

const AuditEntryDto = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  before: JsonObject,
  after: JsonObject,
  ip: Type.Union([Type.String(), Type.Null()]),
  unattributed: Type.Boolean({
    description: '按设计不记录操作人（如匿名测评票）：操作人、IP 为空，时间只到日',
  }),
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: '审计日志（按管辖范围过滤）',
        querystring: Type.Object(
          {
            entityType: Type.Optional(Type.String({ maxLength: 40 })),
            action: Type.Optional(Type.String({ maxLength: 40 })),
            actorId: Type.Optional(Id),
            orgId: Type.Optional(Id),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            ...Pagination,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(AuditEntryDto), total: Type.Integer() }),
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
