import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { Health } from '../../../contract/health.js';
import type { Database } from '../../../db/client.js';

export const healthRoutes: FastifyPluginAsyncTypebox<{ database: Database; version: string }> = async (
  app,
  { database, version },
) => {
  app.get(
    '/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: { 200: Health },
      },
    },
    async () => {
      // A round trip, so a lost database shows here and not only on the next real request.
      await database.db.execute(sql`select 1`);
      return { status: 'ok' as const, db: database.driver, version };
    },
  );
};
