import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/route-config.js';
import { ErrorResponse, Id, IdParams } from '../../http/schemas.js';
import { CreateOrgBody, MoveOrgBody, OrgDto, UpdateOrgBody } from './schemas.js';
import type { OrgService } from './service.js';

const tags = ['orgs'];
const read = { access: { permission: 'org.read' as const } };
const write = { access: { permission: 'org.write' as const } };
const OrgList = Type.Object({ items: Type.Array(OrgDto) });

export const orgRoutes: FastifyPluginAsyncTypebox<{ orgs: OrgService }> = async (app, { orgs }) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '下级组织列表；不带 parentId 时返回可见范围的根组织',
        querystring: Type.Object({ parentId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: OrgList, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { parentId } = request.query;
      return {
        items: parentId === undefined ? await orgs.roots(actor) : await orgs.children(actor, parentId),
      };
    },
  );

  app.get(
    '/search',
    {
      config: read,
      schema: {
        tags,
        summary: '按名称搜索组织（最多 50 条）',
        querystring: Type.Object(
          { q: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Intersect([OrgDto, Type.Object({ pathNames: Type.Array(Type.String()) })]),
            ),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request) => ({ items: await orgs.search(actorOf(request), request.query.q) }),
  );

  app.get(
    '/terms',
    {
      config: read,
      schema: {
        tags,
        summary: '换届提醒：任期 90 天内届满或已超期的组织（orgId 为该组织及其下级）',
        querystring: Type.Object({ orgId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: OrgList, '4xx': ErrorResponse },
      },
    },
    async (request) => ({ items: await orgs.terms(actorOf(request), request.query.orgId) }),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '组织详情',
        params: IdParams,
        response: {
          200: Type.Intersect([
            OrgDto,
            Type.Object({ ancestors: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) }),
          ]),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request) => orgs.get(actorOf(request), request.params.id),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '新建组织',
        body: CreateOrgBody,
        response: { 201: OrgDto, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await orgs.create(actorOf(request), request.body)),
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改组织',
        params: IdParams,
        body: UpdateOrgBody,
        response: { 200: OrgDto, '4xx': ErrorResponse },
      },
    },
    async (request) => orgs.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/move',
    {
      config: write,
      schema: {
        tags,
        summary: '移动组织到新的上级',
        params: IdParams,
        body: MoveOrgBody,
        response: { 200: OrgDto, '4xx': ErrorResponse },
      },
    },
    async (request) => orgs.move(actorOf(request), request.params.id, request.body.parentId),
  );

  app.delete(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '删除组织（须无下级组织和用户）',
        params: IdParams,
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await orgs.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
