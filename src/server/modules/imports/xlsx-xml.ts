// The XML parts of an xlsx workbook, read from text: what the import needs of the workbook (sheet
// names, the 1904 flag), its relationships, styles (which cells hold dates), shared strings and one
// sheet's rows. No I/O: read-sheet.ts inflates the archive's entries and feeds their bytes here.
//
// ExcelJS's streaming reader is not used for this: it decodes each inflated chunk as UTF-8 on its
// own, so a Chinese character whose bytes straddle two chunks became U+FFFD (about 1 name in 3,000).
// Here the bytes go through one streaming decoder per entry, which carries a split character over.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { CellValue } from '../../../domain/member-import.js';

export interface SheetRow {
  number: number;
  /** Cells by column index, 0-based; cells missing from the file are null. */
  cells: CellValue[];
}

/** Thrown for bytes that are not UTF-8 or text that is not well-formed XML. */
export class XlsxFormatError extends Error {}

/**
 * Decodes a stream of byte chunks as one UTF-8 text: a character split across chunks comes out whole,
 * and bytes that are not UTF-8 throw rather than turning into U+FFFD.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw new XlsxFormatError('not UTF-8');
    throw error;
  }
}

/** An XML consumer: gets every tag (without its namespace prefix) and text, then `end()`. */
interface XmlHandler {
  open(name: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** A SAX parser driving `handler`; write text into it, then close it. */
function xmlParser(handler: XmlHandler) {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= new XlsxFormatError(error.message);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => handler.open(localName(tag.name), tag.attributes));
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  parser.on('closetag', (tag: SaxesTagPlain) => handler.close(localName(tag.name)));
  const check = () => {
    if (failure) throw failure;
  };
  return {
    write(text: string) {
      parser.write(text);
      check();
    },
    close() {
      parser.close();
      check();
    },
  };
}

/** Feeds a whole stream of text to `handler`. */
export async function parseXml(texts: AsyncIterable<string>, handler: XmlHandler): Promise<void> {
  const parser = xmlParser(handler);
  for await (const text of texts) parser.write(text);
  parser.close();
}

export interface WorkbookInfo {
  /** Sheet name → relationship id. */
  sheets: Map<string, string>;
  date1904: boolean;
}

export function workbookHandler(into: WorkbookInfo): XmlHandler {
  return {
    open(name, attributes) {
      if (name === 'sheet' && attributes.name !== undefined)
        into.sheets.set(attributes.name, attributes['r:id'] ?? attributes.id ?? '');
      else if (name === 'workbookPr')
        into.date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
    },
    text() {},
    close() {},
  };
}

/** Relationship id → target and type → target, targets resolved against `base` (e.g. `xl/`). */
export interface Relationships {
  byId: Map<string, string>;
  byType: Map<string, string>;
}

export function relationshipsHandler(into: Relationships, base: string): XmlHandler {
  return {
    open(name, attributes) {
      if (name !== 'Relationship' || !attributes.Target) return;
      const target = attributes.Target.startsWith('/')
        ? attributes.Target.slice(1)
        : base + attributes.Target;
      if (attributes.Id) into.byId.set(attributes.Id, target);
      if (attributes.Type)
        into.byType.set(attributes.Type.slice(attributes.Type.lastIndexOf('/') + 1), target);
    },
    text() {},
    close() {},
  };
}

/**
 * Built-in number formats that show dates or times: ECMA-376's 14–22 and 45–47, and the East Asian
 * ones (27–36, 50–58) that Chinese Excel and WPS write for 年月日 dates.
 */
const builtInDateFormats = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format shows a date when, outside quoted text and [brackets], it has a date or time part. */
export const isDateFormat = (code: string) =>
  /[ymdhsb]/i.test(
    code
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, ''),
  );

/** Which cell styles (by `s` index) show dates. */
export function stylesHandler(into: boolean[]): XmlHandler {
  const custom = new Map<number, string>();
  let inCellXfs = false;
  return {
    open(name, attributes) {
      if (name === 'numFmt') custom.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attributes.numFmtId ?? 0);
        const code = custom.get(id);
        into.push(code === undefined ? builtInDateFormats.has(id) : isDateFormat(code));
      }
    },
    text() {},
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  };
}

