import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import {
  contactPoints,
  nonPublicEntities,
  orgs,
  pairings,
  weakOrgRectifications,
} from '../../../db/schema/index.js';
import { badRequest, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { orgInScope, type ScopedOrg as Org } from './lookup.js';
import { recordAudit } from '../audit/record.js';
import type { AuditEntityType } from '../../../domain/audit.js';
import type {
  AnyOrgRecord,
  ContactPointInput,
  NonPublicEntityInput,
  PairingInput,
  WeakOrgRectificationInput,
} from '../../../contract/org-records.js';

/*
 * The org's records (软弱涣散整顿, 联系点, 结对共建, 非公企业和社会组织): rows that belong to one org,
 * read with org.read and changed with org.write inside the actor's scope, every change audited
 * under the org's path.
 */

type Row = Record<string, unknown> & { id: number; orgId: number };

interface Kind<Input> {
  table: typeof weakOrgRectifications | typeof contactPoints | typeof pairings | typeof nonPublicEntities;
  entityType: AuditEntityType;
  label: string;
  orderBy: 'flaggedOn' | 'startedOn' | 'name';
  /** The values to store, checked against the row as it will be; throws 400 in Chinese. */
  prepare(tx: Db, actor: Actor, org: Org, input: Input, before: Row | null): Promise<Record<string, unknown>>;
  /** Runs after every change, in the same transaction. */
  afterChange?(tx: Db, org: Org, input: Input | null, row: Row): Promise<void>;
}

// Every kind's table has id and org_id; the queries are built on one of them and hold for all.
type Table = typeof contactPoints;
const asTable = (t: Kind<unknown>['table']) => t as unknown as Table;

const merged = <T extends object>(before: Row | null, input: T) => ({
  ...(before ?? {}),
  ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
});

function datesInOrder(start: unknown, end: unknown, message: string) {
  if (typeof start === 'string' && typeof end === 'string' && end < start)
    throw badRequest('ORG_RECORD_DATES_INVALID', message);
}

const weakOrgRectificationKind: Kind<WeakOrgRectificationInput> = {
  table: weakOrgRectifications,
  entityType: 'weakOrgRectification',
  label: '整顿记录',
  orderBy: 'flaggedOn',
  async prepare(_tx, _actor, _org, input, before) {
    const { classificationAfter: _after, ...values } = input;
    const row = merged(before, values);
    datesInOrder(row.flaggedOn, row.transformedOn, '转化日期不能早于确定为软弱涣散的日期');
    return values;
  },
  // Flagged and not yet transformed: the org is weak. The last one transformed: back to ordinary
  // (or the class given).
  async afterChange(tx, org, input, row) {
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(weakOrgRectifications)
      .where(and(eq(weakOrgRectifications.orgId, org.id), isNull(weakOrgRectifications.transformedOn)));
    if ((open?.n ?? 0) > 0) {
      await tx
        .update(orgs)
        .set({ classification: 'weak', updatedAt: sql`now()` })
        .where(eq(orgs.id, org.id));
    } else if (input && row.transformedOn) {
      await tx
        .update(orgs)
        .set({ classification: input.classificationAfter ?? 'ordinary', updatedAt: sql`now()` })
        .where(and(eq(orgs.id, org.id), eq(orgs.classification, 'weak')));
    }
  },
};

const contactPointKind: Kind<ContactPointInput> = {
  table: contactPoints,
  entityType: 'contactPoint',
  label: '联系点',
  orderBy: 'startedOn',
  async prepare(_tx, _actor, _org, input, before) {
    const row = merged(before, input);
    datesInOrder(row.startedOn, row.endedOn, '结束日期不能早于开始日期');
    return { ...input, leaderName: input.leaderName?.trim() };
  },
};

const pairingKind: Kind<PairingInput> = {
  table: pairings,
  entityType: 'pairing',
  label: '结对共建记录',
  orderBy: 'startedOn',
  async prepare(tx, actor, org, input, before) {
    const row = merged(before, input);
    datesInOrder(row.startedOn, row.endedOn, '结束日期不能早于开始日期');
    const values: Record<string, unknown> = { ...input };
    if (input.partnerOrgId) {
      if (input.partnerOrgId === org.id) throw badRequest('PAIRING_SELF', '不能与本组织结对');
      const partner = await orgInScope(tx, actor, input.partnerOrgId, '结对组织');
      values.partnerName = input.partnerName ?? partner.name;
    }
    if (!values.partnerName && !before)
      throw badRequest('PAIRING_PARTNER_REQUIRED', '请填写结对单位名称或选择结对组织');
    return values;
  },
};

const nonPublicKind: Kind<NonPublicEntityInput> = {
  table: nonPublicEntities,
  entityType: 'nonPublicEntity',
  label: '非公企业或社会组织',
  orderBy: 'name',
  async prepare(tx, actor, _org, input, before) {
    for (const [key, what] of [
      ['ownOrgId', '所建党组织'],
      ['coveredByOrgId', '联合覆盖的党组织'],
    ] as const) {
      const id = input[key];
      if (id) await orgInScope(tx, actor, id, what);
    }
    const row = merged(before, input);
    if (
      typeof row.partyMembers === 'number' &&
      typeof row.employees === 'number' &&
      row.partyMembers > row.employees
    )
      throw badRequest('NON_PUBLIC_COUNTS_INVALID', '党员人数不能多于从业人员数');
    return { ...input, ...(input.name ? { name: input.name.trim() } : {}) };
  },
};

export const orgRecordKinds = {
  weakOrgRectifications: weakOrgRectificationKind,
  contactPoints: contactPointKind,
  pairings: pairingKind,
  nonPublicEntities: nonPublicKind,
};
export type OrgRecordKind = keyof typeof orgRecordKinds;

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
// Each kind's table has exactly its record's columns (the serializer would drop any other).
const toRecord = (row: Row) =>
  ({
    ...row,
    createdAt: iso(row.createdAt),
    ...('updatedAt' in row ? { updatedAt: iso(row.updatedAt) } : {}),
  }) as unknown as AnyOrgRecord;

const withoutTimestamps = (row: Row) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest;
};

