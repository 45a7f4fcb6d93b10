import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../../http/route-config.js';
import { ErrorResponse, Id } from '../../http/schemas.js';
import { attachment } from '../../http/content-disposition.js';
import { XlsxFile, xlsxType } from '../imports/workbook.js';
import type { ExportFile, ExportService } from './service.js';

const tags = ['exports'];
const OrgQuery = Type.Object({ orgId: Id }, { additionalProperties: false });
const StatisticsExportQuery = Type.Object(
  {
    orgId: Id,
    asOf: Type.Optional(Type.String({ maxLength: 10, description: '统计日期 YYYY-MM-DD；默认为今天' })),
  },
  { additionalProperties: false },
);

/** /api/exports: xlsx downloads of rosters and figures, for an org and what lies below it. */
export const exportRoutes: FastifyPluginAsyncTypebox<{ exports: ExportService }> = async (
  app,
  { exports },
) => {
  const send = (reply: FastifyReply, file: ExportFile) =>
    reply.type(xlsxType).header('content-disposition', attachment(file.fileName)).send(file.body);

  app.get(
    '/members',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        tags,
        summary: '导出党员名册（不含已离开人员；无 member.idCard 权限时身份证号码脱敏）',
        querystring: OrgQuery,
        response: { 200: XlsxFile, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      return send(reply, await exports.members(actorOf(request), request.query.orgId));
    },
  );

  app.get(
    '/orgs',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags,
        summary: '导出下级组织名册',
        querystring: OrgQuery,
        response: { 200: XlsxFile, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      return send(reply, await exports.orgs(actorOf(request), request.query.orgId));
    },
  );

  app.get(
    '/statistics',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags,
        summary: '导出基本情况统计',
        querystring: StatisticsExportQuery,
        response: { 200: XlsxFile, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const { orgId, asOf } = request.query;
      return send(reply, await exports.statistics(actorOf(request), orgId, asOf));
    },
  );
};
