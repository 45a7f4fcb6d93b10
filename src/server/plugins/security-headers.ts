import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The headers @fastify/helmet sends for `options`, found by asking it once: it answers one request on
 * a throwaway instance, and whatever it added compared with the same instance without it is kept.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(fastifyHelmet, options);
    probe.get('/', async () => ({}));
    const res = await probe.inject({ method: 'GET', url: '/' });
    await probe.close();
    return res.headers;
  };
  const plain = await answer(false);
  const helmeted = await answer(true);
  return Object.fromEntries(
    Object.entries(helmeted)
      .filter(([name, value]) => name !== 'date' && plain[name] !== value)
      .map(([name, value]) => [name, String(value)]),
  );
}

/**
 * helmet's headers on every answer, errors included. @fastify/helmet rebuilds helmet from its options
 * on every request (parsing the CSP directives each time); with no per-request nonces the headers
 * never change, so they are worked out once at start-up and copied onto each reply.
 */
export default fp(
  async function securityHeaders(app: FastifyInstance, options: FastifyHelmetOptions) {
    const headers = await helmetHeaders(options);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers' },
);
