import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse, FileDownload, IdParams } from '../../../contract/common.js';
import {
  CheckReportInput,
  CreateReportInput,
  DismissFindingsInput,
  ExportReportsInput,
  ImportReportQuery,
  ImportReportResult,
  ProblemDraftList,
  ProblemDraftListParams,
  RemindReportsInput,
  RemindReportsResult,
  Report,
  ReportDocxQuery,
  ReportList,
  ReportListParams,
  ReportReminderList,
  ReportVersion,
  ReportVersionParams,
  ReturnReportInput,
  SaveReportInput,
} from '../../../contract/reports.js';
import { JobStarted } from '../../../contract/jobs.js';
import type { JobRunner } from '../../jobs/service.js';
import { docxType } from '../../documents/official-docx.js';
import { attachment } from '../../http/content-disposition.js';
import { actorOf } from '../../http/route-config.js';
import { jobOrgPath } from '../imports/routes.js';
import { reportsExportJobKind, type ReportsZip } from './reports-zip.js';
import { reportCheckJobKind, type ReportService } from './service.js';

const tags = ['reports'];
const read = { access: { permission: 'org.read' as const } };
const write = { access: { permission: 'report.write' as const } };
const review = { access: { permission: 'cycle.write' as const } };
const maxReportFileBytes = 10 * 1024 * 1024;

