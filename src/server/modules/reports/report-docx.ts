import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';
import { reportLines, type ReportBody, type ReportLine } from '../../../domain/reports.js';

/*
 * A 述职报告 as a Word file in the habits of 党政机关公文格式 (GB/T 9704): A4, margins 37/35/28/26 mm,
 * the title centred in 方正小标宋简体 二号, the body in 仿宋_GB2312 三号 on a fixed 28 pt line with a
 * two-character first-line indent, 一、 headings in 黑体, （一） items led by a sentence in 楷体_GB2312,
 * the 基本情况 table (项目 | 数据) across the text width in 四号 with thin borders, and the page number
 * centred in the footer as “— 1 —”.
 *
 * Fonts. A run names one font per script and Word has no fallback list, so every run names:
 *  - eastAsia: the official face (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312), as a county office
 *    that has them installed expects to see in Word's font box;
 *  - ascii/hAnsi: Times New Roman, the usual face for figures and Latin letters in 公文, present on
 *    every Windows and mapped by LibreOffice to the metric-compatible Liberation Serif;
 *  - hint eastAsia and the East Asian language zh-CN: characters both scripts share (“”、—) are set in
 *    the Chinese face, and where the official face is missing, the substitute is picked for simplified
 *    Chinese — Word takes its default 中文 face (宋体/等线), LibreOffice asks fontconfig for a zh-CN
 *    font (Noto Serif/Sans CJK SC on a Linux server) instead of a Latin one with boxes.
 * The font table is left to docx: writing our own `w:altName` lists would need a post-processed zip,
 * and LibreOffice does not read them.
 */

const twip = (mm: number) => Math.round(convertMillimetersToTwip(mm));
/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt. */
const size = { title: 44, body: 32, table: 28, pageNumber: 28 } as const;
/** A fixed 28 pt line (560 twips): 22 lines on a page of 225 mm, GB/T 9704's grid. */
const line = 560;
/** Two characters of 三号 (16 pt each). */
const indent = 2 * 16 * 20;

const latin = 'Times New Roman';
const face = (eastAsia: string): IRunOptions['font'] => ({
  ascii: latin,
  hAnsi: latin,
  eastAsia,
  cs: latin,
  hint: 'eastAsia',
});
const fonts = {
  title: face('方正小标宋简体'),
  body: face('仿宋_GB2312'),
  part: face('黑体'),
  item: face('楷体_GB2312'),
  pageNumber: face('宋体'),
};
const language = { value: 'zh-CN', eastAsia: 'zh-CN' };

const run = (text: string, font: IRunOptions['font'], textSize: number = size.body) =>
  new TextRun({ text, font, size: textSize, language });

const body = (children: TextRun[]) =>
  new Paragraph({
    children,
    alignment: AlignmentType.BOTH,
    indent: { firstLine: indent },
    spacing: { line, lineRule: LineRuleType.EXACT },
  });

/** An item's heading: its first sentence (up to 。！？), or the whole line when it has only one. */
const itemHeading = /^.*?[。！？]/u;

/** The text width: A4's 210 mm less the left and right margins. */
const textWidth = twip(210 - 28 - 26);
/** 项目 takes more room than its figure: labels run to 20 characters, values to a dozen. */
const columnWidths = [Math.round(textWidth * 0.6), textWidth - Math.round(textWidth * 0.6)];
const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

const cell = (text: string, width: number, header = false) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 100, right: 100 },
    // A table's lines are shorter than the body's fixed 28 pt: 四号 on a 20 pt line.
    children: [
      new Paragraph({
        children: [run(text, header ? fonts.part : fonts.body, size.table)],
        alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { line: 400, lineRule: LineRuleType.EXACT },
      }),
    ],
  });

/** The 基本情况 table: a 项目 | 数据 header repeated on every page, then one row per figure. */
const table = (rows: [string, string][]) =>
  new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths,
    borders: {
      top: thin,
      bottom: thin,
      left: thin,
      right: thin,
      insideHorizontal: thin,
      insideVertical: thin,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [cell('项目', columnWidths[0]!, true), cell('数据', columnWidths[1]!, true)],
      }),
      ...rows.map(
        ([label, value]) =>
          new TableRow({
            children: [cell(label, columnWidths[0]!), cell(value, columnWidths[1]!)],
          }),
      ),
    ],
  });

function paragraph({ level, text }: Exclude<ReportLine, { level: 'row' }>): Paragraph {
  switch (level) {
    case 'title':
      // A blank 28 pt line after the title, as between 标题 and 正文.
      return new Paragraph({
        children: [run(text, fonts.title, size.title)],
        alignment: AlignmentType.CENTER,
        spacing: { line, lineRule: LineRuleType.EXACT, after: line },
      });
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
    if (rows.length) out.push(table(rows));
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

const pageNumberFooter = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: fonts.pageNumber,
            size: size.pageNumber,
            language,
          }),
        ],
      }),
    ],
  });

/** The report body as a .docx in the official layout, its lines those of `reportText`. */
export async function reportDocx(report: ReportBody): Promise<Buffer> {
  const document = new Document({
    title: report.title.trim(),
    styles: {
      default: {
        document: { run: { font: fonts.body, size: size.body, language } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: twip(210), height: twip(297) },
            margin: {
              top: twip(37),
              bottom: twip(35),
              left: twip(28),
              right: twip(26),
              header: twip(15),
              footer: twip(28),
            },
          },
        },
        footers: { default: pageNumberFooter() },
        children: blocks(reportLines(report)),
      },
    ],
  });
  return Packer.toBuffer(document);
}
