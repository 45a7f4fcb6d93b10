import { sql } from 'drizzle-orm';
import { planCounty } from '../../../db/demo/generate.js';
import { DemoTargetNotEmptyError, loadDemo } from '../../../db/demo/load.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { conflict } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { recordAudit } from '../audit/record.js';
import { closeLastYear, type LastYearServices } from './last-year.js';
import { fileLastYearProblems, type LastYearProblemServices } from './last-year-problems.js';

/** The same county as `npx shuping demo` without options. */
export const demoSeed = 2026;

const notEmptyMessage = '系统中已有组织或党员数据，演示县只能载入空系统';

export interface DemoLoadResult {
  rootId: number;
  rootName: string;
  orgs: number;
  members: number;
}

export function createDemoService(
  deps: {
    db: Db;
    clock: Clock;
  } & LastYearServices &
    LastYearProblemServices,
) {
  const { db, clock } = deps;

  return {
    /**
     * Loads the default demo county into an empty system, with this year's open cycles and ledger,
     * all in one transaction with one audit entry; then last year's cycle, closed with its meeting
     * and published results, through the services (each write audited as the actor's).
     */
    async load(actor: Actor): Promise<DemoLoadResult> {
      const plan = planCounty({ seed: demoSeed, today: clock.today() });
      const root = plan.orgs.find((o) => o.parentId === null)!;
      try {
        const counts = await loadDemo(db, plan, {
          // A new user sees this year's cycles open and the branches' ledger behind their scores.
          yearOfWork: true,
          inTransaction: async (tx) => {
            // Members hang under orgs, yet a registry with members but no tree is still not empty.
            const [row] = await queryRows<{ any: boolean }>(
              tx,
              sql`select exists (select 1 from members) as any`,
            );
            if (row?.any) throw new DemoTargetNotEmptyError();
            await recordAudit(tx, actor, {
              action: 'create',
              entityType: 'org',
              entityId: root.id,
              orgPath: root.path,
              after: {
                name: root.name,
                source: 'demo',
                seed: demoSeed,
                orgs: plan.orgs.length,
                members: plan.totalMembers,
              },
            });
          },
        });
        // Last year's cycle closed with published results: what this year's rectification and
        // comparison start from. computeScores inside also scores this year's open cycles.
        const lastYear = await closeLastYear(deps, actor, {
          seed: demoSeed,
          countyId: root.id,
          year: Number(plan.today.slice(0, 4)) - 1,
        });
        // Its problem list, filed and worked through this year: part closed, part overdue. The
        // filing stales this year's scores of the towns and the county, recomputed here.
        await fileLastYearProblems(deps, actor, {
          seed: demoSeed,
          cycleId: lastYear.cycleId,
          meetingOn: lastYear.meetingOn,
        });
        await deps.computeScores();
        return { rootId: root.id, rootName: root.name, orgs: counts.orgs, members: counts.members };
      } catch (error) {
        if (error instanceof DemoTargetNotEmptyError) throw conflict('DATABASE_NOT_EMPTY', notEmptyMessage);
        throw error;
      }
    },
  };
}

export type DemoService = ReturnType<typeof createDemoService>;
