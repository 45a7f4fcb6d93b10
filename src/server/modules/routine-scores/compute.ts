// Computing routine scores: for a cycle and some (or all) of its reporting orgs, answer the
// scheme's facts in bulk, evaluate every org's sheet and store it. A row is stored as current only
// if nothing marked it since the computation read its `marks` (the triggers of migrations 0015 and
// 0016 and the scoring service bump them in the writing transaction), so a change that raced the
// computation leaves the row pending for the next run instead of hiding under a fresh `computed_at`.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { idArray, queryRows } from '../../../db/query-rows.js';
import { answerFacts } from '../../../db/routine-facts.js';
import { cycles, discretionaryDeductions, indicatorScores, vetoDecisions } from '../../../db/schema/index.js';
import { spotCheckDeductions } from '../../../db/spot-checks.js';
import { targetLetterItems } from '../../../db/target-letters.js';
import { latestSchemes } from '../cycles/service.js';
import {
  schemeRequests,
  schemeScorer,
  type ScoreEntry,
  type VetoDecision,
} from '../../../domain/routine-scores.js';
import { scoreSheet, type ManualDeduction, type ScoreSheet } from '../../../domain/rules/index.js';
import type { SchemeBody } from '../../../contract/schemes.js';
import type { Clock } from '../../clock.js';

/** Orgs stored per statement: each row carries its sheet as JSON (a few KiB). */
const writeBatch = 500;

/** A row of `routine_scores` as computed: all null for an audience without a scheme. */
interface StoredRow {
  orgId: number;
  total: number | null;
  maxPoints: number | null;
  vetoed: boolean | null;
  pendingLines: number | null;
  sheet: ScoreSheet | null;
  schemeVersion: number | null;
}

/** Rows by their org, each org's in the order read (the last entry of a key is the one that stands). */
function byOrg<R extends { orgId: number }>(rows: readonly R[]): Map<number, R[]> {
  const grouped = new Map<number, R[]>();
  for (const row of rows) {
    const list = grouped.get(row.orgId);
    if (list) list.push(row);
    else grouped.set(row.orgId, [row]);
  }
  return grouped;
}

export interface ComputeDeps {
  db: Db;
  clock: Clock;
}

export interface ComputeProgress {
  (done: number, total: number): void;
}

/**
 * Computes and stores the sheets of `orgIds` (every reporter when absent) in the cycle. Returns
 * how many were stored as current.
 */
export async function computeRoutineScores(
  { db, clock }: ComputeDeps,
  cycleId: number,
  orgIds?: readonly number[],
  progress?: ComputeProgress,
): Promise<{ computed: number; current: number }> {
  const [cycle] = await db.select().from(cycles).where(eq(cycles.id, cycleId));
  if (!cycle || orgIds?.length === 0) return { computed: 0, current: 0 };
  // The marks first: anything committed after this read bumps them and keeps its row pending.
  const marked = await queryRows<{ orgId: number; marks: number; audience: string }>(
    db,
    sql`select s.org_id as "orgId", s.marks, r.audience
        from routine_scores s
        join cycle_reporters r on r.cycle_id = s.cycle_id and r.org_id = s.org_id
        where s.cycle_id = ${cycleId}
          ${orgIds ? sql`and s.org_id = any(${idArray(orgIds)})` : sql``}`,
  );
  if (marked.length === 0) return { computed: 0, current: 0 };
  const ids = marked.map((m) => m.orgId);
  const period = { start: cycle.startsOn, end: cycle.endsOn };
  const latest = await latestSchemes(db, cycleId);
  const [entryRows, deductionRows, vetoRows, spot, targets] = await Promise.all([
    db
      .select({
        orgId: indicatorScores.orgId,
        indicatorKey: indicatorScores.indicatorKey,
        by: indicatorScores.by,
        points: indicatorScores.points,
        reason: indicatorScores.reason,
      })
      .from(indicatorScores)
      .where(and(eq(indicatorScores.cycleId, cycleId), sql`${indicatorScores.orgId} = any(${idArray(ids)})`))
      .orderBy(asc(indicatorScores.id)),
    db
      .select()
      .from(discretionaryDeductions)
      .where(
        and(
          eq(discretionaryDeductions.cycleId, cycleId),
          sql`${discretionaryDeductions.orgId} = any(${idArray(ids)})`,
        ),
      ),
    db
      .select({
        orgId: vetoDecisions.orgId,
        indicatorKey: vetoDecisions.indicatorKey,
        applies: vetoDecisions.applies,
        reason: vetoDecisions.reason,
      })
      .from(vetoDecisions)
      .where(and(eq(vetoDecisions.cycleId, cycleId), sql`${vetoDecisions.orgId} = any(${idArray(ids)})`))
      .orderBy(asc(vetoDecisions.id)),
    spotCheckDeductions(db, cycleId, ids),
    targetLetterItems(db, cycleId, ids),
  ]);
  const entries = byOrg(entryRows.map((e) => ({ ...e, by: e.by as ScoreEntry['by'] })));
  const vetoes: Map<number, VetoDecision[]> = byOrg(vetoRows);
  const manualDeductions = new Map<number, Map<string, ManualDeduction[]>>();
  for (const d of deductionRows) {
    const byKey = manualDeductions.get(d.orgId) ?? new Map<string, ManualDeduction[]>();
    byKey.set(d.indicatorKey, d.deductions);
    manualDeductions.set(d.orgId, byKey);
  }

  const now = clock.now().toISOString();
  const marksOf = new Map(marked.map((m) => [m.orgId, m.marks]));
  const writer = sheetWriter(db, cycleId, now, marksOf);
  try {
    for (const scheme of latest) {
      const body = scheme.body as SchemeBody;
      const audienceIds = marked.filter((m) => m.audience === scheme.audience).map((m) => m.orgId);
      if (audienceIds.length === 0) continue;
      const facts = await answerFacts(db, audienceIds, schemeRequests(body, period), {
        manualDeductions,
        targetItems: targets,
      });
      const scorings = schemeScorer(body, period);
      for (const orgId of audienceIds) {
        const sheet = scoreSheet(
          body,
          scorings(facts.get(orgId)!, entries.get(orgId) ?? [], spot.get(orgId), vetoes.get(orgId)),
        );
        await writer.add({
          orgId,
          total: sheet.total,
          maxPoints: sheet.maxPoints,
          vetoed: sheet.vetoes.length > 0,
          pendingLines: sheet.pending,
          sheet,
          schemeVersion: scheme.version,
        });
      }
      progress?.(writer.added(), marked.length);
    }
    // An audience without a scheme has nothing to compute: its rows are current, with no sheet.
    const schemed = new Set(latest.map((s) => s.audience));
    for (const m of marked)
      if (!schemed.has(m.audience))
        await writer.add({
          orgId: m.orgId,
          total: null,
          maxPoints: null,
          vetoed: null,
          pendingLines: null,
          sheet: null,
          schemeVersion: null,
        });
    return { computed: writer.added(), current: await writer.finish() };
  } finally {
    await writer.settled();
  }
}

