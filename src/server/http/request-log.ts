import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** A read slower than this is logged at info like a write, so slow pages show in the default log. */
const slowMs = 1_000;

/**
 * One line per request instead of Fastify's two ("incoming request" + "request completed"), with
 * the request's method, URL and address on it. Writes, client and server errors and slow reads are
 * logged at info; routine successful reads, the bulk of traffic, at debug (LOG_LEVEL=debug shows
 * them). Writes are also in the audit log; reads were two JSON lines each, a large share of a
 * cached read's cost.
 */
export class RequestLog extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (error) return super.requestCompleted(error, request, reply);
    const routine =
      reply.statusCode < 400 &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      reply.elapsedTime < slowMs;
    // A disabled level is a no-op in pino: nothing is serialized.
    reply.log[routine ? 'debug' : 'info'](
      { req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
  }
}
