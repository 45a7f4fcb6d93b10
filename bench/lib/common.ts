// Shared pieces of the benchmarks: machine facts, spawning and stopping servers, polling, statistics.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const quick = process.argv.includes('--quick');

/** `--NAME N` from the command line, a positive integer, or `fallback` when absent. */
export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

export function log(message: string): void {
  console.log(message);
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
    date: new Date().toISOString(),
  };
}

/** Builds what is stale (as `npm start` would), so measured starts run on a built checkout. */
export function buildFirst(): void {
  log('building what is stale (node scripts/build.mjs)…');
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `shuping-bench-${prefix}-`));
}

export type Cleanup = () => Promise<unknown>;

/**
 * Runs a benchmark's `main`. However it ends (done, failed or interrupted), the servers it pushed on
 * `cleanups` are stopped, newest first, and its scratch directory is removed: a benchmark never
 * leaves a PostgreSQL cluster or a server behind.
 */
export function runBenchmark(work: string, cleanups: Cleanup[], main: () => Promise<void>): void {
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      // Stopping what already stopped may throw; the rest must still be stopped.
      await Promise.resolve()
        .then(cleanup)
        .catch(() => undefined);
    }
    fs.rmSync(work, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  main().then(cleanUp, async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exit(1);
  });
}

/**
 * `node` arguments of the server as `npm start` runs it (package.json's start script, after `node`),
 * so a benchmark measures the server as it ships, V8 flags included.
 */
export const serverStartArgs: string[] = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== 'node')
    throw new Error(`package.json start script does not run node: ${pkg.scripts.start}`);
  return args;
})();

/**
 * The environment a server under test gets: ours minus whatever would change what is measured,
 * and minus what `npm run bench` added (npm_*), as if started from a plain shell.
 */
export function serverEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('npm_') || name === 'INIT_CWD') delete env[name];
  for (const name of [
    'DATABASE_URL',
    'DATA_DIR',
    'PORT',
    'HOST',
    'LOG_LEVEL',
    'SHUPING_ADMIN_PASSWORD',
    'DEBUG',
  ])
    delete env[name];
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

export interface Spawned {
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal) once the process itself has exited. */
  exited: Promise<number | string>;
}

/**
 * Starts a command in its own process group (so `npm start` and the node it runs can be signalled
 * together), with stdout and stderr written straight to a file, as a service manager would.
 */
export function spawnLogged(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Spawned {
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', fd, fd], detached: true });
  fs.closeSync(fd);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, logFile, exited };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The node process in a group that runs `script` (for `npm start`: below npm and sh), if any. */
export function findNodeRunning(pgid: number, script: string): number | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(procStat(Number(entry))[2]) !== pgid) continue;
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(args[0] ?? '') === 'node' && args.some((arg) => arg.endsWith(script)))
        return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return null;
}

/**
 * SIGTERM to the server process (the node running `script`, else the group's leader), then waits
 * until every process of the group has exited (so a PGlite data dir's lock is free for the next
 * run); npm and sh above the server exit on their own once it has. Signalling the server rather
 * than the whole group keeps each process' parent alive to wait for it, so its CPU time is
 * accounted to this benchmark (see otherLoad) and not to init. Returns the milliseconds it took.
 */