/**
 * Stores computed rows in batches while the next ones are built: one batch is written while the
 * following is scored, and at most two are in flight, so the database and the scoring overlap
 * (on PostgreSQL each batch has its own connection). Counts the rows stored as current.
 */
function sheetWriter(db: Db, cycleId: number, now: string, marksOf: ReadonlyMap<number, number>) {
  let batch: StoredRow[] = [];
  let added = 0;
  let current = 0;
  const inFlight: Promise<number>[] = [];
  const write = (rows: readonly StoredRow[]) => {
    // A parameter per value: each sheet is its own json text, checked once, where one document
    // of the whole batch (json_to_recordset) was parsed and then each sheet again.
    const values = rows.map(
      (r) =>
        sql`(${r.orgId}::int, ${marksOf.get(r.orgId)}::int, ${r.total}::numeric, ${r.maxPoints}::numeric,
          ${r.vetoed}::boolean, ${r.pendingLines}::int, ${r.sheet === null ? null : JSON.stringify(r.sheet)}::json,
          ${r.schemeVersion}::int)`,
    );
    // The rows are locked in org order first, as `routine_scores_mark` (migration 0021) locks what
    // a change marks: a batch and a change touching many rows never wait on each other in a circle.
    const stored = queryRows<{ stale: boolean }>(
      db,
      sql`with locked as materialized (
            select org_id from routine_scores
            where cycle_id = ${cycleId} and org_id = any(${idArray(rows.map((r) => r.orgId))})
            order by org_id for update)
          update routine_scores s set
            total = v.total, max_points = v.max_points, vetoed = v.vetoed,
            pending_lines = v.pending_lines, sheet = v.sheet, scheme_version = v.scheme_version,
            computed_at = ${now}::timestamptz, stale = s.marks <> v.marks
          from (values ${sql.join(values, sql`, `)}) as v(
            org_id, marks, total, max_points, vetoed, pending_lines, sheet, scheme_version), locked l
          where s.cycle_id = ${cycleId} and s.org_id = v.org_id and l.org_id = v.org_id
          returning s.stale`,
    ).then((r) => r.filter((row) => !row.stale).length);
    // Awaited in order below; until then a failure must not count as unhandled.
    stored.catch(() => undefined);
    inFlight.push(stored);
  };
  const oldest = async () => {
    current += await inFlight[0]!;
    inFlight.shift();
  };
  return {
    added: () => added,
    async add(row: StoredRow) {
      batch.push(row);
      added++;
      if (batch.length < writeBatch) return;
      write(batch);
      batch = [];
      if (inFlight.length > 1) await oldest();
    },
    async finish() {
      if (batch.length > 0) write(batch);
      batch = [];
      while (inFlight.length > 0) await oldest();
      return current;
    },
    /** Every write started has ended (after a failure too: nothing writes after the caller returns). */
    settled: () => Promise.allSettled(inFlight),
  };
}

/** The cycles with stale rows and their orgs: what the refresher computes next. */
export function staleRows(db: Db) {
  return queryRows<{ cycleId: number; orgIds: number[] }>(
    db,
    sql`select cycle_id as "cycleId", array_agg(org_id order by org_id) as "orgIds"
        from routine_scores where stale group by cycle_id order by cycle_id`,
  );
}
