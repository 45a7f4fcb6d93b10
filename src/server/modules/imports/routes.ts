import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, FileDownload } from '../../../contract/common.js';
import { ImportHeaders, ImportIdParams, ImportProgress, ImportResult } from '../../../contract/imports.js';
import { badRequest, notFound } from '../../errors.js';
import { actorOf } from '../../http/route-config.js';
import type { ProgressHandle, ProgressRegistry } from './progress.js';
import type { ImportService } from './service.js';
import { attachment, xlsxType } from './workbook.js';

const tags = ['imports'];
/** Raw xlsx uploads only; every other route keeps the app's 1 MiB limit. */
export const maxUploadBytes = 50 * 1024 * 1024;
const templateFiles = { members: '党员信息导入模板.xlsx', orgs: '党组织信息导入模板.xlsx' } as const;

const noProgress: ProgressHandle = { update: () => undefined };

/** /api/imports: xlsx templates, uploads (the raw file is the request body) and their progress. */
export const importRoutes: FastifyPluginAsyncTypebox<{
  imports: ImportService;
  progress: ProgressRegistry;
}> = async (app, { imports, progress }) => {
  // In this plugin only: whatever the declared type, the body is the file's bytes; the file itself
  // is then checked to be an xlsx archive.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_request, body, done) =>
    done(null, body),
  );

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
          summary: `导入${what}：请求体为 xlsx 文件本身；逐行校验，任何一行有误则全部不导入（422，details.errors）`,
          headers: ImportHeaders,
          response: { 200: ImportResult, '4xx': ErrorResponse },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const file = request.body;
        if (!Buffer.isBuffer(file) || file.length === 0)
          throw badRequest('IMPORT_FILE_MISSING', '请上传 Excel 文件（.xlsx）');
        const id = request.headers['x-import-id'];
        const handle = id ? progress.start(id, actor.id) : noProgress;
        try {
          return kind === 'members'
            ? await imports.importMembers(actor, file, handle)
            : await imports.importOrgs(actor, file, handle);
        } catch (error) {
          handle.update({ phase: 'failed' });
          throw error;
        }
      },
    );
  }

  app.get(
    '/:id/progress',
    {
      config: { access: {} },
      schema: {
        tags,
        summary: '导入进度（仅上传者本人可查）',
        params: ImportIdParams,
        response: { 200: ImportProgress, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const found = progress.read(request.params.id, actorOf(request).id);
      if (!found) throw notFound('导入任务不存在或已过期');
      return found;
    },
  );
};