export async function stopGroup(
  spawned: Spawned,
  script = 'bin/shuping.mjs',
  timeoutMs = 15_000,
): Promise<number> {
  const pgid = spawned.child.pid!;
  const started = performance.now();
  try {
    process.kill(findNodeRunning(pgid, script) ?? pgid, 'SIGTERM');
  } catch {
    return 0;
  }
  await spawned.exited;
  while (groupAlive(pgid)) {
    if (performance.now() - started > timeoutMs) {
      process.kill(-pgid, 'SIGKILL');
      throw new Error(`process group ${pgid} ignored SIGTERM for ${timeoutMs} ms (see ${spawned.logFile})`);
    }
    await sleep(5);
  }
  return performance.now() - started;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One GET on a fresh connection; resolves with the status code, or 0 when nothing answered. */
export function getStatus(url: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

/**
 * Polls `url` every `intervalMs` until it answers 200, and returns performance.now() at that moment.
 * Throws when the process exits first or the deadline passes.
 */
export async function waitFor200(
  url: string,
  spawned: Spawned,
  { timeoutMs = 60_000, intervalMs = 5 } = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let exited: number | string | undefined;
  void spawned.exited.then((code) => (exited = code));
  for (;;) {
    if ((await getStatus(url, 1_000)) === 200) return performance.now();
    if (exited !== undefined)
      throw new Error(`server exited (${exited}) before answering 200:\n${tail(spawned.logFile)}`);
    if (performance.now() > deadline)
      throw new Error(`no 200 from ${url} within ${timeoutMs} ms:\n${tail(spawned.logFile)}`);
    await sleep(intervalMs);
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('nothing to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, min: sorted[0]!, median, max: sorted.at(-1)!, mean };
}

export const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The median and 95th percentile of timings in ms, to 0.1 ms, with how many there were. */
export function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!, 1);
  return { p50: at(0.5), p95: at(0.95), n: sorted.length };
}

export function roundSummary(summary: Summary, digits = 0): Summary {
  return {
    n: summary.n,
    min: round(summary.min, digits),
    median: round(summary.median, digits),
    max: round(summary.max, digits),
    mean: round(summary.mean, digits),
  };
}

/** Fields of /proc/PID/stat after the parenthesised command name (field 3 onwards). */
function procStat(pid: number): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time (user + system, all threads) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const fields = procStat(pid);
  // utime and stime are fields 14 and 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/**
 * CPU time of a process and all its descendants, the living ones and (cutime, cstime) the reaped
 * ones: for PostgreSQL, the postmaster and its backends; for Chromium, the browser, its zygote and
 * the renderers below it.
 */
export function treeCpuMs(pid: number): number {
  const children = new Map<number, number[]>();
  const ticksOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = procStat(Number(entry));
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      ticksOf.set(
        Number(entry),
        Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
      );
    } catch {
      // Gone meanwhile.
    }
  }
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    ticks += ticksOf.get(next) ?? 0;
    pending.push(...(children.get(next) ?? []));
  }
  return (ticks * 1000) / clockTicks;
}

/** The pid of the postgres (postmaster) process listening on `port` of this machine, if any. */
export function findPostmaster(port: number): number | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const portAt = args.indexOf('-p');
      if (path.basename(args[0] ?? '') === 'postgres' && portAt >= 0 && args[portAt + 1] === String(port))
        return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return null;
}

/** How many cores other processes keep busy while this benchmark waits `ms`. */
export async function idleBusy(ms = 2_000): Promise<number> {
  const others = otherLoad();
  await sleep(ms);
  return others();
}

// getconf CLK_TCK; 100 on every Linux this runs on.
const clockTicks = 100;

/** Busy and total CPU milliseconds of the whole machine (all cores), since boot. */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: ((total - idle) * 1000) / clockTicks, total: (total * 1000) / clockTicks };
}

/**
 * CPU milliseconds of this process and of its descendants that have exited and been waited for
 * (autocannon runs, stopped servers and everything they waited for in turn).
 */
export function ownTreeCpuMs(): number {
  const fields = procStat(process.pid);
  return (
    ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks
  );
}

/**
 * Measures how many cores processes that are not ours kept busy over an interval: the machine's
 * busy time minus this process, its waited-for descendants and `liveOursMs` (CPU of our processes
 * still running at the end, such as the server under test). Other sessions' work skews every
 * figure; this says by how much.
 */
export function otherLoad() {
  const machine = machineCpu();
  const ours = ownTreeCpuMs();
  const started = performance.now();
  return (liveOursMs = 0): number => {
    const busy = machineCpu().busy - machine.busy;
    const mine = ownTreeCpuMs() - ours + liveOursMs;
    return round(Math.max(0, busy - mine) / (performance.now() - started), 2);
  };
}

/**
 * Prints the one JSON line every benchmark ends with, and keeps a copy in bench/.results/ (not
 * committed) as NAME.json, or NAME-quick.json for --quick runs.
 */
export function printResult(result: { benchmark: string; quick: boolean; [figure: string]: unknown }): void {
  const line = JSON.stringify(result);
  const dir = path.join(root, 'bench/.results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${result.benchmark}${result.quick ? '-quick' : ''}.json`), line + '\n');
  process.stdout.write(line + '\n');
}
