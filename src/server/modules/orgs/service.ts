import { and, asc, eq, ilike, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { isScopeRoot, type Scope } from '../../../domain/access.js';
import { termReminderDays, termStatusOn, type OrgClassification } from '../../../domain/member-base.js';
import {
  childPath,
  isWithin,
  orgDatesProblem,
  placementProblem,
  type OrgDomain,
  type OrgLevel,
} from '../../../domain/org-tree.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { advisoryLockKeys } from '../../../db/advisory-locks.js';
import { orgs, users } from '../../../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { removeOwnRecords } from './records.js';
import type {
  CreateOrgInput,
  Org,
  OrgTermList,
  OrgTermsParams,
  UpdateOrgInput,
} from '../../../contract/orgs.js';
import type { Clock } from '../../clock.js';

// Serializes changes to the tree's shape across all app instances, so two concurrent moves can
// never build a cycle or leave stale paths.
export const treeLockKey = advisoryLockKeys.orgTree;

const outOfScope = () => notFound('组织不存在或不在您的管理范围内');

// The correlated subqueries name the outer table outright: drizzle writes columns unqualified in a
// select list, and a bare "id" would bind to the inner alias.
function orgColumns(scope: Scope) {
  return {
    id: orgs.id,
    parentId: orgs.parentId,
    path: orgs.path,
    name: orgs.name,
    level: orgs.level,
    domain: orgs.domain,
    sortOrder: orgs.sortOrder,
    secretaryName: orgs.secretaryName,
    deputySecretaryName: orgs.deputySecretaryName,
    foundedOn: orgs.foundedOn,
    dissolvedOn: orgs.dissolvedOn,
    termStartedOn: orgs.termStartedOn,
    termEndsOn: orgs.termEndsOn,
    classification: orgs.classification,
    hasServiceCenter: orgs.hasServiceCenter,
    hasRemoteEducationSite: orgs.hasRemoteEducationSite,
    createdAt: orgs.createdAt,
    updatedAt: orgs.updatedAt,
    childCount: sql<number>`(select count(*)::int from orgs c where c.parent_id = "orgs"."id" and ${withinScope(scope, sql`c.path`)})`,
  };
}

type OrgRow = Omit<Org, 'level' | 'domain' | 'classification' | 'termStatus' | 'createdAt' | 'updatedAt'> & {
  level: string;
  domain: string | null;
  classification: string | null;
  createdAt: Date;
  updatedAt: Date;
};
const toDto = (row: OrgRow, today: string): Org => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  level: row.level as OrgLevel,
  domain: row.domain as OrgDomain | null,
  classification: row.classification as OrgClassification | null,
  termStatus: termStatusOn(row, today),
});

/** The fields an audit entry keeps of an org. */
const auditView = (o: Org) => ({
  name: o.name,
  level: o.level,
  domain: o.domain,
  sortOrder: o.sortOrder,
  parentId: o.parentId,
  path: o.path,
  secretaryName: o.secretaryName,
  deputySecretaryName: o.deputySecretaryName,
  foundedOn: o.foundedOn,
  dissolvedOn: o.dissolvedOn,
  termStartedOn: o.termStartedOn,
  termEndsOn: o.termEndsOn,
  classification: o.classification,
  hasServiceCenter: o.hasServiceCenter,
  hasRemoteEducationSite: o.hasRemoteEducationSite,
});

/**
 * An org is dissolved (撤销) only once nobody and nothing is left in it: its people's relations are
 * transferred first and its sub-orgs dissolved, or they would sit in an org the checks refuse.
 */
async function assertEmptyForDissolving(tx: Db, id: number, dissolvedOn: string) {
  const [counts] = await queryRows<{ members: number; children: number }>(
    tx,
    sql`select (select count(*)::int from members
                where org_id = ${id} and (left_on is null or left_on > ${dissolvedOn}::date)) as members,
               (select count(*)::int from orgs
                where parent_id = ${id} and (dissolved_on is null or dissolved_on > ${dissolvedOn}::date)) as children`,
  );
  const refuse = (code: string, message: string) =>
    conflict(code, message, [{ field: 'dissolvedOn', message }]);
  if (counts!.members > 0)
    throw refuse(
      'ORG_HAS_MEMBERS',
      `该组织尚有 ${counts!.members} 名党员（含入党申请人、积极分子）在册，请先转接组织关系，再填写撤销日期`,
    );
  if (counts!.children > 0)
    throw refuse(
      'ORG_HAS_CHILDREN',
      `该组织尚有 ${counts!.children} 个未撤销的下级组织，请先撤销或移走下级组织，再填写撤销日期`,
    );
}