/**
 * The text of a string item (`<si>` or an inline `<is>`): its `<t>` elements, rich-text runs
 * included, phonetic guides (`<rPh>`) left out.
 */
function stringItem() {
  let depth = 0;
  let inText = false;
  let phonetic = 0;
  let value = '';
  return {
    get value() {
      return value;
    },
    get open() {
      return depth > 0;
    },
    start() {
      depth = 1;
      value = '';
    },
    tag(name: string, opening: boolean) {
      if (name === 'rPh') phonetic += opening ? 1 : -1;
      else if (name === 't') inText = opening && phonetic === 0;
    },
    text(text: string) {
      if (inText) value += text;
    },
    end() {
      depth = 0;
      inText = false;
      phonetic = 0;
    },
  };
}

export function sharedStringsHandler(into: string[]): XmlHandler {
  const item = stringItem();
  return {
    open(name) {
      if (name === 'si') item.start();
      else if (item.open) item.tag(name, true);
    },
    text: (text) => item.text(text),
    close(name) {
      if (name === 'si') {
        into.push(item.value);
        item.end();
      } else if (item.open) item.tag(name, false);
    },
  };
}

/** 0-based column of a cell reference such as `AB12`, or null if it has none. */
export function columnOf(ref: string): number | null {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return i === 0 ? null : column - 1;
}

const dayMs = 86_400_000;
/** An Excel serial date (days since 1899-12-30, or 1904-01-01) as a UTC instant. */
export const excelDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25_569 + (date1904 ? 1_462 : 0)) * dayMs));

export interface SheetContext {
  sharedStrings: readonly string[];
  /** Per style index: does it show a date. */
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/**
 * A worksheet's rows as they complete: `write` text, then take the rows finished so far with
 * `take()`; a row is finished at its closing tag.
 */
export function sheetReader(context: SheetContext) {
  const done: SheetRow[] = [];
  let row: SheetRow | null = null;
  let lastRow = 0;
  let column = -1;
  let type = 'n';
  let style = 0;
  let value = '';
  let inValue = false;
  const inline = stringItem();

  const cellValue = (): CellValue => {
    if (type !== 'inlineStr' && value === '') return null;
    switch (type) {
      case 's': {
        // A missing string would silently empty the cell: the file is damaged.
        const shared = context.sharedStrings[Number(value)];
        if (shared === undefined) throw new XlsxFormatError(`no shared string ${value}`);
        return shared;
      }
      case 'inlineStr':
        return inline.value;
      case 'str':
      case 'e':
        return value;
      case 'b':
        return value === '1' || value === 'true';
      case 'd':
        return new Date(value);
      default: {
        const number = Number(value);
        return context.dateStyles[style] ? excelDate(number, context.date1904) : number;
      }
    }
  };

  const parser = xmlParser({
    open(name, attributes) {
      if (name === 'row') {
        lastRow = attributes.r ? Number(attributes.r) : lastRow + 1;
        row = { number: lastRow, cells: [] };
        column = -1;
      } else if (name === 'c') {
        column = (attributes.r ? columnOf(attributes.r) : null) ?? column + 1;
        type = attributes.t ?? 'n';
        style = attributes.s ? Number(attributes.s) : 0;
        value = '';
      } else if (name === 'v') inValue = true;
      else if (name === 'is') inline.start();
      else if (inline.open) inline.tag(name, true);
    },
    text(text) {
      if (inValue) value += text;
      else if (inline.open) inline.text(text);
    },
    close(name) {
      if (name === 'v') inValue = false;
      else if (name === 'is') inline.end();
      else if (inline.open) inline.tag(name, false);
      else if (name === 'c' && row) {
        while (row.cells.length < column) row.cells.push(null);
        row.cells[column] = cellValue();
      } else if (name === 'row' && row) {
        done.push(row);
        row = null;
      }
    },
  });
  return {
    write: (text: string) => parser.write(text),
    close: () => parser.close(),
    take(): SheetRow[] {
      return done.splice(0, done.length);
    },
  };
}
