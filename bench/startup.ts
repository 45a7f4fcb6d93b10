// startup: ms from `npm start` (and `node bin/shuping.mjs start`) to the first 200 of /api/health, existing and empty data dir.
// Target: ≤ 3 s on an existing PGlite data dir. Each run: a fresh port; after it, SIGTERM to the server process.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/helpers/postgres-server.js';
import {
  buildFirst,
  getStatus,
  idleBusy,
  log,
  otherLoad,
  machineInfo,
  printResult,
  quick,
  root,
  round,
  roundSummary,
  serverEnv,
  sleep,
  spawnLogged,
  stopGroup,
  summarize,
  tempDir,
  waitFor200,
  serverStartArgs,
} from './lib/common.js';

const targetMs = 3_000;
const runsExisting = quick ? 2 : 7;
const runsEmpty = quick ? 1 : 5;
const phaseRuns = quick ? 1 : 3;
const adminPassword = 'Bench-Admin-2026!';
/** Cores other processes may use during a run before it is repeated (the machine is shared). */
const noiseLimit = 0.1;
const maxAttempts = 3;

type Kind = 'npm start' | 'node bin/shuping.mjs start';
const kinds: Kind[] = ['npm start', 'node bin/shuping.mjs start'];
const commands: Record<Kind, [string, string[]]> = {
  'npm start': ['npm', ['start']],
  'node bin/shuping.mjs start': [process.execPath, serverStartArgs],
};

const work = tempDir('startup');
let runCounter = 0;

interface Run {
  ms: number;
  stopMs: number;
  /** Cores other processes kept busy during the run (noise). */
  otherCores: number;
}

/**
 * Starts `kind` on a data dir and a fresh port, times it to the first 200 of /api/health, then
 * SIGTERMs the server and waits for the whole process group to exit. `dataDir` is a path (the existing dir) or makes a fresh one per try
 * (empty dirs). A run during which other processes kept more than `noiseLimit` cores busy is
 * repeated (at most `maxAttempts` in all) and the quietest kept; one in which `npm start` had to
 * rebuild first (someone edited src/) does not count at all.
 */
async function timedStart(kind: Kind, dataDir: string | (() => string), env: Record<string, string> = {}) {
  let best: Run | undefined;
  let attempts = 0;
  for (let rebuilds = 0; attempts < maxAttempts;) {
    const dir = typeof dataDir === 'string' ? dataDir : dataDir();
    const port = await freePort();
    const logFile = path.join(work, `run-${++runCounter}.log`);
    const [command, args] = commands[kind];
    const childEnv = serverEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, ...env });
    const others = otherLoad();
    const started = performance.now();
    const spawned = spawnLogged(command, args, childEnv, logFile);
    const answered = await waitFor200(`http://127.0.0.1:${port}/api/health`, spawned);
    const stopMs = await stopGroup(spawned);
    // Everything the run started has exited and been waited for, so it counts as ours.
    const otherCores = others();
    if (fs.existsSync(path.join(dir, 'shuping.lock')))
      throw new Error(`data dir lock left behind after SIGTERM (${logFile})`);
    if (fs.readFileSync(logFile, 'utf8').includes('正在构建')) {
      if (++rebuilds >= 3)
        throw new Error('the checkout keeps rebuilding at start; is someone editing src/?');
      log(`  (${kind} rebuilt the checkout first; run discarded and repeated)`);
      continue;
    }
    attempts++;
    const run = { ms: answered - started, stopMs, otherCores };
    if (!best || run.otherCores < best.otherCores) best = run;
    if (run.otherCores <= noiseLimit) break;
    log(`  (${kind}: other processes used ${otherCores} cores meanwhile; repeating)`);
  }
  return { ...best!, attempts };
}

/**
 * What a service manager that signals only its main process gets: SIGTERM to npm alone. Reports
 * whether the server it started still answers afterwards; the group is stopped after either way.
 */
