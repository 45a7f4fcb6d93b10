import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  columnOf,
  decodeUtf8,
  isDateFormat,
  parseXml,
  sharedStringsHandler,
  sheetReader,
  stylesHandler,
  XlsxFormatError,
  type SheetContext,
  type SheetRow,
} from '../../src/server/modules/imports/xlsx-xml.js';

async function* chunksOf(bytes: Uint8Array, cuts: number[]) {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

/** The rows of a sheet's XML bytes, delivered in chunks cut at `cuts`. */
async function rowsOf(bytes: Uint8Array, cuts: number[], context: Partial<SheetContext> = {}) {
  const reader = sheetReader({ sharedStrings: [], dateStyles: [], date1904: false, ...context });
  const rows: SheetRow[] = [];
  for await (const text of decodeUtf8(chunksOf(bytes, cuts))) {
    reader.write(text);
    rows.push(...reader.take());
  }
  reader.close();
  return [...rows, ...reader.take()];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const sheetXml = (names: string[]) =>
  '<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>' +
  names
    .map((n, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${escape(n)}</t></is></c></row>`)
    .join('') +
  '</sheetData></worksheet>';

describe('decodeUtf8 and sheetReader', () => {
  // Names with 2-, 3- and 4-byte UTF-8 characters (é, 覃, 𠮷 of CJK Extension B).
  const names = ['覃勇丙', '欧阳𠮷祥', 'Zoë 王', '丁'];
  const bytes = new TextEncoder().encode(sheetXml(names));

  it('reads every name whole wherever the bytes are split, at every byte of every character', async () => {
    const inside: number[] = [];
    for (let i = 1; i < bytes.length; i++) if ((bytes[i]! & 0xc0) === 0x80) inside.push(i);
    expect(inside).toHaveLength(20);
    for (const cut of inside) {
      const rows = await rowsOf(bytes, [cut]);
      expect(rows.map((r) => r.cells[0])).toEqual(names);
    }
  });

  it('reads any text back byte for byte, whatever the chunks', async () => {
    const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
    const any = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 });
    const name = fc
      .oneof(fc.string({ unit: cjk, minLength: 1, maxLength: 6 }), any)
      .filter((s) => s.trim() === s);
    await fc.assert(
      fc.asyncProperty(
        fc.array(name, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat()),
        async (list, raw) => {
          const xml = new TextEncoder().encode(sheetXml(list));
          const cuts = [...new Set(raw.map((n) => n % xml.length))].sort((a, b) => a - b);
          const rows = await rowsOf(xml, cuts);
          expect(rows.map((r) => r.cells[0])).toEqual(list);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses bytes that are not UTF-8 instead of reading them as U+FFFD', async () => {
    const broken = Uint8Array.from([...bytes.subarray(0, 100), 0xe8, 0x28, ...bytes.subarray(100)]);
    await expect(rowsOf(broken, [50])).rejects.toBeInstanceOf(XlsxFormatError);
    // A character cut off by the end of the entry is damage too.
    await expect(rowsOf(bytes.subarray(0, bytes.indexOf(0xe8) + 1), [])).rejects.toBeInstanceOf(
      XlsxFormatError,
    );
  });

  it('refuses a cell naming a shared string the file does not have', async () => {
    const xml = '<worksheet><sheetData><row><c t="s"><v>1</v></c></row></sheetData></worksheet>';
    await expect(rowsOf(new TextEncoder().encode(xml), [], { sharedStrings: ['甲'] })).rejects.toBeInstanceOf(
      XlsxFormatError,
    );
  });

  it('refuses XML that is not well-formed', async () => {
    await expect(rowsOf(new TextEncoder().encode('<worksheet><row></worksheet>'), [])).rejects.toBeInstanceOf(
      XlsxFormatError,
    );
  });
});

describe('sheetReader cell shapes', () => {
  const text = (s: string) => new TextEncoder().encode(s);

  it('reads shared, inline, rich and formula strings, numbers, booleans, errors and dates', async () => {
    const sharedStrings: string[] = [];
    await parseXml(
      decodeUtf8(
        chunksOf(
          text(
            '<sst><si><t>第一党支部</t></si><si><r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve">建 国</t></r>' +
              '<rPh sb="0" eb="1"><t>おう</t></rPh></si><si><t>a&amp;b</t></si></sst>',
          ),
          [],
        ),
      ),
      sharedStringsHandler(sharedStrings),
    );
    expect(sharedStrings).toEqual(['第一党支部', '王建 国', 'a&b']);
    const dateStyles: boolean[] = [];
    await parseXml(
      decodeUtf8(
        chunksOf(
          text(
            '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>' +
              '<numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/></numFmts>' +
              '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>' +
              '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="49"/></cellXfs></styleSheet>',
          ),
          [],
        ),
      ),
      stylesHandler(dateStyles),
    );
    expect(dateStyles).toEqual([false, true, true, false, false]);

    const xml =
      '<x:worksheet xmlns:x="main"><x:sheetData>' +
      '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c>' +
      '<x:c r="D2" t="inlineStr"><x:is><x:r><x:t>李</x:t></x:r><x:r><x:t>四</x:t></x:r></x:is></x:c></x:row>' +
      '<x:row><x:c s="1"><x:v>44013</x:v></x:c><x:c s="2"><x:v>44013.5</x:v></x:c><x:c s="3"><x:v>12.5</x:v></x:c>' +
      '<x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="str"><x:f>A2</x:f><x:v>结果</x:v></x:c>' +
      '<x:c t="d"><x:v>2020-07-01T00:00:00Z</x:v></x:c><x:c r="J3" t="s"/></x:row>' +
      '<x:row r="5"/></x:sheetData></x:worksheet>';
    const rows = await rowsOf(text(xml), [], { sharedStrings, dateStyles });
    expect(rows).toEqual([
      { number: 2, cells: ['第一党支部', null, '王建 国', '李四'] },
      {
        number: 3,
        cells: [
          new Date('2020-07-01T00:00:00Z'),
          new Date('2020-07-01T12:00:00Z'),
          12.5,
          true,
          '#N/A',
          '结果',
          new Date('2020-07-01T00:00:00Z'),
          null,
          null,
          null,
        ],
      },
      { number: 5, cells: [] },
    ]);
    const in1904 = await rowsOf(
      text('<worksheet><sheetData><row><c s="1"><v>42551</v></c></row></sheetData></worksheet>'),
      [],
      {
        dateStyles,
        date1904: true,
      },
    );
    expect(in1904[0]!.cells).toEqual([new Date('2020-07-01T00:00:00Z')]);
  });

  it('finds columns and date formats', () => {
    expect([columnOf('A1'), columnOf('Z9'), columnOf('AA10'), columnOf('XFD1'), columnOf('12')]).toEqual([
      0,
      25,
      26,
      16_383,
      null,
    ]);
    expect(['yyyy-mm-dd', 'm/d/yy h:mm', '[$-804]yyyy"年"m"月"d"日"', 'hh:mm'].every(isDateFormat)).toBe(
      true,
    );
    expect(['0.00', '#,##0 "元"', '@', 'General', '[Red]0', '0\\d'].some(isDateFormat)).toBe(false);
  });
});
