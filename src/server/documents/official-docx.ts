import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageBreak,
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

/*
 * Word files in the habits of 党政机关公文格式 (GB/T 9704), shared by every document Shuping writes
 * (述职报告, 通报, 反馈意见): A4, margins 37/35/28/26 mm, the title centred in 方正小标宋简体 二号,
 * the body in 仿宋_GB2312 三号 on a fixed 28 pt line with a two-character first-line indent, 一、
 * headings in 黑体, （一） items led by 楷体_GB2312, tables across the text width in 四号 with thin
 * borders, and the page number centred in the footer as “— 1 —”.
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

export const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const twip = (mm: number) => Math.round(convertMillimetersToTwip(mm));
/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt. */
export const size = { title: 44, body: 32, table: 28, pageNumber: 28 } as const;
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
export const fonts = {
  title: face('方正小标宋简体'),
  body: face('仿宋_GB2312'),
  part: face('黑体'),
  item: face('楷体_GB2312'),
  pageNumber: face('宋体'),
};
const language = { value: 'zh-CN', eastAsia: 'zh-CN' };

export const run = (text: string, font: IRunOptions['font'], textSize: number = size.body) =>
  new TextRun({ text, font, size: textSize, language });

/** A body paragraph: justified, indented two characters, on the fixed line. */
export const body = (children: TextRun[]) =>
  new Paragraph({
    children,
    alignment: AlignmentType.BOTH,
    indent: { firstLine: indent },
    spacing: { line, lineRule: LineRuleType.EXACT },
  });

/** The title, centred, with a blank 28 pt line after it as between 标题 and 正文. */
export const title = (text: string, pageBreakBefore = false) =>
  new Paragraph({
    children: [...(pageBreakBefore ? [new PageBreak()] : []), run(text, fonts.title, size.title)],
    alignment: AlignmentType.CENTER,
    spacing: { line, lineRule: LineRuleType.EXACT, after: line },
  });

/** The text width: A4's 210 mm less the left and right margins. */
export const textWidth = twip(210 - 28 - 26);
const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

const cell = (text: string, width: number, header: boolean, centered: boolean) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 100, right: 100 },
    // A table's lines are shorter than the body's fixed 28 pt: 四号 on a 20 pt line.
    children: [
      new Paragraph({
        children: [run(text, header ? fonts.part : fonts.body, size.table)],
        alignment: header || centered ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { line: 400, lineRule: LineRuleType.EXACT },
      }),
    ],
  });

/**
 * A table across the text width: the header row (黑体, repeated on every page), then the rows.
 * `shares` are the columns' parts of the width; `centered` the columns set centred (ranks, grades).
 */
export function table(
  header: string[],
  rows: string[][],
  shares: number[],
  centered: ReadonlySet<number> = new Set(),
): Table {
  const total = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => Math.floor((textWidth * s) / total));
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
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
        children: header.map((text, i) => cell(text, widths[i]!, true, false)),
      }),
      ...rows.map(
        (cells) =>
          new TableRow({ children: cells.map((text, i) => cell(text, widths[i]!, false, centered.has(i))) }),
      ),
    ],
  });
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

/** The blocks as one A4 .docx in the official page setup, numbered in the footer. */
export async function officialDocx(documentTitle: string, children: (Paragraph | Table)[]): Promise<Buffer> {
  const document = new Document({
    title: documentTitle,
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
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
