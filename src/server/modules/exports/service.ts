import { PassThrough, type Readable } from 'node:stream';
import { and, asc, isNull, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { can } from '../../../domain/access.js';
import { maskIdCard } from '../../../domain/member-base.js';
import {
  formatCell,
  memberColumns,
  orgColumns,
  type ColumnSpec,
  type ParsedValue,
} from '../../../domain/member-import.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { members } from '../../../db/schema/index.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import type { Clock } from '../../clock.js';
import { orgInScope } from '../orgs/lookup.js';
import type { StatisticsService } from '../statistics/service.js';
import {
  frozenHeader,
  memberSheetName,
  nameOrgs,
  orgSheetName,
  setColumns,
  type OrgRef,
} from '../imports/workbook.js';

/** Excel's number format of a rate held as a fraction: 0.188 shows as 18.8%. */
const percentFormat = '0.0%';

/** Rows fetched per query while streaming a roster. */
const pageRows = 2000;

export interface ExportFile {
  fileName: string;
  body: Readable;
}

type RowSource = (sheet: ExcelJS.Worksheet) => Promise<void>;

/**
 * Streams a one-sheet workbook: ExcelJS's streaming writer commits each row to the zip as it is
 * added, so a county's roster never sits in memory whole. A failure mid-way aborts the download.
 */
function streamWorkbook(sheetName: string, columns: readonly ColumnSpec[], fill: RowSource): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName, frozenHeader);
  setColumns(sheet, columns, false);
  fill(sheet)
    .then(() => {
      sheet.commit();
      return workbook.commit();
    })
    .catch((error: unknown) => out.destroy(error as Error));
  return out;
}

const row = (columns: readonly ColumnSpec[], values: Record<string, unknown>) =>
  columns.map((c) => formatCell(c, (values[c.key] ?? null) as ParsedValue));

export function createExportService(deps: {
  db: Db;
  statistics: Pick<StatisticsService, 'basics'>;
  clock: Clock;
}) {
  const { db, statistics, clock } = deps;

  async function subtreeOrgs(actor: Actor, rootPath: string): Promise<Map<number, OrgRef>> {
    const rows = await queryRows<Omit<OrgRef, 'fullName'>>(
      db,
      sql`select id, parent_id as "parentId", path::text as path, name, level,
                 dissolved_on::text as "dissolvedOn"
          from orgs where ${withinScope(actor.scope, sql`path`)} order by path`,
    );
    return new Map(
      nameOrgs(rows)
        .filter((o) => o.path === rootPath || o.path.startsWith(`${rootPath}.`))
        .map((o) => [o.id, o]),
    );
  }

  return {
    /** Members who have not left, in the subtree of `orgId`, in the import template's columns. */
    async members(actor: Actor, orgId: number): Promise<ExportFile> {
      const root = await orgInScope(db, actor, orgId);
      const names = await subtreeOrgs(actor, root.path);
      const showIdCard = can(actor.role, 'member.idCard');
      const body = streamWorkbook(memberSheetName, memberColumns, async (sheet) => {
        let after: { path: string; id: number } | null = null;
        for (;;) {
          const page: (typeof members.$inferSelect)[] = await db
            .select()
            .from(members)
            .where(
              and(
                withinScope(actor.scope, members.orgPath),
                sql`${members.orgPath} <@ ${root.path}::ltree`,
                isNull(members.leftOn),
                after
                  ? sql`(${members.orgPath}, ${members.id}) > (${after.path}::ltree, ${after.id})`
                  : undefined,
              ),
            )
            .orderBy(asc(members.orgPath), asc(members.id))
            .limit(pageRows);
          for (const m of page) {
            const idCard = m.idCard === null || showIdCard ? m.idCard : maskIdCard(m.idCard);
            sheet
              .addRow(row(memberColumns, { ...m, idCard, orgRef: names.get(m.orgId)?.fullName ?? '' }))
              .commit();
          }
          if (page.length < pageRows) return;
          const last = page[page.length - 1]!;
          after = { path: last.orgPath, id: last.id };
        }
      });
      return { fileName: `${root.name}党员名册.xlsx`, body };
    },

    /** The orgs below `orgId`, in the org import template's columns (the root itself is their anchor). */
    async orgs(actor: Actor, orgId: number): Promise<ExportFile> {
      const root = await orgInScope(db, actor, orgId);
      const names = await subtreeOrgs(actor, root.path);
      const rows = await queryRows<Record<string, ParsedValue> & { id: number; parentId: number }>(
        db,
        sql`select id, parent_id as "parentId", name, level, domain, secretary_name as "secretaryName",
                   deputy_secretary_name as "deputySecretaryName", founded_on::text as "foundedOn",
                   dissolved_on::text as "dissolvedOn",
                   term_started_on::text as "termStartedOn", term_ends_on::text as "termEndsOn",
                   classification, has_service_center as "hasServiceCenter",
                   has_remote_education_site as "hasRemoteEducationSite", sort_order as "sortOrder"
            from orgs where ${withinScope(actor.scope, sql`path`)} and path <@ ${root.path}::ltree and id <> ${root.id}
            order by path`,
      );
      const body = streamWorkbook(orgSheetName, orgColumns, async (sheet) => {
        for (const o of rows)
          sheet.addRow(row(orgColumns, { ...o, parentRef: names.get(o.parentId)!.fullName })).commit();
      });
      return { fileName: `${root.name}组织名册.xlsx`, body };
    },

    /** The 基本情况 figures of the statistics service, as a table with the prose beneath. */
    async statistics(actor: Actor, orgId: number, asOf: string | undefined): Promise<ExportFile> {
      const root = await orgInScope(db, actor, orgId);
      const day = asOf ?? clock.today();
      const basics = await statistics.basics(actor, { orgId, asOf: day });
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('基本情况');
      sheet.columns = [
        { header: '项目', key: 'label', width: 36 },
        { header: '数值', key: 'amount', width: 12 },
        { header: '单位', key: 'unit', width: 8 },
        { header: '占比', key: 'share', width: 10, style: { numFmt: percentFormat } },
      ];
      sheet.getRow(1).font = { bold: true };
      // Numbers stay numbers, so towns' sheets can be added up; a rate is a fraction shown as a percentage.
      for (const r of basics.rows) {
        const added = sheet.addRow({
          label: r.label,
          amount: r.amount,
          unit: r.unit === '%' ? null : r.unit,
          share: r.share,
        });
        if (r.unit === '%') added.getCell('amount').numFmt = percentFormat;
      }
      sheet.addRow({});
      const prose = sheet.addRow({ label: basics.text });
      sheet.mergeCells(prose.number, 1, prose.number, sheet.columnCount);
      prose.alignment = { wrapText: true, vertical: 'top' };
      prose.height = Math.min(400, 15 * Math.ceil(basics.text.length / 50));
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const body = new PassThrough();
      body.end(buffer);
      return { fileName: `${root.name}基本情况统计（${day}）.xlsx`, body };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
