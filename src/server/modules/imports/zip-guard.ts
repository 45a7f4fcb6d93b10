// An xlsx file is a zip archive. Before the sheet is read, this checks the archive's
// directory and then inflates every entry once more while counting, so a zip bomb — whose declared
// sizes may lie — is refused after reading at most the limits below, in bounded memory.
import { createInflateRaw } from 'node:zlib';
import { badRequest } from '../../errors.js';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of all entries' inflated sizes, declared and actual. */
  maxTotalBytes: number;
  /** Inflated ÷ compressed size allowed for an entry larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 500,
  maxTotalBytes: 512 * 1024 * 1024,
  // Spreadsheet XML compresses about 10–30×; a bomb needs hundreds or thousands.
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  dataStart: number;
}

const notXlsx = () =>
  badRequest('IMPORT_NOT_XLSX', '文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写后上传');
const damaged = (why: string) => badRequest('IMPORT_FILE_DAMAGED', `文件已损坏或不完整：${why}`);
const bomb = (why: string) => badRequest('IMPORT_FILE_SUSPICIOUS', `文件解压后异常巨大，已拒绝：${why}`);

const eocdSignature = 0x06054b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;

/**
 * Refuses what does not even start like a zip archive. Cheap, so the upload route answers it at once
 * instead of starting a job that can only fail.
 */
export function assertZipSignature(file: Buffer): void {
  if (file.length < 22 || file.readUInt32LE(0) !== localSignature) throw notXlsx();
}

/** The archive's directory, read from the end-of-central-directory record backwards. */
function readDirectory(file: Buffer, limits: ZipLimits): ZipEntry[] {
  assertZipSignature(file);
  let eocd = -1;
  for (let at = file.length - 22; at >= Math.max(0, file.length - 22 - 65_535); at--) {
    if (file.readUInt32LE(at) === eocdSignature) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged('找不到压缩包目录，文件可能在传输中被截断');
  const count = file.readUInt16LE(eocd + 10);
  const directoryOffset = file.readUInt32LE(eocd + 16);
  // ZIP64 markers: no real workbook needs them, and they would let sizes hide beyond 32 bits.
  if (count === 0xffff || directoryOffset === 0xffffffff) throw bomb('不支持 ZIP64 格式的工作簿');
  if (count > limits.maxEntries) throw bomb(`包含 ${count} 个文件，超过上限 ${limits.maxEntries}`);
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== centralSignature)
      throw damaged('压缩包目录不完整');
    const nameLength = file.readUInt16LE(at + 28);
    const name = file.toString('utf8', at + 46, at + 46 + nameLength);
    const localOffset = file.readUInt32LE(at + 42);
    if (localOffset + 30 > file.length || file.readUInt32LE(localOffset) !== localSignature)
      throw damaged(`压缩包中的“${name}”不完整`);
    const dataStart =
      localOffset + 30 + file.readUInt16LE(localOffset + 26) + file.readUInt16LE(localOffset + 28);
    const entry: ZipEntry = {
      name,
      method: file.readUInt16LE(at + 10),
      compressedSize: file.readUInt32LE(at + 20),
      declaredSize: file.readUInt32LE(at + 24),
      dataStart,
    };
    if (entry.dataStart + entry.compressedSize > file.length) throw damaged(`压缩包中的“${name}”不完整`);
    if (entry.method !== 0 && entry.method !== 8) throw damaged(`“${name}”使用了不支持的压缩方式`);
    entries.push(entry);
    at += 46 + nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  if (!entries.some((e) => e.name === '[Content_Types].xml')) throw notXlsx();
  return entries;
}

function checkRatio(entry: ZipEntry, size: number, limits: ZipLimits) {
  if (size > limits.ratioFloorBytes && size > entry.compressedSize * limits.maxRatio)
    throw bomb(`“${entry.name}”的压缩比超过 ${limits.maxRatio} 倍`);
}

/** Inflates one entry, discarding the output, and stops as soon as it outgrows what it may be. */
function inflatedSize(file: Buffer, entry: ZipEntry, budget: number, limits: ZipLimits): Promise<number> {
  const data = entryData(file, entry);
  if (entry.method === 0) return Promise.resolve(data.length);
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      const problem =
        size > entry.declaredSize
          ? bomb(`“${entry.name}”解压后的大小与声明不符`)
          : size > budget
            ? bomb(`解压后超过 ${limits.maxTotalBytes / 1024 / 1024} MB`)
            : null;
      if (problem) {
        inflate.destroy();
        reject(problem);
      }
    });
    inflate.on('error', () => reject(damaged(`“${entry.name}”无法解压`)));
    inflate.on('end', () => resolve(size));
    inflate.end(data);
  });
}

/**
 * Throws a 400 AppError unless `file` is a plausible xlsx archive that inflates within the limits;
 * returns its entries, checked.
 */
export async function checkXlsxArchive(
  file: Buffer,
  limits: ZipLimits = defaultZipLimits,
): Promise<ZipEntry[]> {
  const entries = readDirectory(file, limits);
  let declaredTotal = 0;
  for (const entry of entries) {
    declaredTotal += entry.declaredSize;
    checkRatio(entry, entry.declaredSize, limits);
  }
  if (declaredTotal > limits.maxTotalBytes)
    throw bomb(`声明的解压大小超过 ${limits.maxTotalBytes / 1024 / 1024} MB`);
  let actualTotal = 0;
  for (const entry of entries) {
    const size = await inflatedSize(file, entry, limits.maxTotalBytes - actualTotal, limits);
    if (size !== entry.declaredSize) throw damaged(`“${entry.name}”解压后的大小与声明不符`);
    checkRatio(entry, size, limits);
    actualTotal += size;
  }
  return entries;
}

/** An entry's stored bytes, still compressed if its method is 8 (deflate). */
export const entryData = (file: Buffer, entry: ZipEntry) =>
  file.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
