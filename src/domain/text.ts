// Text that people enter is stored as NFC, so the same name typed on two systems is the same string,
// and refused when it holds characters that hide or disguise what a reader sees.

/** Whether line breaks and tabs belong in the field (free text), or it is one line (a name). */
export interface TextRules {
  multiline: boolean;
}

const lineBreaksAndTabs = new Set(['\t', '\n', '\r']);

// C0 and C1 controls and DEL.
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
// Embeddings and overrides (U+202A–202E) and isolates (U+2066–2069) reorder what is displayed.
const isBidiControl = (code: number) =>
  (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
// Zero-width spaces, joiners, directional marks, word joiner and BOM: invisible, yet they make two
// names that look equal different.
const isZeroWidth = (code: number) =>
  (code >= 0x200b && code <= 0x200f) || code === 0x2060 || code === 0xfeff;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with `text` under `rules`, in Chinese, or null when it may be stored. */
export function textProblem(text: string, rules: TextRules): string | null {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (isControl(code) && !(rules.multiline && lineBreaksAndTabs.has(char)))
      return code === 0
        ? '不能包含空字符'
        : `不能包含控制字符（${hex(code)}）${lineBreaksAndTabs.has(char) ? '，此项只能填一行' : ''}`;
    if (isBidiControl(code)) return `不能包含改变文字显示方向的控制字符（${hex(code)}）`;
    if (isZeroWidth(code)) return `不能包含不可见的零宽字符（${hex(code)}）`;
    if (code === 0xfffd) return '含有替换字符“�”（U+FFFD），通常是文件编码损坏所致，请检查原文';
  }
  return null;
}

/**
 * `text` in the form it is stored: Unicode NFC, and a one-line field without whitespace at its ends
 * (a name pasted with a trailing tab is the name).
 */
export function normalizeText(text: string, rules: TextRules): string {
  const composed = text.normalize('NFC');
  return rules.multiline ? composed : composed.trim();
}
