import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  targetItemProblems,
  targetItemsOfScheme,
  type TargetLetterStatus,
} from '../../../domain/target-letters.js';
import type { Db } from '../../../db/client.js';
import { cycleReporters, orgs, targetLetters } from '../../../db/schema/index.js';
import { letterProgress } from '../../../db/target-letters.js';
import type { SchemeBody } from '../../../contract/schemes.js';
import type {
  CreatedTargetLetters,
  CreateTargetLettersInput,
  TargetLetter,
  TargetLetterItemsInput,
  TargetLetterList,
} from '../../../contract/target-letters.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { canWriteCycle, cycleClosed, latestSchemes, visibleCycle, writableCycle } from '../cycles/service.js';

const letterNotFound = () => notFound('目标责任书不存在或无权查看');

type LetterRow = typeof targetLetters.$inferSelect;

/** What an audit entry keeps of a letter. */
const snapshot = (row: LetterRow) => ({
  cycleId: row.cycleId,
  orgId: row.orgId,
  letterStatus: row.status,
  items: row.items,
  issuedOn: row.issuedOn,
  acknowledgedOn: row.acknowledgedOn,
});

/**
 * 目标责任书 of a cycle's reporting orgs. The cycle's organizer (whoever may change the cycle) makes
 * the drafts from the scheme, edits and issues them; the org's own secretary acknowledges. Readers
 * see the letters of the orgs in their scope, of cycles they see.
 */
