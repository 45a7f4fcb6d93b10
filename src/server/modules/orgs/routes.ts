import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams, ItemsOf, NoContent } from '../../../contract/common.js';
import {
  CreateOrgInput,
  ListOrgsParams,
  MoveOrgInput,
  Org,
  OrgDetail,
  OrgList,
  OrgSearchHit,
  OrgTermList,
  OrgTermsParams,
  SearchOrgsParams,
  UpdateOrgInput,
} from '../../../contract/orgs.js';
import { actorOf } from '../../http/route-config.js';
import { sharedAnswerSender } from '../../http/shared-answer.js';
import type { CachedOrgService } from '../../cache/scoped-reads.js';

const tags = ['orgs'];
const read = { access: { permission: 'org.read' as const } };
const write = { access: { permission: 'org.write' as const } };

export const orgRoutes: FastifyPluginAsyncTypebox<{ orgs: CachedOrgService }> = async (app, { orgs }) => {
  // The roots and single orgs come from a per-scope cache (see cacheOrgReads).
  const sendRoots = sharedAnswerSender();
  const sendOrg = sharedAnswerSender();
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '下级组织列表；不带 parentId 时返回可见范围的根组织',
        querystring: ListOrgsParams,
        response: { 200: OrgList, '4xx': ErrorResponse },
      },
    },
    (request, reply) => {
      const actor = actorOf(request);
      const { parentId } = request.query;
      if (parentId === undefined) return sendRoots(reply, orgs.roots(actor), (items) => ({ items }));
      return orgs.children(actor, parentId).then((items) => ({ items }));
    },
  );

  app.get(
    '/search',
    {
      config: read,
      schema: {
        tags,
        summary: '按名称搜索组织（最多 50 条）',
        querystring: SearchOrgsParams,
        response: { 200: ItemsOf(OrgSearchHit), '4xx': ErrorResponse },
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
        summary: '换届提醒：任期 90 天内届满或已超期的组织（orgId 为该组织及其下级），分页，届满早者在前',
        querystring: OrgTermsParams,
        response: { 200: OrgTermList, '4xx': ErrorResponse },
      },
    },
    async (request) => orgs.terms(actorOf(request), request.query),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '组织详情',
        params: IdParams,
        response: { 200: OrgDetail, '4xx': ErrorResponse },
      },
    },
    (request, reply) => sendOrg(reply, orgs.get(actorOf(request), request.params.id)),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '新建组织',
        body: CreateOrgInput,
        response: { 201: Org, '4xx': ErrorResponse },
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
        body: UpdateOrgInput,
        response: { 200: Org, '4xx': ErrorResponse },
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
        body: MoveOrgInput,
        response: { 200: Org, '4xx': ErrorResponse },
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
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await orgs.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
