// 纸质票: a paper ballot (the printed code card filled in by hand) is entered twice by two
// different users and counted only when both entries agree. Pure: the server and the tests share it.
import type { BallotChoices } from './meetings.js';
import type { Grade } from './results/grades.js';

export const paperPasses = [1, 2] as const;
export type PaperPass = (typeof paperPasses)[number];
export const paperPassLabels: Record<PaperPass, string> = { 1: '第一次录入', 2: '第二次录入' };

/** 一致: ready to count; 不一致: the entries differ; 待第二次录入; 冲突: the code was used on a phone. */
export const sheetStatuses = ['agreed', 'differs', 'awaitingSecond', 'conflict'] as const;
export type SheetStatus = (typeof sheetStatuses)[number];
export const sheetStatusLabels: Record<SheetStatus, string> = {
  agreed: '一致',
  differs: '不一致',
  awaitingSecond: '待第二次录入',
  conflict: '冲突',
};

export interface PaperEntry {
  pass: PaperPass;
  userId: number;
  choices: BallotChoices;
}

/** One cell where the two entries of a sheet disagree; undefined when an entry left it out. */
export interface SheetDifference {
  orgId: string;
  item: string;
  first: Grade | null | undefined;
  second: Grade | null | undefined;
}

/**
 * Which pass a user's new entry of a sheet is, or the Chinese reason they may not enter it: the
 * first entry is anyone's, the second must be someone else's, and a third is nobody's. A user who
 * already entered the sheet corrects their entry instead.
 */
export function nextPass(
  entries: readonly Pick<PaperEntry, 'pass' | 'userId'>[],
  userId: number,
): PaperPass | string {
  if (entries.some((e) => e.userId === userId))
    return entries.length === 1
      ? '您已录入过这张纸质票，第二次录入须由另一位同志完成；如需改正，请修改您的录入'
      : '您已录入过这张纸质票，如需改正，请修改您的录入';
  if (entries.length >= 2) return '这张纸质票已录入两次，不能再录入';
  return entries.some((e) => e.pass === 1) ? 2 : 1;
}

/** The cells where two entries differ, in the order of `reporters` and `items` (the ballot's order). */
export function sheetDifferences(
  first: BallotChoices,
  second: BallotChoices,
  reporters: readonly string[],
  items: readonly string[],
): SheetDifference[] {
  const differences: SheetDifference[] = [];
  for (const orgId of reporters)
    for (const item of items) {
      const a = first[orgId]?.[item];
      const b = second[orgId]?.[item];
      if (a !== b) differences.push({ orgId, item, first: a, second: b });
    }
  return differences;
}

/** A sheet's status from its entries and whether its code was already used on a phone. */
export function sheetStatus(
  entries: readonly PaperEntry[],
  codeUsed: boolean,
  reporters: readonly string[],
  items: readonly string[],
): { status: SheetStatus; differences: SheetDifference[] } {
  if (codeUsed) return { status: 'conflict', differences: [] };
  const first = entries.find((e) => e.pass === 1);
  const second = entries.find((e) => e.pass === 2);
  if (!first || !second) return { status: 'awaitingSecond', differences: [] };
  const differences = sheetDifferences(first.choices, second.choices, reporters, items);
  return { status: differences.length === 0 ? 'agreed' : 'differs', differences };
}
