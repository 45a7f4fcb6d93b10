import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, FileDownload, IdParams, NoContent } from '../../../contract/common.js';
import {
  CreateLedgerRecordInput,
  LedgerMembers,
  LedgerMembersParams,
  LedgerPage,
  LedgerRecordDetail,
  ListLedgerParams,
  MemberHistory,
  MemberHistoryParams,
  TrainingHours,
  TrainingHoursParams,
  UpdateLedgerRecordInput,
} from '../../../contract/ledger.js';
import { JobStarted } from '../../../contract/jobs.js';
import { attachment } from '../../http/content-disposition.js';
import { actorOf } from '../../http/route-config.js';
import type { JobRunner } from '../../jobs/service.js';
import { acceptRawUploads, jobOrgPath, maxUploadBytes, uploadedXlsx } from '../imports/routes.js';
import { xlsxType } from '../imports/workbook.js';
import type { LedgerImport } from './import.js';
import type { LedgerService } from './service.js';

const tags = ['ledger'];
const read = { access: { permission: 'ledger.read' as const } };
const write = { access: { permission: 'ledger.write' as const } };

/** Job kind of the ledger import: phases reading, validating and writing, as the other imports. */
export const ledgerImportJobKind = 'ledger.import';

/** /api/ledger: the work ledger (台账) of the orgs in scope, and its Excel import. */
export const ledgerRoutes: FastifyPluginAsyncTypebox<{
  ledger: LedgerService;
  ledgerImport: LedgerImport;
  jobs: JobRunner;
}> = async (app, { ledger, ledgerImport, jobs }) => {
  app.get(
    '/import/template',
    {
      config: write,
      schema: {
        tags,
        summary: '下载台账导入模板（含填写说明和可选组织列表）',
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      reply
        .type(xlsxType)
        .header('content-disposition', attachment('台账导入模板.xlsx'))
        .send(await ledgerImport.template(actorOf(request))),
  );

  // The upload takes the raw file as its body: a parser of its own, in this inner plugin only.
  await app.register(async (uploads) => {
    acceptRawUploads(uploads);
    uploads.post(
      '/import',
      {
        config: write,
        bodyLimit: maxUploadBytes,
        schema: {
          tags,
          summary:
            '导入台账：请求体为 xlsx 文件本身；答复 202 和后台任务编号。逐行校验，任何一行有误则全部不导入，错误为 IMPORT_ROWS_INVALID（details.errors，按行和列）',
          response: { 202: JobStarted, '4xx': ErrorResponse },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const file = uploadedXlsx(request.body);
        const job = await jobs.start(actor, ledgerImportJobKind, jobOrgPath(actor), ({ progress }) =>
          ledgerImport.importLedger(actor, file, progress),
        );
        return reply.code(202).send({ jobId: job.id });
      },
    );
  });

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '台账列表（组织及其下级、类型、日期范围、参加或主持的党员；分页，按日期倒序）',
        querystring: ListLedgerParams,
        response: { 200: LedgerPage, '4xx': ErrorResponse },
      },
    },
    async (request) => ledger.list(actorOf(request), request.query),
  );

  app.get(
    '/members',
    {
      config: read,
      schema: {
        tags,
        summary: '某日某组织的党员（台账参加人员的可选范围）',
        querystring: LedgerMembersParams,
        response: { 200: LedgerMembers, '4xx': ErrorResponse },
      },
    },
    async (request) => ledger.membersOn(actorOf(request), request.query),
  );

  app.get(
    '/training-hours',
    {
      config: read,
      schema: {
        tags,
        summary: '党员年度培训学时（出席党课、培训的学时合计）',
        querystring: TrainingHoursParams,
        response: { 200: TrainingHours, '4xx': ErrorResponse },
      },
    },
    async (request) => ledger.trainingHours(actorOf(request), request.query),
  );

  app.get(
    '/member-history',
    {
      config: read,
      schema: {
        tags,
        summary: '党员本人的年度活动记录：主持或列入参加人员的台账（出席、缺席及原因）和培训学时',
        querystring: MemberHistoryParams,
        response: { 200: MemberHistory, '4xx': ErrorResponse },
      },
    },
    async (request) => ledger.memberHistory(actorOf(request), request.query),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '台账记录详情（参加人员、附件）',
        params: IdParams,
        response: { 200: LedgerRecordDetail, '4xx': ErrorResponse },
      },
    },
    async (request) => ledger.get(actorOf(request), request.params.id),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '新增台账记录（日期不能晚于今天；已关闭考核周期内的日期不能新增）',
        body: CreateLedgerRecordInput,
        response: { 201: LedgerRecordDetail, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await ledger.create(actorOf(request), request.body)),
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改台账记录（attendance、fileIds 给出时整体替换）',
        params: IdParams,
        body: UpdateLedgerRecordInput,
        response: { 200: LedgerRecordDetail, '4xx': ErrorResponse },
      },
    },
    async (request) => ledger.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '删除台账记录（连同参加人员和附件）',
        params: IdParams,
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await ledger.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