/** Deletes every record of an org about to be deleted, each with its own audit entry. */
export async function removeOwnRecords(tx: Db, actor: Actor, org: Org) {
  for (const kind of Object.values(orgRecordKinds) as Kind<unknown>[]) {
    const table = asTable(kind.table);
    const rows = (await tx.delete(table).where(eq(table.orgId, org.id)).returning()) as unknown as Row[];
    for (const row of rows)
      await recordAudit(tx, actor, {
        action: 'delete',
        entityType: kind.entityType,
        entityId: row.id,
        orgPath: org.path,
        before: withoutTimestamps(row),
      });
  }
}

export function createOrgRecordService({ db }: { db: Db }) {
  function kindOf<K extends OrgRecordKind>(key: K) {
    return orgRecordKinds[key] as unknown as Kind<Record<string, unknown>>;
  }

  async function findRecord(tx: Db, kind: Kind<Record<string, unknown>>, orgId: number, recordId: number) {
    const table = asTable(kind.table);
    const [row] = await tx
      .select()
      .from(table)
      .where(and(eq(table.id, recordId), eq(table.orgId, orgId)));
    if (!row) throw notFound(`${kind.label}不存在`);
    return row as unknown as Row;
  }

  return {
    async list(actor: Actor, key: OrgRecordKind, orgId: number): Promise<AnyOrgRecord[]> {
      const kind = kindOf(key);
      await orgInScope(db, actor, orgId);
      const table = asTable(kind.table);
      const order = (kind.table as unknown as Record<string, Table['id']>)[kind.orderBy]!;
      const rows = (await db
        .select()
        .from(table)
        .where(eq(table.orgId, orgId))
        .orderBy(asc(order), asc(table.id))) as unknown as Row[];
      return rows.map(toRecord);
    },

    create(actor: Actor, key: OrgRecordKind, orgId: number, input: Record<string, unknown>) {
      const kind = kindOf(key);
      return db.transaction(async (tx) => {
        const org = await orgInScope(tx, actor, orgId);
        const values = await kind.prepare(tx, actor, org, input, null);
        const table = asTable(kind.table);
        const [row] = (await tx
          .insert(table)
          .values({ ...values, orgId } as never)
          .returning()) as unknown as Row[];
        await kind.afterChange?.(tx, org, input, row!);
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: kind.entityType,
          entityId: row!.id,
          orgPath: org.path,
          after: withoutTimestamps(row!),
        });
        return toRecord(row!);
      });
    },

    update(
      actor: Actor,
      key: OrgRecordKind,
      orgId: number,
      recordId: number,
      input: Record<string, unknown>,
    ) {
      const kind = kindOf(key);
      return db.transaction(async (tx) => {
        const org = await orgInScope(tx, actor, orgId);
        const before = await findRecord(tx, kind, orgId, recordId);
        const values = await kind.prepare(tx, actor, org, input, before);
        const table = asTable(kind.table);
        const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
        if ('updatedAt' in kind.table) set.updatedAt = sql`now()`;
        const [row] = (await tx
          .update(table)
          .set(set as never)
          .where(eq(table.id, recordId))
          .returning()) as unknown as Row[];
        await kind.afterChange?.(tx, org, input, row!);
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: kind.entityType,
          entityId: recordId,
          orgPath: org.path,
          before: withoutTimestamps(before),
          after: withoutTimestamps(row!),
        });
        return toRecord(row!);
      });
    },

    remove(actor: Actor, key: OrgRecordKind, orgId: number, recordId: number) {
      const kind = kindOf(key);
      return db.transaction(async (tx) => {
        const org = await orgInScope(tx, actor, orgId);
        const before = await findRecord(tx, kind, orgId, recordId);
        const table = asTable(kind.table);
        await tx.delete(table).where(eq(table.id, recordId));
        await kind.afterChange?.(tx, org, null, before);
        await recordAudit(tx, actor, {
          action: 'delete',
          entityType: kind.entityType,
          entityId: recordId,
          orgPath: org.path,
          before: withoutTimestamps(before),
        });
      });
    },
  };
}

export type OrgRecordService = ReturnType<typeof createOrgRecordService>;
