// Progress against 目标责任书 targets, read through the ledger facts the rules read
// (`ledger-facts.ts`): the same counts, so a letter's 完成3次 and the routine score's 实开3次 agree.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TargetItem } from '../domain/rules/facts.js';
import {
  itemProgress,
  type ItemProgress,
  type TargetLetterItem,
  type TargetSource,
} from '../domain/target-letters.js';
import type { LedgerSource } from '../domain/rule-format.js';
import type { Db } from './client.js';
import { recordCounts, recordCountsPerSubPeriod, type Period, type RecordFilter } from './ledger-facts.js';
import { idArray } from './query-rows.js';
import { cycles, targetLetters } from './schema/index.js';

export interface LetterItems {
  orgId: number;
  items: readonly TargetLetterItem[];
}

const filterOf = (source: LedgerSource): RecordFilter => {
  const word = source.topicIncludes?.trim();
  return { kinds: source.ledgerKinds, ...(word ? { topicWord: word } : {}) };
};

/** Items asking the same question share a key, so each count is one statement for every org. */
const questionKey = (p: Exclude<TargetSource, { kind: 'entered' }>) =>
  JSON.stringify([
    p.kind,
    [...p.source.ledgerKinds].sort(),
    p.source.topicIncludes?.trim() ?? '',
    p.kind === 'periods' ? [p.every, p.atLeast] : [],
  ]);

/**
 * Each letter's items with their progress over the period, in item order. One grouped statement
 * per distinct question (kinds, word, sub-period) answers every letter's org at once.
 */
export async function letterProgress(
  db: Db,
  period: Period,
  letters: readonly LetterItems[],
): Promise<Map<number, ItemProgress[]>> {
  const orgIds = [...new Set(letters.map((l) => l.orgId))];
  const questions = new Map<string, Exclude<TargetSource, { kind: 'entered' }>>();
  for (const letter of letters)
    for (const item of letter.items)
      if (item.progress.kind !== 'entered') questions.set(questionKey(item.progress), item.progress);
  const answers = new Map<string, Map<number, number>>();
  for (const [key, question] of questions) {
    const perOrg = new Map<number, number>();
    if (question.kind === 'records') {
      for (const row of await recordCounts(db, { orgIds }, period, filterOf(question.source)))
        perOrg.set(row.orgId, row.count);
    } else {
      const rows = await recordCountsPerSubPeriod(
        db,
        { orgIds },
        period,
        question.every,
        filterOf(question.source),
      );
      for (const row of rows)
        if (row.count >= question.atLeast) perOrg.set(row.orgId, (perOrg.get(row.orgId) ?? 0) + 1);
    }
    answers.set(key, perOrg);
  }
  return new Map(
    letters.map((letter) => [
      letter.orgId,
      letter.items.map((item) =>
        itemProgress(
          item,
          item.progress.kind === 'entered'
            ? item.progress.value
            : (answers.get(questionKey(item.progress))!.get(letter.orgId) ?? 0),
        ),
      ),
    ]),
  );
}

/**
 * The issued (or acknowledged) target letters of a cycle's orgs as the `targets` rule reads them:
 * each item reached or not, with its target and progress. A draft binds nobody, so an org whose
 * letter is a draft, or who has none, gets an empty list; every asked org has an entry.
 */
export async function targetLetterItems(
  db: Db,
  cycleId: number,
  orgIds: readonly number[],
): Promise<Map<number, TargetItem[]>> {
  const result = new Map<number, TargetItem[]>(orgIds.map((id) => [id, []]));
  if (orgIds.length === 0) return result;
  const [cycle] = await db
    .select({ from: cycles.startsOn, to: cycles.endsOn })
    .from(cycles)
    .where(eq(cycles.id, cycleId));
  if (!cycle) return result;
  const letters = await db
    .select({ orgId: targetLetters.orgId, items: targetLetters.items })
    .from(targetLetters)
    .where(
      and(
        eq(targetLetters.cycleId, cycleId),
        sql`${targetLetters.orgId} = any(${idArray(orgIds)})`,
        inArray(targetLetters.status, ['issued', 'acknowledged']),
      ),
    );
  const progress = await letterProgress(db, cycle, letters);
  for (const letter of letters)
    result.set(
      letter.orgId,
      letter.items.map((item, i) => {
        const p = progress.get(letter.orgId)![i]!;
        return { label: item.label, reached: p.reached, detail: p.detail };
      }),
    );
  return result;
}
