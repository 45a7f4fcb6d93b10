import { sql } from 'drizzle-orm';
import {
  duplicateProblems,
  memberColumns,
  orgColumns,
  type OrgColumnKey,
  type RowError,
} from '../../../domain/member-import.js';
import { ledgerColumns } from '../../../domain/ledger-import.js';
import { childPath, orgDatesProblem, placementProblem, type OrgLevel } from '../../../domain/org-tree.js';
import {
  heldByMessage,
  heldElsewhereCountMessage,
  type IdCardClashes,
} from '../../../domain/id-card-clash.js';
import { dissolvedOrgProblem } from '../../../domain/member-base.js';
import { redactSecrets } from '../../../domain/redact.js';
import type { Database, Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { orgs } from '../../../db/schema/index.js';
import { AppError, conflict } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import type { Clock } from '../../clock.js';
import { assertIdCardProbesLeft, findIdCardClashes, recordIdCardProbes } from '../members/id-cards.js';
import { treeLockKey } from '../orgs/service.js';
import type { JobContext } from '../../jobs/service.js';
import { parseInWorker, parseWorkerHeapMb } from './parse-in-worker.js';
import { camel, memberRecordColumns, orgFinder, type ParsedRow } from './sheet-parser.js';
import { buildTemplate, memberTemplateKind, orgTemplateKind } from './templates.js';
import { nameOrgs, type OrgRef } from './workbook.js';

export const maxImportRows = 200_000;
/** Errors sent back to the client; the total is reported beside them. */
export const maxReportedErrors = 1000;
/** Rows per INSERT statement (and per progress step while writing). */
const chunkRows = 5000;

const hidden = (redactSecrets({ idCard: '' }) as { idCard: string }).idCard;

/** `registeredElsewhere`: ID numbers held outside the uploader's scope, counted but tied to no row. */
export function rowsRejected(errors: RowError[], rows: number, registeredElsewhere = 0): AppError {
  const order = new Map([...memberColumns, ...orgColumns].map((c, i) => [c.header, i] as [string, number]));
  // The ledger's columns after them; 所属组织 keeps its place, first in every template.
  ledgerColumns.forEach((c, i) => order.set(c.header, order.get(c.header) ?? 100 + i));
  errors.sort((a, b) => a.row - b.row || (order.get(a.column) ?? 99) - (order.get(b.column) ?? 99));
  const found = [
    ...(errors.length ? [`文件中有 ${errors.length} 处错误`] : []),
    ...(registeredElsewhere ? [heldElsewhereCountMessage(registeredElsewhere)] : []),
  ];
  return new AppError(422, 'IMPORT_ROWS_INVALID', `${found.join('；')}。未导入任何数据，请修改后重新上传`, {
    total: errors.length,
    rows,
    errors: errors.slice(0, maxReportedErrors),
    registeredElsewhere,
  });
}

/** The template column of an org date field. */
const dateColumn = (field: string) => orgColumns.find((c) => c.key === field)?.header ?? field;

/** The orgs the actor reaches, each named by its full path inside the scope. */
export async function scopedOrgs(tx: Db, actor: Actor): Promise<OrgRef[]> {
  const rows = await queryRows<Omit<OrgRef, 'fullName'>>(
    tx,
    sql`select id, parent_id as "parentId", path::text as path, name, level,
               dissolved_on::text as "dissolvedOn"
        from orgs where ${withinScope(actor.scope, sql`path`)} order by path`,
  );
  return nameOrgs(rows);
}

const inList = (ids: readonly (number | string)[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

export function createImportService({
  database,
  clock,
  maxRows = maxImportRows,
  parseHeapMb = parseWorkerHeapMb,
}: {
  database: Database;
  clock: Clock;
  maxRows?: number;
  /** The parse worker's heap limit; tests lower it to see a file that outgrows it refused. */
  parseHeapMb?: number;
}) {
  const { db } = database;

  /**
   * Inserts members and their audit entries in one statement: the rows travel as one JSON
   * parameter (thousands of bind parameters cost more than the rows on PGlite), each takes its
   * org's path as it is now, and the audit entries are built from what was inserted, one per
   * member as a single create writes them.
   */
  async function insertMembers(tx: Db, actor: Actor, records: string) {
    const { text, roles, dates, flags } = memberRecordColumns;
    const columns = [...text, ...roles, ...dates, ...flags];
    const types = [
      'org_id int',
      ...[...text, ...roles].map((c) => `${c} text`),
      ...dates.map((c) => `${c} date`),
      ...flags.map((c) => `${c} boolean`),
    ];
    const audited = [
      `'id', m.id, 'orgId', m.org_id, 'orgPath', m.org_path::text`,
      ...[...text.filter((c) => c !== 'id_card'), ...roles, ...flags, 'left_reason'].map(
        (c) => `'${camel(c)}', m.${c}`,
      ),
      ...[...dates, 'left_on'].map((c) => `'${camel(c)}', m.${c}::text`),
    ].join(', ');
    await tx.execute(sql`
      with m as (
        insert into members (org_id, org_path, ${sql.raw(columns.join(', '))})
        select r.org_id, (select path from orgs where id = r.org_id),
               ${sql.raw(columns.map((c) => `r.${c}`).join(', '))}
        from jsonb_to_recordset(${records}::jsonb) as r(${sql.raw(types.join(', '))})
        returning *
      )
      insert into audit_log (actor_id, actor_name, action, entity_type, entity_id, org_path, after, ip)
      select ${actor.id || null}::int, ${actor.displayName}, 'create', 'member', m.id::text, m.org_path,
             jsonb_build_object(${sql.raw(audited)}, 'idCard', ${hidden}::text), ${actor.ip}
      from m order by m.id`);
  }

  async function orgAudit(tx: Db, actor: Actor, ids: readonly number[]) {
    await tx.execute(sql`
      insert into audit_log (actor_id, actor_name, action, entity_type, entity_id, org_path, after, ip)
      select ${actor.id || null}::int, ${actor.displayName}, 'create', 'org', o.id::text, o.path,
             jsonb_build_object('name', o.name, 'level', o.level, 'domain', o.domain, 'sortOrder', o.sort_order,
               'parentId', o.parent_id, 'path', o.path::text, 'secretaryName', o.secretary_name,
               'deputySecretaryName', o.deputy_secretary_name, 'foundedOn', o.founded_on::text,
               'dissolvedOn', o.dissolved_on::text, 'termStartedOn', o.term_started_on::text,
               'termEndsOn', o.term_ends_on::text, 'classification', o.classification,
               'hasServiceCenter', o.has_service_center, 'hasRemoteEducationSite', o.has_remote_education_site),
             ${actor.ip}
      from orgs o where o.id in (${inList(ids)}) order by o.path`);
  }

  return {
    async template(actor: Actor, kind: 'members' | 'orgs'): Promise<Buffer> {
      // A dissolved org takes no new members nor new child orgs: the list offers the living ones.
      const today = clock.today();
      const refs = (await scopedOrgs(db, actor)).filter((o) => dissolvedOrgProblem(o, today) === null);
      return buildTemplate(kind === 'members' ? memberTemplateKind : orgTemplateKind, refs, maxRows);
    },

    /**
     * All or nothing in one transaction, written while the file is still being read: each batch goes
     * in as soon as the worker has checked it and no row so far was wrong, so the database works
     * while the worker parses. Whatever is wrong (a row, a duplicate, a number held elsewhere, a
     * crash) rolls the whole file back.
     */
    async importMembers(
      actor: Actor,
      file: Buffer,
      progress: JobContext['progress'],
    ): Promise<{ imported: number }> {
      const orgs = (await scopedOrgs(db, actor)).map(({ id, fullName, dissolvedOn }) => ({
        id,
        fullName,
        dissolvedOn,
      }));
      const idColumn = memberColumns.find((c) => c.key === 'idCard')!.header;
      // Set inside the transaction, logged after it: the probe entries must outlive its rollback.
      let clashes: IdCardClashes = { inScope: [], elsewhere: [] };
      try {
        // Long: it lasts as long as the file takes to read, so session and job reads go aside meanwhile.
        const imported = await database.longTransaction(async (tx) => {
          const idCards: { row: number; key: string | null }[] = [];
          const errors: RowError[] = [];
          const locked = new Set<number>();
          let written = 0;
          let writing = Promise.resolve();
          const write = async (records: string, rows: number, orgIds: number[]) => {
            const fresh = orgIds.filter((id) => !locked.has(id));
            // The orgs must still be there and in scope, and stay so until the commit; the insert
            // takes their paths as they are now.
            if (fresh.length) {
              const still = await queryRows<{ id: number }>(
                tx,
                sql`select id from orgs where id in (${inList(fresh)})
                    and ${withinScope(actor.scope, sql`path`)} for share`,
              );
              if (still.length !== fresh.length)
                throw conflict(
                  'IMPORT_ORGS_CHANGED',
                  '导入期间有组织被删除或移出您的管理范围，请重新下载模板核对后导入',
                );
              for (const id of fresh) locked.add(id);
            }
            // PGlite runs a statement on this thread: let waiting requests (progress polls) in
            // between two batches.
            await new Promise((resolve) => setImmediate(resolve));
            await insertMembers(tx, actor, records);
            written += rows;
          };
          let rows = 0;
          try {
            rows = await parseInWorker(
              file,
              { kind: 'members', maxRows, day: clock.today(), orgs },
              progress,
              (batch) => {
                if (batch.type !== 'members') return;
                batch.rows.forEach((row, i) => idCards.push({ row, key: batch.idCards[i]! }));
                errors.push(...batch.errors);
                // Once a row is wrong nothing will be kept, so nothing more is written.
                if (errors.length) return;
                const { records, orgIds } = batch;
                writing = writing.then(() => write(records, batch.rows.length, orgIds));
                // Awaited below; until then a failed write must not count as unhandled.
                writing.catch(() => {});
              },
              parseHeapMb,
            );
          } finally {
            // Nothing may run on the transaction after it has ended.
            await writing.catch(() => {});
          }
          await writing;
          errors.push(...duplicateProblems(idCards, idColumn, '的身份证号码'));
          if (idCards.some((e) => e.key !== null)) {
            await assertIdCardProbesLeft(tx, actor);
            clashes = await findIdCardClashes(tx, actor, idCards, { exceptOwnWrites: true });
          }
          for (const { row, holder } of clashes.inScope)
            errors.push({ row, column: idColumn, message: heldByMessage(holder) });
          const elsewhere = new Set(clashes.elsewhere.map((h) => h.idCard)).size;
          if (errors.length || elsewhere) throw rowsRejected(errors, rows, elsewhere);
          progress({ phase: 'writing', done: written, total: rows });
          return rows;
        });
        return { imported };
      } finally {
        await recordIdCardProbes(db, actor, clashes, 'import');
      }
    },

    async importOrgs(
      actor: Actor,
      file: Buffer,
      progress: JobContext['progress'],
    ): Promise<{ imported: number }> {
      const day = clock.today();
      const rows: ParsedRow<OrgColumnKey>[] = [];
      const errors: RowError[] = [];
      await parseInWorker(
        file,
        { kind: 'orgs', maxRows, day, orgs: [] },
        progress,
        (batch) => {
          if (batch.type !== 'rows') return;
          errors.push(...batch.errors);
          for (const r of batch.rows as ParsedRow<OrgColumnKey>[]) {
            const v = r.values as Record<OrgColumnKey, string | null>;
            const problem = orgDatesProblem(
              {
                foundedOn: v.foundedOn,
                dissolvedOn: v.dissolvedOn,
                termStartedOn: v.termStartedOn,
                termEndsOn: v.termEndsOn,
              },
              day,
            );
            if (problem)
              errors.push({ row: r.row, column: dateColumn(problem.field), message: problem.message });
            rows.push(r);
          }
        },
        parseHeapMb,
      );
      const parentColumn = orgColumns[0].header;
      const nameColumn = orgColumns[1].header;
      progress({ phase: 'writing', done: 0, total: rows.length });
      const imported = await db.transaction(async (tx) => {
        // Under the tree lock, like single creates: parents and sibling names cannot change meanwhile.
        await tx.execute(sql`select pg_advisory_xact_lock(${treeLockKey})`);
        const existing = await scopedOrgs(tx, actor);
        const find = orgFinder(existing);
        const siblingNames = new Set(
          (
            await queryRows<{ key: string }>(
              tx,
              sql`select parent_id || '/' || name as key from orgs
                  where parent_id is not null and ${withinScope(actor.scope, sql`path`)}`,
            )
          ).map((r) => r.key),
        );
        // Paths hold ids, so the ids are drawn first, all in one statement.
        const ids = (
          await queryRows<{ id: number }>(
            tx,
            sql`select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id from generate_series(1, ${rows.length})`,
          )
        ).map((r) => r.id);
        const created: OrgRef[] = [];
        const fresh = new Map<string, OrgRef>();
        const values = rows.map(({ row, values: v }, i) => {
          const parent = fresh.get(String(v.parentRef).replace(/\s*\/\s*/g, '/')) ?? find(v.parentRef);
          const name = v.name as string | null;
          const level = v.level as OrgLevel | null;
          if (!parent) {
            errors.push({ row, column: parentColumn, message: '找不到该组织，或不在您的管理范围内' });
            return null;
          }
          // A row already refused for its name or level is still checked for everything else.
          if (name === null || level === null) return null;
          const placement = placementProblem(parent.level, level);
          if (placement) errors.push({ row, column: parentColumn, message: placement });
          const key = `${parent.id}/${name}`;
          if (siblingNames.has(key))
            errors.push({ row, column: nameColumn, message: `同一上级下已有名为“${name}”的组织` });
          siblingNames.add(key);
          const org: OrgRef = {
            id: ids[i]!,
            parentId: parent.id,
            path: childPath(parent.path, ids[i]!),
            name,
            level,
            dissolvedOn: v.dissolvedOn as string | null,
            fullName: `${parent.fullName}/${name}`,
          };
          fresh.set(org.fullName, org);
          created.push(org);
          const { parentRef: _p, ...fields } = v as Record<OrgColumnKey, never>;
          return {
            ...fields,
            sortOrder: (v.sortOrder as number | null) ?? 0,
            id: org.id,
            parentId: parent.id,
            path: org.path,
            name,
          };
        });
        if (errors.length) throw rowsRejected(errors, rows.length);
        for (let i = 0; i < values.length; i += chunkRows) {
          await tx.insert(orgs).values(values.slice(i, i + chunkRows).map((v) => v!));
          progress({ done: Math.min(values.length, i + chunkRows) });
        }
        await orgAudit(
          tx,
          actor,
          created.map((o) => o.id),
        );
        return created.length;
      });
      return { imported };
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
