import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, FileDownload, IdParams, NoContent } from '../../../contract/common.js';
import { FileMeta, FileUploadQuery } from '../../../contract/files.js';
import { fileKindRules, showsInline } from '../../../domain/file-kinds.js';
import { AppError, badRequest } from '../../errors.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { actorOf } from '../../http/route-config.js';
import { fileTooLarge, type FileService } from './service.js';

const tags = ['files'];
/** Room for the multipart boundaries and part headers around the file itself. */
const multipartOverhead = 64 * 1024;

/** /api/files: upload (multipart, one file in any field), metadata, download, delete. */
export const fileRoutes: FastifyPluginAsyncTypebox<{ files: FileService }> = async (app, { files }) => {
  // In this plugin only. One file per request (a form may add a few short fields); the size limit
  // is the kind's, set per request below.
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, fieldSize: 1024, parts: 11 } });

  app.post(
    '/',
    {
      config: { access: { permission: 'file.write' } },
      schema: {
        tags,
        summary:
          '上传文件（multipart/form-data，一个文件）：类型由内容识别，扩展名须与之相符；超过该类文件大小上限时 413，不保存任何内容',
        querystring: FileUploadQuery,
        response: { 201: FileMeta, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const { kind, orgId } = request.query;
      const { maxBytes } = fileKindRules[kind];
      // A declared length over the limit is refused before a byte of the body is read.
      if (Number(request.headers['content-length'] ?? 0) > maxBytes + multipartOverhead)
        throw fileTooLarge(kind);
      if (!request.isMultipart())
        throw badRequest('FILE_MISSING', '请以 multipart/form-data 方式上传一个文件');
      // One byte over the limit is read so the store sees that the file is too large.
      const part = await request.file({ limits: { fileSize: maxBytes + 1 } }).catch((error: unknown) => {
        // busboy throws plain errors for a malformed multipart header (no boundary and the like).
        if (error instanceof AppError || (error as { statusCode?: number }).statusCode) throw error;
        throw badRequest('FILE_UPLOAD_BROKEN', '文件上传不完整或格式不正确，请重新上传');
      });
      if (!part) throw badRequest('FILE_MISSING', '请求中没有文件');
      const file = await files.put(actorOf(request), { kind, orgId, name: part.filename, source: part.file });
      return reply.status(201).send(file);
    },
  );

  app.get(
    '/:id/meta',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags,
        summary: '文件信息（文件所属组织须在本人管理范围内，否则 404）',
        params: IdParams,
        response: { 200: FileMeta, '4xx': ErrorResponse },
      },
    },
    async (request) => files.meta(actorOf(request), request.params.id),
  );

  app.get(
    '/:id',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags,
        summary: '下载文件（图片和 PDF 可在浏览器中直接打开，其余类型一律作为附件下载）',
        params: IdParams,
        response: { 200: FileDownload, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const { file, body } = await files.open(actorOf(request), request.params.id);
      return reply
        .type(file.type)
        .header('content-length', String(file.size))
        .header(
          'content-disposition',
          contentDisposition(file.name, showsInline(file.type) ? 'inline' : 'attachment'),
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(body);
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: { permission: 'file.write' } },
      schema: {
        tags,
        summary: '删除未被引用的文件（仍被引用时 409）',
        params: IdParams,
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await files.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
