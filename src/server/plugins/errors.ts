import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { describeValidationErrors } from '../http/validation.js';

// Fastify's own client errors, in the words users read.
const fastifyErrorMessages: Record<string, [code: string, message: string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_JSON', '请求体不是合法的 JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_JSON', '请求体为空，但声明为 JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['BODY_TOO_LARGE', '请求体过大'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型，请使用 application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['INVALID_CONTENT_LENGTH', '请求的内容长度不正确'],
  FST_ERR_BAD_URL: ['BAD_URL', '请求地址不合法，无法解码'],
  FST_ERR_MAX_PARAM_LENGTH: ['PATH_PARAM_TOO_LONG', '请求地址中的参数过长'],
};

/** The 404 answer for an unknown API path. */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(404)
    .send({ code: 'NOT_FOUND', message: `接口不存在：${request.method} ${request.url.split('?')[0]}` });
}

interface ErrorLike extends FastifyError {
  isAppError?: true;
  details?: unknown;
}

/** Every error the server answers, as `{code, message, details}` with a Chinese message. */
function sendError(error: ErrorLike, request: FastifyRequest, reply: FastifyReply) {
  if (error.isAppError) {
    const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (error.statusCode === 429 && retryAfter) reply.header('retry-after', String(retryAfter));
    return reply.status(error.statusCode ?? 400).send({
      code: error.code,
      message: error.message,
      details: error.details,
    });
  }
  if (error.validation) {
    const details = describeValidationErrors(error.validation as never, error.validationContext);
    const first = details[0];
    return reply.status(400).send({
      code: 'VALIDATION_ERROR',
      message: first ? `输入不合法：${first.field} ${first.message}` : '输入不合法',
      details,
    });
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    const known = fastifyErrorMessages[error.code];
    // JSON parse errors surface with their own syntax code; any 400 from the parser is malformed input.
    const [code, message] =
      known ??
      (error.code?.startsWith('FST_ERR_CTP')
        ? ['INVALID_BODY', '请求体格式不正确']
        : ['BAD_REQUEST', '请求不合法']);
    return reply.status(status).send({ code, message });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply
    .status(500)
    .send({ code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试或联系管理员' });
}

/** Fastify's `frameworkErrors`: errors met before routing (an undecodable URL, an over-long parameter). */
export const frameworkErrors = sendError;

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refuses some requests (oversized headers, a
 * malformed request line) before Fastify sees them; they are answered in the same model.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', '请求头过大']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'REQUEST_TIMEOUT', '请求超时，请重试']
        : [400, 'Bad Request', 'BAD_REQUEST', '请求格式不正确'];
  const body = JSON.stringify({ code, message });
  this.log.debug({ err: error }, 'client error');
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler(sendError);
  },
  { name: 'errors' },
);
