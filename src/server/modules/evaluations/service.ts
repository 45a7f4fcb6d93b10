import { and, eq, sql } from 'drizzle-orm';
import type { Evaluation, EvaluationSettings } from '../../../contract/evaluations.js';
import { defaultGradePoints } from '../../../domain/results/appraisal.js';
import { prepareReporter, type CycleResultsSettings } from '../../../domain/results/cycle-inputs.js';
import {
  defaultResultsConfig,
  evaluateResults,
  resultsConfigProblems,
} from '../../../domain/results/evaluate.js';
import type { Db } from '../../../db/client.js';
import { idArray } from '../../../db/query-rows.js';
import { evaluations, orgs } from '../../../db/schema/index.js';
import { inScope } from '../../../domain/access.js';
import type { Clock } from '../../clock.js';
import { badRequest, conflict } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { canWriteCycle, visibleCycle, writableCycle } from '../cycles/service.js';
import { gatherCycle } from './gather.js';
import { evaluationWorkbook } from './results-xlsx.js';
import { evaluationPublished } from './leader-reviews.js';
import { publishedSnapshot, withComparison } from './previous.js';

/** Where every cycle starts: the engine's default rules, 民主测评 by grade points 100/85/70/50. */
export const defaultEvaluationSettings: CycleResultsSettings = {
  config: defaultResultsConfig,
  appraisalMethod: { kind: 'points', points: defaultGradePoints },
};

const notPublished = () => conflict('EVALUATION_NOT_PUBLISHED', '本周期的综合评价结果尚未发布');

const countBy = (values: string[]) => {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
};

/**
 * 综合评价 of a cycle: its settings, the results computed from what the cycle recorded (a trial
 * until published), and publication — after which the stored results are what everyone reads.
 */