export function createTargetLetterService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** The letter with its org and cycle, if both are in the reader's sight. */
  async function visibleLetter(dbOrTx: Db, actor: Actor, id: number) {
    const [row] = await dbOrTx
      .select({
        letter: targetLetters,
        orgName: orgs.name,
        orgPath: orgs.path,
        secretaryName: orgs.secretaryName,
      })
      .from(targetLetters)
      .innerJoin(orgs, eq(orgs.id, targetLetters.orgId))
      .where(and(eq(targetLetters.id, id), withinScope(actor.scope, orgs.path)));
    if (!row) throw letterNotFound();
    const cycle = await visibleCycle(dbOrTx, actor, row.letter.cycleId).catch(() => {
      throw letterNotFound();
    });
    return { ...row, cycle };
  }

  async function detail(dbOrTx: Db, actor: Actor, id: number): Promise<TargetLetter> {
    const { letter, orgName, orgPath, secretaryName, cycle } = await visibleLetter(dbOrTx, actor, id);
    const period = { from: cycle.cycle.startsOn, to: cycle.cycle.endsOn };
    const progress = (await letterProgress(dbOrTx, period, [letter])).get(letter.orgId)!;
    const open = cycle.cycle.status !== 'closed';
    return {
      id: letter.id,
      cycle: {
        id: cycle.cycle.id,
        name: cycle.cycle.name,
        startsOn: cycle.cycle.startsOn,
        endsOn: cycle.cycle.endsOn,
        orgName: cycle.orgName,
      },
      org: { id: letter.orgId, name: orgName, secretaryName },
      status: letter.status as TargetLetterStatus,
      items: letter.items.map((item, i) => ({ ...item, result: progress[i]! })),
      issuedOn: letter.issuedOn,
      issuedByName: letter.issuedByName,
      acknowledgedOn: letter.acknowledgedOn,
      acknowledgedByName: letter.acknowledgedByName,
      editable: open && letter.status === 'draft' && canWriteCycle(actor, cycle.orgPath),
      acknowledgeable:
        open && letter.status === 'issued' && actor.role === 'secretary' && actor.orgPath === orgPath,
      updatedAt: letter.updatedAt.toISOString(),
    };
  }

  /** The letter locked for a change by the cycle's organizer: the cycle open to changes, the letter a draft. */
  async function draftForChange(tx: Db, actor: Actor, id: number) {
    const { letter, orgPath } = await visibleLetter(tx, actor, id);
    const cycle = await writableCycle(tx, actor, letter.cycleId);
    const [locked] = await tx.select().from(targetLetters).where(eq(targetLetters.id, id)).for('update');
    if (locked!.status !== 'draft') throw conflict('TARGET_LETTER_ISSUED', '目标责任书已下达，不能再修改');
    return { letter: locked!, orgPath, cycle };
  }

  return {
    /** The cycle's reporting orgs in the reader's scope, each with its letter (or none yet). */
    async list(actor: Actor, cycleId: number): Promise<TargetLetterList> {
      const cycle = await visibleCycle(db, actor, cycleId);
      const rows = await db
        .select({ orgId: orgs.id, orgName: orgs.name, letter: targetLetters })
        .from(cycleReporters)
        .innerJoin(orgs, eq(orgs.id, cycleReporters.orgId))
        .leftJoin(
          targetLetters,
          and(eq(targetLetters.cycleId, cycleReporters.cycleId), eq(targetLetters.orgId, orgs.id)),
        )
        .where(and(eq(cycleReporters.cycleId, cycleId), withinScope(actor.scope, orgs.path)))
        .orderBy(sql`nlevel(${orgs.path})`, asc(orgs.parentId), asc(orgs.sortOrder), asc(orgs.id));
      const letters = rows.flatMap((r) => (r.letter ? [r.letter] : []));
      const period = { from: cycle.cycle.startsOn, to: cycle.cycle.endsOn };
      const progress = await letterProgress(db, period, letters);
      return {
        writable: cycle.cycle.status !== 'closed' && canWriteCycle(actor, cycle.orgPath),
        items: rows.map(({ orgId, orgName, letter }) => ({
          orgId,
          orgName,
          letter: letter && {
            id: letter.id,
            status: letter.status as TargetLetterStatus,
            items: letter.items.length,
            reached: progress.get(orgId)!.filter((p) => p.reached).length,
            issuedOn: letter.issuedOn,
            acknowledgedOn: letter.acknowledgedOn,
          },
        })),
      };
    },

    get: (actor: Actor, id: number) => detail(db, actor, id),

    /**
     * Drafts for the reporting orgs (all, or those named) that have none yet, each broken down from
     * the latest scheme of its audience. Orgs named outside the set (or the writer's sight) are a 400.
     */
    async create(actor: Actor, input: CreateTargetLettersInput): Promise<CreatedTargetLetters> {
      return db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, input.cycleId);
        const reporters = await tx
          .select({ orgId: cycleReporters.orgId, audience: cycleReporters.audience, orgPath: orgs.path })
          .from(cycleReporters)
          .innerJoin(orgs, eq(orgs.id, cycleReporters.orgId))
          .where(
            and(
              eq(cycleReporters.cycleId, cycle.id),
              input.orgIds ? inArray(cycleReporters.orgId, input.orgIds) : undefined,
            ),
          );
        const stray = (input.orgIds ?? []).filter((id) => !reporters.some((r) => r.orgId === id));
        if (stray.length > 0)
          throw badRequest(
            'TARGET_LETTER_ORG_INVALID',
            `组织（编号 ${stray.join('、')}）不在本考核周期的述职范围内`,
            [{ field: 'orgIds', message: '组织不在述职范围内' }],
          );
        const schemes = new Map(
          (await latestSchemes(tx, cycle.id)).map((s) => [s.audience, s.body as SchemeBody]),
        );
        const period = { start: cycle.startsOn, end: cycle.endsOn };
        let created = 0;
        for (const reporter of reporters) {
          const scheme = schemes.get(reporter.audience);
          const items = scheme ? targetItemsOfScheme(scheme, period) : [];
          const [row] = await tx
            .insert(targetLetters)
            .values({ cycleId: cycle.id, orgId: reporter.orgId, items })
            .onConflictDoNothing()
            .returning();
          if (!row) continue;
          created++;
          await recordAudit(tx, actor, {
            action: 'create',
            entityType: 'targetLetter',
            entityId: row.id,
            orgPath: reporter.orgPath,
            after: snapshot(row),
          });
        }
        return { created };
      });
    },

    /** Replaces a draft's items. */
    async saveItems(actor: Actor, id: number, input: TargetLetterItemsInput): Promise<TargetLetter> {
      const problems = targetItemProblems(input.items);
      if (problems.length > 0)
        throw badRequest(
          'TARGET_ITEMS_INVALID',
          problems[0]!.message,
          problems.map((p) => ({ field: p.path, message: p.message })),
        );
      return db.transaction(async (tx) => {
        const { letter, orgPath } = await draftForChange(tx, actor, id);
        const [row] = await tx
          .update(targetLetters)
          .set({ items: input.items, updatedAt: sql`now()` })
          .where(eq(targetLetters.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'targetLetter',
          entityId: id,
          orgPath,
          before: snapshot(letter),
          after: snapshot(row!),
        });
        return detail(tx, actor, id);
      });
    },

    /** Draft → issued (下达), dated today and signed by the issuer's name. */
    async issue(actor: Actor, id: number): Promise<TargetLetter> {
      return db.transaction(async (tx) => {
        const { letter, orgPath } = await draftForChange(tx, actor, id);
        if (letter.items.length === 0)
          throw conflict('TARGET_LETTER_EMPTY', '目标责任书没有目标事项，请先添加再下达');
        const [row] = await tx
          .update(targetLetters)
          .set({
            status: 'issued',
            issuedOn: clock.today(),
            issuedByName: actor.displayName,
            updatedAt: sql`now()`,
          })
          .where(eq(targetLetters.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'targetLetter',
          entityId: id,
          orgPath,
          before: { letterStatus: letter.status },
          after: { letterStatus: row!.status, issuedOn: row!.issuedOn, issuedByName: row!.issuedByName },
        });
        return detail(tx, actor, id);
      });
    },

    /** Issued → acknowledged (签收) by the org's own secretary, dated today. */
    async acknowledge(actor: Actor, id: number): Promise<TargetLetter> {
      return db.transaction(async (tx) => {
        const { letter, orgPath, orgName, cycle } = await visibleLetter(tx, actor, id);
        if (actor.role !== 'secretary' || actor.orgPath !== orgPath)
          throw forbidden('TARGET_LETTER_NOT_OWN', `只有${orgName}的书记可以签收本目标责任书`);
        if (cycle.cycle.status === 'closed') throw cycleClosed(cycle.cycle.name);
        const [locked] = await tx.select().from(targetLetters).where(eq(targetLetters.id, id)).for('update');
        if (locked!.status !== 'issued')
          throw conflict(
            'TARGET_LETTER_STATUS_INVALID',
            locked!.status === 'draft' ? '目标责任书尚未下达，不能签收' : '目标责任书已签收',
          );
        const [row] = await tx
          .update(targetLetters)
          .set({
            status: 'acknowledged',
            acknowledgedOn: clock.today(),
            acknowledgedByName: actor.displayName,
            updatedAt: sql`now()`,
          })
          .where(eq(targetLetters.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'targetLetter',
          entityId: id,
          orgPath,
          before: { letterStatus: letter.status },
          after: {
            letterStatus: row!.status,
            acknowledgedOn: row!.acknowledgedOn,
            acknowledgedByName: row!.acknowledgedByName,
          },
        });
        return detail(tx, actor, id);
      });
    },
  };
}

export type TargetLetterService = ReturnType<typeof createTargetLetterService>;
