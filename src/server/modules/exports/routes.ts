import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, FileDownload } from '../../../contract/common.js';
import { ExportOrgParams, ExportStatisticsParams } from '../../../contract/exports.js';
import { actorOf } from '../../http/route-config.js';
import { attachment, xlsxType } from '../imports/workbook.js';
import type { ExportFile, ExportService } from './service.js';

const tags = ['exports'];

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
        querystring: ExportOrgParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
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
        querystring: ExportOrgParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
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
        querystring: ExportStatisticsParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const { orgId, asOf } = request.query;
      return send(reply, await exports.statistics(actorOf(request), orgId, asOf));
    },
  );
};
