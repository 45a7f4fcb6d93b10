// What may be stored in the file store: per kind of file, the allowed types (as sniffed from the
// bytes) with the extensions a name may carry for them, and the largest size.
import { normalizeText, textProblem } from './text.js';

export const fileKinds = ['attachment', 'evidence', 'report', 'generated'] as const;
export type FileKind = (typeof fileKinds)[number];

export const fileKindLabels: Record<FileKind, string> = {
  attachment: '台账附件',
  evidence: '佐证材料',
  report: '述职报告',
  generated: '系统生成文件',
};

/** A type the store accepts: its MIME type, the extensions naming it, and how users call it. */
export interface FileTypeRule {
  mime: string;
  extensions: readonly string[];
  label: string;
}

const type = (mime: string, label: string, ...extensions: string[]): FileTypeRule => ({
  mime,
  extensions,
  label,
});
const jpeg = type('image/jpeg', 'JPEG 图片', 'jpg', 'jpeg');
const png = type('image/png', 'PNG 图片', 'png');
const webp = type('image/webp', 'WebP 图片', 'webp');
const pdf = type('application/pdf', 'PDF', 'pdf');
const docx = type(
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'Word 文档',
  'docx',
);
const xlsx = type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel 表格', 'xlsx');
const zip = type('application/zip', 'ZIP 压缩包', 'zip');

const MiB = 1024 * 1024;

export interface FileKindRule {
  types: readonly FileTypeRule[];
  maxBytes: number;
  /** Whether users upload it; `generated` files are written by the server only. */
  uploadable: boolean;
}

export const fileKindRules: Record<FileKind, FileKindRule> = {
  attachment: { types: [jpeg, png, webp, pdf, docx, xlsx], maxBytes: 20 * MiB, uploadable: true },
  evidence: { types: [jpeg, png, webp, pdf, docx, xlsx], maxBytes: 20 * MiB, uploadable: true },
  report: { types: [docx, pdf], maxBytes: 20 * MiB, uploadable: true },
  generated: { types: [docx, xlsx, pdf, zip], maxBytes: 100 * MiB, uploadable: false },
};

/** "20 MB" for 20 MiB: the unit users know. */
export function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export const maxFileNameLength = 200;

/**
 * The name a file is stored under: the last path segment (old browsers sent `C:\…\x.pdf`), NFC, trimmed;
 * or a Chinese problem.
 */
export function storedFileName(raw: string): { name: string } | { problem: string } {
  const name = normalizeText(raw.split(/[\\/]/).pop() ?? '', { multiline: false });
  if (!name || name === '.' || name === '..') return { problem: '文件名不能为空' };
  if (name.length > maxFileNameLength) return { problem: `文件名不能超过 ${maxFileNameLength} 个字符` };
  const problem = textProblem(name, { multiline: false });
  return problem ? { problem: `文件名${problem}` } : { name };
}

/** The extension of `name`, lower case, without the dot; '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Whether a file of `kind` named `name` whose bytes were sniffed as `sniffedMime` (undefined: not
 * recognised) may be stored: the type must be allowed for the kind and the extension must name it.
 */
export function fileTypeProblem(
  kind: FileKind,
  name: string,
  sniffedMime: string | undefined,
): { code: 'FILE_TYPE_NOT_ALLOWED' | 'FILE_EXTENSION_MISMATCH'; message: string } | null {
  const { types } = fileKindRules[kind];
  const allowed = `${fileKindLabels[kind]}只能是 ${types.map((t) => t.extensions[0]).join('、')} 文件`;
  const rule = types.find((t) => t.mime === sniffedMime);
  if (!rule)
    return {
      code: 'FILE_TYPE_NOT_ALLOWED',
      message: `文件内容${sniffedMime ? `是 ${sniffedMime}` : '无法识别'}，${allowed}`,
    };
  const extension = extensionOf(name);
  if (!rule.extensions.includes(extension))
    return {
      code: 'FILE_EXTENSION_MISMATCH',
      message: `文件扩展名“${extension ? `.${extension}` : '（无）'}”与文件内容（${rule.label}）不符，请使用 .${rule.extensions[0]}`,
    };
  return null;
}

/**
 * Types a browser may show in a tab. Anything else (html and svg above all, which a browser would run)
 * is always sent as an attachment.
 */
const inlineTypes = new Set([jpeg.mime, png.mime, webp.mime, pdf.mime]);
export function showsInline(mime: string): boolean {
  return inlineTypes.has(mime);
}