async function sigtermNpmOnly(dataDir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/health`;
  const spawned = spawnLogged(
    'npm',
    ['start'],
    serverEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir }),
    path.join(work, 'npm-only.log'),
  );
  try {
    await waitFor200(url, spawned);
    const signalled = performance.now();
    process.kill(spawned.child.pid!, 'SIGTERM');
    await spawned.exited;
    const npmExitMs = round(performance.now() - signalled);
    await sleep(500);
    return { npmExitMs, serverStillAnswering: (await getStatus(url)) === 200 };
  } finally {
    await stopGroup(spawned);
  }
}

/** One run of bench/lib/startup-phases.mjs; repeated like timedStart() when the machine was busy. */
async function phasesOnce(
  dataDir: string | (() => string),
  env: Record<string, string>,
): Promise<Record<string, number>> {
  let best: Record<string, number> | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const out = path.join(work, `phases-${++runCounter}.json`);
    const port = String(await freePort());
    const dir = typeof dataDir === 'string' ? dataDir : dataDir();
    const others = otherLoad();
    const result = spawnSync(process.execPath, ['bench/lib/startup-phases.mjs'], {
      cwd: root,
      env: serverEnv({ PORT: port, HOST: '127.0.0.1', DATA_DIR: dir, PHASES_OUT: out, ...env }),
      encoding: 'utf8',
    });
    const otherCores = others();
    if (result.status !== 0) throw new Error(`startup-phases failed:\n${result.stdout}\n${result.stderr}`);
    const run = { ...(JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, number>), otherCores };
    if (!best || otherCores < best.otherCores!) best = run;
    if (otherCores <= noiseLimit) break;
  }
  return best!;
}

function medianPhases(runs: Record<string, number>[]): Record<string, number> {
  const names = Object.keys(runs[0]!);
  return Object.fromEntries(names.map((name) => [name, round(summarize(runs.map((r) => r[name]!)).median)]));
}

function describe(values: number[]) {
  const s = roundSummary(summarize(values));
  return `min ${s.min} ms · median ${s.median} ms · max ${s.max} ms (n=${s.n})`;
}

async function main() {
  const machine = machineInfo();
  const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  log(
    `startup benchmark${quick ? ' (--quick)' : ''} · ${machine.cpuModel} × ${machine.cores} · node ${machine.node} · npm ${npmVersion}`,
  );
  buildFirst();
  const idle = await idleBusy();
  log(
    `other processes kept ${idle} cores busy while this waited 2 s${idle > noiseLimit ? ' — other work is running' : ''}`,
  );

  // The existing data dir: made by one start, then started once more so every measured run finds
  // the files (node_modules, PGlite's WASM, the data dir) in the page cache alike.
  const existingDir = path.join(work, 'existing');
  log('preparing the existing data dir (a first start and a warm-up start, not counted)…');
  await timedStart('node bin/shuping.mjs start', existingDir, { SHUPING_ADMIN_PASSWORD: adminPassword });
  await timedStart('node bin/shuping.mjs start', existingDir);

  const existing: Record<Kind, number[]> = { 'npm start': [], 'node bin/shuping.mjs start': [] };
  const stops: Record<Kind, number[]> = { 'npm start': [], 'node bin/shuping.mjs start': [] };
  const otherCores: number[] = [];
  let repeated = 0;
  for (let i = 0; i < runsExisting; i++) {
    // Alternate which command goes first, so a drift in the machine's load hits both alike.
    for (const kind of i % 2 ? [...kinds].reverse() : kinds) {
      const run = await timedStart(kind, existingDir);
      existing[kind].push(run.ms);
      stops[kind].push(run.stopMs);
      otherCores.push(run.otherCores);
      if (run.attempts > 1) repeated++;
      log(
        `  existing dir · ${kind.padEnd(26)} ${run.ms.toFixed(0).padStart(5)} ms to first 200 (stop ${run.stopMs.toFixed(0)} ms; others ${run.otherCores} cores)`,
      );
    }
  }

  const empty: Record<Kind, number[]> = { 'npm start': [], 'node bin/shuping.mjs start': [] };
  for (let i = 0; i < runsEmpty; i++) {
    for (const kind of i % 2 ? [...kinds].reverse() : kinds) {
      const fresh = () => fs.mkdtempSync(path.join(work, 'empty-'));
      const run = await timedStart(kind, fresh, { SHUPING_ADMIN_PASSWORD: adminPassword });
      empty[kind].push(run.ms);
      stops[kind].push(run.stopMs);
      otherCores.push(run.otherCores);
      if (run.attempts > 1) repeated++;
      log(
        `  empty dir    · ${kind.padEnd(26)} ${run.ms.toFixed(0).padStart(5)} ms to first 200 (stop ${run.stopMs.toFixed(0)} ms; others ${run.otherCores} cores)`,
      );
    }
  }

  log('SIGTERM to the npm process alone (as docker stop or systemd KillMode=process send it)…');
  const npmOnly = await sigtermNpmOnly(existingDir);
  log(
    `  npm exited ${npmOnly.npmExitMs} ms after SIGTERM; the server ${npmOnly.serverStillAnswering ? 'KEPT RUNNING (still answered /api/health)' : 'stopped too'}`,
  );

  log('timing the phases of a start (bench/lib/startup-phases.mjs)…');
  const existingPhaseRuns: Record<string, number>[] = [];
  const emptyPhaseRuns: Record<string, number>[] = [];
  for (let i = 0; i < phaseRuns; i++) {
    existingPhaseRuns.push(await phasesOnce(existingDir, {}));
    const fresh = () => fs.mkdtempSync(path.join(work, 'phases-empty-'));
    emptyPhaseRuns.push(await phasesOnce(fresh, { SHUPING_ADMIN_PASSWORD: adminPassword }));
  }
  const phasesExisting = medianPhases(existingPhaseRuns);
  const phasesEmpty = medianPhases(emptyPhaseRuns);

  const summaries = (runs: Record<Kind, number[]>) =>
    Object.fromEntries(kinds.map((kind) => [kind, roundSummary(summarize(runs[kind]))]));
  const existingSummary = summaries(existing) as Record<Kind, ReturnType<typeof roundSummary>>;
  const npmOverhead =
    summarize(existing['npm start']).median - summarize(existing['node bin/shuping.mjs start']).median;

  log('');
  log('existing data dir (target ≤ 3000 ms):');
  for (const kind of kinds) log(`  ${kind.padEnd(26)} ${describe(existing[kind])}`);
  log('empty data dir (first start: migrations + first admin):');
  for (const kind of kinds) log(`  ${kind.padEnd(26)} ${describe(empty[kind])}`);
  log(`npm's own overhead (median difference, existing dir): ${npmOverhead.toFixed(0)} ms`);
  const noise = roundSummary(summarize(otherCores), 2);
  log(`cores kept busy by other processes during the runs: median ${noise.median}, max ${noise.max}`);
  for (const kind of kinds)
    log(`SIGTERM to the server until its process group is gone, ${kind}: ${describe(stops[kind])}`);
  log(`phases, existing dir (median of ${phaseRuns}, ms): ${JSON.stringify(phasesExisting)}`);
  log(`phases, empty dir (median of ${phaseRuns}, ms): ${JSON.stringify(phasesEmpty)}`);
  const met = existingSummary['npm start'].median <= targetMs;
  log(`target: npm start on an existing data dir ≤ ${targetMs} ms (median) — ${met ? 'met' : 'NOT met'}`);

  fs.rmSync(work, { recursive: true, force: true });
  printResult({
    benchmark: 'startup',
    quick,
    machine: { ...machine, npm: npmVersion, otherCoresAtStart: idle },
    unit: 'ms from spawn to first 200 of GET /api/health',
    existingDataDir: existingSummary,
    emptyDataDir: summaries(empty),
    npmOverheadMs: round(npmOverhead),
    stopAfterSigtermMs: summaries(stops),
    sigtermToNpmOnly: npmOnly,
    otherCoresDuringRuns: roundSummary(summarize(otherCores), 2),
    runsRepeatedForNoise: repeated,
    phasesMs: { existingDataDir: phasesExisting, emptyDataDir: phasesEmpty },
    target: {
      description: 'npm start on an existing data dir, median ≤ 3000 ms',
      targetMs,
      measuredMedianMs: existingSummary['npm start'].median,
      met,
      maxWithinTarget: existingSummary['npm start'].max <= targetMs,
    },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
