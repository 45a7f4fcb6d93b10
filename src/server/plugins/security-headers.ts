import { createRequire } from 'node:module';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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
 * helmet's headers on every answer, errors included. @fastify/helmet rebuilds helmet from its options
 * on every request (parsing the CSP directives each time); with no per-request nonces the headers
 * never change, so they are worked out once at start-up and copied onto each reply.
 */
export default fp(
  async function securityHeaders(app: FastifyInstance, options: FastifyHelmetOptions) {
    const headers = helmetHeaders(options);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers' },
);
