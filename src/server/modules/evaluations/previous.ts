import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import type { Evaluation } from '../../../contract/evaluations.js';
import { compareWithPrevious } from '../../../domain/results/compare.js';
import type { Db } from '../../../db/client.js';
import { cycles, evaluations } from '../../../db/schema/index.js';

type Cycle = typeof cycles.$inferSelect;

/**
 * A stored snapshot as the contract reads it: results published before the secretary's name and the
 * comparison were recorded hold neither, and read as having none rather than failing the response.
 */
export function publishedSnapshot(stored: unknown): Evaluation {
  const snapshot = stored as Evaluation;
  return {
    ...snapshot,
    previousCycle: snapshot.previousCycle ?? null,
    reporters: snapshot.reporters.map((r) => ({
      ...r,
      secretaryName: r.secretaryName ?? null,
      comparison: r.comparison ?? null,
    })),
  };
}

/**
 * The previous cycle — the same running org's cycle of the same kind with the latest period before
 * this one whose results are published — and the reporters compared with its published snapshot.
 */
export async function withComparison(
  db: Db,
  cycle: Pick<Cycle, 'orgId' | 'kind' | 'startsOn'>,
  reporters: Omit<Evaluation['reporters'][number], 'comparison'>[],
): Promise<Pick<Evaluation, 'previousCycle' | 'reporters'>> {
  const [previous] = await db
    .select({ cycleId: cycles.id, cycleName: cycles.name, published: evaluations.published })
    .from(cycles)
    .innerJoin(evaluations, eq(evaluations.cycleId, cycles.id))
    .where(
      and(
        eq(cycles.orgId, cycle.orgId),
        eq(cycles.kind, cycle.kind),
        lt(cycles.startsOn, cycle.startsOn),
        isNotNull(evaluations.publishedAt),
      ),
    )
    .orderBy(desc(cycles.startsOn))
    .limit(1);
  const compared = compareWithPrevious(
    reporters,
    previous ? publishedSnapshot(previous.published).reporters : null,
  );
  return {
    previousCycle: previous ? { cycleId: previous.cycleId, cycleName: previous.cycleName } : null,
    reporters: reporters.map((r) => ({ ...r, comparison: compared?.get(r.orgId) ?? null })),
  };
}
