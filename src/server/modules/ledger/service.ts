import { and, eq, sql, type SQL } from 'drizzle-orm';
import type {
  MemberHistory,
  MemberHistoryItem,
  MemberHistoryParams,
  AttendanceInput,
  CreateLedgerRecordInput,
  LedgerMembers,
  LedgerMembersParams,
  LedgerPage,
  LedgerRecord,
  LedgerRecordDetail,
  ListLedgerParams,
  TrainingHours,
  TrainingHoursParams,
  UpdateLedgerRecordInput,
} from '../../../contract/ledger.js';
import { ledgerKindDefinitions, type LedgerKind } from '../../../domain/ledger.js';
import { attendanceRate, isLateEntry, ledgerRecordProblems } from '../../../domain/ledger-record.js';
import type { Db } from '../../../db/client.js';
import { trainingHoursByMember } from '../../../db/ledger-facts.js';
import { partyMembersOfOrgOn } from '../../../db/member-in-org.js';
import { queryRows } from '../../../db/query-rows.js';
import { ledgerAttendance, ledgerRecords } from '../../../db/schema/index.js';
import type { Clock } from '../../clock.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import type { FileService } from '../files/service.js';
import { orgInScope, subtreeWithin, type ScopedOrg } from '../orgs/lookup.js';

/**
 * Whether a closed assessment cycle's period covers `day` for the org at `orgPath`: its ledger of
 * that day is then read-only. The cycles module provides it; it is asked inside the write's own
 * transaction (`db` is that transaction), which a single-connection PGlite needs, and which sees
 * a cycle's status as the write will.
 */
export type ClosedPeriodCovering = (db: Db, orgPath: string, day: string) => Promise<boolean>;

/** The owner kind of a ledger record's files in the file store. */
export const ledgerFileOwner = (id: number) => ({ type: 'ledgerRecord', id });

const recordNotFound = () => notFound('台账记录不存在或不在您的管理范围内');

/** The stored fields of a record, as its audit snapshot and the rules see them. */
interface Stored {
  id: number;
  orgId: number;
  orgPath: string;
  orgName: string;
  kind: LedgerKind;
  heldOn: string;
  topic: string;
  hostMemberId: number | null;
  hostName: string | null;
  place: string | null;
  minutes: string | null;
  hours: number | null;
}

export interface Written {
  kind: LedgerKind;
  heldOn: string;
  topic: string;
  hostMemberId: number | null;
  hostName: string | null;
  place: string | null;
  minutes: string | null;
  hours: number | null;
  attendance: AttendanceInput[];
  fileIds: number[];
}

// One row of the list: the record, its org, its attendance counted and its files counted.
const listColumns = sql`
  r.id, r.org_id as "orgId", o.name as "orgName", r.kind, r.held_on::text as "heldOn", r.topic,
  r.host_member_id as "hostMemberId", coalesce(hm.name, r.host_name) as "hostName", r.place,
  r.hours::float8 as hours, r.entered_on::text as "enteredOn", r.entered_by_name as "enteredByName",
  r.created_at as "createdAt", r.updated_at as "updatedAt",
  r.present_count as present, r.listed_count as listed,
  (select count(*) from file_references f
     where f.owner_type = 'ledgerRecord' and f.owner_id = r.id::text)::int as "fileCount"`;
const listFrom = sql`ledger_records r join orgs o on o.id = r.org_id
  left join members hm on hm.id = r.host_member_id`;

type ListRow = Omit<LedgerRecord, 'late' | 'attendance' | 'createdAt' | 'updatedAt'> & {
  present: number;
  listed: number;
  createdAt: Date | string;
  updatedAt: Date | string;
};

const iso = (value: Date | string) => new Date(value).toISOString();

function toRecord({ present, listed, createdAt, updatedAt, ...row }: ListRow): LedgerRecord {
  return {
    ...row,
    late: isLateEntry(row.heldOn, row.enteredOn),
    attendance: { present, absent: listed - present, rate: attendanceRate(present, listed) },
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
  };
}

/** What the audit log keeps of a record: its fields, attendance and files, never its timestamps. */
const snapshot = (orgId: number, w: Written) => ({ orgId, ...w });

