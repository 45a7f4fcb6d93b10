import { createInflateRaw } from 'node:zlib';
import { badRequest } from '../../errors.js';
import {
  decodeUtf8,
  parseXml,
  relationshipsHandler,
  sharedStringsHandler,
  sheetReader,
  stylesHandler,
  workbookHandler,
  type Relationships,
  type SheetRow,
  type WorkbookInfo,
} from './xlsx-xml.js';
import { entryData, type ZipEntry } from './zip-guard.js';

export type { SheetRow } from './xlsx-xml.js';

const damaged = () => badRequest('IMPORT_FILE_DAMAGED', '文件已损坏或不是有效的 Excel 工作簿，无法读取');

/** An entry's inflated bytes, in chunks, never the whole entry at once. */
async function* inflated(file: Buffer, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  const data = entryData(file, entry);
  if (entry.method === 0) {
    yield data;
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  inflate.end(data);
  yield* inflate;
}

/** How far through the sheet's inflated bytes the reader is: what an import's progress estimates from. */
export interface SheetPosition {
  read: number;
  size: number;
}

async function* counted(chunks: AsyncIterable<Uint8Array>, position: SheetPosition) {
  for await (const chunk of chunks) {
    position.read += chunk.length;
    yield chunk;
  }
}

/**
 * The rows of the worksheet named `sheetName`, streamed: only the shared strings and which styles
 * show dates are kept in memory, not the sheet. `entries` are the archive's, from checkXlsxArchive.
 */
export async function* readSheetRows(
  file: Buffer,
  entries: readonly ZipEntry[],
  sheetName: string,
  position: SheetPosition = { read: 0, size: 0 },
): AsyncGenerator<SheetRow> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const text = (name: string | undefined, counting?: SheetPosition) => {
    const entry = name === undefined ? undefined : byName.get(name);
    if (!entry) return null;
    if (!counting) return decodeUtf8(inflated(file, entry));
    counting.size = entry.declaredSize;
    return decodeUtf8(counted(inflated(file, entry), counting));
  };
  try {
    const workbook = text('xl/workbook.xml');
    if (!workbook) throw damaged();
    const info: WorkbookInfo = { sheets: new Map(), date1904: false };
    await parseXml(workbook, workbookHandler(info));
    const rels: Relationships = { byId: new Map(), byType: new Map() };
    const relsText = text('xl/_rels/workbook.xml.rels');
    if (relsText) await parseXml(relsText, relationshipsHandler(rels, 'xl/'));

    const relId = info.sheets.get(sheetName);
    const sheet = text(relId === undefined ? undefined : rels.byId.get(relId), position);
    if (!sheet)
      throw badRequest(
        'IMPORT_SHEET_MISSING',
        `工作簿中没有名为“${sheetName}”的工作表，请使用下载的模板填写`,
      );

    const dateStyles: boolean[] = [];
    const styles = text(rels.byType.get('styles') ?? 'xl/styles.xml');
    if (styles) await parseXml(styles, stylesHandler(dateStyles));
    const sharedStrings: string[] = [];
    const strings = text(rels.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml');
    if (strings) await parseXml(strings, sharedStringsHandler(sharedStrings));

    const reader = sheetReader({ sharedStrings, dateStyles, date1904: info.date1904 });
    for await (const chunk of sheet) {
      reader.write(chunk);
      yield* reader.take();
    }
    reader.close();
    yield* reader.take();
  } catch (error) {
    if ((error as { isAppError?: boolean }).isAppError) throw error;
    throw damaged();
  }
}
