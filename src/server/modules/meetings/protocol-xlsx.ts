// The 计票结果 protocol as an xlsx: sheet 1 the meeting's facts, sheet 2 the tally, counts as
// numbers so a county can sum the towns' sheets; A4, the header repeated on every page.
import ExcelJS from 'exceljs';
import {
  protocolFacts,
  protocolTallyTable,
  type ProtocolFactsInput,
  type TallyLike,
} from '../../../domain/meeting-protocol.js';
import { printedSheet, writeTable } from '../cycles/scheme-xlsx.js';

export const protocolSheetNames = { facts: '评议会情况', tally: '计票结果' } as const;

export async function protocolWorkbook(facts: ProtocolFactsInput, tally: TallyLike): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '述评 Shuping';
  const title = `${facts.name}民主测评计票结果`;
  const subtitle = `${facts.heldOn} ${facts.venue}`;

  const factColumns = [
    { key: 'label', header: '项目', width: 28 },
    { key: 'value', header: '内容', width: 48 },
  ] as const;
  const first = printedSheet(workbook, {
    name: protocolSheetNames.facts,
    orientation: 'portrait',
    columns: factColumns,
    printed: factColumns.length,
    title,
    subtitle,
  });
  writeTable(first.sheet, first.firstRow, factColumns, protocolFacts(facts), new Set());

  const table = protocolTallyTable(tally);
  const columns = table.columns.map((c, i) => ({ ...c, width: i === 1 ? 24 : i === 2 ? 22 : 8 }));
  const second = printedSheet(workbook, {
    name: protocolSheetNames.tally,
    orientation: 'landscape',
    columns,
    printed: columns.length,
    title,
    subtitle: '不足 3 票的评议人类别并入“其他”',
  });
  const counts = new Set(table.columns.filter((_, i) => i !== 1 && i !== 2).map((c) => c.key));
  const after = writeTable(second.sheet, second.firstRow, columns, table.rows, counts);
  second.sheet.getCell(after + 2, 2).value = '计票人：';
  second.sheet.getCell(after + 2, 3).value = '监票人：';
  second.sheet.getCell(after + 3, 2).value = '日期：';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