const columnsOf = (w: Written) => ({
  kind: w.kind,
  heldOn: w.heldOn,
  topic: w.topic,
  hostMemberId: w.hostMemberId,
  hostName: w.hostName,
  place: w.place,
  minutes: w.minutes,
  hours: w.hours,
});

async function writeAttendance(tx: Db, id: number, heldOn: string, attendance: AttendanceInput[]) {
  await tx.delete(ledgerAttendance).where(eq(ledgerAttendance.recordId, id));
  if (attendance.length)
    await tx.insert(ledgerAttendance).values(
      attendance.map((a) => ({
        recordId: id,
        heldOn,
        memberId: a.memberId,
        present: a.present,
        absenceReason: a.present ? null : a.absenceReason!.trim(),
      })),
    );
}

/**
 * Stores a checked record with its attendance and files, entered today by the actor, and its audit
 * entry: the API's create and the Excel import both write through here. Answers the new id.
 */
export async function insertLedgerRecord(
  tx: Db,
  actor: Actor,
  org: Pick<ScopedOrg, 'id' | 'path'>,
  w: Written,
  today: string,
  files: Pick<FileService, 'attach'>,
): Promise<number> {
  const [row] = await tx
    .insert(ledgerRecords)
    .values({
      ...columnsOf(w),
      orgId: org.id,
      enteredOn: today,
      enteredBy: actor.id || null,
      enteredByName: actor.displayName,
    })
    .returning({ id: ledgerRecords.id });
  const id = row!.id;
  await writeAttendance(tx, id, w.heldOn, w.attendance);
  for (const fileId of w.fileIds) await files.attach(tx, actor, fileId, ledgerFileOwner(id));
  await recordAudit(tx, actor, {
    action: 'create',
    entityType: 'ledgerRecord',
    entityId: id,
    orgPath: org.path,
    after: snapshot(org.id, w),
  });
  return id;
}

