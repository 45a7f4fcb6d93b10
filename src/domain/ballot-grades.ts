import type { AnyBallotChoices, BallotChoices, BallotItem } from './meetings.js';
import { grades, type Grade } from './results/grades.js';

/*
 * A ballot's grades, compact: one small integer per (reporter, item) cell, so the tally counts
 * millions of cells with one unnest instead of walking every ballot's JSON. `choices` stays the
 * record; these cells are derived from it.
 *
 * The layout is the meeting's: the cell of the reporter at position p (1-based) and the item at
 * index i is slot (p - 1) × items + i. Positions and items change only while voting has not
 * opened, and that edit lays out again the (rehearsal) ballots that exist then, so a stored slot
 * always means what the meeting says now. A ballot stores the run of slots from its first graded
 * cell to its last (`from` is the slot of the first): a 逐人投票 ballot holds its one reporter's
 * cells, not the whole meeting's.
 */

/**
 * 0: the reporter is not on this ballot; 1–4: the grades in order (a 满意度测评's cells: 1–3, its
 * three levels in order); 5: 弃权.
 */
export const notOnBallot = 0;
export const abstainCode = grades.length + 1;

/** A choice's cell code on its scale (the grades unless another is given). */
export const gradeCode = (choice: string | null, scale: readonly string[] = grades): number =>
  choice === null ? abstainCode : scale.indexOf(choice) + 1;

/** The grade a cell's code stands for: null for 弃权, undefined for a reporter not on the ballot. */
export function gradeOfCode(code: number): Grade | null | undefined {
  if (code === abstainCode) return null;
  return grades[code - 1];
}

export interface GradeLayout {
  /** Reporters with their 1-based reporting position. */
  reporters: readonly { orgId: number; position: number }[];
  items: readonly Pick<BallotItem, 'key'>[];
}

export const slotOf = (layout: Pick<GradeLayout, 'items'>, position: number, itemIndex: number) =>
  (position - 1) * layout.items.length + itemIndex;

/** The reporter and item of a slot, or null for a slot no reporter holds. */
export function cellOfSlot(layout: GradeLayout, slot: number) {
  const position = Math.floor(slot / layout.items.length) + 1;
  const reporter = layout.reporters.find((r) => r.position === position);
  if (!reporter) return null;
  return { orgId: reporter.orgId, item: layout.items[slot % layout.items.length]!.key };
}

/** The compact cells of a (checked) ballot's choices, on `scale` (the grades unless another is given). */
export function ballotGrades(
  layout: GradeLayout,
  choices: AnyBallotChoices,
  scale: readonly string[] = grades,
): { from: number; grades: number[] } {
  const cells = new Map<number, number>();
  for (const r of layout.reporters) {
    const given = choices[String(r.orgId)];
    if (!given) continue;
    layout.items.forEach((item, i) => {
      const grade = given[item.key];
      if (grade !== undefined) cells.set(slotOf(layout, r.position, i), gradeCode(grade, scale));
    });
  }
  if (cells.size === 0) return { from: 0, grades: [] };
  const from = Math.min(...cells.keys());
  const to = Math.max(...cells.keys());
  return {
    from,
    grades: Array.from({ length: to - from + 1 }, (_, k) => cells.get(from + k) ?? notOnBallot),
  };
}

/** The choices a ballot's cells say: what `choices` holds, for checking that the two agree. */
export function choicesOfGrades(layout: GradeLayout, from: number, cells: readonly number[]): BallotChoices {
  const choices: BallotChoices = {};
  cells.forEach((code, k) => {
    const grade = gradeOfCode(code);
    const cell = cellOfSlot(layout, from + k);
    if (grade === undefined || !cell) return;
    (choices[String(cell.orgId)] ??= {})[cell.item] = grade;
  });
  return choices;
}

/** How many ballots of one category gave one reporter one grade (null: 弃权) on one item. */
export interface GradeCount {
  category: string;
  orgId: number;
  item: string;
  grade: Grade | null;
  n: number;
}

/**
 * Per category, the fewest ballots that graded one reporter, among the reporters it graded at all
 * (in 逐人投票 a reporter may have fewer than the category holds). Counted on the first item: a
 * ballot that names a reporter grades every item, if only with 弃权.
 */
export function smallestPerCategory(
  counts: readonly GradeCount[],
  firstItem: string,
): Record<string, number> {
  const perReporter = new Map<string, Map<number, number>>();
  for (const c of counts) {
    if (c.item !== firstItem) continue;
    const byOrg = perReporter.get(c.category) ?? new Map<number, number>();
    byOrg.set(c.orgId, (byOrg.get(c.orgId) ?? 0) + c.n);
    perReporter.set(c.category, byOrg);
  }
  return Object.fromEntries(
    [...perReporter].map(([category, byOrg]) => [category, Math.min(...byOrg.values())]),
  );
}
