import { createRequire } from 'node:module';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath } from '../http/api-path.js';

type HelmetMiddleware = (req: object, res: object, next: (error?: unknown) => void) => void;
type Helmet = (options: FastifyHelmetOptions) => HelmetMiddleware;

// The very helmet @fastify/helmet runs, resolved from there rather than declared a second time.
const load = createRequire(import.meta.url);
const helmet = createRequire(load.resolve('@fastify/helmet'))('helmet') as Helmet;

/** The headers helmet sets for `options`, found by running it once against a stand-in response. */
export function helmetHeaders(options: FastifyHelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let finished = false;
  helmet(options)({}, response, (error) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously');
  return headers;
}

/**
 * What an API answer (JSON, a download, an event stream) needs: nothing in it may load, run or be
 * framed (CSP; `frame-ancestors` supersedes X-Frame-Options in every browser that honours it), it is
 * read only as its declared type, and only this origin may read it. helmet's document headers (eleven,
 * 720 bytes) were most of every JSON answer's bytes and a sixth of a cached read's cost; the ones left
 * out concern documents only (opener policy, referrer of links, DNS prefetch, legacy IE and Flash).
 */
export function apiHeaders(documentHeaders: Record<string, string>): Record<string, string> {
  const hsts = documentHeaders['strict-transport-security'];
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
    ...(hsts ? { 'strict-transport-security': hsts } : {}),
  };
}

/** Answers of the API proper; its documentation pages under /api/docs are documents. */
const isApiAnswer = (url: string) => isApiPath(url) && !/^\/api\/docs(\/|$|\?)/i.test(url);

/**
 * Security headers on every answer, errors included: helmet's on documents, `apiHeaders` on the API.
 * @fastify/helmet rebuilds helmet from its options on every request (parsing the CSP directives each
 * time); with no per-request nonces the headers never change, so they are worked out once at start-up
 * and copied onto each reply.
 */
export default fp(
  async function securityHeaders(app: FastifyInstance, options: FastifyHelmetOptions) {
    const documents = helmetHeaders(options);
    const api = apiHeaders(documents);
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(isApiAnswer(request.url) ? api : documents);
      done();
    });
  },
  { name: 'security-headers' },
);
