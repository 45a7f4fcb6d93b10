import { expect, vi } from 'vitest';
import { connectEvents } from '../helpers/sse-client.js';
import { o, s, t, u, scopeMatrix } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The events module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('events', {
  'GET /api/events': {
    access: {},
    reason:
      'scope applies to each event, not to the request: a stream gets the events of orgs in its scope and those addressed to its user',
    check: async () => {
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const streams = (['admin', 'orgA1', 'secA1', 'secA1b', 'orgB'] as const).map((who) => ({
        who,
        client: connectEvents(`${base}/api/events`, s[who].cookie),
      }));
      try {
        await Promise.all(streams.map(({ client }) => client.opened));
        const publish = (target: { orgPath: string } | { userId: number }, jobId: string) =>
          t.app.events.publish({
            type: 'job.progress',
            ...target,
            data: { jobId, state: 'running', phase: null, done: 0, total: null },
          });
        await publish({ orgPath: o.A1b.path }, 'A1b');
        await publish({ orgPath: o.B1.path }, 'B1');
        await publish({ userId: u.orgB }, 'orgB');
        // A last event to each stream's own user: once it arrived, all earlier ones would have.
        for (const { who } of streams) await publish({ userId: u[who] }, `end-${who}`);
        const seen = async ({ who, client }: (typeof streams)[number]) => {
          await client.next((e) => (e.data as { jobId: string }).jobId === `end-${who}`);
          return client.received.map((e) => (e.data as { jobId: string }).jobId).slice(0, -1);
        };
        const [admin, orgA1, secA1, secA1b, orgB] = await Promise.all(streams.map(seen));
        expect({ admin, orgA1, secA1, secA1b, orgB }).toEqual({
          admin: ['A1b', 'B1'],
          orgA1: ['A1b'],
          secA1: [],
          secA1b: ['A1b'],
          orgB: ['B1', 'orgB'],
        });
      } finally {
        for (const { client } of streams) client.close();
      }
    },
  },
});
