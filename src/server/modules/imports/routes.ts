import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../http/actor.js';
import { ErrorResponse, FileDownload } from '../../../contract/common.js';
import { JobStarted } from '../../../contract/jobs.js';
import { badRequest } from '../../errors.js';
import { actorOf } from '../../http/route-config.js';
import type { JobRunner } from '../../jobs/service.js';
import type { ImportService } from './service.js';
import { assertZipSignature } from './zip-guard.js';
import { attachment } from '../../http/content-disposition.js';
import { xlsxType } from './workbook.js';

const tags = ['imports'];
/** Raw xlsx uploads only; every other route keeps the app's 1 MiB limit. */
export const maxUploadBytes = 50 * 1024 * 1024;
const templateFiles = { members: '党员信息导入模板.xlsx', orgs: '党组织信息导入模板.xlsx' } as const;

/**
 * In the calling plugin only: whatever the declared type, the body is the file's bytes (up to
 * `maxUploadBytes`), which the route then checks to be an xlsx archive with `uploadedXlsx`.
 */
export function acceptRawUploads(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_request, body, done) =>
    done(null, body),
  );
}

/** The uploaded file of a raw upload route, refused unless it is a non-empty zip archive. */
export function uploadedXlsx(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw badRequest('IMPORT_FILE_MISSING', '请上传 Excel 文件（.xlsx）');
  assertZipSignature(body);
  return body;
}

/** The org path a job of the actor is filed under: users above their scope root may follow it too. */
export const jobOrgPath = (actor: Actor) => (actor.scope.kind === 'all' ? null : actor.scope.path);

/** Job kinds of the imports: their phases are reading, validating and writing. */
export const importJobKinds = { members: 'members.import', orgs: 'orgs.import' } as const;

/** /api/imports: xlsx templates, and uploads (the raw file is the request body) run as jobs. */
export const importRoutes: FastifyPluginAsyncTypebox<{
  imports: ImportService;
  jobs: JobRunner;
}> = async (app, { imports, jobs }) => {
  acceptRawUploads(app);

  for (const kind of ['members', 'orgs'] as const) {
    const permission = kind === 'members' ? ('member.write' as const) : ('org.write' as const);
    const what = kind === 'members' ? '党员' : '党组织';

    app.get(
      `/templates/${kind}`,
      {
        config: { access: { permission } },
        schema: {
          tags,
          summary: `下载${what}导入模板（含填写说明和可选组织列表）`,
          response: { 200: FileDownload, '4xx': ErrorResponse },
        },
      },
      async (request, reply) =>
        reply
          .type(xlsxType)
          .header('content-disposition', attachment(templateFiles[kind]))
          .send(await imports.template(actorOf(request), kind)),
    );

    app.post(
      `/${kind}`,
      {
        config: { access: { permission } },
        bodyLimit: maxUploadBytes,
        schema: {
          tags,
          summary: `导入${what}：请求体为 xlsx 文件本身；答复 202 和后台任务编号。逐行校验，任何一行有误则全部不导入，任务失败，错误为 IMPORT_ROWS_INVALID（details.errors）`,
          response: { 202: JobStarted, '4xx': ErrorResponse },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const file = uploadedXlsx(request.body);
        const job = await jobs.start(actor, importJobKinds[kind], jobOrgPath(actor), ({ progress }) =>
          kind === 'members'
            ? imports.importMembers(actor, file, progress)
            : imports.importOrgs(actor, file, progress),
        );
        return reply.code(202).send({ jobId: job.id });
      },
    );
  }
};
