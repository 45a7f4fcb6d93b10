import { isDeepStrictEqual } from 'node:util';
import { and, asc, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { Value } from 'typebox/value';
import {
  audienceOfLevel,
  audiencesOfRule,
  cyclePartProblem,
  cyclePeriod,
  cyclePeriodName,
  cycleStages,
  cycleStatusLabels,
  defaultCycleName,
  defaultReportingRule,
  nextCycleStatus,
  selectReporters,
  stageDatesProblems,
  type CycleKind,
  type CycleStageDates,
  type CycleStatus,
  type ReportingRule,
} from '../../../domain/cycles.js';
import type { OrgDomain, OrgLevel } from '../../../domain/org-tree.js';
import { schemeProblems, schemeTotal } from '../../../domain/rules/index.js';
import { readSchemeSheet } from '../../../domain/scheme-sheet.js';
import { schemeTemplates } from '../../../domain/scheme-templates.js';
import type { RowError } from '../../../domain/member-import.js';
import { can, inScope, type Scope } from '../../../domain/access.js';
import type { Db } from '../../../db/client.js';
import { cycleReporters, cycles, orgs, schemes } from '../../../db/schema/index.js';
import type {
  CreateCycleInput,
  Cycle,
  CycleListParams,
  CycleStatusInput,
  ReopenCycleInput,
  ReportingSet,
  Scheme,
  SchemeSummary,
  UpdateCycleInput,
} from '../../../contract/cycles.js';
import { SchemeBody } from '../../../contract/schemes.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { maxReportedErrors } from '../imports/service.js';
import { readSchemeWorkbook, schemeWorkbook } from './scheme-xlsx.js';
import { recordAudit } from '../audit/record.js';

type Audience = SchemeBody['audience'];

const cycleNotFound = () => notFound('考核周期不存在或无权查看');
/** 409 for any change to a closed cycle or to what hangs on it (letters, spot checks). */
export const cycleClosed = (name: string) =>
  conflict('CYCLE_CLOSED', `考核周期“${name}”已结束，内容只读；如需修改，请系统管理员重新开启`);

/**
 * Who sees a cycle: everyone in the running org's subtree (a branch secretary sees the town's cycle
 * they report in, a town organizer the county's), and everyone whose scope holds the running org
 * (the county sees its towns' cycles). Writes need the running org in the actor's own scope.
 */
export function cycleVisible(scope: Scope, runningPath: SQL | typeof orgs.path): SQL {
  if (scope.kind === 'all') return sql`true`;
  return sql`(${withinScope(scope, runningPath)} or ${scope.path}::ltree <@ ${runningPath})`;
}

/** Is the day inside the period of a closed cycle run by the org or one above it? */
export async function closedPeriodCovering(db: Db, orgPath: string, day: string): Promise<boolean> {
  const [hit] = await db
    .select({ id: cycles.id })
    .from(cycles)
    .innerJoin(orgs, eq(orgs.id, cycles.orgId))
    .where(
      and(
        eq(cycles.status, 'closed'),
        sql`${cycles.startsOn} <= ${day}::date and ${cycles.endsOn} >= ${day}::date`,
        sql`${orgPath}::ltree <@ ${orgs.path}`,
      ),
    )
    .limit(1);
  return hit !== undefined;
}

export type CycleRow = typeof cycles.$inferSelect & { orgName: string; orgLevel: string; orgPath: string };

const stagesOf = (row: typeof cycles.$inferSelect) =>
  Object.fromEntries(cycleStages.map((s) => [s, row[s]])) as Record<
    (typeof cycleStages)[number],
    string | null
  >;

/** What an audit entry keeps of a cycle: its own fields, without the timestamps. */
const cycleSnapshot = (row: typeof cycles.$inferSelect) => ({
  name: row.name,
  kind: row.kind,
  year: row.year,
  part: row.part,
  status: row.status,
  ...stagesOf(row),
});

/** The stage problems as a 400 naming the first and listing all by field. */
function assertStages(period: { startsOn: string; endsOn: string }, stages: CycleStageDates) {
  const problems = stageDatesProblems(period, stages);
  if (problems.length > 0)
    throw badRequest(
      'CYCLE_STAGES_INVALID',
      problems[0]!.message,
      problems.map((p) => ({ field: `stages.${p.field}`, message: p.message })),
    );
}

/**
 * A scheme body that passes the contract and `schemeProblems` (the scheme's own checks and each
 * rule's), or a 400 naming every problem by its field.
 */
export function assertSchemeBody(body: unknown): SchemeBody {
  if (!Value.Check(SchemeBody, body)) {
    const first = [...Value.Errors(SchemeBody, body)][0];
    throw badRequest(
      'SCHEME_INVALID',
      `考核方案格式有误：${first?.instancePath ?? ''} ${first?.message ?? ''}`.trim(),
    );
  }
  const problems = schemeProblems(body);
  if (problems.length > 0)
    throw badRequest(
      'SCHEME_INVALID',
      problems[0]!.message,
      problems.map((p) => ({ field: p.path, message: p.message })),
    );
  return body;
}

/** The default templates, already checked against the contract (a unit test holds them to it). */
const template = (audience: Audience): SchemeBody =>
  assertSchemeBody(structuredClone(schemeTemplates[audience]));

function selectCycles(dbOrTx: Db, scope: Scope, where?: SQL) {
  return dbOrTx
    .select({
      cycle: cycles,
      orgName: orgs.name,
      orgLevel: orgs.level,
      orgPath: orgs.path,
      reporters: sql<number>`(select count(*)::int from ${cycleReporters} where ${cycleReporters.cycleId} = ${cycles.id})`,
    })
    .from(cycles)
    .innerJoin(orgs, eq(orgs.id, cycles.orgId))
    .where(and(cycleVisible(scope, orgs.path), where));
}

/** Whether the actor may change cycles run by the org at `path` (closed or not). */
export const canWriteCycle = (actor: Actor, path: string) =>
  can(actor.role, 'cycle.write') && inScope(actor.scope, path);

/** The cycle as the actor sees it, with its running org; 404 when they cannot see it. */
export async function visibleCycle(dbOrTx: Db, actor: Actor, id: number) {
  const [row] = await selectCycles(dbOrTx, actor.scope, eq(cycles.id, id));
  if (!row) throw cycleNotFound();
  return row;
}

/** 403 for a cycle run above the actor's org. */
export const notOwnCycle = (row: { cycle: { name: string }; orgName: string }) =>
  forbidden('CYCLE_NOT_OWN', `考核周期“${row.cycle.name}”由${row.orgName}组织，只有该组织的工作人员可以修改`);

/**
 * The cycle, locked for the transaction, if the actor may change it: 404 when they cannot see it,
 * 403 when it is run above them, 409 when it is closed.
 */
export async function writableCycle(tx: Db, actor: Actor, id: number): Promise<CycleRow> {
  const row = await visibleCycle(tx, actor, id);
  if (!canWriteCycle(actor, row.orgPath)) throw notOwnCycle(row);
  const [locked] = await tx.select().from(cycles).where(eq(cycles.id, id)).for('update');
  if (locked!.status === 'closed') throw cycleClosed(locked!.name);
  return { ...locked!, orgName: row.orgName, orgLevel: row.orgLevel, orgPath: row.orgPath };
}
/** The latest version of each of a cycle's schemes: what letters and spot checks of it follow. */
export async function latestSchemes(dbOrTx: Db, cycleId: number) {
  return dbOrTx
    .selectDistinctOn([schemes.audience])
    .from(schemes)
    .where(eq(schemes.cycleId, cycleId))
    .orderBy(schemes.audience, desc(schemes.version));
}

export function createCycleService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  function toCycle(
    actor: Actor,
    row: {
      cycle: typeof cycles.$inferSelect;
      orgName: string;
      orgLevel: string;
      orgPath: string;
      reporters: number;
    },
  ): Cycle {
    const c = row.cycle;
    return {
      id: c.id,
      org: { id: c.orgId, name: row.orgName, level: row.orgLevel as OrgLevel },
      name: c.name,
      kind: c.kind as CycleKind,
      year: c.year,
      part: c.part,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      status: c.status as CycleStatus,
      stages: stagesOf(c),
      reporters: row.reporters,
      writable: c.status !== 'closed' && canWriteCycle(actor, row.orgPath),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }

  // ---- reporting sets ---------------------------------------------------------------------------

  /** Orgs a cycle's set may hold: the running org's subtree below it, dissolved orgs left out. */
  async function candidatesOf(dbOrTx: Db, runningPath: string) {
    const today = clock.today();
    const parent = sql`(select p.name from ${orgs} p where p.id = ${orgs.parentId})`;
    return dbOrTx
      .select({
        id: orgs.id,
        name: orgs.name,
        level: orgs.level,
        domain: orgs.domain,
        parentName: sql<string | null>`${parent}`,
        depth: sql<number>`(nlevel(${orgs.path}) - nlevel(${runningPath}::ltree))::int`,
      })
      .from(orgs)
      .where(
        and(
          sql`${orgs.path} <@ ${runningPath}::ltree`,
          sql`${orgs.path} <> ${runningPath}::ltree`,
          or(isNull(orgs.dissolvedOn), sql`${orgs.dissolvedOn} > ${today}::date`),
        ),
      )
      .orderBy(sql`nlevel(${orgs.path})`, asc(orgs.parentId), asc(orgs.sortOrder), asc(orgs.id));
  }

  /** Stores the set a rule picks (replacing the one before) and returns the picked ids. */
  async function materialize(tx: Db, cycle: CycleRow, rule: ReportingRule) {
    const candidates = await candidatesOf(tx, cycle.orgPath);
    const known = new Set(candidates.map((c) => c.id));
    for (const field of ['include', 'exclude'] as const) {
      const stray = rule[field].filter((id) => !known.has(id));
      if (stray.length > 0)
        throw badRequest(
          'REPORTING_ORG_INVALID',
          `${field === 'include' ? '加入' : '移出'}的组织（编号 ${stray.join('、')}）不在${cycle.orgName}的下级组织中，或已撤销`,
          [{ field: `rule.${field}`, message: '组织不在可选范围内' }],
        );
    }
    const picked = selectReporters(
      candidates.map((c) => ({ ...c, level: c.level as OrgLevel, domain: c.domain as OrgDomain | null })),
      rule,
    );
    const included = new Set(rule.include);
    const levelOf = new Map(candidates.map((c) => [c.id, c.level as OrgLevel]));
    await tx.delete(cycleReporters).where(eq(cycleReporters.cycleId, cycle.id));
    for (let at = 0; at < picked.length; at += 1000)
      await tx.insert(cycleReporters).values(
        picked.slice(at, at + 1000).map((orgId) => ({
          cycleId: cycle.id,
          orgId,
          audience: audienceOfLevel(levelOf.get(orgId)!),
          added: included.has(orgId),
        })),
      );
    return picked;
  }

  async function readReportingSet(dbOrTx: Db, cycle: CycleRow): Promise<ReportingSet> {
    const rule = cycle.reportingRule;
    const [candidates, stored] = await Promise.all([
      candidatesOf(dbOrTx, cycle.orgPath),
      dbOrTx.select().from(cycleReporters).where(eq(cycleReporters.cycleId, cycle.id)),
    ]);
    const inSet = new Map(stored.map((r) => [r.orgId, r]));
    const excluded = new Set(rule.exclude);
    return {
      rule,
      count: stored.length,
      candidates: candidates.map((c) => ({
        id: c.id,
        name: c.name,
        level: c.level as OrgLevel,
        domain: c.domain as OrgDomain | null,
        parentName: c.parentName,
        selected: inSet.has(c.id),
        added: inSet.get(c.id)?.added ?? false,
        removed: excluded.has(c.id),
        audience: (inSet.get(c.id)?.audience as Audience | undefined) ?? audienceOfLevel(c.level as OrgLevel),
      })),
    };
  }

  // ---- schemes ------------------------------------------------------------------------------------

  async function insertSchemes(tx: Db, actor: Actor, cycle: CycleRow, bodies: SchemeBody[]) {
    for (const body of bodies) {
      const [row] = await tx
        .insert(schemes)
        .values({
          cycleId: cycle.id,
          audience: body.audience,
          version: 1,
          body,
          savedByName: actor.displayName,
        })
        .returning({ id: schemes.id });
      await recordAudit(tx, actor, {
        action: 'create',
        entityType: 'scheme',
        entityId: row!.id,
        orgPath: cycle.orgPath,
        after: { cycleId: cycle.id, audience: body.audience, version: 1, body },
      });
    }
  }

  /** Where a new cycle's schemes come from: the templates for the audiences its set needs, or a copy. */
  async function originSchemes(
    tx: Db,
    actor: Actor,
    input: CreateCycleInput,
    rule: ReportingRule,
  ): Promise<SchemeBody[]> {
    if (!input.schemes) return [];
    if ('template' in input.schemes) {
      return audiencesOfRule(rule).map(template);
    }
    const from = await visibleCycle(tx, actor, input.schemes.copyFromCycleId);
    const rows = await latestSchemes(tx, from.cycle.id);
    if (rows.length === 0)
      throw badRequest('SCHEME_SOURCE_EMPTY', `考核周期“${from.cycle.name}”没有可复制的考核方案`, [
        { field: 'schemes.copyFromCycleId', message: '该周期没有考核方案' },
      ]);
    return rows.map((r) => r.body as SchemeBody);
  }

  function toScheme(row: typeof schemes.$inferSelect, all: (typeof schemes.$inferSelect)[]): Scheme {
    const body = row.body as SchemeBody;
    const latest = Math.max(...all.map((r) => r.version));
    return {
      cycleId: row.cycleId,
      audience: row.audience as Audience,
      version: row.version,
      latest: row.version === latest,
      body,
      total: schemeTotal(body),
      savedByName: row.savedByName,
      updatedAt: row.updatedAt.toISOString(),
      versions: all.map((r) => ({
        version: r.version,
        savedByName: r.savedByName,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      })),
    };
  }

  async function readScheme(dbOrTx: Db, cycleId: number, audience: Audience, version?: number) {
    const all = await dbOrTx
      .select()
      .from(schemes)
      .where(and(eq(schemes.cycleId, cycleId), eq(schemes.audience, audience)))
      .orderBy(desc(schemes.version));
    const row = version === undefined ? all[0] : all.find((r) => r.version === version);
    if (!row)
      throw notFound(
        version === undefined
          ? `本考核周期尚未制定适用于${audience === 'committee' ? '乡镇（街道）党（工）委' : '村（社区）党组织'}的考核方案`
          : `考核方案没有第 ${version} 版`,
      );
    return toScheme(row, all);
  }

  /** Every problem of an imported body (shape, the scheme's checks, its rules'), under its row and column. */
  function sheetProblems(body: unknown, at: (field: string) => { row: number; column: string }): RowError[] {
    if (!Value.Check(SchemeBody, body))
      return [...Value.Errors(SchemeBody, body)].slice(0, maxReportedErrors).map((e) => {
        const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const place = at(field);
        return { ...place, message: `${place.column}的内容不符合要求（${field || '方案'}）` };
      });
    return schemeProblems(body).map((p) => ({ ...at(p.path), message: p.message }));
  }

  return {
    async list(actor: Actor, query: CycleListParams): Promise<{ items: Cycle[] }> {
      const filters = [
        query.orgId === undefined ? undefined : eq(cycles.orgId, query.orgId),
        query.year === undefined ? undefined : eq(cycles.year, query.year),
        query.status === undefined ? undefined : eq(cycles.status, query.status),
      ];
      const rows = await selectCycles(db, actor.scope, and(...filters)).orderBy(
        desc(cycles.year),
        asc(cycles.kind),
        desc(cycles.part),
        sql`nlevel(${orgs.path})`,
        asc(cycles.id),
      );
      return { items: rows.map((r) => toCycle(actor, r)) };
    },

    async get(actor: Actor, id: number): Promise<Cycle> {
      return toCycle(actor, await visibleCycle(db, actor, id));
    },

    async create(actor: Actor, input: CreateCycleInput): Promise<Cycle> {
      const part = input.part ?? null;
      const partProblem = cyclePartProblem(input.kind, part);
      if (partProblem)
        throw badRequest('CYCLE_PART_INVALID', partProblem, [{ field: 'part', message: partProblem }]);
      const period = cyclePeriod(input.kind, input.year, part);
      assertStages(period, input.stages ?? {});
      const id = await db.transaction(async (tx) => {
        const [org] = await tx
          .select({
            id: orgs.id,
            name: orgs.name,
            level: orgs.level,
            path: orgs.path,
            dissolvedOn: orgs.dissolvedOn,
          })
          .from(orgs)
          .where(and(eq(orgs.id, input.orgId), withinScope(actor.scope, orgs.path)));
        if (!org) throw notFound('党组织不存在或无权查看');
        if (org.level === 'branch')
          throw badRequest(
            'CYCLE_ORG_INVALID',
            `${org.name}是党支部，没有下级组织向其述职，不能组织考核周期`,
            [{ field: 'orgId', message: '党支部不能组织考核周期' }],
          );
        if (org.dissolvedOn !== null && org.dissolvedOn <= clock.today())
          throw badRequest('CYCLE_ORG_INVALID', `${org.name}已撤销，不能组织考核周期`, [
            { field: 'orgId', message: '组织已撤销' },
          ]);
        const rule = defaultReportingRule(org.level as OrgLevel);
        const bodies = await originSchemes(tx, actor, input, rule);
        const name = input.name ?? defaultCycleName(input.kind, input.year, part);
        const [row] = await tx
          .insert(cycles)
          .values({
            orgId: org.id,
            name,
            kind: input.kind,
            year: input.year,
            part,
            ...period,
            ...input.stages,
            reportingRule: rule,
          })
          .onConflictDoNothing()
          .returning();
        if (!row)
          throw conflict(
            'CYCLE_EXISTS',
            `${org.name}已有${cyclePeriodName(input.kind, input.year, part)}的考核周期，不能重复创建`,
          );
        const cycle: CycleRow = { ...row, orgName: org.name, orgLevel: org.level, orgPath: org.path };
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'cycle',
          entityId: row.id,
          orgPath: org.path,
          after: cycleSnapshot(row),
        });
        const picked = await materialize(tx, cycle, rule);
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'reportingSet',
          entityId: row.id,
          orgPath: org.path,
          after: { rule, orgIds: picked },
        });
        await insertSchemes(tx, actor, cycle, bodies);
        return row.id;
      });
      return this.get(actor, id);
    },

    async update(actor: Actor, id: number, input: UpdateCycleInput): Promise<Cycle> {
      await db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, id);
        const stages = { ...stagesOf(cycle), ...input.stages };
        assertStages(cycle, stages);
        const [row] = await tx
          .update(cycles)
          .set({ ...(input.name ? { name: input.name } : {}), ...stages, updatedAt: sql`now()` })
          .where(eq(cycles.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'cycle',
          entityId: id,
          orgPath: cycle.orgPath,
          before: cycleSnapshot(cycle),
          after: cycleSnapshot(row!),
        });
      });
      return this.get(actor, id);
    },

    /** One step forward: draft → open → reviewing → closed. */
    async setStatus(actor: Actor, id: number, input: CycleStatusInput): Promise<Cycle> {
      await db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, id);
        const from = cycle.status as CycleStatus;
        const next = nextCycleStatus[from];
        if (next !== input.status)
          throw conflict(
            'CYCLE_STATUS_INVALID',
            `考核周期当前为“${cycleStatusLabels[from]}”，不能直接改为“${cycleStatusLabels[input.status]}”` +
              (next ? `，下一步应为“${cycleStatusLabels[next]}”` : ''),
          );
        if (next === 'open') {
          const [count] = await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(schemes)
            .where(eq(schemes.cycleId, id));
          if (count!.n === 0) throw conflict('CYCLE_WITHOUT_SCHEME', '请先制定考核方案，再开始考核周期');
        }
        await tx
          .update(cycles)
          .set({ status: next, updatedAt: sql`now()` })
          .where(eq(cycles.id, id));
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'cycle',
          entityId: id,
          orgPath: cycle.orgPath,
          before: { status: from },
          after: { status: next },
        });
      });
      return this.get(actor, id);
    },

    /** Admins only (the route's permission): a closed cycle goes back to reviewing, with the reason kept. */
    async reopen(actor: Actor, id: number, input: ReopenCycleInput): Promise<Cycle> {
      await db.transaction(async (tx) => {
        const row = await visibleCycle(tx, actor, id);
        const [locked] = await tx.select().from(cycles).where(eq(cycles.id, id)).for('update');
        if (locked!.status !== 'closed')
          throw conflict('CYCLE_NOT_CLOSED', `考核周期“${locked!.name}”未结束，无需重新开启`);
        await tx
          .update(cycles)
          .set({ status: 'reviewing', updatedAt: sql`now()` })
          .where(eq(cycles.id, id));
        await recordAudit(tx, actor, {
          action: 'cycle.reopen',
          entityType: 'cycle',
          entityId: id,
          orgPath: row.orgPath,
          before: { status: 'closed' },
          after: { status: 'reviewing', reason: input.reason },
        });
      });
      return this.get(actor, id);
    },

    async reportingSet(actor: Actor, id: number): Promise<ReportingSet> {
      const row = await visibleCycle(db, actor, id);
      return readReportingSet(db, {
        ...row.cycle,
        orgName: row.orgName,
        orgLevel: row.orgLevel,
        orgPath: row.orgPath,
      });
    },

    async saveReportingSet(actor: Actor, id: number, rule: ReportingRule): Promise<ReportingSet> {
      return db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, id);
        const before = await tx
          .select({ orgId: cycleReporters.orgId })
          .from(cycleReporters)
          .where(eq(cycleReporters.cycleId, id));
        const picked = await materialize(tx, cycle, rule);
        await tx
          .update(cycles)
          .set({ reportingRule: rule, updatedAt: sql`now()` })
          .where(eq(cycles.id, id));
        const had = new Set(before.map((r) => r.orgId));
        const has = new Set(picked);
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'reportingSet',
          entityId: id,
          orgPath: cycle.orgPath,
          before: { rule: cycle.reportingRule, count: had.size },
          after: {
            rule,
            count: has.size,
            addedOrgIds: picked.filter((o) => !had.has(o)),
            removedOrgIds: [...had].filter((o) => !has.has(o)),
          },
        });
        return readReportingSet(tx, { ...cycle, reportingRule: rule });
      });
    },

    async schemes(actor: Actor, id: number): Promise<{ items: SchemeSummary[] }> {
      const row = await visibleCycle(db, actor, id);
      const latest = await latestSchemes(db, row.cycle.id);
      return {
        items: latest.map((s) => {
          const body = s.body as SchemeBody;
          return {
            audience: s.audience as Audience,
            name: body.name,
            version: s.version,
            total: schemeTotal(body),
            indicators: body.categories.reduce((n, c) => n + c.indicators.length, 0),
            updatedAt: s.updatedAt.toISOString(),
          };
        }),
      };
    },

    async scheme(
      actor: Actor,
      id: number,
      audience: Audience,
      version?: number,
    ): Promise<Scheme & { cycleName: string }> {
      const row = await visibleCycle(db, actor, id);
      return { ...(await readScheme(db, id, audience, version)), cycleName: row.cycle.name };
    },

    /**
     * Saves a scheme: in place while the cycle is a draft, as a new version once it is open (the old
     * one stays readable for the scores computed with it). An unchanged body changes nothing.
     */
    async saveScheme(actor: Actor, id: number, audience: Audience, input: unknown): Promise<Scheme> {
      const body = assertSchemeBody(input);
      if (body.audience !== audience)
        throw badRequest('SCHEME_AUDIENCE_MISMATCH', '方案的适用对象与保存位置不一致', [
          { field: 'audience', message: '适用对象不一致' },
        ]);
      return db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, id);
        const [latest] = await tx
          .select()
          .from(schemes)
          .where(and(eq(schemes.cycleId, id), eq(schemes.audience, audience)))
          .orderBy(desc(schemes.version))
          .limit(1);
        if (!latest) {
          await insertSchemes(tx, actor, cycle, [body]);
        } else if (!isDeepStrictEqual(latest.body, body)) {
          // (jsonb keeps keys in its own order: compared as values, not as text.)
          const inPlace = cycle.status === 'draft';
          const version = inPlace ? latest.version : latest.version + 1;
          const [row] = inPlace
            ? await tx
                .update(schemes)
                .set({ body, savedByName: actor.displayName, updatedAt: sql`now()` })
                .where(eq(schemes.id, latest.id))
                .returning({ id: schemes.id })
            : await tx
                .insert(schemes)
                .values({ cycleId: id, audience, version, body, savedByName: actor.displayName })
                .returning({ id: schemes.id });
          await recordAudit(tx, actor, {
            action: inPlace ? 'update' : 'create',
            entityType: 'scheme',
            entityId: row!.id,
            orgPath: cycle.orgPath,
            ...(inPlace ? { before: { version, body: latest.body } } : {}),
            after: { cycleId: id, audience, version, body },
          });
        }
        return readScheme(tx, id, audience);
      });
    },

    /** The scheme (a version, or the latest) as a printable 考核评分细则 workbook. */
    async exportScheme(actor: Actor, id: number, audience: Audience, version?: number) {
      const scheme = await this.scheme(actor, id, audience, version);
      const subtitle = `${scheme.cycleName}（第${scheme.version}版）`;
      return {
        fileName: `${scheme.body.name}（第${scheme.version}版）.xlsx`,
        body: await schemeWorkbook(scheme.body, subtitle),
      };
    },

    /** Reads a 考核评分细则 workbook and saves it as the scheme: all of it, or nothing with every row error. */
    async importScheme(actor: Actor, id: number, audience: Audience, file: unknown): Promise<Scheme> {
      // Refused before reading when the cycle cannot take it, as a save would be.
      await db.transaction((tx) => writableCycle(tx, actor, id));
      if (!Buffer.isBuffer(file) || file.length === 0)
        throw badRequest('IMPORT_FILE_MISSING', '请上传 Excel 文件（.xlsx）');
      const sheet = await readSchemeWorkbook(file);
      const read = readSchemeSheet(sheet, audience);
      const errors = 'errors' in read ? read.errors : sheetProblems(read.body, read.at);
      if (errors.length > 0 || 'errors' in read)
        throw new AppError(
          422,
          'SCHEME_ROWS_INVALID',
          `文件中有 ${errors.length} 处错误，未导入任何内容，请修改后重新上传`,
          { total: errors.length, rows: sheet.rows.length, errors: errors.slice(0, maxReportedErrors) },
        );
      return this.saveScheme(actor, id, audience, read.body);
    },
  };
}

export type CycleService = ReturnType<typeof createCycleService>;
