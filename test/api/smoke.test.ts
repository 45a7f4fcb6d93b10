import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';

describe(`platform smoke (${testDriver})`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('reports health with the driver in use', async () => {
    const res = await t.request(null, 'GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: testDriver });
  });

  it('serves the OpenAPI document without a session', async () => {
    const res = await t.request(null, 'GET', '/api/docs/json');
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/orgs/{id}');
  });

  it('does not force HTTPS on a plain-HTTP deployment', async () => {
    const res = await t.request(null, 'GET', '/api/health');
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('creates a tree, lists children and records the change in the audit log', async () => {
    const county = await t.request(t.admin, 'POST', '/api/orgs', {
      parentId: null,
      name: '示范县委',
      level: 'county',
    });
    expect(county.statusCode).toBe(201);
    const town = await t.request(t.admin, 'POST', '/api/orgs', {
      parentId: county.json().id,
      name: '城关镇党委',
      level: 'committee',
    });
    expect(town.statusCode).toBe(201);
    expect(town.json().path).toBe(`${county.json().id}.${town.json().id}`);

    const children = await t.request(t.admin, 'GET', `/api/orgs?parentId=${county.json().id}`);
    expect(children.json().items.map((o: { name: string }) => o.name)).toEqual(['城关镇党委']);

    const audit = await t.request(t.admin, 'GET', '/api/audit?entityType=org&action=create');
    expect(audit.json().items[0]).toMatchObject({
      entityId: String(town.json().id),
      actorName: '系统管理员',
    });
  });
});
