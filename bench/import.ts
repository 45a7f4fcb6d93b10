// import: 100,000 member rows from xlsx through POST /api/imports/members, against ExcelJS's streaming read alone.
//
// The file is generated once (ExcelJS streaming writer, names from the demo generator). The baseline
// (bench/lib/import-read.ts) and every app server (`node bin/shuping.mjs start`, on PGlite and on
// PostgreSQL) are processes of their own; the server's peak RSS is its VmHWM from /proc.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { personName } from '../src/db/demo/names.js';
import { rngFor } from '../src/db/demo/prng.js';
import { educationLabels, educationLevels } from '../src/domain/member-base.js';
import { memberColumns } from '../src/domain/member-import.js';
import { freePort } from '../test/helpers/postgres-server.js';
import {
  buildFirst,
  idleBusy,
  log,
  machineInfo,
  printResult,
  quick,
  round,
  serverEnv,
  spawnLogged,
  stopGroup,
  tempDir,
  waitFor200,
  runBenchmark,
  type Cleanup,
  serverStartArgs,
} from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

const rowCount = quick ? 5_000 : 100_000;
const branchCount = 40;
const targets = { wallSeconds: 30, peakRssMiB: 600 };
const work = tempDir('import');
const cleanups: Cleanup[] = [];
const county = '基准县委';
const town = '基准镇党委';
const branchName = (i: number) => `第${i + 1}村党支部`;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoPlusDays = (iso: string, days: number) =>
  new Date(day(iso).getTime() + days * 86_400_000).toISOString().slice(0, 10);

function idCardOf(birth: string, seq: number): string {
  const body = `510104${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/** Writes `rowCount` valid members in the template's columns, streaming to disk. */
async function generateFile(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: true,
  });
  const sheet = writer.addWorksheet('党员信息');
  sheet.columns = memberColumns.map((c) => ({
    header: c.header,
    key: c.key,
    style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const recent = isoPlusDays(new Date().toISOString().slice(0, 10), -120);
  for (let i = 0; i < rowCount; i++) {
    const rng = rngFor(20_261_124, i, 1);
    const female = rng.chance(0.3);
    // Unique ID numbers: 20,000 birth dates × sequence numbers.
    const birth = isoPlusDays('1940-01-01', i % 20_000);
    const kind = rng.int(1, 10);
    const stage =
      kind <= 8
        ? {
            stage: '正式党员',
            probationaryOn: day(isoPlusDays(birth, 365 * 25)),
            fullOn: day(isoPlusDays(birth, 365 * 25 + 400)),
          }
        : kind === 9
          ? { stage: '预备党员', probationaryOn: day(recent) }
          : {
              stage: '入党积极分子',
              appliedOn: day(isoPlusDays(birth, 365 * 20)),
              activistOn: day(isoPlusDays(birth, 365 * 21)),
            };
    sheet
      .addRow({
        orgRef: `${county}/${town}/${branchName(i % branchCount)}`,
        name: personName(rng, female),
        gender: female ? '女' : '男',
        ethnicity: '汉族',
        birthDate: day(birth),
        education: educationLabels[rng.pick(educationLevels)],
        // The sequence's last digit carries the gender (odd: male), as GB 11643 has it.
        idCard: idCardOf(birth, Math.floor(i / 20_000) * 2 + (female ? 0 : 1)),
        phone: `138${String(10_000_000 + i).slice(-8)}`,
        occupation: rng.pick(['农民', '工人', '教师', '个体经营者', '退休人员']),
        ...stage,
      })
      .commit();
  }
  sheet.commit();
  await writer.commit();
}

interface Measured {
  wallMs: number;
  peakRssMiB: number;
}

function runBaseline(file: string): Measured & { rows: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/lib/import-read.ts', file], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`baseline failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

/** Resident set size of a process now (VmRSS) or its peak since start or the last reset (VmHWM). */
function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024);
}

/** Resets the kernel's peak RSS mark, so the next VmHWM is the peak of what follows. */
const resetPeak = (pid: number) => fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');

class Client {
  private cookie = '';
  private csrf = '';
  constructor(readonly base: string) {}

  async call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body === undefined
          ? {}
          : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: raw ? (body as Buffer) : JSON.stringify(body) }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('shuping_session='));
    if (cookie) this.cookie = cookie.split(';')[0]!;
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
    if (json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return json!;
  }
}

async function startServer(label: string, dbEnv: Record<string, string>) {
  const port = await freePort();
  const spawned = spawnLogged(
    process.execPath,
    serverStartArgs,
    serverEnv({
      ...dbEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SHUPING_ADMIN_PASSWORD: initialPassword,
    }),
    path.join(work, `${label}.log`),
  );
  const stop = () => stopGroup(spawned);
  cleanups.push(stop);
  const client = new Client(`http://127.0.0.1:${port}`);
  await waitFor200(`${client.base}/api/health`, spawned);
  return { spawned, client, stop };
}

const initialPassword = 'Bench-Initial-2026!';
const password = 'Bench-Import-2026!';

/**
 * The tree the rows go into, made on a first run of the server, which is then restarted: an import
 * happens on a running system's existing data dir, not right after a PGlite cluster was created (that
 * first start leaves ~250 MiB more resident in the process).
 */
async function prepare(label: string, dbEnv: Record<string, string>) {
  const { client, stop } = await startServer(`${label}-setup`, dbEnv);
  await client.call('POST', '/api/auth/login', { username: 'admin', password: initialPassword });
  await client.call('POST', '/api/auth/password', {
    currentPassword: initialPassword,
    newPassword: password,
  });
  const root = await client.call('POST', '/api/orgs', { parentId: null, name: county, level: 'county' });
  const townOrg = await client.call('POST', '/api/orgs', {
    parentId: root.id,
    name: town,
    level: 'committee',
  });
  for (let i = 0; i < branchCount; i++)
    await client.call('POST', '/api/orgs', {
      parentId: townOrg.id,
      name: branchName(i),
      level: 'branch',
      domain: 'village',
    });
  await stop();
  return root.id as number;
}

