// 催办: what a user is chased about. An item still to be worked on (待整改, 整改中, 退回) is due
// soon within seven days of its deadline and overdue after it; the inbox lists both, the daily
// digest counts them, and an organizer's reminder of one item is a nudge allowed once a day.
import { can, inScope, scopeOf, type Role } from '../access.js';
import { addDays } from '../dates.js';
import type { ProblemStatus } from './workflow.js';

/** How many days ahead of a deadline an item enters the inbox and the digest. */
export const dueSoonDays = 7;

/** The statuses in which the org's own users still owe work on an item. */
export const workStatuses = ['open', 'inProgress', 'rejected'] as const satisfies readonly ProblemStatus[];

/** The last deadline that counts as due soon on `today`: any deadline up to it is in the inbox. */
export const dueHorizon = (today: string) => addDays(today, dueSoonDays);

export type Urgency = 'overdue' | 'dueSoon';

/** Whether a deadline is past (overdue), within the next seven days (dueSoon), or neither (null). */
export function urgency(deadline: string, today: string): Urgency | null {
  if (deadline < today) return 'overdue';
  return deadline <= dueHorizon(today) ? 'dueSoon' : null;
}

export interface DigestCounts {
  dueSoon: number;
  overdue: number;
}

/** How many of these deadlines are due soon and how many are overdue on `today`. */
export function digestCounts(deadlines: readonly string[], today: string): DigestCounts {
  const counts: DigestCounts = { dueSoon: 0, overdue: 0 };
  for (const deadline of deadlines) {
    const u = urgency(deadline, today);
    if (u) counts[u] += 1;
  }
  return counts;
}

/** The digest's text ("3 项整改 7 日内到期，2 项已逾期"), or null when there is nothing to say. */
export function digestText({ dueSoon, overdue }: DigestCounts): string | null {
  const parts: string[] = [];
  if (dueSoon > 0) parts.push(`${dueSoon} 项整改 ${dueSoonDays} 日内到期`);
  if (overdue > 0) parts.push(`${overdue} 项${dueSoon > 0 ? '' : '整改'}已逾期`);
  return parts.length > 0 ? parts.join('，') : null;
}

export interface ChasedUser {
  id: number;
  role: Role;
  orgPath: string | null;
}

export interface ChasedItem {
  orgPath: string;
  /** The users named as owners of the item's measures. */
  ownerUserIds: readonly number[];
}

/**
 * Whether `user` must work on `item`: a user of its org who works on rectification, or an owner of
 * one of its measures — either way only an item in the user's scope, which they can open.
 */
export function mustWork(user: ChasedUser, item: ChasedItem): boolean {
  if (!inScope(scopeOf(user), item.orgPath)) return false;
  const ownOrg = user.orgPath === item.orgPath && can(user.role, 'rectification.work');
  return ownOrg || item.ownerUserIds.includes(user.id);
}

/** The reminder's text as the recipients read it. */
export function reminderText(sender: string, problemText: string, message: string | null): string {
  const subject = problemText.length > 40 ? `${problemText.slice(0, 40)}…` : problemText;
  return `${sender}催办整改问题“${subject}”${message ? `：${message}` : ''}`;
}
