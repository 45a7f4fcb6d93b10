import path from 'node:path';
import mammoth from 'mammoth';

export class ReportFileError extends Error {}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Notepad and WPS on Chinese Windows save "ANSI" text as GBK, which GB18030 contains.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * The text of a report file, one paragraph per line. Word's paragraphs come through mammoth's raw
 * text (blank-line separated), tables as their cells' paragraphs; line ends are normalized.
 */
export async function readReportText(bytes: Uint8Array, fileName: string): Promise<string> {
  const type = path.extname(fileName).toLowerCase();
  let text: string;
  if (type === '.txt') text = decodeText(bytes);
  else if (type === '.docx') {
    try {
      text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
    } catch {
      throw new ReportFileError(
        `无法读取 Word 文件“${path.basename(fileName)}”：文件已损坏或不是 .docx 格式`,
      );
    }
    text = text.replace(/\n{2,}/g, '\n');
  } else
    throw new ReportFileError(`不支持的文件类型“${type || path.basename(fileName)}”：请使用 .docx 或 .txt`);
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/^\uFEFF/, '')
      .trim() + '\n'
  );
}
