import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { helmetHeaders } from '../../src/server/plugins/security-headers.js';

/** What @fastify/helmet itself adds to an answer, next to the same server without it. */
async function sentByFastifyHelmet(options: FastifyHelmetOptions) {
  const answer = async (withHelmet: boolean) => {
    const app = Fastify();
    if (withHelmet) await app.register(fastifyHelmet, options);
    app.get('/', async () => ({}));
    const { headers } = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return headers;
  };
  const plain = await answer(false);
  return Object.fromEntries(Object.entries(await answer(true)).filter(([name]) => !(name in plain)));
}

describe('security headers worked out once', () => {
  it.each([
    [
      'plain HTTP',
      { hsts: false, contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } },
    ],
    ['HTTPS', { hsts: true, contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } } }],
  ] as [string, FastifyHelmetOptions][])('match what @fastify/helmet sends (%s)', async (_, options) => {
    const expected = await sentByFastifyHelmet(options);
    expect(Object.keys(expected).length).toBeGreaterThan(8);
    expect(helmetHeaders(options)).toEqual(expected);
  });
});
