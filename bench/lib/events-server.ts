// One app instance for the events benchmark, in a process of its own (forked with IPC): listens on a
// free port, reports its URL, publishes an event when told to (how the PGlite run writes, having one
// instance only) and closes when told to.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { buildApp } from '../../src/server/app.js';
import { ensureInitialAdmin } from '../../src/server/bootstrap.js';
import type { PublishedEvent } from '../../src/contract/events.js';

export type ServerMessage = { publish: PublishedEvent } | { stop: true };
export type ServerReply = { url: string } | { published: string };

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
if (process.env.SETUP_PASSWORD) {
  await migrateDatabase(database);
  await ensureInitialAdmin(database.db, process.env.SETUP_PASSWORD);
  await database.db.execute(sql`update users set must_change_password = false`);
}
const app = await buildApp({
  database,
  config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const send = (reply: ServerReply) => process.send!(reply);
send({ url });
process.on('message', (message: ServerMessage) => {
  if ('publish' in message) {
    void app.events.publish(message.publish).then((published) => send({ published }));
    return;
  }
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