export function createEvaluationService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function stored(dbOrTx: Db, cycleId: number) {
    const [row] = await dbOrTx.select().from(evaluations).where(eq(evaluations.cycleId, cycleId));
    return row ?? null;
  }

  /**
   * Whoever holds the running org reads the whole evaluation, trial included; someone who sees the
   * cycle from below (a village secretary in the town's cycle) only their own part of the
   * published one. `whole` says which.
   */
  async function readScoped(actor: Actor, cycleId: number) {
    const cycle = await visibleCycle(db, actor, cycleId);
    if (inScope(actor.scope, cycle.orgPath))
      return { cycle, whole: true, evaluation: await compute(db, actor, cycleId) };
    const row = await stored(db, cycleId);
    if (!row?.publishedAt) throw notPublished();
    const published = publishedSnapshot(row.published);
    const own = await db
      .select({ id: orgs.id })
      .from(orgs)
      .where(
        and(
          sql`${orgs.id} = any(${idArray(published.reporters.map((r) => r.orgId))})`,
          withinScope(actor.scope, orgs.path),
        ),
      );
    const ids = new Set(own.map((o) => o.id));
    const evaluation: Evaluation = {
      ...published,
      writable: false,
      whole: false,
      reporters: published.reporters.filter((r) => ids.has(r.orgId)),
    };
    return { cycle, whole: false, evaluation };
  }
  const read = async (actor: Actor, cycleId: number) => (await readScoped(actor, cycleId)).evaluation;

  async function compute(dbOrTx: Db, actor: Actor, cycleId: number): Promise<Evaluation> {
    const cycle = await visibleCycle(dbOrTx, actor, cycleId);
    const row = await stored(dbOrTx, cycleId);
    const writable = cycle.cycle.status !== 'closed' && canWriteCycle(actor, cycle.orgPath);
    if (row?.publishedAt) {
      return { ...publishedSnapshot(row.published), writable: false, whole: true };
    }
    const settings = (row?.settings ?? defaultEvaluationSettings) as EvaluationSettings;
    const gathered = await gatherCycle(dbOrTx, { id: cycleId, orgPath: cycle.orgPath });
    const prepared = gathered.reporters.map((r) => ({ ...prepareReporter(settings, r), gathered: r }));
    const results = evaluateResults(
      settings.config,
      prepared.map((p) => p.input),
    );
    const byId = new Map(prepared.map((p) => [p.input.id, p]));
    const reporters = results.map((result) => {
      const p = byId.get(result.id)!;
      const routine = p.gathered.routine;
      return {
        orgId: result.id,
        name: result.name,
        secretaryName: p.gathered.secretaryName,
        group: result.group,
        score: result.score,
        grade: result.grade,
        gradeLabel: result.gradeLabel,
        rank: result.rank,
        groupRank: result.groupRank,
        components: result.components,
        steps: result.steps,
        sources: [
          routine?.total != null
            ? `日常考核：考核表得分${routine.total}分（满分${routine.maxPoints}分）`
            : '日常考核：未计算',
          `述职评议：${p.leader.explanation}`,
          `民主测评：${p.appraisal?.explanation ?? '无有效测评'}`,
          p.gathered.satisfaction === null
            ? '满意度：无有效满意度测评'
            : `满意度：满意度测评满意率${p.gathered.satisfaction}%`,
        ],
        appraisalShares: p.input.appraisalShares,
        critiques: p.gathered.critiques,
      };
    });
    return {
      cycleId,
      cycleName: cycle.cycle.name,
      status: 'draft',
      publishedAt: null,
      publishedBy: null,
      writable,
      whole: true,
      settings,
      warnings: gathered.warnings,
      ...(await withComparison(dbOrTx, cycle.cycle, reporters)),
    };
  }

  return {
    get: read,

    /** The published results as the reader may see them (see `readScoped`); 409 before publication. */
    async published(actor: Actor, cycleId: number) {
      const scoped = await readScoped(actor, cycleId);
      if (scoped.evaluation.status !== 'published') throw notPublished();
      return scoped;
    },

    /** The results as an .xlsx score sheet, as the reader may see them (trial or published). */
    async workbook(actor: Actor, cycleId: number) {
      const evaluation = await read(actor, cycleId);
      return {
        fileName: `${evaluation.cycleName}综合评价结果.xlsx`,
        body: await evaluationWorkbook(evaluation),
      };
    },

    async saveSettings(actor: Actor, cycleId: number, settings: EvaluationSettings): Promise<Evaluation> {
      const problems = resultsConfigProblems(settings.config).map((p) => ({
        ...p,
        field: `config.${p.field}`,
      }));
      if (problems.length) throw badRequest('EVALUATION_SETTINGS_INVALID', problems[0]!.message, problems);
      return db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, cycleId);
        const row = await stored(tx, cycleId);
        if (row?.publishedAt) throw evaluationPublished();
        await tx
          .insert(evaluations)
          .values({ cycleId, settings })
          .onConflictDoUpdate({ target: evaluations.cycleId, set: { settings, updatedAt: sql`now()` } });
        await recordAudit(tx, actor, {
          action: row ? 'update' : 'create',
          entityType: 'evaluation',
          entityId: cycleId,
          orgPath: cycle.orgPath,
          before: row ? { settings: row.settings } : undefined,
          after: { settings },
        });
        return compute(tx, actor, cycleId);
      });
    },

    /** Publishes the results as computed now; from then on they are stored and read-only. */
    async publish(actor: Actor, cycleId: number): Promise<Evaluation> {
      return db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, cycleId);
        const row = await stored(tx, cycleId);
        if (row?.publishedAt) throw evaluationPublished();
        const draft = await compute(tx, actor, cycleId);
        const publishedAt = clock.now().toISOString();
        const published: Evaluation = {
          ...draft,
          status: 'published',
          publishedAt,
          publishedBy: actor.displayName,
          writable: false,
        };
        await tx
          .insert(evaluations)
          .values({
            cycleId,
            settings: draft.settings,
            published,
            publishedAt: new Date(publishedAt),
            publishedBy: actor.displayName,
          })
          .onConflictDoUpdate({
            target: evaluations.cycleId,
            set: { published, publishedAt: new Date(publishedAt), publishedBy: actor.displayName },
          });
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'evaluation',
          entityId: cycleId,
          orgPath: cycle.orgPath,
          after: {
            status: 'published',
            reporters: published.reporters.length,
            grades: countBy(published.reporters.map((r) => r.gradeLabel ?? '无等次')),
          },
        });
        return published;
      });
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
