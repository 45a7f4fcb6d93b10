import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { indicatorEvidence, indicatorEvidenceRecords, ledgerRecords } from '../../../db/schema/index.js';
import type { EvidenceInput, EvidenceView } from '../../../contract/routine-scores.js';
import type { LedgerKind } from '../../../domain/ledger.js';
import { badRequest } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import type { FileService } from '../files/service.js';

/*
 * 佐证材料 of an indicator: files of the file store (owner `indicatorEvidence`) and links to ledger
 * records of the org or its subtree held in the cycle's period. What was done stays in the ledger;
 * the evidence only points at it, so it never changes a score.
 */

export type EvidenceFiles = Pick<FileService, 'attach' | 'detach' | 'detachAll' | 'attachedTo'>;

const evidenceOwner = (id: number) => ({ type: 'indicatorEvidence', id });

/** Each indicator's evidence of one org in a cycle, by indicator key. */
export async function evidenceOf(
  db: Db,
  files: EvidenceFiles,
  cycleId: number,
  orgId: number,
): Promise<Map<string, EvidenceView>> {
  const rows = await db
    .select()
    .from(indicatorEvidence)
    .where(and(eq(indicatorEvidence.cycleId, cycleId), eq(indicatorEvidence.orgId, orgId)));
  if (rows.length === 0) return new Map();
  const [records, attached] = await Promise.all([
    db
      .select({
        evidenceId: indicatorEvidenceRecords.evidenceId,
        id: ledgerRecords.id,
        kind: ledgerRecords.kind,
        heldOn: ledgerRecords.heldOn,
        topic: ledgerRecords.topic,
      })
      .from(indicatorEvidenceRecords)
      .innerJoin(
        ledgerRecords,
        and(
          eq(ledgerRecords.id, indicatorEvidenceRecords.ledgerRecordId),
          eq(ledgerRecords.heldOn, indicatorEvidenceRecords.heldOn),
        ),
      )
      .where(
        inArray(
          indicatorEvidenceRecords.evidenceId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(ledgerRecords.heldOn), asc(ledgerRecords.id)),
    Promise.all(rows.map((r) => files.attachedTo(db, evidenceOwner(r.id)))),
  ]);
  return new Map(
    rows.map((row, i) => [
      row.indicatorKey,
      {
        note: row.note,
        files: attached[i]!.map(({ id, name, type, size }) => ({ id, name, type, size })),
        ledgerRecords: records
          .filter((r) => r.evidenceId === row.id)
          .map(({ id, kind, heldOn, topic }) => ({ id, kind: kind as LedgerKind, heldOn, topic })),
        userName: row.userName,
        updatedAt: row.updatedAt.toISOString(),
      },
    ]),
  );
}

/** Where the evidence belongs: a reporting org (its subtree) in a cycle's period. */
export interface EvidenceTarget {
  cycle: { id: number; startsOn: string; endsOn: string };
  org: { id: number; name: string; path: string };
  key: string;
}

/**
 * The ledger records given, in the org's subtree, held in the cycle's period and in the actor's
 * scope; the first that is not is refused, naming its place in the list.
 */
async function citedRecords(tx: Db, actor: Actor, target: EvidenceTarget, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const found = await queryRows<{ id: number; heldOn: string }>(
    tx,
    sql`select r.id, r.held_on::text as "heldOn"
        from ledger_records r join orgs o on o.id = r.org_id
        where r.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
          and r.held_on between ${target.cycle.startsOn} and ${target.cycle.endsOn}
          and o.path <@ ${target.org.path}::ltree and ${withinScope(actor.scope, sql`o.path`)}`,
  );
  const missing = ids.findIndex((id) => !found.some((r) => r.id === id));
  if (missing >= 0) {
    const message = `第${missing + 1}条台账记录不存在，或不是${target.org.name}及其下级组织在本考核周期（${target.cycle.startsOn}至${target.cycle.endsOn}）内的记录`;
    throw badRequest('EVIDENCE_INVALID', message, [{ field: `ledgerRecordIds.${missing}`, message }]);
  }
  return ids.map((id) => found.find((r) => r.id === id)!);
}

/**
 * Replaces the indicator's evidence inside the caller's transaction: files that stay keep their
 * reference, new ones are attached (in the actor's scope) and dropped ones detached, so a file no
 * longer used anywhere is removed. Nothing at all deletes the row. Audited.
 */
export async function replaceEvidence(
  tx: Db,
  actor: Actor,
  files: EvidenceFiles,
  target: EvidenceTarget,
  input: EvidenceInput,
): Promise<void> {
  const { cycle, org, key } = target;
  const note = input.note ?? null;
  const records = await citedRecords(tx, actor, target, input.ledgerRecordIds);
  const where = and(
    eq(indicatorEvidence.cycleId, cycle.id),
    eq(indicatorEvidence.orgId, org.id),
    eq(indicatorEvidence.indicatorKey, key),
  );
  // Locks the row, so two replacements of one indicator take turns.
  const [before] = await tx.select().from(indicatorEvidence).where(where).for('update');
  const stateOf = async (id: number) => ({
    fileIds: (await files.attachedTo(tx, evidenceOwner(id))).map((f) => f.id),
    ledgerRecordIds: (
      await tx
        .select({ id: indicatorEvidenceRecords.ledgerRecordId })
        .from(indicatorEvidenceRecords)
        .where(eq(indicatorEvidenceRecords.evidenceId, id))
    ).map((r) => r.id),
  });
  const audited = { cycleId: cycle.id, orgId: org.id, indicatorKey: key };
  if (input.fileIds.length === 0 && records.length === 0 && note === null) {
    if (!before) return;
    const snapshot = { note: before.note, ...(await stateOf(before.id)) };
    await files.detachAll(tx, actor, evidenceOwner(before.id));
    await tx.delete(indicatorEvidence).where(eq(indicatorEvidence.id, before.id));
    await recordAudit(tx, actor, {
      action: 'delete',
      entityType: 'indicatorEvidence',
      entityId: before.id,
      orgPath: org.path,
      before: { ...audited, ...snapshot },
    });
    return;
  }
  const [row] = await tx
    .insert(indicatorEvidence)
    .values({ cycleId: cycle.id, orgId: org.id, indicatorKey: key, note, userName: actor.displayName })
    .onConflictDoUpdate({
      target: [indicatorEvidence.cycleId, indicatorEvidence.orgId, indicatorEvidence.indicatorKey],
      set: { note, userName: actor.displayName, updatedAt: sql`now()` },
    })
    .returning({ id: indicatorEvidence.id });
  // Read after the upsert, which waited for any concurrent first writer: its files are dropped too.
  const previous = await stateOf(row!.id);
  const owner = evidenceOwner(row!.id);
  for (const fileId of input.fileIds) await files.attach(tx, actor, fileId, owner);
  for (const fileId of previous.fileIds)
    if (!input.fileIds.includes(fileId)) await files.detach(tx, actor, fileId, owner);
  await tx.delete(indicatorEvidenceRecords).where(eq(indicatorEvidenceRecords.evidenceId, row!.id));
  if (records.length > 0)
    await tx
      .insert(indicatorEvidenceRecords)
      .values(records.map((r) => ({ evidenceId: row!.id, ledgerRecordId: r.id, heldOn: r.heldOn })));
  await recordAudit(tx, actor, {
    action: before ? 'update' : 'create',
    entityType: 'indicatorEvidence',
    entityId: row!.id,
    orgPath: org.path,
    ...(before ? { before: { note: before.note, ...previous } } : {}),
    after: {
      ...audited,
      note,
      fileIds: input.fileIds,
      ledgerRecordIds: input.ledgerRecordIds,
    },
  });
}
