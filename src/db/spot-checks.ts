// The deductions spot checks (抽查) found, as the routine score reads them: per org and indicator,
// each with the day of the check in its reason, so the sheet says where a lost point came from.
import { and, eq, sql } from 'drizzle-orm';
import type { ManualDeduction } from '../domain/rules/facts.js';
import type { Db } from './client.js';
import { idArray } from './query-rows.js';
import { spotCheckFindings, spotChecks } from './schema/index.js';

/** "抽查（2026-05-12）：" and the finding's reason. */
export const spotCheckReason = (checkedOn: string | null, reason: string) =>
  `抽查${checkedOn ? `（${checkedOn}）` : ''}：${reason}`;

/**
 * For each asked org (every one has an entry), the findings of the cycle's spot checks by indicator
 * key. Findings of 0 points note a problem without deducting and are left out.
 */
export async function spotCheckDeductions(
  db: Db,
  cycleId: number,
  orgIds: readonly number[],
): Promise<Map<number, Map<string, ManualDeduction[]>>> {
  const result = new Map<number, Map<string, ManualDeduction[]>>(orgIds.map((id) => [id, new Map()]));
  if (orgIds.length === 0) return result;
  const rows = await db
    .select({
      orgId: spotChecks.orgId,
      checkedOn: spotChecks.checkedOn,
      indicatorKey: spotCheckFindings.indicatorKey,
      points: spotCheckFindings.points,
      reason: spotCheckFindings.reason,
    })
    .from(spotCheckFindings)
    .innerJoin(spotChecks, eq(spotChecks.id, spotCheckFindings.spotCheckId))
    .where(and(eq(spotChecks.cycleId, cycleId), sql`${spotChecks.orgId} = any(${idArray(orgIds)})`))
    .orderBy(spotCheckFindings.id);
  for (const row of rows) {
    if (row.points <= 0) continue;
    const byIndicator = result.get(row.orgId)!;
    const list = byIndicator.get(row.indicatorKey) ?? [];
    list.push({ points: row.points, reason: spotCheckReason(row.checkedOn, row.reason) });
    byIndicator.set(row.indicatorKey, list);
  }
  return result;
}
