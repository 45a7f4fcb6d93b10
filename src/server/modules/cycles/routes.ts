import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse, FileDownload, IdParams } from '../../../contract/common.js';
import {
  CreateCycleInput,
  Cycle,
  CycleList,
  CycleListParams,
  CycleStatusInput,
  ReopenCycleInput,
  ReportingRule,
  ReportingSet,
  Scheme,
  SchemeParams,
  SchemeSummaries,
  SchemeVersionQuery,
  UpdateCycleInput,
} from '../../../contract/cycles.js';
import { SchemeBody } from '../../../contract/schemes.js';
import { attachment } from '../../http/content-disposition.js';
import { actorOf } from '../../http/route-config.js';
import { xlsxType } from '../imports/workbook.js';
import type { CycleService } from './service.js';

const tags = ['cycles'];
const read = { permission: 'org.read' } as const;
const write = { permission: 'cycle.write' } as const;
/** A scheme sheet is a few hundred rows: far below the member import's limit. */
const maxSchemeFileBytes = 5 * 1024 * 1024;

/** /api/cycles: 考核周期, their 述职范围 and 考核方案. */
export const cycleRoutes: FastifyPluginAsyncTypebox<{ cycles: CycleService }> = async (app, { cycles }) => {
  app.get(
    '/',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '考核周期列表：本组织及上级组织组织的、管辖范围内下级组织组织的',
        querystring: CycleListParams,
        response: { 200: CycleList, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.list(actorOf(request), request.query),
  );

  app.post(
    '/',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '新建考核周期（可从默认模板或以往周期复制考核方案）',
        body: CreateCycleInput,
        response: { 201: Cycle, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.code(201).send(await cycles.create(actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '考核周期详情',
        params: IdParams,
        response: { 200: Cycle, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '修改考核周期名称和阶段日期（已结束的周期只读）',
        params: IdParams,
        body: UpdateCycleInput,
        response: { 200: Cycle, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/status',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '推进考核周期状态：草稿 → 进行中 → 评议中 → 已结束',
        params: IdParams,
        body: CycleStatusInput,
        response: { 200: Cycle, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.setStatus(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/reopen',
    {
      config: { access: { permission: 'cycle.reopen' } },
      schema: {
        tags,
        summary: '重新开启已结束的考核周期（仅系统管理员，须写明原因，记入审计日志）',
        params: IdParams,
        body: ReopenCycleInput,
        response: { 200: Cycle, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.reopen(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/:id/reporting-set',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '述职范围：选取规则、候选组织（不含已撤销组织）及已选组织',
        params: IdParams,
        response: { 200: ReportingSet, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.reportingSet(actorOf(request), request.params.id),
  );

  app.put(
    '/:id/reporting-set',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '修改述职范围的规则（层级、领域、单独加入或移出的组织），并按规则重新生成名单',
        params: IdParams,
        body: ReportingRule,
        response: { 200: ReportingSet, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.saveReportingSet(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/:id/schemes',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '考核周期的考核方案（各适用对象的最新版本）',
        params: IdParams,
        response: { 200: SchemeSummaries, '4xx': ErrorResponse },
      },
    },
    async (request) => cycles.schemes(actorOf(request), request.params.id),
  );

  app.get(
    '/:id/schemes/:audience',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '考核方案全文（缺省为最新版本）及版本记录',
        params: SchemeParams,
        querystring: SchemeVersionQuery,
        response: { 200: Scheme, '4xx': ErrorResponse },
      },
    },
    async (request) =>
      cycles.scheme(actorOf(request), request.params.id, request.params.audience, request.query.version),
  );

  app.put(
    '/:id/schemes/:audience',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '保存考核方案：草稿周期中直接修改，进行中的周期另存为新版本',
        params: SchemeParams,
        body: SchemeBody,
        response: { 200: Scheme, '4xx': ErrorResponse },
      },
    },
    async (request) =>
      cycles.saveScheme(actorOf(request), request.params.id, request.params.audience, request.body),
  );

  app.get(
    '/:id/schemes/:audience/export',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '导出考核评分细则（xlsx，A4 横向）',
        params: SchemeParams,
        querystring: SchemeVersionQuery,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const file = await cycles.exportScheme(
        actorOf(request),
        request.params.id,
        request.params.audience,
        request.query.version,
      );
      return reply.type(xlsxType).header('content-disposition', attachment(file.fileName)).send(file.body);
    },
  );

  await app.register(async (plugin) => {
    const upload = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // In this scope only: the body is the xlsx file's bytes, whatever type it declares.
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: maxSchemeFileBytes },
      (_request, body, done) => done(null, body),
    );
    upload.post(
      '/:id/schemes/:audience/import',
      {
        config: { access: write },
        bodyLimit: maxSchemeFileBytes,
        schema: {
          tags,
          summary:
            '导入考核评分细则：请求体为 xlsx 文件本身。逐行校验，任何一处有误则不导入，错误为 SCHEME_ROWS_INVALID（details.errors，按行和列）',
          params: SchemeParams,
          response: { 200: Scheme, '4xx': ErrorResponse },
        },
      },
      async (request) =>
        cycles.importScheme(actorOf(request), request.params.id, request.params.audience, request.body),
    );
  });
};
