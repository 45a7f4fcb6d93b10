import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams, ItemsOf, NoContent } from '../../../contract/common.js';
import { OrgRecordParams, orgRecordSchemas, type OrgRecordSegment } from '../../../contract/org-records.js';
import { actorOf } from '../../http/route-config.js';
import type { OrgRecordKind, OrgRecordService } from './records.js';

const tags = ['orgs'];
const read = { access: { permission: 'org.read' as const } };
const write = { access: { permission: 'org.write' as const } };

const resources: { segment: OrgRecordSegment; kind: OrgRecordKind; label: string }[] = [
  {
    segment: 'weak-org-rectifications',
    kind: 'weakOrgRectifications',
    label: '软弱涣散整顿记录（新增未转化记录时组织分类置为后进，转化后恢复为一般或指定分类）',
  },
  { segment: 'contact-points', kind: 'contactPoints', label: '领导联系点' },
  { segment: 'pairings', kind: 'pairings', label: '结对共建' },
  { segment: 'non-public-entities', kind: 'nonPublicEntities', label: '辖区非公企业和社会组织' },
];

/** /api/orgs/:id/{weak-org-rectifications,contact-points,pairings,non-public-entities}[/:recordId] */
export const orgRecordRoutes: FastifyPluginAsyncTypebox<{ records: OrgRecordService }> = async (
  app,
  { records },
) => {
  for (const r of resources) {
    const schemas = orgRecordSchemas[r.segment];
    app.get(
      `/:id/${r.segment}`,
      {
        config: read,
        schema: {
          tags,
          summary: `${r.label}：列表`,
          params: IdParams,
          response: { 200: ItemsOf(schemas.record), '4xx': ErrorResponse },
        },
      },
      async (request) => ({ items: await records.list(actorOf(request), r.kind, request.params.id) }),
    );
    app.post(
      `/:id/${r.segment}`,
      {
        config: write,
        schema: {
          tags,
          summary: `${r.label}：新增`,
          params: IdParams,
          body: schemas.create,
          response: { 201: schemas.record, '4xx': ErrorResponse },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await records.create(actorOf(request), r.kind, request.params.id, request.body)),
    );
    app.patch(
      `/:id/${r.segment}/:recordId`,
      {
        config: write,
        schema: {
          tags,
          summary: `${r.label}：修改`,
          params: OrgRecordParams,
          body: schemas.update,
          response: { 200: schemas.record, '4xx': ErrorResponse },
        },
      },
      async (request) =>
        records.update(actorOf(request), r.kind, request.params.id, request.params.recordId, request.body),
    );
    app.delete(
      `/:id/${r.segment}/:recordId`,
      {
        config: write,
        schema: {
          tags,
          summary: `${r.label}：删除`,
          params: OrgRecordParams,
          response: { 204: NoContent, '4xx': ErrorResponse },
        },
      },
      async (request, reply) => {
        await records.remove(actorOf(request), r.kind, request.params.id, request.params.recordId);
        return reply.status(204).send(null);
      },
    );
  }
};