async function benchDriver(label: string, dbEnv: Record<string, string>, file: Buffer) {
  const rootId = await prepare(label, dbEnv);
  const { spawned, client, stop } = await startServer(label, dbEnv);
  await client.call('POST', '/api/auth/login', { username: 'admin', password });
  const pid = spawned.child.pid!;
  const startupPeak = rssMiB(pid, 'VmHWM');
  const rssBefore = rssMiB(pid, 'VmRSS');
  resetPeak(pid);

  // The upload answers 202 with a job; polls then time how long the job's progress takes to answer
  // while its transaction is open, and when each phase was first seen.
  const phases: Record<string, number> = {};
  const pollMs: number[] = [];
  const distinctDone = new Set<number>();
  const started = performance.now();
  const { jobId } = await client.call('POST', '/api/imports/members', file);
  let job: { state: string; progress: { phase: string | null; done: number }; result: { imported: number } };
  for (;;) {
    const asked = performance.now();
    job = (await client.call('GET', `/api/jobs/${String(jobId)}`)) as typeof job;
    pollMs.push(performance.now() - asked);
    if (job.state !== 'running') break;
    distinctDone.add(job.progress.done);
    const phase = String(job.progress.phase);
    if (!(phase in phases)) phases[phase] = Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 250));
  }
  const wallMs = Math.round(performance.now() - started);
  if (job.state !== 'succeeded') throw new Error(`the import job ended ${job.state}: ${JSON.stringify(job)}`);
  const result = job.result;
  pollMs.sort((a, b) => a - b);
  const polls = {
    count: pollMs.length,
    distinctDone: distinctDone.size,
    medianMs: round(pollMs[Math.floor(pollMs.length / 2)]!, 1),
    maxMs: round(pollMs[pollMs.length - 1]!, 1),
  };
  const peak = rssMiB(pid, 'VmHWM');
  if (result.imported !== rowCount) throw new Error(`imported ${String(result.imported)} of ${rowCount}`);
  const listed = await client.call('GET', `/api/members?orgId=${String(rootId)}&pageSize=1`);
  const audited = await client.call('GET', '/api/audit?entityType=member&pageSize=1');
  if (listed.total !== rowCount) throw new Error(`the API lists ${String(listed.total)} members`);
  log(
    `  ${label.padEnd(8)} ${(wallMs / 1000).toFixed(1)} s, server peak RSS during the import ${peak} MiB (RSS ${rssBefore} MiB before it; start-up peak ${startupPeak} MiB); phases first seen at ${JSON.stringify(phases)} ms; progress polls ${JSON.stringify(polls)}; audit entries ${String(audited.total)}`,
  );
  await stop();
  return {
    wallMs,
    peakRssMiB: peak,
    rssBeforeMiB: rssBefore,
    phasesSeenAtMs: phases,
    polls,
    auditTotal: audited.total,
  };
}

async function main() {
  const machine = machineInfo();
  log(
    `import benchmark${quick ? ' (--quick)' : ''} · ${machine.cpuModel} × ${machine.cores} · node ${machine.node}`,
  );
  buildFirst();
  const idle = await idleBusy();
  log(`other processes kept ${idle} cores busy while this waited 2 s`);

  const filePath = path.join(work, 'members.xlsx');
  let t = performance.now();
  await generateFile(filePath);
  const file = fs.readFileSync(filePath);
  log(
    `generated ${rowCount} rows: ${(file.length / 1024 / 1024).toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  t = performance.now();
  const baseline = runBaseline(filePath);
  log(
    `baseline (ExcelJS streaming read alone): ${(baseline.wallMs / 1000).toFixed(1)} s, peak RSS ${baseline.peakRssMiB} MiB, ${baseline.rows} rows`,
  );

  const pglite = await benchDriver('pglite', { DATA_DIR: path.join(work, 'data') }, file);
  log('PostgreSQL: starting…');
  const postgres = await benchPostgres();
  cleanups.push(() => postgres.stop());
  const pg = await benchDriver('postgres', { DATABASE_URL: postgres.url }, file);
  await postgres.stop();

  const ratio = (m: Measured) => round(m.wallMs / baseline.wallMs, 2);
  const met = (m: Measured) => m.wallMs <= targets.wallSeconds * 1000 && m.peakRssMiB <= targets.peakRssMiB;
  log('');
  for (const [name, m] of [
    ['pglite', pglite],
    ['postgres', pg],
  ] as const)
    log(
      `  ${name.padEnd(8)} ${(m.wallMs / 1000).toFixed(1)} s = ${ratio(m)}× the baseline, peak RSS ${m.peakRssMiB} MiB — target ≤ ${targets.wallSeconds} s and ≤ ${targets.peakRssMiB} MiB ${met(m) ? 'met' : 'NOT met'}`,
    );

  printResult({
    benchmark: 'import',
    quick,
    machine: { ...machine, otherCoresAtStart: idle },
    rows: rowCount,
    fileMiB: round(file.length / 1024 / 1024, 1),
    postgres: { version: postgres.serverVersion, source: postgres.source },
    baseline,
    pglite: { ...pglite, ratioToBaseline: ratio(pglite), met: met(pglite) },
    postgresql: { ...pg, ratioToBaseline: ratio(pg), met: met(pg) },
    targets,
  });
}

runBenchmark(work, cleanups, main);
