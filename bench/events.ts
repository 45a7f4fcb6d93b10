// events: time from one write until each of 1,000 open SSE clients has the event — two instances on PostgreSQL, one on PGlite.
//
// Every app instance runs in a process of its own (bench/lib/events-server.ts); the clients are plain
// HTTP requests in this process, opened in batches. On PostgreSQL 500 clients stream from each of two
// instances and the write comes from a third connection (this process's own event bus); on PGlite
// (one process owns the database) the one instance publishes when told to. Per round one event; a
// client's latency is from just before the write to the moment its stream delivered the event's id;
// a first, unmeasured event warms every stream up.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { openDatabase } from '../src/db/client.js';
import { createEventBus } from '../src/server/events/bus.js';
import type { PublishedEvent } from '../src/contract/events.js';
import type { ServerMessage, ServerReply } from './lib/events-server.js';
import {
  log,
  machineInfo,
  printResult,
  quick,
  root,
  round,
  runBenchmark,
  sleep,
  tempDir,
} from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

const clientCount = quick ? 200 : 1000;
const rounds = quick ? 3 : 20;
const batchSize = 50;
const waitMs = 5_000;
const password = 'Bench-Events-2026!';
const work = tempDir('events');
const cleanups: (() => Promise<unknown>)[] = [];
// One socket per stream: the default agent would queue all but a few.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

interface Instance {
  url: string;
  child: ChildProcess;
  publish(event: PublishedEvent): Promise<string>;
  stop(): Promise<void>;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = fork(path.join(root, 'bench/lib/events-server.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (reply: ServerReply) => resolve((reply as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`events server exited (${code}) before listening`)));
  });
  const tell = (message: ServerMessage) => child.send(message);
  return {
    url,
    child,
    publish: (event) =>
      new Promise((resolve) => {
        child.once('message', (reply: ServerReply) => resolve((reply as { published: string }).published));
        tell({ publish: event });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      tell({ stop: true });
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

interface Client {
  /** performance.now() at which each event id arrived. */
  arrivals: Map<string, number>;
  request: http.ClientRequest;
}

function openClient(url: string, cookie: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const arrivals = new Map<string, number>();
    const request = http.get(
      `${url}/api/events`,
      { agent, headers: { cookie, accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream refused: ${response.statusCode}`));
        response.setEncoding('utf8');
        let pending = '';
        response.on('data', (chunk: string) => {
          const now = performance.now();
          pending += chunk;
          const blocks = pending.split('\n\n');
          pending = blocks.pop()!;
          for (const block of blocks) {
            const id = /^id: (.+)$/m.exec(block)?.[1];
            if (id) arrivals.set(id, now);
          }
        });
        resolve({ arrivals, request });
      },
    );
    request.once('error', reject);
  });
}

async function openClients(urls: string[], cookie: string): Promise<Client[]> {
  const clients: Client[] = [];
  while (clients.length < clientCount) {
    const batch = Array.from({ length: Math.min(batchSize, clientCount - clients.length) }, (_, i) =>
      openClient(urls[(clients.length + i) % urls.length]!, cookie),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)]!;

/** Publishes `rounds` events one after another and measures every client's delay for each. */
async function measure(clients: Client[], publish: (event: PublishedEvent) => Promise<string>) {
  const latencies: number[] = [];
  const allArrivedMs: number[] = [];
  let missing = 0;
  // Round 0 is a warm-up (the first write on every stream, code not yet optimized) and is not counted.
  for (let i = 0; i <= rounds; i++) {
    const started = performance.now();
    const id = await publish({
      type: 'job.progress',
      orgPath: 'bench',
      data: { jobId: `bench-${i}`, state: 'running', phase: null, done: i, total: rounds },
    });
    const deadline = started + waitMs;
    while (clients.some((c) => !c.arrivals.has(id)) && performance.now() < deadline) await sleep(5);
    const arrived = clients.flatMap((c) => (c.arrivals.has(id) ? [c.arrivals.get(id)! - started] : []));
    if (i === 0) continue;
    missing += clients.length - arrived.length;
    latencies.push(...arrived);
    allArrivedMs.push(Math.max(...arrived));
    // Let the machine settle between rounds.
    await sleep(200);
  }
  const sorted = latencies.sort((a, b) => a - b);
  return {
    clients: clients.length,
    rounds,
    deliveries: sorted.length,
    missing,
    latencyMs: {
      p50: round(percentile(sorted, 50), 1),
      p95: round(percentile(sorted, 95), 1),
      p99: round(percentile(sorted, 99), 1),
      max: round(sorted.at(-1)!, 1),
    },
    lastClientPerRoundMs: allArrivedMs.map((ms) => round(ms, 1)),
  };
}

function closeClients(clients: Client[]) {
  for (const client of clients) client.request.destroy();
}

runBenchmark(work, cleanups, async () => {
  log(`PostgreSQL: two instances, ${clientCount} clients, ${rounds} events from a third connection…`);
  const postgres = await benchPostgres();
  cleanups.push(() => postgres.stop());
  const env = { DATABASE_URL: postgres.url };
  const first = await startInstance({ ...env, SETUP_PASSWORD: password });
  cleanups.push(() => first.stop());
  const second = await startInstance(env);
  cleanups.push(() => second.stop());
  const cookie = await login(first.url);
  const pgClients = await openClients([first.url, second.url], cookie);
  const writer = await openDatabase({ databaseUrl: postgres.url, poolSize: 1 });
  cleanups.push(() => writer.close());
  const bus = await createEventBus(writer, console);
  cleanups.push(() => bus.close());
  const onPostgres = await measure(pgClients, (event) => bus.publish(event));
  log(`  ${JSON.stringify(onPostgres)}`);
  closeClients(pgClients);
  await Promise.all([first.stop(), second.stop()]);

  log(`PGlite: one instance, ${clientCount} clients, ${rounds} events written by the instance…`);
  const only = await startInstance({ DATA_DIR: path.join(work, 'pglite'), SETUP_PASSWORD: password });
  cleanups.push(() => only.stop());
  const pgliteClients = await openClients([only.url], await login(only.url));
  const onPglite = await measure(pgliteClients, (event) => only.publish(event));
  log(`  ${JSON.stringify(onPglite)}`);
  closeClients(pgliteClients);
  await only.stop();

  printResult({
    benchmark: 'events',
    quick,
    machine: machineInfo(),
    postgres: `${postgres.serverVersion} (${postgres.source})`,
    targetP99Ms: 500,
    postgresTwoInstances: onPostgres,
    pgliteOneInstance: onPglite,
  });
});
