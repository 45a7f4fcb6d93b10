import type { Paragraph, Table } from 'docx';
import { reportLines, type ReportBody, type ReportLine } from '../../../domain/reports.js';
import { body, fonts, officialDocx, run, table, title } from '../../documents/official-docx.js';

/*
 * A 述职报告 as a Word file in the official layout (`documents/official-docx.ts`): the title, 一、
 * headings in 黑体, （一） items led by their first sentence in 楷体_GB2312, and the 基本情况 table
 * (项目 | 数据) wherever the report's lines have rows.
 */

/** An item's heading: its first sentence (up to 。！？), or the whole line when it has only one. */
const itemHeading = /^.*?[。！？]/u;

/** 项目 takes more room than its figure: labels run to 20 characters, values to a dozen. */
const basicsShares = [6, 4];

function paragraph({ level, text }: Exclude<ReportLine, { level: 'row' }>): Paragraph {
  switch (level) {
    case 'title':
      return title(text);
    case 'part':
      return body([run(text, fonts.part)]);
    case 'item': {
      const heading = itemHeading.exec(text)?.[0] ?? text;
      const rest = text.slice(heading.length);
      return body([run(heading, fonts.item), ...(rest ? [run(rest, fonts.body)] : [])]);
    }
    case 'text':
      return body([run(text, fonts.body)]);
  }
}

/** The lines as Word blocks: each run of consecutive table rows becomes one table. */
function blocks(lines: ReportLine[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let rows: [string, string][] = [];
  const flush = () => {
    if (rows.length) out.push(table(['项目', '数据'], rows, basicsShares));
    rows = [];
  };
  for (const reportLine of lines) {
    if (reportLine.level === 'row') rows.push(reportLine.cells);
    else {
      flush();
      out.push(paragraph(reportLine));
    }
  }
  flush();
  return out;
}

/** The report body as a .docx in the official layout, its lines those of `reportText`. */
export async function reportDocx(report: ReportBody): Promise<Buffer> {
  return officialDocx(report.title.trim(), blocks(reportLines(report)));
}
