import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import type { Evaluation } from '../../../contract/evaluations.js';
import { compareWithPrevious } from '../../../domain/results/compare.js';
import type { Db } from '../../../db/client.js';
import { cycles, evaluations } from '../../../db/schema/index.js';

type Cycle = typeof cycles.$inferSelect;

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
    previous ? (previous.published as Evaluation).reporters : null,
  );
  return {
    previousCycle: previous ? { cycleId: previous.cycleId, cycleName: previous.cycleName } : null,
    reporters: reporters.map((r) => ({ ...r, comparison: compared?.get(r.orgId) ?? null })),
  };
}
