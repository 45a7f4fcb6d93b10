import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../helpers/postgres-server.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'bin/shuping.mjs');

/** Settings of the parent (vitest) that must not leak into a child unless a test gives them. */
const ownedVariables = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'SHUPING_ADMIN_PASSWORD',
  'SHUPING_TEST_DB',
  'COOKIE_SECURE',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'DEBUG',
];

export type ChildEnv = Record<string, string | undefined>;

function childEnv(extra: ChildEnv): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ownedVariables) delete env[key];
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

// Every child a test starts, so a failing test still leaves no server behind.
const running = new Set<ChildProcess>();

function isRunning(child: ChildProcess) {
  return child.exitCode === null && child.signalCode === null;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited and its output is read to the end. */
  closed: Promise<Exit>;
}

function spawnCli(args: string[], env: ChildEnv): Spawned {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, closed };
}

/** Kills whatever the tests left running; for afterEach/afterAll, so failures clean up too. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map((child) => {
      const closed = new Promise((resolve) => child.once('close', resolve));
      if (isRunning(child)) child.kill('SIGKILL');
      return Promise.race([closed, sleep(5_000)]);
    }),
  );
  running.clear();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs `node bin/shuping.mjs ARGS…` to its end. */
export async function runCli(args: string[], env: ChildEnv, timeoutMs = 60_000): Promise<CliResult> {
  const run = spawnCli(args, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    const exit = await run.closed;
    if (exit.signal === 'SIGKILL')
      throw new Error(
        `shuping ${args.join(' ')} 在 ${timeoutMs} ms 内没有结束：\n${run.stdout()}\n${run.stderr()}`,
      );
    return { ...exit, stdout: run.stdout(), stderr: run.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  stdout(): string;
  stderr(): string;
  closed: Promise<Exit>;
  /** SIGTERM, then SIGKILL if it has not stopped after 15 s. */
  stop(): Promise<Exit>;
  /** SIGKILL: a crash, no shutdown code runs. */
  kill(): Promise<Exit>;
}

/** Starts `node bin/shuping.mjs start` on a free port and waits until /api/health answers 200. */
export async function startServer(env: ChildEnv, timeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const run = spawnCli(['start'], { PORT: String(port), HOST: '127.0.0.1', ...env });
  const output = () => `--- stdout ---\n${run.stdout()}\n--- stderr ---\n${run.stderr()}`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (!isRunning(run.child)) {
      const exit = await run.closed;
      throw new Error(`服务启动失败（退出码 ${exit.code ?? exit.signal}）：\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) break;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`等待 ${baseUrl}/api/health 超时（${last}）：\n${output()}`);
    }
    await sleep(100);
  }
  const signal = (name: NodeJS.Signals) => {
    if (isRunning(run.child)) run.child.kill(name);
    return run.closed;
  };
  return {
    baseUrl,
    pid: run.child.pid!,
    stdout: run.stdout,
    stderr: run.stderr,
    closed: run.closed,
    async stop() {
      const force = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
      try {
        return await signal('SIGTERM');
      } finally {
        clearTimeout(force);
      }
    },
    kill: () => signal('SIGKILL'),
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the server, checked by the tests
  body: any;
}

/** One HTTP call, with a session's cookie and CSRF header when given. */
export async function api(
  baseUrl: string,
  session: Session | null,
  method: string,
  url: string,
  payload?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.cookie;
    headers['x-csrf-token'] = session.csrfToken;
  }
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + url, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function login(
  baseUrl: string,
  username: string,
  password: string,
): Promise<Reply & { session: Session | null }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as Reply['body'];
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('shuping_session='));
  return {
    status: res.status,
    body,
    session: res.status === 200 && cookie ? { cookie, csrfToken: body.csrfToken } : null,
  };
}

/** Signs in as the first admin with the initial password and replaces it, as the first login must. */
export async function signInFirstAdmin(baseUrl: string, initial: string, final: string): Promise<Session> {
  const first = await login(baseUrl, 'admin', initial);
  if (!first.session) throw new Error(`admin login failed: ${first.status} ${JSON.stringify(first.body)}`);
  if (first.body.user.mustChangePassword !== true) throw new Error('首次登录应要求修改密码');
  const changed = await api(baseUrl, first.session, 'POST', '/api/auth/password', {
    currentPassword: initial,
    newPassword: final,
  });
  if (changed.status !== 200) throw new Error(`password change failed: ${JSON.stringify(changed.body)}`);
  return first.session;
}

const tempDirs: string[] = [];

/** A fresh temp directory, removed by removeTempDirs(). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `shuping-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test PostgreSQL server. */
export async function createPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `shuping_proc_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
