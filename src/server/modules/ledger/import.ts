import {
  ledgerColumn,
  ledgerRow,
  type LedgerColumnKey,
  type LedgerRow,
} from '../../../domain/ledger-import.js';
import type { RowError } from '../../../domain/member-import.js';
import { dissolvedOrgProblem } from '../../../domain/member-base.js';
import type { Database } from '../../../db/client.js';
import { partyMembersOfOrgOn } from '../../../db/member-in-org.js';
import { queryRows } from '../../../db/query-rows.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import type { JobContext } from '../../jobs/service.js';
import type { FileService } from '../files/service.js';
import { parseInWorker } from '../imports/parse-in-worker.js';
import { rowsRejected, scopedOrgs } from '../imports/service.js';
import { orgFinder, type ParsedRow } from '../imports/sheet-parser.js';
import { buildTemplate, ledgerTemplateKind } from '../imports/templates.js';
import type { OrgRef } from '../imports/workbook.js';
import { insertLedgerRecord, type ClosedPeriodCovering, type Written } from './service.js';

/** A town's ledger for some years fits easily; the import writes row by row with an audit entry each. */
export const maxLedgerImportRows = 20_000;

/**
 * The ledger's Excel template and import: the member import's pieces (the parse worker, the
 * template builder, the org list, the row-error report), all or nothing. Attendance is written as
 * names and matched against the party members of the row's org on its day; a name matching nobody
 * or several is a row error under its column.
 */
export function createLedgerImport(deps: {
  database: Database;
  clock: Clock;
  closedPeriodCovering: ClosedPeriodCovering;
  files: Pick<FileService, 'attach'>;
  maxRows?: number;
}) {
  const { database, clock, maxRows = maxLedgerImportRows } = deps;
  const { db } = database;

  return {
    async template(actor: Actor): Promise<Buffer> {
      const today = clock.today();
      const refs = (await scopedOrgs(db, actor)).filter((o) => dissolvedOrgProblem(o, today) === null);
      return buildTemplate(ledgerTemplateKind, refs, maxRows);
    },

    async importLedger(
      actor: Actor,
      file: Buffer,
      progress: JobContext['progress'],
    ): Promise<{ imported: number }> {
      const today = clock.today();
      const find = orgFinder(await scopedOrgs(db, actor));
      const errors: RowError[] = [];
      const parsed: ParsedRow[] = [];
      const rowCount = await parseInWorker(
        file,
        { kind: 'ledger', maxRows, day: today, orgs: [] },
        progress,
        (batch) => {
          if (batch.type !== 'rows') return;
          errors.push(...batch.errors);
          parsed.push(...batch.rows);
        },
      );
      const rows: { row: number; org: OrgRef; record: LedgerRow }[] = [];
      for (const { row, values } of parsed) {
        const v = values as Record<LedgerColumnKey, string | null>;
        const org = v.orgRef === null ? null : find(v.orgRef);
        if (v.orgRef !== null && !org)
          errors.push({ row, column: ledgerColumn('orgRef'), message: '找不到该组织，或不在您的管理范围内' });
        const record = ledgerRow(v, row, today, errors);
        if (org && record && org.dissolvedOn !== null && record.heldOn >= org.dissolvedOn)
          errors.push({
            row,
            column: ledgerColumn('heldOn'),
            message: `${org.name}已于 ${org.dissolvedOn} 撤销，不能记录此后的台账`,
          });
        if (org && record) rows.push({ row, org, record });
      }
      progress({ phase: 'writing', done: 0, total: rowCount });
      const imported = await db.transaction(async (tx) => {
        // The members of each org on each day, and whether the day is closed, asked once per pair.
        const days = new Map<string, { byName: Map<string, number[]>; closed: boolean }>();
        for (const { org, record } of rows) {
          const key = `${org.id}/${record.heldOn}`;
          if (days.has(key)) continue;
          const byName = new Map<string, number[]>();
          for (const m of await queryRows<{ id: number; name: string }>(
            tx,
            partyMembersOfOrgOn(org.id, record.heldOn),
          ))
            byName.set(m.name, [...(byName.get(m.name) ?? []), m.id]);
          days.set(key, { byName, closed: await deps.closedPeriodCovering(tx, org.path, record.heldOn) });
        }
        const records: { org: OrgRef; w: Written }[] = [];
        for (const { row, org, record } of rows) {
          const day = days.get(`${org.id}/${record.heldOn}`)!;
          if (day.closed)
            errors.push({
              row,
              column: ledgerColumn('heldOn'),
              message: `${record.heldOn} 所在的考核周期已关闭，不能导入`,
            });
          const memberNamed = (name: string, column: LedgerColumnKey) => {
            const ids = day.byName.get(name) ?? [];
            if (ids.length === 1) return ids[0]!;
            errors.push({
              row,
              column: ledgerColumn(column),
              message:
                ids.length === 0
                  ? `“${name}”在 ${record.heldOn} 不是${org.name}的党员`
                  : `${org.name}有 ${ids.length} 名党员叫“${name}”，请在系统中逐条录入`,
            });
            return null;
          };
          const attendance = [
            ...record.present.map((name) => ({ name, column: 'present' as const, reason: null })),
            ...record.absent.map((a) => ({ name: a.name, column: 'absent' as const, reason: a.reason })),
          ].flatMap(({ name, column, reason }) => {
            const memberId = memberNamed(name, column);
            return memberId === null
              ? []
              : [{ memberId, present: column === 'present', absenceReason: reason }];
          });
          // The host is the member of that name when there is exactly one, else the name as written.
          const hostIds = day.byName.get(record.host) ?? [];
          const hostMemberId = hostIds.length === 1 ? hostIds[0]! : null;
          records.push({
            org,
            w: {
              kind: record.kind,
              heldOn: record.heldOn,
              topic: record.topic,
              hostMemberId,
              hostName: hostMemberId ? null : record.host,
              place: record.place,
              minutes: record.minutes,
              hours: record.hours,
              attendance,
              fileIds: [],
            },
          });
        }
        if (errors.length) throw rowsRejected(errors, rowCount);
        let done = 0;
        for (const { org, w } of records) {
          await insertLedgerRecord(tx, actor, org, w, today, deps.files);
          if (++done % 500 === 0) progress({ done });
        }
        return done;
      });
      return { imported };
    },
  };
}

export type LedgerImport = ReturnType<typeof createLedgerImport>;
