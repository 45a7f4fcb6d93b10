// Runs autocannon as its own process (the client never shares a process with the server under test).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { machineCpu, otherLoad, root } from './common.js';
import { onCore } from './cores.js';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
  /** Status every response must have; anything else fails the run. */
  expectStatus?: number;
  /** The core autocannon runs on (see cores.ts); anywhere when unset. */
  core?: number;
}

/** The parts of autocannon's --json output used here. */
interface AutocannonJson {
  requests: { average: number; mean: number; stddev: number; total: number; sent: number };
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats?: Record<string, { count: number }>;
}

export interface LoadResult {
  /** Requests per second, averaged over the per-second samples. */
  rps: number;
  rpsStddev: number;
  total: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  /**
   * CPU used per request, in microseconds (user + system, all threads), by each probed process
   * group: `server` is the app's node process, `postgres` the PostgreSQL cluster when local.
   */
  cpuUsPerRequest: Record<string, number>;
  /** Cores each probed group kept busy on average over the run: 1 = one core throughout. */
  cores: Record<string, number>;
  /** How busy the whole machine was (0–1 over all cores), client included. */
  machineBusy: number;
  /** Cores kept busy by processes not part of this benchmark (other sessions' work): noise. */
  otherCores: number;
  /** Set by callers that repeat noisy runs: how many runs it took. */
  attempts?: number;
}

const cli = path.join(root, 'node_modules/autocannon/autocannon.js');

/** Reads a CPU counter (milliseconds) of some process or group of processes. */
export type CpuProbe = () => number;

export async function runLoad(
  options: LoadOptions,
  probes: Record<string, CpuProbe> = {},
): Promise<LoadResult> {
  const args = [
    cli,
    '--json',
    '--no-progress',
    '-c',
    String(options.connections),
    '-d',
    String(options.durationSec),
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  args.push(options.url);

  const cpuBefore = Object.fromEntries(Object.entries(probes).map(([name, probe]) => [name, probe()]));
  const machineBefore = machineCpu();
  const others = otherLoad();
  const started = performance.now();
  const [command, argv] =
    options.core === undefined ? [process.execPath, args] : onCore(options.core, process.execPath, args);
  const child = spawn(command, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const machineAfter = machineCpu();
  const cpuAfter = Object.fromEntries(Object.entries(probes).map(([name, probe]) => [name, probe()]));
  const elapsedMs = performance.now() - started;
  const liveOurs = Object.keys(probes).reduce((sum, name) => sum + cpuAfter[name]! - cpuBefore[name]!, 0);
  const otherCores = others(liveOurs);
  if (code !== 0) throw new Error(`autocannon exited with ${code}:\n${stderr}`);

  const line = stdout.trim().split('\n').at(-1) ?? '';
  const json = JSON.parse(line) as AutocannonJson;
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(json.statusCodeStats ?? {}))
    statusCounts[status] = stats.count;
  const expected = String(options.expectStatus ?? 200);
  const unexpected = Object.entries(statusCounts).filter(([status]) => status !== expected);
  if (json.errors > 0 || json.timeouts > 0 || unexpected.length > 0 || json.requests.total === 0) {
    throw new Error(
      `load run on ${options.url} had errors=${json.errors} timeouts=${json.timeouts} statuses=${JSON.stringify(statusCounts)}`,
    );
  }
  const cpuUsPerRequest: Record<string, number> = {};
  const cores: Record<string, number> = {};
  for (const name of Object.keys(probes)) {
    const used = cpuAfter[name]! - cpuBefore[name]!;
    cpuUsPerRequest[name] = Math.round(((used * 1000) / json.requests.total) * 10) / 10;
    // Over autocannon's own sampling time: before and after it the server is idle.
    cores[name] = Math.round((used / Math.min(elapsedMs, json.duration * 1000)) * 100) / 100;
  }
  return {
    rps: json.requests.average,
    rpsStddev: json.requests.stddev,
    total: json.requests.total,
    latencyMs: {
      mean: json.latency.average,
      p50: json.latency.p50,
      p90: json.latency.p90,
      p99: json.latency.p99,
      max: json.latency.max,
    },
    errors: json.errors,
    timeouts: json.timeouts,
    statusCounts,
    cpuUsPerRequest,
    cores,
    otherCores,
    machineBusy:
      Math.round(
        ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100,
      ) / 100,
  };
}
