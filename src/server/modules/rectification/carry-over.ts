import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { CarriedProblem } from '../../../domain/rectification/carry-over.js';
import type { ProblemStatus } from '../../../domain/rectification/workflow.js';
import type { Db } from '../../../db/client.js';
import { cycles, problemMeasures, problems } from '../../../db/schema/index.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';

/**
 * The problems an annual report of `year` accounts for under 上年度问题整改情况, with their measures'
 * texts, in filing order: those filed against the org itself (a town's secretary reports on the
 * town's own list; each village's items are its own secretary's to report, and a town's summary of
 * them would count them twice in the county's reading) in last year's annual cycles or by an
 * inspection during last year, whatever their status, plus any older item still not closed. Merged
 * duplicates are left out (the kept item stands for them); only orgs in the reader's scope are read.
 */
export async function carriedProblems(
  db: Db,
  actor: Actor,
  { orgId, year }: { orgId: number; year: number },
): Promise<CarriedProblem[]> {
  // Inspections belong to no cycle: they count by the day they were filed, in the server's local
  // calendar as every "today" is.
  const lastYearStarts = new Date(year - 1, 0, 1);
  const yearStarts = new Date(year, 0, 1);
  const rows = await db
    .select({
      text: problems.text,
      status: problems.status,
      deadline: problems.deadline,
      closedOn: problems.closedOn,
      measures: sql<string[]>`coalesce((select json_agg(m.text order by m.id) from ${problemMeasures} m
        where m.problem_id = ${problems.id}), '[]'::json)`,
    })
    .from(problems)
    .leftJoin(cycles, eq(cycles.id, problems.cycleId))
    .where(
      and(
        eq(problems.orgId, orgId),
        isNull(problems.mergedIntoId),
        withinScope(actor.scope, problems.orgPath),
        sql`(
          (${cycles.kind} = 'annual' and ${cycles.year} = ${year - 1})
          or (${problems.cycleId} is null and ${problems.createdAt} >= ${lastYearStarts}
            and ${problems.createdAt} < ${yearStarts})
          or (${problems.status} <> 'closed'
            and (${cycles.year} < ${year} or (${problems.cycleId} is null and ${problems.createdAt} < ${yearStarts})))
        )`,
      ),
    )
    .orderBy(asc(problems.id));
  return rows.map((r) => ({ ...r, status: r.status as ProblemStatus }));
}
