import { User } from '../../src/contract/users.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { registeredRoutes, type RouteInfo } from './support/routes.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/**
 * The `/api` routes that declare no response schema for a success status. Without one, Fastify
 * sends whatever the handler returns (a new column, a password hash) and the contract no longer
 * describes the answer.
 */
function withoutSuccessSchema(routes: RouteInfo[]): string[] {
  return routes
    .filter((r) => r.url.startsWith('/api/') && !r.hidden)
    .filter((r) => !r.responses.some((status) => /^2(\d\d|xx)$/.test(status)))
    .map((r) => r.key);
}

describe(`contract: every API route answers through a schema (${testDriver})`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('finds a route without a success schema and names it', () => {
    const route = (key: string, responses: string[]): RouteInfo => {
      const [method, url] = key.split(' ') as [string, string];
      return {
        key,
        method,
        url,
        access: undefined,
        hasBody: false,
        hasQuery: false,
        bodyDates: [],
        queryDates: [],
        responses,
        hidden: false,
      };
    };
    expect(
      withoutSuccessSchema([
        route('GET /api/things', ['4xx']),
        route('POST /api/things', ['201', '4xx']),
        route('DELETE /api/things/:id', ['204', '4xx']),
        route('GET /api/other', []),
      ]),
    ).toEqual(['GET /api/things', 'GET /api/other']);
  });

  it('has a response schema for the success status of every /api route', () => {
    const routes = registeredRoutes();
    expect(routes.filter((r) => r.url.startsWith('/api/') && !r.hidden).length).toBeGreaterThan(40);
    expect(withoutSuccessSchema(routes)).toEqual([]);
  });

  it('serializes through the schema: columns the contract lacks never leave the server', async () => {
    const res = await t.request(t.admin, 'GET', '/api/users');
    expect(res.statusCode).toBe(200);
    const [user] = res.json().items;
    expect(Object.keys(user).sort()).toEqual(Object.keys(User.properties).sort());
    expect(user.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
