// Writes a generated county into an empty database, fast: every batch is one INSERT … SELECT FROM
// unnest() with one array parameter per column (so a batch of thousands of rows costs a handful of
// parameters, on PGlite and PostgreSQL alike), all in one transaction; identity sequences are moved
// past the loaded ids afterwards, and the tables analyzed so the planner knows their size.
// The default county also gets its year of work: this year's open cycles and the branches' ledger.

import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { queryRows } from '../query-rows.js';
import { demoCycles, type DemoCycle, type DemoReporter, type DemoScheme } from './cycles.js';
import { demoEnteredOn, demoLedgerYear, type DemoLedgerRecord } from './ledger.js';
import {
  generateMembers,
  type DemoContactPoint,
  type DemoEntity,
  type DemoMember,
  type DemoMemberBundle,
  type DemoMobileRecord,
  type DemoOrg,
  type DemoPairing,
  type DemoPlan,
  type DemoRectification,
  type DemoTransfer,
} from './generate.js';

type PgType = 'int' | 'text' | 'date' | 'bool' | 'ltree' | 'numeric' | 'jsonb';
type Column<T> = readonly [name: string, type: PgType, value: (row: T) => string | number | boolean | null];

/** A PostgreSQL array literal ('{1,"a b",NULL}') of the values. */
function arrayLiteral(values: (string | number | boolean | null)[]): string {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    if (typeof v === 'boolean') return v ? 't' : 'f';
    if (typeof v === 'number') return String(v);
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

async function insertRows<T>(db: Db, table: string, columns: readonly Column<T>[], rows: readonly T[]) {
  if (rows.length === 0) return;
  const names = sql.join(
    columns.map(([name]) => sql.identifier(name)),
    sql`, `,
  );
  const arrays = sql.join(
    columns.map(([, type, value]) => sql`${arrayLiteral(rows.map(value))}::${sql.raw(type)}[]`),
    sql`, `,
  );
  await db.execute(sql`insert into ${sql.identifier(table)} (${names}) select * from unnest(${arrays})`);
}

const orgColumns: readonly Column<DemoOrg>[] = [
  ['id', 'int', (o) => o.id],
  ['parent_id', 'int', (o) => o.parentId],
  ['path', 'ltree', (o) => o.path],
  ['name', 'text', (o) => o.name],
  ['level', 'text', (o) => o.level],
  ['domain', 'text', (o) => o.domain],
  ['sort_order', 'int', (o) => o.sortOrder],
  ['secretary_name', 'text', (o) => o.secretaryName],
  ['deputy_secretary_name', 'text', (o) => o.deputySecretaryName],
  ['founded_on', 'date', (o) => o.foundedOn],
  ['dissolved_on', 'date', (o) => o.dissolvedOn],
  ['term_started_on', 'date', (o) => o.termStartedOn],
  ['term_ends_on', 'date', (o) => o.termEndsOn],
  ['classification', 'text', (o) => o.classification],
  ['has_service_center', 'bool', (o) => o.hasServiceCenter],
  ['has_remote_education_site', 'bool', (o) => o.hasRemoteEducationSite],
];

const memberColumns: readonly Column<DemoMember>[] = [
  ['id', 'int', (m) => m.id],
  ['org_id', 'int', (m) => m.orgId],
  ['org_path', 'ltree', (m) => m.orgPath],
  ['name', 'text', (m) => m.name],
  ['gender', 'text', (m) => m.gender],
  ['ethnicity', 'text', (m) => m.ethnicity],
  ['birth_date', 'date', (m) => m.birthDate],
  ['education', 'text', (m) => m.education],
  ['id_card', 'text', (m) => m.idCard],
  ['phone', 'text', (m) => m.phone],
  ['occupation', 'text', (m) => m.occupation],
  ['stage', 'text', (m) => m.stage],
  ['applied_on', 'date', (m) => m.appliedOn],
  ['activist_on', 'date', (m) => m.activistOn],
  ['candidate_on', 'date', (m) => m.candidateOn],
  ['probationary_on', 'date', (m) => m.probationaryOn],
  ['full_on', 'date', (m) => m.fullOn],
  ['branch_role', 'text', (m) => m.branchRole],
  ['village_committee_role', 'text', (m) => m.villageCommitteeRole],
  ['is_town_leader', 'bool', (m) => m.isTownLeader],
  ['is_college_grad_official', 'bool', (m) => m.isCollegeGradOfficial],
  ['is_resident_cadre', 'bool', (m) => m.isResidentCadre],
  ['is_first_secretary', 'bool', (m) => m.isFirstSecretary],
  ['left_on', 'date', (m) => m.leftOn],
  ['left_reason', 'text', (m) => m.leftReason],
];

const transferColumns: readonly Column<DemoTransfer>[] = [
  ['id', 'int', (t) => t.id],
  ['member_id', 'int', (t) => t.memberId],
  ['from_org_id', 'int', (t) => t.fromOrgId],
  ['to_org_id', 'int', (t) => t.toOrgId],
  ['transferred_on', 'date', (t) => t.transferredOn],
  ['note', 'text', (t) => t.note],
];

const mobileColumns: readonly Column<DemoMobileRecord>[] = [
  ['id', 'int', (r) => r.id],
  ['member_id', 'int', (r) => r.memberId],
  ['direction', 'text', (r) => r.direction],
  ['place', 'text', (r) => r.place],
  ['certificate_no', 'text', (r) => r.certificateNo],
  ['host_org_name', 'text', (r) => r.hostOrgName],
  ['contact_name', 'text', (r) => r.contactName],
  ['started_on', 'date', (r) => r.startedOn],
  ['ended_on', 'date', (r) => r.endedOn],
];

const entityColumns: readonly Column<DemoEntity>[] = [
  ['id', 'int', (e) => e.id],
  ['org_id', 'int', (e) => e.orgId],
  ['name', 'text', (e) => e.name],
  ['kind', 'text', (e) => e.kind],
  ['employees', 'int', (e) => e.employees],
  ['party_members', 'int', (e) => e.partyMembers],
  ['should_establish', 'bool', (e) => e.shouldEstablish],
  ['own_org_id', 'int', (e) => e.ownOrgId],
  ['covered_by_org_id', 'int', (e) => e.coveredByOrgId],
  ['has_instructor', 'bool', (e) => e.hasInstructor],
];

const rectificationColumns: readonly Column<DemoRectification>[] = [
  ['id', 'int', (r) => r.id],
  ['org_id', 'int', (r) => r.orgId],
  ['flagged_on', 'date', (r) => r.flaggedOn],
  ['reasons', 'text', (r) => r.reasons],
  ['measures', 'text', (r) => r.measures],
  ['transformed_on', 'date', (r) => r.transformedOn],
];

const contactPointColumns: readonly Column<DemoContactPoint>[] = [
  ['id', 'int', (c) => c.id],
  ['org_id', 'int', (c) => c.orgId],
  ['leader_name', 'text', (c) => c.leaderName],
  ['leader_title', 'text', (c) => c.leaderTitle],
  ['started_on', 'date', (c) => c.startedOn],
];

const pairingColumns: readonly Column<DemoPairing>[] = [
  ['id', 'int', (p) => p.id],
  ['org_id', 'int', (p) => p.orgId],
  ['partner_org_id', 'int', (p) => p.partnerOrgId],
  ['partner_name', 'text', (p) => p.partnerName],
  ['content', 'text', (p) => p.content],
  ['started_on', 'date', (p) => p.startedOn],
];

const cycleColumns: readonly Column<DemoCycle>[] = [
  ['id', 'int', (c) => c.id],
  ['org_id', 'int', (c) => c.orgId],
  ['name', 'text', (c) => c.name],
  ['kind', 'text', () => 'annual'],
  ['year', 'int', (c) => c.year],
  ['starts_on', 'date', (c) => c.startsOn],
  ['ends_on', 'date', (c) => c.endsOn],
  ['status', 'text', () => 'open'],
  ['reporting_rule', 'jsonb', (c) => JSON.stringify(c.reportingRule)],
];

const reporterColumns: readonly Column<DemoReporter>[] = [
  ['cycle_id', 'int', (r) => r.cycleId],
  ['org_id', 'int', (r) => r.orgId],
  ['audience', 'text', (r) => r.audience],
];

const schemeColumns: readonly Column<DemoScheme>[] = [
  ['id', 'int', (s) => s.id],
  ['cycle_id', 'int', (s) => s.cycleId],
  ['audience', 'text', (s) => s.audience],
  ['version', 'int', () => 1],
  ['body', 'jsonb', (s) => JSON.stringify(s.body)],
];

type LedgerRow = DemoLedgerRecord & { id: number; enteredOn: string };
type AttendanceRow = DemoLedgerRecord['attendance'][number] & {
  id: number;
  recordId: number;
  heldOn: string;
};

const ledgerColumns: readonly Column<LedgerRow>[] = [
  ['id', 'int', (r) => r.id],
  ['held_on', 'date', (r) => r.heldOn],
  ['org_id', 'int', (r) => r.orgId],
  ['kind', 'text', (r) => r.kind],
  ['topic', 'text', (r) => r.topic],
  ['host_member_id', 'int', (r) => r.hostMemberId],
  ['host_name', 'text', (r) => r.hostName],
  ['hours', 'numeric', (r) => r.hours],
  ['entered_on', 'date', (r) => r.enteredOn],
];

const attendanceColumns: readonly Column<AttendanceRow>[] = [
  ['id', 'int', (a) => a.id],
  ['record_id', 'int', (a) => a.recordId],
  ['held_on', 'date', (a) => a.heldOn],
  ['member_id', 'int', (a) => a.memberId],
  ['present', 'bool', (a) => a.present],
  ['absence_reason', 'text', (a) => a.absenceReason],
];

const loadedTables = [
  'orgs',
  'members',
  'member_transfers',
  'mobile_records',
  'non_public_entities',
  'weak_org_rectifications',
  'contact_points',
  'pairings',
] as const;
/** The year of work's tables with an identity column (cycle_reporters has none). */
const workTables = ['cycles', 'schemes', 'ledger_records', 'ledger_attendance'] as const;

/** Rows of every table the demo fills, ids included. */
export interface DemoDataset {
  orgs: readonly DemoOrg[];
  members: readonly DemoMember[];
  transfers: readonly DemoTransfer[];
  mobileRecords: readonly DemoMobileRecord[];
  nonPublicEntities: readonly DemoEntity[];
  weakRectifications: readonly DemoRectification[];
  contactPoints?: readonly DemoContactPoint[];
  pairings?: readonly DemoPairing[];
}

/** Inserts a dataset held in memory as it is (in the caller's transaction, if any); for tests and small loads. */
export async function writeDataset(db: Db, data: DemoDataset, batchSize = 5000): Promise<void> {
  const write = async <T>(table: string, columns: readonly Column<T>[], rows: readonly T[]) => {
    for (let i = 0; i < rows.length; i += batchSize)
      await insertRows(db, table, columns, rows.slice(i, i + batchSize));
  };
  await write('orgs', orgColumns, data.orgs);
  await write('non_public_entities', entityColumns, data.nonPublicEntities);
  await write('weak_org_rectifications', rectificationColumns, data.weakRectifications);
  await write('contact_points', contactPointColumns, data.contactPoints ?? []);
  await write('pairings', pairingColumns, data.pairings ?? []);
  await write('members', memberColumns, data.members);
  await write('member_transfers', transferColumns, data.transfers);
  await write('mobile_records', mobileColumns, data.mobileRecords);
}

export interface LoadProgress {
  /** What is being written: 组织, 党员 … */
  stage: string;
  done: number;
  total: number;
}

export interface LoadOptions {
  /** Rows per INSERT (default 5,000). */
  batchSize?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Runs inside the load's transaction once the target is known empty (checks, the audit entry). */
  inTransaction?: (tx: Db) => Promise<void>;
  /**
   * Also this year's open cycles and a year of the branches' ledger, up to the plan's day (the
   * default county; a benchmark-sized one would get tens of millions of attendance rows).
   */
  yearOfWork?: boolean;
}

export interface LoadResult {
  orgs: number;
  members: number;
  transfers: number;
  mobileRecords: number;
  nonPublicEntities: number;
  weakRectifications: number;
  contactPoints: number;
  pairings: number;
  cycles: number;
  ledgerRecords: number;
}

export class DemoTargetNotEmptyError extends Error {
  constructor() {
    super('数据库中已有组织数据，演示数据只能载入空数据库（请换一个新的 DATA_DIR 或空的 PostgreSQL 数据库）');
    this.name = 'DemoTargetNotEmptyError';
  }
}

/**
 * Loads the plan (orgs, small tables, the members it generates and, if asked, its year of work)
 * into an empty database.
 */
export async function loadDemo(db: Db, plan: DemoPlan, options: LoadOptions = {}): Promise<LoadResult> {
  const batchSize = options.batchSize ?? 5000;
  const report = options.onProgress ?? (() => {});
  const result: LoadResult = {
    orgs: plan.orgs.length,
    members: 0,
    transfers: 0,
    mobileRecords: 0,
    nonPublicEntities: plan.nonPublicEntities.length,
    weakRectifications: plan.weakRectifications.length,
    contactPoints: plan.contactPoints.length,
    pairings: plan.pairings.length,
    cycles: 0,
    ledgerRecords: 0,
  };
  const year = Number(plan.today.slice(0, 4));
  const work = options.yearOfWork ? workingBranches(plan, year) : null;

  await db.transaction(async (tx) => {
    // Refuse a database that already holds a tree; the lock keeps two loaders from racing.
    await tx.execute(sql`lock table orgs in exclusive mode`);
    const [existing] = await queryRows<{ any: boolean }>(tx, sql`select exists (select 1 from orgs) as any`);
    if (existing?.any) throw new DemoTargetNotEmptyError();
    await options.inTransaction?.(tx);

    for (let i = 0; i < plan.orgs.length; i += batchSize) {
      await insertRows(tx, 'orgs', orgColumns, plan.orgs.slice(i, i + batchSize));
      report({ stage: '组织', done: Math.min(i + batchSize, plan.orgs.length), total: plan.orgs.length });
    }
    await insertRows(tx, 'non_public_entities', entityColumns, plan.nonPublicEntities);
    await insertRows(tx, 'weak_org_rectifications', rectificationColumns, plan.weakRectifications);
    await insertRows(tx, 'contact_points', contactPointColumns, plan.contactPoints);
    await insertRows(tx, 'pairings', pairingColumns, plan.pairings);

    // While one batch is being written, the next is generated: with PostgreSQL the two overlap.
    let members: DemoMember[] = [];
    let transfers: DemoTransfer[] = [];
    let mobile: DemoMobileRecord[] = [];
    let inFlight: Promise<void> | null = null;
    const flush = async () => {
      if (inFlight) await inFlight;
      const batch = { members, transfers, mobile };
      members = [];
      transfers = [];
      mobile = [];
      inFlight = (async () => {
        await insertRows(tx, 'members', memberColumns, batch.members);
        await insertRows(tx, 'member_transfers', transferColumns, batch.transfers);
        await insertRows(tx, 'mobile_records', mobileColumns, batch.mobile);
        result.members += batch.members.length;
        result.transfers += batch.transfers.length;
        result.mobileRecords += batch.mobile.length;
        report({ stage: '党员', done: result.members, total: plan.totalMembers });
      })();
      // A failure surfaces where the batch is awaited; until then it must not count as unhandled.
      inFlight.catch(() => {});
    };
    for (const bundle of generateMembers(plan)) {
      work?.take(bundle);
      members.push(bundle.member);
      for (const t of bundle.transfers) transfers.push(t);
      for (const r of bundle.mobileRecords) mobile.push(r);
      if (members.length >= batchSize) await flush();
    }
    if (members.length > 0) await flush();
    if (inFlight) await inFlight;

    if (work) {
      report({ stage: '考核周期与工作台账', done: 0, total: 1 });
      const written = await writeYearOfWork(tx, plan, year, work.branches(), batchSize);
      result.cycles = written.cycles;
      result.ledgerRecords = written.ledgerRecords;
      report({ stage: '考核周期与工作台账', done: 1, total: 1 });
    }

    for (const table of [...loadedTables, ...(work ? workTables : [])]) {
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.identifier(table)}), 0) + 1, false)`,
      );
    }
  });

  report({ stage: '统计信息', done: 0, total: 1 });
  // Outside the transaction: VACUUM sets the visibility map and hint bits once, instead of the
  // first queries doing it; ANALYZE gives the planner the new sizes.
  const analyzed = [...loadedTables, ...(work ? [...workTables, 'cycle_reporters'] : [])];
  for (const table of analyzed) await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
  report({ stage: '统计信息', done: 1, total: 1 });
  return result;
}

/**
 * The branches whose ledger the demo fills, each with the party members it had all through `year`
 * (a party member before it began, not left, not transferred during it), gathered as the members
 * are generated so that the attendance lists only people the ledger would accept.
 */
function workingBranches(plan: DemoPlan, year: number) {
  const yearStart = `${year}-01-01`;
  const byBranch = new Map(
    plan.orgs
      .filter((o) => o.level === 'branch' && (o.dissolvedOn === null || o.dissolvedOn > plan.today))
      .map((o) => [o.id, [] as { id: number; name: string }[]]),
  );
  return {
    take({ member, transfers }: DemoMemberBundle) {
      const list = byBranch.get(member.orgId);
      const admittedOn = member.probationaryOn ?? member.fullOn;
      const throughYear =
        member.leftOn === null &&
        admittedOn !== null &&
        admittedOn < yearStart &&
        transfers.every((t) => t.transferredOn < yearStart);
      if (list && throughYear) list.push({ id: member.id, name: member.name });
    },
    branches: () => [...byBranch].map(([id, members]) => ({ id, members })),
  };
}

/** Writes the cycles of `year` and the towns' and branches' ledger records of it, with their attendance. */
async function writeYearOfWork(
  tx: Db,
  plan: DemoPlan,
  year: number,
  branches: { id: number; members: { id: number; name: string }[] }[],
  batchSize: number,
) {
  const { cycles, reporters, schemes } = demoCycles(plan.orgs, year, plan.today);
  await insertRows(tx, 'cycles', cycleColumns, cycles);
  await insertRows(tx, 'cycle_reporters', reporterColumns, reporters);
  await insertRows(tx, 'schemes', schemeColumns, schemes);
  const towns = plan.orgs
    .filter((o) => o.level === 'committee' && (o.dissolvedOn === null || o.dissolvedOn > plan.today))
    .map((o) => ({ id: o.id, members: [], town: true }));
  const keepers = [...towns, ...branches];
  const records: LedgerRow[] = demoLedgerYear(keepers, year, plan.today, plan.seed).map((r, i) => ({
    ...r,
    id: i + 1,
    enteredOn: demoEnteredOn(r, plan.seed, plan.today),
  }));
  const attendance: AttendanceRow[] = records
    .flatMap((r) => r.attendance.map((a) => ({ ...a, recordId: r.id, heldOn: r.heldOn })))
    .map((a, i) => ({ ...a, id: i + 1 }));
  for (let i = 0; i < records.length; i += batchSize)
    await insertRows(tx, 'ledger_records', ledgerColumns, records.slice(i, i + batchSize));
  for (let i = 0; i < attendance.length; i += batchSize)
    await insertRows(tx, 'ledger_attendance', attendanceColumns, attendance.slice(i, i + batchSize));
  return { cycles: cycles.length, ledgerRecords: records.length };
}
