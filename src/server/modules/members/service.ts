import { and, asc, desc, eq, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { can } from '../../../domain/access.js';
import {
  conversionDueOn,
  dissolvedOrgProblem,
  idCardProblem,
  type MemberFlag,
  isConcurrentHead,
  isCrossPost,
  isTwoCommittees,
  maskIdCard,
  memberProblems,
  type BranchRole,
  type Education,
  type Gender,
  type MobileDirection,
  type Stage,
  type VillageCommitteeRole,
} from '../../../domain/member-base.js';
import { rosterListOrderDate, rosterListStages } from '../../../domain/roster.js';
import { bornOnOrBefore } from '../../../domain/statistics.js';
import { heldByMessage, heldElsewhereMessage } from '../../../domain/id-card-clash.js';
import { subtreeEnd } from '../../../domain/org-tree.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { memberTransfers, members, mobileRecords, orgs } from '../../../db/schema/index.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { orgInScope } from '../orgs/lookup.js';
import { checkIdCards } from './id-cards.js';
import type { Clock } from '../../clock.js';
import type {
  CreateMemberInput,
  ListMembersParams,
  Member,
  Roster,
  RosterParams,
  RosterRow,
  MobileRecord,
  MobileRecordInput,
  Transfer,
  TransferInput,
  UpdateMemberInput,
  UpdateMobileRecordInput,
} from '../../../contract/members.js';

const memberNotFound = () => notFound('党员不存在或不在您的管理范围内');
/** A printed roster beyond this is a job for the xlsx export, not for paper. */
const rosterLimit = 10_000;
const recordNotFound = () => notFound('流动党员记录不存在或不在您的管理范围内');

type MemberRow = typeof members.$inferSelect & { orgName: string };

const memberColumns = {
  id: members.id,
  orgId: members.orgId,
  orgPath: members.orgPath,
  orgName: orgs.name,
  name: members.name,
  gender: members.gender,
  ethnicity: members.ethnicity,
  birthDate: members.birthDate,
  education: members.education,
  idCard: members.idCard,
  phone: members.phone,
  occupation: members.occupation,
  stage: members.stage,
  appliedOn: members.appliedOn,
  activistOn: members.activistOn,
  candidateOn: members.candidateOn,
  probationaryOn: members.probationaryOn,
  fullOn: members.fullOn,
  branchRole: members.branchRole,
  villageCommitteeRole: members.villageCommitteeRole,
  isTownLeader: members.isTownLeader,
  isCollegeGradOfficial: members.isCollegeGradOfficial,
  isResidentCadre: members.isResidentCadre,
  isFirstSecretary: members.isFirstSecretary,
  leftOn: members.leftOn,
  leftReason: members.leftReason,
  createdAt: members.createdAt,
  updatedAt: members.updatedAt,
};

function toDto(row: MemberRow, showIdCard: boolean): Member {
  const roles = {
    branchRole: row.branchRole as BranchRole | null,
    villageCommitteeRole: row.villageCommitteeRole as VillageCommitteeRole | null,
  };
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    name: row.name,
    gender: row.gender as Gender,
    ethnicity: row.ethnicity,
    birthDate: row.birthDate,
    education: row.education as Education | null,
    idCard: row.idCard === null ? null : showIdCard ? row.idCard : maskIdCard(row.idCard),
    phone: row.phone,
    occupation: row.occupation,
    stage: row.stage as Stage,
    appliedOn: row.appliedOn,
    activistOn: row.activistOn,
    candidateOn: row.candidateOn,
    probationaryOn: row.probationaryOn,
    fullOn: row.fullOn,
    conversionDueOn: row.stage === 'probationary' ? conversionDueOn(row) : null,
    ...roles,
    twoCommittees: isTwoCommittees(roles),
    crossPost: isCrossPost(roles),
    concurrentHead: isConcurrentHead(roles),
    isTownLeader: row.isTownLeader,
    isCollegeGradOfficial: row.isCollegeGradOfficial,
    isResidentCadre: row.isResidentCadre,
    isFirstSecretary: row.isFirstSecretary,
    leftOn: row.leftOn,
    leftReason: row.leftReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What an audit entry keeps of a member: everything but timestamps; redactSecrets hides the ID card. */
function auditView(row: MemberRow) {
  const { createdAt: _c, updatedAt: _u, orgName: _n, ...rest } = row;
  return rest;
}

/** The flags of Member as conditions; the village-cadre ones follow from the roles as in the domain. */
const flagFilter: Record<MemberFlag, SQL> = {
  twoCommittees: sql`(${members.branchRole} is not null or ${members.villageCommitteeRole} is not null)`,
  crossPost: sql`(${members.branchRole} is not null and ${members.villageCommitteeRole} is not null)`,
  concurrentHead: sql`(${members.branchRole} = 'secretary' and ${members.villageCommitteeRole} = 'director')`,
  townLeader: eq(members.isTownLeader, true),
  collegeGradOfficial: eq(members.isCollegeGradOfficial, true),
  residentCadre: eq(members.isResidentCadre, true),
  firstSecretary: eq(members.isFirstSecretary, true),
};

type MemberValues = Omit<CreateMemberInput, 'orgId'> & {
  leftOn?: string | null | undefined;
  leftReason?: string | null | undefined;
};

/**
 * Checks a member as it will be stored on `today` (in `org` when it is being placed); throws 400
 * with the first problem's Chinese reason, and every problem under its field for the form.
 */
function validate(m: MemberValues, today: string, org?: { dissolvedOn: string | null }) {
  const value = (v: string | null | undefined) => v ?? null;
  const problems = memberProblems(
    {
      org,
      stage: m.stage,
      gender: m.gender,
      birthDate: value(m.birthDate),
      idCard: value(m.idCard),
      phone: value(m.phone),
      appliedOn: value(m.appliedOn),
      activistOn: value(m.activistOn),
      candidateOn: value(m.candidateOn),
      probationaryOn: value(m.probationaryOn),
      fullOn: value(m.fullOn),
      leftOn: value(m.leftOn),
      leftReason: value(m.leftReason),
    },
    today,
  );
  const [first] = problems;
  if (first)
    throw badRequest(
      first.code,
      first.message,
      problems.map(({ field, message }) => ({ field, message })),
    );
}

type MobileRow = typeof mobileRecords.$inferSelect;
const mobileDto = (r: MobileRow): MobileRecord => ({
  ...r,
  direction: r.direction as MobileDirection,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
const mobileAuditView = (r: MobileRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};
function validateMobile(r: { startedOn: string; endedOn?: string | null | undefined }) {
  if (r.endedOn && r.endedOn < r.startedOn)
    throw badRequest('MOBILE_RECORD_DATES_INVALID', '结束日期不能早于开始日期');
}

/**
 * Puts a member's audit entries (theirs and their mobile records') under their new org, so only the
 * org that holds the member now reads their personal data. The traces left at former orgs stay.
 */
async function followMember(tx: Db, id: number, orgPath: string) {
  await tx.execute(sql`
    update audit_log set org_path = ${orgPath}::ltree
    where (entity_type = 'member' and entity_id = ${String(id)} and action <> 'transfer.out')
       or (entity_type = 'mobileRecord'
           and entity_id in (select id::text from mobile_records where member_id = ${id}))`);
}

export function createMemberService({ db, clock }: { db: Db; clock: Clock }) {
  async function findRow(dbOrTx: Db, actor: Actor, id: number): Promise<MemberRow> {
    const [row] = await dbOrTx
      .select(memberColumns)
      .from(members)
      .innerJoin(orgs, eq(orgs.id, members.orgId))
      .where(and(eq(members.id, id), withinScope(actor.scope, members.orgPath)));
    if (!row) throw memberNotFound();
    return row;
  }

  const findOrg = (dbOrTx: Db, actor: Actor, id: number) => orgInScope(dbOrTx, actor, id);

  async function assertIdCardFree(
    actor: Actor,
    idCard: string | null | undefined,
    via: 'create' | 'update',
    memberId?: number,
  ) {
    if (!idCard) return;
    const clashes = await checkIdCards(db, actor, [{ row: 0, key: idCard.toUpperCase() }], via, memberId);
    const [held] = clashes.inScope;
    if (held) throw conflict('MEMBER_ID_CARD_TAKEN', heldByMessage(held.holder));
    if (clashes.elsewhere.length) throw conflict('MEMBER_ID_CARD_TAKEN_ELSEWHERE', heldElsewhereMessage);
  }

  const show = (actor: Actor) => can(actor.role, 'member.idCard');

  async function findMobile(dbOrTx: Db, actor: Actor, id: number) {
    const [row] = await dbOrTx
      .select({ record: mobileRecords, orgPath: members.orgPath })
      .from(mobileRecords)
      .innerJoin(members, eq(members.id, mobileRecords.memberId))
      .where(and(eq(mobileRecords.id, id), withinScope(actor.scope, members.orgPath)));
    if (!row) throw recordNotFound();
    return row;
  }

  /** The conditions of the list filters; an org outside the scope is a 404. */
  async function filtersOf(actor: Actor, query: RosterParams): Promise<(SQL | undefined)[]> {
    const org = query.orgId === undefined ? null : await orgInScope(db, actor, query.orgId);
    const filters: (SQL | undefined)[] = [
      withinScope(actor.scope, members.orgPath),
      org ? sql`${members.orgPath} <@ ${org.path}::ltree` : undefined,
    ];
    // The subtree again as a range of the path order: the list's index (path, name, id) then reads
    // that range only, where with `<@` alone it read the tree from its start up to the subtree.
    const root = org?.path ?? (actor.scope.kind === 'subtree' ? actor.scope.path : null);
    if (root !== null)
      filters.push(
        sql`${members.orgPath} >= ${root}::ltree and ${members.orgPath} < ${subtreeEnd(root)}::ltree`,
      );
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      filters.push(or(ilike(members.name, pattern), ilike(members.phone, pattern)));
    }
    if (query.list) filters.push(inArray(members.stage, [...rosterListStages[query.list]]));
    if (query.stage) filters.push(eq(members.stage, query.stage));
    if (query.gender) filters.push(eq(members.gender, query.gender));
    if (query.flag) filters.push(flagFilter[query.flag]);
    if (query.minAge !== undefined) {
      filters.push(lte(members.birthDate, bornOnOrBefore(clock.today(), query.minAge)));
    }
    if (query.mobile !== undefined) {
      const day = clock.today();
      const active = sql`exists (select 1 from ${mobileRecords} where ${mobileRecords.memberId} = ${members.id}
          and ${mobileRecords.startedOn} <= ${day} and (${mobileRecords.endedOn} is null or ${mobileRecords.endedOn} >= ${day}))`;
      filters.push(query.mobile ? active : sql`not ${active}`);
    }
    if (!query.includeLeft) filters.push(isNull(members.leftOn));
    return filters;
  }

  /** Whose roster it is: the filtered org, else the actor's own org, else the one root (admins). */
  async function rosterOrgName(actor: Actor, orgId: number | undefined): Promise<string> {
    const id = orgId ?? actor.orgId;
    if (id !== null) return (await orgInScope(db, actor, id)).name;
    const roots = await db
      .select({ name: orgs.name })
      .from(orgs)
      .where(sql`nlevel(${orgs.path}) = 1`)
      .limit(2);
    return roots.length === 1 ? roots[0]!.name : '全部党组织';
  }

  return {
    async list(actor: Actor, query: ListMembersParams): Promise<{ items: Member[]; total: number }> {
      const where = and(...(await filtersOf(actor, query)));
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const [rows, [count]] = await Promise.all([
        db
          .select(memberColumns)
          .from(members)
          .innerJoin(orgs, eq(orgs.id, members.orgId))
          .where(where)
          .orderBy(asc(members.orgPath), asc(members.name), asc(members.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db
          .select({ n: sql<number>`count(*)::int` })
          .from(members)
          .where(where),
      ]);
      return { items: rows.map((r) => toDto(r, show(actor))), total: count?.n ?? 0 };
    },

    /**
     * A printable list in one answer (a `Roster` as JSON text): only its columns, ordered by branch
     * and then by the date the person entered the list, with the name of the org it is the list of.
     * The database writes the rows' JSON itself: a county's thousands of rows came out of PGlite
     * field by field in 0.5 s, where one text of all of them takes a tenth of that (and the server
     * neither builds nor serializes 10,000 objects).
     */
    async rosterJson(actor: Actor, query: RosterParams): Promise<string> {
      const list = query.list ?? 'members';
      const where = and(...(await filtersOf(actor, { ...query, list })));
      const order = [
        asc(members.orgPath),
        sql`${members[rosterListOrderDate[list]]} asc nulls last`,
        asc(members.name),
        asc(members.id),
      ];
      // The keys and values of a `RosterRow`; the ID number masked unless the reader may see it.
      const idCard = show(actor)
        ? sql`${members.idCard}`
        : sql`left(${members.idCard}, 4) || repeat('*', length(${members.idCard}) - 8) || right(${members.idCard}, 4)`;
      const { id, name, gender, birthDate, education, stage, phone } = memberColumns;
      const { appliedOn, activistOn, candidateOn, probationaryOn, fullOn } = memberColumns;
      const fields = {
        ...{ id, name, gender, birthDate, education, idCard, stage },
        ...{ appliedOn, activistOn, candidateOn, probationaryOn, fullOn, phone },
        orgName: memberColumns.orgName,
      } satisfies Record<keyof RosterRow, unknown>;
      const columns = sql.join(
        Object.entries(fields).map(([key, value]) => sql`${value} as ${sql.identifier(key)}`),
        sql`, `,
      );
      const rows = db
        .select({
          // row_to_json of a row of just these columns: compact, where json_build_object spaces out.
          item: sql<string>`(select row_to_json(c) from (select ${columns}) c)`.as('item'),
          // The aggregate keeps this order explicitly (a sorted subquery's order is not promised).
          n: sql<number>`row_number() over (order by ${sql.join(order, sql`, `)})`.as('n'),
        })
        .from(members)
        .innerJoin(orgs, eq(orgs.id, members.orgId))
        .where(where)
        .orderBy(...order)
        .limit(rosterLimit)
        .as('r');
      const [[items], [count], orgName] = await Promise.all([
        db
          .select({
            json: sql<string>`'[' || coalesce(string_agg(${rows.item}::text, ',' order by ${rows.n}), '') || ']'`,
          })
          .from(rows),
        db
          .select({ n: sql<number>`count(*)::int` })
          .from(members)
          .where(where),
        rosterOrgName(actor, query.orgId),
      ]);
      const head = { orgName, list, total: count?.n ?? 0, limit: rosterLimit } satisfies Omit<
        Roster,
        'items'
      >;
      return `${JSON.stringify(head).slice(0, -1)},"items":${items!.json}}`;
    },

    async get(actor: Actor, id: number): Promise<Member> {
      return toDto(await findRow(db, actor, id), show(actor));
    },

    async create(actor: Actor, body: CreateMemberInput): Promise<Member> {
      const { orgId, ...values } = body;
      validate(values, clock.today(), await findOrg(db, actor, orgId));
      await assertIdCardFree(actor, values.idCard, 'create');
      return db.transaction(async (tx) => {
        const org = await findOrg(tx, actor, orgId);
        const [inserted] = await tx
          .insert(members)
          .values({ ...values, name: values.name.trim(), orgId, orgPath: org.path })
          .returning({ id: members.id });
        const created = await findRow(tx, actor, inserted!.id);
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'member',
          entityId: created.id,
          orgPath: created.orgPath,
          after: auditView(created),
        });
        return toDto(created, show(actor));
      });
    },

    async update(actor: Actor, id: number, body: UpdateMemberInput): Promise<Member> {
      // A new number, or a member who left coming back with theirs, must not clash with another.
      if (body.idCard || body.leftOn === null) {
        const current = await findRow(db, actor, id);
        const leftOn = body.leftOn === undefined ? current.leftOn : body.leftOn;
        const returning = current.leftOn !== null && leftOn === null;
        const card = body.idCard !== undefined ? body.idCard : returning ? current.idCard : null;
        if (leftOn === null) await assertIdCardFree(actor, card, 'update', id);
      }
      return db.transaction(async (tx) => {
        const before = await findRow(tx, actor, id);
        const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        const merged = { ...before, ...defined } as MemberValues;
        // A stored ID number or phone is checked when it is given, not again on every later edit;
        // a valid stored number still vouches for the birth date and gender it encodes.
        const stored = before.idCard && !idCardProblem(before.idCard) ? before.idCard : null;
        const idCard = body.idCard !== undefined ? body.idCard : stored;
        validate({ ...merged, idCard, phone: body.phone ?? null }, clock.today());
        await tx
          .update(members)
          .set({ ...defined, ...(body.name ? { name: body.name.trim() } : {}), updatedAt: sql`now()` })
          .where(eq(members.id, id));
        const after = await findRow(tx, actor, id);
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'member',
          entityId: id,
          orgPath: after.orgPath,
          before: auditView(before),
          after: auditView(after),
        });
        return toDto(after, show(actor));
      });
    },

    async transfer(actor: Actor, id: number, body: TransferInput): Promise<Member> {
      return db.transaction(async (tx) => {
        const before = await findRow(tx, actor, id);
        const to = await findOrg(tx, actor, body.toOrgId);
        if (to.id === before.orgId)
          throw badRequest('MEMBER_TRANSFER_SAME_ORG', '转入组织与当前所在组织相同');
        if (before.leftOn) throw badRequest('MEMBER_TRANSFER_LEFT', '已离开的人员不能转接组织关系');
        const dissolved = dissolvedOrgProblem(to, clock.today());
        if (dissolved)
          throw badRequest('MEMBER_ORG_DISSOLVED', dissolved, [{ field: 'toOrgId', message: dissolved }]);
        if (body.transferredOn > clock.today())
          throw badRequest('MEMBER_TRANSFER_DATE_INVALID', '转接日期不能晚于今天');
        const [last] = await tx
          .select({ on: memberTransfers.transferredOn })
          .from(memberTransfers)
          .where(eq(memberTransfers.memberId, id))
          .orderBy(desc(memberTransfers.transferredOn))
          .limit(1);
        if (last && body.transferredOn < last.on)
          throw badRequest('MEMBER_TRANSFER_DATE_INVALID', `转接日期不能早于上一次转接日期（${last.on}）`);
        await tx.insert(memberTransfers).values({
          memberId: id,
          fromOrgId: before.orgId,
          toOrgId: to.id,
          transferredOn: body.transferredOn,
          note: body.note ?? null,
        });
        await tx
          .update(members)
          .set({ orgId: to.id, orgPath: to.path, updatedAt: sql`now()` })
          .where(eq(members.id, id));
        const after = await findRow(tx, actor, id);
        await followMember(tx, id, after.orgPath);
        // The former org keeps a trace that the member left, without their personal data.
        await recordAudit(tx, actor, {
          action: 'transfer.out',
          entityType: 'member',
          entityId: id,
          orgPath: before.orgPath,
          before: { orgId: before.orgId },
          after: { transferredOn: body.transferredOn },
        });
        await recordAudit(tx, actor, {
          action: 'move',
          entityType: 'member',
          entityId: id,
          orgPath: after.orgPath,
          before: { name: before.name, orgId: before.orgId, orgPath: before.orgPath },
          after: {
            name: after.name,
            orgId: after.orgId,
            orgPath: after.orgPath,
            transferredOn: body.transferredOn,
          },
        });
        return toDto(after, show(actor));
      });
    },

    async transfers(actor: Actor, id: number): Promise<Transfer[]> {
      await findRow(db, actor, id);
      const rows = await queryRows<{
        id: number;
        memberId: number;
        fromOrgId: number;
        fromOrgName: string;
        toOrgId: number;
        toOrgName: string;
        transferredOn: string;
        note: string | null;
        createdAt: Date;
      }>(
        db,
        sql`select t.id, t.member_id as "memberId", t.from_org_id as "fromOrgId", f.name as "fromOrgName",
                   t.to_org_id as "toOrgId", o.name as "toOrgName", t.transferred_on::text as "transferredOn",
                   t.note, t.created_at as "createdAt"
            from member_transfers t join orgs f on f.id = t.from_org_id join orgs o on o.id = t.to_org_id
            where t.member_id = ${id} order by t.transferred_on, t.id`,
      );
      return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
    },

    async mobileRecords(actor: Actor, memberId: number): Promise<MobileRecord[]> {
      await findRow(db, actor, memberId);
      const rows = await db
        .select()
        .from(mobileRecords)
        .where(eq(mobileRecords.memberId, memberId))
        .orderBy(desc(mobileRecords.startedOn), desc(mobileRecords.id));
      return rows.map(mobileDto);
    },

    async createMobileRecord(actor: Actor, memberId: number, body: MobileRecordInput) {
      validateMobile(body);
      return db.transaction(async (tx) => {
        const member = await findRow(tx, actor, memberId);
        const [row] = await tx
          .insert(mobileRecords)
          .values({ ...body, memberId })
          .returning();
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'mobileRecord',
          entityId: row!.id,
          orgPath: member.orgPath,
          after: mobileAuditView(row!),
        });
        return mobileDto(row!);
      });
    },

    async updateMobileRecord(actor: Actor, id: number, body: UpdateMobileRecordInput) {
      return db.transaction(async (tx) => {
        const { record: before, orgPath } = await findMobile(tx, actor, id);
        const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        validateMobile({ ...before, ...defined });
        const [after] = await tx
          .update(mobileRecords)
          .set({ ...defined, updatedAt: sql`now()` })
          .where(eq(mobileRecords.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'mobileRecord',
          entityId: id,
          orgPath,
          before: mobileAuditView(before),
          after: mobileAuditView(after!),
        });
        return mobileDto(after!);
      });
    },
  };
}

export type MemberService = ReturnType<typeof createMemberService>;
