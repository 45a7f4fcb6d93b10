import { Type, type FastifyPluginAsyncTypebox, type TSchema } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/route-config.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import {
  ContactPointDto,
  CreateContactPointBody,
  CreateNonPublicEntityBody,
  CreatePairingBody,
  CreateRectificationBody,
  ItemParams,
  NonPublicEntityDto,
  PairingDto,
  RectificationDto,
  UpdateContactPointBody,
  UpdateNonPublicEntityBody,
  UpdatePairingBody,
  UpdateRectificationBody,
} from './attribute-schemas.js';
import type { OrgAttributeKind, OrgAttributeService } from './attributes.js';

const tags = ['orgs'];
const read = { access: { permission: 'org.read' as const } };
const write = { access: { permission: 'org.write' as const } };

const resources: {
  segment: string;
  kind: OrgAttributeKind;
  label: string;
  dto: TSchema;
  create: TSchema;
  update: TSchema;
}[] = [
  {
    segment: 'rectifications',
    kind: 'rectifications',
    label: '软弱涣散整顿记录（新增未转化记录时组织分类置为后进，转化后恢复为一般或指定分类）',
    dto: RectificationDto,
    create: CreateRectificationBody,
    update: UpdateRectificationBody,
  },
  {
    segment: 'contact-points',
    kind: 'contactPoints',
    label: '领导联系点',
    dto: ContactPointDto,
    create: CreateContactPointBody,
    update: UpdateContactPointBody,
  },
  {
    segment: 'pairings',
    kind: 'pairings',
    label: '结对共建',
    dto: PairingDto,
    create: CreatePairingBody,
    update: UpdatePairingBody,
  },
  {
    segment: 'non-public-entities',
    kind: 'nonPublicEntities',
    label: '辖区非公企业和社会组织',
    dto: NonPublicEntityDto,
    create: CreateNonPublicEntityBody,
    update: UpdateNonPublicEntityBody,
  },
];

/** /api/orgs/:id/{rectifications,contact-points,pairings,non-public-entities}[/:itemId] */
export const orgAttributeRoutes: FastifyPluginAsyncTypebox<{ attributes: OrgAttributeService }> = async (
  app,
  { attributes },
) => {
  for (const r of resources) {
    app.get(
      `/:id/${r.segment}`,
      {
        config: read,
        schema: {
          tags,
          summary: `${r.label}：列表`,
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(r.dto) }), '4xx': ErrorResponse },
        },
      },
      async (request) => ({ items: await attributes.list(actorOf(request), r.kind, request.params.id) }),
    );
    app.post(
      `/:id/${r.segment}`,
      {
        config: write,
        schema: {
          tags,
          summary: `${r.label}：新增`,
          params: IdParams,
          body: r.create,
          response: { 201: r.dto, '4xx': ErrorResponse },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await attributes.create(
              actorOf(request),
              r.kind,
              request.params.id,
              request.body as Record<string, unknown>,
            ),
          ),
    );
    app.patch(
      `/:id/${r.segment}/:itemId`,
      {
        config: write,
        schema: {
          tags,
          summary: `${r.label}：修改`,
          params: ItemParams,
          body: r.update,
          response: { 200: r.dto, '4xx': ErrorResponse },
        },
      },
      async (request) =>
        attributes.update(
          actorOf(request),
          r.kind,
          request.params.id,
          request.params.itemId,
          request.body as Record<string, unknown>,
        ),
    );
    app.delete(
      `/:id/${r.segment}/:itemId`,
      {
        config: write,
        schema: {
          tags,
          summary: `${r.label}：删除`,
          params: ItemParams,
          response: { 204: Type.Null(), '4xx': ErrorResponse },
        },
      },
      async (request, reply) => {
        await attributes.remove(actorOf(request), r.kind, request.params.id, request.params.itemId);
        return reply.status(204).send(null);
      },
    );
  }
};
