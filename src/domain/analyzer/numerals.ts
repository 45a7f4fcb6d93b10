// Chinese numerals as reports write counts: 二十五, 一百二十, 两千三百, 三万五千.

const digits: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const multipliers: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

export const chineseNumeralChars = '零〇一二两三四五六七八九十百千万';

/**
 * The value of a Chinese numeral, or null when the characters do not form one (三三, 十十, a lone 万).
 * Only counts are read: digit strings such as 二〇一〇 (a year) are not numerals of this kind.
 */
export function chineseNumeralValue(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastMultiplier = Infinity;
  for (const char of text) {
    if (char in digits) {
      if (digit !== null && digit !== 0) return null;
      digit = digits[char]!;
    } else if (char in multipliers) {
      const multiplier = multipliers[char]!;
      if (multiplier >= lastMultiplier) return null;
      section += (digit ?? 1) * multiplier;
      digit = null;
      lastMultiplier = multiplier;
    } else if (char === '万') {
      if (section === 0 && digit === null) return null;
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = null;
      lastMultiplier = Infinity;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}
