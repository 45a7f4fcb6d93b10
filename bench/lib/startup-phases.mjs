// Where a start's time goes: repeats the steps of bin/shuping.mjs and src/server/server.ts one by one
// (build check, module loading, opening the database, migrations, first admin, building the app,
// listening, first /api/health) and writes the milliseconds of each to the file named by PHASES_OUT.
// Keep in step with startServer() when that changes.
import fs from 'node:fs';
import http from 'node:http';

// performance.now() counts from the process' time origin, so this is Node's own boot.
const marks = [['nodeBoot', performance.now()]];
const mark = (name) => marks.push([name, performance.now()]);

const { ensureBuilt } = await import('../../scripts/build.mjs');
ensureBuilt({ names: ['server', 'web'] });
mark('buildCheck');
const { configFromEnv } = await import('../../dist/server/config.js');
const { openDatabase } = await import('../../dist/db/client.js');
const { migrateDatabase } = await import('../../dist/db/migrate.js');
const { ensureInitialAdmin } = await import('../../dist/server/bootstrap.js');
const { buildApp } = await import('../../dist/server/app.js');
const { defaultWebRoot } = await import('../../dist/server/server.js');
mark('importModules');

const config = configFromEnv();
const database = await openDatabase(config);
mark('openDatabase');
await migrateDatabase(database);
mark('migrate');
await ensureInitialAdmin(database.db, config.initialAdminPassword);
mark('ensureInitialAdmin');
const app = await buildApp({
  database,
  config: { ...config, webRoot: config.webRoot ?? defaultWebRoot },
  logger: { level: config.logLevel },
});
mark('buildApp');
await app.listen({ port: config.port, host: config.host });
mark('listen');
const status = await new Promise((resolve, reject) =>
  http
    .get(`http://127.0.0.1:${config.port}/api/health`, { agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
    })
    .once('error', reject),
);
if (status !== 200) throw new Error(`health answered ${status}`);
mark('firstHealth');
await app.close();
await database.close();

const phases = {};
for (let i = 0; i < marks.length; i++) phases[marks[i][0]] = marks[i][1] - (i ? marks[i - 1][1] : 0);
phases.total = marks.at(-1)[1];
fs.writeFileSync(process.env.PHASES_OUT, JSON.stringify(phases));
process.exit(0);
