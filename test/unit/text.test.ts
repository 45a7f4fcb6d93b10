import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, textProblem } from '../../src/domain/text.js';

const chinese = /[\u4e00-\u9fa5]/;
const line = { multiline: false };
const free = { multiline: true };

// Every character the rules refuse, by kind.
const controls = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];
const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
const zeroWidth = [0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0xfeff];
const refused = [...controls, ...bidi, ...zeroWidth, 0xfffd];
const isRefused = (char: string, multiline: boolean) =>
  refused.includes(char.codePointAt(0)!) && !(multiline && '\t\n\r'.includes(char));

describe('textProblem()', () => {
  it('accepts ordinary Chinese and Latin text, and line breaks only in free text', () => {
    expect(textProblem('城关镇东街村党支部', line)).toBeNull();
    expect(textProblem('Zhang San · 张三 (2) – ok', line)).toBeNull();
    expect(textProblem('第一条\n第二条\r\n\t第三条', free)).toBeNull();
    expect(textProblem('第一条\n第二条', line)).toMatch(/U\+000A.*只能填一行/);
  });

  it.each([
    ['\u0000', '空字符'],
    ['\u0007', 'U+0007'],
    ['\u009b', 'U+009B'],
    ['\u202e', 'U+202E'],
    ['\u2067', 'U+2067'],
    ['\u200b', 'U+200B'],
    ['\ufeff', 'U+FEFF'],
    ['\ufffd', 'U+FFFD'],
  ])('names the problem of %j in Chinese, in names and free text alike', (char, named) => {
    for (const rules of [line, free]) {
      const problem = textProblem(`张${char}三`, rules);
      expect(problem).toContain(named);
      expect(problem).toMatch(chinese);
    }
  });

  it('refuses a string exactly when it holds a refused character', () => {
    const anyChar = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 3 }),
      fc.constantFrom(...refused.map((c) => String.fromCodePoint(c))),
    );
    fc.assert(
      fc.property(fc.array(anyChar, { maxLength: 8 }), fc.boolean(), (parts, multiline) => {
        const text = parts.join('');
        const expected = [...text].some((c) => isRefused(c, multiline));
        expect(textProblem(text, { multiline }) !== null).toBe(expected);
      }),
    );
  });
});

describe('normalizeText()', () => {
  it('stores the composed form, so equal-looking names are equal strings', () => {
    expect(normalizeText('e\u0301', line)).toBe('\u00e9');
    expect(normalizeText('\u00e9', free)).toBe('\u00e9');
  });

  it('trims one-line fields, so a pasted trailing tab is no problem, and keeps free text as written', () => {
    expect(normalizeText(' 同名党支部\t', line)).toBe('同名党支部');
    expect(textProblem(normalizeText('同名党支部\t\n', line), line)).toBeNull();
    expect(normalizeText('\t第一条\n', free)).toBe('\t第一条\n');
  });

  it('is idempotent, keeps what NFC keeps, and never turns accepted text into refused text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.boolean(), (text, multiline) => {
        const rules = { multiline };
        const once = normalizeText(text, rules);
        expect(normalizeText(once, rules)).toBe(once);
        expect(once).toBe(multiline ? text.normalize('NFC') : text.normalize('NFC').trim());
        if (textProblem(text, rules) === null) expect(textProblem(once, rules)).toBeNull();
      }),
    );
  });
});
