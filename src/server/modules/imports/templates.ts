import ExcelJS from 'exceljs';
import { ledgerColumns } from '../../../domain/ledger-import.js';
import { lateEntryGraceDays } from '../../../domain/ledger-record.js';
import { boolLabels, memberColumns, orgColumns, type ColumnSpec } from '../../../domain/member-import.js';
import {
  addOrgList,
  frozenHeader,
  guideSheetName,
  ledgerSheetName,
  memberSheetName,
  orgSheetName,
  setColumns,
  type OrgRef,
} from './workbook.js';

/** How many rows of the data sheet carry the dropdowns and date checks. */
const validatedRows = 5000;

const columnLetter = (n: number): string =>
  n <= 26
    ? String.fromCharCode(64 + n)
    : columnLetter(Math.floor((n - 1) / 26)) + columnLetter(((n - 1) % 26) + 1);

// ExcelJS supports range validations but its typings omit the worksheet's collection.
type ValidatedSheet = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

function addValidations(worksheet: ExcelJS.Worksheet, columns: readonly ColumnSpec[], orgListRows: number) {
  const sheet = worksheet as unknown as ValidatedSheet;
  columns.forEach((column, i) => {
    const range = `${columnLetter(i + 1)}2:${columnLetter(i + 1)}${validatedRows + 1}`;
    const list = (formula: string, what: string): ExcelJS.DataValidation => ({
      type: 'list',
      allowBlank: !column.required,
      formulae: [formula],
      showErrorMessage: true,
      errorTitle: '输入有误',
      error: `请从下拉列表中选择${what}`,
    });
    if (column.kind === 'enum')
      sheet.dataValidations.add(range, list(`"${Object.values(column.labels).join(',')}"`, column.header));
    else if (column.kind === 'bool')
      sheet.dataValidations.add(range, list(`"${boolLabels.join(',')}"`, '是或否'));
    else if (column.kind === 'date')
      sheet.dataValidations.add(range, {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(2099, 11, 31))],
        showErrorMessage: true,
        errorTitle: '日期有误',
        error: '请填写 1900 年至 2099 年之间的日期，如 2020-07-01',
      });
    else if (column.key === 'orgRef' || column.key === 'parentRef') {
      // A dropdown of the org list; typing an id or (for orgs) a name from this file stays allowed.
      const validation = list(`'组织列表'!$C$2:$C$${Math.max(2, orgListRows + 1)}`, '组织');
      sheet.dataValidations.add(range, { ...validation, showErrorMessage: false });
    }
  });
}

function addGuide(workbook: ExcelJS.Workbook, columns: readonly ColumnSpec[], general: string[]) {
  const sheet = workbook.addWorksheet(guideSheetName);
  sheet.columns = [
    { header: '列名', key: 'header', width: 22 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'note', width: 60 },
    { header: '可选值', key: 'values', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const c of columns)
    sheet.addRow({
      header: c.header,
      required: c.required ? '必填' : '选填',
      note: c.note,
      values: c.kind === 'enum' ? Object.values(c.labels).join('、') : c.kind === 'bool' ? '是、否' : '',
    });
  sheet.addRow({});
  for (const line of general) sheet.addRow({ header: line });
  return sheet;
}

const commonRules = (sheet: string, maxRows: number) => [
  `1. 在“${sheet}”表第 2 行起逐行填写，每行一条；带 * 的列必填；请勿修改表头。`,
  '2. 下拉列中请从列表选择；日期列请填写日期，如 2020-07-01。',
  `3. 一次最多导入 ${maxRows.toLocaleString('zh-CN')} 行。上传后系统逐行检查，任何一行有误则全部不导入，并列出每处错误的行号、列名和原因。`,
  '4. “组织列表”表列出您管辖范围内的组织：同名组织（如各村的“第一党支部”）请以“组织完整名称”或“组织编号”区分。',
];

export interface TemplateKind {
  sheetName: string;
  columns: readonly ColumnSpec[];
  rules: string[];
}

export const memberTemplateKind: TemplateKind = {
  sheetName: memberSheetName,
  columns: memberColumns,
  rules: [
    '5. 人员类别须与阶段日期相符：如预备党员须填写入党日期，积极分子培养满一年方可确定为发展对象，转正不早于入党满一年。',
    '6. 身份证号码按 GB 11643 校验，其中的出生日期和性别须与所填相符；同一号码在文件中和系统中只能出现一次。',
    '7. 申请入党时须年满 18 周岁；离开后不能再有阶段日期；已撤销的组织不在“组织列表”中，不能再导入党员。',
  ],
};

export const orgTemplateKind: TemplateKind = {
  sheetName: orgSheetName,
  columns: orgColumns,
  rules: [
    '5. 新建组织可作为下方各行的上级：上级组织填写“上级的完整名称/本组织名称”，如“城关镇党委/城关社区党总支”。',
    '6. 党支部下不能再设组织；同一上级下不能有同名组织。',
  ],
};

export const ledgerTemplateKind: TemplateKind = {
  sheetName: ledgerSheetName,
  columns: ledgerColumns,
  rules: [
    '5. 出席、缺席人员须为活动当日本组织的党员，按姓名匹配；同一组织有同名党员时请改在系统中逐条录入。',
    '6. 党课、培训须填写学时，其他类型不填；无参加人员登记的类型（如联系点走访、党务公开）不填出席、缺席人员。',
    `7. 已关闭考核周期内的日期不能导入；录入日期晚于活动日期 ${lateEntryGraceDays} 天以上的记录标为补录。`,
  ],
};

/** An empty template: the data sheet with dropdowns, the 填写说明 sheet and the in-scope org list. */
export async function buildTemplate(kind: TemplateKind, orgs: readonly OrgRef[], maxRows: number) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind.sheetName, frozenHeader);
  setColumns(sheet, kind.columns, true);
  addValidations(sheet, kind.columns, orgs.length);
  addGuide(workbook, kind.columns, [...commonRules(kind.sheetName, maxRows), ...kind.rules]);
  addOrgList(workbook, orgs);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
