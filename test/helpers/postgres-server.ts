import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Finds PostgreSQL's server binaries: PATH first, then Debian's versioned directories. */
export function findPostgresBin(): string | null {
  const candidates = (process.env.PATH ?? '').split(':');
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const version of fs.readdirSync(debian).sort().reverse())
      candidates.push(path.join(debian, version, 'bin'));
  }
  return (
    candidates.find(
      (dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')),
    ) ?? null
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL cluster in a temp dir (fsync off: test data needs no durability).
 * Runs as the current user; as root, initdb refuses, so the cluster is owned by `postgres`.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin)
    throw new Error('找不到 PostgreSQL（initdb/postgres）。请安装 postgresql，或设置 TEST_DATABASE_URL。');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuping-pg-'));
  const asRoot = process.getuid?.() === 0;
  const runAs = (cmd: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const [initCmd, initArgs] = runAs(path.join(bin, 'initdb'), [
    '-D',
    dir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-locale',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [cmd, args] = runAs(path.join(bin, 'postgres'), [
    '-D',
    dir,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const child: ChildProcess = spawn(cmd, args, { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForPort(port, 15_000);
  return {
    url,
    async stop() {
      // Signal the postmaster itself (runuser, its parent as root, ignores SIGINT): SIGINT is a fast
      // shutdown that does not wait for lingering client connections.
      const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGINT');
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) {
      // Accepting TCP comes a moment before accepting logins.
      await new Promise((r) => setTimeout(r, 300));
      return;
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL 未在 ${timeoutMs} ms 内启动`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
