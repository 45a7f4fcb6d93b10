// The xlsx shapes shared by templates, imports and exports: sheet names, header styling, the
// in-scope org list.
import type ExcelJS from 'exceljs';
import { requiredMark, type ColumnSpec } from '../../../domain/member-import.js';
import { orgLevelLabels, type OrgLevel } from '../../../domain/org-tree.js';

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const memberSheetName = '党员信息';
export const orgSheetName = '组织信息';
export const ledgerSheetName = '台账';
export const orgListSheetName = '组织列表';
export const guideSheetName = '填写说明';

/** An org the uploader can reach, named by its full path of names inside their scope. */
export interface OrgRef {
  id: number;
  parentId: number | null;
  path: string;
  name: string;
  level: OrgLevel;
  dissolvedOn: string | null;
  fullName: string;
}

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5E6E6' } };

/** Column widths, number formats and a bold, frozen header row for a sheet of `columns`. */
export function setColumns(sheet: ExcelJS.Worksheet, columns: readonly ColumnSpec[], markRequired: boolean) {
  sheet.columns = columns.map((c) => ({
    header: markRequired && c.required ? `${c.header}${requiredMark}` : c.header,
    key: c.key,
    width: c.width ?? Math.max(12, c.header.length * 2 + 4),
    style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.kind === 'text' ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = headerFill;
}

/** Worksheet options keeping the header row in view; streamed sheets take views only here. */
export const frozenHeader: Partial<ExcelJS.AddWorksheetOptions> = { views: [{ state: 'frozen', ySplit: 1 }] };

/** The 组织列表 sheet: what the org reference columns may name. */
export function addOrgList(workbook: ExcelJS.Workbook, orgs: readonly OrgRef[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(orgListSheetName);
  sheet.columns = [
    { header: '组织编号', key: 'id', width: 10 },
    { header: '组织名称', key: 'name', width: 28 },
    { header: '组织完整名称', key: 'fullName', width: 60 },
    { header: '组织层级', key: 'level', width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = headerFill;
  for (const org of orgs)
    sheet.addRow({ id: org.id, name: org.name, fullName: org.fullName, level: orgLevelLabels[org.level] });
  return sheet;
}

/** Names every org by the names from the top of the scope down to it, joined with "/". */
export function nameOrgs(rows: readonly Omit<OrgRef, 'fullName'>[]): OrgRef[] {
  const names = new Map(rows.map((r) => [String(r.id), r.name]));
  return rows.map((r) => ({
    ...r,
    fullName: r.path
      .split('.')
      .map((id) => names.get(id))
      .filter((n): n is string => n !== undefined)
      .join('/'),
  }));
}