// An org's deletion may only remove what belongs to it: members and their transfer history keep
// it (they are never deleted), and another org's record that names it is not the deleter's to
// change, least of all when that org lies outside the deleter's scope.
async function assertNoMemberRecords(tx: Db, id: number) {
  const [counts] = await queryRows<{ members: number; transfers: number }>(
    tx,
    sql`select (select count(*)::int from members where org_id = ${id}) as members,
               (select count(*)::int from member_transfers
                where from_org_id = ${id} or to_org_id = ${id}) as transfers`,
  );
  const dissolve = '；如该组织已撤销，请填写撤销日期';
  if (counts!.members > 0)
    throw conflict(
      'ORG_HAS_MEMBERS',
      `该组织有 ${counts!.members} 名党员（含已离开的人员）的记录，不能删除${dissolve}`,
    );
  if (counts!.transfers > 0)
    throw conflict(
      'ORG_HAS_TRANSFERS',
      `该组织有 ${counts!.transfers} 条组织关系转接记录，不能删除${dissolve}`,
    );
}

/** Files belong to an org for good (their path decides who reads them): they must go first. */
async function assertNoFiles(tx: Db, path: string) {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from files where org_path = ${path}::ltree`,
  );
  if (row!.n > 0) throw conflict('ORG_HAS_FILES', `该组织下还有 ${row!.n} 个文件，不能删除`);
}

/** The ledger is the record of an org's work that scores were computed from: it is never dropped with the org. */
async function assertNoLedger(tx: Db, id: number) {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from ledger_records where org_id = ${id}`,
  );
  if (row!.n > 0) throw conflict('ORG_HAS_LEDGER', `该组织还有 ${row!.n} 条台账记录，不能删除`);
}