export function createLedgerService(deps: {
  db: Db;
  clock: Clock;
  files: Pick<FileService, 'attach' | 'detach' | 'detachAll' | 'attachedTo'>;
  closedPeriodCovering: ClosedPeriodCovering;
}) {
  const { db, clock, files } = deps;

  /** The record with its org, in the actor's scope; `lock` takes it for an update. */
  async function findStored(tx: Db, actor: Actor, id: number, lock = false): Promise<Stored> {
    const [row] = await queryRows<Stored>(
      tx,
      sql`select r.id, r.org_id as "orgId", o.path::text as "orgPath", o.name as "orgName", r.kind,
                 r.held_on::text as "heldOn", r.topic, r.host_member_id as "hostMemberId", r.host_name as "hostName",
                 r.place, r.minutes, r.hours::float8 as hours
          from ledger_records r join orgs o on o.id = r.org_id
          where r.id = ${id} and ${withinScope(actor.scope, sql`o.path`)}
          ${lock ? sql`for update of r` : sql``}`,
    );
    if (!row) throw recordNotFound();
    return row;
  }

  async function attendanceOf(tx: Db, record: Pick<Stored, 'id' | 'heldOn'>): Promise<AttendanceInput[]> {
    return queryRows<AttendanceInput>(
      tx,
      sql`select member_id as "memberId", present, absence_reason as "absenceReason"
          from ledger_attendance where record_id = ${record.id} and held_on = ${record.heldOn}
          order by member_id`,
    );
  }

  async function refuseClosed(tx: Db, org: Pick<ScopedOrg, 'path'>, days: string[]) {
    for (const day of new Set(days))
      if (await deps.closedPeriodCovering(tx, org.path, day))
        throw conflict(
          'LEDGER_PERIOD_CLOSED',
          `${day} 所在的考核周期已关闭，该日期的台账不能再新增、修改或删除`,
          { field: 'heldOn', day },
        );
  }

  /**
   * The rules a record must meet as it will be stored: the domain's (no future day, hours only on
   * kinds with hours, reasons for absences …), an org not dissolved by the day, and a host and
   * attendees who were party members of the org that day.
   */
  async function check(tx: Db, actor: Actor, org: ScopedOrg, w: Written) {
    const problems = ledgerRecordProblems(w, clock.today());
    if (org.dissolvedOn !== null && w.heldOn >= org.dissolvedOn)
      problems.push({
        field: 'heldOn',
        code: 'LEDGER_ORG_DISSOLVED',
        message: `${org.name}已于 ${org.dissolvedOn} 撤销，不能记录此后的台账`,
      });
    if (problems.length) throw badRequest(problems[0]!.code, problems[0]!.message, problems);
    const wanted = [...w.attendance.map((a) => a.memberId), ...(w.hostMemberId ? [w.hostMemberId] : [])];
    if (wanted.length === 0) return;
    const onDay = new Set(
      (await queryRows<{ id: number }>(tx, partyMembersOfOrgOn(org.id, w.heldOn))).map((m) => m.id),
    );
    if (w.hostMemberId && !onDay.has(w.hostMemberId)) {
      const message = `主持人在 ${w.heldOn} 不是${org.name}的党员`;
      throw badRequest('LEDGER_HOST_NOT_MEMBER', message, [{ field: 'hostMemberId', message }]);
    }
    const index = w.attendance.findIndex((a) => !onDay.has(a.memberId));
    if (index >= 0) {
      const stranger = w.attendance[index]!.memberId;
      // Named only when the actor may read them; otherwise the number they sent.
      const [known] = await queryRows<{ name: string }>(
        tx,
        sql`select m.name from members m where m.id = ${stranger} and ${withinScope(actor.scope, sql`m.org_path`)}`,
      );
      const who = known ? `“${known.name}”` : `编号为 ${stranger} 的人员`;
      const message = `参加人员中${who}在 ${w.heldOn} 不是${org.name}的党员，只能从当日本组织党员中选择`;
      throw badRequest('LEDGER_ATTENDEE_NOT_MEMBER', message, [
        { field: `attendance.${index}.memberId`, message },
      ]);
    }
  }

  /** A stored record as a write would give it: its columns, attendance and files. */
  async function writtenOf(tx: Db, s: Stored): Promise<Written> {
    return {
      kind: s.kind,
      heldOn: s.heldOn,
      topic: s.topic,
      hostMemberId: s.hostMemberId,
      hostName: s.hostName,
      place: s.place,
      minutes: s.minutes,
      hours: s.hours,
      attendance: await attendanceOf(tx, s),
      fileIds: (await files.attachedTo(tx, ledgerFileOwner(s.id))).map((f) => f.id),
    };
  }

  const written = (input: Partial<Written>, before: Written | null): Written => {
    const pick = <K extends keyof Written>(key: K): Written[K] =>
      (input[key] === undefined ? before?.[key] : input[key]) as Written[K];
    const hostMemberId = pick('hostMemberId') ?? null;
    return {
      kind: pick('kind'),
      heldOn: pick('heldOn'),
      topic: pick('topic'),
      hostMemberId,
      // A member host is named by the member row; a name is kept only for someone from outside.
      hostName: hostMemberId ? null : (pick('hostName') ?? null),
      place: pick('place') ?? null,
      minutes: pick('minutes') ?? null,
      hours: pick('hours') ?? null,
      attendance: pick('attendance') ?? [],
      fileIds: pick('fileIds') ?? [],
    };
  };

  async function detail(actor: Actor, id: number, tx: Db = db): Promise<LedgerRecordDetail> {
    const [row] = await queryRows<ListRow & { minutes: string | null; enteredAt: Date | string }>(
      tx,
      sql`select ${listColumns}, r.minutes, r.entered_at as "enteredAt" from ${listFrom}
          where r.id = ${id} and ${withinScope(actor.scope, sql`o.path`)}`,
    );
    if (!row) throw recordNotFound();
    const { minutes, enteredAt, ...listRow } = row;
    const attendees = await queryRows<LedgerRecordDetail['attendees'][number]>(
      tx,
      sql`select a.member_id as "memberId", m.name, a.present, a.absence_reason as "absenceReason"
          from ledger_attendance a join members m on m.id = a.member_id
          where a.record_id = ${id} and a.held_on = ${row.heldOn}
          order by a.present desc, m.name, m.id`,
    );
    return {
      ...toRecord(listRow),
      minutes,
      enteredAt: iso(enteredAt),
      attendees,
      files: await files.attachedTo(tx, ledgerFileOwner(id)),
    };
  }

  return {
    /** Records within the scope, newest first; `memberId`: the records a member attended or hosted. */
    async list(actor: Actor, q: ListLedgerParams): Promise<LedgerPage> {
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const where: SQL[] = [await subtreeWithin(db, actor, q.orgId, sql`o.path`)];
      if (q.kind) where.push(sql`r.kind = ${q.kind}`);
      if (q.from) where.push(sql`r.held_on >= ${q.from}::date`);
      if (q.to) where.push(sql`r.held_on <= ${q.to}::date`);
      if (q.memberId)
        where.push(sql`(r.host_member_id = ${q.memberId} or exists (
          select 1 from ledger_attendance a
          where a.record_id = r.id and a.held_on = r.held_on and a.member_id = ${q.memberId}))`);
      const condition = sql.join(where, sql` and `);
      const [rows, [count]] = await Promise.all([
        queryRows<ListRow>(
          db,
          sql`select ${listColumns} from ${listFrom} where ${condition}
              order by r.held_on desc, r.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`,
        ),
        queryRows<{ total: number }>(
          db,
          sql`select count(*)::int as total from ledger_records r join orgs o on o.id = r.org_id where ${condition}`,
        ),
      ]);
      return { items: rows.map(toRecord), total: count?.total ?? 0 };
    },

    get: (actor: Actor, id: number) => detail(actor, id),

    /** The party members of the org on the day: whom a record of that day may list. */
    async membersOn(actor: Actor, q: LedgerMembersParams): Promise<LedgerMembers> {
      await orgInScope(db, actor, q.orgId);
      const items = await queryRows<{ id: number; name: string }>(
        db,
        sql`select p.id, p.name from (${partyMembersOfOrgOn(q.orgId, q.day)}) p order by p.name, p.id`,
      );
      return { items };
    },

    /** Hours per member in a year, under the org that held the training, for an org's subtree in scope. */
    async trainingHours(actor: Actor, q: TrainingHoursParams): Promise<TrainingHours> {
      const rootId = q.orgId ?? actor.orgId;
      if (rootId === null) throw badRequest('ORG_REQUIRED', '请用 orgId 指定党组织');
      const root = await orgInScope(db, actor, rootId);
      // A secretary reaches their own org only, not the branches below it.
      const set = actor.scope.kind === 'self' ? { orgIds: [root.id] } : { subtree: root.path };
      const rows = await trainingHoursByMember(db, set, { from: `${q.year}-01-01`, to: `${q.year}-12-31` });
      if (rows.length === 0) return { items: [] };
      const names = await queryRows<{ memberId: number; orgId: number; name: string; orgName: string }>(
        db,
        sql`select m.id as "memberId", o.id as "orgId", m.name, o.name as "orgName"
            from members m, orgs o
            where m.id in (${sql.join(
              [...new Set(rows.map((r) => r.memberId))].map((id) => sql`${id}`),
              sql`, `,
            )}) and o.id in (${sql.join(
              [...new Set(rows.map((r) => r.orgId))].map((id) => sql`${id}`),
              sql`, `,
            )})`,
      );
      const nameOf = new Map(names.map((n) => [`${n.memberId}/${n.orgId}`, n]));
      return {
        items: rows
          .map((r) => ({ ...r, ...nameOf.get(`${r.memberId}/${r.orgId}`)! }))
          .sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name, 'zh-CN')),
      };
    },

    /**
     * A member's year in the ledger: the records they hosted or were listed for (present, or absent
     * with the reason), in orgs within the reader's scope, and their training hours from the same
     * shared count the hours report uses.
     */
    async memberHistory(actor: Actor, q: MemberHistoryParams): Promise<MemberHistory> {
      const [member] = await queryRows<{ id: number }>(
        db,
        sql`select m.id from members m where m.id = ${q.memberId} and ${withinScope(actor.scope, sql`m.org_path`)}`,
      );
      if (!member) throw notFound('党员不存在或无权查看');
      const period = { from: `${q.year}-01-01`, to: `${q.year}-12-31` };
      const rows = await queryRows<MemberHistoryItem & { orgId: number }>(
        db,
        sql`select r.id as "recordId", r.org_id as "orgId", o.name as "orgName", r.kind,
                   to_char(r.held_on, 'YYYY-MM-DD') as "heldOn", r.topic, r.hours::float8 as hours,
                   coalesce(r.host_member_id = ${q.memberId}, false) as hosted,
                   a.present, a.absence_reason as "absenceReason"
            from ledger_records r
            join orgs o on o.id = r.org_id
            left join ledger_attendance a
              on a.record_id = r.id and a.held_on = r.held_on and a.member_id = ${q.memberId}
            where r.held_on between ${period.from}::date and ${period.to}::date
              and (r.host_member_id = ${q.memberId} or a.member_id is not null)
              and ${withinScope(actor.scope, sql`o.path`)}
            order by r.held_on desc, r.id desc`,
      );
      const orgIds = [...new Set(rows.map((r) => r.orgId))];
      const hours = orgIds.length
        ? (await trainingHoursByMember(db, { orgIds }, period)).filter((h) => h.memberId === q.memberId)
        : [];
      return {
        memberId: q.memberId,
        year: q.year,
        items: rows.map(({ orgId: _orgId, ...item }) => item),
        attended: rows.filter((r) => r.present === true).length,
        absent: rows.filter((r) => r.present === false).length,
        trainingHours: hours.reduce((sum, h) => sum + h.hours, 0),
        trainingSessions: hours.reduce((sum, h) => sum + h.sessions, 0),
      };
    },

    create(actor: Actor, input: CreateLedgerRecordInput): Promise<LedgerRecordDetail> {
      return db.transaction(async (tx) => {
        const org = await orgInScope(tx, actor, input.orgId);
        const w = written(input, null);
        await check(tx, actor, org, w);
        await refuseClosed(tx, org, [w.heldOn]);
        const id = await insertLedgerRecord(tx, actor, org, w, clock.today(), files);
        return detail(actor, id, tx);
      });
    },

    update(actor: Actor, id: number, input: UpdateLedgerRecordInput): Promise<LedgerRecordDetail> {
      return db.transaction(async (tx) => {
        const stored = await findStored(tx, actor, id, true);
        const org = await orgInScope(tx, actor, stored.orgId);
        const before = await writtenOf(tx, stored);
        const w = written(input, before);
        // A record of a kind without attendance keeps none after a change of kind.
        if (!ledgerKindDefinitions[w.kind].attendance && input.attendance === undefined) w.attendance = [];
        await check(tx, actor, org, w);
        await refuseClosed(tx, org, [before.heldOn, w.heldOn]);
        await tx
          .update(ledgerRecords)
          .set({ ...columnsOf(w), updatedAt: sql`now()` })
          .where(and(eq(ledgerRecords.id, id), eq(ledgerRecords.heldOn, before.heldOn)));
        // The day's change has reached the attendance through the foreign key.
        await writeAttendance(tx, id, w.heldOn, w.attendance);
        const owner = ledgerFileOwner(id);
        for (const fileId of before.fileIds.filter((f) => !w.fileIds.includes(f)))
          await files.detach(tx, actor, fileId, owner);
        for (const fileId of w.fileIds.filter((f) => !before.fileIds.includes(f)))
          await files.attach(tx, actor, fileId, owner);
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'ledgerRecord',
          entityId: id,
          orgPath: org.path,
          before: snapshot(org.id, before),
          after: snapshot(org.id, w),
        });
        return detail(actor, id, tx);
      });
    },

    remove(actor: Actor, id: number): Promise<void> {
      return db.transaction(async (tx) => {
        const stored = await findStored(tx, actor, id, true);
        await refuseClosed(tx, { path: stored.orgPath }, [stored.heldOn]);
        const before = await writtenOf(tx, stored);
        await tx
          .delete(ledgerRecords)
          .where(and(eq(ledgerRecords.id, id), eq(ledgerRecords.heldOn, stored.heldOn)));
        await files.detachAll(tx, actor, ledgerFileOwner(id));
        await recordAudit(tx, actor, {
          action: 'delete',
          entityType: 'ledgerRecord',
          entityId: id,
          orgPath: stored.orgPath,
          before: snapshot(stored.orgId, before),
        });
      });
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