/** /api/reports: 述职报告 of a cycle's reporting orgs, their versions and their review. */
export const reportRoutes: FastifyPluginAsyncTypebox<{
  reports: ReportService;
  reportsZip: ReportsZip;
  jobs: JobRunner;
}> = async (app, { reports, reportsZip, jobs }) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: '考核周期的述职报告：管辖范围内各述职组织及其报告状态、是否逾期、审查发现数',
        querystring: ReportListParams,
        response: { 200: ReportList, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.list(actorOf(request), request.query.cycleId),
  );

  // A static segment: Fastify matches it before the `/:id` routes, whatever the order they are added in.
  app.get(
    '/problem-drafts',
    {
      config: read,
      schema: {
        tags,
        summary:
          '问题清单草稿：考核周期内管辖范围内已通过审查的述职报告中的问题，含原因和对应举措；可按 reportId 只看一份报告',
        querystring: ProblemDraftListParams,
        response: { 200: ProblemDraftList, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.problemDrafts(actorOf(request), request.query.cycleId, request.query.reportId),
  );

  app.get(
    '/reminders',
    {
      config: read,
      schema: {
        tags,
        summary: '本组织收到的述职报告催办：本组织尚未提交报告的（未结束的）考核周期，每个周期取最近一次催办',
        response: { 200: ReportReminderList, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.reminders(actorOf(request)),
  );

  app.post(
    '/remind',
    {
      config: review,
      schema: {
        tags,
        summary:
          '催办：考核周期的组织单位提醒管辖范围内尚未提交述职报告的组织（未撰写或从未提交），可附言；都已提交时为 REPORTS_ALL_SUBMITTED',
        body: RemindReportsInput,
        response: { 200: RemindReportsResult, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.remind(actorOf(request), request.body),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: '按考核周期的模板（年度或季度）建立述职报告',
        body: CreateReportInput,
        response: { 201: Report, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.code(201).send(await reports.create(actorOf(request), request.body)),
  );

  app.post(
    '/export',
    {
      config: read,
      schema: {
        tags,
        summary:
          '打包下载考核周期的全部述职报告（后台任务）：管辖范围内每份报告一个 Word 文件（已提交的取最新提交版本，未提交的取当前稿并标注“草稿”）及清单.txt；完成后结果中的 fileId 经 GET /api/files/{fileId} 下载。没有任何报告时为 REPORTS_NONE',
        body: ExportReportsInput,
        response: { 202: JobStarted, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { cycleId } = request.body;
      const list = await reportsZip.exportable(actor, cycleId);
      const job = await jobs.start(actor, reportsExportJobKind, jobOrgPath(actor), ({ progress }) =>
        reportsZip.build(actor, cycleId, list, progress),
      );
      return reply.code(202).send({ jobId: job.id });
    },
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '述职报告及其各提交版本',
        params: IdParams,
        response: { 200: Report, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.get(actorOf(request), request.params.id),
  );

  app.get(
    '/:id/docx',
    {
      config: read,
      schema: {
        tags,
        summary: '下载述职报告 Word 文件（公文格式）：指定提交版本，或缺省为当前稿',
        params: IdParams,
        querystring: ReportDocxQuery,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const file = await reports.docx(actorOf(request), request.params.id, request.query.version);
      return reply.type(docxType).header('content-disposition', attachment(file.fileName)).send(file.body);
    },
  );

  app.put(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '保存报告草稿（草稿或已退回时）',
        params: IdParams,
        body: SaveReportInput,
        response: { 200: Report, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.save(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/submit',
    {
      config: write,
      schema: {
        tags,
        summary: '提交报告：冻结为新版本并自动审查',
        params: IdParams,
        response: { 200: Report, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.submit(actorOf(request), request.params.id),
  );

  app.post(
    '/:id/check',
    {
      config: write,
      schema: {
        tags,
        summary:
          '检查报告（后台任务）：对编辑器中的当前稿（可未保存）做与提交后相同的审查——占位符、数字核对、与党员信息库核对、问题的原因和举措——并与本人管辖范围内的其他报告比对雷同；结果见任务的 result（ReportCheckResult），不保存。与保存一样，已提交或已通过的报告不能检查',
        params: IdParams,
        body: CheckReportInput,
        response: { 202: JobStarted, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const report = await reports.checkable(actor, request.params.id);
      // Filed under the actor's scope root, as the result holds only what the actor may see.
      const job = await jobs.start(actor, reportCheckJobKind, jobOrgPath(actor), ({ progress }) =>
        reports.check(actor, report, request.body.body, progress),
      );
      return reply.code(202).send({ jobId: job.id });
    },
  );

  app.post(
    '/:id/return',
    {
      config: review,
      schema: {
        tags,
        summary: '退回报告，附分部分意见和引用的审查发现',
        params: IdParams,
        body: ReturnReportInput,
        response: { 200: Report, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.return(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/accept',
    {
      config: review,
      schema: {
        tags,
        summary: '审查通过',
        params: IdParams,
        response: { 200: Report, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.accept(actorOf(request), request.params.id),
  );

  app.get(
    '/:id/versions/:version',
    {
      config: read,
      schema: {
        tags,
        summary: '一个提交版本：正文、全文、审查结果和审查意见',
        params: ReportVersionParams,
        response: { 200: ReportVersion, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.version(actorOf(request), request.params.id, request.params.version),
  );

  app.put(
    '/:id/dismissed-findings',
    {
      config: review,
      schema: {
        tags,
        summary: '审查中：把待审查版本的审查发现标记为“不是问题”（提交全集）',
        params: IdParams,
        body: DismissFindingsInput,
        response: { 200: ReportVersion, '4xx': ErrorResponse },
      },
    },
    async (request) => reports.dismissFindings(actorOf(request), request.params.id, request.body.findings),
  );

  await app.register(async (plugin) => {
    const upload = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // In this scope only: the body is the report file's bytes, whatever type it declares.
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: maxReportFileBytes },
      (_request, body, done) => done(null, body),
    );
    upload.post(
      '/:id/import',
      {
        config: write,
        bodyLimit: maxReportFileBytes,
        schema: {
          tags,
          summary:
            '导入述职报告文件（.docx 或 .txt，请求体为文件本身，文件名在 fileName 中）：按部分、问题及原因、举措填入报告模板后返回，并列出未能归入的文字；不保存，由编辑器展示后再保存。文件无法读取时为 REPORT_FILE_INVALID',
          params: IdParams,
          querystring: ImportReportQuery,
          response: { 200: ImportReportResult, '4xx': ErrorResponse },
        },
      },
      async (request) =>
        reports.importFile(actorOf(request), request.params.id, request.query.fileName, request.body),
    );
  });
};