/** 问题清单 items (and the measures an org answers for) are the record of its rectification: they stay. */
async function assertNoProblems(tx: Db, id: number) {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from problems p
        where p.org_id = ${id} or exists (select 1 from problem_measures m where m.problem_id = p.id and m.responsible_org_id = ${id})`,
  );
  if (row!.n > 0) throw conflict('ORG_HAS_PROBLEMS', `该组织还有 ${row!.n} 个整改问题，不能删除`);
}

async function assertNotReferenced(tx: Db, scope: Scope, id: number) {
  const refs = await queryRows<{
    kind: 'pairing' | 'nonPublicEntity';
    orgId: number;
    orgName: string;
    inScope: boolean;
  }>(
    tx,
    sql`select r.kind, h.id as "orgId", h.name as "orgName", ${withinScope(scope, sql`h.path`)} as "inScope"
        from (select 'pairing' as kind, org_id from pairings where partner_org_id = ${id} and org_id <> ${id}
              union all
              select 'nonPublicEntity', org_id from non_public_entities
              where (own_org_id = ${id} or covered_by_org_id = ${id}) and org_id <> ${id}) r
        join orgs h on h.id = r.org_id
        order by h.path, r.kind`,
  );
  if (refs.length === 0) return;
  const label = { pairing: '结对共建记录', nonPublicEntity: '非公企业或社会组织' };
  const visible = refs.filter((r) => r.inScope);
  const hidden = refs.length - visible.length;
  const named = [...new Set(visible.map((r) => `${r.orgName}的${label[r.kind]}`))];
  const parts = [...named, ...(hidden ? [`${hidden} 条您管理范围以外的记录`] : [])];
  // Out-of-scope holders are counted, never named.
  throw conflict(
    'ORG_REFERENCED',
    `该组织仍被其他组织的记录引用（${parts.join('、')}），请先解除引用后再删除`,
    {
      references: visible.map(({ kind, orgId, orgName }) => ({ kind, orgId, orgName })),
      outOfScope: hidden,
    },
  );
}

export function createOrgService({ db, clock }: { db: Db; clock: Clock }) {
  const dto = (row: OrgRow) => toDto(row, clock.today());

  async function select(dbOrTx: Db, scope: Scope, where: SQL | undefined): Promise<Org[]> {
    const rows = await dbOrTx
      .select(orgColumns(scope))
      .from(orgs)
      .where(and(withinScope(scope, orgs.path), where))
      .orderBy(asc(orgs.sortOrder), asc(orgs.id));
    return rows.map(dto);
  }

  async function findInScope(dbOrTx: Db, scope: Scope, id: number): Promise<Org> {
    const [org] = await select(dbOrTx, scope, eq(orgs.id, id));
    if (!org) throw outOfScope();
    return org;
  }

  async function assertSiblingNameFree(tx: Db, parentId: number | null, name: string, exceptId?: number) {
    const [clash] = await tx
      .select({ id: orgs.id })
      .from(orgs)
      .where(
        and(
          parentId === null ? isNull(orgs.parentId) : eq(orgs.parentId, parentId),
          eq(orgs.name, name),
          exceptId === undefined ? undefined : ne(orgs.id, exceptId),
        ),
      );
    if (clash) throw conflict('ORG_NAME_TAKEN', `同一上级下已有名为“${name}”的组织`);
  }

  function changeTree<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${treeLockKey})`);
      return work(tx);
    });
  }

  return {
    findInScope: (scope: Scope, id: number) => findInScope(db, scope, id),

    /** The tops of what the actor can see: top-level orgs for admins, their own org otherwise. */
    roots(actor: Actor): Promise<Org[]> {
      if (actor.scope.kind === 'all') return select(db, actor.scope, isNull(orgs.parentId));
      // Anyone else's one root is their own org: read by its path, not picked out of every org in
      // scope (each with its child count, seconds for a county).
      if (actor.orgPath === null) return Promise.resolve([]);
      return select(db, actor.scope, sql`${orgs.path} = ${actor.orgPath}::ltree`);
    },

    async children(actor: Actor, parentId: number): Promise<Org[]> {
      await findInScope(db, actor.scope, parentId);
      return select(db, actor.scope, eq(orgs.parentId, parentId));
    },

    async search(actor: Actor, q: string) {
      const pattern = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      const rows = await db
        .select({
          ...orgColumns(actor.scope),
          pathNames: sql<
            string[]
          >`(select array_agg(a.name order by nlevel(a.path)) from orgs a where a.path @> "orgs"."path" and ${withinScope(actor.scope, sql`a.path`)})`,
        })
        .from(orgs)
        .where(and(withinScope(actor.scope, orgs.path), ilike(orgs.name, pattern)))
        .orderBy(sql`nlevel(${orgs.path})`, asc(orgs.sortOrder), asc(orgs.id))
        .limit(50);
      return rows.map((r) => ({ ...dto(r), pathNames: r.pathNames ?? [] }));
    },

    /**
     * 换届提醒: orgs in the subtree whose term ends within 90 days or has ended, soonest first (the
     * overdue ones lead), a page of them and the counts of all: a county has thousands.
     */
    async terms(actor: Actor, query: OrgTermsParams): Promise<OrgTermList> {
      const root = query.orgId === undefined ? undefined : await findInScope(db, actor.scope, query.orgId);
      const day = clock.today();
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const where = and(
        withinScope(actor.scope, orgs.path),
        root ? sql`${orgs.path} <@ ${root.path}::ltree` : undefined,
        sql`${orgs.termEndsOn} <= ${day}::date + ${termReminderDays}::int`,
        sql`(${orgs.dissolvedOn} is null or ${orgs.dissolvedOn} > ${day}::date)`,
      );
      const [[counts], rows] = await Promise.all([
        db
          .select({
            total: sql<number>`count(*)::int`,
            overdue: sql<number>`(count(*) filter (where ${orgs.termEndsOn} < ${day}::date))::int`,
          })
          .from(orgs)
          .where(where),
        db
          .select(orgColumns(actor.scope))
          .from(orgs)
          .where(where)
          .orderBy(asc(orgs.termEndsOn), asc(orgs.path))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
      ]);
      return { items: rows.map(dto), total: counts!.total, overdue: counts!.overdue };
    },

    /** One org with its ancestors within scope, root first: one statement, one round trip. */
    async get(actor: Actor, id: number) {
      const [row] = await db
        .select({
          ...orgColumns(actor.scope),
          ancestors: sql<{ id: number; name: string }[]>`(
            select coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) order by nlevel(a.path)), '[]'::json)
            from orgs a
            where a.path @> "orgs"."path" and a.id <> "orgs"."id" and ${withinScope(actor.scope, sql`a.path`)})`,
        })
        .from(orgs)
        .where(and(eq(orgs.id, id), withinScope(actor.scope, orgs.path)));
      if (!row) throw outOfScope();
      const { ancestors, ...org } = row;
      return { ...dto(org), ancestors };
    },

    create(actor: Actor, body: CreateOrgInput): Promise<Org> {
      if (body.parentId === null && actor.scope.kind !== 'all') {
        throw forbidden('FORBIDDEN', '只有系统管理员可以新建顶级组织');
      }
      const name = body.name.trim();
      return changeTree(async (tx) => {
        const parent = body.parentId === null ? null : await findInScope(tx, actor.scope, body.parentId);
        const problem = placementProblem(parent?.level ?? null, body.level);
        if (problem) throw badRequest('ORG_PLACEMENT_INVALID', problem);
        await assertSiblingNameFree(tx, body.parentId, name);
        // The path holds the new id, so the id is drawn first.
        const [next] = await queryRows<{ id: number }>(
          tx,
          sql`select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id`,
        );
        const id = next!.id;
        await tx.insert(orgs).values({
          id,
          parentId: body.parentId,
          path: childPath(parent?.path ?? null, id),
          name,
          level: body.level,
          domain: body.domain ?? null,
          sortOrder: body.sortOrder ?? 0,
        });
        const created = await findInScope(tx, actor.scope, id);
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'org',
          entityId: id,
          orgPath: created.path,
          after: auditView(created),
        });
        return created;
      });
    },

    update(actor: Actor, id: number, body: UpdateOrgInput): Promise<Org> {
      // Under the tree lock too: two renames to one name must not both pass the sibling check.
      return changeTree(async (tx) => {
        const before = await findInScope(tx, actor.scope, id);
        const name = body.name?.trim();
        if (name !== undefined && name !== before.name)
          await assertSiblingNameFree(tx, before.parentId, name, id);
        if (body.level && body.level !== before.level) {
          const parent =
            before.parentId === null
              ? null
              : await tx.select({ level: orgs.level }).from(orgs).where(eq(orgs.id, before.parentId));
          const problem =
            placementProblem((parent?.[0]?.level as OrgLevel | undefined) ?? null, body.level) ??
            (await tx.selectDistinct({ level: orgs.level }).from(orgs).where(eq(orgs.parentId, id)))
              .map((c) => placementProblem(body.level!, c.level as OrgLevel))
              .find((p) => p !== null) ??
            null;
          if (problem) throw badRequest('ORG_PLACEMENT_INVALID', problem);
        }
        const { name: _name, ...attributes } = body;
        const datesProblem = orgDatesProblem(
          {
            foundedOn: body.foundedOn === undefined ? before.foundedOn : body.foundedOn,
            dissolvedOn: body.dissolvedOn === undefined ? before.dissolvedOn : body.dissolvedOn,
            termStartedOn: body.termStartedOn === undefined ? before.termStartedOn : body.termStartedOn,
            termEndsOn: body.termEndsOn === undefined ? before.termEndsOn : body.termEndsOn,
          },
          clock.today(),
        );
        if (datesProblem) throw badRequest('ORG_DATES_INVALID', datesProblem.message, [datesProblem]);
        if (body.dissolvedOn && body.dissolvedOn !== before.dissolvedOn)
          await assertEmptyForDissolving(tx, id, body.dissolvedOn);
        await tx
          .update(orgs)
          .set({
            ...attributes,
            name,
            secretaryName: body.secretaryName?.trim() ?? body.secretaryName,
            deputySecretaryName: body.deputySecretaryName?.trim() ?? body.deputySecretaryName,
            updatedAt: sql`now()`,
          })
          .where(eq(orgs.id, id));
        const after = await findInScope(tx, actor.scope, id);
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'org',
          entityId: id,
          orgPath: after.path,
          before: auditView(before),
          after: auditView(after),
        });
        return after;
      });
    },

    move(actor: Actor, id: number, parentId: number): Promise<Org> {
      return changeTree(async (tx) => {
        const org = await findInScope(tx, actor.scope, id);
        if (isScopeRoot(actor.scope, org.path))
          throw forbidden('ORG_SCOPE_ROOT', '不能移动您所管辖范围的根组织');
        const parent = await findInScope(tx, actor.scope, parentId);
        if (isWithin(parent.path, org.path))
          throw badRequest('ORG_MOVE_CYCLE', '不能把组织移到它自己或其下级组织之下');
        const problem = placementProblem(parent.level, org.level);
        if (problem) throw badRequest('ORG_PLACEMENT_INVALID', problem);
        if (parent.id === org.parentId) return org;
        await assertSiblingNameFree(tx, parent.id, org.name, id);
        await tx.execute(sql`
          update orgs set path = ${parent.path}::ltree || subpath(path, nlevel(${org.path}::ltree) - 1)
          where path <@ ${org.path}::ltree`);
        await tx.execute(sql`
          update members set org_path = ${parent.path}::ltree || subpath(org_path, nlevel(${org.path}::ltree) - 1)
          where org_path <@ ${org.path}::ltree`);
        await tx.execute(sql`
          update problems set org_path = ${parent.path}::ltree || subpath(org_path, nlevel(${org.path}::ltree) - 1)
          where org_path <@ ${org.path}::ltree`);
        await tx.execute(sql`
          update files set org_path = ${parent.path}::ltree || subpath(org_path, nlevel(${org.path}::ltree) - 1)
          where org_path <@ ${org.path}::ltree`);
        // Entries are read by where their object is now: the new owner reads them, the old one no more.
        await tx.execute(sql`
          update audit_log set org_path = ${parent.path}::ltree || subpath(org_path, nlevel(${org.path}::ltree) - 1)
          where org_path <@ ${org.path}::ltree`);
        await tx
          .update(orgs)
          .set({ parentId: parent.id, updatedAt: sql`now()` })
          .where(eq(orgs.id, id));
        const moved = await findInScope(tx, actor.scope, id);
        await recordAudit(tx, actor, {
          action: 'move',
          entityType: 'org',
          entityId: id,
          orgPath: moved.path,
          before: { name: org.name, parentId: org.parentId, path: org.path },
          after: { name: moved.name, parentId: moved.parentId, path: moved.path },
        });
        return moved;
      });
    },

    remove(actor: Actor, id: number): Promise<void> {
      return changeTree(async (tx) => {
        const org = await findInScope(tx, actor.scope, id);
        if (isScopeRoot(actor.scope, org.path))
          throw forbidden('ORG_SCOPE_ROOT', '不能删除您所管辖范围的根组织');
        // Rows that would attach to the org meanwhile (members, users, records naming it) wait for
        // this lock, so the checks below stay true until the delete commits.
        await tx.execute(sql`select 1 from orgs where id = ${id} for update`);
        const [child] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.parentId, id)).limit(1);
        if (child) throw conflict('ORG_HAS_CHILDREN', '该组织下还有下级组织，请先移走或删除下级组织');
        const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.orgId, id)).limit(1);
        if (user) throw conflict('ORG_HAS_USERS', '该组织下还有用户账户，请先调整这些用户的所属组织');
        await assertNoMemberRecords(tx, id);
        await assertNoFiles(tx, org.path);
        await assertNoLedger(tx, org.id);
        await assertNoProblems(tx, org.id);
        await assertNotReferenced(tx, actor.scope, id);
        await removeOwnRecords(tx, actor, org);
        await tx.delete(orgs).where(eq(orgs.id, id));
        await recordAudit(tx, actor, {
          action: 'delete',
          entityType: 'org',
          entityId: id,
          orgPath: org.path,
          before: auditView(org),
        });
      });
    },
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
